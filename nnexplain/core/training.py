"""Training one neuron with plain gradient descent, vectorised over examples.

Two tasks, each a neuron ŷ = f(x·w + b) with the loss that suits it:

* ``line``: identity activation and squared loss (linear regression), on noisy
  data from y = 2x + 1;
* ``logistic``: sigmoid activation and log loss (logistic regression), on two
  Gaussian clusters labelled 0 and 1.

All randomness comes from ``numpy.random.default_rng(seed)``: its two spawned
streams give the data and the starting parameters, so the starting point depends
on the seed alone (not on how many examples are drawn). Mini-batch training
shuffles the examples with a third spawned stream (``shuffle_stream``), so the
order of the batches depends neither on the data drawn nor on the start.
"""

import math
from dataclasses import dataclass

import numpy as np

from nnexplain.core.activations import activate
from nnexplain.core.arrays import sorted_unique
from nnexplain.core.losses import cost

DEFAULT_SEED = 42

# The line the generated data follow: y = TRUE_W·x + TRUE_B + noise.
TRUE_W = 2.0
TRUE_B = 1.0
# x is drawn uniformly from this interval. Starting at 0 puts the intercept at
# the edge of the data, where a line forced through (0, 0) visibly misses it.
LINE_X_RANGE = (0.0, 2.0)

# Two classes of two features each: normal clouds around these centres with this
# standard deviation; class 1 lies up and to the right of class 0.
LOGISTIC_CENTRES = ((1.0, 1.0), (3.0, 2.5))
LOGISTIC_SPREAD = 0.6

# Starting weights and bias are drawn uniformly from this interval.
START_RANGE = (-1.0, 1.0)

# task -> (activation, loss, factor k in ∂J/∂z = k·(ŷ − y)/m)
TASKS = {"line": ("identity", "squared", 2.0), "logistic": ("sigmoid", "log", 1.0)}


def _streams(seed):
    """Two independent generators from one seed: (data, starting parameters)."""
    data, start = np.random.default_rng(seed).spawn(2)
    return data, start


def shuffle_stream(seed=DEFAULT_SEED):
    """The generator that shuffles the examples before each mini-batch epoch: the
    third stream spawned from ``default_rng(seed)`` (the first two give the data and
    the start), independent of both."""
    return np.random.default_rng(seed).spawn(3)[2]


def epoch_order(rng, m):
    """The order in which one epoch visits the m examples: ``rng.permutation(m)``."""
    return rng.permutation(m)


def batch_slices(m, batch_size):
    """(start, stop) of each mini-batch of an epoch: ceil(m/B) consecutive slices of
    the shuffled examples, the last one smaller when B does not divide m."""
    return tuple((start, min(start + batch_size, m)) for start in range(0, m, batch_size))


def line_data(n, noise, seed=DEFAULT_SEED):
    """x ~ U(LINE_X_RANGE), y = 2x + 1 + ε with ε ~ N(0, noise²): x as (n, 1), y as (n,)."""
    rng, _ = _streams(seed)
    x = rng.uniform(*LINE_X_RANGE, size=n)
    # + 0.0 turns −0.0 into 0.0, which NumPy's normal() would reject as negative.
    y = TRUE_W * x + TRUE_B + rng.normal(0.0, float(noise) + 0.0, size=n)
    return x.reshape(n, 1), y


def logistic_data(n, seed=DEFAULT_SEED):
    """Labels alternating 0, 1, 0, 1, … (both classes for any n ≥ 2); the two
    features of each example ~ N(its class's centre, LOGISTIC_SPREAD²)."""
    rng, _ = _streams(seed)
    y = (np.arange(n) % 2).astype(np.float64)
    centres = np.asarray(LOGISTIC_CENTRES, dtype=np.float64)
    x = centres[y.astype(int)] + rng.normal(0.0, LOGISTIC_SPREAD, size=(n, 2))
    return x, y


def starting_parameters(n_features, seed=DEFAULT_SEED, fit_bias=True):
    """Random w (one per feature) and b, each ~ U(START_RANGE); b = 0 without a bias."""
    _, rng = _streams(seed)
    w = rng.uniform(*START_RANGE, size=n_features)
    b = float(rng.uniform(*START_RANGE))
    return w, (b if fit_bias else 0.0)


# --- one neuron: output, cost, gradient --------------------------------------------


