"""The XOR figure for ``linear-collapse``. Draws what it is given; computes nothing."""

from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from nnexplain.plot.labels import math_number as _number
from nnexplain.plot.style import ink, new_figure, palette, paper, styled

# A colour and a marker per class, as places in the style's palette: the convention
# of every figure that shows classes (plot/training.py: class 0 the first colour and
# a circle, class 1 the second colour and a square).
CLASS_COLOURS = {0.0: 0, 1.0: 1}
CLASS_MARKERS = {0.0: "o", 1.0: "s"}
REGION_ALPHA = 0.3  # the class regions: the class colours, faded, under the points
COLOUR_MAP = "cividis"  # readable with colour-blindness and in greyscale
CORNER_TICKS = (0.0, 0.5, 1.0)  # the square's corners and middle, uncluttered
# A corner's label in the hidden panel: this far from its point (points), and a
# further step for each label already on the same side (in sizes of its type).
LABEL_OFFSET, LABEL_STEP = 11, 1.7  # the step in type sizes


def xor_figure(data) -> Figure:
    """Three panels: the best linear model's ŷ over the XOR square (a plane); the
    ReLU network's classes over the same square (ŷ ≥ threshold: class 1) with its
    boundary ŷ = threshold; and the corners in the hidden units' space (h₁, h₂),
    where the output layer's line separates them. Corners marked by class."""
    with styled():
        figure = new_figure()
        colours = palette()
        # Widths in proportion to the spans shown, so that all three keep equal aspect.
        spans = [data.axis[-1] - data.axis[0]] * 2 + [data.hidden_axis_1[-1] - data.hidden_axis_1[0]]
        left, right, hidden = figure.subplots(1, 3, width_ratios=spans)
        classes = [colours[CLASS_COLOURS[label]] for label in (0.0, 1.0)]
        regions = ListedColormap(classes)
        low = min(float(data.line.min()), float(data.network.min()))
        high = max(float(data.line.max()), float(data.network.max()))
        extent = (data.axis[0], data.axis[-1], data.axis[0], data.axis[-1])
        image = left.imshow(data.line, origin="lower", extent=extent, cmap=COLOUR_MAP,
                            vmin=low, vmax=high, interpolation="nearest")
        # The network's ŷ, coloured by class: below the threshold class 0, from it on class 1.
        right.imshow(data.network, origin="lower", extent=extent, cmap=regions,
                     norm=BoundaryNorm([low, data.threshold, high], 2, clip=True), alpha=REGION_ALPHA,
                     interpolation="nearest")
        right.contour(data.axis, data.axis, data.network, levels=[data.threshold], colors=ink(),
                      linestyles="--", linewidths=1.5)
        threshold = _number(data.threshold)
        right.plot([], [], "--", color=ink(), linewidth=1.5,
                   label=f"network's $\\hat{{y}} = {threshold}$")
        for axes in (left, right):
            axes.grid(False)
            axes.set_xticks(CORNER_TICKS)
            axes.set_yticks(CORNER_TICKS)
            axes.set_xlabel("$x_1$")
            axes.set_ylabel("$x_2$")
            _corners(axes, data.x, data.y, colours)
        _hidden_panel(hidden, data, colours, regions)
        # Three short lines: the square panel is narrower than its cell, and a title
        # wider than the panel would reach the canvas's edge.
        left.set_title(f"Best linear model,\na plane:\n$\\hat{{y}} = {_line(data.w, data.b)}$",
                       fontsize="medium")
        if (data.line == data.threshold).all():
            # Short lines: the note must fit between the corners inside the panel.
            left.text(0.5, 0.5, f"$\\hat{{y}} = {threshold}$\neverywhere:\nno side for\neither class",
                      transform=left.transAxes, ha="center", va="center", fontsize="small",
                      color=ink(), bbox=_label_box())
        right.set_title("2-2-1 ReLU network:\nits classes", fontsize="medium")
        # One legend under all three panels (the layout makes room for it): the
        # boundary, the classes' marks, and what the shading of the network's and the
        # hidden panel's classes means.
        handles, labels = right.get_legend_handles_labels()
        handles += [Patch(facecolor=c, alpha=REGION_ALPHA) for c in classes]
        labels += [f"predicted 0: $\\hat{{y}} < {threshold}$", f"predicted 1: $\\hat{{y}} \\geq {threshold}$"]
        figure.legend(handles, labels, loc="outside lower center", ncols=len(labels), fontsize="small")
        # Beside the linear model's panel, with few ticks: it is as tall as the panel.
        # An inset, so the bar follows the (square) panel; a little shorter, so the
        # labels at its ends stay clear of the panel's title.
        bar = figure.colorbar(image, cax=left.inset_axes((1.06, 0.05, 0.07, 0.9)),
                              label=r"linear model's $\hat{y}$", ticks=MaxNLocator(nbins=3))
        bar.ax.tick_params(labelsize="small")
        figure.suptitle("XOR: no line separates the corners; after the ReLU layer, one does")
    return figure  # fmt: skip


