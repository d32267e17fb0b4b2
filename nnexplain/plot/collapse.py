"""The XOR figure for ``linear-collapse``. Draws what it is given; computes nothing."""

from matplotlib.figure import Figure

from nnexplain.plot.labels import math_number as _number
from nnexplain.plot.style import ink, new_figure, palette, styled

# A colour per class, as places in the style's palette (Okabe–Ito vermillion and
# blue in light).
CLASS_COLOURS = {0.0: 1, 1.0: 0}
CLASS_MARKERS = {0.0: "o", 1.0: "s"}
COLOUR_MAP = "cividis"  # readable with colour-blindness and in greyscale
CORNER_TICKS = (0.0, 0.5, 1.0)  # the square's corners and middle, uncluttered


def xor_figure(data) -> Figure:
    """Two panels over the same square: the best line's ŷ (flat) and the ReLU
    network's ŷ, on one colour scale, with the XOR corners marked by class and
    the network's ŷ = 0.5 boundary dashed."""
    with styled():
        figure = new_figure((11, 4.8))
        colours = palette()
        left, right = figure.subplots(1, 2, sharey=True)
        low = min(float(data.line.min()), float(data.network.min()))
        high = max(float(data.line.max()), float(data.network.max()))
        extent = (data.axis[0], data.axis[-1], data.axis[0], data.axis[-1])
        for axes, values in ((left, data.line), (right, data.network)):
            image = axes.imshow(values, origin="lower", extent=extent, cmap=COLOUR_MAP,
                                vmin=low, vmax=high, interpolation="nearest")
            axes.grid(False)
            axes.set_xticks(CORNER_TICKS)
            axes.set_yticks(CORNER_TICKS)
            axes.set_xlabel("$x_1$")
        right.contour(data.axis, data.axis, data.network, levels=[0.5], colors=ink(),
                      linestyles="--", linewidths=1.5)
        right.plot([], [], "--", color=ink(), linewidth=1.5, label=r"network's $\hat{y} = 0.5$")
        for axes in (left, right):
            for label in (0.0, 1.0):
                corners = data.x[data.y == label]
                axes.plot(corners[:, 0], corners[:, 1], CLASS_MARKERS[label], markersize=12,
                          color=colours[CLASS_COLOURS[label]], markeredgecolor="white", markeredgewidth=1.5,
                          label=f"$y = {_number(label)}$")
        left.set_ylabel("$x_2$")
        left.set_title(f"Best line: $\\hat{{y}} = {_line(data.w, data.b)}$", fontsize="medium")
        right.set_title("2-2-1 ReLU network", fontsize="medium")
        handles, labels = right.get_legend_handles_labels()
        figure.legend(handles, labels, loc="outside lower center", ncols=len(labels))
        figure.colorbar(image, ax=[left, right], label=r"$\hat{y}$")
        figure.suptitle("XOR: a linear model is flat; ReLU units bend the output")
    return figure  # fmt: skip


def _line(w, b):
    """``w₁x₁ + w₂x₂ + b`` in mathtext (ASCII minus)."""
    terms = [f"{_number(v)}\\,x_{i + 1}" for i, v in enumerate(w)] + [_number(b)]
    return " + ".join(terms).replace("+ -", "- ")
