"""Why non-linearity matters: stacked linear layers collapse into one, and no
linear model fits XOR.

Layers are ``nnexplain.core.network`` layers (Keras layout, ``W[i, j]`` connects
input i to unit j); ``collapse_linear`` there folds a stack into one layer.
"""

from dataclasses import dataclass

import numpy as np

from nnexplain.core.network import Layer, collapse_linear, forward, layer, predict

EPS = float(np.finfo(np.float64).eps)  # 2⁻⁵², the gap between 1 and the next float64
TINY = float(np.finfo(np.float64).smallest_subnormal)  # 2⁻¹⁰⁷⁴


def example_stack() -> tuple[Layer, ...]:
    """Two linear layers, 2 inputs → 3 hidden → 1 output, with numbers a learner
    can multiply by hand."""
    return (
        layer([[1.0, -1.0, 2.0], [0.5, 2.0, -1.0]], [0.0, 1.0, -0.5]),
        layer([[2.0], [-1.0], [0.5]], [1.0]),
    )


def example_inputs() -> np.ndarray:
    """A few inputs to push through the example stack, one row each."""
    return np.array([[2.0, 3.0], [-1.0, 0.5], [0.0, 0.0]])


def xor_data() -> tuple[np.ndarray, np.ndarray]:
    """The four corners of the unit square and their XOR: x (4 × 2), y (4)."""
    x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    return x, y


def xor_network() -> tuple[Layer, ...]:
    """A 2-2-1 ReLU network that computes XOR exactly: h = ReLU(x·W1 + b1),
    ŷ = h·W2 + b2.

    The weights are the worked solution of Goodfellow, Bengio & Courville, *Deep
    Learning* (MIT Press, 2016), section 6.1 "Example: Learning XOR":
    W = [[1, 1], [1, 1]], c = (0, −1), w = (1, −2), b = 0.
    """
    return (
        layer([[1.0, 1.0], [1.0, 1.0]], [0.0, -1.0], "relu"),
        layer([[1.0], [-2.0]], [0.0]),
    )


def without_activations(layers) -> tuple[Layer, ...]:
    """The same weights with every activation replaced by the identity."""
    return tuple(Layer(current.W, current.b, "identity") for current in layers)


@dataclass(frozen=True)
class Collapse:
    """A stack of linear layers run two ways on the same inputs.

    ``stacked`` goes layer by layer (``passes``); ``collapsed`` uses the single
    layer x·W + b. ``bound`` is, per row, a float64 rounding bound on their
    difference: (Σ layer inputs + layers)·2·ε times the size of the terms added.
    """

    passes: tuple  # core.network.Pass per layer of the stack
    layer: Layer  # W = W1·W2·…, b = (b1·W2 + b2)·…
    stacked: np.ndarray
    collapsed: np.ndarray
    difference: np.ndarray  # stacked − collapsed
    bound: np.ndarray


