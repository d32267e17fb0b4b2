"""The bias figure. Draws what it is given; computes nothing."""

from matplotlib.figure import Figure

from nnexplain.plot.labels import math_exact as _exact
from nnexplain.plot.labels import math_number as _number
from nnexplain.plot.style import new_figure, styled


def bias_figure(data) -> Figure:
    """The family f(w·x + b), one curve per bias, with a dashed guide at each
    shift x₀ = −b/w and a dot where the curve passes f(0) there; with ``data.point``,
    a cross at the neuron's (x, a)."""
    with styled():
        figure = new_figure()
        axes = figure.add_subplot()
        for curve, shift in zip(data.curves, data.shifts):
            (line,) = axes.plot(curve.x, curve.y, label=f"$b = {_exact(curve.parameter)}$")
            colour = line.get_color()
            axes.axvline(shift, color=colour, linestyle="--", linewidth=1.2, alpha=0.8,
                         label=f"_shift b = {_exact(curve.parameter)}")
            axes.plot([shift], [data.level], "o", color=colour, zorder=3,
                      label=f"_x0 b = {_exact(curve.parameter)}")  # fmt: skip
        if data.point is not None:
            x, a = data.point
            axes.plot([x], [a], "X", color="black", markersize=9, zorder=4,
                      label=f"neuron: $x = {_exact(x)}$, $a = {_number(a)}$")
        symbol = f"{data.mathtext}(w \\cdot x + b)"
        axes.set_title(f"{data.title}: the bias moves ${symbol}$ by $-b/w$ ($w = {_exact(data.w)}$)")
        axes.set_xlabel("$x$")
        axes.set_ylabel(f"${symbol}$")
        axes.legend()
    return figure
