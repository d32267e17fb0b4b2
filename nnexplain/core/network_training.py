"""Training a whole dense network by full-batch gradient descent on small 2-D data
sets the tool makes itself (no downloads), vectorised over examples.

The network: dense layers in ``core.network``'s layout (``Z = A_prev·W + b``), the
hidden ones with one activation, the output one sigmoid unit with log loss computed
from its pre-activation z (``log_loss_from_logit``, ``log_loss_delta``), so the
cost is finite wherever the true one is. The gradients are the chain rule of
``core.network.backward`` on the same primitives, in the same order; a test checks
they equal it (and the mean of its per-example gradients) to 1e-12.

All randomness comes from ``numpy.random.default_rng(seed)``: its two spawned streams
give the data and the starting weights, so the start depends on the seed and the
network's shape alone, not on how many points are drawn.
"""

import math
from dataclasses import dataclass

import numpy as np

from nnexplain.core.activations import DEFAULT_SLOPE, activate, activate_grad
from nnexplain.core.network import Layer, log_loss_delta, log_loss_from_logit

DEFAULT_SEED = 42
DEFAULT_N = 200
TASKS = ("xor", "circles", "moons", "spiral")
HIDDEN_ACTIVATIONS = ("relu", "tanh", "sigmoid", "leaky_relu")

# XOR: the four corners of the unit square, in this order, each with its label
# x₁ XOR x₂. Point i sits at corner i mod 4, so the labels alternate 0, 1, 0, 1, …
# and n = 4 with no noise gives exactly the four points of the lesson.
XOR_CORNERS = ((0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (1.0, 0.0))
XOR_LABELS = (0.0, 1.0, 0.0, 1.0)
# Circles: class 0 on the outer ring, class 1 on the inner one (scikit-learn's
# make_circles labels them so too), at these radii.
CIRCLE_RADII = (1.0, 0.5)
# Spiral: each arm turns this many half-turns (π radians) from the centre outwards,
# its radius growing from SPIRAL_START to 1; arm 1 is arm 0 turned by π.
SPIRAL_HALF_TURNS = 3.0
SPIRAL_START = 0.1
# The noise (standard deviation of a normal draw added to each coordinate) when
# none is given: small beside each set's scale, so the classes stay apart.
DEFAULT_NOISE = {"xor": 0.15, "circles": 0.08, "moons": 0.1, "spiral": 0.03}


def _streams(seed):
    """Two independent generators from one seed: (data, starting weights)."""
    data, start = np.random.default_rng(seed).spawn(2)
    return data, start


def make_data(task, n=DEFAULT_N, noise=None, seed=DEFAULT_SEED):
    """``n`` points (x₁, x₂) as an (n, 2) array and their labels y (n,), 0 or 1,
    alternating 0, 1, 0, 1, … so both classes are (nearly) equally many; each
    coordinate gets normal noise of standard deviation ``noise`` (DEFAULT_NOISE
    of the task when None).

    xor: corner i mod 4 of the unit square (XOR_CORNERS), label x₁ XOR x₂;
    circles: a point at a uniform angle on the outer ring (class 0) or the inner
    ring (class 1); moons: t uniform in [0, π], class 0 at (cos t, sin t), class 1
    at (1 − cos t, 1/2 − sin t); spiral: t uniform in [0, 1], radius
    SPIRAL_START + (1 − SPIRAL_START)·t, angle SPIRAL_HALF_TURNS·π·t (+ π for class 1).
    """
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}; expected one of {', '.join(TASKS)}")
    rng, _ = _streams(seed)
    noise = DEFAULT_NOISE[task] if noise is None else float(noise)
    index = np.arange(n)
    y = (index % 2).astype(np.float64)
    if task == "xor":
        x = np.asarray(XOR_CORNERS, dtype=np.float64)[index % 4]
        y = np.asarray(XOR_LABELS, dtype=np.float64)[index % 4]
    elif task == "circles":
        angle = rng.uniform(0.0, 2.0 * np.pi, size=n)
        radius = np.where(y == 0.0, CIRCLE_RADII[0], CIRCLE_RADII[1])
        x = radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    elif task == "moons":
        t = rng.uniform(0.0, np.pi, size=n)
        upper = np.column_stack([np.cos(t), np.sin(t)])
        lower = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
        x = np.where((y == 0.0)[:, None], upper, lower)
    else:
        t = rng.uniform(0.0, 1.0, size=n)
        radius = SPIRAL_START + (1.0 - SPIRAL_START) * t
        angle = SPIRAL_HALF_TURNS * np.pi * t + np.pi * y
        x = radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    # + 0.0 turns −0.0 into 0.0, which NumPy's normal() would reject as negative.
    x = x + rng.normal(0.0, noise + 0.0, size=(n, 2))
    return x, y


