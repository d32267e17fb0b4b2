"""Each figure kind drawn in characters with plotext. Each function draws what it is
given (the explain-layer data the matplotlib figure gets); none computes a result.

In colour, each series has its own colour; without colour (NO_COLOR, pipes), its own
character, so the figure reads the same either way.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import plotext as plt

from nnexplain.render.numbers import format_exact, format_number
from nnexplain.termplot import Picture
from nnexplain.termplot.approximation import approximation_text
from nnexplain.termplot.graph import graph_lines

# A series' colour (xterm-256: Okabe–Ito blue, orange, green, pink, yellow, sky,
# vermillion) and, without colour, its character.
COLOURS = (32, 208, 35, 170, 220, 75, 166)
CHARACTERS = ("•", "+", "x", "o", "*", "#", "%")
NBSP = "\u00a0"
GUIDE = 245  # grey: axes at 0, dashed guides
# The heat maps' shades, lowest value first: a character each (without colour), and
# a colour each (xterm-256 greys, light to dark, so low is light in both).
SHADES = (" ", ".", ":", "-", "=", "+", "*", "#", "%", "@")
SHADE_COLOURS = (255, 252, 249, 246, 243, 240, 237, 235, 233, 232)


class Look:
    """Colours or characters, chosen once per figure."""

    def __init__(self, colour: bool):
        self.colour = colour

    def line(self, index: int) -> dict:
        """plotext keywords for series ``index``'s line."""
        if self.colour:
            return {"color": COLOURS[index % len(COLOURS)], "marker": "hd"}
        return {"marker": CHARACTERS[index % len(CHARACTERS)]}

    def points(self, index: int, character: str | None = None) -> dict:
        """plotext keywords for series ``index``'s points (its own character both ways)."""
        marker = character or CHARACTERS[index % len(CHARACTERS)]
        if self.colour:
            return {"color": COLOURS[index % len(COLOURS)], "marker": marker}
        return {"marker": marker}

    def guide(self) -> dict:
        return {"color": GUIDE} if self.colour else {}

    def shade(self, band: int) -> dict:
        if self.colour:
            return {"color": SHADE_COLOURS[band], "marker": "█"}
        return {"marker": SHADES[band]}


def draw_text(drawing: Picture, width: int, height: int, colour: bool) -> str:
    """The figure as text, ``width`` × ``height`` characters (ANSI colour codes
    only when ``colour``)."""
    if drawing.kind in TABLES:
        return "\n".join(TABLES[drawing.kind](drawing.data, width, colour)) + "\n"
    drawer = DRAWERS.get(drawing.kind)
    if drawer is None:
        raise ValueError(f"no terminal drawing for {drawing.kind}")
    plt.clear_figure()
    plt.theme("clear")
    look = Look(colour)
    heading, notes = drawer(drawing.data, look, width, height)
    lines = [heading.center(width).rstrip()] if heading else []
    # A no-break space holds a symbol to its number ("x₀ = 2"): never split.
    notes = [line.replace(NBSP, " ") for note in notes
             for line in textwrap.wrap(note, width, break_on_hyphens=False)]
    rows = height - len(lines) - len(notes)
    if drawer is not diagram_text:
        plt.limitsize(False, False)  # the size asked for, not plotext's guess of the terminal's
        plt.main().plotsize(width, rows)
        text = plt.build()
        plt.clear_figure()
        if not colour:
            text = plt.uncolorize(text)
        lines += [line.rstrip() if not colour else line for line in text.splitlines()]
    lines += notes
    return "\n".join(lines) + "\n"


def _number(value: float) -> str:
    return "∞" if math.isinf(value) and value > 0 else format_number(value)


# --- losses -----------------------------------------------------------------------

