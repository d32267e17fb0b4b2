"""Softmax with cross-entropy for K classes, float64, computed from the scores.

L = −Σᵢ yᵢ·ln pᵢ with p = softmax(z), for a target vector y (one-hot or soft, summing
to 1). ln pᵢ is never taken of a rounded pᵢ: it is computed from the scores,

    ln pᵢ = zᵢ − m − ln Σⱼ e^(zⱼ − m),   m = max(z)   (log-sum-exp),

so a probability that underflows to 0 in float64 still has its finite logarithm
(z = (1000, 0, 0): ln p₂ = −1000, where ln(softmax(z)₂) = ln 0 = −∞). Terms with
yᵢ = 0 count as 0 (0·ln pᵢ = 0 even where ln pᵢ is −∞). The gradient with respect
to the scores is ∂L/∂zᵢ = pᵢ − yᵢ (for Σ yᵢ = 1). These are the rules of PyTorch's
``torch.nn.functional.cross_entropy`` (class-index and probability targets).
"""

import numpy as np

from nnexplain.core.activations import softmax, softmax_shift


def _as_float(z):
    return np.asarray(z, dtype=np.float64)


def log_sum_exp_shifted(z) -> float:
    """ln Σⱼ e^(zⱼ − m), m = max(z): between 0 and ln K.

    The largest score contributes exactly e^0 = 1, so this is log1p of the others'
    sum, which keeps its digits when the other classes are far below the top
    (ln(1 + 2e^(−20)) = 4.1e-9, where ln of the rounded sum keeps only 8 digits).
    """
    shifted = softmax_shift(_as_float(z))
    top = int(np.argmax(shifted))
    rest = np.exp(np.delete(shifted, top))
    return float(np.log1p(np.sum(rest)))


def log_sum_exp(z) -> float:
    """ln Σⱼ e^(zⱼ) = m + ln Σⱼ e^(zⱼ − m), without overflow."""
    z = _as_float(z)
    return float(np.max(z)) + log_sum_exp_shifted(z)


def log_softmax(z):
    """ln pᵢ = (zᵢ − m) − ln Σⱼ e^(zⱼ − m): finite wherever zᵢ − m is, even where pᵢ
    underflows to 0 (−∞ only where the scores are more than float64 apart)."""
    shifted = softmax_shift(_as_float(z))
    with np.errstate(over="ignore"):
        return shifted - log_sum_exp_shifted(z)


def log_softmax_naive(z):
    """ln(softmax(z)), the logarithm of the rounded probabilities, as a naive program
    computes it: −∞ where pᵢ underflowed to 0 (shown to say why the stable form exists)."""
    with np.errstate(divide="ignore"):
        return np.log(softmax(_as_float(z)))


def one_hot(target: int, classes: int):
    """The target vector for class index ``target`` (0-based): 1 there, 0 elsewhere."""
    y = np.zeros(int(classes), dtype=np.float64)
    y[int(target)] = 1.0
    return y


def cross_entropy_terms(z, y):
    """−yᵢ·ln pᵢ for each class, with 0 where yᵢ = 0 (the term vanishes)."""
    y = _as_float(y)
    log_p = log_softmax(z)
    out = np.zeros_like(y)
    used = y != 0.0
    with np.errstate(over="ignore"):
        out[used] = 0.0 - y[used] * log_p[used]
    return out


def cross_entropy(z, y) -> float:
    """L = −Σᵢ yᵢ·ln pᵢ, from the scores z (log-sum-exp) and the target vector y."""
    with np.errstate(over="ignore"):
        return float(np.sum(cross_entropy_terms(z, y)))


def cross_entropy_naive(z, y) -> float:
    """−Σᵢ yᵢ·ln(softmax(z)ᵢ) from the rounded probabilities: ∞ where a probability
    with yᵢ > 0 underflowed to 0 (what the stable form avoids)."""
    y = _as_float(y)
    log_p = log_softmax_naive(z)
    used = y != 0.0
    with np.errstate(over="ignore"):
        return float(0.0 - np.sum(y[used] * log_p[used]))


def softmax_complement(z):
    """1 − pᵢ for each class, as Σⱼ≠ᵢ e^(zⱼ − m) / Σⱼ e^(zⱼ − m): no subtraction from
    1, so it keeps its digits where pᵢ rounds to 1 (z = (40, 0): 1 − p₀ = 4.248e-18,
    where 1 − softmax(z)₀ = 0). Only a class with pᵢ > ½, the largest score, can
    dominate the sum; its complement is added up from the others directly."""
    e = np.exp(softmax_shift(_as_float(z)))
    total = np.sum(e)
    rest = total - e  # loses at most one bit wherever eᵢ ≤ total/2
    top = int(np.argmax(e))
    rest[top] = np.sum(np.delete(e, top))
    return rest / total


def cross_entropy_grad(z, y):
    """∂L/∂zᵢ = pᵢ − yᵢ (for Σ yᵢ = 1), evaluated as pᵢ·(1 − yᵢ) − yᵢ·(1 − pᵢ) with
    1 − pᵢ from ``softmax_complement``: for a one-hot target the true class's
    gradient is −(1 − p_true) with every digit, where p − y as written (and PyTorch's
    autograd) gives 0 once p_true rounds to 1."""
    y = _as_float(y)
    return softmax(_as_float(z)) * (1.0 - y) - y * softmax_complement(z)


def cross_entropy_grad_as_written(z, y):
    """p − y evaluated as written, as PyTorch's autograd does: 0 for the true class
    once its probability rounds to 1 (shown beside the true gradient)."""
    return softmax(_as_float(z)) - _as_float(y)


def softmax_jacobian(z):
    """∂pᵢ/∂zⱼ = pᵢ·(δᵢⱼ − pⱼ), the K×K Jacobian of softmax."""
    p = softmax(_as_float(z))
    return np.diag(p) - np.outer(p, p)


def cross_entropy_grad_chain(z, y):
    """∂L/∂zⱼ = Σᵢ (∂L/∂pᵢ)·(∂pᵢ/∂zⱼ) = Σᵢ (−yᵢ/pᵢ)·pᵢ·(δᵢⱼ − pⱼ), evaluated term by
    term (with yᵢ/pᵢ·pᵢ = yᵢ): −yⱼ + pⱼ·Σᵢ yᵢ. Equal to p − y when Σ yᵢ = 1."""
    y = _as_float(y)
    p = softmax(_as_float(z))
    return p * np.sum(y) - y


def cross_entropy_grad_via_jacobian(z, y):
    """∂L/∂zⱼ by the chain rule as written, Σᵢ (−yᵢ/pᵢ)·∂pᵢ/∂zⱼ over the classes with
    yᵢ > 0: nan where such a pᵢ underflowed to 0 (the division p − y never needs)."""
    y = _as_float(y)
    p = softmax(_as_float(z))
    used = y != 0.0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        dL_dp = -y[used] / p[used]
        return dL_dp @ softmax_jacobian(z)[used]


def two_class_score(z_other, z_true) -> float:
    """s = z_true − z_other: with two classes, softmax's p_true is σ(s)."""
    with np.errstate(over="ignore"):
        return float(np.float64(z_true) - np.float64(z_other))
