"""The vanishing-gradient figure: f′(z) multiplied through d layers, on a log axis.
Draws what it is given (``explain.vanishing.vanishing_chains``); computes nothing."""

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from nnexplain.plot.labels import math_exact, math_number
from nnexplain.plot.style import guide, ink, new_figure, palette, styled

# The z where the slope is largest (or the unit is on) solid; the saturated (or
# negative) z dashed, in the same function's colour.
CASE_STYLES = {"best": "-", "active": "-", "saturated": "--", "off": "--"}
# A marker per function, spaced along the line and offset from one function to the
# next, so that lines which coincide (tanh at z = 0 and ReLU for z > 0 are both 1)
# all stay visible.
MARKERS = ("o", "s", "^", "D", "v")
MARKS_PER_LINE = 8


def vanishing_figure(data) -> Figure:
    """One line per function and z: the product f′(z)ᵈ against the depth d, on a log
    axis; the smallest normal float64 marked when a product falls below it; a legend
    entry (no line) for a product that is 0, which a log axis cannot show."""
    with styled():
        figure = new_figure()
        axes = figure.add_subplot()
        colours = palette()
        names = list(dict.fromkeys(chain.name for chain in data.chains))
        last = int(data.depth[-1])
        lowest = 1.0
        step = max(1, len(data.depth) // MARKS_PER_LINE)
        for chain in data.chains:
            index = names.index(chain.name)
            look = {"color": colours[index % len(colours)], "linestyle": CASE_STYLES[chain.case],
                    "linewidth": 2.2, "marker": MARKERS[index % len(MARKERS)], "markersize": 7,
                    "markevery": ((index * step) // len(names), step)}
            label = _label(chain, last)
            if chain.zero_from == 1:  # 0 from the first layer: nothing on a log axis
                axes.plot([], [], label=label, **look)
                continue
            axes.plot(data.depth, chain.drawn, label=label, **look)
            shown = chain.drawn[chain.drawn > 0]
            lowest = min(lowest, float(shown.min()))
            if chain.below_normal is not None:
                d = chain.below_normal
                axes.plot([d], [chain.product[d - 1]], "o", color=look["color"], markersize=10,
                          markeredgecolor=ink(), zorder=4, label="_below")
        if data.any_below_normal:
            axes.axhline(data.smallest_normal, color=ink(), linestyle=":", linewidth=1.5,
                         label=f"smallest normal float64, ${_power_of_ten(data.smallest_normal)}$"
                               "\n(a dot: where a product falls below it)")
        axes.set_yscale("log")
        axes.set_ylim(lowest / 100.0 or lowest, 10.0)  # at most 2 decades below the lowest
        axes.set_xlim(0.5, last + 0.5)
        axes.axhline(1.0, color=guide(), linewidth=0.8, zorder=1)
        axes.set_xlabel("depth $d$ (layers the gradient passes back through)")
        axes.set_ylabel("$f'(z)^d$ (log scale)")
        axes.set_title("Every unit at the same $z$, every weight 1", fontsize="medium")
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        # Below the axes, in two columns: up to ten entries, each with its numbers. A
        # figure legend "outside": the layout makes room for it under the axis label.
        handles, labels = axes.get_legend_handles_labels()
        entries = len(handles)
        figure.legend(handles, labels, loc="outside lower center", fontsize="small",
                    ncols=1 if entries <= 3 else 2, title_fontsize="small", handlelength=1.6,
                    columnspacing=1.2,
                    title=f"$f'(z)^d$, and its value at the last depth, $d = {last}$")
        figure.suptitle(data.title, fontsize="x-large", fontweight="bold")
    return figure  # fmt: skip


def _label(chain, last):
    """The legend entry: the factor written out, and the product at the last depth."""
    f = chain.mathtext
    factor = math_number(chain.factor)
    if chain.case == "best":
        head = rf"${f}'(0)^d = {factor}^d$"
    elif chain.case == "saturated":
        head = rf"${f}'({math_exact(chain.z)})^d = {factor}^d$"
    elif chain.case == "active":
        head = rf"${f}'(z)^d = {factor}^d$, $z > 0$"
    else:
        leak = "" if chain.slope is None else r"\alpha^d = "
        head = rf"${f}'(z)^d = {leak}{factor}^d$, $z \leq 0$"
    if chain.zero_from == 1:
        return head + ": 0 at every depth,\na dead unit (not drawn on a log axis)"
    end = f"${_power_of_ten(chain.product[-1])}$"
    if chain.zero_from is not None:
        end = f"0 from $d = {chain.zero_from}$"
    return rf"{head} $\to$ {end}"


def _power_of_ten(value):
    """``9.095e-13`` as mathtext ``9.095\\times10^{-13}``."""
    text = math_number(value)
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return f"{mantissa}\\times10^{{{int(exponent)}}}"