def loss_text(family, look, width, height):
    """The loss against the prediction, one curve per label, the learner's point."""
    p, x_symbol, y_symbol = family.parameter_symbol, "ŷ", family.y_symbol
    finite_top = max(float(c.y.max()) for c in family.curves)
    top = min(finite_top, 8.0) * 1.08
    point = family.point
    if point is not None and math.isfinite(point.y):
        top = max(top, point.y * 1.08)
    for index, curve in enumerate(family.curves):
        keep = curve.y <= top
        plt.plot(curve.x[keep], curve.y[keep], label=f"{p} = {format_exact(curve.parameter)}",
                 **look.line(index))
    if point is not None:
        name = f"{p} = {format_exact(point.parameter)}, {x_symbol} = {format_exact(point.x)}"
        shown_y = point.y if math.isfinite(point.y) else top
        plt.scatter([point.x], [shown_y], label=f"{name}: {y_symbol} = {_number(point.y)}",
                    **look.points(len(family.curves), "●"))
    plt.ylim(0, top)
    plt.xlabel(f"{family.x_words} {x_symbol}")
    plt.ylabel(f"{family.y_words} {y_symbol}")
    plt.title(family.title)
    notes = []
    if point is not None and not math.isfinite(point.y):
        notes.append(f"{y_symbol} = ∞ at {x_symbol} = {format_exact(point.x)}: the point is drawn at the top edge.")
    return None, notes


def cost_text(data, look, width, height):
    """One bar per example, its loss; a line at their mean, the cost J."""
    m = data.losses.size
    finite = np.isfinite(data.losses)
    biggest = float(data.losses[finite].max()) if finite.any() else 1.0
    top = max(biggest, data.cost if math.isfinite(data.cost) else 0.0, 1e-12) * 1.25
    heights = np.where(finite, data.losses, top)
    index = np.arange(1, m + 1)
    name = {"log": "log loss", "squared": "squared loss"}[data.loss]
    plt.bar(index.tolist(), heights.tolist(), label=f"{name} of each example L(i)", width=0.7,
            **_bar(look, 0))
    if math.isfinite(data.cost):
        plt.hline(data.cost, **({"color": COLOURS[1]} if look.colour else {}))
    if data.labelled:
        for x, value, height_ in zip(index, data.losses, heights):
            plt.text(_number(float(value)), float(x), float(height_) + top * 0.04, alignment="center")
        plt.xticks(index.tolist(), [str(i) for i in index])
    plt.ylim(0, top * 1.15)
    plt.xlabel("example i")
    plt.ylabel("loss")
    plt.title(f"The cost is the average loss over m = {m} example{'s' if m != 1 else ''}")
    cost = f"J = {_number(data.cost)}"
    line = "the line across" if math.isfinite(data.cost) else "not drawn (one loss is ∞)"
    notes = [f"Their mean, the cost {cost}: {line}."]
    if not finite.all():
        notes.append("A bar that reaches the top is an infinite loss.")
    return None, notes


def _bar(look, index):
    return {"color": COLOURS[index % len(COLOURS)]} if look.colour else {"marker": "█" if index == 0 else "▒"}


def softmax_text(data, look, width, height):
    """The scores (left) and the probabilities (right), one bar per class, the most
    likely class in the second colour (or shade)."""
    n = data.z.size
    index = np.arange(1, n + 1)
    plt.subplots(1, 2)
    for column, values, title, symbol in ((1, data.z, "Scores z (logits)", "z"),
                                          (2, data.p, "Probabilities p = e^z / Σ e^z", "p")):
        plt.subplot(1, column)
        others = np.arange(n) != data.largest
        plt.bar(index[others].tolist(), values[others].tolist(), width=0.7, **_bar(look, 0))
        plt.bar([int(index[data.largest])], [float(values[data.largest])], width=0.7,
                label="most likely", **_bar(look, 1))
        low, high = float(min(values.min(), 0.0)), float(max(values.max(), 0.0))
        span = (high - low) or 1.0
        if data.labelled:
            for x, value in zip(index, values):
                plt.text(format_number(float(value)), float(x),
                         float(value) + (0.06 if value >= 0 else -0.06) * span, alignment="center")
            plt.xticks(index.tolist(), [str(i) for i in index])
        plt.ylim(low - 0.15 * span if low < 0 else 0.0, high + 0.15 * span)
        plt.title(title)
        plt.xlabel("class i")
        plt.ylabel(symbol)
    return "Softmax: scores become probabilities that add up to 1", []


# --- activations ------------------------------------------------------------------

