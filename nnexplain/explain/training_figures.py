"""What the training figures draw: the fitted line or decision boundary over the
data, the cost per epoch, and the cost landscape over (w, b) with the descent path.
Computed here (by the core) so the plot layer only draws."""

from dataclasses import dataclass

import numpy as np

from nnexplain.core import training as gd
from nnexplain.explain.training import Outcome

# Points along a drawn curve (σ over x); a straight line needs only its two ends.
CURVE_POINTS = 201
# The landscape's grid: this many values of w and of b.
GRID_POINTS = 201
# Filled contour levels of the landscape, spaced densely near the minimum.
LEVELS = 24


@dataclass(frozen=True)
class DrawnLine:
    """One line of the data panel: ``role`` is "fitted", "truth", "start",
    "boundary" or "probability" (σ(w·x + b) over x)."""

    role: str
    x: np.ndarray
    y: np.ndarray


@dataclass(frozen=True)
class TrainingPicture:
    """What ``--plot`` draws: the cost after every epoch and, for one input (or
    two, logistic), the data with the learned line or boundary. ``x`` is None
    when the data cannot be drawn in a plane (then only the cost is drawn)."""

    task: str
    epochs: np.ndarray
    cost: np.ndarray
    x: np.ndarray | None
    y: np.ndarray | None
    lines: tuple[DrawnLine, ...]
    fit_bias: bool
    learned_w: np.ndarray
    learned_b: float


def training_picture(outcome: Outcome) -> TrainingPicture:
    p, run, k = outcome.problem, outcome.run, outcome.problem.features
    drawable = (k == 1) or (p.task == "logistic" and k == 2)
    lines = ()
    if drawable and p.task == "line":
        lines = _line_lines_drawn(outcome)
    elif drawable:
        lines = _logistic_lines_drawn(outcome)
    return TrainingPicture(
        task=p.task,
        epochs=np.arange(run.curve.size),
        cost=run.curve,
        x=p.x if drawable else None,
        y=p.y if drawable else None,
        lines=lines,
        fit_bias=p.fit_bias,
        learned_w=run.w,
        learned_b=run.b,
    )


def _line_lines_drawn(o):
    p, run = o.problem, o.run
    # From x = 0 (or below), so the intercept b is in view.
    low, high = min(0.0, float(p.x.min())), max(0.0, float(p.x.max()))
    xs = np.array([low, high])
    grid = xs.reshape(-1, 1)
    lines = [DrawnLine("start", xs, gd.neuron_output(grid, o.start_w, o.start_b)),
             DrawnLine("fitted", xs, gd.neuron_output(grid, run.w, run.b))]
    if p.source is None:
        lines.append(DrawnLine("truth", xs, gd.neuron_output(grid, [gd.TRUE_W], gd.TRUE_B)))
    return tuple(lines)


def _logistic_lines_drawn(o):
    p, run = o.problem, o.run
    w, b = run.w, run.b
    if p.features == 1:
        xs = np.linspace(float(p.x.min()), float(p.x.max()), CURVE_POINTS)
        lines = [DrawnLine("probability", xs, gd.neuron_output(xs.reshape(-1, 1), w, b, "logistic"))]
        if w[0] != 0:
            (at,) = gd.decision_boundary(w, b)
            lines.append(DrawnLine("boundary", np.array([at, at]), np.array([0.0, 1.0])))
        return tuple(lines)
    x1 = np.array([float(p.x[:, 0].min()), float(p.x[:, 0].max())])
    x2 = np.array([float(p.x[:, 1].min()), float(p.x[:, 1].max())])
    if w[1] != 0:
        slope, intercept = gd.decision_boundary(w, b)
        return (DrawnLine("boundary", x1, slope * x1 + intercept),)
    if w[0] != 0:  # w₂ = 0: the boundary is the vertical line x₁ = −b/w₁
        at = float(-b / w[0])
        return (DrawnLine("boundary", np.array([at, at]), x2),)
    return ()


@dataclass(frozen=True)
class Landscape:
    """What ``--landscape`` draws: J(w, b) on a grid (rows: b, columns: w), the
    descent path at every recorded epoch, and the lowest point of the bowl.
    ``through_origin`` is the best w with b = 0 (for --no-bias runs)."""

    w: np.ndarray
    b: np.ndarray
    cost: np.ndarray
    levels: np.ndarray
    path_epochs: np.ndarray
    path_w: np.ndarray
    path_b: np.ndarray
    minimum: tuple[float, float]
    minimum_cost: float
    through_origin: float | None = None


def landscape(outcome: Outcome) -> Landscape:
    """The squared-loss cost over (w, b) around the minimum, for one input."""
    p, run = outcome.problem, outcome.run
    best_w, best_b = gd.least_squares(p.x, p.y, True)
    path_w, path_b = run.ws[:, 0], run.bs
    ws = _span(np.append(path_w, best_w[0]))
    bs = _span(np.append(path_b, best_b))
    grid = gd.cost_grid(p.x, p.y, ws, bs)
    low = gd.neuron_cost(p.x, p.y, best_w, best_b)
    high = float(grid.max())
    # Dense near the bottom of the bowl, where the path ends.
    levels = low + (high - low) * np.concatenate([[0.0], np.geomspace(1e-4, 1.0, LEVELS - 1)])
    return Landscape(
        w=ws, b=bs, cost=grid, levels=levels if high > low else np.array([low, low + 1.0]),
        path_epochs=run.epochs, path_w=path_w, path_b=path_b,
        minimum=(float(best_w[0]), best_b), minimum_cost=low,
        through_origin=None if p.fit_bias else float(outcome.optimum.w[0]),
    )


def _span(values):
    """GRID_POINTS values covering ``values`` with a margin of a quarter of their
    range on each side (at least 0.5)."""
    low, high = float(values.min()), float(values.max())
    margin = max(0.25 * (high - low), 0.5)
    return np.linspace(low - margin, high + margin, GRID_POINTS)