def _corners(axes, x, y, colours, **more):
    for label in (0.0, 1.0):
        chosen = x[y == label]
        axes.plot(chosen[:, 0], chosen[:, 1], CLASS_MARKERS[label], markersize=12,
                  color=colours[CLASS_COLOURS[label]], markeredgecolor="white", markeredgewidth=1.5,
                  label=f"$y = {_number(label)}$", zorder=4, **more)


def _hidden_panel(axes, data, colours, regions):
    """The corners at their (h₁, h₂), each labelled with the input(s) it came from,
    the output layer's classes shaded, and its line ŷ = threshold."""
    extent = (data.hidden_axis_1[0], data.hidden_axis_1[-1],
              data.hidden_axis_2[0], data.hidden_axis_2[-1])
    axes.imshow(data.hidden_regions.astype(float), origin="lower", extent=extent, cmap=regions,
                vmin=0.0, vmax=1.0, alpha=REGION_ALPHA, interpolation="nearest")
    w, b = data.output_w, data.output_b
    axes.plot(data.hidden_line[:, 0], data.hidden_line[:, 1], "-", color=ink(), linewidth=2,
              label="_line")
    _corners(axes, data.hidden, data.y, colours)
    sources = {}
    for h, x in zip(data.hidden, data.x):
        sources.setdefault((float(h[0]), float(h[1])), []).append(x)
    # Each label inside the panel: on the side of its point away from the nearer
    # edge (above a point in the lower half, below one in the upper half; starting
    # at a point in the left half, ending at one in the right half). Labels on the
    # same side step a line further out each, so neighbours never meet.
    third = (extent[1] - extent[0]) / 3
    middle = (extent[2] + extent[3]) / 2
    step = LABEL_STEP * FontProperties(size="small").get_size_in_points()
    taken = {True: 0, False: 0}
    for (h1, h2), inputs in sorted(sources.items()):
        text = ", ".join(f"({_number(x[0])}, {_number(x[1])})" for x in inputs)
        above = h2 < middle
        offset = LABEL_OFFSET + step * taken[above]
        taken[above] += 1
        side = "left" if h1 < extent[0] + third else "right" if h1 > extent[1] - third else "center"
        axes.annotate(f"x = {text}", (h1, h2), xytext=(0, offset if above else -offset),
                      textcoords="offset points", ha=side,
                      va="bottom" if above else "top", fontsize="small", color=ink(),
                      bbox=_label_box(), zorder=5)
    axes.set_xlim(extent[0], extent[1])
    axes.set_ylim(extent[2], extent[3])
    axes.grid(False)
    axes.set_xlabel("$h_1$")
    axes.set_ylabel("$h_2$")
    line = " + ".join([f"{_number(v)}\\,h_{i + 1}" for i, v in enumerate(w)] + [_number(b)])
    axes.set_title(f"Hidden units' space:\n${line} = {_number(data.threshold)}$"
                   .replace("+ -", "- "), fontsize="medium")


def _label_box():
    """A faded background of the style's paper colour, so a label reads over shading."""
    return {"facecolor": paper(), "alpha": 0.8, "edgecolor": "none", "pad": 1.5}


def _line(w, b):
    """``w₁x₁ + w₂x₂ + b`` in mathtext (ASCII minus)."""
    terms = [f"{_number(v)}\\,x_{i + 1}" for i, v in enumerate(w)] + [_number(b)]
    return " + ".join(terms).replace("+ -", "- ")
