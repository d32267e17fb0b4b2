"""The figures of cost, softmax and forward: the data on the returned Figures, the
commands' options, and their bad input."""

import numpy as np
import pytest
from click.testing import CliRunner
from matplotlib.patches import Circle, Rectangle

from cli_checks import error_line
from nnexplain import core
from nnexplain.cli import cli
from nnexplain.core.network import forward, layer, preset
from nnexplain.explain.bar_figures import LABELLED_BARS, cost_bars, softmax_bars
from nnexplain.explain.diagram import diagram
from nnexplain.plot.bars import cost_figure, softmax_figure
from nnexplain.plot.diagram import PANEL_PRECISION, diagram_figure
from nnexplain.plot.style import figure_settings
from nnexplain.render.numbers import format_number


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], prog_name="nnexplain")


def bars_of(axes):
    return [p for p in axes.patches if isinstance(p, Rectangle)]


def texts_of(figure):
    return [t.get_text() for axes in figure.axes for t in axes.texts]


# --- cost -------------------------------------------------------------------------


@pytest.mark.parametrize("loss", ["log", "squared"])
def test_cost_bars_are_the_losses_and_the_line_is_their_mean(loss):
    y, y_hat = [1, 0, 1, 0], [0.9, 0.2, 0.6, 0.4]
    figure = cost_figure(cost_bars(y, y_hat, loss=loss))
    axes = figure.axes[0]
    heights = [bar.get_height() for bar in bars_of(axes)]
    np.testing.assert_array_equal(heights, core.per_example_loss(np.array(y, float), np.array(y_hat, float), loss))
    (mean,) = [line for line in axes.get_lines() if line.get_linestyle() == "--"]
    assert mean.get_ydata()[0] == core.cost(np.array(y, float), np.array(y_hat, float), loss)
    labels = axes.get_legend().get_texts()
    assert f"J = {format_number(core.cost(np.array(y, float), np.array(y_hat, float), loss))}" \
        in labels[0].get_text()
    # Each bar carries its value, and each example its y and ŷ.
    assert texts_of(figure) == [f"${format_number(h)}$" for h in heights]
    assert "\\hat{y} = 0.9" in axes.get_xticklabels()[0].get_text()


def test_an_infinite_loss_reaches_the_top_and_the_cost_is_infinite():
    figure = cost_figure(cost_bars([1, 0], [0.0, 0.2]))
    axes = figure.axes[0]
    first, second = bars_of(axes)
    assert first.get_hatch() == "//" and second.get_hatch() is None
    assert first.get_height() > second.get_height()
    assert texts_of(figure)[0] == r"$\infty$"
    assert "J = \\infty" in axes.get_legend().get_texts()[0].get_text()


def test_many_examples_are_a_strip_of_bars_without_labels():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 500).astype(float)
    y_hat = rng.uniform(0.01, 0.99, 500)
    data = cost_bars(y, y_hat)
    assert not data.labelled and LABELLED_BARS < 500
    figure = cost_figure(data)
    assert len(bars_of(figure.axes[0])) == 500
    assert texts_of(figure) == []


def test_cost_plot_from_a_csv_file(tmp_path):
    data = tmp_path / "p.csv"
    data.write_text("y,y_hat\n" + "".join(f"{i % 2},{0.1 + 0.8 * (i % 7) / 6}\n" for i in range(40)))
    result = invoke("cost", "--data", data, "--plot", tmp_path / "c.svg")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "c.svg").read_bytes().startswith(b"<?xml")


def test_cost_plot_refuses_more_bars_than_a_figure_holds(tmp_path):
    data = tmp_path / "big.csv"
    data.write_text("y,y_hat\n" + "1,0.5\n" * 2001)
    error_line(invoke("cost", "--data", data, "--plot", tmp_path / "c.png"), "--plot", "2,000", "2,001")
    assert not (tmp_path / "c.png").exists()


def test_cost_plot_refuses_squared_losses_beyond_a_figure(tmp_path):
    error_line(invoke("cost", "--loss", "squared", "--y", "1e151,0", "--yhat", "0,0",
                      "--plot", tmp_path / "c.png"), "--plot", "1e+300")
    assert not list(tmp_path.iterdir())


# --- softmax ----------------------------------------------------------------------


@pytest.mark.parametrize("z", [[2, 1, 0.1], [1000, 1001, 1002], [-1000, 0, 1000, 3]])
def test_softmax_bars_are_the_scores_and_the_probabilities(z):
    figure = softmax_figure(softmax_bars(z))
    scores, probabilities = figure.axes
    np.testing.assert_array_equal([b.get_height() for b in bars_of(scores)], z)
    p = core.softmax(np.array(z, dtype=float))
    np.testing.assert_array_equal([b.get_height() for b in bars_of(probabilities)], p)
    colours = [b.get_facecolor() for b in bars_of(probabilities)]
    winner = int(np.argmax(p))
    assert all(c != colours[winner] for i, c in enumerate(colours) if i != winner)
    assert probabilities.get_ylim() == (0, 1.1)