def neuron_output(x, w, b, task="line"):
    """ŷ = f(x·w + b) for every example (rows of x)."""
    activation, _, _ = TASKS[task]
    return activate(activation, np.asarray(x, dtype=np.float64) @ np.asarray(w, dtype=np.float64) + b)


def neuron_cost(x, y, w, b, task="line") -> float:
    """J(w, b) = (1/m)·Σ L(yᵢ, ŷᵢ): the same cost as the ``cost`` command."""
    _, loss, _ = TASKS[task]
    with np.errstate(over="ignore", invalid="ignore"):
        return float(cost(y, neuron_output(x, w, b, task), loss=loss))


def neuron_gradient(x, y, w, b, task="line"):
    """(∂J/∂w, ∂J/∂b) of the mean cost: ∂J/∂w = (k/m)·Σ (ŷᵢ − yᵢ)·xᵢ and
    ∂J/∂b = (k/m)·Σ (ŷᵢ − yᵢ), k = 2 for squared loss with the identity, 1 for
    log loss with the sigmoid (σ' cancels the log loss's denominator)."""
    x = np.asarray(x, dtype=np.float64)
    _, _, factor = TASKS[task]
    dz = (neuron_output(x, w, b, task) - y) * (factor / x.shape[0])
    return x.T @ dz, float(dz.sum())


def accuracy(x, y, w, b) -> float:
    """The fraction of examples whose class, ŷ ≥ 0.5 (that is, x·w + b ≥ 0), equals y."""
    z = np.asarray(x, dtype=np.float64) @ np.asarray(w, dtype=np.float64) + b
    return float(np.mean((z >= 0.0) == (np.asarray(y) == 1.0)))


# --- gradient descent -----------------------------------------------------------------


@dataclass(frozen=True)
class Training:
    """A gradient-descent run: parameters and cost at the recorded epochs, the
    cost after every epoch, and where it stopped.

    ``epochs[k]``, ``ws[k]``, ``bs[k]``, ``costs[k]``: epoch (0 = the start) and the
    parameters and cost before that epoch's update. ``curve[e]`` is the cost at
    epoch e for every epoch run. ``diverged_at`` is the first epoch whose cost was
    not finite (training stopped there; it is the last entry of ``curve``).
    """

    task: str
    lr: float
    fit_bias: bool
    epochs: np.ndarray
    ws: np.ndarray
    bs: np.ndarray
    costs: np.ndarray
    curve: np.ndarray
    diverged_at: int | None = None
    # Mini-batch runs: the batch size (None: full batch) and, when asked for, the
    # full-data cost J after every update (index 0: the start).
    batch_size: int | None = None
    update_curve: np.ndarray | None = None

    @property
    def w(self) -> np.ndarray:
        """The last recorded weights (the final ones when the run completed)."""
        return self.ws[-1]

    @property
    def b(self) -> float:
        return float(self.bs[-1])

    @property
    def final_cost(self) -> float:
        return float(self.costs[-1])


