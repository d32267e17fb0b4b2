"""Bar figures: the cost as the average loss, and softmax. Each draws what it is
given; none computes."""

import math

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from nnexplain.plot.labels import math_exact, math_number
from nnexplain.render.numbers import MINUS
from nnexplain.plot.style import ink, new_figure, palette, paper, styled

LOSS_NAMES = {"log": "log loss", "squared": "squared loss"}
# Points between the softmax panels' tops and their titles' baselines: room for
# the subscripts below the baseline.
TITLE_PAD = 12


def cost_figure(data) -> Figure:
    """One bar per example, its loss L⁽ⁱ⁾; a dashed line at their mean, the cost J.
    An infinite loss runs off the top of the chart: its bar is hatched, broken near
    the top by a zig-zag and marked ∞ with an arrow; the legend says what the
    hatching means, and that J = ∞ draws no mean line."""
    with styled():
        colours = palette()
        figure = new_figure()
        axes = figure.add_subplot()
        axes.set_axisbelow(True)  # grid lines behind the bars
        m = data.losses.size
        index = np.arange(1, m + 1)
        finite = np.isfinite(data.losses)
        biggest = float(data.losses[finite].max()) if finite.any() else 1.0
        top = max(biggest, data.cost if math.isfinite(data.cost) else 0.0, 1e-12) * 1.25
        ceiling = top * (1.12 if data.labelled else 1.0)
        # An infinite loss reaches the axes' top edge: the bar leaves the chart.
        heights = np.where(finite, data.losses, ceiling)
        width = 0.7 if data.labelled else 1.0
        name = f"{LOSS_NAMES[data.loss]} of each example $L^{{(i)}}$"
        bars = axes.bar(index, heights, width=width, color=colours[0])
        for bar, is_finite in zip(bars, finite):
            if not is_finite:
                bar.set_hatch("//")
        if data.labelled:
            for x, value, is_finite in zip(index, data.losses, finite):
                if is_finite:
                    axes.annotate(f"${math_number(value)}$", (x, value), xytext=(0, 3),
                                  textcoords="offset points", ha="center", va="bottom",
                                  fontsize="small")
                else:  # inside the bar, under the break: the bar goes on above the chart
                    axes.annotate(r"$\infty$", (x, ceiling * BREAK_AT), xytext=(0, -6),
                                  textcoords="offset points", ha="center", va="top",
                                  fontsize="large", fontweight="bold", color=ink(),
                                  bbox={"boxstyle": "round,pad=0.2", "facecolor": paper(),
                                        "edgecolor": "none"})
            axes.set_xticks(index, [rf"{i}" "\n" rf"$y = {math_exact(a)}$" "\n" rf"$\hat{{y}} = {math_exact(b)}$"
                                    for i, a, b in zip(index, data.y, data.y_hat)])
        else:
            axes.xaxis.set_major_locator(MaxNLocator(8, integer=True))
        for bar, is_finite in zip(bars, finite):
            if not is_finite:
                _off_the_chart(axes, bar, ceiling, data.labelled)
        handles = []
        if math.isfinite(data.cost):
            cost = rf"$J = {math_number(data.cost)}$"
            handles.append(axes.axhline(data.cost, color=colours[1], linestyle="--",
                                        label=f"their mean, the cost {cost}"))
        else:  # no line to draw: the legend says so, with no line beside it
            infinite = int((~finite).sum())
            handles.append(Line2D([], [], linestyle="none", label=(
                rf"$J = \infty$: {infinite} of {m} losses {'is' if infinite == 1 else 'are'} ∞, "
                "no mean line")))
        handles.append(Patch(facecolor=colours[0], label=name))
        if not finite.all():
            handles.append(Patch(facecolor=colours[0], hatch="//",
                                 label="$L^{(i)} = \\infty$: off the chart"))
        axes.set_ylim(0, ceiling)
        axes.set_xlim(0.4, m + 0.6)
        axes.set_title(f"The cost is the average loss over m = {m} example{'s' if m != 1 else ''}",
                       pad=TITLE_PAD)
        axes.set_xlabel("example $i$")
        axes.set_ylabel("loss")
        axes.grid(axis="x", visible=False)
        axes.legend(handles=handles, loc="upper center",
                    bbox_to_anchor=(0.5, -0.3 if data.labelled else -0.14),
                    ncol=2)
    return figure


