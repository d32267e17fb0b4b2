"""Figures in the terminal (``--show``, ``Example.terminal_figure``): drawn by plotext
from the data the matplotlib figure gets, never importing matplotlib; plain characters
off a terminal or with NO_COLOR; golden text at 80×20 for every figure kind."""

import subprocess
import sys

import pytest
from click.testing import CliRunner

import nnexplain as nx
from nnexplain.cli import cli
from test_imports import PROBE

GOLDEN = __import__("pathlib").Path(__file__).parent / "golden"
SIZE = (80, 20)

# Every figure kind, from the doors (the same data their matplotlib figures get).
KINDS = {
    "loss": lambda: nx.loss(y=1, yhat=0.1),
    "loss_squared": lambda: nx.loss(y=0.5, yhat=2, loss="squared"),
    "cost": lambda: nx.cost(y=[1, 0, 1], yhat=[0.9, 0.2, 0.6]),
    "activation": lambda: nx.activation("relu", z=[-2, 0, 2]),
    "compare": lambda: nx.compare(["sigmoid", "tanh"]),
    "bias": lambda: nx.bias(w=1, b=[-2, 0, 2]),
    "softmax": lambda: nx.softmax(z=[2, 1, 0.1]),
    "collapse": lambda: nx.linear_collapse(),
    "diagram": lambda: nx.forward(),
}
TRAINING = {
    "train_line": (dict(task="line", epochs=50), "plot"),
    "landscape": (dict(task="line", epochs=50), "landscape"),
    "train_logistic": (dict(task="logistic", epochs=200), "plot"),
}


def _drawn(name):
    if name in KINDS:
        width, height = SIZE
        return KINDS[name]().terminal_figure(width=width, height=height, color=False)
    options, kind = TRAINING[name]
    return nx.train(**options).terminal_figure(kind, *SIZE, color=False)


@pytest.mark.parametrize("name", [*KINDS, *TRAINING])
def test_golden_terminal_figure(name, update_golden):
    text = _drawn(name)
    path = GOLDEN / f"terminal_{name}.txt"
    if update_golden:
        path.write_text(text, encoding="utf-8")
        pytest.skip(f"rewrote {path.name}")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [*KINDS, *TRAINING])
def test_plain_text_fits_and_has_no_colour(name):
    text = _drawn(name)
    assert "\x1b" not in text
    lines = text.rstrip("\n").split("\n")
    assert len(lines) <= SIZE[1]
    assert max(len(line) for line in lines) <= SIZE[0]


def test_colour_when_asked_and_same_picture():
    example = nx.loss(y=1, yhat=0.1)
    coloured = example.terminal_figure(80, 20, color=True)
    assert "\x1b[" in coloured
    assert "2.3026" in coloured


def test_size_is_followed():
    text = nx.softmax(z=[1, 2]).terminal_figure(100, 30)
    lines = text.rstrip("\n").split("\n")
    assert len(lines) == 30 and max(map(len, lines)) > 80


def test_numbers_come_from_the_data():
    # The point's label is the loss the worked example computes.
    example = nx.loss(y=1, yhat=0.25)
    assert "L = 1.3863" in example.terminal_figure()
    assert "J = 0.2798" in nx.cost(y=[1, 0, 1], yhat=[0.9, 0.2, 0.6]).terminal_figure()


def test_refused_like_the_file_figure():
    with pytest.raises(nx.InputError):
        nx.neuron(x=[1], w=[1]).terminal_figure()
    with pytest.raises(nx.InputError):
        nx.train(task="logistic", epochs=5).terminal_figure("landscape")


def test_show_prints_after_the_text_view():
    result = CliRunner().invoke(cli, ["loss", "--y", "1", "--yhat", "0.1", "--show"])
    assert result.exit_code == 0, result.output
    plain = CliRunner().invoke(cli, ["loss", "--y", "1", "--yhat", "0.1"]).stdout
    assert result.stdout.startswith(plain)
    figure = result.stdout[len(plain):]
    assert figure == "\n" + nx.loss(y=1, yhat=0.1).terminal_figure(80, 24)
    assert "\x1b" not in result.stdout  # not a terminal: plain characters


def test_show_with_json_keeps_stdout_a_document():
    result = CliRunner().invoke(cli, ["softmax", "--z", "2,1", "--show", "--format", "json"])
    assert result.exit_code == 0
    import json

    json.loads(result.stdout)
    assert "Softmax" in result.stderr


