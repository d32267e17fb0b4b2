"""The backpropagation graph in the terminal: not boxes and arrows but the same data
as a table (``nnexplain.explain.backprop_graph``), one row per node in forward order.

Each row gives a node's forward value and its gradient g = ∂L/∂(node); an operation's
row lists each operand with the local derivative ∂(node)/∂(operand) its edge carries
(1 for a sum's and a bias's edges). A parameter's row comes just before the operation
it enters, so its gradient sits where it is used. In colour, each gradient and each
local derivative is coloured by the sign of the gradient it carries back (as in the
figure: blue > 0, orange < 0, grey = 0); without colour the sign is the number's own
"−". Draws what it is given; the only arithmetic is choosing widths.
"""

from __future__ import annotations

import io

from nnexplain.render.numbers import format_number

# Sign colours, xterm-256 (the figure's palette: Okabe–Ito blue and orange, grey).
SIGN_COLOURS = {1: "color(32)", -1: "color(208)", 0: "color(245)"}
# From this width the operand column also names each local derivative (w⁽¹⁾₁₁ = 0.5).
NAMED_FROM = 100
KIND_WORDS = {"input": "input", "weight": "weight", "bias": "bias", "product": "×", "sum": "Σ",
              "add_bias": "+ b", "activation": "", "loss": "loss"}
NOT_ALL = "*"  # marks a node whose gradient also has terms from operations not drawn


def _sign(value: float) -> int:
    return int(value > 0) - int(value < 0)


def _name(node) -> str:
    """A node's name in a row: a sum as "Σ z⁽¹⁾₁" (the sum in z⁽¹⁾₁, before + b)."""
    return node.name if node.kind != "sum" else f"Σ {node.name.removeprefix('the sum in ')}"


def graph_lines(data, width: int, colour: bool) -> list[str]:
    """The graph ``data`` as lines of text at most ``width`` columns wide (ANSI colour
    codes only when ``colour``)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=io.StringIO(), width=width, highlight=False, legacy_windows=False,
                      color_system="256" if colour else None, force_terminal=colour,
                      no_color=not colour, _environ={})

    def number(value: float, sign: int) -> Text:
        return Text(format_number(value), style=SIGN_COLOURS[sign] if colour else "")

    title = (f"Backpropagation through a {data.shape} network" if data.unit is None
             else f"Backpropagation through unit {data.unit} ({data.shape} network)")
    loss = {"squared": "squared loss", "log": "log loss"}[data.loss]
    x = ", ".join(format_number(v) for v in data.x)
    console.print(Text(title, style="bold"), justify="center")
    console.print(f"x = ({x}), y = {format_number(data.target)}, {loss} L = "
                  f"{format_number(data.loss_value)}", justify="center")
    console.print()
    named = width >= NAMED_FROM
    operands = {}
    for edge in data.edges:
        operands.setdefault(edge.head, []).append(edge)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1), show_edge=False,
                  header_style="bold")
    table.add_column("node", no_wrap=True)
    table.add_column("op", no_wrap=True)
    table.add_column("value", justify="right", no_wrap=True)
    table.add_column("g = ∂L/∂node", justify="right", no_wrap=True)
    table.add_column("operand: ∂node/∂operand", overflow="fold")
    incomplete = False
    for node in data.nodes:
        name = _name(node)
        if not node.complete:
            name += NOT_ALL
            incomplete = True
        word = KIND_WORDS[node.kind] or node.label.split(" → ")[0]
        grad = Text("–") if node.grad is None else number(node.grad, _sign(node.grad))
        cell = Text()
        edges = operands.get(node.key, ())
        if node.kind == "sum":  # ∂(p₁ + p₂ + …)/∂pᵢ = 1: one entry, not one per product
            cell.append(f"each product: {format_number(edges[0].local)}")
        else:
            for k, edge in enumerate(edges):
                if k:
                    cell.append(", ")
                cell.append(f"{_name(data.node(edge.tail))}: ")
                if named and not edge.trivial:
                    cell.append(f"{edge.symbol} = ")
                cell.append_text(number(edge.local, edge.sign))
        table.add_row(name, word, Text(format_number(node.value)), grad, cell)
    console.print(table)
    notes = ["g = ∂L/∂node: how the loss changes with the node; a node's g is the sum, over "
             "the rows that list it as an operand, of that row's g times its ∂node/∂operand. "
             "Inputs are data: no g (–)."]
    if incomplete:
        notes.append(f"{NOT_ALL} Also feeds operations not drawn here: the sum above needs "
                     "their rows too.")
    if colour:
        notes.append("Colour: the sign of the gradient (carried back): blue > 0, orange < 0, "
                     "grey = 0.")
    for note in notes:
        console.print(Text(note))
    return [line.rstrip() for line in console.file.getvalue().rstrip("\n").split("\n")]
