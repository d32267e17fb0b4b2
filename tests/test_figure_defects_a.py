"""Issue 16 §3, layout defects of the activation, softmax and cost figures, checked
on the drawn Figure objects: line styles, the slope's jump, the magnified leak,
panel titles, axis limits, bar labels, legends and text boxes."""

import itertools
import math

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from nnexplain import api, core
from nnexplain.explain.activations import VISIBLE_LEAK, activation_curves
from nnexplain.explain.bar_figures import cost_bars, softmax_bars
from nnexplain.plot.activations import compare_figure
from nnexplain.plot.bars import cost_figure, same_decimals, softmax_figure
from nnexplain.plot.style import figure_settings

STYLES = ("light", "dark", "slides", "slides-dark")


def drawn(figure):
    FigureCanvasAgg(figure)
    renderer = figure.canvas.get_renderer()
    figure.draw(renderer)
    return renderer


def text_boxes(figure):
    """(text, box) of every visible text we placed (tick labels left to matplotlib)."""
    renderer = drawn(figure)
    every = [a for axes in figure.axes for a in (axes, *axes.child_axes)]
    ticks = {id(label) for axes in every for axis in (axes.xaxis, axes.yaxis)
             for label in axis.get_ticklabels(which="both")}  # fmt: skip
    return [(t, t.get_window_extent(renderer)) for t in figure.findobj(Text)
            if t.get_visible() and t.get_text().strip() and id(t) not in ticks]


def assert_texts_fit_and_keep_apart(figure):
    """Every text inside the canvas, none overlapping another (titles included)."""
    width, height = figure.bbox.width, figure.bbox.height
    boxes = text_boxes(figure)
    for text, box in boxes:
        assert box.x0 >= -1 and box.y0 >= -1, text.get_text()
        assert box.x1 <= width + 1 and box.y1 <= height + 1, text.get_text()
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        assert not box_a.overlaps(box_b), (a.get_text(), b.get_text())


def slope_lines(axes):
    return [line for line in axes.get_lines() if not line.get_label().startswith("_")]


# --- activations ------------------------------------------------------------------


def test_compare_draws_relu_and_leaky_relu_in_different_styles_with_the_solid_below():
    figure = compare_figure(activation_curves(["relu", "leaky_relu"], np.linspace(-3, 3, 7)))
    for axes in figure.axes[:2]:
        relu, leaky = slope_lines(axes)
        assert relu.get_linestyle() != leaky.get_linestyle()
        assert relu.get_zorder() < leaky.get_zorder()  # the dashed line on top
        assert relu.get_linewidth() > leaky.get_linewidth()  # the solid shows at its edges


@pytest.mark.parametrize("name", ["relu", "leaky_relu"])
@pytest.mark.parametrize("z", [np.linspace(-3, 3, 7), np.array([-2.5, 0.7, 3.1])])
def test_the_slope_jump_is_a_jump_with_open_and_closed_dots(name, z):
    data = activation_curves([name], z, slope=0.1)
    (curve,) = data.curves
    slopes = compare_figure(data).axes[1]
    (line,) = [l for l in slope_lines(slopes) if l.get_label() != "your z"]
    x, y = np.ma.getdata(line.get_xdata()), np.ma.masked_array(line.get_ydata())
    kept = ~np.ma.getmaskarray(y)
    # No segment of the drawn line touches or crosses z = 0.
    for i in range(x.size - 1):
        if kept[i] and kept[i + 1]:
            assert not (x[i] <= 0.0 <= x[i + 1]), (x[i], x[i + 1])
    grads = core.activate_grad(name, np.array([np.nextafter(0, -1), 0.0, np.nextafter(0, 1)]), 0.1)
    (used,) = [l for l in slopes.get_lines() if l.get_label() == "_jump used"]
    (limit,) = [l for l in slopes.get_lines() if l.get_label() == "_jump limit"]
    assert list(used.get_ydata()) == [grads[1]] and list(used.get_xdata()) == [0.0]
    assert list(limit.get_ydata()) == [grads[2]]  # the right limit, 1: not the value used
    assert limit.get_markerfacecolor() != limit.get_markeredgecolor()  # open
    assert used.get_markerfacecolor() == used.get_color()  # filled
    assert curve.jump.left == grads[0] and curve.jump.right == grads[2]


def test_smooth_slopes_have_no_jump():
    data = activation_curves(["sigmoid", "tanh", "identity"], np.linspace(-3, 3, 7))
    assert all(c.jump is None and c.derivative_gap is None for c in data.curves)


def test_a_leak_too_flat_to_see_is_magnified_with_its_alpha_and_a_value():
    data = activation_curves(["leaky_relu"], np.linspace(-3, 3, 7), slope=0.01, mark=True)
    (curve,) = data.curves
    assert curve.leak is not None and curve.leak.share < VISIBLE_LEAK
    figure = compare_figure(data)
    (inset,) = figure.axes[0].child_axes
    (line,) = inset.get_lines()[:1]
    np.testing.assert_array_equal(line.get_ydata(), core.leaky_relu(line.get_xdata(), 0.01))
    assert inset.get_ylim()[0] < -0.02  # its own scale: the leak spans the inset
    title = inset.get_title()
    assert r"\alpha = 0.01" in title and "f(-3) = -0.03" in title
    # A visible leak is not repeated.
    assert activation_curves(["leaky_relu"], np.linspace(-3, 3, 7), slope=0.2).curves[0].leak is None


