"""Universal approximation, constructed: a one-hidden-layer ReLU network that is the
piecewise-linear interpolant of a function through N + 1 equally spaced knots.

With knots x₀ < x₁ < … < x_N and slopes sₖ = (f(xₖ₊₁) − f(xₖ)) / (xₖ₊₁ − xₖ),

    g(x) = f(x₀) + Σₖ₌₀^{N−1} cₖ·ReLU(x − xₖ),   c₀ = s₀,  cₖ = sₖ − sₖ₋₁,

for x ≥ x₀: N hidden units (weight 1, bias −xₖ), one per segment; unit k switches
on at xₖ and changes the slope there by cₖ. Nothing is trained: every weight is
computed. The network is a real ``core.network`` Layer stack.
"""

from dataclasses import dataclass

import numpy as np

from nnexplain.core.activations import relu
from nnexplain.core.arrays import sorted_unique
from nnexplain.core.network import layer, predict

FUNCTIONS = ("sin", "square", "abs", "step")
# The interval each function is traced on when none is given.
DEFAULT_INTERVALS = {
    "sin": (0.0, 2.0 * np.pi),
    "square": (-1.0, 1.0),
    "abs": (-1.0, 1.0),
    "step": (-1.0, 1.0),
}
# The grid the error is measured on: this many equally spaced points, plus every
# knot and every midpoint between two knots.
GRID_POINTS = 10_001
# The rows of the error table.
TABLE_UNITS = (2, 4, 8, 16, 32)
# The step function's error is counted as "large" above this.
STEP_THRESHOLD = 0.1


def target(name, x):
    """f(x): sin(x), x², |x|, or the step H(x) = 0 for x < 0, ½ at 0, 1 for x > 0."""
    x = np.asarray(x, dtype=np.float64)
    if name == "sin":
        return np.sin(x)
    if name == "square":
        return x * x
    if name == "abs":
        return np.abs(x)
    if name == "step":
        return np.heaviside(x, 0.5)
    raise ValueError(f"unknown function {name!r}; expected one of {', '.join(FUNCTIONS)}")


def max_second_derivative(name, a, b):
    """max |f''(x)| over [a, b], exactly; None where f has a kink or a jump in [a, b]
    (abs with a < 0 < b, step with a ≤ 0 ≤ b), where no such bound exists."""
    if name == "sin":
        # |f''| = |sin x| is 1 wherever x = π/2 + jπ lies in [a, b].
        j = np.ceil((a - np.pi / 2) / np.pi)
        if np.pi / 2 + j * np.pi <= b:
            return 1.0
        return float(max(abs(np.sin(a)), abs(np.sin(b))))
    if name == "square":
        return 2.0
    if name == "abs":
        return None if a < 0 < b else 0.0
    if name == "step":
        return None if a <= 0 <= b else 0.0
    raise ValueError(f"unknown function {name!r}")


def knots(a, b, n):
    """xₖ = a + (b − a)·k/N for k = 0 … N, the last exactly b."""
    k = np.arange(n + 1, dtype=np.float64)
    x = a + (b - a) * k / n
    x[-1] = b
    return x


def slopes(x, fx):
    """sₖ = (f(xₖ₊₁) − f(xₖ)) / (xₖ₊₁ − xₖ), one per segment."""
    return np.diff(fx) / np.diff(x)


def output_weights(s):
    """c₀ = s₀, cₖ = sₖ − sₖ₋₁: the change of slope each unit makes at its knot."""
    return np.concatenate(([s[0]], np.diff(s)))


@dataclass(frozen=True)
class Construction:
    """The network that traces f through the knots, and the numbers it is built from."""

    function: str
    a: float
    b: float
    x: np.ndarray  # the N + 1 knots
    fx: np.ndarray  # f at the knots
    s: np.ndarray  # the N slopes
    c: np.ndarray  # the N output weights
    layers: tuple  # (hidden ReLU layer 1 × N, identity output layer N × 1)

    @property
    def units(self) -> int:
        return self.c.size

    @property
    def h(self) -> float:
        """The knot spacing (b − a)/N."""
        return (self.b - self.a) / self.units

    @property
    def hidden_weights(self) -> np.ndarray:
        return self.layers[0].W[0]

    @property
    def hidden_biases(self) -> np.ndarray:
        return self.layers[0].b

    @property
    def output_bias(self) -> float:
        return float(self.layers[1].b[0])


