"""The network diagram: units as circles in columns, one column per layer, every
connection a line whose width and colour show its weight, biases as bias units.
Draws what it is given (nnexplain.explain.diagram); the only arithmetic here is
placing things.

Every network the weights format accepts (up to 8 layers of up to 16 units) is
drawn without any text touching other text or a unit. The layout is first worked
out at the style's own type size ("natural" inches, measured with the font the
figure is drawn with), then scaled as a whole to fit the canvas, so a layout free
of overlaps stays free of them at any size:

- each weight is written on its line when the labels of every layer can be
  placed there without touching anything; otherwise every layer's weights go to a
  weight-matrix panel beside the diagram (each W⁽ˡ⁾ as a table, a row per input, a
  column per unit, its biases as a last row), never silently left out;
- unit circles grow to hold their names, rows make room for the values under the
  units, columns for their headings and values;
- light and dark figures keep the document width (DOCUMENT_SIZE) and its height
  unless the network needs more: a tall network grows the canvas downwards, up to
  LARGEST_HEIGHT, and is never wider; the slides canvas is fixed, so the drawing
  shrinks to it.
"""

import functools
import math

import matplotlib
import numpy as np
from matplotlib.collections import PatchCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Rectangle
from matplotlib.textpath import TextToPath

from nnexplain.explain.network import sup
from nnexplain.plot.style import DOCUMENT_SIZE, ink, new_figure, palette, paper, styled
from nnexplain.render.numbers import format_number

# Today's look at the light style's type size (13 pt), in inches; everything else
# is measured from the text it has to hold.
BASE_POINTS = 13.0
RADIUS = 0.3  # a unit's circle
COLUMN_GAP = 3.2  # horizontal distance between layers when weights are on the lines
NARROW_GAP = 1.5  # … and when they are in the panel (the lines carry no labels)
ROW_GAP = 1.25  # vertical distance between units of a layer
# Where along a connection its weight is written: staggered by the target unit, so
# labels of lines that leave one unit side by side do not sit on each other.
LABEL_AT = (0.22, 0.4, 0.31, 0.49)
VALUE_PAD = 0.1  # the box under a unit's value, in units of its type size
# A layer with more connections than this has its weights in the panel even when
# the labels would fit on the lines: past it, which label belongs to which crossing
# line is no longer easy to see.
MOST_ON_LINES = 16
# The weight-matrix panel writes each weight to this many places (format_number).
PANEL_PRECISION = 2
# Light and dark figures are DOCUMENT_SIZE, taller (never wider) when the network
# needs it (on DOCUMENT_SIZE it would be drawn below TALLER_BELOW of its natural
# size), up to LARGEST_HEIGHT inches.
LARGEST_HEIGHT = 13.0
TALLER_BELOW = 0.8
MARGIN = 0.25  # empty border round the canvas, inches
# On the fixed slides canvas a small network may be drawn a little larger than its
# natural size (which is already at the slides' type size).
LARGEST_SLIDE_SCALE = 1.2
# Weights stay on the lines only while that drawing keeps at least this share of
# its natural size on the canvas; below that, the panel reads better.
LEAST_SCALE = 0.6
_MEASURE = TextToPath()
# Text is laid out this much wider than measured: at 50 dpi hinting widens it by up
# to about 6 %.
WIDTH_SAFETY = 1.08


def diagram_figure(data) -> Figure:
    with styled():
        points = float(FontProperties().get_size_in_points())
        plan = _plan(data, points)
        return _draw(data, plan)


# --- measuring ----------------------------------------------------------------------


def _extent(text, size, weight="normal"):
    """(width, height) of ``text`` at ``size`` points, in inches, as the renderer
    lays it out (at least the height of "lp", as matplotlib does)."""
    font = (tuple(matplotlib.rcParams["font.family"]), tuple(matplotlib.rcParams["font.sans-serif"]))
    return _measured(text, float(size), weight, font)


