"""Activation functions and their derivatives (float64, vectorised, overflow-free).

Every forward function has its derivative beside it with the same signature.

The derivatives are accurate to a few ulps relative wherever the true value is a
normal float64. Each is equal, as maths, to its textbook form σ(1 − σ) or 1 − tanh²,
but not computed that way: evaluated as written in float64, 1 − σ(z) and 1 − tanh(z)²
cancel as σ or |tanh| nears 1, and give 0 from z ≈ 36.74 (sigmoid) or |z| ≈ 18.99
(tanh) on, although the true slope (σ'(40) = 4.2e-18, tanh'(19) = 1.3e-16) is an
ordinary float64. Those textbook forms are what PyTorch's autograd evaluates
(``out·(1 − out)``, ``1 − out²``); ``sigmoid_grad_autograd`` and ``tanh_grad_autograd``
compute them, so a view can show both.

ReLU and leaky ReLU have no derivative at z = 0 (a kink); their ``_grad`` functions
return 0 and α there, the convention PyTorch and TensorFlow use.
"""

import math
from fractions import Fraction

import numpy as np

# Below this z, exp(-z) overflows float64 (exp(709.78) is the largest finite value).
_EXP_OVERFLOW_Z = -709.0
# The smallest normal float64 (about 2.2e-308).
_TINY = float(np.finfo(np.float64).smallest_normal)
_TANH_GRAD_CAP = 400.0


def _as_float(z):
    return np.asarray(z, dtype=np.float64)


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)), in (0, 1)."""
    z = _as_float(z)
    out = np.empty_like(z)
    with np.errstate(over="ignore"):
        np.negative(z, out=out)
        np.exp(out, out=out)
        out += 1.0
        np.reciprocal(out, out=out)
    # Where e^(−z) overflowed, 1/(1+e^(−z)) is 0 but σ(z) ≈ e^z may still be a
    # (subnormal) float64; compute those few directly.
    far_left = z < _EXP_OVERFLOW_Z
    if far_left.any():
        out[far_left] = np.exp(z[far_left])
    return out[()]  # a NumPy scalar for scalar input, like every ufunc


def sigmoid_grad(z):
    """σ'(z) = σ(z)·(1 − σ(z)) = σ(z)·σ(−z), at most 0.25 (at z = 0).

    Computed as σ(z)·σ(−z): 1 − σ(z) = σ(−z) exactly as maths, and σ(−z) keeps its
    digits where 1 − σ(z) would cancel (see the module docstring).
    """
    magnitude = np.abs(_as_float(z))  # σ' is even; |z| makes the float64 result so too
    # The two roundings can lift a product just below 0.25 over it (z ≈ 1e-11);
    # the true value is at most 0.25, which the cap keeps.
    return np.minimum(sigmoid(magnitude) * sigmoid(-magnitude), 0.25)[()]


def sigmoid_grad_autograd(z):
    """σ(z)·(1 − σ(z)) evaluated as written, as PyTorch's autograd does: 0 for
    z ≥ 36.74, where σ(z) rounds to 1 (use ``sigmoid_grad`` for the true slope)."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    """tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z)), in (−1, 1)."""
    return np.tanh(_as_float(z))


def tanh_grad(z):
    """tanh'(z) = 1 − tanh(z)² = 4e/(1 + e)² with e = e^(−2|z|), at most 1 (at z = 0).

    The second form has no cancellation (see the module docstring). Where the
    answer is below the smallest normal float64, 4e would round twice (e, then the
    subnormal 4e), so it is computed as 4·e^(−|z|)·e^(−|z|) (there (1 + e)² is 1).
    """
    # Beyond |z| = 400 the slope is 0 in float64; the cap keeps 2|z| finite.
    two_z = np.asarray(2.0 * np.minimum(np.abs(_as_float(z)), _TANH_GRAD_CAP))
    e = np.exp(-two_z)
    # At most 1, which rounding near z = 0 could otherwise exceed by an ulp.
    out = np.asarray(np.minimum(4.0 * e / ((1.0 + e) * (1.0 + e)), 1.0))
    tiny = out < _TINY
    if np.any(tiny):
        # e^(−|z|) is still normal here (|z| ≤ 400), 4·e^(−|z|) is exact, and the
        # last product rounds into the subnormals once.
        half = np.exp(-0.5 * two_z[tiny])
        out[tiny] = (4.0 * half) * half
    return out[()]


def tanh_grad_autograd(z):
    """1 − tanh(z)² evaluated as written, as PyTorch's autograd does: 0 for
    |z| ≥ 18.991, where tanh(z) rounds to ±1 (use ``tanh_grad`` for the true slope)."""
    t = np.tanh(_as_float(z))
    return 1.0 - t * t


def relu(z):
    """ReLU(z) = max(0, z)."""
    return np.maximum(_as_float(z), 0.0)


def relu_grad(z):
    """ReLU'(z) = 1 if z > 0 else 0. ReLU has no derivative at z = 0; 0 there is
    the convention PyTorch and TensorFlow use."""
    return (_as_float(z) > 0).astype(np.float64)


def leaky_relu(z, slope=0.01):
    """LeakyReLU(z) = z if z > 0 else slope·z."""
    z = _as_float(z)
    return np.where(z > 0, z, slope * z)


def leaky_relu_grad(z, slope=0.01):
    """LeakyReLU'(z) = 1 if z > 0 else slope. No derivative exists at z = 0 (for
    slope ≠ 1); slope there is the convention PyTorch and TensorFlow use."""
    z = _as_float(z)
    return np.where(z > 0, 1.0, np.float64(slope))


def identity(z):
    """identity(z) = z (no activation: a linear unit)."""
    return _as_float(z).copy()


def identity_grad(z):
    """identity'(z) = 1."""
    return np.ones_like(_as_float(z))


