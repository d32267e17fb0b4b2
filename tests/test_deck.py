"""``nnexplain figures``: the whole figure deck, in every style and format.

Rendering is the slow part, so each (style, format) deck is drawn once per test
session (at a low dpi: the layout is the same at any dpi) and shared by the tests.
"""

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
# Drawn through the command in every style and format (the whole deck: light PNG): one
# figure of each plot module that the byte-identity test below compares, and the graph.
SAMPLE = ("loss-log", "cost-landscape", "xor-linear-vs-relu", "backprop-graph", "network-diagram")
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
            # The whole deck once (light PNG); other styles and formats a sample, since
            # every figure in every style is drawn by tests/test_figure_layout_all.py.
            only = [] if (style, fmt) == ("light", "png") else ["--only", ",".join(SAMPLE)]
            result = invoke("--out", folder, "--style", style, "--format", fmt, "--dpi", TEST_DPI, *only)
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
    names = STABLE_NAMES if style == "light" else SAMPLE
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{name}.png" for name in names] + ["index.md"]
    )
    for name in names:
        width, height = png_size(folder / f"{name}.png")
        assert width > 200 and height > 150, name


@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_every_figure_renders_in_every_format(decks, fmt):
    folder = decks("light", fmt)
    for name in SAMPLE:
        data = (folder / f"{name}.{fmt}").read_bytes()
        assert data.startswith(FORMAT_MAGIC[fmt]), name
        assert len(data) > 5000, name
    assert not leftovers(folder)


def test_the_slides_style_is_a_16_by_9_canvas(decks):
    for name in SAMPLE:
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

    for name in ("loss-log", "cost-landscape", "network-diagram"):
        figure = next(f for f in deck.DECK if f.name == name)
        path = tmp_path / f"{name}.png"
        command = shlex.split(figure.command(str(path), style))
        with figure_settings(dpi=int(TEST_DPI)):  # the deck's --dpi; the commands have none
            result = CliRunner().invoke(cli, command[1:])
        assert result.exit_code == 0, result.output
        assert path.read_bytes() == (decks(style, "png") / f"{name}.png").read_bytes(), name


def test_index_lists_every_figure_with_its_caption_and_command(decks):
    text = (decks("light", "png") / "index.md").read_text(encoding="utf-8")
    assert text.startswith("# nnexplain figures\n")
    assert f"{len(STABLE_NAMES)} figures, made with `nnexplain figures --format png --style light " \
           f"--dpi {TEST_DPI}`. Each also comes from the command under it (at 150 dpi).\n" in text
    for figure in deck.DECK:
        file = f"{figure.name}.png"
        assert f"![{figure.title}]({file})" in text
        assert figure.caption in text
        assert f"\nnnexplain {figure.run} {figure.option} {file}\n" in text
    dark = (decks("dark", "png") / "index.md").read_text(encoding="utf-8")
    for figure in deck.DECK:
        if figure.name in SAMPLE:
            assert f"\nnnexplain {figure.run} {figure.option} {figure.name}.png --style dark\n" in dark
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


# --- drawn figures, checked on the Figure objects ---------------------------------
# Every figure in every style (the canvas, overlaps, slides type, contrast, dark
# backgrounds) is checked once, in tests/test_figure_layout_all.py.


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