@functools.lru_cache(maxsize=4096)
def _measured(text, size, weight, font):
    prop = FontProperties(size=size, weight=weight)  # the family from rcParams (``font``)
    width, height, _ = _MEASURE.get_text_width_height_descent(text, prop, ismath=False)
    line = _measured("lp", size, weight, font)[1] * 72.0 if text != "lp" else height
    # Hinting at low resolutions draws text a few per cent wider than its outline.
    return WIDTH_SAFETY * width / 72.0, max(height, line) / 72.0


def _hits(a, b):
    """Whether two shapes touch: ("box", x0, y0, x1, y1) or ("circle", x, y, r)."""
    if a[0] == "circle" and b[0] == "circle":
        return math.hypot(a[1] - b[1], a[2] - b[2]) < a[3] + b[3]
    if a[0] == "circle":
        a, b = b, a
    if b[0] == "circle":
        _, x0, y0, x1, y1 = a
        _, cx, cy, r = b
        dx = cx - min(max(cx, x0), x1)
        dy = cy - min(max(cy, y0), y1)
        return dx * dx + dy * dy < r * r
    return a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]


def _box(x, y, width, height, room=0.0, va="center"):
    """A box of the given size centred on x, with its top, centre or bottom at y."""
    low = {"center": y - height / 2, "top": y - height, "bottom": y}[va]
    return ("box", x - width / 2 - room, low - room, x + width / 2 + room, low + height + room)


# --- the plan: every size and place, in natural inches --------------------------------


class _Plan:
    """Every size and place of one diagram (filled in by _plan, _place and _fit)."""


def _headings(data):
    """(name, activation) above each column."""
    last = len(data.columns) - 1
    out = []
    for column in range(len(data.columns)):
        if column == 0:
            out.append(("input", ""))
            continue
        name = "output layer" if column == last else (
            "hidden layer" if last == 2 else f"hidden layer {column}")
        out.append((name, f"activation: {data.activations[column - 1]}"))
    return out


def _plan(data, points):
    p = _Plan()
    s = points / BASE_POINTS
    p.points, p.s = points, s
    p.label_pt, p.head_pt = 0.83 * points, points
    # Unit names in their circles: large type, the circle grown to hold the widest.
    p.name_pt = 1.2 * points
    names = [name for column in data.columns for name in column]
    if any(len(name) > 2 for name in names):
        p.name_pt = points
    p.radius = RADIUS * s
    for name in names:
        width, height = _extent(name, p.name_pt, "bold")
        p.radius = max(p.radius, 0.55 * math.hypot(width, height))
    p.values = [None if column is None else [f"= {format_number(v)}" for v in column]
                for column in (data.values or [None] * len(data.columns))]
    if data.values is not None and data.sums is not None:  # z before the activation, then a
        for column, z in enumerate(data.sums, start=1):
            p.values[column] = [f"z = {format_number(zj)}, a = {format_number(aj)}"
                                for zj, aj in zip(z, data.values[column])]
    value_sizes = [[_extent(t, p.label_pt) for t in (texts or [])] for texts in p.values]
    p.value_height = max((h for sizes in value_sizes for _, h in sizes), default=0.0)
    widest_value = max((w for sizes in value_sizes for w, _ in sizes), default=0.0)
    p.headings = _headings(data)
    widest_heading = max(max(_extent(name, p.head_pt, "bold")[0], _extent(act, p.label_pt)[0])
                         for name, act in p.headings)
    p.heading_height = _extent("input", p.head_pt, "bold")[1]
    p.activation_height = _extent("activation", p.label_pt)[1]
    gap = 0.12 * s
    p.value_room = VALUE_PAD * p.label_pt / 72.0  # the value's box round its text
    least_row = 2 * p.radius + 2 * gap + (
        p.value_height + 2 * p.value_room + gap if data.values is not None else 0.0)
    least_column = max(widest_heading, widest_value + 2 * p.value_room, 2 * p.radius) + 3 * gap
    p.gap = gap
    # First try the weights on the lines, at today's spacing and then wider; else
    # the panel, with columns as narrow as their headings allow.
    for column_stretch, row_stretch in ((1.0, 1.0), (1.0, 1.4), (1.5, 1.0), (1.5, 1.5), (2.0, 1.8)):
        column_gap = max(least_column, COLUMN_GAP * s * column_stretch)
        row_gap = max(least_row, ROW_GAP * s * row_stretch)
        _place(p, data, column_gap, row_gap)
        labels = _weight_labels(p, data)
        if labels is not None:
            p.labels = labels
            break
    else:
        p.labels = None
    if p.labels is not None:
        p.panel = None
        _fit(p)
        if p.scale >= LEAST_SCALE:
            return p
    _place(p, data, max(least_column, NARROW_GAP * s), max(least_row, 0.9 * ROW_GAP * s))
    p.labels = None
    p.panel = _panel(p, data)
    _fit(p)
    return p


