"""A small dense network (multi-layer perceptron): forward and backward passes.

Weights are in Keras' layout: ``W`` has one row per input and one column per
unit, so ``W[i, j]`` connects input i to unit j and a layer computes
``Z = A_prev·W + b`` for a whole batch at once (one row per example).
"""

from dataclasses import dataclass

import numpy as np

from nnexplain.core.activations import DEFAULT_SLOPE, activate, activate_grad, sigmoid
from nnexplain.core.losses import per_example_loss


@dataclass(frozen=True)
class Layer:
    """A dense layer: weights W (n_in × n_out), biases b (n_out), an activation."""

    W: np.ndarray
    b: np.ndarray
    activation: str = "identity"

    @property
    def n_in(self) -> int:
        return self.W.shape[0]

    @property
    def n_out(self) -> int:
        return self.W.shape[1]

    @property
    def parameters(self) -> int:
        """n_in·n_out weights + n_out biases."""
        return self.W.size + self.b.size


def layer(W, b, activation="identity") -> Layer:
    """A Layer with float64 arrays, W as a matrix and b as a vector."""
    W = np.array(W, dtype=np.float64, ndmin=2)
    b = np.array(b, dtype=np.float64).reshape(-1)
    if b.shape[0] != W.shape[1]:
        raise ValueError(f"b has {b.shape[0]} entries but W has {W.shape[1]} columns")
    return Layer(W, b, activation)


@dataclass(frozen=True)
class Pass:
    """What one layer computed: its input A_prev, Z = A_prev·W + b, and A = f(Z)."""

    a_prev: np.ndarray
    z: np.ndarray
    a: np.ndarray


def forward(layers, x, slope=DEFAULT_SLOPE) -> tuple[Pass, ...]:
    """Every layer's Z = A_prev·W + b and A = f(Z) for inputs x (one row per example,
    or a single example as a vector). The network's output is the last ``a``."""
    a = np.asarray(x, dtype=np.float64)
    passes = []
    for current in layers:
        z = a @ current.W + current.b
        out = activate(current.activation, z, slope)
        passes.append(Pass(a, z, out))
        a = out
    return tuple(passes)


def predict(layers, x, slope=DEFAULT_SLOPE):
    """The network's output for inputs x."""
    return forward(layers, x, slope)[-1].a


@dataclass(frozen=True)
class Gradients:
    """∂J/∂W, ∂J/∂b of one layer, ∂J/∂Z (the error signal δ at its units) and
    ∂J/∂A (the slope of the cost in the layer's outputs, before f')."""

    dW: np.ndarray
    db: np.ndarray
    dz: np.ndarray
    da: np.ndarray | None = None


def loss_grad(y, y_hat, loss="squared"):
    """∂L/∂ŷ for one example: −2(y − ŷ) (squared) or −y/ŷ + (1 − y)/(1 − ŷ) (log)."""
    y = np.asarray(y, dtype=np.float64)
    y_hat = np.asarray(y_hat, dtype=np.float64)
    if loss == "squared":
        return -2.0 * (y - y_hat)
    if loss == "log":
        with np.errstate(divide="ignore", invalid="ignore"):
            return -y / y_hat + (1.0 - y) / (1.0 - y_hat)
    raise ValueError(f"unknown loss {loss!r}; expected 'log' or 'squared'")


# Log loss of a sigmoid output, from its pre-activation z (the "logit"). These live
# here rather than in core/losses.py because they take z, not ŷ: they belong to
# the sigmoid output layer the network ends in.


def log_loss_from_logit(y, z):
    """L = −[y·ln σ(z) + (1 − y)·ln(1 − σ(z))] = softplus(z) − y·z
    = max(z, 0) − y·z + ln(1 + e^(−|z|)), exact for any z and y in [0, 1].

    Written as (1 − y)·z for z > 0 and −y·z otherwise, both ≥ 0, so that nothing
    cancels; ŷ = σ(z) is never rounded first (as PyTorch's BCEWithLogitsLoss).
    """
    y = np.asarray(y, dtype=np.float64)
    z = np.asarray(z, dtype=np.float64)
    linear = np.where(z > 0, (1.0 - y) * z, -y * z)
    return (linear + np.log1p(np.exp(-np.abs(z))))[()]


