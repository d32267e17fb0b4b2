"""Data for the network diagram: every unit's name, every weight and bias, the
activation of each layer and, optionally, the values of one forward pass, all
from ``nnexplain.core.network``. The plot layer only places and draws them."""

from dataclasses import dataclass

import numpy as np

from nnexplain.core import DEFAULT_SLOPE
from nnexplain.core.network import forward
from nnexplain.explain.network import ACTIVATION_WORDS, Names


@dataclass(frozen=True)
class Diagram:
    shape: str  # "2-2-1"
    columns: tuple[tuple[str, ...], ...]  # the inputs' names, then each layer's units'
    activations: tuple[str, ...]  # one per layer, in words ("ReLU")
    weights: tuple[np.ndarray, ...]  # W of each layer, Keras layout: W[i, j] is input i → unit j
    biases: tuple[np.ndarray, ...]  # b of each layer: the bias unit's weight to unit j
    values: tuple[np.ndarray, ...] | None  # x, then each layer's a = f(z); None: not shown
    # Each layer's z = a_prev·W + b, before its activation; None: not shown.
    sums: tuple[np.ndarray, ...] | None = None


def diagram(layers, x=None, slope=DEFAULT_SLOPE, sums=False) -> Diagram:
    """The picture of ``layers``; with ``x``, the values of its forward pass too
    (and with ``sums``, each unit's z before its activation as well)."""
    names = Names(layers)
    columns = [tuple(names.source(1, i) for i in range(layers[0].n_in))]
    columns += [tuple(names.unit(l, j) for j in range(current.n_out))
                for l, current in enumerate(layers, start=1)]  # fmt: skip
    values = z = None
    if x is not None:
        passes = forward(layers, x, slope=slope)
        values = (np.asarray(x, dtype=np.float64), *(p.a for p in passes))
        if sums:
            z = tuple(p.z for p in passes)
    return Diagram(
        shape=names.shape(),
        columns=tuple(columns),
        activations=tuple(ACTIVATION_WORDS[current.activation] for current in layers),
        weights=tuple(np.asarray(current.W, dtype=np.float64) for current in layers),
        biases=tuple(np.asarray(current.b, dtype=np.float64) for current in layers),
        values=values,
        sums=z,
    )
