"""The universal-approximation figure in characters (``--show``): f, the network's
output g and the knots, from the data the matplotlib figure draws. Draws; computes
nothing (``nnexplain.termplot.figures.DRAWERS["approximation_figure"]``)."""

from __future__ import annotations

import plotext as plt

from nnexplain.render.numbers import format_number

NAMES = {"sin": "sin x", "square": "x²", "abs": "|x|", "step": "step H(x)"}


def approximation_text(data, look, width, height):
    """f and g as lines, the knots as points; the units' contributions are left to
    the file figure (too many thin lines for characters)."""
    n = data.contributions.shape[0]
    plt.plot(data.x.tolist(), data.f.tolist(), label=f"f(x) = {NAMES[data.function]}", **look.line(0))
    plt.plot(data.x.tolist(), data.g.tolist(), label=f"network g(x), {n} ReLU unit{'s' * (n != 1)}",
             **look.line(1))
    plt.scatter(data.knots.tolist(), data.knot_values.tolist(), label=f"{data.knots.size} knots",
                **look.points(2, "●"))
    plt.xlabel("x")
    plt.title(f"max |f − g| = {format_number(data.max_error)}")
    return None, ["Each unit's contribution cₖ·ReLU(x − xₖ) is drawn in the --plot figure."]
