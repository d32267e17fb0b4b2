"""The XOR figure for ``linear-collapse``. Draws what it is given; computes nothing."""

from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

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
FIGURE_SIZE = (12, 6)  # three panels, with the legends and colour bar below them


def xor_figure(data) -> Figure:
    """Three panels: the best linear model's ŷ over the XOR square (a plane); the
    ReLU network's classes over the same square (ŷ ≥ threshold: class 1) with its
    boundary ŷ = threshold; and the corners in the hidden units' space (h₁, h₂),
    where the output layer's line separates them. Corners marked by class."""
    with styled():
        figure = new_figure(FIGURE_SIZE)
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
        left.set_title(f"Best linear model, a plane:\n$\\hat{{y}} = {_line(data.w, data.b)}$",
                       fontsize="medium")
        if (data.line == data.threshold).all():
            left.text(0.5, 0.5, f"$\\hat{{y}} = {threshold}$ everywhere:\nno side for either class",
                      transform=left.transAxes, ha="center", va="center", fontsize="small",
                      color=ink(), bbox=_label_box())
        right.set_title("2-2-1 ReLU network:\nits classes", fontsize="medium")
        handles, labels = right.get_legend_handles_labels()
        figure.legend(handles, labels, loc="outside lower center", ncols=len(labels))
        # Under the network's panel: what its shading means (also the hidden panel's).
        right.legend(
            [Patch(facecolor=c, alpha=REGION_ALPHA) for c in classes],
            [f"predicted 0: $\\hat{{y}} < {threshold}$", f"predicted 1: $\\hat{{y}} \\geq {threshold}$"],
            loc="upper center", bbox_to_anchor=(0.5, -0.26), ncols=1, fontsize="small")
        figure.colorbar(image, ax=left, label=r"linear model's $\hat{y}$", location="bottom",
                        shrink=0.9, aspect=25)
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
    middle = (extent[0] + extent[1]) / 2
    for index, ((h1, h2), inputs) in enumerate(sources.items()):
        text = ", ".join(f"({_number(x[0])}, {_number(x[1])})" for x in inputs)
        above = index % 2 == 0  # neighbours alternate above and below their points
        axes.annotate(f"x = {text}", (h1, h2), xytext=(0, 13 if above else -13),
                      textcoords="offset points", ha="left" if h1 < middle else "right",
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
