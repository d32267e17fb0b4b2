"""The decision-regions figure of a trained network in characters (``--show``):
left, the class the network gives each cell of the plane (ŷ ≥ 0.5 or not), the
boundary ŷ = 0.5 and the points by class; right, the cost after each epoch beside the
no-hidden model's. Draws what it is given
(``nnexplain.explain.network_training.network_training_figures``); computes no result.

Hooked into ``nnexplain.termplot.figures.DRAWERS`` as
``"network_training_figure": network_training_text``.
"""

from __future__ import annotations

import numpy as np
import plotext as plt

from nnexplain.render.numbers import format_number

NBSP = "\u00a0"  # as termplot.figures: holds "ŷ = 0.5" on one line
_TASK_TITLES = {"xor": "XOR", "circles": "two circles", "moons": "two moons", "spiral": "two spirals"}
# The regions panel's share of the width (the plane needs more room than the curve).
REGIONS_SHARE = 0.55
# Each region's cells: with colour a full block in the class's light tint (the
# matplotlib figure's class colours, faded: Okabe–Ito blue and orange), deeper where
# the network is sure (ŷ below SURE or above 1 − SURE); without colour, a blank for
# class 0 and a dot for class 1.
REGION_COLOURS = {(0, False): 153, (0, True): 117, (1, False): 223, (1, True): 215}
REGION_CHARACTERS = (" ", "·")
SURE = 0.1
# The boundary (cells whose neighbours lie on the other side of ŷ = 0.5) and the
# points: a character each, whether in colour or not.
BOUNDARY = ("#", 240)
POINTS = (("o", 25), ("x", 166))  # class 0, class 1: (character, colour)
# Samples of ŷ per character cell each way.
SAMPLES = 1.25
# Below this many rows: no heading, no axis labels and a one-line key, so that the
# plane keeps its rows (the explorer's figure panel is small).
COMPACT_BELOW = 20
CURVES = ((35, "•"), (245, "-"))  # the network's cost, the no-hidden model's: (colour, character)
# A chosen data point (DecisionPicture.chosen): a character of its own, in red with colour.
CHOSEN = ("@", 160)


def network_training_text(data, look, width, height):
    """Left: the regions, boundary and points; right: the cost curves."""
    plt.subplots(1, 2)
    left = max(int(width * REGIONS_SHARE), 20)
    plt.subplot(1, 1).plotsize(left, None)
    plt.subplot(1, 2).plotsize(width - left, None)
    plt.subplot(1, 1)
    _regions(data, look, left, height)
    for label, (character, colour) in zip((0.0, 1.0), POINTS):
        chosen = data.y == label
        plt.scatter(data.x[chosen, 0], data.x[chosen, 1], marker=character,
                    **({"color": colour} if look.colour else {}))
    if data.chosen is not None:
        plt.scatter([data.chosen[1]], [data.chosen[2]], marker=CHOSEN[0],
                    **({"color": CHOSEN[1]} if look.colour else {}))
    plt.xlim(float(data.axis_1[0]), float(data.axis_1[-1]))
    plt.ylim(float(data.axis_2[0]), float(data.axis_2[-1]))
    plt.title(f"{data.shape}: {_percent(data.accuracy)}% correct")
    plt.subplot(1, 2)
    curves = [(data.cost, f"{data.shape} network")]
    if data.line_cost is not None:
        curves.append((data.line_cost, f"no hidden layer ({_percent(data.line_accuracy)}%)"))
    for (values, label), (colour, character) in zip(curves, CURVES):
        plt.plot(data.epochs.tolist(), values.tolist(), label=label,
                 **({"color": colour, "marker": "hd"} if look.colour else {"marker": character}))
    top = max(float(np.max(values)) for values, _ in curves)
    plt.ylim(0.0, top * 1.05 if top > 0 else 1.0)
    ticks = _epoch_ticks(float(data.epochs[-1]))
    plt.xticks(ticks, [str(t) for t in ticks])
    plt.title("Cost J after each epoch")
    heading = f"Training a {data.shape} network on {_TASK_TITLES.get(data.task, data.task)}"
    half = format_number(data.threshold)
    if height < COMPACT_BELOW:
        region = (f"blue ŷ < {half}, orange ŷ ≥ {half}" if look.colour else
                  f"blank ŷ < {half}, '{REGION_CHARACTERS[1]}' ŷ ≥ {half}")
        key = (f"{region}, '{BOUNDARY[0]}' ŷ{NBSP}={NBSP}{format_number(data.threshold)}; "
               f"'{POINTS[0][0]}'/'{POINTS[1][0]}' class 0/1")
        if data.line_cost is not None:
            key += ("; cost: green network, grey no hidden layer" if look.colour else
                    f"; cost: '{CURVES[0][1]}' network, '{CURVES[1][1]}' no hidden layer")
        return None, [key + _chosen_key(data) + "."]
    plt.xlabel("epoch")
    plt.subplot(1, 1)
    plt.xlabel("x1 (x2 up)")
    region = (f"light blue where ŷ < {half}, light orange where ŷ ≥ {half} (deeper where ŷ < "
              f"{format_number(SURE)} or > {format_number(1 - SURE)})" if look.colour else
              f"blank where ŷ < {half} (class 0), '{REGION_CHARACTERS[1]}' where ŷ ≥ {half} (class 1)")
    key = (f"Left: {region}; '{BOUNDARY[0]}' the boundary ŷ{NBSP}={NBSP}"
           f"{format_number(data.threshold)}; points: '{POINTS[0][0]}' class 0, "
           f"'{POINTS[1][0]}' class 1{_chosen_key(data)}.")
    return heading, [key]


