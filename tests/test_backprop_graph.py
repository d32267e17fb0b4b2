"""``backprop --plot``: backpropagation as a computational graph. The graph's gradients
are core.network.backward's, the chain rule holds on the data, the figure shows every
parameter's gradient, fits its canvas without overlapping text, and saves the same
bytes twice; ``--unit`` draws one unit's chain and refuses a unit that does not exist."""

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import nnexplain as nx
from nnexplain.cli import cli
from nnexplain.core.network import PRESET_X, backward, forward, preset
from nnexplain.explain.backprop_graph import backprop_graph
from nnexplain.inputs.weights_file import read_network
from nnexplain.render.numbers import format_number

XOR = Path(__file__).resolve().parent.parent / "nnexplain" / "examples" / "xor_sigmoid.json"
DEEP = [{"W": [[0.5, -1.0, 0.3], [0.2, 0.7, -0.4]], "b": [0.1, -0.2, 0.0], "activation": "tanh"},
        {"W": [[1.0, -0.5], [0.3, 0.8], [-0.6, 0.2]], "b": [0.0, 0.1], "activation": "sigmoid"},
        {"W": [[1.5], [-2.0]], "b": [0.3], "activation": "sigmoid"}]
CASES = [
    (preset(), PRESET_X, 1.0, "squared"),
    (read_network(str(XOR)), (1.0, 1.0), 0.0, "log"),
    (read_network(str(XOR)), (0.3, -0.7), 0.4, "squared"),
]


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.mark.parametrize("layers, x, target, loss", CASES)
def test_every_parameter_gradient_is_the_cores(layers, x, target, loss):
    graph = backprop_graph(layers, x, target, loss)
    grads = backward(layers, forward(layers, np.asarray(x, dtype=np.float64)), [target], loss)
    for l, (current, g) in enumerate(zip(layers, grads), start=1):
        for i in range(current.n_in):
            for j in range(current.n_out):
                node = graph.node(f"w{l}_{i + 1}_{j + 1}")
                assert node.grad == g.dW[i, j] and node.value == current.W[i, j]
        for j in range(current.n_out):
            assert graph.node(f"b{l}_{j + 1}").grad == g.db[j]
            assert graph.node(f"z{l}_{j + 1}").grad == g.dz[j]
    assert len(graph.parameters) == sum(c.W.size + c.b.size for c in layers)


def _check_chain_rule(graph):
    outgoing = {}
    for edge in graph.edges:
        outgoing.setdefault(edge.tail, []).append(edge)
    checked = 0
    for node in graph.nodes:
        if node.grad is None or node.kind == "loss" or not node.complete:
            continue
        total = sum(graph.node(e.head).grad * e.local for e in outgoing[node.key])
        assert node.grad == pytest.approx(total, rel=1e-12, abs=1e-12), node.name
        checked += 1
    return checked


@pytest.mark.parametrize("layers, x, target, loss", CASES)
def test_the_chain_rule_holds_on_every_node(layers, x, target, loss):
    graph = backprop_graph(layers, x, target, loss)
    assert _check_chain_rule(graph) == sum(1 for n in graph.nodes if n.grad is not None) - 1


