"""The network diagram for every shape the weights format accepts, in every style:
no text touches other text or a unit circle, no text leaves the canvas, and every
weight is written somewhere (on its line, or in the weight-matrix panel)."""

import numpy as np
import pytest
from matplotlib.patches import Circle
from matplotlib.text import Text

from figure_checks import drawn_texts, text_overlaps, texts_off_the_canvas
from nnexplain.core.network import layer
from nnexplain.explain.diagram import diagram
from nnexplain.explain.network import sup
from nnexplain.figure_settings import DEFAULT_DPI, STYLES
from nnexplain.inputs.weights_file import MAX_LAYERS, MAX_UNITS
from nnexplain.plot.diagram import PANEL_PRECISION, diagram_figure
from nnexplain.plot.style import figure_settings
from nnexplain.render.numbers import format_number

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "identity")


def network(sizes, seed):
    """Random layers of ``sizes`` (inputs first), weights of mixed sign and size (a
    layer's scale from 0.001 to 1000, written to 1-4 places or in full), so labels
    range from "0" to "−1234.5678" and "1.2346e-05"."""
    rng = np.random.default_rng(seed)
    layers = []
    for n_in, n_out in zip(sizes, sizes[1:]):
        scale = 10.0 ** rng.uniform(-3, 3) if rng.random() < 0.3 else 2.0
        W = rng.normal(scale=scale, size=(n_in, n_out))
        if rng.random() < 0.7:
            W = W.round(int(rng.integers(1, 5)))
        layers.append(layer(W, rng.normal(size=n_out), ACTIVATIONS[rng.integers(len(ACTIVATIONS))]))
    return tuple(layers)


def random_sizes(seed):
    rng = np.random.default_rng(seed)
    depth = int(rng.integers(1, MAX_LAYERS + 1))
    return tuple(int(n) for n in rng.integers(1, MAX_UNITS + 1, size=depth + 1))


# Every class of shape the format allows: tiny, the syllabus's, today's slides
# failure (3-4-2), wide, deep, deep and wide (the largest), a long thin chain, one
# wide layer between narrow ones, and seeded random shapes.
SHAPES = [
    (1, 1), (2, 2, 1), (3, 4, 2), (4, 6, 1), (MAX_UNITS, MAX_UNITS),
    (2,) * (MAX_LAYERS + 1), (MAX_UNITS,) * (MAX_LAYERS + 1), (1, MAX_UNITS, 1),
    (MAX_UNITS, 1), *(random_sizes(seed) for seed in range(4)),
]


def overlaps(figure):
    """Every pair of texts whose boxes touch, and every text touching a unit circle it
    is not written in, as readable descriptions; empty when the figure is clean."""
    texts = drawn_texts(figure)  # drawn, with a weight's box when it has one
    boxes = [(text.get_text(), box) for text, box in texts]
    circles = []
    for axes in figure.axes:
        for patch in axes.patches:
            if isinstance(patch, Circle):
                (cx, cy), (ex, _) = patch.get_data_transform().transform(
                    [patch.center, (patch.center[0] + patch.radius, patch.center[1])])
                circles.append((cx, cy, ex - cx))
    found = text_overlaps(figure, texts)
    edges = np.array([[box.x0, box.y0, box.x1, box.y1] for _, box in boxes])
    x0, y0, x1, y1 = (edges[:, k] for k in range(4))
    # Text on a unit: a unit's name must lie inside it, any other text clear of it.
    if circles:
        cx, cy, r = (np.array(c)[:, None] for c in zip(*circles))  # circles down, texts across
        own = np.hypot((x0 + x1) / 2 - cx, (y0 + y1) / 2 - cy) < r / 3
        farthest = np.max([np.hypot(x - cx, y - cy) for x in (x0, x1) for y in (y0, y1)], axis=0)
        nearest = np.hypot(cx - np.clip(cx, x0, x1), cy - np.clip(cy, y0, y1))
        for c, t in zip(*np.nonzero(own & (farthest > r + 0.5))):
            found.append(f"{boxes[t][0]!r} sticks out of its unit")
        for c, t in zip(*np.nonzero(~own & (nearest < r - 0.5))):
            found.append(f"{boxes[t][0]!r} on a unit at ({circles[c][0]:.0f}, {circles[c][1]:.0f})")
    found += [f"{name!r} leaves the canvas" for name in texts_off_the_canvas(figure, texts, ticks=True)]
    return found


def drawn(sizes, style, values=True):
    layers = network(sizes, seed=sum(sizes))
    x = np.linspace(-1.5, 2.5, sizes[0]).round(2) if values else None
    with figure_settings(style=style):
        return layers, diagram_figure(diagram(layers, x))


# Checked at 50 dpi to stay fast. Type below 6 pt (the weight tables of the largest
# networks on the fixed slides canvas) is checked at the dpi figures are saved at
# by default: at 50 dpi such a glyph is two or three pixels tall and hinting, not
# the layout, sets its width.
FAST_DPI, SMALL_TYPE_DPI, SMALL_TYPE = 50, DEFAULT_DPI, 6.0


LARGEST = (MAX_UNITS,) * (MAX_LAYERS + 1)
# The largest network takes seconds to draw: once on a free canvas, once on the slides'.
CASES = [(sizes, style) for sizes in SHAPES for style in STYLES
         if sizes != LARGEST or style in ("light", "slides")]  # fmt: skip


@pytest.mark.parametrize(("sizes", "style"), CASES,
                         ids=[f"{'-'.join(map(str, s))}-{style}" for s, style in CASES])