def _chosen_key(data) -> str:
    return "" if data.chosen is None else f"; '{CHOSEN[0]}' point{NBSP}{data.chosen[0]}"


def _epoch_ticks(last: float) -> list[int]:
    """Whole epochs at a round step (1, 2 or 5 times a power of ten), at most 5 ticks."""
    step = 1
    while last / step > 4:
        step = _next_step(step)
    return list(range(0, int(last) + 1, step))


def _next_step(step: int) -> int:
    text = str(step)
    return step * 2 if text[0] in "15" else step * 5 // 2  # 1 → 2 → 5 → 10 → 20 → 50 …


def _percent(fraction):
    return format_number(100.0 * fraction)


def _regions(data, look, width, height):
    """A sample of the grid per cell (SAMPLES times as many samples as the panel has
    columns and rows, which is more than its plot area has, so no cell is missed), the
    class there, and the boundary where a sample's neighbour
    (right or up) is on the other side of the threshold."""
    xs, ys, probability = data.axis_1, data.axis_2, data.probability
    pick_x = np.round(np.linspace(0, xs.size - 1, round(SAMPLES * width))).astype(int)
    pick_y = np.round(np.linspace(0, ys.size - 1, round(SAMPLES * height))).astype(int)
    sampled = probability[np.ix_(pick_y, pick_x)]
    grid_x, grid_y = np.meshgrid(xs[pick_x], ys[pick_y])
    one = sampled >= data.threshold
    sure = (sampled < SURE) | (sampled > 1.0 - SURE)
    for label in (0, 1):
        chosen = one == bool(label)
        if look.colour:
            for deep in (False, True):
                cells = chosen & (sure == deep)
                if cells.any():
                    plt.scatter(grid_x[cells], grid_y[cells], marker="█",
                                color=REGION_COLOURS[(label, deep)])
        elif REGION_CHARACTERS[label] != " " and chosen.any():
            plt.scatter(grid_x[chosen], grid_y[chosen], marker=REGION_CHARACTERS[label])
    edge = np.zeros_like(one)
    edge[:, :-1] |= one[:, :-1] != one[:, 1:]
    edge[:-1, :] |= one[:-1, :] != one[1:, :]
    if edge.any():
        plt.scatter(grid_x[edge], grid_y[edge], marker=BOUNDARY[0],
                    **({"color": BOUNDARY[1]} if look.colour else {}))