def collapse(layers, x) -> Collapse:
    """Run x (one row per example) through the stack and through the collapsed
    layer W = W1·W2, b = b1·W2 + b2, and compare."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):  # callers check finiteness
        one = collapse_linear(layers)
        passes = forward(layers, x)
        stacked = passes[-1].a
        collapsed = x @ one.W + one.b
        difference = stacked - collapsed
        bound = _rounding_bound(layers, x)
    return Collapse(passes, one, stacked, collapsed, difference, bound)


def _rounding_bound(layers, x):
    """A bound on |stacked − collapsed| from float64 rounding.

    Each route adds up the same products in a different order; the classic bound
    on a computed sum of n products is n·ε·Σ|terms|. Running the absolute values
    through the stack, |x|·|W1|·|W2| + |b1|·|W2| + |b2|, bounds every term either
    route adds; both routes err, hence the factor 2. Products that underflow into
    subnormals lose up to TINY each, absolutely, carried on by later weights.
    """
    size = np.abs(x)
    underflow = np.zeros(size.shape[:-1] + (layers[0].n_in,))
    terms = 0
    for current in layers:
        size = size @ np.abs(current.W) + np.abs(current.b)
        underflow = underflow @ np.abs(current.W) + (current.n_in + 1) * TINY
        terms += current.n_in + 1
    return 2.0 * (terms * EPS * size + underflow)


def normal_equations(x, y) -> tuple[np.ndarray, np.ndarray]:
    """XᵀX and Xᵀy for the least-squares fit ŷ = x·w + b, where X is x with a
    column of ones appended (the bias's input)."""
    X = _with_ones(x)
    y = np.asarray(y, dtype=np.float64)
    return X.T @ X, X.T @ y


def least_squares(x, y) -> tuple[np.ndarray, float]:
    """The w and b minimising the mean squared error of ŷ = x·w + b: the solution
    θ = (w, b) of the normal equations XᵀX·θ = Xᵀy.

    Solving the normal equations (rather than np.linalg.lstsq's SVD) gives the
    exact answer w = (0, 0), b = 0.5 on XOR, where lstsq leaves ~3e-16 of
    rounding in w; it is fine for the small, well-conditioned tables used here
    and raises numpy.linalg.LinAlgError when the fit is not unique.
    """
    A, c = normal_equations(x, y)
    theta = np.linalg.solve(A, c)
    return theta[:-1], float(theta[-1])


def linear_predict(x, w, b) -> np.ndarray:
    """ŷ = x·w + b for each row of x."""
    return np.asarray(x, dtype=np.float64) @ np.asarray(w, dtype=np.float64) + b


def diagonal_sums(x, y_hat) -> tuple[float, float]:
    """On the four corners of the unit square: ŷ(0,0) + ŷ(1,1) (where x₁ = x₂)
    and ŷ(0,1) + ŷ(1,0) (where x₁ ≠ x₂). Any linear model makes them equal
    (both are 2b + w₁ + w₂); XOR asks for 0 and 2."""
    x = np.asarray(x, dtype=np.float64)
    y_hat = np.asarray(y_hat, dtype=np.float64).reshape(-1)
    same = x[:, 0] == x[:, 1]
    return float(np.sum(y_hat[same])), float(np.sum(y_hat[~same]))


def _with_ones(x):
    x = np.asarray(x, dtype=np.float64)
    return np.column_stack([x, np.ones(x.shape[0])])


# The network's ŷ is read as class 1 where ŷ ≥ XOR_THRESHOLD, class 0 below it.
XOR_THRESHOLD = 0.5


@dataclass(frozen=True)
class XorSurfaces:
    """The best linear model's and the ReLU network's outputs over a square around
    the XOR corners: ``line`` and ``network`` hold ŷ at (axis[j], axis[i]) in row i,
    column j (x₂ down the rows, x₁ across); ``regions`` the network's class there
    (ŷ ≥ threshold).

    The hidden units' space: ``hidden`` holds each corner's (h₁, h₂); the output
    layer ŷ = h·output_w + output_b separates the classes along the line
    h·output_w + output_b = threshold, drawn from ``hidden_line[0]`` to
    ``hidden_line[1]``; ``hidden_regions`` is the output layer's class at
    (hidden_axis_1[j], hidden_axis_2[i]) in row i, column j."""

    axis: np.ndarray
    line: np.ndarray
    network: np.ndarray
    w: np.ndarray
    b: float
    x: np.ndarray  # the four corners
    y: np.ndarray
    threshold: float  # ŷ ≥ threshold: class 1
    regions: np.ndarray  # bool, network ≥ threshold
    hidden: np.ndarray  # 4 × 2: (h₁, h₂) of each corner
    output_w: np.ndarray  # the output layer's weights (w₁, w₂)
    output_b: float
    hidden_line: np.ndarray  # 2 × 2: two points (h₁, h₂) on the line
    hidden_axis_1: np.ndarray
    hidden_axis_2: np.ndarray
    hidden_regions: np.ndarray  # bool, output layer's ŷ ≥ threshold


def xor_surfaces(points=201, margin=0.25) -> XorSurfaces:
    """ŷ of the least-squares linear model and of ``xor_network`` on a points × points
    grid over [−margin, 1 + margin]², the network's class there, and the corners in
    the hidden units' space with the output layer's separating line."""
    x, y = xor_data()
    w, b = least_squares(x, y)
    axis = np.linspace(-margin, 1.0 + margin, points)
    x1, x2 = np.meshgrid(axis, axis)
    grid = np.column_stack([x1.ravel(), x2.ravel()])
    line = linear_predict(grid, w, b).reshape(x1.shape)
    network_layers = xor_network()
    network = predict(network_layers, grid)[:, 0].reshape(x1.shape)
    hidden = forward(network_layers, x)[0].a
    output = network_layers[-1]
    low, high = hidden.min(axis=0) - margin, hidden.max(axis=0) + margin
    axis_1 = np.linspace(low[0], high[0], points)
    axis_2 = np.linspace(low[1], high[1], points)
    h1, h2 = np.meshgrid(axis_1, axis_2)
    on_hidden = predict((output,), np.column_stack([h1.ravel(), h2.ravel()]))[:, 0]
    return XorSurfaces(
        axis, line, network, w, b, x, y,
        threshold=XOR_THRESHOLD,
        regions=network >= XOR_THRESHOLD,
        hidden=hidden,
        output_w=output.W[:, 0].copy(),
        output_b=float(output.b[0]),
        hidden_line=level_line(output.W[:, 0], float(output.b[0]), XOR_THRESHOLD, low, high),
        hidden_axis_1=axis_1,
        hidden_axis_2=axis_2,
        hidden_regions=(on_hidden >= XOR_THRESHOLD).reshape(h1.shape),
    )  # fmt: skip


def level_line(w, b, level, low, high) -> np.ndarray:
    """Two points (rows) of the line w₁·u + w₂·v + b = level in the plane, at the
    ends of the box [low, high] along the coordinate the line runs most along
    (the other coordinate may leave the box). w must not be (0, 0)."""
    w = np.asarray(w, dtype=np.float64)
    if abs(w[1]) >= abs(w[0]):  # not steep: v from u at the box's left and right
        u = np.array([low[0], high[0]], dtype=np.float64)
        return np.column_stack([u, (level - b - w[0] * u) / w[1]])
    v = np.array([low[1], high[1]], dtype=np.float64)
    return np.column_stack([(level - b - w[1] * v) / w[0], v])
