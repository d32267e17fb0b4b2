"""Per-example losses and the cost (their average), float64 and vectorised.

Log loss is exact by default: a zero weight switches its term off, so 0·ln 0 counts
as 0 (the convention that makes the formula agree; t·ln t → 0 as t → 0). So y = 0,
ŷ = 0 gives exactly 0 and y = 1, ŷ = 0 gives +inf, the true value. Frameworks avoid
the infinity in two ways, both available here (log_loss_pytorch, log_loss_keras and
log_loss_sklearn below reproduce each library exactly, float type included):

* ``eps``: clip ŷ to [eps, 1 − eps] first (Keras uses 1e-7; scikit-learn uses the
  float64 machine epsilon, 2.220446049250313e-16).
* ``log_min``: cap each logarithm from below (PyTorch's ``BCELoss`` caps at −100, so a
  confident wrong prediction costs 100).
"""

import numpy as np

LOSSES = ("log", "squared")


def log1m(p):
    """ln(1 − p), accurate for tiny p (like log1p(−p)) yet on NumPy's fast log.

    Computing 1 − p first rounds away the digits of a tiny p; Goldberg's
    correction ln(q)·p / (1 − q), with q = fl(1 − p), restores them to within a
    few ulps, and NumPy's vectorised log is about twice as fast as its log1p.
    """
    p = np.asarray(p, dtype=np.float64)
    flat = p.reshape(-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        q = 1.0 - flat
        out = np.log(q)
        np.subtract(1.0, q, out=q)  # the part of p that survived the rounding
        out *= flat
        out /= q
    # Where fl(1 − p) == 1 (p below 2^-53, or 0) the ratio is 0/0; there
    # ln(1 − p) = −p to full precision.
    if flat.size and flat.min() < 2.0**-52:
        vanished = q == 0
        out[vanished] = -flat[vanished]
    return out.reshape(p.shape)[()]


def clip_probability(y_hat, eps):
    """ŷ clipped to [ε, 1 − ε], so that neither ln(ŷ) nor ln(1 − ŷ) is −inf."""
    return np.clip(np.asarray(y_hat, dtype=np.float64), eps, 1.0 - eps)


def log_loss_terms(y, y_hat, eps=None, log_min=None):
    """(y·ln ŷ, (1 − y)·ln(1 − ŷ)): the two terms inside the log loss's brackets,
    with 0·ln 0 = 0 (a convention: a zero weight switches its term off)."""
    y, y_hat = np.broadcast_arrays(
        np.asarray(y, dtype=np.float64), np.asarray(y_hat, dtype=np.float64)
    )
    shape = y.shape
    y, y_hat = y.reshape(-1), y_hat.reshape(-1)
    if eps is not None:
        y_hat = clip_probability(y_hat, eps)
    with np.errstate(divide="ignore", invalid="ignore"):
        term_true = np.log(y_hat)
        term_false = log1m(y_hat)
        if log_min is not None:
            term_true = np.maximum(term_true, log_min)
            term_false = np.maximum(term_false, log_min)
        term_true *= y
        term_false *= 1.0 - y
    # For y, ŷ in [0, 1], only 0·ln(0) gives nan (0·(−inf)); it needs ŷ = 0 or
    # ŷ = 1 somewhere, which two cheap reductions rule out in the common case.
    if y_hat.size and (y_hat.min() == 0.0 or y_hat.max() == 1.0):
        term_true[(y == 0.0) & (y_hat == 0.0)] = 0.0
        term_false[(y == 1.0) & (y_hat == 1.0)] = 0.0
    return term_true.reshape(shape)[()], term_false.reshape(shape)[()]


def log_loss(y, y_hat, eps=None, log_min=None):
    """L = −[y·ln(ŷ) + (1 − y)·ln(1 − ŷ)] per example (binary cross-entropy)."""
    term_true, term_false = log_loss_terms(y, y_hat, eps=eps, log_min=log_min)
    total = term_true + term_false
    # 0.0 − s rather than −s: a perfect prediction gives +0.0, never −0.0.
    if isinstance(total, np.ndarray):
        return np.subtract(0.0, total, out=total)  # in place: no second large array
    return 0.0 - total


def squared_error(y, y_hat):
    """L = (y − ŷ)² per example."""
    with np.errstate(over="ignore"):  # beyond float64's range the result is inf
        diff = np.asarray(y, dtype=np.float64) - np.asarray(y_hat, dtype=np.float64)
        return diff * diff


def mse(y, y_hat):
    """MSE = (1/m)·Σ (y − ŷ)², the mean squared error."""
    return cost(y, y_hat, loss="squared")


def per_example_loss(y, y_hat, loss="log", eps=None, log_min=None):
    """L_i for each example under the named loss ("log" or "squared")."""
    if loss == "log":
        return log_loss(y, y_hat, eps=eps, log_min=log_min)
    if loss == "squared":
        return squared_error(y, y_hat)
    raise ValueError(f"unknown loss {loss!r}; expected one of {', '.join(LOSSES)}")


def cost(y, y_hat, loss="log", eps=None, log_min=None):
    """J = (1/m)·Σ L_i, the average per-example loss over all m examples."""
    losses = per_example_loss(y, y_hat, loss=loss, eps=eps, log_min=log_min)
    with np.errstate(over="ignore"):  # a sum beyond float64's range is inf
        return np.mean(losses)


# --- what frameworks compute --------------------------------------------------------
# Each reproduces one library's formula step by step, in the float type it uses by
# default, so a learner can see what that library reports for the same inputs.
# (Checked against values stored in tests/test_loss_edges.py; see there.)

KERAS_EPSILON = 1e-7  # keras.config.epsilon()
PYTORCH_LOG_MIN = -100.0  # BCELoss clamps each log at −100


def log_loss_pytorch(y, y_hat, dtype=np.float32):
    """PyTorch's BCELoss per example (CPU kernel), in ``dtype`` (float32 is torch's
    default): (y − 1)·max(log1p(−ŷ), −100) − y·max(ln ŷ, −100)."""
    y, y_hat = np.asarray(y, dtype=dtype), np.asarray(y_hat, dtype=dtype)
    cap = dtype(PYTORCH_LOG_MIN)
    with np.errstate(divide="ignore"):
        log_false = np.maximum(np.log1p(-y_hat), cap)
        log_true = np.maximum(np.log(y_hat), cap)
    # + 0: a perfect prediction gives +0, never −0.
    return (y - dtype(1)) * log_false - y * log_true + dtype(0)


def log_loss_keras(y, y_hat, dtype=np.float32):
    """Keras 3's binary_crossentropy per example, in ``dtype`` (float32 is Keras's
    default floatx): ŷ ← clip(ŷ, 1e-7, 1 − 1e-7), then −[y·ln ŷ + (1 − y)·ln(1 − ŷ)]."""
    y, y_hat = np.asarray(y, dtype=dtype), np.asarray(y_hat, dtype=dtype)
    # As in Keras: the bounds are Python floats (1.0 − 1e-7 rounded in float64),
    # cast to dtype by the clip.
    p = np.clip(y_hat, dtype(KERAS_EPSILON), dtype(1.0 - KERAS_EPSILON))
    bce = y * np.log(p)
    bce += (dtype(1) - y) * np.log(dtype(1) - p)
    return -bce


def log_loss_sklearn(y, y_hat):
    """scikit-learn's log_loss per example, for labels 0 and 1 (it refuses others):
    ŷ ← clip(ŷ, ε, 1 − ε), ε = float64 machine epsilon, then −ln ŷ where y = 1 and
    −ln(1 − ŷ) where y = 0 (its xlogy terms), in float64."""
    y = np.asarray(y, dtype=np.float64)
    eps = np.finfo(np.float64).eps
    p = np.clip(np.asarray(y_hat, dtype=np.float64), eps, 1.0 - eps)
    return np.where(y == 1.0, -np.log(p), -np.log(1.0 - p))
