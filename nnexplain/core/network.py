"""A small dense network (multi-layer perceptron): forward and backward passes.

Weights are in Keras' layout: ``W`` has one row per input and one column per
unit, so ``W[i, j]`` connects input i to unit j and a layer computes
``Z = A_prev·W + b`` for a whole batch at once (one row per example).
"""

from dataclasses import dataclass

import numpy as np

from nnexplain.core.activations import DEFAULT_SLOPE, activate, activate_grad
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


def backward(layers, passes, y, loss="squared", slope=DEFAULT_SLOPE) -> tuple[Gradients, ...]:
    """The chain rule, layer by layer from the output back: the gradients of the
    cost J (the mean loss over the rows of y) with respect to every W and b.

    ∂J/∂Z = ∂J/∂A · f'(Z);  ∂J/∂W = A_prevᵀ·∂J/∂Z;  ∂J/∂b = Σ rows of ∂J/∂Z;
    ∂J/∂A_prev = ∂J/∂Z·Wᵀ. With one example (x a vector) the cost is its loss.
    """
    y = np.asarray(y, dtype=np.float64)
    out = passes[-1].a
    m = out.shape[0] if out.ndim > 1 else 1
    da = loss_grad(y.reshape(out.shape), out, loss) / m
    grads = []
    for current, step in zip(reversed(layers), reversed(passes)):
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


def network_cost(layers, x, y, loss="squared", slope=DEFAULT_SLOPE) -> float:
    """J = the mean loss of the network's outputs over the examples (rows of x)."""
    y_hat = predict(layers, x, slope)
    y = np.asarray(y, dtype=np.float64).reshape(y_hat.shape)
    return float(np.mean(per_example_loss(y, y_hat, loss=loss)))


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