def log_loss_slope_from_logit(y, z):
    """∂L/∂ŷ = −y/ŷ + (1 − y)/(1 − ŷ) with ŷ = σ(z) and 1 − ŷ = σ(−z), so that 1 − ŷ
    keeps its digits near ŷ = 1; +∞ only where the true value is beyond float64
    (z above about 709.78)."""
    y = np.asarray(y, dtype=np.float64)
    z = np.asarray(z, dtype=np.float64)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        first = np.where(y == 0, 0.0, -y / sigmoid(z))
        second = np.where(y == 1, 0.0, (1.0 - y) / sigmoid(-z))
        return (first + second)[()]


def log_loss_delta(y, z):
    """δ = ∂L/∂z = ∂L/∂ŷ·σ'(z) = σ(z) − y = ŷ − y, computed directly (no division by
    ŷ·(1 − ŷ)) as (1 − y)·σ(z) − y·σ(−z), so y = 1 keeps the tiny −σ(−z)."""
    y = np.asarray(y, dtype=np.float64)
    z = np.asarray(z, dtype=np.float64)
    return ((1.0 - y) * sigmoid(z) - y * sigmoid(-z))[()]


# Where PyTorch's BCELoss, given the float64 ŷ = σ(z) rather than z, stops agreeing
# with the true log loss for y = 0 (measured; tests/test_backprop_edges.py measures
# again): from about this z it differs by more than 1e-12 relative (1 − ŷ has lost
# digits to the rounding of ŷ) ...
BCE_DRIFT_Z = 11.3
# ... and from this z on ŷ rounds to exactly 1, so ln(1 − ŷ) = −∞ is capped at −100
# and BCELoss gives 100 whatever z is. For y = 1 it caps once z < −100.
SIGMOID_ONE_Z = 36.74


def _from_logit(layers, loss):
    """Whether the loss is log loss on a sigmoid output, worked from z."""
    return loss == "log" and layers[-1].activation == "sigmoid"


def backward(layers, passes, y, loss="squared", slope=DEFAULT_SLOPE) -> tuple[Gradients, ...]:
    """The chain rule, layer by layer from the output back: the gradients of the
    cost J (the mean loss over the rows of y) with respect to every W and b.

    ∂J/∂Z = ∂J/∂A · f'(Z);  ∂J/∂W = A_prevᵀ·∂J/∂Z;  ∂J/∂b = Σ rows of ∂J/∂Z;
    ∂J/∂A_prev = ∂J/∂Z·Wᵀ. With one example (x a vector) the cost is its loss.
    Log loss on a sigmoid output starts from δ = ŷ − y (``log_loss_delta``).
    """
    y = np.asarray(y, dtype=np.float64)
    out = passes[-1].a
    m = out.shape[0] if out.ndim > 1 else 1
    y = y.reshape(out.shape)
    if _from_logit(layers, loss):
        # σ'(z) cancels: δ = ŷ − y from z, finite even where ŷ rounds to 1 and
        # ∂L/∂ŷ·σ'(z) would be ∞·0.
        da = log_loss_slope_from_logit(y, passes[-1].z) / m
        first_dz = log_loss_delta(y, passes[-1].z) / m
    else:
        da = loss_grad(y, out, loss) / m
        first_dz = None
    grads = []
    for current, step in zip(reversed(layers), reversed(passes)):
        if first_dz is not None:
            dz, first_dz = first_dz, None
        else:
            dz = da * activate_grad(current.activation, step.z, slope)
        if step.a_prev.ndim == 1:  # a single example
            dW = np.outer(step.a_prev, dz)
            db = dz.copy()
        else:
            dW = step.a_prev.T @ dz
            db = dz.sum(axis=0)
        grads.append(Gradients(dW, db, dz, da))
        da = dz @ current.W.T
    return tuple(reversed(grads))