def train_neuron(x, y, w, b, lr, epochs, task="line", fit_bias=True, record=(),
                 progress=None, progress_every=1, batch_size=None, seed=DEFAULT_SEED,
                 update_costs=False):
    """Plain gradient descent on the mean cost, ``epochs`` updates
    w ← w − lr·∂J/∂w and b ← b − lr·∂J/∂b, each over every example at once.

    ``record``: epochs at which to keep (w, b, cost); 0 and the last epoch are
    always kept. ``progress(epoch)`` is called every ``progress_every`` epochs (a
    progress bar, say). Stops at the first epoch whose cost is inf or nan.

    ``batch_size`` B below m: mini-batch gradient descent (B = 1: stochastic).
    Each epoch shuffles the examples (``shuffle_stream(seed)``, ``epoch_order``)
    and makes ceil(m/B) updates, each with the mean gradient over one slice of B
    examples (``batch_slices``: the last smaller when B does not divide m). The
    cost kept per epoch is still the full-data J after the epoch's updates;
    ``update_costs`` also keeps J after every update (``update_curve``). None or
    B = m is full-batch gradient descent, exactly as without it (no shuffle).
    """
    m_all = np.shape(y)[0]
    if batch_size is not None and batch_size < m_all:
        return _train_minibatch(x, y, w, b, lr, epochs, task, fit_bias, record, progress,
                                progress_every, int(batch_size), seed, update_costs)
    x = np.ascontiguousarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    w = np.array(w, dtype=np.float64)
    b = float(b) if fit_bias else 0.0
    activation, loss, factor = TASKS[task]
    m = y.shape[0]
    scale, xt = factor / m, x.T
    wanted = sorted({0, epochs, *(e for e in record if 0 <= e <= epochs)})
    kept_epochs, kept_w, kept_b, kept_cost = [], [], [], []
    curve = np.empty(epochs + 1)
    is_label_1 = y == 1.0
    next_keep, keep_index = wanted[0], 0
    diverged_at = None
    # Overflow is expected when the learning rate is too large; the finite-cost
    # check below reports it, so NumPy need not warn.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for epoch in range(epochs + 1):
            z = x @ w
            z += b
            y_hat = z if activation == "identity" else activate(activation, z)
            r = y_hat - y  # ŷ − y: the error, and (times k/m) ∂J/∂z
            keep = epoch == next_keep
            # A kept cost is the core's own, so it matches the ``cost`` command.
            curve[epoch] = float(cost(y, y_hat, loss=loss)) if keep else \
                _fast_cost(r, y_hat, is_label_1, loss, m)
            if not math.isfinite(curve[epoch]):
                diverged_at = epoch
                curve = curve[: epoch + 1]
                break
            if keep:
                kept_epochs.append(epoch)
                kept_w.append(w.copy())
                kept_b.append(b)
                kept_cost.append(curve[epoch])
                keep_index += 1
                next_keep = wanted[keep_index] if keep_index < len(wanted) else -1
            if epoch == epochs:
                break
            if progress is not None and epoch % progress_every == 0:
                progress(epoch)
            r *= scale
            w -= lr * (xt @ r)
            if fit_bias:
                b -= lr * float(r.sum())
    if progress is not None:
        progress(len(curve) - 1)
    return Training(
        task=task, lr=float(lr), fit_bias=fit_bias,
        epochs=np.array(kept_epochs, dtype=np.int64), ws=np.array(kept_w).reshape(-1, w.size),
        bs=np.array(kept_b, dtype=np.float64), costs=np.array(kept_cost, dtype=np.float64),
        curve=curve, diverged_at=diverged_at,
    )  # fmt: skip


def _train_minibatch(x, y, w, b, lr, epochs, task, fit_bias, record, progress, progress_every,
                     batch_size, seed, update_costs):
    """``train_neuron`` with mini-batches of ``batch_size`` < m examples."""
    x = np.ascontiguousarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    w = np.array(w, dtype=np.float64)
    b = float(b) if fit_bias else 0.0
    activation, loss, factor = TASKS[task]
    identity = activation == "identity"
    m = y.shape[0]
    rng = shuffle_stream(seed)
    slices = batch_slices(m, batch_size)
    # The factor k/|batch| of each slice's mean gradient, computed once.
    scales = [factor / (stop - start) for start, stop in slices]
    wanted = set(sorted({0, epochs, *(e for e in record if 0 <= e <= epochs)}))
    kept_epochs, kept_w, kept_b, kept_cost = [], [], [], []
    curve = np.empty(epochs + 1)
    is_label_1 = y == 1.0
    updates = np.empty(epochs * len(slices) + 1) if update_costs else None
    done = 0
    add = np.add.reduce  # Σ without ndarray.sum's Python wrapper: same sum, faster
    diverged_at = None

    def full_cost(core):
        z = x @ w
        z += b
        y_hat = z if identity else activate(activation, z)
        if core:
            return float(cost(y, y_hat, loss=loss))
        return _fast_cost(y_hat - y, y_hat, is_label_1, loss, m)

    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for epoch in range(epochs + 1):
            keep = epoch in wanted
            # The start's cost is the core's own (as the ``cost`` command computes it);
            # later epochs take the fast form, equal to it up to rounding (the epoch
            # loop would otherwise spend a third of its time there).
            curve[epoch] = full_cost(epoch == 0)
            if update_costs and epoch == 0:
                updates[0] = curve[0]
            if not math.isfinite(curve[epoch]):
                diverged_at = epoch
                curve = curve[: epoch + 1]
                if update_costs:
                    updates = updates[: done + 1]
                break
            if keep:
                kept_epochs.append(epoch)
                kept_w.append(w.copy())
                kept_b.append(b)
                kept_cost.append(curve[epoch])
            if epoch == epochs:
                break
            if progress is not None and epoch % progress_every == 0:
                progress(epoch)
            order = epoch_order(rng, m)
            xs, ys = x[order], y[order]  # one gather per epoch; then contiguous slices
            for (start, stop), scale in zip(slices, scales):
                xb = xs[start:stop]
                z = xb @ w
                z += b
                r = z if identity else activate(activation, z)
                r -= ys[start:stop]
                r *= scale
                w -= lr * (xb.T @ r)
                if fit_bias:
                    b -= lr * float(add(r))
                if update_costs:
                    done += 1
                    updates[done] = full_cost(False)
    if progress is not None:
        progress(len(curve) - 1)
    return Training(
        task=task, lr=float(lr), fit_bias=fit_bias,
        epochs=np.array(kept_epochs, dtype=np.int64), ws=np.array(kept_w).reshape(-1, w.size),
        bs=np.array(kept_b, dtype=np.float64), costs=np.array(kept_cost, dtype=np.float64),
        curve=curve, diverged_at=diverged_at, batch_size=batch_size, update_curve=updates,
    )  # fmt: skip


