"""The softmax cross-entropy figure in characters (``--show``): the probabilities
beside the target, and the gradient p − y per class. Draws what it is given.

Hooked into ``nnexplain.termplot.figures.DRAWERS`` as
``"crossentropy_figure": crossentropy_text``.
"""

from __future__ import annotations

import numpy as np
import plotext as plt

from nnexplain.render.numbers import format_number
from nnexplain.termplot.figures import _bar

LABELLED_CLASSES = 12


def crossentropy_text(data, look, width, height):
    """Left: pᵢ and yᵢ side by side per class (counted from 0). Right: pᵢ − yᵢ, the
    positive bars in one colour (or shade), the negative in another."""
    n = data.p.size
    index = np.arange(n)
    plt.subplots(1, 2)
    plt.subplot(1, 1)
    plt.multiple_bar(index.tolist(), [data.p.tolist(), data.y.tolist()], labels=["p (softmax)", "y (target)"],
                     **({"color": [_bar(look, 0)["color"], _bar(look, 1)["color"]]} if look.colour
                        else {"marker": [_bar(look, 0)["marker"], _bar(look, 1)["marker"]]}))
    plt.ylim(0.0, 1.3)
    plt.xlim(-0.6, n - 0.4)
    plt.title("Probabilities p and the target y")
    plt.xlabel("class i (from 0)")
    plt.subplot(1, 2)
    up = data.gradient >= 0
    for mask, which, label in ((up, 2, "positive: step lowers z"), (~up, 5, "negative: step raises z")):
        if mask.any():
            plt.bar(index[mask].tolist(), data.gradient[mask].tolist(), width=0.7, label=label,
                    **_bar(look, which if look.colour else int(which != 2)))
    if n <= LABELLED_CLASSES:
        for x, value in zip(index, data.gradient):
            plt.text(format_number(float(value)), float(x), float(value) + (0.12 if value >= 0 else -0.12),
                     alignment="center")
        for column in (1, 2):
            plt.subplot(1, column)
            plt.xticks(index.tolist(), [str(i) for i in index])
    plt.subplot(1, 2)
    plt.ylim(-1.3, 1.3)
    plt.xlim(-0.6, n - 0.4)
    plt.title("Gradient dL/dz = p − y")
    plt.xlabel("class i (from 0)")
    loss = "∞" if np.isinf(data.loss) else format_number(data.loss)
    return f"Softmax with cross-entropy: L = −Σ yᵢ·ln pᵢ = {loss}", []
