"""The universal-approximation figure: the function, the constructed network's
output and each hidden unit's contribution. Draws what it is given; computes nothing."""

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from nnexplain.plot.labels import math_number
from nnexplain.plot.style import guide, ink, is_slides, new_figure, palette, styled

# Each unit's contribution is drawn thin, and only up to this many units are drawn
# one by one (beyond it the lines would fill the panel; the title says so).
MAX_CONTRIBUTIONS = 64
NAMES = {"sin": r"$\sin x$", "square": r"$x^2$", "abs": r"$|x|$", "step": r"step $H(x)$"}


def approximation_figure(data) -> Figure:
    """Left: f, the network's output g and the knots it passes through. Right: each
    unit's contribution cₖ·ReLU(x − xₖ), which g adds to its output bias f(x₀)."""
    with styled():
        colours = palette()
        figure = new_figure()
        left, right = figure.subplots(1, 2)
        n = data.contributions.shape[0]
        left.plot(data.x, data.f, color=colours[0], label=f"f(x) = {NAMES[data.function]}")
        left.plot(data.x, data.g, color=colours[1], linestyle="--",
                  label=f"network g(x), {n} ReLU unit{'s' if n != 1 else ''}")
        left.plot(data.knots, data.knot_values, "o", color=ink(),
                  markersize=0.45 * matplotlib.rcParams["lines.markersize"],
                  label=f"{data.knots.size} knots $x_k$")
        left.set_xlabel("x")
        left.set_title(f"max $|f - g|$ = ${math_number(data.max_error)}$")
        # Under both panels: inside, it would lie on f and g (on the slides, wherever it went).
        figure.legend(*left.get_legend_handles_labels(), loc="outside lower center", ncols=3,
                      fontsize="small")
        drawn = min(n, MAX_CONTRIBUTIONS)
        thin = 0.3 * matplotlib.rcParams["lines.linewidth"]  # 0.75 in documents, thicker on slides
        for k in range(drawn):
            right.plot(data.x, data.contributions[k], linewidth=thin,
                       color=colours[k % (len(colours) - 1)])
        right.axhline(0, color=guide(), linewidth=0.6)
        for knot in data.knots[:-1][:drawn]:
            right.axvline(knot, color=guide(), linewidth=0.4, linestyle=":")
        right.set_xlabel("x")
        # Two lines when only some units are drawn: one would not fit a slide's half.
        shown = "Each unit's " if drawn == n else f"The first {drawn} of {n} units'\n"
        right.set_title(rf"{shown}$c_k \cdot \mathrm{{ReLU}}(x - x_k)$", fontsize="medium")
        if is_slides():
            # Slide-sized numbers: at most five round steps along x, or the labels touch.
            for axes in (left, right):
                axes.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))
        # How the units make g, on the axis (with it, the title would not fit the slides).
        summed = "these" if drawn == n else f"all {n}"
        right.set_ylabel(rf"$g(x) = {math_number(data.offset)}$ + the sum of {summed}")
        return figure