# --- the network ----------------------------------------------------------------------


def sizes_of(hidden, inputs=2):
    """(inputs, *hidden, 1): the units of every layer, the inputs first."""
    return (inputs, *(int(h) for h in hidden), 1)


def starting_scale(activation, n_in, n_out) -> float:
    """The standard deviation of a layer's starting weights: He's √(2/n_in) before
    a ReLU or leaky ReLU, Glorot's (Xavier's) √(2/(n_in + n_out)) before tanh or
    sigmoid (the output layer's sigmoid too). Both keep the spread of z about the
    same from layer to layer at the start."""
    if activation in ("relu", "leaky_relu"):
        return math.sqrt(2.0 / n_in)
    return math.sqrt(2.0 / (n_in + n_out))


def starting_layers(hidden, activation, seed=DEFAULT_SEED, inputs=2) -> tuple[Layer, ...]:
    """Layers with weights ~ N(0, starting_scale²), drawn layer by layer from the
    seed's second stream, and biases 0; hidden layers use ``activation``, the
    output unit the sigmoid."""
    _, rng = _streams(seed)
    sizes = sizes_of(hidden, inputs)
    layers = []
    for k, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        act = "sigmoid" if k == len(sizes) - 2 else activation
        W = rng.normal(0.0, starting_scale(act, n_in, n_out), size=(n_in, n_out))
        layers.append(Layer(W, np.zeros(n_out), act))
    return tuple(layers)


def _chain(Ws, bs, activations, x, Y, slope):
    """One forward and backward pass over every example: (z of the output, the
    cost J, [(∂J/∂W, ∂J/∂b) per layer]). The chain rule as ``core.network.backward``
    works it for log loss on a sigmoid output: δ = (ŷ − y)/m from z
    (``log_loss_delta``), then ∂J/∂W = A_prevᵀ·δ, ∂J/∂b = Σ rows of δ,
    δ_prev = (δ·Wᵀ)·f'(Z_prev)."""
    inputs, zs = [x], []
    a = x
    last = len(Ws) - 1
    for k, (W, b, act) in enumerate(zip(Ws, bs, activations)):
        z = a @ W + b
        zs.append(z)
        if k < last:
            a = activate(act, z, slope)
            inputs.append(a)
    z = zs[-1]
    m = Y.shape[0]
    cost = float(np.mean(log_loss_from_logit(Y, z)))
    dz = log_loss_delta(Y, z) / m
    grads = [None] * len(Ws)
    for k in range(last, -1, -1):
        grads[k] = (inputs[k].T @ dz, dz.sum(axis=0))
        if k:
            dz = (dz @ Ws[k].T) * activate_grad(activations[k - 1], zs[k - 1], slope)
    return z, cost, grads


def mean_gradients(layers, x, y, slope=DEFAULT_SLOPE):
    """(∂J/∂W, ∂J/∂b) of every layer for the mean log loss J over the rows of x,
    exactly as the trainer computes them."""
    x = np.asarray(x, dtype=np.float64)
    Y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        _, _, grads = _chain([l.W for l in layers], [l.b for l in layers],
                             [l.activation for l in layers], x, Y, slope)
    return tuple(grads)


