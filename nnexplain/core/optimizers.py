"""Optimisers on problems with two parameters, with PyTorch's update rules.

Each optimiser follows ``torch.optim``'s single-tensor algorithm with its default
flags (no weight decay, dampening 0, not centred, no AMSGrad, not maximising), and
performs the same float64 operations in the same order, so every step agrees with
torch.optim to rounding (tests/reference/optimizers.json):

* ``sgd``: θ ← θ − lr·g (``torch.optim.SGD``, momentum 0);
* ``momentum``: v ← μ·v + g (v = g on the first step), θ ← θ − lr·v
  (``SGD(momentum=μ)``);
* ``nesterov``: v as above, θ ← θ − lr·(g + μ·v) (``SGD(momentum=μ, nesterov=True)``);
* ``rmsprop``: s ← α·s + (1 − α)·g², θ ← θ − lr·g/(√s + ε) (``RMSprop``);
* ``adam``: m ← m + (1 − β₁)·(g − m), v ← β₂·v + (1 − β₂)·g²,
  θ ← θ − (lr/(1 − β₁ᵗ))·m/(√v/√(1 − β₂ᵗ) + ε) (``Adam``).

Three problems, each a cost J(θ) of θ = (θ₁, θ₂) with a known minimum:

* ``line``: the ``train`` command's line task (w, b) on its default data;
* ``bowl``: J = ½·(a·x² + c·y²), a = 1, c = 25 (condition number 25);
* ``rosenbrock``: J = (1 − x)² + 100·(y − x²)², a narrow curved valley.
"""

import functools
import math
from dataclasses import dataclass, field

import numpy as np

from nnexplain.core.training import (
    DEFAULT_SEED,
    least_squares,
    line_data,
    neuron_cost,
    neuron_gradient,
    starting_parameters,
)

PROBLEMS = ("line", "bowl", "rosenbrock")
OPTIMIZERS = ("sgd", "momentum", "nesterov", "rmsprop", "adam")
MAX_STEPS = 100_000

# torch.optim's defaults (SGD has no default momentum; 0.9 is the usual choice).
DEFAULT_MOMENTUM = 0.9
DEFAULT_ALPHA = 0.99
DEFAULT_BETA1 = 0.9
DEFAULT_BETA2 = 0.999
DEFAULT_EPS = 1e-8

# The line task's data: the ``train`` command's defaults.
LINE_EXAMPLES = 50
LINE_NOISE = 0.5

BOWL_A = 1.0
BOWL_C = 25.0
ROSENBROCK_A = 1.0
ROSENBROCK_B = 100.0

# Starting points (the line task starts where ``train`` starts for the default seed).
STARTS = {"bowl": (-4.0, 1.0), "rosenbrock": (-1.5, 2.0)}

# Default learning rate per problem and optimiser: round values near the fastest
# that does not diverge on that problem (plain SGD on the bowl must stay below
# 2/c = 0.08). Momentum's steps add up to about lr/(1 − μ) = 10·lr on a steady
# slope, so its defaults are smaller than plain SGD's. On Rosenbrock plain SGD gets
# 0.001: from 0.002 it reaches the target sooner only by leaping across the valley
# and back, which hides what the problem shows (a slow crawl along the floor).
DEFAULT_LRS = {
    "line": {"sgd": 0.1, "momentum": 0.01, "nesterov": 0.01, "rmsprop": 0.05, "adam": 0.1},
    "bowl": {"sgd": 0.05, "momentum": 0.005, "nesterov": 0.005, "rmsprop": 0.05, "adam": 0.2},
    "rosenbrock": {"sgd": 0.001, "momentum": 0.001, "nesterov": 0.001, "rmsprop": 0.005,
                   "adam": 0.1},
}  # fmt: skip
DEFAULT_STEPS = {"line": 200, "bowl": 200, "rosenbrock": 2000}
# Default target: a cost this close to the problem's minimum cost.
DEFAULT_TARGET_GAP = 1e-3


# --- the problems -----------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _line():
    x, y = line_data(LINE_EXAMPLES, LINE_NOISE, DEFAULT_SEED)
    return x, y


def problem_cost(problem, theta) -> float:
    """J(θ) for θ = (θ₁, θ₂)."""
    t1, t2 = float(theta[0]), float(theta[1])
    if problem == "line":
        x, y = _line()
        return neuron_cost(x, y, np.array([t1]), t2)
    with np.errstate(over="ignore", invalid="ignore"):
        if problem == "bowl":
            return 0.5 * (BOWL_A * t1 * t1 + BOWL_C * t2 * t2)
        if problem == "rosenbrock":
            u, v = ROSENBROCK_A - t1, t2 - t1 * t1
            return u * u + ROSENBROCK_B * (v * v)
    raise ValueError(f"unknown problem {problem!r}")


