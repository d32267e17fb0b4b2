"""Every figure of the deck, in every style, drawn in-process through the deck's own
path (``nnexplain.deck.draw``: the figure's real command line) and caught on its way
to disk: no text leaves the canvas, no two drawn texts overlap, and the saved PNG
is the style's one size (document styles 12 × 5 in, slides 16:9) times the dpi.

Nothing is excluded from the overlap check: tick labels, legend entries, titles,
annotations and labels placed by hand all count against each other (a legend's text
over a line is not text on text, so it is not checked here).
"""

import os
import struct

import pytest

from figure_checks import drawn_texts, text_overlaps, texts_off_the_canvas
from nnexplain import deck
from nnexplain.figure_settings import DEFAULT_DPI, STYLES, STYLE_PARTS

# Geometry is the same at any dpi; 50 keeps the test fast. Type below 6 pt (the
# smallest the diagram and the graph shrink to) is checked at the saved dpi: at 50 a
# glyph that small is 3-4 pixels and hinting, not the layout, sets its width.
FAST_DPI, SMALL_TYPE = 50, 6.0
# Figures allowed another size than their style's, and the rule they keep instead.
# The network diagram keeps the document width and grows taller for a network that
# needs the room (the deck's 2-2-1 network does not); slides are always 16:9.
TALLER_WHEN_NEEDED = {"network-diagram"}
# Figures on the document styles' 16:9 canvas (plot.style.DOCUMENT_TALL_SIZE).
SIXTEEN_NINE = {"backprop-graph"}


def style_size(style):
    from nnexplain.plot.style import DOCUMENT_SIZE, SLIDE_SIZE

    return DOCUMENT_SIZE if STYLE_PARTS[style][0] == "document" else SLIDE_SIZE


def draw(figure, style, folder):
    """The deck figure drawn in ``style`` and saved at FAST_DPI: (Figure, PNG size)."""
    import nnexplain.plot
    from nnexplain.plot.style import figure_settings

    caught, real = [], nnexplain.plot.save_figure

    def catch(drawn, path, *args, **kwargs):
        caught.append(drawn)
        real(drawn, path, *args, **kwargs)

    path = os.path.join(folder, f"{figure.name}.png")
    nnexplain.plot.save_figure = catch
    try:
        with figure_settings(style=style, dpi=FAST_DPI):
            deck.draw(figure, path)
    finally:
        nnexplain.plot.save_figure = real
    with open(path, "rb") as handle:
        header = handle.read(24)
    (drawn,) = caught
    return drawn, struct.unpack(">II", header[16:24])


CASES = [(style, figure) for style in STYLES for figure in deck.DECK]


@pytest.mark.parametrize(("style", "figure"), CASES, ids=[f"{s}-{f.name}" for s, f in CASES])
def test_every_deck_figure_is_laid_out_cleanly_in_every_style(style, figure, tmp_path):
    from matplotlib.text import Text

    drawn, (width, height) = draw(figure, style, tmp_path)
    try:
        expected = style_size(style)
        if figure.name in SIXTEEN_NINE and STYLE_PARTS[style][0] == "document":
            from nnexplain.plot.style import DOCUMENT_TALL_SIZE

            assert (width, height) == (int(DOCUMENT_TALL_SIZE[0] * FAST_DPI), int(DOCUMENT_TALL_SIZE[1] * FAST_DPI))
        elif figure.name in TALLER_WHEN_NEEDED and STYLE_PARTS[style][0] == "document":
            assert width == int(expected[0] * FAST_DPI) and height >= int(expected[1] * FAST_DPI)
        else:
            assert (width, height) == (int(expected[0] * FAST_DPI), int(expected[1] * FAST_DPI))
        smallest = min(t.get_fontsize() for t in drawn.findobj(Text) if t.get_text().strip())
        drawn.set_dpi(FAST_DPI if smallest >= SMALL_TYPE else DEFAULT_DPI)
        texts = drawn_texts(drawn)
        assert texts_off_the_canvas(drawn, texts, ticks=True) == []
        assert text_overlaps(drawn, texts) == []
        _style_holds(drawn, style)
    finally:
        import matplotlib.pyplot as plt

        plt.close(drawn)


def _style_holds(figure, style):
    """What each style promises: slides type from the back of the room (titles and
    axis labels ≥ 24 pt on the 13.3-inch canvas); in every style, text that stands out
    from the background (WCAG's 4.5:1); dark backgrounds in the dark styles."""
    from matplotlib.text import Text

    size, theme = STYLE_PARTS[style]
    texts = [t for t in figure.findobj(Text) if t.get_text().strip() and t.get_visible()]
    if size == "slides":
        assert max(t.get_fontsize() for t in texts) >= 24
    background = figure.get_facecolor()
    for text in texts:
        if text.get_bbox_patch() is None:
            assert _contrast(text.get_color(), background) >= 4.5, text.get_text()
    if theme == "dark":
        assert _luminance(figure.get_facecolor()) < 0.05
        for axes in figure.axes:
            if axes.get_label() != "<colorbar>" and axes.get_visible() and axes.patch.get_visible():
                assert _luminance(axes.get_facecolor()) < 0.05


def _luminance(colour):
    from matplotlib.colors import to_rgb

    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b):
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_checks_catch_what_they_look_for():
    # The helpers themselves: two texts on top of each other, one off the canvas,
    # and a tick label outside the view (not drawn, so not counted).
    from matplotlib.figure import Figure

    figure = Figure(figsize=(4, 3), dpi=FAST_DPI)
    axes = figure.add_subplot()
    axes.set_xlim(0, 1)
    axes.set_xticks([0, 0.5, 1, 5])
    axes.text(0.5, 0.5, "first")
    axes.text(0.5, 0.5, "second")
    figure.text(0.99, 0.5, "off the edge")
    assert text_overlaps(figure) == ["'first' on 'second'"]
    assert texts_off_the_canvas(figure) == ["off the edge"]
    assert "5" not in [t.get_text() for t, _ in drawn_texts(figure)]