def activation_text(data, look, width, height):
    """The activations (left) and their slopes (right), the learner's z as points."""
    plt.subplots(1, 2)
    for column, field, title in ((1, "value", "The activation f(z)"),
                                 (2, "derivative", "Its slope f'(z)")):
        plt.subplot(1, column)
        _zero_guides(data.curves[0].z, [getattr(c, field) for c in data.curves], look)
        for index, curve in enumerate(data.curves):
            alpha = "" if curve.slope is None else f", α = {format_exact(curve.slope)}"
            plt.plot(curve.z, getattr(curve, field), label=f"{curve.name}{alpha}", **look.line(index))
        if data.points is not None:
            plt.scatter(data.points.z, getattr(data.points, field), label="your z",
                        **look.points(len(data.curves), "●"))
        plt.title(title)
        plt.xlabel("z")
    return data.title, []


def _zero_guides(x, ys, look):
    """Grey axes at x = 0 and y = 0 where they are in view."""
    low, high = float(np.min(x)), float(np.max(x))
    if low <= 0 <= high:
        plt.vline(0, **look.guide())
    if min(float(np.min(y)) for y in ys) <= 0 <= max(float(np.max(y)) for y in ys):
        plt.hline(0, **look.guide())


def bias_text(data, look, width, height):
    """f(w·x + b) for each b, a guide at each shift x₀ = −b/w, a point at f(0) there;
    with ``data.point``, an X at the neuron's (x, a)."""
    for index, (curve, shift) in enumerate(zip(data.curves, data.shifts)):
        plt.plot(curve.x, curve.y, label=f"b = {format_exact(curve.parameter)}", **look.line(index))
        plt.vline(shift, **({"color": COLOURS[index % len(COLOURS)]} if look.colour else {}))
        plt.scatter([shift], [data.level], **look.points(index, "●"))
    notes = []
    if data.point is not None:
        x, a = data.point
        plt.scatter([x], [a], label="neuron (x, a)", **look.points(len(data.curves), "X"))
        notes.append(f"X: the neuron, x = {format_exact(x)}, a = {format_number(a)}.")
    plt.xlabel("x")
    plt.ylabel(f"{data.activation}(w·x + b)")
    plt.title(f"{data.title}: the bias moves f(w·x + b) by −b/w (w = {format_exact(data.w)})")
    shifts = ", ".join(f"x₀ = {format_number(s)} (b = {format_exact(c.parameter)})".replace(" ", NBSP)
                       for c, s in zip(data.curves, data.shifts))
    return None, [f"Vertical lines: each shift, {shifts}.", *notes]


# --- training ---------------------------------------------------------------------

_ROLES = {
    "start": "start (random w, b)",
    "given start": "start (given w, b)",
    "fitted": "learned",
    "truth": "truth y = 2x + 1",
    "boundary": "decision boundary (ŷ = 0.5)",
    "probability": "ŷ = σ(w·x + b)",
}


def training_text(picture, look, width, height):
    """The cost after each epoch (left) and the data with what was learned (right);
    the cost only when the data have too many inputs to draw in a plane."""
    if picture.x is not None:
        plt.subplots(1, 2)
        plt.subplot(1, 1)
    plt.plot(picture.epochs.tolist(), picture.cost.tolist(), label="cost J", **look.line(0))
    positive = picture.cost[picture.cost > 0]
    if positive.size == picture.cost.size and positive.max() > 10 * positive.min():
        plt.yscale("log")
    plt.title("Cost after each epoch")
    plt.xlabel("epoch")
    if picture.x is not None:
        plt.subplot(1, 2)
        _data_panel(picture, look)
    kind = "a line" if picture.task == "line" else "two classes"
    bias = "" if picture.fit_bias else ", bias fixed at 0"
    return f"Gradient descent: one neuron learns {kind}{bias}", []


def batches_text(data, look, width, height):
    """Full batch, mini-batch and stochastic: the cost over all examples against the
    examples seen (log cost), each method its own character; the paths are left to
    the file figure (three tangled paths do not read in characters)."""
    # The noisiest (stochastic, last) first, so the smoother curves stay on top; examples
    # seen on a log axis (from the first update), where the three first part ways.
    for index, path in reversed(list(enumerate(data.paths))):
        after = path.seen > 0
        plt.plot(path.seen[after].tolist(), path.costs[after].tolist(),
                 label=f"{path.name}, B = {path.batch_size}", **look.points(index, "·+x"[index % 3]))
    plt.hline(data.minimum_cost, **look.guide())
    plt.xscale("log")
    if all(np.all(path.costs > 0) for path in data.paths):
        plt.yscale("log")
    plt.xlabel(f"examples seen, log scale (1 epoch = {data.m})")
    plt.title(f"Cost against examples seen, lr = {format_number(data.lr)}")
    return None, [f"The guide line is the minimum, J = {format_number(data.minimum_cost)}; "
                  "--compare-batches FILE also draws the paths on the cost landscape."]