def problem_gradient(problem, theta) -> np.ndarray:
    """∇J(θ) = (∂J/∂θ₁, ∂J/∂θ₂) as a float64 array."""
    t1, t2 = float(theta[0]), float(theta[1])
    if problem == "line":
        x, y = _line()
        dw, db = neuron_gradient(x, y, np.array([t1]), t2)
        return np.array([float(dw[0]), db])
    with np.errstate(over="ignore", invalid="ignore"):
        if problem == "bowl":
            return np.array([BOWL_A * t1, BOWL_C * t2])
        if problem == "rosenbrock":
            valley = t2 - t1 * t1
            return np.array([-2.0 * (ROSENBROCK_A - t1) - 4.0 * ROSENBROCK_B * t1 * valley,
                             2.0 * ROSENBROCK_B * valley])
    raise ValueError(f"unknown problem {problem!r}")


def cost_grid(problem, xs, ys) -> np.ndarray:
    """J on a grid: ``grid[i, j]`` = J(xs[j], ys[i]) (rows follow the second parameter)."""
    t1, t2 = np.meshgrid(np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64))
    with np.errstate(over="ignore", invalid="ignore"):
        if problem == "line":
            x, y = _line()
            r = t1[..., None] * x[:, 0] + t2[..., None] - y
            return np.mean(r * r, axis=-1)
        if problem == "bowl":
            return 0.5 * (BOWL_A * t1 * t1 + BOWL_C * t2 * t2)
        u, v = ROSENBROCK_A - t1, t2 - t1 * t1
        return u * u + ROSENBROCK_B * (v * v)


def problem_minimum(problem) -> np.ndarray:
    """θ* where J is smallest: least squares for the line, (0, 0) for the bowl,
    (a, a²) = (1, 1) for Rosenbrock."""
    if problem == "line":
        x, y = _line()
        w, b = least_squares(x, y)
        return np.array([float(w[0]), b])
    if problem == "bowl":
        return np.array([0.0, 0.0])
    return np.array([ROSENBROCK_A, ROSENBROCK_A ** 2])


def problem_start(problem) -> np.ndarray:
    """The default starting point θ₀."""
    if problem == "line":
        w, b = starting_parameters(1, DEFAULT_SEED)
        return np.array([float(w[0]), b])
    return np.array(STARTS[problem], dtype=np.float64)


def problem_hessian(problem, theta=None) -> np.ndarray:
    """∇²J: constant for the line and the bowl; at θ for Rosenbrock."""
    if problem == "line":
        from nnexplain.core.training import cost_hessian

        x, _ = _line()
        return cost_hessian(x)
    if problem == "bowl":
        return np.diag([BOWL_A, BOWL_C])
    t1, t2 = (float(v) for v in (theta if theta is not None else problem_minimum(problem)))
    b = ROSENBROCK_B
    return np.array([[2.0 - 4.0 * b * (t2 - t1 * t1) + 8.0 * b * t1 * t1, -4.0 * b * t1],
                     [-4.0 * b * t1, 2.0 * b]])


# --- the optimisers ---------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """One optimiser's hyper-parameters (only those it uses matter)."""

    optimizer: str
    lr: float
    momentum: float = DEFAULT_MOMENTUM
    alpha: float = DEFAULT_ALPHA
    beta1: float = DEFAULT_BETA1
    beta2: float = DEFAULT_BETA2
    eps: float = DEFAULT_EPS


@dataclass(frozen=True)
class Trajectory:
    """A run of one optimiser: ``params[t]`` and ``costs[t]`` are θ and J before
    update t + 1 (row 0 is the start); ``grads[t]`` is the gradient update t + 1
    used and ``state[name][t]`` the optimiser's state after that update
    ("velocity"; "square_avg", "denominator"; "m", "v", "bias_correction1",
    "bias_correction2", "m_hat", "v_hat", "step_size", "denominator"), and
    ``deltas[t]`` the change it made to θ. ``diverged_at`` is the first step whose
    cost was not finite (the run stopped there)."""

    problem: str
    settings: Settings
    params: np.ndarray
    costs: np.ndarray
    grads: np.ndarray
    deltas: np.ndarray
    state: dict = field(default_factory=dict)
    diverged_at: int | None = None

    @property
    def steps(self) -> int:
        return len(self.costs) - 1

    def steps_to(self, target) -> int | None:
        """The first step t with J(θ_t) ≤ target (0: the start already is), or None."""
        reached = np.flatnonzero(self.costs <= target)
        return int(reached[0]) if reached.size else None


def _sgd(params, grad, state, s, t):
    """torch.optim.SGD, _single_tensor_sgd: param.add_(grad, alpha=−lr)."""
    return params + (-s.lr) * grad