def test_show_and_plot_do_both(tmp_path):
    path = tmp_path / "f.png"
    result = CliRunner().invoke(cli, ["bias", "--show", "--plot", str(path)])
    assert result.exit_code == 0, result.output
    assert path.stat().st_size > 0 and "the bias moves" in result.stdout


def test_show_refusal_names_show():
    ys = ",".join(["1"] * 2001)
    result = CliRunner().invoke(cli, ["cost", "--y", ys, "--yhat", ys, "--show"])
    assert result.exit_code == 2
    assert "'--show'" in result.stderr and "leave out --show" in result.stderr
    assert result.stdout == ""


def test_train_shows_the_landscape_only_when_it_has_one():
    line = CliRunner().invoke(cli, ["train", "--epochs", "20", "--show"]).stdout
    assert "Cost after each epoch" in line and "cost landscape" in line
    logistic = CliRunner().invoke(cli, ["train", "--task", "logistic", "--epochs", "20", "--show"])
    assert logistic.exit_code == 0 and "cost landscape" not in logistic.stdout


def test_every_drawing_command_has_show():
    from nnexplain.cli import COMMANDS
    from nnexplain.lesson import runs

    drawing = [name for name in COMMANDS if name != "lesson" and
               (runs.has_plot(name) or runs.has_plot(name, "--diagram"))]
    assert len(drawing) >= 8
    for name in drawing:
        assert runs.has_plot(name, "--show"), name


def test_lesson_show_figure_draws_only_the_figure(capsys):
    from nnexplain.lesson import runs

    runs.show_figure(("train", "--epochs", "20"), "--landscape")
    out = capsys.readouterr().out
    assert "cost landscape" in out and "Cost after each epoch" not in out
    assert "Start" not in out.split("\n")[0]


def test_show_without_terminal_is_80_by_24_and_no_colour_with_no_color(monkeypatch):
    from nnexplain.termplot import terminal_size, wants_colour

    class Tty:
        def isatty(self):
            return True

    assert terminal_size(object()) == (80, 24)
    assert not wants_colour(object())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not wants_colour(Tty())
    monkeypatch.delenv("NO_COLOR")
    assert wants_colour(Tty())


