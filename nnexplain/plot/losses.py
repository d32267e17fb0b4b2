"""Figures of losses. Each function draws what it is given; none computes."""

import math

from matplotlib.figure import Figure

from nnexplain.plot.labels import math_exact, math_number
from nnexplain.plot.style import ink, new_figure, styled


def loss_curve_figure(family) -> Figure:
    """The loss as a function of the prediction, one curve per label, the
    learner's point marked (at the top edge, with an arrow, when it is ∞)."""
    with styled():
        figure = new_figure()
        axes = figure.add_subplot()
        p, x, y = family.parameter_symbol, family.x_symbol, family.y_symbol
        for curve in family.curves:
            axes.plot(curve.x, curve.y, label=f"${_given(p, curve.parameter)}$")
        finite_top = max(float(c.y.max()) for c in family.curves)
        point = family.point
        top = min(finite_top, 8.0) * 1.08
        if point is not None:
            name = rf"${_given(p, point.parameter)},\ {_given(x, point.x)}$"
            if math.isfinite(point.y):
                top = max(top, point.y * 1.08)
                axes.plot([point.x], [point.y], "o", color=ink(), zorder=3,
                          label=f"{name}: ${y} = {math_number(point.y)}$")
            else:
                # The arrow points off the top of the axes; the words sit beside
                # it, on the side away from the nearby curve.
                side = 1 if point.x < 0.5 else -1
                axes.annotate(
                    rf"${y} = \infty$", xy=(point.x, top), xytext=(side * 28, -36),
                    textcoords="offset points", ha="left" if side > 0 else "right",
                    arrowprops={"arrowstyle": "->", "color": ink()},
                )
                axes.plot([], [], "o", color=ink(), label=f"{name}: ${y} = \\infty$")
        axes.set_ylim(0, top)
        axes.set_title(family.title)
        axes.set_xlabel(f"{family.x_words} ${x}$")
        axes.set_ylabel(f"{family.y_words} ${y}({x})$")
        axes.legend()
    return figure


def _given(symbol, value):
    """``symbol = value`` for a number the learner typed: shown exactly, never rounded."""
    return f"{symbol} = {math_exact(value)}"
