"""Bar figures: the cost as the average loss, and softmax. Each draws what it is
given; none computes."""

import math

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from nnexplain.plot.labels import math_exact, math_number
from nnexplain.plot.style import ink, new_figure, palette, styled

LOSS_NAMES = {"log": "log loss", "squared": "squared loss"}
SOFTMAX_SIZE = (12, 5)


def cost_figure(data) -> Figure:
    """One bar per example, its loss L⁽ⁱ⁾; a dashed line at their mean, the cost J.
    An infinite loss reaches the top of the axes, marked ∞."""
    with styled():
        colours = palette()
        figure = new_figure()
        axes = figure.add_subplot()
        m = data.losses.size
        index = np.arange(1, m + 1)
        finite = np.isfinite(data.losses)
        biggest = float(data.losses[finite].max()) if finite.any() else 1.0
        top = max(biggest, data.cost if math.isfinite(data.cost) else 0.0, 1e-12) * 1.25
        heights = np.where(finite, data.losses, top)
        bars = axes.bar(index, heights, width=0.7 if data.labelled else 1.0, color=colours[0],
                        label=f"{LOSS_NAMES[data.loss]} of each example $L^{{(i)}}$")
        for bar, is_finite in zip(bars, finite):
            if not is_finite:
                bar.set_hatch("//")
        if data.labelled:
            for x, value, is_finite in zip(index, data.losses, finite):
                text = f"${math_number(value)}$" if is_finite else r"$\infty$"
                axes.annotate(text, (x, min(value, top)), xytext=(0, 3), textcoords="offset points",
                              ha="center", va="bottom", fontsize="small")
            axes.set_xticks(index, [rf"{i}" "\n" rf"$y = {math_exact(a)}$" "\n" rf"$\hat{{y}} = {math_exact(b)}$"
                                    for i, a, b in zip(index, data.y, data.y_hat)])
        else:
            axes.xaxis.set_major_locator(MaxNLocator(8, integer=True))
        cost = rf"$J = {math_number(data.cost)}$" if math.isfinite(data.cost) else r"$J = \infty$"
        if math.isfinite(data.cost):
            axes.axhline(data.cost, color=colours[1], linestyle="--", label=f"their mean, the cost {cost}")
        else:
            axes.plot([], [], "--", color=colours[1], label=f"their mean, the cost {cost} (one loss is ∞)")
        axes.set_ylim(0, top * (1.12 if data.labelled else 1.0))
        axes.set_xlim(0.4, m + 0.6)
        axes.set_title(f"The cost is the average loss over m = {m} example{'s' if m != 1 else ''}")
        axes.set_xlabel("example $i$")
        axes.set_ylabel("loss")
        axes.grid(axis="x", visible=False)
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3 if data.labelled else -0.14), ncol=2)
    return figure


def softmax_figure(data) -> Figure:
    """The scores z (left) and the probabilities softmax(z) (right), one bar per
    class, the most likely class in the second colour, each value written on its bar."""
    with styled():
        colours = palette()
        figure = new_figure(SOFTMAX_SIZE)
        scores, probabilities = figure.subplots(1, 2)
        n = data.z.size
        index = np.arange(1, n + 1)
        looks = [colours[1] if i == data.largest else colours[0] for i in range(n)]
        scores.bar(index, data.z, color=looks, width=0.7)
        probabilities.bar(index, data.p, color=looks, width=0.7)
        if data.labelled:
            for axes, values in ((scores, data.z), (probabilities, data.p)):
                for x, value in zip(index, values):
                    axes.annotate(f"${math_number(value)}$", (x, value),
                                  xytext=(0, 3 if value >= 0 else -3), textcoords="offset points",
                                  ha="center", va="bottom" if value >= 0 else "top", fontsize="small")
        for axes in (scores, probabilities):
            axes.set_xlabel("class $i$")
            axes.xaxis.set_major_locator(MaxNLocator(10, integer=True))
            axes.grid(axis="x", visible=False)
            axes.axhline(0, color=ink(), linewidth=0.8)
        low, high = float(data.z.min()), float(data.z.max())
        span = (high - low) or max(abs(high), 1.0)
        scores.set_ylim(min(low, 0.0) - 0.15 * span, max(high, 0.0) + 0.15 * span)
        probabilities.set_ylim(0, 1.1)
        scores.set_title("Scores $z_i$ (logits)")
        probabilities.set_title(r"Probabilities $p_i = e^{z_i} / \sum_j e^{z_j}$")
        scores.set_ylabel("$z_i$")
        probabilities.set_ylabel("$p_i$")
        figure.suptitle("Softmax: scores become probabilities that add up to 1",
                        fontsize="x-large", fontweight="bold")
    return figure
