"""Per-example losses and the cost (their average), float64 and vectorised.

Log loss is exact by default: 0·ln 0 counts as 0 (its limit), so y = 0, ŷ = 0 gives
exactly 0 and y = 1, ŷ = 0 gives +inf, the true value. Frameworks avoid the infinity
in two ways, both available here:

* ``eps``: clip ŷ to [eps, 1 − eps] first (Keras uses 1e-7; scikit-learn uses the
  float64 machine epsilon, 2.220446049250313e-16).
* ``log_min``: cap each logarithm from below (PyTorch's ``BCELoss`` caps at −100, so a
  confident wrong prediction costs 100).
"""

import numpy as np

LOSSES = ("log", "squared")


def xlogy(x, y):
    """x·ln(y), with 0·ln(y) = 0 for every y (so 0·ln 0 = 0)."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.log(np.asarray(y, dtype=np.float64))
        out = out * x
    return _zero_where_x_zero(out, x)


def xlog1py(x, y):
    """x·ln(1 + y), with 0·ln(1 + y) = 0 for every y; accurate for tiny y."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.log1p(np.asarray(y, dtype=np.float64))
        out = out * x
    return _zero_where_x_zero(out, x)


def _zero_where_x_zero(out, x):
    # For x, y in their domain only 0·(−inf) produces nan, so the fix-up is needed
    # only when some nan appeared: the common case costs one cheap scan. (Inputs
    # outside the domain, e.g. ŷ < 0, stay nan: callers validate them.)
    nan = np.isnan(out)
    if nan.any():
        out = np.where(nan & (x == 0), 0.0, out)
    return out


def clip_probability(y_hat, eps):
    """ŷ clipped to [ε, 1 − ε], so that neither ln(ŷ) nor ln(1 − ŷ) is −inf."""
    return np.clip(np.asarray(y_hat, dtype=np.float64), eps, 1.0 - eps)


def log_loss_terms(y, y_hat, eps=None, log_min=None):
    """(y·ln ŷ, (1 − y)·ln(1 − ŷ)): the two terms inside the log loss's brackets."""
    y = np.asarray(y, dtype=np.float64)
    y_hat = np.asarray(y_hat, dtype=np.float64)
    if eps is not None:
        y_hat = clip_probability(y_hat, eps)
    if log_min is None:
        return xlogy(y, y_hat), xlog1py(1.0 - y, -y_hat)
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(y_hat), log_min)
        log_q = np.maximum(np.log1p(-y_hat), log_min)
    return y * log_p, (1.0 - y) * log_q


def log_loss(y, y_hat, eps=None, log_min=None):
    """L = −[y·ln(ŷ) + (1 − y)·ln(1 − ŷ)] per example (binary cross-entropy)."""
    term_true, term_false = log_loss_terms(y, y_hat, eps=eps, log_min=log_min)
    # 0.0 − s rather than −s: a perfect prediction gives +0.0, never −0.0.
    return 0.0 - (term_true + term_false)


def squared_error(y, y_hat):
    """L = (y − ŷ)² per example."""
    diff = np.asarray(y, dtype=np.float64) - np.asarray(y_hat, dtype=np.float64)
    with np.errstate(over="ignore"):  # beyond float64's range the square is inf
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