def _modules(args, tmp_path):
    listing = tmp_path / "modules.txt"
    done = subprocess.run([sys.executable, "-c", PROBE, str(listing), *args],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return set(listing.read_text(encoding="utf-8").split("\n"))


@pytest.mark.parametrize("args", [
    ["loss", "--y", "1", "--yhat", "0.1", "--show"],
    ["cost", "--y", "1,0", "--yhat", "0.9,0.2", "--show"],
    ["train", "--epochs", "20", "--show"],
    ["linear-collapse", "--show"],
], ids=" ".join)
def test_show_imports_plotext_not_matplotlib(args, tmp_path):
    modules = _modules(args, tmp_path)
    assert "plotext" in modules
    assert not any(m == "matplotlib" or m.startswith("matplotlib.") for m in modules)


def test_text_command_imports_no_plotext(tmp_path):
    modules = _modules(["loss", "--y", "1", "--yhat", "0.1"], tmp_path)
    assert "plotext" not in modules and "matplotlib" not in modules


# --- one argument order: kind first, as in figure(kind, style) ----------------------


def test_terminal_figure_takes_kind_first_for_every_kinded_example():
    activation = nx.activation("relu", z=[-2, 0, 2])
    training = nx.train(epochs=20)
    for example, kind in ((activation, "vanishing"), (training, "landscape")):
        assert example.terminal_figure(kind, 80, 20) == example.terminal_figure(
            kind=kind, width=80, height=20, color=False)
        assert example.terminal_figure(width=80, height=20) == example.terminal_figure("plot", 80, 20)
    assert "vanishing" not in activation.terminal_figure("plot", 80, 20)
    with pytest.raises(TypeError, match="first argument is the figure's kind"):
        activation.terminal_figure(80, 24)
    with pytest.raises(nx.InputError, match="unknown figure kind"):
        activation.terminal_figure("landscape")


# --- the backpropagation graph as a table -------------------------------------------

from nnexplain.api.networks import backprop as backprop_door  # noqa: E402
from nnexplain.explain import backprop_graph as graph_data  # noqa: E402
from nnexplain.render.numbers import format_number  # noqa: E402
from nnexplain.termplot.graph import NOT_ALL, _name  # noqa: E402

GRAPHS = {
    "default": dict(),
    "unit_h2": dict(unit="h2"),
    "xor_log": dict(weights="xor_sigmoid", x=[1, 1], target=0, loss="log"),
    "xor_log_unit": dict(weights="xor_sigmoid", x=[1, 1], target=0, loss="log", unit="1:1"),
}


def _graph(options):
    example = backprop_door(**options)
    return example, example._drawing.data()


def test_golden_terminal_backprop_graph(golden):
    golden("terminal_backprop_graph", ["backprop", "--show"])


@pytest.mark.parametrize("name", GRAPHS)
def test_every_number_in_the_graph_table_is_the_explain_data(name):
    example, data = _graph(GRAPHS[name])
    text = example.terminal_figure(200, 24)  # wide: no cell wraps, each local derivative named
    rows = text.split("\n")
    header = next(k for k, row in enumerate(rows) if row.startswith("node "))
    body = rows[header + 2:header + 2 + len(data.nodes)]
    heads = {}
    for edge in data.edges:
        heads.setdefault(edge.head, []).append(edge)
    for node, row in zip(data.nodes, body, strict=True):
        cells = row.split()
        name = _name(node) + ("" if node.complete else NOT_ALL)
        assert row.startswith(name + " "), (row, name)
        after = row[len(name):].split()
        # op word(s), then value and g: the first two cells that are numbers or "–".
        numbers = [c for c in after if c[0] in "−0123456789–" and not c.endswith(":")][:2]
        assert numbers[0] == format_number(node.value), row
        assert numbers[1] == ("–" if node.grad is None else format_number(node.grad)), row
        edges = heads.get(node.key, [])
        operands = row.split("  ")[-1].strip()
        if node.kind == "sum":
            assert {e.local for e in edges} == {1.0}
            assert operands == "each product: 1"
        elif edges:
            expected = ", ".join(
                f"{_name(data.node(e.tail))}: " + ("" if e.trivial else f"{e.symbol} = ")
                + format_number(e.local) for e in edges)
            assert operands == expected, row
        assert cells  # a row per node, none missing
    assert f"L = {format_number(data.loss_value)}" in text


@pytest.mark.parametrize("name", GRAPHS)
def test_the_graph_table_fits_80_columns_without_colour(name):
    example, _ = _graph(GRAPHS[name])
    text = example.terminal_figure(width=80, height=24, color=False)
    assert "\x1b" not in text
    assert max(len(line) for line in text.split("\n")) <= 80
    assert "Colour:" not in text


def test_the_graph_table_colours_each_gradient_by_its_sign():
    example, data = _graph(GRAPHS["xor_log"])
    coloured = example.terminal_figure(width=80, height=24, color=True)
    import re

    plain = re.sub(r"\x1b\[[0-9;]*m", "", coloured)
    lines = [line.rstrip() for line in plain.rstrip("\n").split("\n")]
    assert lines[-1].startswith("Colour: the sign of the gradient")
    assert lines[:-1] == example.terminal_figure(80, 24).rstrip("\n").split("\n")
    negative = next(n for n in data.nodes if n.grad is not None and n.grad < 0)
    positive = next(n for n in data.nodes if n.grad is not None and n.grad > 0)
    assert f"\x1b[38;5;208m{format_number(negative.grad)}" in coloured.replace(" ", "")
    assert f"\x1b[38;5;32m{format_number(positive.grad)}" in coloured.replace(" ", "")


def test_the_unit_chain_is_one_units_and_marks_what_is_not_drawn():
    example, data = _graph(GRAPHS["unit_h2"])
    text = example.terminal_figure()
    assert "unit h₂" in text and "h₁ " not in text
    assert f"Σ z⁽²⁾₁{NOT_ALL}" in text and text.count(f"\n{NOT_ALL} Also feeds") == 1
    assert len(data.nodes) == len(graph_data.backprop_graph(
        __import__("nnexplain.inputs.weights_file", fromlist=["x"]).load_network(None).layers,
        [2, 3], 1.0, unit=(1, 1)).nodes)


def test_backprop_show_draws_the_graph_not_a_pointer_to_plot():
    result = CliRunner().invoke(cli, ["backprop", "--show", "--unit", "h2"])
    assert result.exit_code == 0, result.output
    assert "not drawn in the terminal" not in result.stdout
    assert "Backpropagation through unit h₂ (2-2-1 network)" in result.stdout
    # After the text view, the same table the door draws (80 columns off a terminal).
    assert result.stdout.endswith("\n\n" + backprop_door(unit="h2").terminal_figure(80, 24))
