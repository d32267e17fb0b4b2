"""The batch-size comparison (``train --batch-size B --compare-batches FILE``): the cost
against examples seen for full batch, mini-batch and stochastic gradient descent, and
their paths on the cost landscape. Draws what it is given
(``nnexplain.explain.minibatch.batch_comparison``); computes nothing."""

import math

import matplotlib
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator

from nnexplain.plot.labels import math_number as _number
from nnexplain.plot.style import ink, new_figure, palette, styled

# Colour index and line style per method; full batch smooth and on top.
_LOOKS = {"full batch": (0, "-", 3), "mini-batch": (1, "-", 2), "stochastic": (2, "-", 1)}


def _decade_ticks(linear_up_to: float, last: float) -> list[float]:
    """0, then every power of ten from ``linear_up_to`` (rounded up to one) to ``last``."""
    power = math.ceil(math.log10(linear_up_to))
    ticks = [0.0]
    while 10.0**power <= last:
        ticks.append(10.0**power)
        power += 1
    return ticks


def batch_comparison_figure(data) -> Figure:
    """Left: J after each update (or epoch) against examples seen, log cost. Right:
    the landscape J(w, b) with each method's path at the recorded epochs."""
    with styled():
        colours = palette()
        width = matplotlib.rcParams["lines.linewidth"]
        size = matplotlib.rcParams["lines.markersize"]
        figure = new_figure()
        curves, landscape = figure.subplots(1, 2)
        floor = data.minimum_cost
        for path in data.paths:
            colour, style, order = _LOOKS[path.name]
            label = f"{path.name}, $B = {path.batch_size}$"
            # The gap above the minimum on a log axis: the noise shows at every scale.
            curves.plot(path.seen, path.costs, style, color=colours[colour],
                        linewidth=(0.6 if path.per_update and path.batch_size < data.m else 1.0) * width,
                        label=label, zorder=order)
        curves.axhline(floor, color=ink(), linestyle=":", linewidth=0.6 * width,
                       label=f"minimum, $J = {_number(floor)}$")
        curves.set_yscale("log")
        # Linear over the first epoch, logarithmic beyond: the first updates and the
        # long tail both show.
        curves.set_xscale("symlog", linthresh=float(data.m))
        last = max(float(p.seen[-1]) for p in data.paths)
        curves.set_xlim(0.0, last)
        # Ticks at 0 and at the powers of ten from one epoch on: a power of ten inside
        # the first epoch would sit on the 0 (the linear part is one decade wide).
        curves.xaxis.set_major_locator(FixedLocator(_decade_ticks(float(data.m), last)))
        curves.set_xlabel(f"examples seen (1 epoch = {data.m})")
        curves.set_ylabel("cost $J$ over all examples")
        # The run's settings in the panel's title: the figure's title alone fits the
        # slides' canvas, and the x label already says what the curve is against.
        curves.set_title(f"Cost over {data.epochs} epochs, lr = {_number(data.lr)}")
        curves.legend(fontsize="small")
        landscape.contourf(data.w, data.b, data.cost, levels=data.levels, cmap="viridis_r")
        landscape.contour(data.w, data.b, data.cost, levels=data.levels, colors="white",
                          linewidths=0.4, alpha=0.5)
        outline = [patheffects.withStroke(linewidth=width * 0.6 + 2, foreground="black")]
        for path in data.paths:
            colour, style, order = _LOOKS[path.name]
            landscape.plot(path.path_w, path.path_b, style, color=colours[colour],
                           linewidth=0.6 * width, path_effects=outline, zorder=2 + order,
                           label=f"{path.name}")
        first = data.paths[0]
        landscape.plot([first.path_w[0]], [first.path_b[0]], "o", color="white",
                       markeredgecolor="black", markersize=1.1 * size, label="start", zorder=6)
        landscape.plot([data.minimum[0]], [data.minimum[1]], "*", color=colours[3],
                       markeredgecolor="black", markersize=2.0 * size, label="minimum", zorder=7)
        landscape.set_xlabel("weight $w$")
        landscape.set_ylabel("bias $b$")
        landscape.set_title("Paths on $J(w, b)$")
        landscape.grid(False)
        landscape.legend(fontsize="small", loc="best")
        figure.suptitle("Full batch, mini-batch and stochastic gradient descent",
                        fontsize=matplotlib.rcParams["axes.titlesize"], fontweight="bold")
    return figure
