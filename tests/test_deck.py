"""``nnexplain figures``: the whole figure deck, in every style and format.

Rendering is the slow part, so each (style, format) deck is drawn once per test
session (at a low dpi: the layout is the same at any dpi) and shared by the tests.
"""

import os
import struct

import pytest
from click.testing import CliRunner

from cli_checks import FAILED, error_line
from nnexplain import deck
from nnexplain.cli import cli
from nnexplain.cli.deck import DPI_RANGE
from nnexplain.figure_settings import STYLES
from nnexplain.plot import style as plot_style

# The file names are a promise: slides and handouts link to them. Renaming one is a
# breaking change, so this list is written out rather than read from the deck.
STABLE_NAMES = (
    "activation-sigmoid", "activation-tanh", "activation-relu", "activation-leaky-relu",
    "activation-identity", "activations-compared", "bias-shift", "loss-log", "loss-squared",
    "cost-average", "softmax-bars", "crossentropy-bars", "training-line", "cost-landscape",
    "decision-boundary", "minibatch-compared", "learning-rates", "optimizers-bowl",
    "optimizers-rosenbrock", "vanishing-gradients", "xor-linear-vs-relu", "network-xor",
    "approximation-sin", "backprop-graph", "network-diagram",
)  # fmt: skip
TEST_DPI = "50"
FORMAT_MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "svg": b"<?xml", "pdf": b"%PDF-"}


def invoke(*args):
    return CliRunner().invoke(cli, ["figures", *map(str, args)], prog_name="nnexplain")


def leftovers(folder):
    return [p.name for p in folder.rglob("*") if p.name.endswith(".part")]


@pytest.fixture(scope="session")
def decks(tmp_path_factory):
    """``decks(style, fmt)``: the folder holding the full deck drawn in that style
    and format (drawn on first use)."""
    made = {}

    def get(style, fmt):
        if (style, fmt) not in made:
            folder = tmp_path_factory.mktemp(f"deck-{style}-{fmt}")
            result = invoke("--out", folder, "--style", style, "--format", fmt, "--dpi", TEST_DPI)
            assert result.exit_code == 0, result.output
            made[style, fmt] = folder
        return made[style, fmt]

    return get


def png_size(path):
    with open(path, "rb") as handle:
        header = handle.read(24)
    assert header[:8] == FORMAT_MAGIC["png"]
    return struct.unpack(">II", header[16:24])


def test_the_deck_names_are_stable_and_unique():
    assert deck.NAMES == STABLE_NAMES
    assert len(set(deck.NAMES)) == len(deck.NAMES)
    for figure in deck.DECK:
        assert figure.name == figure.name.lower() and " " not in figure.name
        assert figure.title and figure.caption.endswith(".")


def test_every_style_has_its_style_sheet():
    from importlib import resources

    for style in STYLES:
        if style != plot_style.DEFAULT_STYLE:
            assert (resources.files("nnexplain.plot") / f"{style}.mplstyle").is_file(), style


@pytest.mark.parametrize("style", STYLES)
def test_every_figure_renders_in_every_style(decks, style):
    folder = decks(style, "png")
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{name}.png" for name in STABLE_NAMES] + ["index.md"]
    )
    for name in STABLE_NAMES:
        width, height = png_size(folder / f"{name}.png")
        assert width > 200 and height > 150, name


@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_every_figure_renders_in_every_format(decks, fmt):
    folder = decks("light", fmt)
    for name in STABLE_NAMES:
        data = (folder / f"{name}.{fmt}").read_bytes()
        assert data.startswith(FORMAT_MAGIC[fmt]), name
        assert len(data) > 5000, name
    assert not leftovers(folder)


def test_the_slides_style_is_a_16_by_9_canvas(decks):
    for name in STABLE_NAMES:
        width, height = png_size(decks("slides", "png") / f"{name}.png")
        assert width / height == pytest.approx(16 / 9, rel=0.005), name


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_the_same_command_twice_gives_byte_identical_files(decks, tmp_path, fmt):
    # Compared with the full deck drawn earlier in the session: a second process-wide
    # run, with other figures drawn in between, must not change a byte.
    first = decks("light", fmt)
    again = tmp_path / "again"
    chosen = "loss-log,cost-landscape,network-diagram,xor-linear-vs-relu"
    # The session's decks were drawn by parallel workers; this run draws one at a time.
    result = invoke("--out", again, "--format", fmt, "--dpi", TEST_DPI, "--only", chosen, "--jobs", "1")
    assert result.exit_code == 0, result.output
    for name in chosen.split(","):
        assert (again / f"{name}.{fmt}").read_bytes() == (first / f"{name}.{fmt}").read_bytes(), name


@pytest.mark.parametrize("style", STYLES)
def test_a_deck_figure_is_the_figure_its_command_makes(decks, tmp_path, style):
    # The command in index.md and the gallery makes exactly the deck's file.
    import shlex

    from nnexplain.plot.style import figure_settings

    for name in ("loss-log", "bias-shift", "network-diagram"):
        figure = next(f for f in deck.DECK if f.name == name)
        path = tmp_path / f"{name}.png"
        command = shlex.split(figure.command(str(path), style))
        with figure_settings(dpi=int(TEST_DPI)):  # the deck's --dpi; the commands have none
            result = CliRunner().invoke(cli, command[1:])
        assert result.exit_code == 0, result.output
        assert path.read_bytes() == (decks(style, "png") / f"{name}.png").read_bytes(), name


