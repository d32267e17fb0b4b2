"""Styles combine a size and a theme (light, dark, slides, slides-dark); SVG figures
can keep editable text; saved tables follow the style, with no web reference."""

import os
import re
import struct

import pytest
from click.testing import CliRunner

from nnexplain.cli import cli
from nnexplain.figure_settings import STYLE_PARTS, STYLES, FigureSettings
from nnexplain.plot import style as plot_style
from nnexplain.plot.style import DOCUMENT_SIZE, contrast, figure_settings

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
LOSS = ["loss", "--y", "1", "--yhat", "0.1"]
TRAIN = ["train", "--task", "line", "--epochs", "50"]


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], prog_name="nnexplain")


def png_size(path):
    with open(path, "rb") as handle:
        header = handle.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


# --- sizes and themes ----------------------------------------------------------------


def test_every_size_meets_every_theme():
    assert {STYLE_PARTS[s] for s in STYLES} == {(size, theme) for size in ("document", "slides")
                                                for theme in ("light", "dark")}
    assert FigureSettings(style="slides-dark").size == "slides"
    assert FigureSettings(style="slides-dark").theme == "dark"
    with pytest.raises(ValueError, match="slides-dark"):
        FigureSettings(style="slides-light")


def test_the_sheets_compose_and_the_old_styles_keep_theirs():
    assert plot_style.style_sheets("light") == ["nnexplain.mplstyle"]
    assert plot_style.style_sheets("dark") == ["nnexplain.mplstyle", "dark.mplstyle"]
    assert plot_style.style_sheets("slides") == ["nnexplain.mplstyle", "slides.mplstyle"]
    assert plot_style.style_sheets("slides-dark") == [
        "nnexplain.mplstyle", "dark.mplstyle", "slides.mplstyle", "slides-dark.mplstyle"]


def test_contrast_is_wcag_ratio():
    assert contrast("black", "white") == pytest.approx(21)
    assert contrast("#777777", "#777777") == pytest.approx(1)
    assert contrast("white", "black") == contrast("black", "white")


def _sample(style):
    """A figure with a title, labels, ticks, a legend and text in the class colours,
    built the way plot functions build theirs."""
    with figure_settings(style=style), plot_style.styled():
        figure = plot_style.new_figure()
        axes = figure.add_subplot()
        zero, one = plot_style.class_colours()
        axes.plot([0, 1], [0, 1], color=plot_style.palette()[0], label="line")
        axes.set(title="A title", xlabel="w", ylabel="J(w)")
        axes.text(0.2, 0.8, "y = 0", color=zero)
        axes.text(0.6, 0.2, "y = 1", color=one)
        axes.legend()
        facts = {"slides": plot_style.is_slides(), "dark": plot_style.is_dark()}
    return figure, facts


@pytest.mark.parametrize("style", STYLES)
def test_every_style_has_readable_text_and_its_shape(style):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    figure, facts = _sample(style)
    size, theme = STYLE_PARTS[style]
    assert facts == {"slides": size == "slides", "dark": theme == "dark"}
    FigureCanvasAgg(figure).draw()
    background = figure.get_facecolor()
    texts = [t for t in figure.findobj(Text) if t.get_text().strip() and t.get_visible()]
    assert len(texts) >= 8
    for text in texts:
        assert contrast(text.get_color(), background) >= 4.5, (style, text.get_text())
    for axes in figure.axes:
        assert contrast(axes.get_facecolor(), background) == pytest.approx(1)
    width, height = figure.get_size_inches()
    if size == "slides":
        assert width / height == pytest.approx(16 / 9)
        assert max(t.get_fontsize() for t in texts) >= 24
    else:
        assert (width, height) == DOCUMENT_SIZE  # the document styles' one canvas
    dark = contrast(background, "black") < contrast(background, "white")
    assert dark == (theme == "dark")


@pytest.mark.parametrize("style", STYLES)
def test_class_colours_and_every_readable_palette_colour_reach_4_5(style):
    with figure_settings(style=style), plot_style.styled():
        background = plot_style.paper()
        for colour in [*plot_style.class_colours(), *map(plot_style.readable, plot_style.palette())]:
            assert contrast(colour, background) >= 4.5, (style, colour)
        first = plot_style.palette()[0]
        # Already readable: left alone (Okabe–Ito's blue on white is 5.2:1).
        assert plot_style.readable(first) == first.lower()
        assert len(set(plot_style.class_colours())) == 2


def test_readable_moves_a_pale_colour_only_as_far_as_needed():
    with figure_settings(style="light"), plot_style.styled():
        orange = "#E69F00"  # 2.0:1 on white
        assert contrast(orange, "white") < 3
        made = plot_style.readable(orange)
        assert 4.5 <= contrast(made, "white") < 5.5


@pytest.mark.parametrize("style", ["slides-dark", "slides"])
def test_a_command_draws_slides_dark_at_16_by_9(tmp_path, style):
    path = tmp_path / "loss.png"
    result = invoke(*LOSS, "--plot", path, "--style", style)
    assert result.exit_code == 0, result.output
    width, height = png_size(path)
    assert width / height == pytest.approx(16 / 9, rel=0.005)


def test_the_help_names_every_style():
    for args in (["loss", "--help"], ["figures", "--help"]):
        text = " ".join(invoke(*args).output.split())
        assert "slides-dark" in text and "--editable-text" in text, args