def test_slope_shapes_the_activation_figure():
    figure = api.activation("leaky_relu", [-3.0, 0.0, 3.0], slope=0.2).figure("plot")
    values = slope_lines(figure.axes[0])[0]
    np.testing.assert_array_equal(values.get_ydata(), core.leaky_relu(values.get_xdata(), 0.2))
    assert values.get_ydata()[0] == pytest.approx(-0.6)


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("names", [["leaky_relu"], ["relu"], ["relu", "leaky_relu", "sigmoid", "tanh"]])
def test_activation_texts_fit_keep_apart_and_legends_sit_off_the_lines(style, names):
    with figure_settings(style=style):
        figure = compare_figure(activation_curves(names, np.linspace(-5, 5, 11), mark=True))
    assert_texts_fit_and_keep_apart(figure)
    renderer = drawn(figure)
    suptitle = figure._suptitle.get_window_extent(renderer)
    for axes in figure.axes[:2]:
        # The figure's title clear of the panels' titles.
        assert suptitle.y0 - axes.title.get_window_extent(renderer).y1 >= 4
        legend = axes.get_legend().get_window_extent(renderer)
        panel = axes.get_window_extent(renderer)
        assert legend.y1 <= panel.y0  # below the panel, on no line


# --- softmax ----------------------------------------------------------------------


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("z", [[1000, 1001, 1002], [2, 1, 0.1], [-3, 0, 2.5], [-1, -2]])
def test_softmax_titles_limits_and_labels(style, z):
    with figure_settings(style=style):
        figure = softmax_figure(softmax_bars(z))
    scores, probabilities = figure.axes
    drawn(figure)  # the layout is settled before positions are read
    # The two panel titles at one height: the same baseline on the canvas.
    def baseline(title):
        return title.get_transform().transform(title.get_position())[1]

    assert baseline(scores.title) == pytest.approx(baseline(probabilities.title), abs=0.5)
    low, high = scores.get_ylim()
    if min(z) >= 0:
        assert low == 0.0  # no empty band below 0
    else:
        assert low < min(z)
    if max(z) <= 0:
        assert high == 0.0
    assert_texts_fit_and_keep_apart(figure)
    # Grid lines under the bars.
    for axes in figure.axes:
        assert axes.get_axisbelow() is True
        bar = [p for p in axes.patches if isinstance(p, Rectangle)][0]
        assert axes.yaxis.get_zorder() < bar.get_zorder()


def test_probability_labels_share_their_decimals():
    figure = softmax_figure(softmax_bars([1000, 1001, 1002]))
    labels = [t.get_text().strip("$") for t in figure.axes[1].texts]
    assert labels == ["0.0900", "0.2447", "0.6652"]
    assert len({len(label.split(".")[1]) for label in labels}) == 1
    # Scores are written as typed.
    assert [t.get_text() for t in figure.axes[0].texts] == ["$1000$", "$1001$", "$1002$"]
    # A value too small for the shared decimals is written on its own, never as 0.
    assert same_decimals(np.array([1.0, 1e-12])) == ["1.000", "1e-12"]


# --- cost ------------------------------------------------------------------------


def legend_texts(axes):
    return [t.get_text() for t in axes.get_legend().get_texts()]


@pytest.mark.parametrize("style", STYLES)
def test_an_infinite_loss_runs_off_the_chart_and_the_legend_says_so(style):
    with figure_settings(style=style):
        figure = cost_figure(cost_bars([1, 0, 1], [0.0, 0.2, 0.6]))
    axes = figure.axes[0]
    first = [p for p in axes.patches if isinstance(p, Rectangle)][0]
    assert first.get_hatch() == "//"
    assert first.get_height() == axes.get_ylim()[1]  # up to the edge of the chart
    assert [l for l in axes.get_lines() if l.get_label() == "_break"]  # the break mark
    assert [t for t in axes.texts if t.arrow_patch is not None and t.get_text() == ""]  # the arrow
    texts = legend_texts(axes)
    assert r"J = \infty" in texts[0] and "1 of 3 losses is ∞" in texts[0] and "no mean line" in texts[0]
    assert any("off the chart" in t for t in texts)  # the hatching explained
    assert not [l for l in axes.get_lines() if l.get_linestyle() == "--"]  # no mean line
    handles = axes.get_legend().legend_handles
    assert handles[0].get_linestyle() in ("None", "none")  # nothing drawn beside J = ∞
    assert axes.get_axisbelow() is True and axes.yaxis.get_zorder() < first.get_zorder()
    assert_texts_fit_and_keep_apart(figure)


def test_a_finite_cost_lists_its_line_and_the_bars_without_hatching():
    figure = cost_figure(cost_bars([1, 0], [0.9, 0.2]))
    axes = figure.axes[0]
    texts = legend_texts(axes)
    assert len(texts) == 2 and "J = " in texts[0]
    assert not any("off the chart" in t for t in texts)
    handles = axes.get_legend().legend_handles
    assert handles[1].get_hatch() is None
    assert_texts_fit_and_keep_apart(figure)


def test_many_examples_with_an_infinite_loss_stay_readable():
    y = np.tile([1.0, 0.0], 20)
    y_hat = np.full(40, 0.5)
    y_hat[3] = 1.0  # y = 0, ŷ = 1: log loss ∞
    data = cost_bars(y, y_hat)
    assert not data.labelled and math.isinf(data.cost)
    figure = cost_figure(data)
    assert "1 of 40 losses is ∞" in legend_texts(figure.axes[0])[0]
    assert_texts_fit_and_keep_apart(figure)
