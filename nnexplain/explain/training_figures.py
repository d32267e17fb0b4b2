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
    """One line of the data panel: ``role`` is "fitted", "truth", "start", "given start",
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
    # The first epoch whose cost has come down 99 % of the way from the start to the
    # last epoch's (the figure chooses its epoch axis from it).
    settled: int = 0


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
        settled=settled_epoch(run.curve),
    )


def settled_epoch(curve) -> int:
    """The first epoch whose cost is within 1 % of the whole descent of the last cost."""
    finite = curve[np.isfinite(curve)]
    if finite.size < 2:
        return 0
    last, drop = float(finite[-1]), float(finite[0] - finite[-1])
    if not drop > 0:
        return int(finite.size - 1)
    return int(np.flatnonzero(finite - last <= 0.01 * drop)[0])


def _line_lines_drawn(o):
    p, run = o.problem, o.run
    # From x = 0 (or below), so the intercept b is in view.
    low, high = min(0.0, float(p.x.min())), max(0.0, float(p.x.max()))
    xs = np.array([low, high])
    grid = xs.reshape(-1, 1)
    start = "start" if p.start is None else "given start"  # --start
    lines = [DrawnLine(start, xs, gd.neuron_output(grid, o.start_w, o.start_b)),
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


# --- gradient descent as an animation ----------------------------------------------

# At most this many frames: every epoch of a short run, else epochs spaced evenly on
# a log scale (dense early, where the line moves most), as the descent path is.
MAX_FRAMES = 120


@dataclass(frozen=True)
class DescentFrames:
    """What the animation draws, one frame per epoch of ``epochs``: the data, the
    fitted line ŷ = w·x + b at that epoch (its two ends ``line_x``, heights
    ``line_y[k]``), (w, b) and the cost J there, on the cost landscape of the run.
    ``y_range``: the data panel's vertical extent, the same in every frame."""

    x: np.ndarray
    y: np.ndarray
    line_x: np.ndarray
    line_y: np.ndarray
    truth_y: np.ndarray | None
    epochs: np.ndarray
    w: np.ndarray
    b: np.ndarray
    cost: np.ndarray
    total_epochs: int
    y_range: tuple[float, float]
    landscape: Landscape

    @property
    def count(self) -> int:
        """How many frames."""
        return int(self.epochs.size)


def frame_epochs(epochs) -> tuple[int, ...]:
    """The epochs the animation shows: at most MAX_FRAMES, 0 and the last included."""
    return gd.path_epochs(epochs, most=MAX_FRAMES)


def descent_frames(outcome: Outcome) -> DescentFrames:
    """The run epoch by epoch for the animation (line task, one input x). The
    parameters come from the run's record, or from the same run again recording
    the frames' epochs (the same arithmetic, so the same numbers)."""
    p, run = outcome.problem, outcome.run
    wanted = np.array(frame_epochs(p.epochs), dtype=np.int64)
    kept = {int(e): i for i, e in enumerate(run.epochs)}
    if all(int(e) in kept for e in wanted):
        index = [kept[int(e)] for e in wanted]
        ws, bs, costs = run.ws[index, 0], run.bs[index], run.costs[index]
    else:
        again = gd.train_neuron(p.x, p.y, outcome.start_w, outcome.start_b, p.lr, p.epochs,
                                p.task, p.fit_bias, record=wanted.tolist())
        ws, bs, costs = again.ws[:, 0], again.bs, again.costs
    low, high = min(0.0, float(p.x.min())), max(0.0, float(p.x.max()))
    ends = np.array([low, high])
    heights = np.array([gd.neuron_output(ends.reshape(-1, 1), [w], b) for w, b in zip(ws, bs)])
    truth = None
    if p.source is None:
        truth = gd.neuron_output(ends.reshape(-1, 1), [gd.TRUE_W], gd.TRUE_B)
    shown = np.concatenate([p.y, heights.ravel(), [] if truth is None else truth])
    bottom, top = float(shown.min()), float(shown.max())
    pad = 0.05 * (top - bottom) or 0.5
    return DescentFrames(
        x=p.x[:, 0], y=p.y, line_x=ends, line_y=heights, truth_y=truth, epochs=wanted,
        w=ws, b=bs, cost=costs, total_epochs=p.epochs, y_range=(bottom - pad, top + pad),
        landscape=landscape(outcome))


# --- learning rates compared --------------------------------------------------------

# The learning rates compared, as multiples of the stability limit 2/λmax: far below
# it, half of it (1/λmax), at it, and just beyond it.
RATE_MULTIPLES = (("too small", 0.005), ("good", 0.5), ("at the edge", 1.0), ("diverging", 1.1))


@dataclass(frozen=True)
class RatePath:
    """One learning rate's descent from the run's start, over the run's epochs.

    ``multiple``: lr as a multiple of 2/λmax. ``stability``: the core's verdict
    ("stable", "edge", "unstable"). ``factor``: |1 − lr·λmax|, what one step
    multiplies the distance along the steepest direction by. ``arrived_at``: the
    first epoch whose cost is within the arrival threshold of the minimum (None if
    none). ``path_*``: the recorded points inside the map; ``leaves_at`` the first
    recorded epoch outside it and ``exit`` where the path crosses the map's edge."""

    name: str
    multiple: float
    lr: float
    stability: str
    factor: float
    path_epochs: np.ndarray
    path_w: np.ndarray
    path_b: np.ndarray
    start_cost: float
    final_cost: float
    last_epoch: int
    arrived_at: int | None
    diverged_at: int | None
    leaves_at: int | None = None
    exit: tuple[float, float] | None = None


