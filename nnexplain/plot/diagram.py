"""The network diagram: units as circles in columns, one column per layer, every
connection a line labelled with its weight, biases as bias units. Draws what it is
given (nnexplain.explain.diagram); the only arithmetic here is placing things."""

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from nnexplain.plot.style import ink, new_figure, palette, paper, styled
from nnexplain.render.numbers import format_number

RADIUS = 0.3  # a unit's circle, in data units (about inches at full size)
COLUMN_GAP = 3.2  # horizontal distance between layers
ROW_GAP = 1.25  # vertical distance between units of a layer
# A layer with more connections than this gets no weight labels: they would overlap.
MOST_LABELS = 10
# Where along a connection its weight is written: staggered by the target unit, so
# labels of lines that leave one unit side by side do not sit on each other.
LABEL_AT = (0.22, 0.4, 0.31, 0.49)


def diagram_figure(data) -> Figure:
    with styled():
        colours = palette()
        looks = {True: (colours[0], "-"), False: (colours[1], (0, (4, 2)))}
        positions = _positions(data)
        biggest = max(float(np.abs(w).max(initial=0)) for w in (*data.weights, *data.biases)) or 1.0
        low_x, high_x = -0.9, COLUMN_GAP * (len(data.columns) - 1) + 0.9
        low_y = min(p[1] for column in positions for p in column) - ROW_GAP * 1.6
        high_y = max(p[1] for column in positions for p in column) + ROW_GAP * 0.9
        # An inch per unit, shrunk to fit a page for large networks.
        scale = min(1.0, 13.0 / (high_x - low_x), 9.0 / (high_y - low_y))
        figure = new_figure((max(9.0, (high_x - low_x) * scale / 0.96 + 1.0),
                             (high_y - low_y) * scale / 0.74))
        figure.set_layout_engine("none")  # one axes placed by hand; nothing to lay out
        axes = figure.add_axes((0.02, 0.13, 0.96, 0.74))
        axes.set_axis_off()
        axes.set_aspect("equal")
        skipped = []
        for l, (W, b) in enumerate(zip(data.weights, data.biases)):
            labels = W.size + b.size <= MOST_LABELS
            if not labels:
                skipped.append(l + 1)
            sources, targets = positions[l], positions[l + 1]
            bias_at = _bias_position(positions, l)
            for j, target in enumerate(targets):
                for i, source in enumerate(sources):
                    _connection(axes, source, target, W[i, j], biggest, looks, labels, j)
                _connection(axes, bias_at, target, b[j], biggest, looks, labels, j)
            _unit(axes, bias_at, "1", None, bias=True)
        for column, (names, places) in enumerate(zip(data.columns, positions)):
            values = None if data.values is None else data.values[column]
            for k, (name, place) in enumerate(zip(names, places)):
                _unit(axes, place, name, None if values is None else values[k])
        _headings(axes, data, positions)
        handles = [
            Line2D([], [], color=looks[True][0], linestyle=looks[True][1], linewidth=2.5,
                   label="positive weight"),
            Line2D([], [], color=looks[False][0], linestyle=looks[False][1], linewidth=2.5,
                   label="negative weight"),
        ]
        figure.legend(handles=handles, loc="lower center", ncols=2,
                      title="line width ∝ |weight|; 1 = bias unit (its weights are the biases)")
        title = f"A {data.shape} network"
        if data.values is not None and data.values[0].size <= 4:
            title += ": the forward pass for x = (" + ", ".join(
                format_number(v) for v in data.values[0]) + ")"
        elif data.values is not None:
            title += " and its forward pass"
        figure.suptitle(title, fontsize="x-large", fontweight="bold")
        if skipped:
            figure.text(0.5, 0.905, f"Weights not written in layer{'s' if len(skipped) > 1 else ''} "
                        + ", ".join(map(str, skipped)) + f" (over {MOST_LABELS} connections); "
                        "the forward table lists them.", ha="center", fontsize="small", wrap=True)
        axes.set_xlim(low_x, high_x)
        axes.set_ylim(low_y, high_y)
    return figure


def _positions(data):
    """(x, y) of every unit: columns COLUMN_GAP apart, each centred on y = 0."""
    positions = []
    for column, names in enumerate(data.columns):
        n = len(names)
        ys = (np.arange(n)[::-1] - (n - 1) / 2) * ROW_GAP
        positions.append([(column * COLUMN_GAP, float(y)) for y in ys])
    return positions


def _bias_position(positions, l):
    """Layer l+1's bias unit: in the column before it, below that column's units."""
    x = positions[l][0][0]
    return (x, min(y for _, y in positions[l]) - ROW_GAP * 1.1)


def _connection(axes, start, end, weight, biggest, looks, labels, j):
    colour, dashes = looks[bool(weight >= 0)]
    width = 0.6 + 4.0 * abs(weight) / biggest
    axes.add_line(Line2D([start[0], end[0]], [start[1], end[1]], color=colour, linestyle=dashes,
                         linewidth=width, zorder=1, solid_capstyle="butt"))
    if labels:
        t = LABEL_AT[j % len(LABEL_AT)]
        x = start[0] + t * (end[0] - start[0])
        y = start[1] + t * (end[1] - start[1])
        axes.text(x, y, format_number(weight), ha="center", va="center", fontsize="small", zorder=3,
                  color=ink(), bbox={"boxstyle": "round,pad=0.2", "facecolor": paper(),
                                     "edgecolor": colour, "linewidth": 0.8})


def _unit(axes, place, name, value, bias=False):
    x, y = place
    radius = RADIUS * (0.7 if bias else 1.0)
    axes.add_patch(Circle(place, radius, facecolor=paper(), edgecolor=ink(),
                          linewidth=1.2 if bias else 2.0, linestyle="--" if bias else "-", zorder=4))
    axes.text(x, y, name, ha="center", va="center", zorder=5, color=ink(),
              fontsize="medium" if bias or len(name) > 2 else "large",
              fontweight="normal" if bias else "bold")
    if value is not None:
        axes.text(x, y - radius - 0.08, f"= {format_number(value)}", ha="center", va="top",
                  zorder=5, color=ink(), fontsize="small")


def _headings(axes, data, positions):
    top = max(p[1] for column in positions for p in column) + RADIUS + 0.35
    last = len(data.columns) - 1
    for column in range(len(data.columns)):
        x = column * COLUMN_GAP
        if column == 0:
            name, activation = "input", ""
        else:
            name = "output layer" if column == last else (
                "hidden layer" if last == 2 else f"hidden layer {column}")
            activation = data.activations[column - 1]
        axes.text(x, top, name, ha="center", va="bottom", color=ink(), fontweight="bold")
        if activation:
            axes.text(x, top - 0.02, f"activation: {activation}", ha="center", va="top",
                      color=ink(), fontsize="small", alpha=0.85)
