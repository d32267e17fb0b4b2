"""Figures of a training run. Each function draws what it is given; none computes."""

import math

import matplotlib
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator, NullFormatter, NullLocator

from nnexplain.plot.labels import math_number as _number
from nnexplain.plot.style import ink, is_slides, new_figure, palette, styled

# Marks drawn on the landscape's colour map by the animation (the same in every style).
ON_MAP = {1: "#D55E00", 2: "#009E73", 4: "#CC79A7"}
# At least this many labelled ticks on a log cost axis.
LEAST_LOG_TICKS = 4
# The descent counts as fast when it settles within this share of the epochs: then the
# epoch axis is logarithmic, so the descent is not a vertical line at the left edge.
FAST_SHARE = 0.1

# How each line of the data panel looks, by role: (label, colour index, style, width as a
# share of the style's line width, drawing order). The truth is dashed and drawn over
# the (wider, solid) learned line, so both show where they coincide.
_LOOKS = {
    "start": ("start (random w, b)", 7, ":", 0.6, 2),
    "given start": ("start (given w, b)", 7, ":", 0.6, 2),
    "fitted": ("learned", 1, "-", 1.0, 2),
    "truth": ("truth $y = 2x + 1$", 7, (0, (4, 3)), 0.5, 3),
    "boundary": ("decision boundary ($\\hat{y} = 0.5$)", 7, "-", 0.8, 2),
    "probability": ("$\\hat{y} = \\sigma(w x + b)$", 1, "-", 1.0, 2),
}

# The panel titles on a slide, where half the canvas is narrower than a page's panel.
_SLIDE_TITLES = {
    "Cost after each epoch": "Cost per epoch",
    "The data and the learned line": "Data and learned line",
    "The data and the learned probability": "Data and learned $\\hat{y}$",
    "The two classes and the boundary": "Classes and boundary",
}


def training_figure(picture) -> Figure:
    """The cost after every epoch (left) and the data with what the neuron
    learned (right): the fitted line over the points, or the two classes and
    the decision boundary. Only the cost panel when the data have more inputs
    than a plane can show."""
    with styled():
        colours = palette()
        figure = new_figure()
        if picture.x is None:
            cost_axes = figure.add_subplot()
        else:
            cost_axes, data_axes = figure.subplots(1, 2)
            _data_panel(figure, data_axes, picture, colours)
        _cost_panel(cost_axes, picture, colours)
        if is_slides():
            # Two panels on a slide: shorter panel titles a step smaller than a lone
            # panel's, so that each fits over its own panel.
            for axes in figure.axes:
                axes.set_title(_SLIDE_TITLES.get(axes.get_title(), axes.get_title()),
                               fontsize=matplotlib.rcParams["axes.labelsize"])
        kind = "a line" if picture.task == "line" else "two classes"
        bias = "" if picture.fit_bias else ", bias fixed at 0"
        figure.suptitle(f"Gradient descent: one neuron learns {kind}{bias}",
                        fontsize="x-large", fontweight="bold")
    return figure


def log_ticks(low: float, high: float, least: int = LEAST_LOG_TICKS) -> list[float]:
    """Round ticks (1, 2, 5 × 10^k and so on) for a log axis from ``low`` to ``high``
    (both > 0): from the last tick at or below ``low`` to the first at or above
    ``high``, at least ``least`` of them when the steps allow."""
    first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
    chosen = []
    for steps in ((1,), (1, 3), (1, 2, 5), (1, 1.5, 2, 3, 5, 7)):
        ticks = sorted(float(f"{m}e{e}") for e in range(first - 1, last + 2) for m in steps)
        below = max(t for t in ticks if t <= low)
        above = min(t for t in ticks if t >= high)
        chosen = [t for t in ticks if below <= t <= above]
        if len(chosen) > 9:  # many decades: every k-th decade is enough
            every = math.ceil((len(chosen) - 1) / 8)
            chosen = chosen[::every] if (len(chosen) - 1) % every == 0 else \
                chosen[::every] + [chosen[-1]]
        if len(chosen) >= least:
            break
    return chosen