def test_index_lists_every_figure_with_its_caption_and_command(decks):
    text = (decks("dark", "png") / "index.md").read_text(encoding="utf-8")
    assert text.startswith("# nnexplain figures\n")
    assert f"{len(STABLE_NAMES)} figures, made with `nnexplain figures --format png --style dark " \
           f"--dpi {TEST_DPI}`. Each also comes from the command under it (at 150 dpi).\n" in text
    for figure in deck.DECK:
        file = f"{figure.name}.png"
        assert f"![{figure.title}]({file})" in text
        assert figure.caption in text
        assert f"\nnnexplain {figure.run} {figure.option} {file} --style dark\n" in text
    # In deck order.
    positions = [text.index(f"({name}.png)") for name in STABLE_NAMES]
    assert positions == sorted(positions)


def test_only_picks_figures_by_name_list_and_pattern(tmp_path):
    result = invoke("--out", tmp_path, "--only", "loss-*", "--only", "bias-shift,loss-log",
                    "--dpi", TEST_DPI, "--format", "svg")
    assert result.exit_code == 0, result.output
    # Deck order, each once, whatever order they were asked in.
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "bias-shift.svg", "index.md", "loss-log.svg", "loss-squared.svg"]
    index = (tmp_path / "index.md").read_text(encoding="utf-8")
    assert "--only 'loss-*' --only bias-shift,loss-log" in index
    assert index.index("bias-shift.svg") < index.index("loss-log.svg")
    assert result.stdout.strip() == f"Wrote 3 figures (svg, light style) and index.md to {tmp_path}"


def test_transparent_leaves_the_background_clear(tmp_path):
    import matplotlib.image

    result = invoke("--out", tmp_path, "--only", "loss-log", "--transparent", "--style", "dark",
                    "--dpi", TEST_DPI)
    assert result.exit_code == 0, result.output
    pixels = matplotlib.image.imread(tmp_path / "loss-log.png")
    assert pixels.shape[2] == 4 and pixels[0, 0, 3] == 0  # a corner is fully transparent
    assert (pixels[..., 3] > 0).any()  # and the figure is there


def test_list_names_every_figure_and_draws_nothing(tmp_path):
    result = CliRunner().invoke(cli, ["figures", "--list"], env={"COLUMNS": "160"})
    assert result.exit_code == 0
    for figure in deck.DECK:
        assert figure.name in result.stdout
        assert f"{figure.run} {figure.option} FILE" in " ".join(result.stdout.split())
    only = CliRunner().invoke(cli, ["figures", "--list", "--only", "loss-*"], env={"COLUMNS": "160"})
    assert "loss-log" in only.stdout and "bias-shift" not in only.stdout


# --- drawn figures, checked on the Figure objects --------------------------------


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    """``drawn(style)``: {name: matplotlib Figure} for the whole deck in ``style``,
    caught on their way to disk."""
    import nnexplain.plot
    from nnexplain.plot.style import figure_settings

    cache = {}

    def get(style):
        if style in cache:
            return cache[style]
        figures, original = {}, nnexplain.plot.save_figure
        folder = tmp_path_factory.mktemp(f"caught-{style}")  # checked by --plot; stays empty

        def catch(figure, path, *args, **kwargs):
            figures[os.path.basename(path).rsplit(".", 1)[0]] = figure

        nnexplain.plot.save_figure = catch
        try:
            with figure_settings(style=style):
                for figure in deck.DECK:
                    deck.draw(figure, str(folder / f"{figure.name}.png"))
        finally:
            nnexplain.plot.save_figure = original
        cache[style] = figures
        return figures

    return get


@pytest.mark.parametrize("style", STYLES)
def test_no_text_falls_off_the_canvas(drawn, style):
    # What matters on a projector: every label, title and legend entry inside the figure.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    for name, figure in drawn(style).items():
        FigureCanvasAgg(figure)
        renderer = figure.canvas.get_renderer()
        figure.draw(renderer)
        width, height = figure.bbox.width, figure.bbox.height
        # Tick labels are placed by matplotlib (those outside the view are kept but
        # never drawn); everything else was placed by us.
        ticks = {id(label) for axes in figure.axes for axis in (axes.xaxis, axes.yaxis)
                 for label in axis.get_ticklabels(which="both")}  # fmt: skip
        for text in figure.findobj(Text):
            if not text.get_visible() or not text.get_text().strip() or id(text) in ticks:
                continue
            box = text.get_window_extent(renderer)
            assert box.x0 >= -1 and box.y0 >= -1, (name, text.get_text())
            assert box.x1 <= width + 1 and box.y1 <= height + 1, (name, text.get_text())