def test_no_text_touches_text_or_a_unit(sizes, style):
    _, figure = drawn(sizes, style)
    smallest = min(t.get_fontsize() for t in figure.findobj(Text) if t.get_text().strip())
    figure.set_dpi(FAST_DPI if smallest >= SMALL_TYPE else SMALL_TYPE_DPI)
    assert overlaps(figure) == []


def _texts(axes):
    return [t.get_text() for t in axes.texts]


@pytest.mark.parametrize("style", ["light", "slides"])
@pytest.mark.parametrize("sizes", [(2, 2, 1), (3, 4, 2), (4, 6, 1), (MAX_UNITS, MAX_UNITS), (5, 2, 5, 7, 3)])
def test_every_weight_and_bias_is_written_on_its_line_or_in_the_panel(style, sizes):
    layers, figure = drawn(sizes, style)
    if len(figure.axes) == 1:  # on the lines, in full
        written = _texts(figure.axes[0])
        for current in layers:
            for weight in (*current.W.ravel(), *current.b):
                assert format_number(weight) in written
        return
    # A weight-matrix panel: W⁽ˡ⁾ and b⁽ˡ⁾ as a table, a row per input and a column per unit.
    diagram_axes, panel = figure.axes
    assert not any(t.get_bbox_patch() is not None and t.get_text()[0] in "−0123456789"
                   for t in diagram_axes.texts if not t.get_text().startswith("="))  # no weight on a line
    written = _texts(panel)
    names = diagram(layers).columns
    position = 0
    for l, current in enumerate(layers, start=1):
        title = f"W{sup(l)} and b{sup(l)}"
        position = written.index(title, position)
        heads = written[position + 1:position + 1 + current.n_out]
        assert heads == list(names[l])  # the columns: this layer's units
        rows = [*names[l - 1], "b"]
        cursor = position + 1 + current.n_out
        for r, row in enumerate((*current.W, current.b)):
            assert written[cursor] == rows[r]  # each row: one input (or b), then its weights
            assert written[cursor + 1:cursor + 1 + current.n_out] == [
                format_number(w, PANEL_PRECISION) for w in row]
            cursor += 1 + current.n_out
    legend = figure.legends[0].get_title().get_text()
    assert "every weight is in the tables" in legend


def test_the_slides_three_four_two_network_no_longer_overprints():
    # The issue's own case: "−0.7" under "−1.1" and weight boxes over the units.
    _, figure = drawn((3, 4, 2), "slides")
    figure.set_dpi(FAST_DPI)
    assert overlaps(figure) == []
    assert not any("not written" in t.get_text() for t in figure.findobj(Text))


@pytest.mark.parametrize("sizes", [(2, 2, 1), (MAX_UNITS, 3, 1), (4,) * 6])
def test_without_values_nothing_overlaps_either(sizes):
    for style in ("light", "slides"):
        _, figure = drawn(sizes, style, values=False)
        figure.set_dpi(FAST_DPI)
        assert overlaps(figure) == []
        assert not any(t.get_text().startswith("= ") for t in figure.findobj(Text))


def test_light_figures_keep_the_document_width_and_grow_only_taller():
    # The rule of plot/diagram.py: DOCUMENT_SIZE, taller (never wider) when needed.
    from nnexplain.plot.style import DOCUMENT_SIZE

    small = drawn((2, 2, 1), "light")[1].get_size_inches()
    wide = drawn((MAX_UNITS, MAX_UNITS), "light")[1].get_size_inches()
    deep = drawn((2,) * (MAX_LAYERS + 1), "light")[1].get_size_inches()
    assert tuple(small) == DOCUMENT_SIZE
    assert wide[0] == deep[0] == DOCUMENT_SIZE[0]
    assert wide[1] > small[1] and deep[1] >= DOCUMENT_SIZE[1]
    for sizes in ((2, 2, 1), (MAX_UNITS, MAX_UNITS)):
        width, height = drawn(sizes, "slides")[1].get_size_inches()
        assert width / height == pytest.approx(16 / 9)


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_a_diagram_with_a_weight_panel_is_byte_identical(tmp_path, fmt):
    from nnexplain.plot.save import save_figure

    for name in ("a", "b"):
        layers, figure = drawn((3, 4, 2), "slides")
        with figure_settings(style="slides", dpi=FAST_DPI):
            save_figure(figure, str(tmp_path / f"{name}.{fmt}"))
    assert (tmp_path / f"a.{fmt}").read_bytes() == (tmp_path / f"b.{fmt}").read_bytes()


@pytest.mark.parametrize("sizes", [(2, 2, 1), (3, 4, 2), (MAX_UNITS, 4, 2)])
def test_each_units_z_can_be_shown_before_its_activation(sizes):
    from nnexplain.core.network import forward

    layers = network(sizes, seed=1)
    x = np.linspace(-1.0, 2.0, sizes[0])
    passes = forward(layers, x)
    for style in ("light", "slides"):
        with figure_settings(style=style):
            figure = diagram_figure(diagram(layers, x, sums=True))
        written = [t.get_text() for t in figure.axes[0].texts]
        for p in passes:
            for z, a in zip(p.z, p.a):
                assert f"z = {format_number(z)}, a = {format_number(a)}" in written
        figure.set_dpi(FAST_DPI)
        assert overlaps(figure) == []
    assert diagram(layers, x).sums is None and diagram(layers, None, sums=True).sums is None
