"""Figures of activation functions. Each function draws what it is given; none computes."""

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from nnexplain.plot.labels import math_exact, math_number
from nnexplain.plot.style import guide, ink, new_figure, palette, paper, styled

# Two panels side by side, wide enough for a projector.
# A line style per function as well as a colour, so that curves which coincide
# (ReLU and leaky ReLU for z > 0) both stay visible, in colour or not.
LINE_STYLES = ("-", "--", "-.", ":", (0, (6, 2, 1, 2, 1, 2)))
# The solid line is drawn wider and underneath: the broken lines drawn over it
# leave it showing through their gaps, and it shows at their edges.
SOLID_WIDTH = 1.7
# Where the magnified leak sits in the activation panel (axes fraction): top left,
# which every activation leaves empty (they all rise from left to right).
LEAK_INSET = (0.22, 0.42, 0.3, 0.26)


def compare_figure(data) -> Figure:
    """Activation functions on the left, their slopes (derivatives) on the right:
    one line per function, the same colour in both panels; the learner's z marked
    as dots when there is one function. A slope that jumps is drawn as a jump (an
    open dot at the limit not taken, a filled dot at the value used); a leak too
    flat to see is drawn again, magnified, with its α."""
    with styled():
        figure = new_figure()
        values, slopes = figure.subplots(1, 2)
        colours = palette()
        width = matplotlib.rcParams["lines.linewidth"]
        for index, curve in enumerate(data.curves):
            style = LINE_STYLES[index % len(LINE_STYLES)]
            look = {
                "color": colours[index % len(colours)],
                "linestyle": style,
                "linewidth": width * (SOLID_WIDTH if style == "-" and len(data.curves) > 1 else 1),
                "zorder": 2 + (0 if style == "-" else 0.01 * (index + 1)),
            }
            name = curve.mathtext
            alpha = "" if curve.slope is None else rf", $\alpha = {math_exact(curve.slope)}$"
            values.plot(curve.z, curve.value, label=f"${name}(z)${alpha}", **look)
            derivative = curve.derivative
            if curve.derivative_gap is not None:
                derivative = np.ma.array(derivative, mask=curve.derivative_gap)
            slopes.plot(curve.z, derivative, label=f"${name}'(z)${alpha}", **look)
            if curve.jump is not None:
                # Dots of later curves drawn smaller, on top: coinciding dots stay rings.
                scale = 1.0 if len(data.curves) == 1 else 1.3 - 0.3 * min(index, 2)
                _jump(slopes, curve.jump, look["color"], look["zorder"] + 1, scale)
            if curve.leak is not None:
                _leak(values, curve, look)
        if data.points is not None:
            points = data.points
            for axes, y in ((values, points.value), (slopes, points.derivative)):
                axes.plot(points.z, y, "o", color=ink(), markersize=7, zorder=4,
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
            # Below the panel: inside it a legend would sit on some line.
            entries = len(axes.get_legend_handles_labels()[1])
            axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16),
                        ncol=entries if entries <= 3 else 2)
    return figure


def _jump(axes, jump, colour, zorder, scale):
    """A filled dot at the slope the tool uses at the jump, an open dot at each
    one-sided limit it does not take."""
    size = matplotlib.rcParams["lines.markersize"] * 0.8 * scale
    axes.plot([jump.z], [jump.value], "o", color=colour, markersize=size, zorder=zorder,
              label="_jump used")
    limits = [v for v in (jump.left, jump.right) if v != jump.value]
    axes.plot([jump.z] * len(limits), limits, "o", markerfacecolor=paper(),
              markeredgecolor=colour, markeredgewidth=2, markersize=size, zorder=zorder,
              linestyle="none", label="_jump limit")


def _leak(axes, curve, look):
    """The negative branch again in an inset, on its own scale, with α and the
    value at the left end written out."""
    leak = curve.leak
    inset = axes.inset_axes(LEAK_INSET)
    inset.plot(leak.z, leak.value, **{**look, "linewidth": matplotlib.rcParams["lines.linewidth"]})
    inset.axhline(0, color=guide(), linewidth=0.8, zorder=1)
    inset.tick_params(labelsize="x-small")
    inset.set_title(
        rf"$z < 0$ magnified" "\n" rf"slope $\alpha = {math_exact(leak.slope)}$"
        "\n" rf"$f({math_number(float(leak.z[0]))}) = {math_number(float(leak.value[0]))}$",
        fontsize="small", fontweight="normal",
        # Clear of the tick label at the inset's top corner (half a line above it).
        pad=FontProperties(size="x-small").get_size_in_points())