def _fast_cost(r, y_hat, is_label_1, loss, m):
    """The cost from what the update already has, in one or two passes: Σ r²/m for
    squared loss; −(1/m)·Σ ln(ŷ or 1 − ŷ, whichever is the label's probability) for
    log loss. Agrees with ``core.cost`` to rounding (a test checks)."""
    if loss == "squared":
        return float(r @ r) / m
    return -float(np.sum(np.log(np.where(is_label_1, y_hat, 1.0 - y_hat)))) / m


def table_epochs(epochs):
    """0, then 1, 2, 5, 10, 20, 50, … up to ``epochs``, then ``epochs`` itself:
    round numbers, dense early where the cost falls fastest (at most 20 for up
    to a million epochs)."""
    chosen, scale = [0], 1
    while scale <= epochs:
        chosen += [k * scale for k in (1, 2, 5) if k * scale <= epochs]
        scale *= 10
    return tuple(sorted({*chosen, epochs}))


def path_epochs(epochs, most=400):
    """Enough epochs to draw the descent path smoothly: every epoch up to ``most``,
    beyond that ``most`` epochs spaced evenly on a log scale (plus 0 and the last)."""
    if epochs <= most:
        return tuple(range(epochs + 1))
    spaced = sorted_unique(np.geomspace(1, epochs, most).round().astype(np.int64))
    return tuple(sorted({0, epochs, *spaced.tolist()}))


# --- closed forms -------------------------------------------------------------------


def design_matrix(x, fit_bias=True):
    """The inputs with a column of ones appended for the bias (b is the weight of
    an input fixed at 1), or the inputs alone without a bias."""
    x = np.asarray(x, dtype=np.float64)
    return np.hstack([x, np.ones((x.shape[0], 1))]) if fit_bias else x


def least_squares(x, y, fit_bias=True):
    """The exact minimum of the squared-loss cost: (w*, b*) from np.linalg.lstsq
    (b* = 0 without a bias: the best line through the origin)."""
    solution = np.linalg.lstsq(design_matrix(x, fit_bias), np.asarray(y, dtype=np.float64), rcond=None)[0]
    n = np.asarray(x).shape[1]
    return solution[:n], (float(solution[n]) if fit_bias else 0.0)


def cost_hessian(x, task="line", fit_bias=True):
    """H = (2/m)·XᵀX, the constant Hessian of the squared-loss cost
    J = (1/m)·Σ (x·w + b − y)² (its gradient is (2/m)·Xᵀ(ŷ − y)); for log loss the
    bound (1/4m)·XᵀX on its Hessian (σ' is at most 1/4). X: the inputs and, with a
    bias, a column of ones; rows and columns in the order w₁, …, w_k, b."""
    X = design_matrix(x, fit_bias)
    weight = 2.0 if TASKS[task][1] == "squared" else 0.25
    with np.errstate(over="ignore", invalid="ignore"):
        return weight * (X.T @ X) / X.shape[0]


def logistic_hessian(x, w, b, fit_bias=True):
    """H = (1/m)·Xᵀ·diag(ŷᵢ(1 − ŷᵢ))·X: the Hessian of the log-loss cost at (w, b)."""
    X = design_matrix(x, fit_bias)
    y_hat = neuron_output(x, w, b, "logistic")
    return (X.T * (y_hat * (1.0 - y_hat))) @ X / X.shape[0]


def curvatures(hessian):
    """λ₁ ≤ … ≤ λₙ: the eigenvalues of a (symmetric) Hessian, np.linalg.eigvalsh."""
    return np.linalg.eigvalsh(np.asarray(hessian, dtype=np.float64))