def _place(p, data, column_gap, row_gap):
    """Units, bias units, headings and values: where each goes, and what space each
    takes (p.shapes, for the weight labels to stay clear of)."""
    p.column_gap, p.row_gap = column_gap, row_gap
    p.positions = []
    for column, names in enumerate(data.columns):
        n = len(names)
        ys = (np.arange(n)[::-1] - (n - 1) / 2) * row_gap
        p.positions.append([(column * column_gap, float(y)) for y in ys])
    p.bias_radius = 0.7 * p.radius
    p.bias_at = [(xy[0][0], min(y for _, y in xy) - row_gap) for xy in p.positions[:-1]]
    shapes = []
    for column, places in enumerate(p.positions):
        for k, (x, y) in enumerate(places):
            shapes.append(("circle", x, y, p.radius))
            if p.values[column] is not None:
                w, h = _extent(p.values[column][k], p.label_pt)
                shapes.append(_box(x, y - p.radius - p.gap / 2 - p.value_room, w, h, room=p.value_room,
                                   va="top"))
    shapes += [("circle", x, y, p.bias_radius) for x, y in p.bias_at]
    top = max(y for places in p.positions for _, y in places) + p.radius + p.gap
    p.activation_y = top  # the activation line's bottom; the layer's name above it
    p.heading_y = top + p.activation_height + p.gap / 2
    for column, (name, activation) in enumerate(p.headings):
        x = column * column_gap
        shapes.append(_box(x, p.heading_y, _extent(name, p.head_pt, "bold")[0], p.heading_height,
                           va="bottom"))
        if activation:
            shapes.append(_box(x, p.activation_y, _extent(activation, p.label_pt)[0],
                               p.activation_height, va="bottom"))
    p.shapes = shapes
    low = min(min(y for _, y in p.bias_at) - p.bias_radius if p.bias_at else 0.0,
              min(y for _, y in p.positions[-1]) - p.radius - p.gap - p.value_height - 2 * p.value_room)
    p.box = (-max(p.radius, column_gap / 2 - p.gap), low - p.gap,
             (len(p.positions) - 1) * column_gap + max(p.radius, column_gap / 2 - p.gap),
             p.heading_y + p.heading_height + p.gap)


def _schemes(n_sources, n_targets):
    """Ways to spread the labels of one layer along its lines: t (0 at the source,
    1 at the target) for connection (i, j); i = n_sources is the bias unit."""
    yield lambda i, j: LABEL_AT[j % len(LABEL_AT)]
    yield lambda i, j: 0.2 + 0.6 * (j + 0.5) / n_targets
    yield lambda i, j: 0.2 + 0.6 * (i + 0.5) / (n_sources + 1)
    count = (n_sources + 1) * n_targets
    yield lambda i, j: 0.15 + 0.7 * (j * (n_sources + 1) + i + 0.5) / count
    yield lambda i, j: 0.15 + 0.7 * (i * n_targets + j + 0.5) / count