def test_slides_type_is_large_and_the_canvas_16_by_9(drawn):
    from matplotlib.text import Text

    for name, figure in drawn("slides").items():
        width, height = figure.get_size_inches()
        assert width / height == pytest.approx(16 / 9), name
        sizes = [t.get_fontsize() for t in figure.findobj(Text) if t.get_text().strip()]
        # Titles and axis labels: at least 18 pt on a 13.3-inch-wide canvas.
        assert max(sizes) >= 24, name


def _luminance(colour):
    from matplotlib.colors import to_rgb

    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b):
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("style", ["light", "dark"])
def test_text_stands_out_from_the_background(drawn, style):
    from matplotlib.text import Text

    # Readable from the back of the room: WCAG's 4.5:1 for normal text.
    for name, figure in drawn(style).items():
        background = figure.get_facecolor()
        for text in figure.findobj(Text):
            if text.get_text().strip() and text.get_visible() and text.get_bbox_patch() is None:
                assert _contrast(text.get_color(), background) >= 4.5, (name, text.get_text())


def test_dark_style_has_a_dark_background(drawn):
    for name, figure in drawn("dark").items():
        assert _luminance(figure.get_facecolor()) < 0.05, name
        for axes in figure.axes:
            if axes.get_label() != "<colorbar>":
                assert _luminance(axes.get_facecolor()) < 0.05, name


# --- bad input ---------------------------------------------------------------------


def test_an_out_folder_that_is_a_file_is_refused(tmp_path):
    target = tmp_path / "deck"
    target.write_text("not a folder")
    error_line(invoke("--out", target), "--out", "is a file, not a folder")
    assert target.read_text() == "not a folder"


def test_an_out_folder_that_cannot_be_created_is_refused(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    error_line(invoke("--out", blocker / "deck"), "--out", "cannot create the folder")


def test_an_unwritable_out_folder_is_refused(locked_folder):
    error_line(invoke("--out", locked_folder), "--out", "cannot be written")
    assert not list(locked_folder.iterdir())


@pytest.mark.parametrize(
    ("option", "value", "mentions"),
    [
        ("--format", "jpg", ["--format", "png", "svg", "pdf"]),
        ("--style", "neon", ["--style", "light", "dark", "slides"]),
        ("--only", "sigmoid", ["--only", "'sigmoid'", *STABLE_NAMES]),
        ("--only", "loss-log,nope-*", ["--only", "'nope-*'", "loss-log"]),
        ("--dpi", str(DPI_RANGE[0] - 1), ["--dpi", "50<=x<=600"]),
        ("--dpi", str(DPI_RANGE[1] + 1), ["--dpi", "50<=x<=600"]),
        ("--dpi", "nan", ["--dpi"]),
    ],
)
def test_unknown_choices_name_what_is_allowed(tmp_path, option, value, mentions):
    out = tmp_path / "deck"
    error_line(invoke("--out", out, option, value), *mentions)
    assert not out.exists()  # checked before anything is made


def test_out_is_required_unless_listing():
    error_line(invoke(), "--out", "--list")


def test_ctrl_c_leaves_complete_files_only(tmp_path, monkeypatch):
    drawn_so_far = []
    real_draw = deck.draw

    def draw_then_interrupt(figure, path):
        if len(drawn_so_far) == 2:
            raise KeyboardInterrupt
        real_draw(figure, path)
        drawn_so_far.append(path)

    monkeypatch.setattr(deck, "draw", draw_then_interrupt)
    result = invoke("--out", tmp_path, "--only", "loss-*,bias-shift", "--dpi", TEST_DPI, "--jobs", "1")
    assert result.exit_code == 130
    assert "Interrupted: 2 of 3 figures written, none half-written." in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bias-shift.png", "loss-log.png"]


def test_ctrl_c_with_workers_lets_the_started_figures_finish(tmp_path, monkeypatch):
    import contextlib

    import nnexplain.cli.deck

    @contextlib.contextmanager
    def interrupt_after_first(total):
        def finished(name):
            raise KeyboardInterrupt  # as if Ctrl-C came while the workers were busy

        yield finished

    monkeypatch.setattr(nnexplain.cli.deck, "_progress", interrupt_after_first)
    result = invoke("--out", tmp_path, "--dpi", TEST_DPI, "--jobs", "2", "--only", "activation-*")
    assert result.exit_code == 130
    assert "Interrupted: 1 of 5 figures written, none half-written." in result.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert not leftovers(tmp_path) and "index.md" not in names
    assert 1 <= len(names) <= 3  # the one reported, and those already being drawn
    for name in names:
        assert png_size(tmp_path / name)[0] > 200


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_failed_figure_names_it_and_writes_no_index(tmp_path, monkeypatch, jobs):
    from nnexplain.lesson.runs import RunError

    def fail(figure, path):
        raise RunError("nnexplain loss … failed: could not write --plot (disk full)")

    monkeypatch.setattr(deck, "draw", fail)  # a forked worker inherits the patch
    result = invoke("--out", tmp_path, "--only", "loss-*", "--jobs", jobs)
    line = error_line(result, "loss-log", "disk full", exit_code=FAILED)
    assert line.startswith("Error: could not draw loss-log")
    assert not list(tmp_path.iterdir())