def example_curvatures(x, task="line", fit_bias=True):
    """The largest curvature of each single example's cost: 2·(|xᵢ|² + 1) for squared
    loss (the one nonzero eigenvalue of 2·x̃ᵢx̃ᵢᵀ, x̃ᵢ = (xᵢ, 1)), a quarter of
    |xᵢ|² + 1 bounding it for log loss (no 1 without a bias). A batch's cost, their
    average, curves at most as much as the largest of them."""
    X = design_matrix(x, fit_bias)
    weight = 2.0 if TASKS[task][1] == "squared" else 0.25
    with np.errstate(over="ignore", invalid="ignore"):
        return weight * np.einsum("ij,ij->i", X, X)


def smoothness(x, task="line", fit_bias=True) -> float:
    """L, the largest curvature of the cost J(w, b): the largest eigenvalue of
    ``cost_hessian``. A step lr below 1/L always lowers J; above 2/L it can overshoot
    and diverge."""
    with np.errstate(over="ignore", invalid="ignore"):
        return float(curvatures(cost_hessian(x, task, fit_bias))[-1])


# |1 − lr·λ| within this relative distance of 1 counts as exactly 1 (float64 rounding
# of lr·λ = 2 itself, as in lr = 0.1, λ = 20).
EDGE_TOLERANCE = 1e-9
# A curvature below this fraction of the largest is 0 (a flat direction: the
# minimum is a line or a plane, not a point).
FLAT = 1e-12


def step_factors(lambdas, lr):
    """ρᵢ = |1 − lr·λᵢ|: on a quadratic cost, one gradient-descent step multiplies
    the distance to the minimum along eigenvector i by 1 − lr·λᵢ."""
    return np.abs(1.0 - float(lr) * np.asarray(lambdas, dtype=np.float64))


def stability(lambdas, lr) -> str:
    """"stable" when lr < 2/λmax (every |1 − lr·λᵢ| < 1), "edge" when
    |1 − lr·λmax| = 1 (to EDGE_TOLERANCE: the step bounces between two points
    forever), "unstable" beyond (the distance along the steepest direction grows)."""
    top = float(np.max(lambdas))
    if top <= 0:
        return "stable"
    product = float(lr) * top  # lr·λmax, 2 at the edge
    if abs(product - 2.0) <= EDGE_TOLERANCE * 2.0:
        return "edge"
    return "stable" if product < 2.0 else "unstable"


def flat_directions(lambdas) -> int:
    """How many curvatures are 0 (below FLAT × the largest, or not positive)."""
    lambdas = np.asarray(lambdas, dtype=np.float64)
    top = float(np.max(np.abs(lambdas))) if lambdas.size else 0.0
    return int(np.sum(lambdas <= FLAT * top))


def _log_factors(lambdas, lr):
    """ln ρᵢ for curved directions, accurate when lr·λᵢ is tiny (log1p)."""
    product = float(lr) * np.asarray(lambdas, dtype=np.float64)
    with np.errstate(divide="ignore"):
        return np.where(product < 1.0, np.log1p(-np.minimum(product, 1.0)),
                        np.log(np.abs(1.0 - product)))


def quadratic_gap(hessian, theta, theta_star, lr=0.0, epochs=0):
    """J(θ after ``epochs`` more steps) − J(θ*) on a quadratic cost:
    Σ ½·λᵢ·cᵢ²·ρᵢ^(2t), cᵢ the component of θ − θ* along eigenvector i."""
    lambdas, vectors = np.linalg.eigh(np.asarray(hessian, dtype=np.float64))
    c = vectors.T @ (np.asarray(theta, dtype=np.float64) - np.asarray(theta_star, dtype=np.float64))
    curved = lambdas > FLAT * max(float(np.max(np.abs(lambdas))), 0.0)
    with np.errstate(under="ignore", over="ignore"):
        shrink = np.exp(2.0 * epochs * _log_factors(lambdas[curved], lr)) if epochs else 1.0
        return float(np.sum(0.5 * lambdas[curved] * c[curved] ** 2 * shrink))