def _weight_labels(p, data):
    """[(x, y, text, weight)] for every weight and bias on its line, or None when
    some layer's labels cannot all be placed clear of everything else."""
    if any(W.size + b.size > MOST_ON_LINES for W, b in zip(data.weights, data.biases)):
        return None
    placed, taken = [], list(p.shapes)
    room = 0.2 * p.label_pt / 72.0 + 0.02  # the label's rounded box and its edge
    for l, (W, b) in enumerate(zip(data.weights, data.biases)):
        sources = [*p.positions[l], p.bias_at[l]]
        targets = p.positions[l + 1]
        texts = {(i, j): format_number(W[i, j] if i < W.shape[0] else b[j])
                 for j in range(len(targets)) for i in range(len(sources))}  # fmt: skip
        sizes = {key: _extent(text, p.label_pt) for key, text in texts.items()}
        for scheme in _schemes(len(sources) - 1, len(targets)):
            layer, boxes = [], []
            for (i, j), text in texts.items():
                (x0, y0), (x1, y1) = sources[i], targets[j]
                t = scheme(i, j)
                x, y = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
                box = _box(x, y, *sizes[i, j], room=room)
                if any(_hits(box, other) for other in (*taken, *boxes)):
                    break
                boxes.append(box)
                weight = W[i, j] if i < W.shape[0] else b[j]
                layer.append((x, y, text, weight))
            else:
                placed += layer
                taken += boxes
                break
        else:
            return None
    return placed


def _panel(p, data):
    """The weight-matrix tables, each laid out in natural inches from its top left."""
    size = 0.8 * p.points
    pad = 0.3 * size / 72.0
    tables = []
    for l, (W, b) in enumerate(zip(data.weights, data.biases), start=1):
        rows = [*data.columns[l - 1], "b"]
        columns = data.columns[l]
        cells = [[format_number(v, PANEL_PRECISION) for v in row] for row in (*W, b)]
        row_width = max(_extent(name, size, "bold")[0] for name in rows) + 2 * pad
        cell_width = 2 * pad + max(max(_extent(t, size, "bold")[0] for t in columns),
                                   max(_extent(t, size)[0] for row in cells for t in row))
        cell_height = _extent("lp", size)[1] + 2 * pad
        title = f"W{sup(l)} and b{sup(l)}"
        title_width, title_height = _extent(title, size, "bold")
        width = max(row_width + cell_width * len(columns), title_width)
        height = title_height + pad + cell_height * (len(rows) + 1)
        tables.append({"title": title, "rows": rows, "columns": columns, "cells": cells,
                       "values": np.vstack([W, b]), "row_width": row_width, "cell": (cell_width, cell_height),
                       "title_height": title_height, "size": (width, height), "pad": pad, "points": size})
    heading = "Weights, rounded: row = input, column = unit; b = the biases"
    return {"tables": tables, "points": size, "heading": heading,
            "heading_size": _extent(heading, size), "gap": 3 * pad}


def _grid(panel, columns):
    """Places of the tables in a grid of ``columns`` columns, and the panel's size."""
    tables = panel["tables"]
    gap = panel["gap"]
    rows = math.ceil(len(tables) / columns)
    widths = [max(t["size"][0] for t in tables[c::columns]) for c in range(columns)]
    heights = [max(t["size"][1] for t in tables[r * columns:(r + 1) * columns]) for r in range(rows)]
    top = panel["heading_size"][1] + gap
    places = []
    for k in range(len(tables)):
        r, c = divmod(k, columns)
        places.append((sum(widths[:c]) + gap * c, top + sum(heights[:r]) + gap * r))
    width = max(sum(widths) + gap * (columns - 1), panel["heading_size"][0])
    return places, (width, top + sum(heights) + gap * (rows - 1))