@dataclass(frozen=True)
class RateComparison:
    """What ``--compare-rates`` draws: the cost landscape of the run's data and the
    paths of RATE_MULTIPLES × 2/λmax from the run's start, λmax the largest
    curvature of the cost (the run's diagnosis)."""

    w: np.ndarray
    b: np.ndarray
    cost: np.ndarray
    levels: np.ndarray
    minimum: tuple[float, float]
    minimum_cost: float
    lambda_max: float
    limit: float
    epochs: int
    threshold: float
    paths: tuple[RatePath, ...]
    bias_fixed: bool = False  # --no-bias: the paths and the minimum lie on b = 0


def learning_rates(outcome: Outcome) -> RateComparison:
    """Train from the run's start with each of the compared learning rates (line
    task, one input x) and lay the paths on one landscape."""
    from nnexplain.explain.training import arrival_threshold

    p, run, d = outcome.problem, outcome.run, outcome.diagnosis
    lambda_max = d.lambda_max
    limit = 2.0 / lambda_max
    record = gd.path_epochs(p.epochs)
    runs = []
    for name, multiple in RATE_MULTIPLES:
        lr = multiple * limit
        runs.append((name, multiple, lr, gd.train_neuron(
            p.x, p.y, outcome.start_w, outcome.start_b, lr, p.epochs, p.task, p.fit_bias,
            record=record)))
    best_w, best_b = outcome.optimum.w, outcome.optimum.b
    minimum = outcome.optimum.cost
    threshold = arrival_threshold(minimum, float(run.costs[0]))
    # The map covers every path that stays bounded, and the minimum.
    bounded = [r for _, _, _, r in runs if r.diverged_at is None
               and gd.stability(d.lambdas, r.lr) != "unstable"]
    ws = _span(np.concatenate([r.ws[:, 0] for r in bounded] + [best_w]))
    bs = _span(np.concatenate([r.bs for r in bounded] + [[best_b]]))
    # Levels from the lowest cost on the map (with a bias, below the b = 0 minimum).
    floor = minimum if outcome.with_bias is None else outcome.with_bias.cost
    grid, levels = _grid_and_levels(p, ws, bs, floor)
    paths = []
    for name, multiple, lr, r in runs:
        gaps = r.curve - minimum
        close = np.flatnonzero(gaps <= threshold)
        path_w, path_b, path_e = r.ws[:, 0], r.bs, r.epochs
        leaves_at, exit_point = None, None
        outside = np.flatnonzero((path_w < ws[0]) | (path_w > ws[-1]) | (path_b < bs[0]) | (path_b > bs[-1]))
        if outside.size:
            k = int(outside[0])
            exit_point = _edge_crossing((path_w[k - 1], path_b[k - 1]), (path_w[k], path_b[k]),
                                        (ws[0], ws[-1]), (bs[0], bs[-1]))
            leaves_at = int(path_e[k])
            path_w, path_b, path_e = path_w[:k], path_b[:k], path_e[:k]
        paths.append(RatePath(
            name=name, multiple=multiple, lr=lr, stability=gd.stability(d.lambdas, lr),
            factor=float(gd.step_factors([lambda_max], lr)[0]), path_epochs=path_e,
            path_w=path_w, path_b=path_b, start_cost=float(r.curve[0]), final_cost=float(r.curve[-1]),
            last_epoch=int(r.curve.size - 1), arrived_at=int(close[0]) if close.size else None,
            diverged_at=r.diverged_at, leaves_at=leaves_at, exit=exit_point))
    return RateComparison(w=ws, b=bs, cost=grid, levels=levels,
                          minimum=(float(best_w[0]), float(best_b)), minimum_cost=minimum,
                          lambda_max=lambda_max, limit=limit, epochs=p.epochs,
                          threshold=threshold, paths=tuple(paths), bias_fixed=not p.fit_bias)


def _grid_and_levels(p, ws, bs, low):
    """J on the grid, and filled-contour levels dense near the lowest cost ``low``."""
    grid = gd.cost_grid(p.x, p.y, ws, bs)
    high = float(grid.max())
    if high <= low:
        return grid, np.array([low, low + 1.0])
    return grid, low + (high - low) * np.concatenate([[0.0], np.geomspace(1e-4, 1.0, LEVELS - 1)])


def _edge_crossing(inside, outside, w_range, b_range):
    """Where the segment from ``inside`` (in the rectangle w_range × b_range) to
    ``outside`` crosses the rectangle's edge."""
    (w0, b0), (w1, b1) = inside, outside
    t = 1.0
    for start, end, (low, high) in ((w0, w1, w_range), (b0, b1, b_range)):
        if end > high:
            t = min(t, (high - start) / (end - start))
        elif end < low:
            t = min(t, (low - start) / (end - start))
    return float(w0 + t * (w1 - w0)), float(b0 + t * (b1 - b0))
