"""The softmax cross-entropy figure: the probabilities beside the target, and the
gradient p − y per class. Draws what it is given; computes nothing."""

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from nnexplain.plot.bars import same_decimals
from nnexplain.plot.labels import math_exact, math_number
from nnexplain.plot.style import ink, new_figure, palette, styled

CROSSENTROPY_SIZE = (12, 5)
# Up to this many classes each bar gets its value written on it.
LABELLED_CLASSES = 12
BAR_WIDTH = 0.38


def crossentropy_figure(data) -> Figure:
    """Left: per class (numbered from 0) the probability pᵢ beside the target yᵢ.
    Right: the gradient ∂L/∂zᵢ = pᵢ − yᵢ, a bar per class coloured by its sign.
    The title gives the loss L."""
    with styled():
        colours = palette()
        figure = new_figure(CROSSENTROPY_SIZE)
        left, right = figure.subplots(1, 2)
        n = data.p.size
        index = np.arange(n)
        labelled = n <= LABELLED_CLASSES
        left.set_axisbelow(True)
        right.set_axisbelow(True)
        left.bar(index - BAR_WIDTH / 2, data.p, width=BAR_WIDTH, color=colours[0], label="$p_i$ (softmax)")
        left.bar(index + BAR_WIDTH / 2, data.y, width=BAR_WIDTH, color=colours[1], label="$y_i$ (target)")
        up, down = colours[2], colours[5 % len(colours)]
        looks = [down if g < 0 else up for g in data.gradient]
        right.bar(index, data.gradient, width=0.7, color=looks)
        if labelled:
            for axes, offset, values, labels in (
                    (left, -BAR_WIDTH / 2, data.p, same_decimals(data.p)),
                    (left, BAR_WIDTH / 2, data.y, [math_exact(v) for v in data.y]),
                    (right, 0.0, data.gradient, same_decimals(data.gradient))):
                for x, label, value in zip(index, labels, values):
                    axes.annotate(f"${label}$", (x + offset, value),
                                  xytext=(0, 3 if value >= 0 else -3), textcoords="offset points",
                                  ha="center", va="bottom" if value >= 0 else "top", fontsize="small")
        for axes in (left, right):
            axes.set_xlabel("class $i$ (counted from 0)")
            axes.xaxis.set_major_locator(MaxNLocator(10, integer=True))
            axes.grid(axis="x", visible=False)
            axes.axhline(0, color=ink(), linewidth=0.8)
        left.set_ylim(0, 1.3)
        right.set_ylim(-1.3, 1.3)
        left.set_title("Probabilities $p_i$ and the target $y_i$")
        right.set_title(r"Gradient $\partial L / \partial z_i = p_i - y_i$")
        left.legend(loc="upper right")
        right.legend(handles=[Patch(color=up, label="$> 0$: the step lowers $z_i$"),
                              Patch(color=down, label="$< 0$: the step raises $z_i$")],
                     loc="upper right")
        loss = "\\infty" if np.isinf(data.loss) else math_number(data.loss)
        figure.suptitle(f"Softmax with cross-entropy: $L = -\\Sigma_i\\, y_i \\ln p_i = {loss}$",
                        fontsize="x-large", fontweight="bold")
    return figure