def _best(options, width, height, between, most, canvas, p):
    """The best of ``options`` (panel side, columns, grid) on ``canvas``: the one whose
    smallest part is drawn largest, then the largest in total; with its key first."""
    body_width = canvas[0] - 2 * MARGIN
    body_height = canvas[1] - p.title_band - p.legend_band
    best = None
    for side, columns, grid in options:
        panel_width, panel_height = grid[1]
        if side is None:
            scale = diagram_scale = min(most, body_width / width, body_height / height)
            panel_scale = 0.0
        elif side == "beside":
            room = body_width - between
            scale = min(most, room / (width + panel_width), body_height / max(height, panel_height))
            # Then each part takes what the other leaves: the diagram first, then the panel.
            diagram_scale = min(most, body_height / height, (room - panel_width * scale) / width)
            panel_scale = min(most, body_height / panel_height, (room - width * diagram_scale) / panel_width)
        else:
            room = body_height - between
            scale = min(most, body_width / max(width, panel_width), room / (height + panel_height))
            diagram_scale = min(most, body_width / width, (room - panel_height * scale) / height)
            panel_scale = min(most, body_width / panel_width, (room - height * diagram_scale) / panel_height)
        key = (round(min(scale, diagram_scale, panel_scale if side else diagram_scale), 6),
               round(diagram_scale + panel_scale, 6))
        if best is None or key > best[0]:
            best = (key, side, columns, grid, panel_scale, diagram_scale)
    return best


def _fit(p):
    """The canvas, the scale of the drawing and of the panel, and where each goes:
    the panel beside the diagram or below it, its tables in as many columns as
    draw everything largest."""
    # A style with a fixed canvas (the slides) gives its own size whatever is asked.
    fixed = tuple(new_figure((1.0, 1.0)).get_size_inches())
    slides = fixed != (1.0, 1.0)
    p.title_pt = 1.44 * p.points
    p.legend_pt = float(FontProperties(size=matplotlib.rcParams["legend.fontsize"]).get_size_in_points())
    p.title_band = MARGIN + 1.5 * p.title_pt / 72.0
    p.legend_band = MARGIN + 4.0 * p.legend_pt / 72.0
    x0, y0, x1, y1 = p.box
    width, height = x1 - x0, y1 - y0
    between = 0.5 * p.s
    most = LARGEST_SLIDE_SCALE if slides else 1.0
    options = [(None, None, (None, (0.0, 0.0)))]
    if p.panel is not None:
        options = [(side, c, _grid(p.panel, c)) for side in ("beside", "below")
                   for c in range(1, len(p.panel["tables"]) + 1)]  # fmt: skip
    # The style's canvas first; light and dark grow taller only when the drawing
    # would otherwise shrink below TALLER_BELOW of its natural size.
    canvas = fixed if slides else DOCUMENT_SIZE
    best = _best(options, width, height, between, most, canvas, p)
    taller = not slides and best[0][0] < TALLER_BELOW
    if taller:
        best = _best(options, width, height, between, most, (DOCUMENT_SIZE[0], LARGEST_HEIGHT), p)
    _, p.side, p.grid_columns, p.grid, p.panel_scale, p.scale = best
    diagram_size = (width * p.scale, height * p.scale)
    panel_size = (p.grid[1][0] * p.panel_scale, p.grid[1][1] * p.panel_scale)
    if p.side == "beside":
        used = (diagram_size[0] + between + panel_size[0], max(diagram_size[1], panel_size[1]))
    elif p.side == "below":
        used = (max(diagram_size[0], panel_size[0]), diagram_size[1] + between + panel_size[1])
    else:
        used = diagram_size
    p.size = (DOCUMENT_SIZE[0], max(DOCUMENT_SIZE[1], used[1] + p.title_band + p.legend_band)) \
        if taller else canvas
    # Where the parts go (inches from the canvas's bottom left), centred in the body.
    left = (p.size[0] - used[0]) / 2
    bottom = p.legend_band + (p.size[1] - p.title_band - p.legend_band - used[1]) / 2
    if p.side == "beside":
        p.diagram_at = (left, bottom + (used[1] - diagram_size[1]) / 2, *diagram_size)
        p.panel_at = (left + diagram_size[0] + between, bottom + (used[1] - panel_size[1]) / 2, *panel_size)
    elif p.side == "below":
        p.diagram_at = (left + (used[0] - diagram_size[0]) / 2, bottom + panel_size[1] + between,
                        *diagram_size)
        p.panel_at = (left + (used[0] - panel_size[0]) / 2, bottom, *panel_size)
    else:
        p.diagram_at = (left, bottom, *diagram_size)
        p.panel_at = None