def construct(name, a, b, n) -> Construction:
    """The one-hidden-layer ReLU network with N units whose output is the
    piecewise-linear interpolant of f through N + 1 equally spaced knots on [a, b]:
    hidden weights 1, hidden biases −xₖ (k < N), output weights cₖ, output bias f(x₀)."""
    x = knots(a, b, n)
    fx = target(name, x)
    s = slopes(x, fx)
    c = output_weights(s)
    hidden = layer(np.ones((1, n)), -x[:-1], "relu")
    output = layer(c.reshape(n, 1), [fx[0]], "identity")
    return Construction(name, float(a), float(b), x, fx, s, c, (hidden, output))


def network_output(construction, x):
    """g(x) through ``core.network``: the Layer stack evaluated on each x."""
    x = np.asarray(x, dtype=np.float64)
    return predict(construction.layers, x.reshape(-1, 1))[:, 0]


def direct_output(construction, x):
    """g(x) = f(x₀) + Σₖ cₖ·ReLU(x − xₖ), written out term by term."""
    x = np.asarray(x, dtype=np.float64)
    return construction.fx[0] + unit_contributions(construction, x).sum(axis=0)


def unit_contributions(construction, x):
    """cₖ·ReLU(x − xₖ) for each unit k (rows) at each x (columns)."""
    x = np.asarray(x, dtype=np.float64)
    return construction.c[:, None] * relu(x[None, :] - construction.x[:-1, None])


def kinks(name, a, b):
    """Where f itself has a corner inside (a, b): |x| at 0; none otherwise."""
    return np.array([0.0]) if name == "abs" and a < 0 < b else np.empty(0)


def error_grid(a, b, x_knots, points=GRID_POINTS, extra=()):
    """The sorted, distinct points the error is measured at: ``points`` equally spaced
    on [a, b], every knot, every midpoint between neighbouring knots, and ``extra``
    (f's own kinks, where the largest error of a corner-cutting segment sits)."""
    grid = np.linspace(a, b, points)
    middles = (x_knots[:-1] + x_knots[1:]) / 2
    return sorted_unique(np.concatenate((grid, x_knots, middles, np.asarray(extra, dtype=np.float64))))


@dataclass(frozen=True)
class ErrorReport:
    """|f − g| on the error grid: its largest value and where, the largest miss at
    the knots, and how long a stretch of [a, b] has an error above a threshold."""

    grid: np.ndarray
    error: np.ndarray  # |f − g| at each grid point
    max_error: float
    max_error_at: float
    knot_error: float  # max |g(xₖ) − f(xₖ)|
    wide: float  # measure of {x : |f − g| > STEP_THRESHOLD}, from the grid


def error_report(construction, points=GRID_POINTS) -> ErrorReport:
    """How far the network is from f, measured through ``core.network``."""
    grid = error_grid(construction.a, construction.b, construction.x, points,
                      kinks(construction.function, construction.a, construction.b))
    error = np.abs(target(construction.function, grid) - network_output(construction, grid))
    worst = int(np.argmax(error))
    knot_error = float(np.max(np.abs(network_output(construction, construction.x) - construction.fx)))
    return ErrorReport(grid, error, float(error[worst]), float(grid[worst]), knot_error,
                       wide_measure(grid, error, STEP_THRESHOLD))


def wide_measure(grid, error, threshold):
    """The total length of the grid's intervals whose two ends both have an error
    above ``threshold`` plus half of those with one end above it (the trapezoid rule
    on the indicator): the length of {x : error > threshold} to within the spacing."""
    above = (error > threshold).astype(np.float64)
    return float(np.sum(np.diff(grid) * (above[:-1] + above[1:]) / 2))


@dataclass(frozen=True)
class ErrorRow:
    """One row of the error table."""

    units: int
    h: float
    max_error: float
    bound: float | None  # h²/8·max|f''|, when f is twice differentiable on [a, b]
    wide: float
    knot_at_zero: bool  # some knot is exactly 0


def error_table(name, a, b, units=TABLE_UNITS, points=GRID_POINTS) -> tuple[ErrorRow, ...]:
    """The error for each N in ``units``: the maximum on the grid, the bound
    h²/8·max|f''| of linear interpolation where it exists, and the width where
    |f − g| > STEP_THRESHOLD."""
    second = max_second_derivative(name, a, b)
    rows = []
    for n in units:
        built = construct(name, a, b, n)
        report = error_report(built, points)
        h = built.h
        bound = None if second is None else interpolation_bound(h, second)
        rows.append(ErrorRow(n, h, report.max_error, bound, report.wide, bool(np.any(built.x == 0))))
    return tuple(rows)


def interpolation_bound(h, second):
    """max |f − g| ≤ h²/8·max|f''| for linear interpolation on knots h apart."""
    return h * h / 8 * second
