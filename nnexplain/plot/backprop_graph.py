"""Backpropagation as a computational graph, laid out left to right for a 16:9 slide:
every node a box with its name, its forward value and its gradient g = ∂L/∂(node),
every edge an arrow labelled with its local derivative ∂(head)/∂(tail). Boxes and
arrows are coloured by the sign of the gradient and, for readers who cannot tell the
colours apart, drawn solid (> 0), dashed (< 0) or dotted (= 0).

Draws what it is given (``nnexplain.explain.backprop_graph``); the only arithmetic
here is placing things. Everything is placed in inches (the axes span the figure,
one data unit an inch), so sizes follow the type size.
"""

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from nnexplain.plot.style import DOCUMENT_TALL_SIZE, guide, ink, new_figure, palette, paper, styled
from nnexplain.render.numbers import format_number

DIGITS = 3  # decimals of every number in the graph (significant digits below 1)
LARGEST_TYPE = 16.0  # points; smaller when the graph needs the room
SMALLEST_TYPE = 7.0
MARGIN = 0.2  # inches at the canvas's sides
TOP = 0.95  # inches above the graph: the title and its second line
BOTTOM = 1.0  # inches below: the key
# Widths, in characters of the type, of a box, of a gap whose arrows are labelled and
# of one whose arrows are not (a sum's: its local derivatives are all 1).
BOX_CHARACTERS = 9.0
LABELLED_GAP = 8.0
PLAIN_GAP = 3.0
CHARACTER = 0.62  # a character's width, in type sizes (DejaVu Sans digits: 0.64)
LINE = 1.25  # a line of text's height, in type sizes
# Boxes' order in a column when their barycentres tie: inputs and units before
# parameters.
KIND_ORDER = {"input": 0, "activation": 0, "sum": 0, "add_bias": 0, "product": 0, "loss": 0,
              "weight": 1, "bias": 1}


def backprop_graph_figure(data) -> Figure:
    with styled():
        colours = palette()
        looks = {1: (colours[0], "-"), -1: (colours[1], (0, (5, 2.5))), 0: (guide(), (0, (1, 2)))}
        figure = new_figure(DOCUMENT_TALL_SIZE)
        figure.set_layout_engine("none")  # one axes placed by hand; nothing to lay out
        width, height = figure.get_size_inches()
        axes = figure.add_axes((0, 0, 1, 1))
        axes.set_axis_off()
        axes.set_xlim(0, width)
        axes.set_ylim(0, height)
        type_size, places, box = _layout(data, width, height)
        inch = type_size / 72
        gaps = {}
        for edge in data.edges:
            tail, head = places[edge.tail], places[edge.head]
            colour, dashes = looks[edge.sign]
            start, end = (tail[0] + box[0] / 2, tail[1]), (head[0] - box[0] / 2, head[1])
            axes.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=1.1 * type_size,
                                           color=colour, linestyle=dashes, linewidth=1.6, zorder=1,
                                           shrinkA=0, shrinkB=1))
            if not edge.trivial:
                middle = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
                gaps.setdefault(data.node(edge.head).column, []).append(middle)
                axes.text(*middle, format_number(edge.local, DIGITS), ha="center", va="center",
                          fontsize=0.95 * type_size, color=ink(), zorder=3,
                          bbox={"boxstyle": "round,pad=0.15", "facecolor": paper(), "edgecolor": colour,
                                "linewidth": 0.6})
        for node in data.nodes:
            _box(axes, node, places[node.key], box, type_size, looks)
        title = (f"Backpropagation through a {data.shape} network" if data.unit is None
                 else f"Backpropagation through unit {data.unit} ({data.shape} network)")
        x = ", ".join(format_number(v) for v in data.x)
        axes.text(width / 2, height - 0.12, title,
                  ha="center", va="top", fontsize="x-large", fontweight="bold", color=ink())
        loss = {"squared": "squared loss", "log": "log loss"}[data.loss]
        axes.text(width / 2, height - 0.64,
                  f"x = ({x}), y = {format_number(data.target)}, {loss} L = "
                  f"{format_number(data.loss_value, DIGITS)}",
                  ha="center", va="top", fontsize=max(type_size, 0.9 * LARGEST_TYPE), color=ink())
        _key(figure, axes, data, looks, width, inch)
    return figure