# --- drawing ------------------------------------------------------------------------


def _draw(data, p):
    colours = palette()
    looks = {True: (colours[0], "-"), False: (colours[1], (0, (4, 2)))}
    figure = new_figure(p.size)
    figure.set_layout_engine("none")  # axes placed by hand; nothing to lay out
    fig_width, fig_height = figure.get_size_inches()
    x0, y0, x1, y1 = p.box
    left, bottom, width, height = p.diagram_at
    axes = figure.add_axes((left / fig_width, bottom / fig_height, width / fig_width, height / fig_height))
    axes.set_axis_off()
    axes.set_xlim(x0, x1)
    axes.set_ylim(y0, y1)
    k = p.scale
    biggest = max(float(np.abs(w).max(initial=0)) for w in (*data.weights, *data.biases)) or 1.0
    for l, (W, b) in enumerate(zip(data.weights, data.biases)):
        sources, targets = p.positions[l], p.positions[l + 1]
        for j, target in enumerate(targets):
            for i, source in enumerate(sources):
                _line(axes, source, target, W[i, j], biggest, looks, k)
            _line(axes, p.bias_at[l], target, b[j], biggest, looks, k)
    for x, y, text, weight in p.labels or ():
        axes.text(x, y, text, ha="center", va="center", fontsize=p.label_pt * k, zorder=3, color=ink(),
                  bbox={"boxstyle": "round,pad=0.2", "facecolor": paper(),
                        "edgecolor": looks[bool(weight >= 0)][0], "linewidth": 0.8 * k})
    for place in p.bias_at:
        _unit(axes, place, p.bias_radius, "1", p.points * k, k, bias=True)
    for column, (names, places) in enumerate(zip(data.columns, p.positions)):
        for n, (name, (x, y)) in enumerate(zip(names, places)):
            _unit(axes, (x, y), p.radius, name, p.name_pt * k, k)
            if p.values[column] is not None:
                # On a box of the background's colour, so no line strikes through it.
                axes.text(x, y - p.radius - p.gap / 2 - p.value_room, p.values[column][n], ha="center",
                          va="top", zorder=5, color=ink(), fontsize=p.label_pt * k,
                          bbox={"boxstyle": f"square,pad={VALUE_PAD}", "facecolor": paper(),
                                "edgecolor": "none", "linewidth": 0})
    for column, (name, activation) in enumerate(p.headings):
        x = column * p.column_gap
        axes.text(x, p.heading_y, name, ha="center", va="bottom", color=ink(), fontweight="bold",
                  fontsize=p.head_pt * k)
        if activation:
            axes.text(x, p.activation_y, activation, ha="center", va="bottom", color=ink(),
                      fontsize=p.label_pt * k, alpha=0.85)
    if p.panel_at is not None:
        left, bottom, width, height = p.panel_at
        _draw_panel(figure, p, left / fig_width, bottom / fig_height, width / fig_width, height / fig_height,
                    looks)
    handles = [
        Line2D([], [], color=looks[True][0], linestyle=looks[True][1], linewidth=2.5,
               label="positive weight"),
        Line2D([], [], color=looks[False][0], linestyle=looks[False][1], linewidth=2.5,
               label="negative weight"),
    ]
    about = "1 = bias unit (its weights are the biases)"
    if p.panel_at is not None:
        about = "1 = bias unit; every weight is in the tables"
    figure.legend(handles=handles, loc="lower center", ncols=2, bbox_to_anchor=(0.5, MARGIN / fig_height),
                  fontsize=p.legend_pt, title_fontsize=p.legend_pt,
                  title="line width ∝ |weight|; " + about)
    title = f"A {data.shape} network"
    if data.values is not None and data.values[0].size <= 4:
        title += ": the forward pass for x = (" + ", ".join(format_number(v) for v in data.values[0]) + ")"
    elif data.values is not None:
        title += " and its forward pass"
    title_pt = p.title_pt
    title_width = _extent(title, title_pt, "bold")[0]
    if title_width > fig_width - 2 * MARGIN:
        title_pt *= (fig_width - 2 * MARGIN) / title_width
    figure.suptitle(title, fontsize=title_pt, fontweight="bold", y=1 - MARGIN / fig_height, va="top")
    return figure


