"""Figures of losses. Each function draws what it is given; none computes."""

import math

from matplotlib.figure import Figure

from nnexplain.plot.style import styled
from nnexplain.render.numbers import format_number


def loss_curve_figure(family) -> Figure:
    """The loss as a function of the prediction, one curve per label, the
    learner's point marked (at the top edge, with an arrow, when it is ∞)."""
    with styled():
        figure = Figure()
        axes = figure.add_subplot()
        for curve in family.curves:
            axes.plot(curve.x, curve.y, label=curve.label)
        finite_top = max(float(c.y.max()) for c in family.curves)
        point = family.point
        top = min(finite_top, 8.0) * 1.08
        if point is not None:
            if math.isfinite(point.y):
                top = max(top, point.y * 1.08)
                axes.plot([point.x], [point.y], "o", color="black", zorder=3,
                          label=f"{point.label}: $L = {format_number(point.y)}$")
            else:
                # The arrow points off the top of the axes; the words sit beside
                # it, on the side away from the nearby curve.
                side = 1 if point.x < 0.5 else -1
                axes.annotate(
                    r"$L = \infty$", xy=(point.x, top), xytext=(side * 28, -36),
                    textcoords="offset points", ha="left" if side > 0 else "right",
                    arrowprops={"arrowstyle": "->", "color": "black"},
                )
                axes.plot([], [], "o", color="black", label=f"{point.label}: $L = \\infty$")
        axes.set_ylim(0, top)
        axes.set_title(family.title)
        axes.set_xlabel(family.x_label)
        axes.set_ylabel(family.y_label)
        axes.legend()
    return figure