def test_softmax_plot_refuses_scores_beyond_a_figure(tmp_path):
    error_line(invoke("softmax", "--z", "1e301,0", "--plot", tmp_path / "s.png"), "--plot", "1e+300")
    assert not list(tmp_path.iterdir())


# --- the network diagram ------------------------------------------------------------


def _circles(figure):
    return [p for p in figure.axes[0].patches if isinstance(p, Circle)]


def test_the_diagram_draws_every_unit_connection_weight_and_value():
    layers = preset()
    x = (2.0, 3.0)
    figure = diagram_figure(diagram(layers, x))
    axes = figure.axes[0]
    # 2 inputs + 2 hidden + 1 output, and one bias unit per layer.
    assert len(_circles(figure)) == 5 + 2
    # A line per weight and per bias: (2 + 1)·2 + (2 + 1)·1.
    assert len(axes.get_lines()) == 9
    texts = texts_of(figure)
    for current in layers:
        for weight in (*current.W.ravel(), *current.b):
            assert format_number(weight) in texts
    outputs = [p.a for p in forward(layers, x)]
    for value in (*x, *np.concatenate(outputs)):
        assert f"= {format_number(value)}" in texts
    assert "activation: ReLU" in texts and "activation: identity" in texts
    assert "x₁" in texts and "h₂" in texts and "ŷ" in texts
    # Thickness by |w|, colour and dashes by sign.
    widths = {line.get_linewidth() for line in axes.get_lines()}
    assert len(widths) > 3
    assert len({line.get_linestyle() for line in axes.get_lines()}) == 2


def test_a_large_network_writes_every_weight_in_a_panel():
    # Too many connections to label on the lines: every W as a table beside the diagram.
    rng = np.random.default_rng(0)
    layers = (layer(rng.normal(size=(12, 10)), rng.normal(size=10), "tanh"),
              layer(rng.normal(size=(10, 1)), rng.normal(size=1), "sigmoid"))
    figure = diagram_figure(diagram(layers, None))
    assert len(_circles(figure)) == 12 + 10 + 1 + 2
    assert not any(t.startswith("= ") for t in texts_of(figure))  # no values asked for
    panel = [t.get_text() for t in figure.axes[1].texts]
    assert "W⁽¹⁾ and b⁽¹⁾" in panel and "W⁽²⁾ and b⁽²⁾" in panel
    on_lines = [t.get_text() for t in figure.axes[0].texts]
    assert format_number(layers[0].W[0, 0]) not in on_lines
    for current in layers:
        for weight in (*current.W.ravel(), *current.b):
            assert format_number(weight, PANEL_PRECISION) in panel


def test_diagram_option_saves_the_figure_and_the_table_is_unchanged(tmp_path):
    plain = invoke("forward")
    result = invoke("forward", "--diagram", tmp_path / "n.png")
    assert result.exit_code == 0, result.output
    assert result.stdout == plain.stdout
    assert result.stderr.strip().endswith(f"Figure saved to {tmp_path / 'n.png'}")


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_the_diagram_is_byte_identical_run_to_run(tmp_path, fmt):
    example = "xor_sigmoid"
    for name in ("a", "b"):
        result = invoke("forward", "--weights", example, "--x", "1,0", "--diagram", tmp_path / f"{name}.{fmt}",
                        "--style", "dark")
        assert result.exit_code == 0, result.output
    assert (tmp_path / f"a.{fmt}").read_bytes() == (tmp_path / f"b.{fmt}").read_bytes()


def test_no_diagram_values_leaves_the_values_out(tmp_path):
    result = invoke("forward", "--diagram", tmp_path / "n.svg", "--no-diagram-values")
    assert result.exit_code == 0, result.output
    assert "13.9409" not in (tmp_path / "n.svg").read_text()


@pytest.mark.parametrize("style", ["light", "dark", "slides"])
def test_every_new_figure_renders_in_every_style(style):
    with figure_settings(style=style):
        for figure in (cost_figure(cost_bars([1, 0], [0.9, 0.2])), softmax_figure(softmax_bars([2, 1])),
                       diagram_figure(diagram(preset(), (2.0, 3.0)))):
            width, height = figure.get_size_inches()
            if style == "slides":
                assert width / height == pytest.approx(16 / 9)


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["forward", "--diagram", "net.jpg"], ["--diagram", ".png"]),
        (["forward", "--diagram", "here"], ["--diagram", ".png"]),
        (["forward", "--x", "1", "--diagram", "net.png"], ["--x", "2"]),
        (["softmax", "--z", "1,2", "--plot", "s.gif"], ["--plot", ".png"]),
        (["cost", "--y", "1", "--yhat", "0.5", "--plot", "c.txt"], ["--plot", ".png"]),
        (["forward", "--style", "neon", "--diagram", "net.png"], ["--style", "slides"]),
    ],
)
def test_bad_figure_options_give_one_error_line(tmp_path, monkeypatch, args, mentions):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "here").mkdir()
    error_line(invoke(*args), *mentions)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here"]


def test_a_diagram_into_a_folder_that_is_a_file_is_refused(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    error_line(invoke("forward", "--diagram", blocker / "n.png"), "--diagram")