def _draw_panel(figure, p, left, bottom, width, height, looks):
    panel = p.panel
    x_end, y_end = p.grid[1]
    axes = figure.add_axes((left, bottom, width, height))
    axes.set_axis_off()
    axes.set_xlim(0, x_end)
    axes.set_ylim(y_end, 0)  # y down, from the panel's top
    k = p.panel_scale
    size = panel["points"] * k
    axes.text(0, 0, panel["heading"], ha="left", va="top", fontsize=size, color=ink())
    line = 0.6 * k
    for table, (x, y) in zip(panel["tables"], p.grid[0]):
        cell_width, cell_height = table["cell"]
        axes.text(x, y, table["title"], ha="left", va="top", fontsize=size, fontweight="bold", color=ink())
        top = y + table["title_height"] + table["pad"]
        first = x + table["row_width"]
        cells, tints = [], []
        for c, name in enumerate(table["columns"]):
            axes.text(first + (c + 0.5) * cell_width, top + cell_height / 2, name, ha="center",
                      va="center", fontsize=size, fontweight="bold", color=ink())
        for r, name in enumerate(table["rows"]):
            row_y = top + (r + 1) * cell_height
            axes.text(first - table["pad"], row_y + cell_height / 2, name, ha="right", va="center",
                      fontsize=size, fontweight="bold", color=ink())
            for c, text in enumerate(table["cells"][r]):
                weight = table["values"][r, c]
                cells.append(Rectangle((first + c * cell_width, row_y), cell_width, cell_height))
                tints.append(to_rgba(looks[bool(weight >= 0)][0], 0.18))
                axes.text(first + (c + 0.5) * cell_width, row_y + cell_height / 2, text, ha="center",
                          va="center", fontsize=size, color=ink())
        axes.add_collection(PatchCollection(cells, facecolors=tints, edgecolors=paper(), linewidths=line,
                                            zorder=1), autolim=False)
        # The biases' row set apart from the weights'.
        bias_y = top + len(table["rows"]) * cell_height
        axes.add_line(Line2D([first, first + cell_width * len(table["columns"])], [bias_y, bias_y],
                             color=ink(), linewidth=line))


def _line(axes, start, end, weight, biggest, looks, k):
    colour, dashes = looks[bool(weight >= 0)]
    width = (0.6 + 4.0 * abs(weight) / biggest) * max(k, 0.3)
    # add_artist, not add_line: the limits are set by hand, so no autoscaling work.
    axes.add_artist(Line2D([start[0], end[0]], [start[1], end[1]], color=colour, linestyle=dashes,
                           linewidth=width, zorder=1, solid_capstyle="butt"))


def _unit(axes, place, radius, name, size, k, bias=False):
    axes.add_artist(Circle(place, radius, facecolor=paper(), edgecolor=ink(),
                           linewidth=(1.2 if bias else 2.0) * max(k, 0.3),
                           linestyle="--" if bias else "-", zorder=4))
    axes.text(*place, name, ha="center", va="center", zorder=5, color=ink(), fontsize=size,
              fontweight="normal" if bias else "bold")
