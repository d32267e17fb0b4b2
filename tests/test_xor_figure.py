"""The XOR figure of ``linear-collapse``: the corners in the input space and in the
hidden units' space (h₁, h₂) of the 2-2-1 ReLU network, the line that separates them
there, and the network's classes shaded over the input square."""

from figure_checks import texts_off_the_canvas
import numpy as np
import pytest
from click.testing import CliRunner

import nnexplain as nx
from nnexplain.cli import cli
from nnexplain.core import linear
from nnexplain.core.network import forward, predict

STYLES = ("light", "dark", "slides")


@pytest.fixture(scope="module")
def data():
    return linear.xor_surfaces(points=41)


def test_hidden_points_are_the_networks_hidden_activations(data):
    network = linear.xor_network()
    np.testing.assert_array_equal(data.hidden, forward(network, data.x)[0].a)
    np.testing.assert_array_equal(data.hidden, [[0, 0], [1, 0], [1, 0], [2, 1]])
    np.testing.assert_array_equal(data.output_w, network[-1].W[:, 0])
    assert data.output_b == network[-1].b[0] and data.threshold == 0.5


def test_the_line_separates_the_hidden_points(data):
    side = data.hidden @ data.output_w + data.output_b - data.threshold
    assert np.all(side != 0)  # none on the line
    np.testing.assert_array_equal(np.sign(side), np.where(data.y == 1, 1.0, -1.0))
    # Both drawn ends lie on the line w·h + b = threshold.
    np.testing.assert_allclose(data.hidden_line @ data.output_w + data.output_b, data.threshold, atol=1e-15)
    assert not np.allclose(data.hidden_line[0], data.hidden_line[1])
    # And it is the network's own rule: ŷ of each corner is the output layer at its h.
    y_hat = predict(linear.xor_network(), data.x)[:, 0]
    np.testing.assert_array_equal(y_hat, data.hidden @ data.output_w + data.output_b)


def test_level_line_runs_along_either_axis():
    steep = linear.level_line([1.0, 0.25], 0.0, 1.0, np.array([0.0, 0.0]), np.array([2.0, 2.0]))
    np.testing.assert_array_equal(steep[:, 1], [0.0, 2.0])  # v spans the box; u from the line
    np.testing.assert_allclose(steep @ [1.0, 0.25], 1.0)


def test_the_regions_are_the_networks_predictions_on_the_grid(data):
    x1, x2 = np.meshgrid(data.axis, data.axis)
    grid = np.column_stack([x1.ravel(), x2.ravel()])
    predicted = predict(linear.xor_network(), grid)[:, 0].reshape(x1.shape) >= data.threshold
    np.testing.assert_array_equal(data.regions, predicted)
    assert data.regions.any() and not data.regions.all()
    h1, h2 = np.meshgrid(data.hidden_axis_1, data.hidden_axis_2)
    on_hidden = predict(linear.xor_network()[-1:], np.column_stack([h1.ravel(), h2.ravel()]))
    np.testing.assert_array_equal(data.hidden_regions, (on_hidden[:, 0] >= 0.5).reshape(h1.shape))


def _classes(image):
    """The class each pixel of an image is drawn in: the index of its colour in its colour map."""
    return np.asarray(image.norm(image.get_array()), dtype=float).round().astype(int)


def test_the_figure_shades_what_the_network_predicts(data):
    from nnexplain.plot.collapse import REGION_ALPHA, xor_figure
    from nnexplain.plot.style import palette, styled

    figure = xor_figure(data)
    left, right, hidden = figure.axes[:3]
    np.testing.assert_array_equal(left.images[0].get_array(), data.line)
    np.testing.assert_array_equal(_classes(right.images[0]), data.regions.astype(int))
    np.testing.assert_array_equal(_classes(hidden.images[0]), data.hidden_regions.astype(int))
    with styled():
        classes = palette()[:2]
    from matplotlib.colors import to_hex

    for image in (right.images[0], hidden.images[0]):
        assert [to_hex(image.cmap(i)) for i in range(2)] == [to_hex(c) for c in classes]
        assert image.get_alpha() == REGION_ALPHA
    corners = {line.get_label(): np.column_stack(line.get_data()) for line in hidden.lines}
    np.testing.assert_array_equal(corners["$y = 1$"], [[1, 0], [1, 0]])
    np.testing.assert_array_equal(corners["$y = 0$"], [[0, 0], [2, 1]])
    drawn_line = [line for line in hidden.lines if line.get_label() == "_line"][0]
    np.testing.assert_array_equal(np.column_stack(drawn_line.get_data()), data.hidden_line)
    notes = [text.get_text() for text in hidden.texts]
    assert "x = (0, 1), (1, 0)" in notes and "x = (0, 0)" in notes and "x = (1, 1)" in notes


def test_titles_and_legends_say_what_is_drawn(data):
    from nnexplain.plot.collapse import xor_figure

    figure = xor_figure(data)
    left, right, hidden = figure.axes[:3]
    assert "plane" in left.get_title() and "Best line:" not in left.get_title()
    assert r"\hat{y} = 0\,x_1 + 0\,x_2 + 0.5" in left.get_title()
    assert any("everywhere" in text.get_text() for text in left.texts)
    assert "h_1 - 2\\,h_2 + 0 = 0.5" in hidden.get_title() and "space" in hidden.get_title()
    assert hidden.get_xlabel() == "$h_1$" and hidden.get_ylabel() == "$h_2$"
    # One legend under the three panels: the boundary, the classes, the shading.
    labels = [text.get_text() for text in figure.legends[0].get_texts()]
    assert labels == ["network's $\\hat{y} = 0.5$", "$y = 0$", "$y = 1$",
                      "predicted 0: $\\hat{y} < 0.5$", "predicted 1: $\\hat{y} \\geq 0.5$"]
    assert right.get_legend() is None and len(figure.legends) == 1


def test_class_colours_are_those_of_the_training_figure():
    xor = nx.linear_collapse().figure()
    trained = nx.train(task="logistic", epochs=5).figure("plot")

    def colours(figure, names):
        found = {}
        for axes in figure.axes:
            for line in axes.lines:
                if line.get_label() in names:
                    found[names[line.get_label()]] = (line.get_color(), line.get_marker())
        return found

    mine = colours(xor, {"$y = 0$": 0, "$y = 1$": 1})
    theirs = colours(trained, {"class 0": 0, "class 1": 1})
    assert mine == theirs and mine[0] != mine[1]


@pytest.mark.parametrize("style", STYLES)
def test_no_text_leaves_the_canvas(style):
    assert texts_off_the_canvas(nx.linear_collapse().figure(style=style)) == [], style


@pytest.mark.parametrize("style", ["dark", "slides"])
def test_the_same_bytes_twice_in_every_style(tmp_path, style):
    first, second = tmp_path / "a.png", tmp_path / "b.png"
    for target in (first, second):
        result = CliRunner().invoke(cli, ["linear-collapse", "--plot", str(target), "--style", style])
        assert result.exit_code == 0, result.output
    assert first.read_bytes() == second.read_bytes()


def test_the_terminal_drawing_shows_the_three_panels():
    text = nx.linear_collapse().terminal_figure(width=100, height=24)
    for words in ("Best linear model", "ReLU network", "Hidden space", "h1",
                  "predicts class 1 (ŷ ≥ 0.5)", "1·h1 − 2·h2 + 0 = 0.5", "a plane ŷ = 0·x1 + 0·x2 + 0.5"):
        assert words in text, words