def test_a_units_chain_keeps_the_chain_rule_and_the_cores_gradients(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text(json.dumps(DEEP), encoding="utf-8")
    layers = read_network(str(path))
    x = (0.5, -1.0)
    grads = backward(layers, forward(layers, np.asarray(x)), [1.0], "log")
    for unit in ((1, 1), (2, 0), (3, 0)):
        graph = backprop_graph(layers, x, 1.0, "log", unit=unit)
        assert _check_chain_rule(graph) > 0
        l, j = unit
        assert graph.node(f"b{l}_{j + 1}").grad == grads[l - 1].db[j]
        # Only that unit's own parameters and the weights its output meets.
        assert {n.key for n in graph.nodes if n.kind == "bias"} == {f"b{l}_{j + 1}"}


def test_the_figure_writes_every_parameters_gradient():
    example = nx.backprop()
    graph = example._drawing.data()
    figure = example.figure(style="slides")
    texts = [t.get_text() for t in figure.findobj(__import__("matplotlib.text").text.Text)]
    for node in graph.parameters:
        assert f"g = {format_number(node.grad, 3)}" in texts
        assert node.label in texts
    signs = {e.sign for e in graph.edges}
    assert signs >= {0, 1}


def _text_boxes(figure):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    FigureCanvasAgg(figure)
    renderer = figure.canvas.get_renderer()
    figure.draw(renderer)
    return [(t.get_text(), t.get_window_extent(renderer)) for t in figure.findobj(Text)
            if t.get_visible() and t.get_text().strip()], figure.bbox


@pytest.mark.parametrize("style", ["light", "dark", "slides"])
@pytest.mark.parametrize("unit", [None, "h2", "y"])
def test_no_text_leaves_the_canvas_or_overlaps(style, unit):
    figure = nx.backprop(unit=unit).figure(style=style)
    boxes, canvas = _text_boxes(figure)
    for text, box in boxes:
        assert box.x0 >= -1 and box.y0 >= -1, text
        assert box.x1 <= canvas.width + 1 and box.y1 <= canvas.height + 1, text
    for a in range(len(boxes)):
        for b in range(a + 1, len(boxes)):
            assert not boxes[a][1].overlaps(boxes[b][1]), (boxes[a][0], boxes[b][0])


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_plot_is_byte_identical_run_to_run(tmp_path, fmt):
    saved = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.{fmt}"
        result = invoke("backprop", "--plot", path, "--style", "slides")
        assert result.exit_code == 0, result.output
        saved.append(path.read_bytes())
    assert saved[0] == saved[1]


def test_plot_leaves_the_table_unchanged(tmp_path):
    plain = invoke("backprop").stdout
    result = invoke("backprop", "--plot", tmp_path / "g.png")
    assert result.exit_code == 0 and result.stdout == plain
    assert "Figure saved to" in result.stderr


@pytest.mark.parametrize("unit", ["h9", "z", "3:1", "0:1"])
def test_a_unit_that_does_not_exist_is_refused(tmp_path, unit):
    result = invoke("backprop", "--unit", unit, "--plot", tmp_path / "g.png")
    assert result.exit_code == 2
    assert "'--unit'" in result.stderr and "h1, h2, y" in result.stderr
    assert not (tmp_path / "g.png").exists()
    with pytest.raises(nx.InputError):
        nx.backprop(unit=unit)


@pytest.mark.parametrize("unit", ["h2", "h₂", "1:2"])
def test_a_unit_by_any_of_its_names(unit):
    assert nx.backprop(unit=unit)._drawing.data().unit == "h₂"


def test_a_graph_too_large_for_a_slide_asks_for_a_unit(tmp_path):
    wide = [{"W": [[1, 2, 3], [4, 5, 6], [7, 8, 9]], "b": [0, 0, 0], "activation": "relu"},
            {"W": [[0.1], [0.2], [0.3]], "b": [0], "activation": "identity"}]
    path = tmp_path / "wide.json"
    path.write_text(json.dumps(wide), encoding="utf-8")
    result = invoke("backprop", "--weights", path, "--x", "1,0,1", "--target", "1", "--plot", tmp_path / "g.png")
    assert result.exit_code != 0 and "--unit" in result.stderr
    chain = invoke("backprop", "--weights", path, "--x", "1,0,1", "--target", "1", "--unit", "h2",
                   "--plot", tmp_path / "g.png")
    assert chain.exit_code == 0, chain.output


def test_show_draws_the_graph_as_a_table_in_the_terminal():
    result = invoke("backprop", "--show")
    assert result.exit_code == 0
    assert "g = ∂L/∂node" in result.stdout and "not drawn in the terminal" not in result.stdout