def exact_zero_gradients(layers, passes, grads, y, loss="squared"):
    """For one example, per layer (∂J/∂W mask, ∂J/∂b mask): True where the gradient
    is 0 because a factor is exactly 0 — an input or unit output of 0, a ReLU that
    is off (z ≤ 0), weights of 0 on every path, or ŷ = y — rather than a nonzero
    value that underflowed below float64's smallest number (a saturated unit)."""
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    out = passes[-1]
    if _from_logit(layers, loss):
        # σ(z) − y is never 0 for y = 0 or 1: a 0 there is underflow.
        dz_zero = (grads[-1].dz == 0) & (y > 0) & (y < 1)
    else:
        da_zero = grads[-1].da == 0  # ŷ = y (squared loss)
        dz_zero = da_zero | _off(layers[-1], out.z)
    masks = []
    for l in range(len(layers) - 1, -1, -1):
        current, step = layers[l], passes[l]
        if l == 0:
            a_zero = step.a_prev == 0
        else:
            # A sigmoid output is never 0 in exact arithmetic: 0 there is underflow.
            a_zero = (step.a_prev == 0) & (layers[l - 1].activation != "sigmoid")
        masks.append((a_zero[:, None] | dz_zero[None, :], dz_zero.copy()))
        if l > 0:
            da_zero = np.all((current.W == 0) | dz_zero[None, :], axis=1)
            dz_zero = da_zero | _off(layers[l - 1], passes[l - 1].z)
    return tuple(reversed(masks))


def _off(current, z):
    """Units whose slope f'(z) is exactly 0: a ReLU with z ≤ 0."""
    return (np.asarray(z) <= 0) if current.activation == "relu" else np.zeros(np.shape(z), bool)


def network_cost(layers, x, y, loss="squared", slope=DEFAULT_SLOPE) -> float:
    """J = the mean loss of the network's outputs over the examples (rows of x); log
    loss on a sigmoid output is computed from z (``log_loss_from_logit``)."""
    out = forward(layers, x, slope)[-1]
    y = np.asarray(y, dtype=np.float64).reshape(out.a.shape)
    if _from_logit(layers, loss):
        return float(np.mean(log_loss_from_logit(y, out.z)))
    return float(np.mean(per_example_loss(y, out.a, loss=loss)))


def updated(layers, grads, lr) -> tuple[Layer, ...]:
    """One gradient-descent step: W ← W − lr·∂J/∂W, b ← b − lr·∂J/∂b."""
    return tuple(
        Layer(current.W - lr * g.dW, current.b - lr * g.db, current.activation)
        for current, g in zip(layers, grads)
    )


def collapse_linear(layers) -> Layer:
    """Stacked layers without activations as one: W = W1·W2, b = b1·W2 + b2."""
    W, b = layers[0].W, layers[0].b
    for current in layers[1:]:
        W, b = W @ current.W, b @ current.W + current.b
    return Layer(W, b, "identity")


# SYLLABUS.md section 7: a trained 2-2-1 network from a well-known tutorial, in
# Keras' layout (W[i][j]: input i → unit j). These are inputs, not results.
PRESET_LAYERS = (
    ([[-1.1044016, 0.9812743], [-0.5948815, 1.4780935]], [0.0, 0.3192987], "relu"),
    ([[0.1048971], [2.0368812]], [0.2609277], "identity"),
)
PRESET_X = (2.0, 3.0)


def preset() -> tuple[Layer, ...]:
    """The syllabus's trained 2-2-1 network: ReLU hidden layer, identity output."""
    return tuple(layer(W, b, activation) for W, b, activation in PRESET_LAYERS)


def parameter_count(layers) -> int:
    """Σ over layers of n_in·n_out weights + n_out biases."""
    return sum(current.parameters for current in layers)


def input_terms(a_prev, W):
    """aᵢ·wᵢⱼ for one example: row i, column j is input i times the weight to unit j,
    a term of zⱼ = Σᵢ aᵢ·wᵢⱼ + bⱼ."""
    return np.asarray(a_prev, dtype=np.float64)[:, None] * W