def _cost_panel(axes, picture, colours):
    axes.plot(picture.epochs, picture.cost, color=colours[0], label="cost $J$")
    # A log scale shows the slow end of the descent too, when the cost spans decades.
    positive = picture.cost[picture.cost > 0]
    if positive.size == picture.cost.size and positive.max() > 10 * positive.min():
        axes.set_yscale("log")
        ticks = log_ticks(float(positive.min()), float(positive.max()))
        axes.set_ylim(ticks[0], ticks[-1])
        axes.yaxis.set_major_locator(FixedLocator(ticks))
        axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        axes.yaxis.set_minor_locator(NullLocator())
        axes.yaxis.set_minor_formatter(NullFormatter())
    last = int(picture.epochs[-1]) if picture.epochs.size else 0
    if last >= 20 and picture.settled < FAST_SHARE * last:
        # Fast descent: epochs on a log scale (linear from 0 to 1), so it has room.
        axes.set_xscale("symlog", linthresh=1.0, linscale=0.5)
        ticks = [0] + [10 ** k for k in range(int(math.log10(last)) + 1)]
        if last >= 3 * ticks[-1]:
            ticks.append(last)
        axes.set_xlim(0, last)
        axes.xaxis.set_major_locator(FixedLocator(ticks))
        axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        axes.xaxis.set_minor_locator(NullLocator())
        axes.set_xlabel("epoch (log scale)")
    else:
        axes.xaxis.set_major_locator(MaxNLocator(6, integer=True))  # 2000-style labels stay apart
        axes.set_xlabel("epoch")
    axes.set_title("Cost after each epoch")
    axes.set_ylabel("cost $J$")


def _data_panel(figure, axes, picture, colours):
    x, y = picture.x, picture.y
    width = matplotlib.rcParams["lines.linewidth"]
    if picture.task == "line":
        axes.plot(x[:, 0], y, "o", color=colours[0], markersize=5, alpha=0.7, label="data")
        axes.set_xlabel("$x$")
        axes.set_ylabel("$y$")
        axes.set_title("The data and the learned line")
    elif x.shape[1] == 1:
        axes.plot(x[:, 0], y, "o", color=colours[0], markersize=5, alpha=0.7, label="data (class 0 or 1)")
        axes.set_xlabel("$x$")
        axes.set_ylabel("class $y$, probability $\\hat{y}$")
        axes.set_title("The data and the learned probability")
    else:
        for label, colour, marker in ((0.0, colours[0], "o"), (1.0, colours[1], "s")):
            chosen = y == label
            axes.plot(x[chosen, 0], x[chosen, 1], marker, linestyle="none", color=colour,
                      markersize=6, alpha=0.8, label=f"class {label:.0f}")
        axes.set_xlabel("$x_1$")
        axes.set_ylabel("$x_2$")
        axes.set_title("The two classes and the boundary")
    for line in picture.lines:
        label, colour, style, share, order = _LOOKS[line.role]
        if line.role == "fitted":
            label = f"learned $\\hat{{y}} = {_mathtext(picture)}$"
        axes.plot(line.x, line.y, linestyle=style, linewidth=share * width, zorder=order,
                  color=colours[colour % len(colours)], label=label)
    if picture.task == "logistic" and x.shape[1] == 2:
        # Keep the view on the data: a steep boundary would stretch the axes.
        pad_1 = 0.1 * float(x[:, 0].max() - x[:, 0].min()) or 1.0
        pad_2 = 0.1 * float(x[:, 1].max() - x[:, 1].min()) or 1.0
        axes.set_xlim(float(x[:, 0].min()) - pad_1, float(x[:, 0].max()) + pad_1)
        axes.set_ylim(float(x[:, 1].min()) - pad_2, float(x[:, 1].max()) + pad_2)
    # Below both panels, centred: the points fill the corners (a legend inside covers
    # some), and a legend under one panel alone leaves a gap under the other.
    count = len(axes.get_legend_handles_labels()[1])
    figure.legend(*axes.get_legend_handles_labels(), loc="outside lower center",
                  ncol=min(count, 2 if is_slides() else 4))


def _mathtext(picture):
    """``w x + b`` of the learned line with its numbers."""
    text = f"{_number(picture.learned_w[0])}\\,x"
    if picture.fit_bias:
        sign = "-" if picture.learned_b < 0 else "+"
        text += f" {sign} {_number(abs(picture.learned_b))}"
    return text