# --- editable SVG text ------------------------------------------------------------------


def test_editable_text_is_text_and_byte_identical(tmp_path):
    first, second, outlined = tmp_path / "a.svg", tmp_path / "b.svg", tmp_path / "c.svg"
    for path in (first, second):
        result = invoke(*LOSS, "--plot", path, "--editable-text", "--style", "slides-dark")
        assert result.exit_code == 0, result.output
    assert invoke(*LOSS, "--plot", outlined, "--style", "slides-dark").exit_code == 0
    text = first.read_text(encoding="utf-8")
    assert first.read_bytes() == second.read_bytes()
    assert len(re.findall(r"<text\b", text)) >= 5
    assert ">Log loss" in text or "Log loss" in html_text(text)
    assert "<text" not in outlined.read_text(encoding="utf-8")


def html_text(svg):
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", svg))


def test_the_deck_passes_editable_text_on(tmp_path):
    result = invoke("figures", "--out", tmp_path, "--format", "svg", "--style", "slides-dark",
                    "--only", "loss-log", "--editable-text", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "<text" in (tmp_path / "loss-log.svg").read_text(encoding="utf-8")
    assert "--editable-text" in (tmp_path / "index.md").read_text(encoding="utf-8")


# --- saved tables ---------------------------------------------------------------------


def _table(tmp_path, style, extension, args=LOSS, name="t"):
    path = tmp_path / f"{name}-{style}.{extension}"
    result = invoke(*args, "--style", style, "--save-table", path)
    assert result.exit_code == 0, result.output
    return path


def _no_web_reference(text):
    # The SVG namespace is a name, never fetched; nothing else may point at the web.
    assert re.findall(r"https?://[^\s\"')]+", text.replace(f'xmlns="{SVG_NAMESPACE}"', "")) == []
    assert "url(http" not in text and "@import" not in text and "@font-face" not in text


@pytest.mark.parametrize("style", STYLES)
def test_svg_table_follows_the_style_without_chrome_or_web_fonts(tmp_path, style):
    from nnexplain.render.table_file import MONOSPACE_FONTS, _THEME_COLOURS

    text = _table(tmp_path, style, "svg").read_text(encoding="utf-8")
    _no_web_reference(text)
    assert "<circle" not in text  # no fake window buttons
    assert "Fira Code" not in text and MONOSPACE_FONTS in text
    background, foreground, _ = _THEME_COLOURS[STYLE_PARTS[style][1]]
    assert f'fill="{background}"' in text
    assert f"fill: {foreground}" in text
    assert contrast(foreground, background) >= 4.5
    # Every text colour rich wrote (bold, plain and dim) stands out from the page.
    for colour in set(re.findall(r"fill: (#[0-9a-f]{6})", text)):
        assert contrast(colour, background) >= 4.5, (style, colour)
    assert "2.3026" in html_text(text)


@pytest.mark.parametrize("style", STYLES)
def test_html_table_follows_the_style(tmp_path, style):
    from nnexplain.render.table_file import _THEME_COLOURS

    text = _table(tmp_path, style, "html").read_text(encoding="utf-8")
    _no_web_reference(text)
    background = _THEME_COLOURS[STYLE_PARTS[style][1]][0]
    assert background in text.lower()


@pytest.mark.parametrize("style", STYLES)
def test_png_table_is_sized_for_the_style_and_byte_identical(tmp_path, style):
    first = _table(tmp_path, style, "png", TRAIN, "a")
    second = _table(tmp_path, style, "png", TRAIN, "b")
    assert first.read_bytes() == second.read_bytes()
    assert b"http" not in first.read_bytes()
    width, height = png_size(first)
    if STYLE_PARTS[style][0] == "slides":
        assert width / height == pytest.approx(16 / 9, rel=0.005)
    else:
        assert width == 8 * 150 and height > width  # the training table is long
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".part")]


@pytest.mark.parametrize("style", STYLES)
def test_png_table_text_stays_on_the_canvas_in_a_readable_monospace(style):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    from nnexplain.api import train
    from nnexplain.plot.table import table_figure
    from nnexplain.render.table_file import plain_lines

    worked = train(task="line", epochs=50).worked
    lines = plain_lines(worked, 4)
    with figure_settings(style=style):
        figure = table_figure(lines, worked.title)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    width, height = figure.bbox.width, figure.bbox.height
    texts = [t for t in figure.findobj(Text) if t.get_text().strip()]
    assert [t.get_text() for t in texts] == [line for line in lines if line.strip()]
    background = figure.get_facecolor()
    for text in texts:
        box = text.get_window_extent(renderer)
        assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height, text.get_text()
        assert contrast(text.get_color(), background) >= 4.5
        assert text.get_fontfamily()[0] == "DejaVu Sans Mono"
    assert [t.get_fontweight() for t in texts][0] == "bold"


def test_png_table_layout_fits_and_caps_the_type():
    from nnexplain.plot.table import table_layout

    (w, h), size = table_layout(40, 10, slides=True)
    assert (w, h) == plot_style.SLIDE_SIZE and size == 24  # short: the largest type
    (w, h), size = table_layout(100, 200, slides=True)
    assert 200 * 1.25 * size / 72 <= h  # long: shrunk to fit the height
    (w, h), size = table_layout(100, 10, slides=False)
    assert w == 8 and 100 * 0.602 * size / 72 <= w
