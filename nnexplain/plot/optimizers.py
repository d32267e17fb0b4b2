"""Every optimiser's path on the contour map of the problem's cost."""

import matplotlib
from matplotlib.figure import Figure

from nnexplain.plot.style import ink, new_figure, palette, styled

# One line style and marker per path, so paths differ without colour too.
_LINES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1)))
_MARKERS = ("o", "s", "^", "D", "v")


def optimizers_figure(data) -> Figure:
    """Contours of J (levels log-spaced above the minimum), each optimiser's path from
    the start, its end marked, the minimum as a star; the legend outside the map."""
    with styled():
        colours = palette()
        width = matplotlib.rcParams["lines.linewidth"]
        size = matplotlib.rcParams["lines.markersize"]
        figure = new_figure()
        axes = figure.add_subplot()
        axes.contour(data["xs"], data["ys"], data["grid"], levels=data["levels"], colors=ink(),
                     linewidths=0.5, alpha=0.35)
        first, second = data["names"]
        for k, (name, path) in enumerate(data["paths"]):
            colour = colours[k % (len(colours) - 1)]
            every = max(1, len(path) // 25)
            axes.plot(path[:, 0], path[:, 1], linestyle=_LINES[k % len(_LINES)],
                      marker=_MARKERS[k % len(_MARKERS)], markevery=every, markersize=0.6 * size,
                      color=colour, linewidth=0.8 * width, label=name, zorder=3 + k)
        start = data["paths"][0][1][0]
        axes.plot([start[0]], [start[1]], "o", color="white", markeredgecolor="black",
                  markersize=1.1 * size, label="start", zorder=10)
        minimum = data["minimum"]
        axes.plot([minimum[0]], [minimum[1]], "*", color=colours[-1], markeredgecolor="black",
                  markersize=2.0 * size, label="minimum", zorder=11)
        axes.set_xlim(data["xs"][0], data["xs"][-1])
        axes.set_ylim(data["ys"][0], data["ys"][-1])
        axes.set_xlabel(f"${first}$")
        axes.set_ylabel(f"${second}$")
        axes.grid(False)
        # What the contours are, under the title (one line would not fit the slides).
        figure.suptitle(f"Optimiser paths on {data['title']}",
                        fontsize=matplotlib.rcParams["axes.titlesize"], fontweight="bold")
        axes.set_title("contours of the cost, log-spaced above the minimum",
                       fontsize="medium", fontweight="normal")
        figure.legend(loc="outside right center", frameon=False)
    return figure