# The landscape's map is drawn at equal scales of w and b (where the gradient is
# square to the contours) when the one range is at most this many times the other.
EQUAL_SCALES_WITHIN = 2.0


def landscape_figure(data) -> Figure:
    """Filled contours of J(w, b), the descent path from the random start to where
    training ended, and the minimum (a claim about its shape belongs to the text,
    which computes it: a bowl, or a trough when the data allow a line of minima)."""
    with styled():
        colours = palette()
        width = matplotlib.rcParams["lines.linewidth"]
        size = matplotlib.rcParams["lines.markersize"]
        outline = [patheffects.withStroke(linewidth=width * 0.8 + 2, foreground="black")]
        figure = new_figure()
        axes = figure.add_subplot()
        filled = axes.contourf(data.w, data.b, data.cost, levels=data.levels, cmap="viridis_r")
        axes.contour(data.w, data.b, data.cost, levels=data.levels, colors="white",
                     linewidths=0.4, alpha=0.5)
        bar = figure.colorbar(filled, ax=axes, format="%.3g",
                              label="cost $J(w, b)$\n(bands log-spaced above the minimum)")
        bar.set_ticks(_band_ticks(data.levels))
        path = colours[1]
        axes.plot(data.path_w, data.path_b, "-", color=path, linewidth=0.8 * width,
                  path_effects=outline, label="descent path", zorder=3)
        axes.plot(data.path_w, data.path_b, ".", color=path, markersize=0.5 * size,
                  label="_recorded epochs", zorder=3)
        axes.plot([data.path_w[0]], [data.path_b[0]], "o", color="white", markeredgecolor="black",
                  markersize=1.1 * size, label="start (epoch 0)", zorder=4)
        # The minimum's star under the end's square: where training ends at the
        # minimum, the square shows inside the star.
        axes.plot([data.minimum[0]], [data.minimum[1]], "*", color=colours[3],
                  markeredgecolor="black", markersize=2.2 * size,
                  label=f"minimum, $J = {_number(data.minimum_cost)}$", zorder=5)
        axes.plot([data.path_w[-1]], [data.path_b[-1]], "s", color=path,
                  markeredgecolor=ink(), markeredgewidth=1.5, markersize=0.8 * size,
                  label=f"end (epoch {data.path_epochs[-1]})", zorder=6)
        if data.through_origin is not None:
            axes.axhline(0.0, color="white", linestyle="--", linewidth=0.5 * width, label="$b = 0$",
                         path_effects=[patheffects.withStroke(linewidth=0.5 * width + 1.5,
                                                              foreground="black")])
            axes.plot([data.through_origin], [0.0], "D", color=colours[2], markeredgecolor="black",
                      markersize=size, label="best with $b = 0$", zorder=5)
        axes.set_xlabel("weight $w$")
        axes.set_ylabel("bias $b$")
        span_w, span_b = float(data.w[-1] - data.w[0]), float(data.b[-1] - data.b[0])
        if max(span_w, span_b) <= EQUAL_SCALES_WITHIN * min(span_w, span_b):
            axes.set_aspect("equal", adjustable="box")
            axes.set_anchor("W")  # next to the legend; the colour bar follows the map
        else:
            axes.set_xlabel("weight $w$ (w and b at different scales: the path's angles "
                            "to the contours are stretched)", fontsize="small")
        # Over the whole figure: over the map alone it can run into the colour bar.
        figure.suptitle("The cost landscape $J(w, b)$ and the descent path",
                        fontsize=matplotlib.rcParams["axes.titlesize"], fontweight="bold")
        axes.grid(False)
        # Beside the map (on it, the legend would cover part of the path or the bowl),
        # on the side the colour bar leaves free.
        figure.legend(loc="outside left center", frameon=False)
    return figure


def _band_ticks(levels, most=6):
    """At most ``most`` of the contour levels for the colour bar, the lowest and
    highest among them (the bands are log-spaced: every level would crowd)."""
    levels = list(levels)
    if len(levels) <= most:
        return levels
    step = math.ceil((len(levels) - 1) / (most - 1))
    chosen = levels[::step]
    return chosen if chosen[-1] == levels[-1] else chosen[:-1] + [levels[-1]]