def _data_panel(picture, look):
    x, y = picture.x, picture.y
    if picture.task == "logistic" and x.shape[1] == 2:
        for index, label in enumerate((0.0, 1.0)):
            chosen = y == label
            plt.scatter(x[chosen, 0], x[chosen, 1], label=f"class {label:.0f}",
                        **look.points(index, "o" if index == 0 else "x"))
        plt.xlabel("x1")
        plt.title("The two classes and the boundary")
        pad_1 = 0.1 * float(x[:, 0].max() - x[:, 0].min()) or 1.0
        pad_2 = 0.1 * float(x[:, 1].max() - x[:, 1].min()) or 1.0
        plt.xlim(float(x[:, 0].min()) - pad_1, float(x[:, 0].max()) + pad_1)
        plt.ylim(float(x[:, 1].min()) - pad_2, float(x[:, 1].max()) + pad_2)
    else:
        plt.scatter(x[:, 0], y, label="data", **look.points(0, "•"))
        plt.xlabel("x")
        plt.title("The data and the learned line" if picture.task == "line"
                  else "The data and the learned probability")
    for index, line in enumerate(picture.lines, start=1):
        label = _ROLES[line.role]
        if line.role == "fitted":
            label = f"learned ŷ = {_learned(picture)}"
        xs, ys = np.asarray(line.x, dtype=np.float64), np.asarray(line.y, dtype=np.float64)
        if xs.size == 2:  # a straight line: plotext draws its two ends joined
            plt.plot(xs.tolist(), ys.tolist(), label=label, **look.line(index))
        else:
            plt.plot(xs, ys, label=label, **look.line(index))


def _learned(picture):
    text = f"{format_number(picture.learned_w[0])}·x"
    if picture.fit_bias:
        sign = "−" if picture.learned_b < 0 else "+"
        text += f" {sign} {format_number(abs(picture.learned_b))}"
    return text


def landscape_text(data, look, width, height):
    """J(w, b) as a heat map (a shade per band of cost), the descent path on it, the
    start, the end and the minimum."""
    bands = _heat_map(data.w, data.b, data.cost, _band_edges(data.levels), look, width, height)
    plt.plot(data.path_w, data.path_b, label="descent path", **look.points(1, "·"))
    plt.scatter([data.path_w[0]], [data.path_b[0]], label="start (epoch 0)", **look.points(2, "S"))
    plt.scatter([data.path_w[-1]], [data.path_b[-1]], label=f"end (epoch {data.path_epochs[-1]})",
                **look.points(1, "E"))
    plt.scatter([data.minimum[0]], [data.minimum[1]], label=f"minimum, J = {format_number(data.minimum_cost)}",
                **look.points(3, "M"))
    if data.through_origin is not None:
        plt.hline(0.0, **look.guide())
        plt.scatter([data.through_origin], [0.0], label="best with b = 0", **look.points(4, "B"))
    plt.xlabel("weight w")
    plt.ylabel("bias b")
    plt.title("The cost landscape J(w, b) and the descent path")
    return None, [_shade_key(bands, look)]


def rates_text(data, look, width, height):
    """The cost landscape as a heat map with the paths of the compared learning rates
    (each its own character), the shared start and the minimum."""
    bands = _heat_map(data.w, data.b, data.cost, _band_edges(data.levels), look, width, height)
    for index, path in enumerate(data.paths):
        plt.plot(path.path_w, path.path_b,
                 label=f"{path.name}: lr = {format_number(path.lr)} ({format_number(path.multiple)} × 2/λmax)",
                 **look.points(index + 1, "·+x*"[index % 4]))
    first = data.paths[0]
    plt.scatter([first.path_w[0]], [first.path_b[0]], label="start", **look.points(0, "S"))
    plt.scatter([data.minimum[0]], [data.minimum[1]],
                label=f"minimum, J = {format_number(data.minimum_cost)}", **look.points(3, "M"))
    plt.xlabel("weight w")
    plt.ylabel("bias b")
    plt.title(f"Learning rates compared: stable only for lr < 2/λmax = {format_number(data.limit)}")
    gone = [f"{p.name} leaves the map at epoch {p.leaves_at}" for p in data.paths if p.leaves_at is not None]
    return None, [_shade_key(bands, look)] + (["; ".join(gone) + "."] if gone else [])


