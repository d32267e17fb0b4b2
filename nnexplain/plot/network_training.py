"""The decision-regions figure of a trained network. Draws what it is given
(``nnexplain.explain.network_training.network_training_figures``); computes nothing."""

from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from nnexplain.plot.collapse import CLASS_MARKERS
from nnexplain.plot.labels import math_number as _number
from nnexplain.plot.style import class_colours, ink, is_slides, new_figure, palette, paper, styled

# The probability's shading: from class 0's colour (ŷ = 0) through the paper (ŷ = 0.5)
# to class 1's (ŷ = 1), faded so that the points read over it.
REGION_ALPHA = 0.45
REGION_LEVELS = 21  # 0, 0.05, …, 1: bands of ŷ
_TASK_TITLES = {"xor": "XOR", "circles": "two circles", "moons": "two moons", "spiral": "two spirals"}


def network_training_figure(picture) -> Figure:
    """Left: ŷ shaded over the plane, the boundary ŷ = 0.5 and the points by class.
    Right: the cost after each epoch, with the no-hidden model's beside it."""
    with styled():
        figure = new_figure()
        regions, costs = figure.subplots(1, 2)
        zero, one = class_colours()
        shading = LinearSegmentedColormap.from_list("classes", [zero, paper(), one])
        levels = [k / (REGION_LEVELS - 1) for k in range(REGION_LEVELS)]
        filled = regions.contourf(picture.axis_1, picture.axis_2, picture.probability,
                                  levels=levels, cmap=shading, alpha=REGION_ALPHA)
        regions.contour(picture.axis_1, picture.axis_2, picture.probability,
                        levels=[picture.threshold], colors=ink(), linewidths=1.5)
        regions.plot([], [], "-", color=ink(), linewidth=1.5,
                     label=f"boundary $\\hat{{y}} = {_number(picture.threshold)}$")
        for label, colour in ((0.0, zero), (1.0, one)):
            chosen = picture.y == label
            regions.plot(picture.x[chosen, 0], picture.x[chosen, 1], CLASS_MARKERS[label],
                         linestyle="none", color=colour, markersize=5,
                         markeredgecolor=paper(), markeredgewidth=0.5,
                         label=f"class {_number(label)}")
        regions.set_xlim(picture.axis_1[0], picture.axis_1[-1])
        regions.set_ylim(picture.axis_2[0], picture.axis_2[-1])
        regions.set_aspect("equal", adjustable="box")
        regions.grid(False)
        regions.set_xlabel("$x_1$")
        regions.set_ylabel("$x_2$")
        regions.set_title(f"{picture.shape}: {100 * picture.accuracy:.1f}% correct")
        bar = figure.colorbar(filled, ax=regions, label="$\\hat{y}$", ticks=[0, 0.5, 1])
        bar.ax.tick_params(labelsize="small")
        bar.ax.yaxis.labelpad = 8  # points: ŷ clear of the "0.5" beside it
        colours = palette()
        costs.plot(picture.epochs, picture.cost, color=colours[2 % len(colours)],
                   label=f"{picture.shape} network")
        if picture.line_cost is not None:
            costs.plot(picture.epochs, picture.line_cost, "--", color=ink(),
                       label=f"no hidden layer ({100 * picture.line_accuracy:.1f}% correct)")
        costs.set_xlabel("epoch")
        costs.set_ylabel("cost $J$")
        costs.set_ylim(bottom=0)
        costs.set_title("Cost after each epoch")
        if is_slides():
            # Slide-sized numbers: at most five round steps per axis, or the labels touch.
            for axis in (regions.xaxis, regions.yaxis, costs.xaxis, costs.yaxis):
                axis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))
        # One legend under both panels: inside, it would cover points or the curves.
        handles, labels = regions.get_legend_handles_labels()
        more = costs.get_legend_handles_labels()
        figure.legend(handles + more[0], labels + more[1], loc="outside lower center",
                      ncols=3 if is_slides() else len(labels) + len(more[1]), fontsize="small",
                      markerscale=1.5)
        figure.suptitle(f"Training a network on {_TASK_TITLES.get(picture.task, picture.task)}",
                        fontweight="bold")
    return figure