# The compared learning rates' paths, by name: (colour on the map, line style, marker).
_RATE_LOOKS = {
    "too small": ("#56B4E9", ":", "o"),
    "good": ("#D55E00", "-", "s"),
    "at the edge": ("#CC79A7", "--", "D"),
    "diverging": ("#E69F00", "-.", "^"),
}


def learning_rates_figure(data) -> Figure:
    """One cost landscape with the descent paths of several learning rates from the
    same start, each labelled with its rate (as a multiple of 2/λmax) and what it
    did; a path that leaves the map ends in a marker on the map's edge."""
    with styled():
        figure = new_figure()
        axes = figure.add_subplot()
        filled = axes.contourf(data.w, data.b, data.cost, levels=data.levels, cmap="viridis_r")
        figure.colorbar(filled, ax=axes, label="cost $J(w, b)$", format="%.3g")
        outline = [patheffects.withStroke(linewidth=3.5, foreground="black")]
        for path in data.paths:
            colour, style, marker = _RATE_LOOKS[path.name]
            w, b = list(path.path_w), list(path.path_b)
            if path.exit is not None:
                w.append(path.exit[0])
                b.append(path.exit[1])
            axes.plot(w, b, linestyle=style, color=colour, linewidth=2.2, path_effects=outline,
                      label=_rate_label(path, data))
            if path.exit is not None:
                axes.plot([path.exit[0]], [path.exit[1]], marker=">", color=colour,
                          markeredgecolor="black", markersize=13, zorder=5,
                          label=f"_leaves the map at epoch {path.leaves_at}")
                axes.annotate(f"leaves the map\n(epoch {path.leaves_at})", path.exit,
                              xytext=(-8, -8), textcoords="offset points", ha="right", va="top",
                              fontsize="small", color="black",
                              bbox={"boxstyle": "round", "facecolor": "white", "alpha": 0.85})
            else:
                axes.plot([w[-1]], [b[-1]], marker=marker, color=colour, markeredgecolor="black",
                          markersize=8, zorder=5, label="_end")
        axes.plot([data.paths[0].path_w[0]], [data.paths[0].path_b[0]], "o", color="white",
                  markeredgecolor="black", markersize=10, label="start (the run's)", zorder=6)
        axes.plot([data.minimum[0]], [data.minimum[1]], "*", color="white", markeredgecolor="black",
                  markersize=16, zorder=4,
                  label=("lowest with $b = 0$" if data.bias_fixed else "minimum")
                  + f", $J = {_number(data.minimum_cost)}$")
        axes.set_xlim(data.w[0], data.w[-1])
        axes.set_ylim(data.b[0], data.b[-1])
        axes.set_xlabel("weight $w$")
        axes.set_ylabel("bias $b$")
        figure.suptitle("Learning rates compared: stable only for "
                        f"$lr < 2/\\lambda_{{max}} = {_number(data.limit)}$",
                        fontsize="large", fontweight="bold")
        axes.grid(False)
        # Beside the map: the labels are two lines long and the map stays clear.
        figure.legend(loc="outside right center", frameon=False, fontsize="small")
    return figure


def _rate_label(path, data):
    """The legend entry of one rate: its value and what it did (numbers from the run)."""
    head = f"{path.name}: $lr = {_number(path.lr)}$ ({path.multiple:g} × 2/λmax)\n"
    if path.stability == "unstable":
        grows = f"diverges: ×{path.factor:.3g} a step along the steepest direction"
        if path.diverged_at is not None:
            return f"{head}{grows}\n(J overflows at epoch {path.diverged_at})"
        return f"{head}{grows}\n($J = {_number(path.final_cost)}$ at epoch {path.last_epoch})"
    if path.arrived_at is not None:
        lowest = "the lowest with $b = 0$" if data.bias_fixed else "the minimum"
        return f"{head}reaches {lowest} by epoch {path.arrived_at}"
    if path.stability == "edge":
        return f"{head}bounces across the valley: $J = {_number(path.final_cost)}$ at epoch {path.last_epoch}"
    gap = path.final_cost - data.minimum_cost
    lowest = "the lowest with $b = 0$" if data.bias_fixed else "the minimum"
    return f"{head}still {_number(gap)} above {lowest} at epoch {path.last_epoch}"