def _band_edges(levels):
    """At most len(SHADES) bands: every few of the figure's contour levels."""
    levels = np.asarray(levels, dtype=np.float64)
    step = max(1, math.ceil((levels.size - 1) / len(SHADES)))
    edges = levels[::step]
    return edges


def _heat_map(xs, ys, values, edges, look, width, height):
    """A shade per character cell, by the band of ``values`` (rows: ys, columns: xs)
    at the cell's nearest grid point. Returns the bands' edges, as drawn."""
    # Twice as many samples as character cells each way, so that no cell is missed
    # (in a cell sampled twice, the higher band is drawn last and shows).
    columns, rows = 2 * width, 2 * height
    pick_x = np.round(np.linspace(0, xs.size - 1, columns)).astype(int)
    pick_y = np.round(np.linspace(0, ys.size - 1, rows)).astype(int)
    sampled = values[np.ix_(pick_y, pick_x)]
    band = np.clip(np.searchsorted(edges, sampled, side="right") - 1, 0, len(SHADES) - 1)
    grid_x, grid_y = np.meshgrid(xs[pick_x], ys[pick_y])
    for shade in range(len(SHADES)):
        chosen = band == shade
        if chosen.any() and (look.colour or SHADES[shade] != " "):
            plt.scatter(grid_x[chosen], grid_y[chosen], **look.shade(shade))
    plt.xlim(float(xs[0]), float(xs[-1]))
    plt.ylim(float(ys[0]), float(ys[-1]))
    return edges


def _shade_key(edges, look):
    if look.colour:
        return (f"Shading: lighter is lower; bands from {format_number(float(edges[0]))} "
                f"to above {format_number(float(edges[-1]))}.")
    parts = [f"'{SHADES[i]}'{NBSP}≥{NBSP}{format_number(float(edge))}" for i, edge in enumerate(edges[:len(SHADES)])]
    return "Shading: " + ", ".join(parts)