def softmax(z, axis=-1):
    """softmax(z)_i = e^(z_i − max z) / Σ_j e^(z_j − max z); the shift avoids overflow."""
    z = _as_float(z)
    with np.errstate(over="ignore"):  # scores beyond float64 apart: −∞, and e^(−∞) = 0
        shifted = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=axis, keepdims=True)


# Every activation by the name a learner types, with its derivative beside it.
# Each takes ``slope`` (only leaky ReLU uses it) so callers need not special-case.
ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_grad),
    "tanh": (tanh, tanh_grad),
    "relu": (relu, relu_grad),
    "leaky_relu": (leaky_relu, leaky_relu_grad),
    "identity": (identity, identity_grad),
}
DEFAULT_SLOPE = 0.01


def activate(name, z, slope=DEFAULT_SLOPE):
    """f(z) for the activation called ``name`` (see ``ACTIVATIONS``)."""
    forward, _ = _lookup(name)
    return forward(z, slope) if name == "leaky_relu" else forward(z)


def activate_grad(name, z, slope=DEFAULT_SLOPE):
    """f'(z) for the activation called ``name``."""
    _, grad = _lookup(name)
    return grad(z, slope) if name == "leaky_relu" else grad(z)


# The textbook forms PyTorch's autograd evaluates, where they differ from the
# accurate ones above; the other activations' derivatives have no such rounding.
AUTOGRAD_GRADS = {
    "sigmoid": sigmoid_grad_autograd,
    "tanh": tanh_grad_autograd,
}


def activate_grad_autograd(name, z, slope=DEFAULT_SLOPE):
    """f'(z) as PyTorch's autograd evaluates it: the textbook form for sigmoid and
    tanh (see ``AUTOGRAD_GRADS``), the same as ``activate_grad`` for the others."""
    if name in AUTOGRAD_GRADS:
        return AUTOGRAD_GRADS[name](z)
    return activate_grad(name, z, slope)


def _lookup(name):
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(
            f"unknown activation {name!r}; expected one of {', '.join(ACTIVATIONS)}"
        ) from None


# ln of the largest float64 (about 709.78): e^z overflows to ∞ for any larger z.
EXP_MAX = float(np.log(np.finfo(np.float64).max))


def exact_sum(values) -> float:
    """Σ values computed exactly and rounded once: ±∞ only when the true sum is beyond
    float64, even where a running float64 sum overflows part way (1e308 + 1e308 −
    1e308 = 1e308). Rational arithmetic (``fractions``): slow, so callers use it only
    where the ordinary sum overflowed."""
    return _rounded(sum((Fraction(v) for v in np.asarray(values, dtype=np.float64).ravel().tolist()), Fraction(0)))


def weighted_sum(x, w, b):
    """z = x·w + b = Σ xᵢ·wᵢ + b (x and w of the same length, x rows × w, or x values
    times one w). Where float64 overflows on the way (w·x = −2e308, then + 1e308) but
    the answer is finite, that entry is computed exactly and rounded once; ±∞ only
    where the true z is beyond float64."""
    x, w, b = _as_float(x), _as_float(w), np.float64(b)
    with np.errstate(over="ignore", invalid="ignore"):
        z = np.dot(x, w) + b
    if np.all(np.isfinite(z)) or not (np.all(np.isfinite(x)) and np.all(np.isfinite(w)) and np.isfinite(b)):
        return z
    z = np.array(z, dtype=np.float64)
    # Each z entry's (inputs, weights): one x value times the one w, or a row of x.
    if w.ndim == 0:
        pairs = lambda index: ([x[index]], [w])  # noqa: E731
    elif x.ndim == 1:
        pairs = lambda index: (x, w)  # noqa: E731
    else:
        pairs = lambda index: (x[index[0]], w)  # noqa: E731
    for index in np.argwhere(~np.isfinite(z.reshape(np.shape(z) or (1,)))):
        index = tuple(index) if z.ndim else ()
        inputs, weights = pairs(index)
        exact = sum((Fraction(float(a)) * Fraction(float(c)) for a, c in zip(inputs, weights)), Fraction(float(b)))
        z[index] = _rounded(exact)
    return z[()]


def _rounded(exact) -> float:
    try:
        return float(exact)
    except OverflowError:
        return math.inf if exact > 0 else -math.inf


def bias_shift(w, b):
    """x₀ = −b / w: where w·x + b = 0, so f(w·x + b) = f(w·(x − x₀)) is f moved by x₀.

    ±∞ where b/w overflows float64 (and for w = 0, where no shift exists); callers
    check before showing it.
    """
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        return np.negative(_as_float(b)) / _as_float(w)


def softmax_shift(z, axis=-1):
    """zᵢ − max(z), at most 0: the scores moved so that the largest is 0.

    −∞ where the scores are more than the largest float64 apart (callers check).
    """
    z = _as_float(z)
    with np.errstate(over="ignore"):
        return z - np.max(z, axis=axis, keepdims=True)


def softmax_numerators(z, axis=-1):
    """e^(zᵢ − max z), in (0, 1]: softmax's numerators, which cannot overflow.

    ``softmax(z) == softmax_numerators(z) / Σ softmax_numerators(z)`` exactly
    (the same operations in the same order).
    """
    return np.exp(softmax_shift(z, axis=axis))


def softmax_unshifted(z, axis=-1):
    """e^zᵢ / Σⱼ e^zⱼ evaluated as written, without the shift: nan where float64
    gives ∞/∞ (some zᵢ above EXP_MAX) or 0/0 (every e^zᵢ underflows to 0)."""
    z = _as_float(z)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        e = np.exp(z)
        return e / np.sum(e, axis=axis, keepdims=True)