# The zig-zag that breaks an infinite bar sits at this share of the axes' height.
BREAK_AT = 0.9


def _off_the_chart(axes, bar, ceiling, labelled):
    """A zig-zag across the bar near the top (the axis is broken there) and an
    arrow pointing up out of the chart."""
    left, width = bar.get_x(), bar.get_width()
    xs = left + width * np.array([0.0, 0.25, 0.5, 0.75, 1.0])
    ys = ceiling * (BREAK_AT + 0.012 * np.array([-1.0, 1.0, -1.0, 1.0, -1.0]))
    axes.plot(xs, ys, color=paper(), linewidth=3, zorder=3, solid_capstyle="butt",
              label="_break")
    if labelled:
        middle = left + width / 2
        axes.annotate("", xy=(middle, ceiling), xytext=(middle, ceiling * (BREAK_AT + 0.03)),
                      arrowprops={"arrowstyle": "-|>", "color": ink(), "linewidth": 2},
                      zorder=4)


def softmax_figure(data) -> Figure:
    """The scores z (left) and the probabilities softmax(z) (right), one bar per
    class, the most likely class in the second colour, each value written on its bar
    (the scores as typed, the probabilities all to the same decimals)."""
    with styled():
        colours = palette()
        figure = new_figure()
        scores, probabilities = figure.subplots(1, 2)
        n = data.z.size
        index = np.arange(1, n + 1)
        looks = [colours[1] if i == data.largest else colours[0] for i in range(n)]
        for axes in (scores, probabilities):
            axes.set_axisbelow(True)  # grid lines behind the bars
        scores.bar(index, data.z, color=looks, width=0.7)
        probabilities.bar(index, data.p, color=looks, width=0.7)
        if data.labelled:
            for axes, labels, values in ((scores, [math_exact(v) for v in data.z], data.z),
                                         (probabilities, same_decimals(data.p), data.p)):
                for x, label, value in zip(index, labels, values):
                    axes.annotate(f"${label}$", (x, value),
                                  xytext=(0, 3 if value >= 0 else -3), textcoords="offset points",
                                  ha="center", va="bottom" if value >= 0 else "top", fontsize="small")
        for axes in (scores, probabilities):
            axes.set_xlabel("class $i$")
            axes.xaxis.set_major_locator(MaxNLocator(10, integer=True))
            axes.grid(axis="x", visible=False)
            axes.axhline(0, color=ink(), linewidth=0.8)
        scores.set_ylim(*data.score_limits)
        probabilities.set_ylim(0, 1.1)
        # Σ with its index beside it, not under it; and one baseline for both titles
        # (y given: matplotlib would otherwise set each title's lowest point on the
        # axes, and the subscripts of the two reach down by different amounts).
        for axes, title in ((scores, "Scores $z_i$ (logits)"),
                            (probabilities, r"Probabilities $p_i = e^{z_i} / \Sigma_j\, e^{z_j}$")):
            axes.set_title(title, y=1.0, pad=TITLE_PAD)
        scores.set_ylabel("$z_i$")
        probabilities.set_ylabel("$p_i$")
        figure.suptitle("Softmax: scores become probabilities that add up to 1",
                        fontsize="x-large", fontweight="bold")
    return figure


# Probabilities are written to this many significant digits of the largest of them.
SIGNIFICANT = 4


def same_decimals(values) -> list[str]:
    """Every value to the same number of decimals: SIGNIFICANT digits of the largest.
    A value that would show as 0 but is not is written on its own (as 1.2e-09)."""
    largest = float(np.max(np.abs(values)))
    digits = 0 if largest == 0.0 else SIGNIFICANT - 1 - math.floor(math.log10(largest))
    digits = min(max(digits, 0), 2 * SIGNIFICANT)
    labels = []
    for value in values:
        text = f"{float(value):.{digits}f}"
        if value != 0.0 and float(text) == 0.0:
            text = math_number(float(value))
        labels.append(text.replace(MINUS, "-"))
    return labels