def _layout(data, width, height):
    """The type size, each node's centre (inches) and the boxes' size (inches)."""
    columns = data.columns
    labelled = {data.node(e.head).column for e in data.edges if not e.trivial}
    gap_characters = [LABELLED_GAP if c in labelled else PLAIN_GAP for c in range(1, columns)]
    box_characters = max(BOX_CHARACTERS, 1.0 + max(len(t) for n in data.nodes for t, _ in _lines(n)))
    across = columns * box_characters + sum(gap_characters)
    rows = max(_column_sizes(data))
    type_size = min(LARGEST_TYPE,
                    (width - 2 * MARGIN) * 72 / (across * CHARACTER),
                    (height - TOP - BOTTOM) * 72 / (rows * (3 * LINE + 0.9)))
    type_size = max(type_size, SMALLEST_TYPE)
    inch = type_size / 72
    box = (box_characters * CHARACTER * inch, (3 * LINE + 0.4) * inch)
    # What the columns leave over goes to the gaps, in proportion.
    spare = width - 2 * MARGIN - across * CHARACTER * inch
    gaps = [g * CHARACTER * inch + spare * g / sum(gap_characters) for g in gap_characters]
    xs = [MARGIN + box[0] / 2]
    for gap in gaps:
        xs.append(xs[-1] + box[0] + gap)
    pitch = (height - TOP - BOTTOM) / rows
    middle = BOTTOM + (height - TOP - BOTTOM) / 2
    places = {}
    for column, keys in enumerate(_rows(data)):
        n = len(keys)
        for row, key in enumerate(keys):
            places[key] = (xs[column], middle + ((n - 1) / 2 - row) * pitch)
    return type_size, places, box


def _column_sizes(data):
    sizes = [0] * data.columns
    for node in data.nodes:
        sizes[node.column] += 1
    return sizes


def _rows(data):
    """Each column's node keys, top to bottom: products grouped by their input, the
    rest at the mean row of what they feed (right to left), so that arrows cross
    where they carry no label."""
    heads = {}
    for edge in data.edges:
        heads.setdefault(edge.tail, []).append(edge.head)
    order = {node.key: n for n, node in enumerate(data.nodes)}
    rows = [[] for _ in range(data.columns)]
    row_of = {}
    for column in range(data.columns - 1, -1, -1):
        nodes = [n for n in data.nodes if n.column == column]

        def rank(node):
            if node.kind == "product":
                return (node.source, 0, order[node.key])
            used = [row_of[h] for h in heads.get(node.key, ()) if h in row_of]
            centre = sum(used) / len(used) if used else order[node.key]
            return (centre, KIND_ORDER[node.kind], order[node.key])

        keys = [n.key for n in sorted(nodes, key=rank)]
        rows[column] = keys
        row_of.update({key: row for row, key in enumerate(keys)})
    return rows


def _box(axes, node, place, box, type_size, looks):
    x, y = place
    if node.grad is None:
        colour, dashes, line = ink(), "-", 0.8
    else:
        colour, dashes = looks[int(node.grad > 0) - int(node.grad < 0)]
        line = 2.2
    leaf = node.kind in ("input", "weight", "bias")
    axes.add_patch(FancyBboxPatch((x - box[0] / 2, y - box[1] / 2), box[0], box[1],
                                  boxstyle=f"round,pad=0,rounding_size={0.12 * box[1]}",
                                  facecolor=paper(), edgecolor=colour, linestyle=dashes, linewidth=line,
                                  zorder=4))
    step = LINE * type_size / 72
    lines = _lines(node)
    top = y + step * (len(lines) - 1) / 2
    for k, (text, weight) in enumerate(lines):
        axes.text(x, top - k * step, text, ha="center", va="center", fontsize=type_size,
                  fontweight=weight, color=ink(), zorder=5,
                  fontstyle="italic" if leaf and k == 0 else "normal")


def _lines(node):
    """A box's lines of text and their weights: name, value, gradient."""
    lines = [(node.label, "bold"), (f"= {format_number(node.value, DIGITS)}", "normal")]
    if node.grad is not None:
        lines.append((f"g = {format_number(node.grad, DIGITS)}", "bold"))
    return lines


def _key(figure, axes, data, looks, width, inch):
    """Below the graph: what a box and an arrow show, and the sign cue."""
    handles = [Line2D([], [], color=looks[s][0], linestyle=looks[s][1], linewidth=2.2, label=label)
               for s, label in ((1, "gradient > 0"), (-1, "gradient < 0"), (0, "gradient = 0"))]
    size = max(0.75 * LARGEST_TYPE, inch * 72)
    figure.legend(handles=handles, loc="lower center", ncols=3, bbox_to_anchor=(0.5, 0.0),
                  fontsize=size, handlelength=3.0, borderaxespad=0.3)
    more = ("" if data.unit is None else
            "; Σ + …: the next layer's sum, whose other terms are not drawn")
    axes.text(width / 2, 0.62, "Box: name, forward value, g = ∂L/∂(box). Arrow: the local "
              f"derivative ∂(head)/∂(tail), 1 where unlabelled{more}.",
              ha="center", va="center", fontsize=size, color=ink(), wrap=True)