def epochs_to_reach(hessian, theta, theta_star, lr, target) -> float:
    """The fewest further epochs t of gradient descent after which the quadratic
    cost is within ``target`` of its minimum, from ``quadratic_gap``: 0 if it
    already is, inf if lr is not below 2/λmax (then it never gets there).
    The gap shrinks at least by ρ² = max ρᵢ² per epoch, which bounds the search."""
    gap = quadratic_gap(hessian, theta, theta_star)
    if gap <= target:
        return 0.0
    lambdas = curvatures(hessian)
    curved = lambdas[lambdas > FLAT * float(np.max(np.abs(lambdas)))]
    if stability(lambdas, lr) != "stable":
        return math.inf
    slowest = float(np.max(_log_factors(curved, lr)))  # ln ρ, < 0
    if slowest == -math.inf:
        return 1.0  # lr = 1/λ in every curved direction: one step lands on the minimum
    high = max(1, math.ceil(math.log(target / gap) / (2.0 * slowest)))
    low = 0  # gap(low) > target ≥ gap(high)
    while high - low > 1:
        middle = (low + high) // 2
        if quadratic_gap(hessian, theta, theta_star, lr, middle) <= target:
            high = middle
        else:
            low = middle
    return float(high)


def separates(x, y, w, b) -> bool:
    """True when x·w + b is > 0 for every class-1 example and < 0 for every class-0
    one: the line (plane) w·x + b = 0 separates the classes strictly, so the log-loss
    cost has no minimum (scaling w and b up lowers it towards 0 for ever)."""
    z = np.asarray(x, dtype=np.float64) @ np.asarray(w, dtype=np.float64) + b
    signed = np.where(np.asarray(y) == 1.0, z, -z)
    return bool(np.all(signed > 0.0))


def logistic_minimum(x, y, fit_bias=True, steps=100):
    """The exact minimum of the log-loss cost by Newton's method,
    θ ← θ − H⁻¹·∇J from θ = 0: (status, w, b) with status "minimum" when the
    gradient falls below 1e-12·(1 + |θ|), else w, b = None and status "separable"
    (an iterate separates the classes: there is no minimum), "singular" (H cannot
    be inverted: the inputs are linearly dependent) or "unsettled"."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    k = x.shape[1]
    theta = np.zeros(k + (1 if fit_bias else 0))
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        for _ in range(steps):
            w, b = theta[:k], (float(theta[k]) if fit_bias else 0.0)
            if separates(x, y, w, b):
                return "separable", None, None
            dw, db = neuron_gradient(x, y, w, b, "logistic")
            g = np.append(dw, db) if fit_bias else dw
            if not np.all(np.isfinite(g)):
                return "unsettled", None, None
            if float(np.max(np.abs(g))) <= 1e-12 * (1.0 + float(np.max(np.abs(theta)))):
                return "minimum", w, b
            hessian = logistic_hessian(x, w, b, fit_bias)
            if flat_directions(curvatures(hessian)):
                return "singular", None, None
            theta = theta - np.linalg.solve(hessian, g)
    return "unsettled", None, None


def suggested_lr(x, task, fit_bias, lr) -> float:
    """A round learning rate (1, 2 or 5 × 10ᵏ) at or below 1/L, the step that
    always lowers the cost, and below ``lr``."""
    limit = min(1.0 / smoothness(x, task, fit_bias), float(lr) / 2.0)
    exponent = math.floor(math.log10(limit))
    for mantissa in (5, 2, 1):
        if mantissa * 10.0**exponent <= limit:
            return mantissa * 10.0**exponent
    return 10.0**exponent  # not reached: 10^exponent ≤ limit


def cost_grid(x, y, w_values, b_values):
    """J(w, b) = (1/m)·Σ (w·xᵢ + b − yᵢ)² for one feature, on every (w, b) of a grid
    (rows: b_values, columns: w_values). Expanded into the data's averages
    (x², x, x·y, y, y²), so the grid costs nothing per example."""
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    y = np.asarray(y, dtype=np.float64)
    W, B = np.meshgrid(np.asarray(w_values, dtype=np.float64), np.asarray(b_values, dtype=np.float64))
    xx, xm, xy, ym, yy = (float(np.mean(v)) for v in (x * x, x, x * y, y, y * y))
    grid = W * W * xx + 2 * W * B * xm + B * B - 2 * W * xy - 2 * B * ym + yy
    return np.maximum(grid, 0.0)  # rounding can dip a hair below 0 at the minimum


def decision_boundary(w, b):
    """Where w·x + b = 0 (ŷ = 0.5). One input: (x,) with x = −b/w. Two inputs:
    (slope, intercept) of the line x₂ = slope·x₁ + intercept, slope = −w₁/w₂ and
    intercept = −b/w₂."""
    w = np.asarray(w, dtype=np.float64)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        if w.size == 1:
            return (float(-b / w[0]),)
        return float(-w[0] / w[1]), float(-b / w[1])
