"""Layout defects of the training figures (issue 16 §3): the log cost axis, a fast
descent, the learned and true lines, the landscape's colour bar, marks and scales,
slide margins and one canvas size per style. Checked on the Figure objects."""

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

import nnexplain as nx
from nnexplain.explain.training_figures import settled_epoch
from nnexplain.plot.style import STYLES, figure_settings
from nnexplain.plot.training import LEAST_LOG_TICKS, log_ticks


def drawn(figure):
    FigureCanvasAgg(figure)
    renderer = figure.canvas.get_renderer()
    figure.draw(renderer)
    return renderer


def labelled(axis):
    low, high = sorted(axis.axes.get_ylim() if axis.axis_name == "y" else axis.axes.get_xlim())
    return [t for t, label in zip(axis.get_majorticklocs(), axis.get_majorticklabels())
            if label.get_text().strip() and low <= t <= high]


@pytest.fixture(scope="module")
def run():
    return nx.train(task="line", epochs=500)


def test_the_log_cost_axis_labels_enough_ticks_around_the_data(run):
    figure = run.figure()
    renderer = drawn(figure)
    cost = figure.axes[0]
    assert cost.get_yscale() == "log"
    ticks = labelled(cost.yaxis)
    assert len(ticks) >= LEAST_LOG_TICKS
    (line,) = cost.get_lines()
    data = line.get_ydata()
    assert min(ticks) <= data.min() and data.max() <= max(ticks)
    assert renderer is not None


@pytest.mark.parametrize("low, high", [(0.2576, 18.0), (3e-9, 2.0), (0.5, 6.0), (1e-30, 1e10)])
def test_log_ticks_cover_the_range_with_at_least_four(low, high):
    ticks = log_ticks(low, high)
    assert len(ticks) >= LEAST_LOG_TICKS and ticks[0] <= low and high <= ticks[-1]
    assert len(ticks) <= 10 and ticks == sorted(ticks)


def test_a_fast_descent_is_not_a_vertical_line(run):
    figure = run.figure()
    drawn(figure)
    cost = figure.axes[0]
    settled = settled_epoch(np.asarray(cost.get_lines()[0].get_ydata()))
    assert settled < 0.1 * 500  # the default run settles fast
    # The settling epoch sits well inside the axis, not squeezed against its left edge.
    x0, x1 = cost.get_xlim()
    to_pixels = cost.transData.transform
    share = (to_pixels((settled, 1))[0] - to_pixels((x0, 1))[0]) / \
        (to_pixels((x1, 1))[0] - to_pixels((x0, 1))[0])
    assert share > 0.25
    assert x0 == 0 and x1 == 500


def test_a_slow_descent_keeps_a_linear_epoch_axis():
    figure = nx.train(task="logistic", epochs=500).figure()
    assert figure.axes[0].get_xscale() == "linear"


def test_settled_epoch():
    assert settled_epoch(np.array([10.0, 1.0, 0.5, 0.5])) == 2
    assert settled_epoch(np.array([1.0, 2.0, np.inf])) == 1
    assert settled_epoch(np.array([1.0])) == 0


def test_learned_and_true_lines_differ_and_both_are_in_the_legend(run):
    figure = run.figure()
    data = figure.axes[1]
    lines = {line.get_label(): line for line in data.get_lines()}
    learned = next(v for k, v in lines.items() if k.startswith("learned"))
    truth = next(v for k, v in lines.items() if k.startswith("truth"))
    assert learned.get_linestyle() != truth.get_linestyle()
    assert truth.get_zorder() > learned.get_zorder()  # the dashes over the solid line
    assert learned.get_linewidth() > truth.get_linewidth()
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert any(t.startswith("learned") for t in legend) and any(t.startswith("truth") for t in legend)


def test_slides_training_figure_has_no_wide_gap_under_one_panel(run):
    with figure_settings(style="slides"):
        figure = run.figure()
    drawn(figure)
    left, right = (axes.get_position() for axes in figure.axes[:2])
    assert left.y0 == pytest.approx(right.y0, abs=0.01) and left.height == pytest.approx(right.height, abs=0.01)


def landscape(style, **options):
    with figure_settings(style=style):
        return nx.train(task="line", epochs=500, **options).figure("landscape")


def marks(figure):
    return {line.get_label(): line for line in figure.axes[0].get_lines()}


def test_the_colour_bar_says_its_bands_are_log_spaced_with_few_ticks():
    figure = landscape("light")
    bar = figure.axes[1]
    assert "log-spaced" in bar.get_ylabel()
    assert 2 <= len(bar.get_yticks()) <= 6


def test_the_end_is_drawn_over_the_minimum():
    found = marks(landscape("light"))
    end = next(v for k, v in found.items() if k.startswith("end"))
    star = next(v for k, v in found.items() if k.startswith("minimum"))
    assert end.get_zorder() > star.get_zorder()
    assert end.get_marker() != star.get_marker() and end.get_markersize() < star.get_markersize()


def test_unequal_scales_are_said_or_equal_aspect_used():
    # The default run's map is near square: equal scales. --no-bias stretches w.
    assert landscape("light").axes[0].get_aspect() == 1.0
    axes = landscape("light", no_bias=True).axes[0]
    assert axes.get_aspect() != 1.0 and "different scales" in axes.get_xlabel()


def test_path_follows_the_style():
    light, slides, dark = (marks(landscape(s))["descent path"] for s in ("light", "slides", "dark"))
    assert slides.get_linewidth() > light.get_linewidth()
    assert dark.get_color() != light.get_color()


SIZES = {"light": (1800, 750), "dark": (1800, 750), "slides": (2000, 1125), "slides-dark": (2000, 1125)}


@pytest.mark.parametrize("style", STYLES)
def test_one_size_per_style_title_padding_and_text_on_the_canvas(run, style):
    with figure_settings(style=style):
        figures = [run.figure(), run.figure("landscape"), nx.train(task="logistic").figure()]
    for figure in figures:
        width, height = (figure.get_size_inches() * 150).round()
        if style in SIZES:
            assert (width, height) == SIZES[style]
        renderer = drawn(figure)
        ticks = {id(label) for axes in figure.axes for axis in (axes.xaxis, axes.yaxis)
                 for label in axis.get_ticklabels(which="both")}
        top = figure.bbox.height
        for text in figure.findobj(Text):
            if not text.get_visible() or not text.get_text().strip() or id(text) in ticks:
                continue
            box = text.get_window_extent(renderer)
            assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= figure.bbox.width and box.y1 <= top, \
                text.get_text()
        title = figure._suptitle.get_window_extent(renderer)
        # At least 0.1 inch between the title and the top edge (slides: 0.15 in).
        least = 0.15 if style.startswith("slides") else 0.04
        assert top - title.y1 >= least * figure.dpi - 1
