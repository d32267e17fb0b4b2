"""Figures of activation functions. Each function draws what it is given; none computes."""

from matplotlib.figure import Figure

from nnexplain.plot.labels import math_exact
from nnexplain.plot.style import guide, ink, new_figure, palette, styled

# Two panels side by side, wide enough for a projector.
FIGURE_SIZE = (12, 5)
# A line style per function as well as a colour, so that curves which coincide
# (ReLU and leaky ReLU for z > 0) both stay visible, in colour or not.
LINE_STYLES = ("-", "--", "-.", ":", (0, (6, 2, 1, 2, 1, 2)))


def compare_figure(data) -> Figure:
    """Activation functions on the left, their slopes (derivatives) on the right:
    one line per function, the same colour in both panels; the learner's z marked
    as dots when there is one function."""
    with styled():
        figure = new_figure(FIGURE_SIZE)
        values, slopes = figure.subplots(1, 2)
        colours = palette()
        for index, curve in enumerate(data.curves):
            look = {
                "color": colours[index % len(colours)],
                "linestyle": LINE_STYLES[index % len(LINE_STYLES)],
            }
            name = curve.mathtext
            alpha = "" if curve.slope is None else rf", $\alpha = {math_exact(curve.slope)}$"
            values.plot(curve.z, curve.value, label=f"${name}(z)${alpha}", **look)
            slopes.plot(curve.z, curve.derivative, label=f"${name}'(z)${alpha}", **look)
        if data.points is not None:
            points = data.points
            for axes, y in ((values, points.value), (slopes, points.derivative)):
                axes.plot(points.z, y, "o", color=ink(), markersize=7, zorder=3,
                          label="your z")
        figure.suptitle(data.title, fontsize="x-large", fontweight="bold")
        values.set_title("The activation")
        slopes.set_title("Its slope (derivative)")
        values.set_ylabel("$f(z)$")
        slopes.set_ylabel("$f'(z)$")
        for axes in (values, slopes):
            axes.set_xlabel("$z$")
            axes.axhline(0, color=guide(), linewidth=0.8, zorder=1)
            axes.axvline(0, color=guide(), linewidth=0.8, zorder=1)
            if len(data.curves) == 1:
                axes.legend(loc="best")
            else:  # below the panel: several curves leave no free corner inside
                axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16),
                            ncol=len(data.curves) if len(data.curves) <= 3 else 2)
    return figure
