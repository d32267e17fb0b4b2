"""Figures of a training run. Each function draws what it is given; none computes."""

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from nnexplain.plot.labels import math_number as _number
from nnexplain.plot.style import new_figure, palette, styled

# Two panels side by side, wide enough for a projector.
FIGURE_SIZE = (12, 5)
LANDSCAPE_SIZE = (8, 6.5)
# Marks drawn on the landscape's colour map, not on the background: the same in every
# style (Okabe–Ito; visible on viridis from purple to yellow, with black edges).
ON_MAP = {1: "#D55E00", 2: "#009E73", 4: "#CC79A7"}

# How each line of the data panel looks, by role: (label, colour index, style, width).
_LOOKS = {
    "start": ("start (random w, b)", 7, ":", 1.5),
    "fitted": ("learned", 1, "-", 2.5),
    "truth": ("truth $y = 2x + 1$", 7, "--", 1.5),
    "boundary": ("decision boundary ($\\hat{y} = 0.5$)", 7, "-", 2.0),
    "probability": ("$\\hat{y} = \\sigma(w x + b)$", 1, "-", 2.5),
}


def training_figure(picture) -> Figure:
    """The cost after every epoch (left) and the data with what the neuron
    learned (right): the fitted line over the points, or the two classes and
    the decision boundary. Only the cost panel when the data have more inputs
    than a plane can show."""
    with styled():
        colours = palette()
        if picture.x is None:
            figure = new_figure()
            cost_axes = figure.add_subplot()
        else:
            figure = new_figure(FIGURE_SIZE)
            cost_axes, data_axes = figure.subplots(1, 2)
            _data_panel(data_axes, picture, colours)
        _cost_panel(cost_axes, picture, colours)
        kind = "a line" if picture.task == "line" else "two classes"
        bias = "" if picture.fit_bias else ", bias fixed at 0"
        figure.suptitle(f"Gradient descent: one neuron learns {kind}{bias}",
                        fontsize="x-large", fontweight="bold")
    return figure


def _cost_panel(axes, picture, colours):
    axes.plot(picture.epochs, picture.cost, color=colours[0], label="cost $J$")
    # A log scale shows the slow end of the descent too, when the cost spans decades.
    positive = picture.cost[picture.cost > 0]
    if positive.size == picture.cost.size and positive.max() > 10 * positive.min():
        axes.set_yscale("log")
    axes.xaxis.set_major_locator(MaxNLocator(6, integer=True))  # 2000-style labels stay apart
    axes.set_title("Cost after each epoch")
    axes.set_xlabel("epoch")
    axes.set_ylabel("cost $J$")


def _data_panel(axes, picture, colours):
    x, y = picture.x, picture.y
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
        label, colour, style, width = _LOOKS[line.role]
        if line.role == "fitted":
            label = f"learned $\\hat{{y}} = {_mathtext(picture)}$"
        axes.plot(line.x, line.y, linestyle=style, linewidth=width,
                  color=colours[colour % len(colours)], label=label)
    if picture.task == "logistic" and x.shape[1] == 2:
        # Keep the view on the data: a steep boundary would stretch the axes.
        pad_1 = 0.1 * float(x[:, 0].max() - x[:, 0].min()) or 1.0
        pad_2 = 0.1 * float(x[:, 1].max() - x[:, 1].min()) or 1.0
        axes.set_xlim(float(x[:, 0].min()) - pad_1, float(x[:, 0].max()) + pad_1)
        axes.set_ylim(float(x[:, 1].min()) - pad_2, float(x[:, 1].max()) + pad_2)
    # Below the panel: the points fill the corners (a legend inside covers some).
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16),
                ncol=3 if picture.task == "logistic" and x.shape[1] == 2 else 2)


def _mathtext(picture):
    """``w x + b`` of the learned line with its numbers."""
    text = f"{_number(picture.learned_w[0])}\\,x"
    if picture.fit_bias:
        sign = "-" if picture.learned_b < 0 else "+"
        text += f" {sign} {_number(abs(picture.learned_b))}"
    return text


def landscape_figure(data) -> Figure:
    """Filled contours of J(w, b), the descent path from the random start to where
    training ended, and the minimum (a claim about its shape belongs to the text,
    which computes it: a bowl, or a trough when the data allow a line of minima)."""
    with styled():
        colours = ON_MAP
        figure = new_figure(LANDSCAPE_SIZE)
        axes = figure.add_subplot()
        filled = axes.contourf(data.w, data.b, data.cost, levels=data.levels, cmap="viridis_r")
        axes.contour(data.w, data.b, data.cost, levels=data.levels, colors="white",
                     linewidths=0.4, alpha=0.5)
        figure.colorbar(filled, ax=axes, label="cost $J(w, b)$", format="%.3g")
        axes.plot(data.path_w, data.path_b, "-", color=colours[1], linewidth=2,
                  label="descent path")
        axes.plot(data.path_w, data.path_b, ".", color=colours[1], markersize=5,
                  label="_recorded epochs")
        axes.plot([data.path_w[0]], [data.path_b[0]], "o", color="white", markeredgecolor="black",
                  markersize=10, label="start (epoch 0)", zorder=4)
        axes.plot([data.path_w[-1]], [data.path_b[-1]], "s", color=colours[1],
                  markeredgecolor="black", markersize=9, label=f"end (epoch {data.path_epochs[-1]})",
                  zorder=4)
        axes.plot([data.minimum[0]], [data.minimum[1]], "*", color=colours[4],
                  markeredgecolor="black", markersize=18,
                  label=f"minimum, $J = {_number(data.minimum_cost)}$", zorder=5)
        if data.through_origin is not None:
            axes.axhline(0.0, color="white", linestyle="--", linewidth=1.2, label="$b = 0$")
            axes.plot([data.through_origin], [0.0], "D", color=colours[2], markeredgecolor="black",
                      markersize=9, label="best with $b = 0$", zorder=5)
        axes.set_xlabel("weight $w$")
        axes.set_ylabel("bias $b$")
        axes.set_title("The cost landscape $J(w, b)$ and the descent path")
        axes.grid(False)
        axes.legend(loc="best", framealpha=0.85, frameon=True)
    return figure


# The compared learning rates' paths, by name: (colour on the map, line style, marker).
RATES_SIZE = (13, 6.5)
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
    from matplotlib import patheffects

    with styled():
        figure = new_figure(RATES_SIZE)
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