def xor_text(data, look, width, height):
    """The best linear model's ŷ over the XOR square (a heat map), the ReLU network's
    classes over it, and the corners in the hidden units' space with the output
    layer's line; corners marked by class."""
    low = min(float(data.line.min()), float(data.network.min()))
    high = max(float(data.line.max()), float(data.network.max()))
    edges = np.linspace(low, high, len(SHADES) + 1)[:-1] if high > low else np.array([low])
    classes = np.array([0.0, 0.5])  # False → band 0 (blank), True → band 1
    threshold = format_number(data.threshold)
    plt.subplots(1, 3)
    plt.subplot(1, 1)
    _heat_map(data.axis, data.axis, data.line, edges, look, width // 3, height - 2)
    _xor_corners(data.x, data.y, look)
    plt.title("Best linear model")
    plt.xlabel("x1")
    plt.subplot(1, 2)
    _heat_map(data.axis, data.axis, data.regions.astype(float), classes, look, width // 3, height - 2)
    _xor_corners(data.x, data.y, look)
    plt.title("ReLU network")
    plt.xlabel("x1")
    plt.subplot(1, 3)
    _heat_map(data.hidden_axis_1, data.hidden_axis_2, data.hidden_regions.astype(float), classes,
              look, width // 3, height - 2)
    plt.plot(data.hidden_line[:, 0].tolist(), data.hidden_line[:, 1].tolist(), **look.line(2))
    _xor_corners(data.hidden, data.y, look)
    plt.xlim(float(data.hidden_axis_1[0]), float(data.hidden_axis_1[-1]))
    plt.ylim(float(data.hidden_axis_2[0]), float(data.hidden_axis_2[-1]))
    terms = " + ".join([f"{format_number(v)}·h{i + 1}" for i, v in enumerate(data.output_w)]
                       + [format_number(data.output_b)]).replace("+ −", "− ")
    plt.title("Hidden space")
    plt.xlabel("h1")
    mark = "'.'" if not look.colour else "the darker shade"
    return ("XOR: no line separates the corners; after the ReLU layer, one does",
            [f"Left: the best linear model, a plane ŷ = {_line(data.w, data.b)}.",
             _shade_key(edges, look).replace("Shading:", "Shading of its ŷ:"),
             f"Middle (x1, x2) and right (h1, h2): {mark} is where the network predicts class 1 "
             f"(ŷ{NBSP}≥{NBSP}{threshold}); the line on the right is {terms} = {threshold}."])


def _xor_corners(points, y, look):
    for index, label in enumerate((0.0, 1.0)):
        chosen = points[y == label]
        plt.scatter(chosen[:, 0], chosen[:, 1], label=f"y = {format_number(label)}",
                    **look.points(index, "0" if label == 0 else "1"))


def _line(w, b):
    terms = [f"{format_number(v)}·x{i + 1}" for i, v in enumerate(w)] + [format_number(b)]
    return " + ".join(terms).replace("+ −", "− ")


def vanishing_text(data, look, width, height):
    """f′(z)ᵈ against the depth d on a log axis, a line per function and z; a product
    that is 0 (a dead ReLU, or underflow) said in a note."""
    names = list(dict.fromkeys(chain.name for chain in data.chains))
    notes = ["Every unit at the same z, every weight 1: the gradient d layers back is "
             "scaled by f′(z)ᵈ."]
    for chain in data.chains:
        symbol = f"{chain.name}′({'z' if chain.case in ('active', 'off') else format_exact(chain.z)})"
        where = {"active": ", z > 0", "off": ", z ≤ 0"}.get(chain.case, "")
        label = f"{symbol}ᵈ = {format_number(chain.factor)}ᵈ{where}"
        if chain.zero_from == 1:
            notes.append(f"{label}: 0 at every depth (a dead unit); not drawn on a log axis.")
            continue
        shown = chain.drawn > 0
        # log10 drawn on a linear axis: plotext's log axis loses products below ~1e-300.
        plt.plot(data.depth[shown].tolist(), np.log10(chain.drawn[shown]).tolist(), label=label,
                 **look.line(names.index(chain.name)))
        if chain.zero_from is not None:
            notes.append(f"{label}: 0 (underflow) from d = {chain.zero_from}.")
        if chain.below_normal is not None:
            notes.append(f"{label}: below the smallest normal float64 "
                         f"({format_number(data.smallest_normal)}) from d = {chain.below_normal}.")
    plt.xlabel("depth d")
    plt.title(f"log10 of f′(z)ᵈ, for d = 1 … {int(data.depth[-1])}")
    return data.title, notes


def diagram_text(data, look, width, height):
    """Not drawn: a network diagram needs its boxes and labels at a figure's size."""
    return None, [f"The {data.shape} network's diagram is not drawn in the terminal; "
                  "save it with --diagram FILE (.png, .svg or .pdf)."]


# Drawers in their own modules that share this module's helpers (_bar): imported here.
from nnexplain.termplot.crossentropy import crossentropy_text  # noqa: E402
from nnexplain.termplot.optimizers import optimizers_text  # noqa: E402
from nnexplain.termplot.network_training import network_training_text  # noqa: E402

DRAWERS = {
    "loss_curve_figure": loss_text,
    "cost_figure": cost_text,
    "softmax_figure": softmax_text,
    "compare_figure": activation_text,
    "bias_figure": bias_text,
    "training_figure": training_text,
    "landscape_figure": landscape_text,
    "learning_rates_figure": rates_text,
    "batch_comparison_figure": batches_text,
    "approximation_figure": approximation_text,
    "crossentropy_figure": crossentropy_text,
    "optimizers_figure": optimizers_text,
    "network_training_figure": network_training_text,
    "xor_figure": xor_text,
    "vanishing_figure": vanishing_text,
    "diagram_figure": diagram_text,
}
# Figures drawn as text lines rather than by plotext: each returns its lines.
TABLES = {
    "backprop_graph_figure": graph_lines,
}
