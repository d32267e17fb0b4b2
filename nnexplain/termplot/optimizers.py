"""``optimize --show``: the optimisers' paths on the cost's heat map, in characters.

Hook: ``DRAWERS["optimizers_figure"] = optimizers_text`` in nnexplain/termplot/figures.py.
"""

import plotext as plt

from nnexplain.render.numbers import format_number


def optimizers_text(data, look, width, height):
    """J as a heat map (a shade per band of cost), each optimiser's path with its own
    character, the shared start and the minimum."""
    # Imported here: figures.py imports this module to register the drawer.
    from nnexplain.termplot.figures import _band_edges, _heat_map, _shade_key

    bands = _heat_map(data["xs"], data["ys"], data["grid"], _band_edges(data["levels"]), look,
                      width, height)
    for index, (name, path) in enumerate(data["paths"]):
        plt.plot(path[:, 0], path[:, 1], label=name, **look.points(index + 1, "·xo&~"[index % 5]))
    start = data["paths"][0][1][0]
    plt.scatter([start[0]], [start[1]], label="start", **look.points(0, "S"))
    minimum = data["minimum"]
    plt.scatter([minimum[0]], [minimum[1]],
                label=f"minimum, J = {format_number(data['minimum_cost'])}", **look.points(3, "M"))
    first, second = data["names"]
    plt.xlabel(first)
    plt.ylabel(second)
    plt.title(f"Optimiser paths on {data['title']}")
    return None, [_shade_key(bands, look)]
