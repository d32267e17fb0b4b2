"""Activation functions and their derivatives (float64, vectorised, overflow-free).

Every forward function has its derivative beside it with the same signature.
Derivatives use the textbook forms (σ(1−σ), 1 − tanh²) — the same expressions
PyTorch's autograd evaluates — so a learner's hand calculation and the tool agree.
"""

import numpy as np

# Below this z, exp(-z) overflows float64 (exp(709.78) is the largest finite value).
_EXP_OVERFLOW_Z = -709.0


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
    """σ'(z) = σ(z)·(1 − σ(z)), at most 0.25 (at z = 0)."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    """tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z)), in (−1, 1)."""
    return np.tanh(_as_float(z))


def tanh_grad(z):
    """tanh'(z) = 1 − tanh(z)², at most 1 (at z = 0)."""
    t = np.tanh(_as_float(z))
    return 1.0 - t * t


def relu(z):
    """ReLU(z) = max(0, z)."""
    return np.maximum(_as_float(z), 0.0)


def relu_grad(z):
    """ReLU'(z) = 1 if z > 0 else 0 (0 at z = 0, as in PyTorch)."""
    return (_as_float(z) > 0).astype(np.float64)


def leaky_relu(z, slope=0.01):
    """LeakyReLU(z) = z if z > 0 else slope·z."""
    z = _as_float(z)
    return np.where(z > 0, z, slope * z)


def leaky_relu_grad(z, slope=0.01):
    """LeakyReLU'(z) = 1 if z > 0 else slope (slope at z = 0, as in PyTorch)."""
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


def _lookup(name):
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(
            f"unknown activation {name!r}; expected one of {', '.join(ACTIVATIONS)}"
        ) from None


# ln of the largest float64 (about 709.78): e^z overflows to ∞ for any larger z.
EXP_MAX = float(np.log(np.finfo(np.float64).max))


def weighted_sum(x, w, b):
    """z = x·w + b = Σ xᵢ·wᵢ + b (x and w of the same length, or x rows × w)."""
    return np.dot(_as_float(x), _as_float(w)) + np.float64(b)


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