def output_logit(layers, x, slope=DEFAULT_SLOPE):
    """z of the output unit for every row of x (ŷ = σ(z); class 1 where z ≥ 0)."""
    a = np.asarray(x, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        for current in layers[:-1]:
            a = activate(current.activation, a @ current.W + current.b, slope)
        return (a @ layers[-1].W + layers[-1].b)[:, 0]


def accuracy(layers, x, y, slope=DEFAULT_SLOPE) -> float:
    """The fraction of examples whose class, ŷ ≥ 0.5 (that is z ≥ 0), equals y."""
    z = output_logit(layers, x, slope)
    return float(np.mean((z >= 0.0) == (np.asarray(y) == 1.0)))


def cost_of(layers, x, y, slope=DEFAULT_SLOPE) -> float:
    """J = the mean log loss over the examples, from the output's z."""
    with np.errstate(over="ignore", invalid="ignore"):
        return float(np.mean(log_loss_from_logit(np.asarray(y, dtype=np.float64),
                                                 output_logit(layers, x, slope))))


# --- gradient descent -------------------------------------------------------------------


@dataclass(frozen=True)
class NetworkTraining:
    """A full-batch gradient-descent run of a network.

    ``epochs[k]``, ``layers[k]``, ``costs[k]``, ``accuracies[k]``: a recorded epoch
    (0 = the start), the layers before that epoch's update, their cost and
    accuracy. ``curve[e]``: the cost at epoch e for every epoch run.
    ``diverged_at``: the first epoch whose cost was not finite (training stopped
    there; it is the last entry of ``curve``)."""

    lr: float
    epochs: np.ndarray
    layers: tuple[tuple[Layer, ...], ...]
    costs: np.ndarray
    accuracies: np.ndarray
    curve: np.ndarray
    diverged_at: int | None = None

    @property
    def final_layers(self) -> tuple[Layer, ...]:
        return self.layers[-1]

    @property
    def final_cost(self) -> float:
        return float(self.costs[-1])

    @property
    def final_accuracy(self) -> float:
        return float(self.accuracies[-1])

    def at(self, epoch):
        """The layers recorded at ``epoch``."""
        return self.layers[int(np.searchsorted(self.epochs, epoch))]


def train_network(x, y, layers, lr, epochs, record=(), slope=DEFAULT_SLOPE) -> NetworkTraining:
    """``epochs`` updates W ← W − lr·∂J/∂W, b ← b − lr·∂J/∂b of every layer, each
    over all examples at once. ``record``: epochs at which to keep the layers, cost
    and accuracy (0 and the last are always kept). Stops at the first epoch whose
    cost is inf or nan."""
    x = np.ascontiguousarray(x, dtype=np.float64)
    Y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    is_label_1 = Y == 1.0
    Ws = [np.array(l.W, dtype=np.float64) for l in layers]
    bs = [np.array(l.b, dtype=np.float64) for l in layers]
    activations = [l.activation for l in layers]
    wanted = sorted({0, epochs, *(e for e in record if 0 <= e <= epochs)})
    kept_epochs, kept_layers, kept_costs, kept_accuracies = [], [], [], []
    curve = np.empty(epochs + 1)
    next_keep, keep_index = wanted[0], 0
    diverged_at = None
    # Overflow is expected when the learning rate is too large; the finite-cost
    # check reports it, so NumPy need not warn.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for epoch in range(epochs + 1):
            z, cost, grads = _chain(Ws, bs, activations, x, Y, slope)
            curve[epoch] = cost
            if not math.isfinite(cost):
                diverged_at = epoch
                curve = curve[: epoch + 1]
                break
            if epoch == next_keep:
                kept_epochs.append(epoch)
                kept_layers.append(tuple(Layer(W.copy(), b.copy(), act)
                                         for W, b, act in zip(Ws, bs, activations)))
                kept_costs.append(cost)
                kept_accuracies.append(float(np.mean((z >= 0.0) == is_label_1)))
                keep_index += 1
                next_keep = wanted[keep_index] if keep_index < len(wanted) else -1
            if epoch == epochs:
                break
            for W, b, (dW, db) in zip(Ws, bs, grads):
                W -= lr * dW
                b -= lr * db
    return NetworkTraining(
        lr=float(lr), epochs=np.array(kept_epochs, dtype=np.int64), layers=tuple(kept_layers),
        costs=np.array(kept_costs, dtype=np.float64),
        accuracies=np.array(kept_accuracies, dtype=np.float64), curve=curve,
        diverged_at=diverged_at,
    )


def probability_grid(layers, axis_1, axis_2, slope=DEFAULT_SLOPE):
    """ŷ = σ(z) of the network at every (x₁, x₂) of a grid: rows follow ``axis_2``,
    columns ``axis_1`` (as np.meshgrid)."""
    from nnexplain.core.activations import sigmoid

    X1, X2 = np.meshgrid(np.asarray(axis_1, dtype=np.float64), np.asarray(axis_2, dtype=np.float64))
    points = np.column_stack([X1.ravel(), X2.ravel()])
    return sigmoid(output_logit(layers, points, slope)).reshape(X1.shape)