def _momentum(params, grad, state, s, t, nesterov=False):
    """torch.optim.SGD with momentum: buf = grad.clone() on the first step, else
    buf.mul_(μ).add_(grad); nesterov: grad.add(buf, alpha=μ), else grad = buf;
    param.add_(grad, alpha=−lr)."""
    buf = state.get("velocity")
    buf = grad.copy() if buf is None else buf * s.momentum + grad
    state["velocity"] = buf
    direction = grad + s.momentum * buf if nesterov else buf
    return params + (-s.lr) * direction


def _rmsprop(params, grad, state, s, t):
    """torch.optim.RMSprop: square_avg.mul_(α).addcmul_(g, g, value=1 − α);
    avg = square_avg.sqrt().add_(eps); param.addcdiv_(g, avg, value=−lr)."""
    square_avg = state.get("square_avg", np.zeros(2))
    square_avg = square_avg * s.alpha + ((1 - s.alpha) * grad) * grad
    state["square_avg"] = square_avg
    avg = np.sqrt(square_avg) + s.eps
    state["denominator"] = avg
    return params + ((-s.lr) * grad) / avg


def _lerp(start, end, weight):
    """torch.lerp's formula: start + w·(end − start) for |w| < 0.5, else
    end − (end − start)·(1 − w)."""
    diff = end - start
    if abs(weight) < 0.5:
        return start + weight * diff
    return end - diff * (1 - weight)


def _adam(params, grad, state, s, t):
    """torch.optim.Adam (_single_tensor_adam, not capturable): exp_avg.lerp_(g, 1 − β₁);
    exp_avg_sq.mul_(β₂).addcmul_(g, g, value=1 − β₂); bias_correction1 = 1 − β₁**t,
    bias_correction2 = 1 − β₂**t; step_size = lr / bias_correction1;
    denom = exp_avg_sq.sqrt() / bias_correction2**0.5 + eps;
    param.addcdiv_(exp_avg, denom, value=−step_size)."""
    m = _lerp(state.get("m", np.zeros(2)), grad, 1 - s.beta1)
    v = state.get("v", np.zeros(2)) * s.beta2 + ((1 - s.beta2) * grad) * grad
    step = float(t)
    bias_correction1 = 1 - s.beta1 ** step
    bias_correction2 = 1 - s.beta2 ** step
    step_size = s.lr / bias_correction1
    bias_correction2_sqrt = bias_correction2 ** 0.5
    denom = np.sqrt(v) / bias_correction2_sqrt + s.eps
    state.update(m=m, v=v, bias_correction1=bias_correction1, bias_correction2=bias_correction2,
                 m_hat=m / bias_correction1, v_hat=v / bias_correction2, step_size=step_size,
                 denominator=denom)
    return params + ((-step_size) * m) / denom


_RULES = {
    "sgd": _sgd,
    "momentum": _momentum,
    "nesterov": lambda p, g, st, s, t: _momentum(p, g, st, s, t, nesterov=True),
    "rmsprop": _rmsprop,
    "adam": _adam,
}


def optimize(problem, settings: Settings, steps, start=None) -> Trajectory:
    """Run ``steps`` updates of one optimiser from ``start`` (the problem's default
    start when None). Stops early at the first non-finite cost or gradient."""
    if settings.optimizer not in _RULES:
        raise ValueError(f"unknown optimizer {settings.optimizer!r}")
    rule = _RULES[settings.optimizer]
    theta = np.array(problem_start(problem) if start is None else start, dtype=np.float64)
    params, costs, grads, deltas = [theta], [problem_cost(problem, theta)], [], []
    state: dict = {}
    kept: dict[str, list] = {}
    diverged_at = None if math.isfinite(costs[0]) else 0
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        for t in range(1, steps + 1):
            if diverged_at is not None:
                break
            grad = problem_gradient(problem, theta)
            new = rule(theta, grad, state, settings, t)
            for name, value in state.items():
                kept.setdefault(name, []).append(np.array(value, dtype=np.float64))
            grads.append(grad)
            deltas.append(new - theta)
            theta = new
            params.append(theta)
            costs.append(problem_cost(problem, theta))
            if not (math.isfinite(costs[-1]) and np.all(np.isfinite(theta))):
                diverged_at = t
    return Trajectory(
        problem=problem, settings=settings, params=np.array(params),
        costs=np.array(costs, dtype=np.float64), grads=np.array(grads).reshape(-1, 2),
        deltas=np.array(deltas).reshape(-1, 2),
        state={name: np.array(values) for name, values in kept.items()}, diverged_at=diverged_at,
    )  # fmt: skip


def distance(a, b) -> float:
    """‖a − b‖, the straight-line distance between two points."""
    with np.errstate(over="ignore", invalid="ignore"):
        return float(np.hypot(*(np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64))))


def sampled_steps(steps, diverged_at=None):
    """0, 1, 2, 5, 10, 20, 50, … and the last step: the steps a table shows."""
    from nnexplain.core.training import table_epochs

    last = steps if diverged_at is None else diverged_at
    return table_epochs(last)
