"""Points in weight space that compute the same function: why a network's cost is
not convex in its weights.

Exchanging two units of a hidden layer (their columns of W and entries of b, and
their rows of the next layer's W) gives different weights with exactly the same
output for every input, so the same cost. A convex cost would be at most that value
everywhere on the segment between the two points; the midpoint usually costs more.
"""

import numpy as np

from nnexplain.core.network import Layer


def swap_units(layers, l: int, i: int, j: int) -> tuple[Layer, ...]:
    """The network with units i and j of layer l (counting layers and units from 0)
    exchanged: columns i, j of W⁽ˡ⁾ and entries of b⁽ˡ⁾, rows i, j of W⁽ˡ⁺¹⁾."""
    if not 0 <= l < len(layers) - 1:
        raise ValueError(f"layer {l} is not a hidden layer (a network of {len(layers)} layers)")
    order = np.arange(layers[l].n_out)
    order[[i, j]] = order[[j, i]]
    current, following = layers[l], layers[l + 1]
    return (
        *layers[:l],
        Layer(current.W[:, order], current.b[order], current.activation),
        Layer(following.W[order, :], following.b.copy(), following.activation),
        *layers[l + 2 :],
    )


def between(layers_a, layers_b, t: float) -> tuple[Layer, ...]:
    """The weights (1 − t)·θ_a + t·θ_b, layer by layer (t = 0.5: the midpoint)."""
    return tuple(
        Layer((1.0 - t) * a.W + t * b.W, (1.0 - t) * a.b + t * b.b, a.activation)
        for a, b in zip(layers_a, layers_b)
    )


def first_swappable(layers):
    """The first hidden layer (from 0) with at least two units whose weights and
    biases differ (swapping identical units changes nothing), or None."""
    for l, current in enumerate(layers[:-1]):
        if current.n_out >= 2 and not (
            np.array_equal(current.W[:, 0], current.W[:, 1])
            and current.b[0] == current.b[1]
            and np.array_equal(layers[l + 1].W[0], layers[l + 1].W[1])
        ):
            return l
    return None
