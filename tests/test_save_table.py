"""``--save-table FILE``: the text view saved as .svg, .html or .txt, the same on every
run, whatever --format prints; every bad path is one Error line and no file."""

import html
import json
import os

import pytest
from click.testing import CliRunner

from nnexplain.cli import COMMANDS, cli
from nnexplain.render.table_file import TABLE_WIDTH

from cli_checks import FAILED, USAGE, error_line
from test_imports import imported_by

LOSS = ["loss", "--y", "1", "--yhat", "0.1"]
SOFTMAX = ["softmax", "--z", "2,1,0.1"]

# One working call per worked command.
EXAMPLES = {
    "loss": LOSS,
    "cost": ["cost", "--y", "1,0,1", "--yhat", "0.9,0.2,0.6"],
    "activation": ["activation", "relu", "--z", "-2,0,0.5,3"],
    "compare": ["compare", "sigmoid", "tanh", "relu"],
    "bias": ["bias", "--w", "1", "--b", "-2,0,2"],
    "neuron": ["neuron", "--x", "2,3", "--w", "0.5,-1", "--b", "0.1"],
    "softmax": SOFTMAX,
    "forward": ["forward"],
    "backprop": ["backprop", "--target", "1"],
    "train": ["train", "--task", "line", "--epochs", "50"],
    "linear-collapse": ["linear-collapse"],
    "crossentropy": ["crossentropy", "--z", "2,1,0.1", "--target", "0"],
    "optimize": ["optimize", "--optimizer", "sgd,adam", "--steps", "20"],
    "approximate": ["approximate", "--units", "4"],
}


def invoke(*args, columns=None):
    env = {"COLUMNS": str(columns)} if columns else None
    return CliRunner().invoke(cli, [str(a) for a in args], prog_name="nnexplain", env=env)


def files_in(folder):
    return {p.name for p in folder.iterdir()}


def save(tmp_path, args, name, *more):
    """Run with --save-table, check it worked, and return (result, file text)."""
    path = tmp_path / name
    result = invoke(*args, "--save-table", path, *more)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1] == f"Table saved to {path}"
    assert not [n for n in files_in(tmp_path) if n.endswith(".part")]
    return result, path.read_text(encoding="utf-8")


def test_every_worked_command_lists_the_option():
    assert set(EXAMPLES) == set(COMMANDS) - {"lesson", "figures", "explore", "practice", "worksheet"}
    for name in EXAMPLES:
        result = invoke(name, "--help")
        assert result.exit_code == 0
        assert "--save-table FILE" in result.output, name
        assert f"{TABLE_WIDTH} columns wide" in " ".join(result.output.split()), name


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_worked_command_saves_its_table(tmp_path, name):
    result, text = save(tmp_path, EXAMPLES[name], "table.txt")
    assert text == _plain(invoke(*EXAMPLES[name], columns=TABLE_WIDTH).stdout)


def _plain(stdout):
    """The text view as a .txt file holds it: trailing spaces dropped."""
    return "".join(line.rstrip() + "\n" for line in stdout.splitlines())


@pytest.mark.parametrize("args", [LOSS, SOFTMAX], ids=lambda a: a[0])
def test_txt_is_the_text_view_at_the_fixed_width(tmp_path, args):
    result, text = save(tmp_path, args, "table.txt")
    assert text == _plain(invoke(*args, columns=TABLE_WIDTH).stdout)
    assert "\x1b" not in text and " \n" not in text
    assert max(len(line) for line in text.splitlines()) <= TABLE_WIDTH


def test_txt_ignores_the_terminal_width(tmp_path):
    path = tmp_path / "table.txt"
    assert invoke(*LOSS, "--save-table", path, columns=60).exit_code == 0
    assert path.read_text(encoding="utf-8") == _plain(invoke(*LOSS, columns=TABLE_WIDTH).stdout)


@pytest.mark.parametrize("extension, opening", [("svg", "<svg"), ("html", "<!DOCTYPE html>"), ("txt", "")])
@pytest.mark.parametrize("args", [LOSS, SOFTMAX], ids=lambda a: a[0])
def test_two_runs_are_byte_identical(tmp_path, args, extension, opening):
    first, second = tmp_path / f"a.{extension}", tmp_path / f"b.{extension}"
    for path in (first, second):
        assert invoke(*args, "--save-table", path).exit_code == 0
    data = first.read_bytes()
    assert data == second.read_bytes()
    assert data.decode("utf-8").startswith(opening)


@pytest.mark.parametrize("extension", ["svg", "html", "SVG", "Html", "TXT"])
def test_pictures_hold_the_computed_numbers(tmp_path, extension):
    _, saved = save(tmp_path, LOSS, f"table.{extension}")
    text = html.unescape(saved).replace("\xa0", " ")  # SVG writes spaces as &#160;
    # −ln(0.1) = 2.302585…; the title and the steps are in the picture.
    assert "2.3026" in text
    assert "Log loss (binary cross-entropy) of one example" in text
    if extension.lower() == "svg":
        assert text.rstrip().endswith("</svg>")
        assert "nnexplain-" in text  # our content-derived id, not rich's
    if extension.lower() == "html":
        assert text.rstrip().endswith("</html>")
        assert "font-weight: bold" in text  # the bold title survives


@pytest.mark.parametrize("fmt", ["json", "markdown", "latex"])
def test_other_formats_still_print_and_the_file_is_the_text_view(tmp_path, fmt):
    result, text = save(tmp_path, LOSS, "table.txt", "--format", fmt)
    assert result.stdout == invoke(*LOSS, "--format", fmt).stdout
    if fmt == "json":
        assert json.loads(result.stdout)["result"] == pytest.approx(2.302585092994046)
    assert text == _plain(invoke(*LOSS, columns=TABLE_WIDTH).stdout)


def test_table_and_figure_together(tmp_path):
    result = invoke(*LOSS, "--save-table", tmp_path / "t.svg", "--plot", tmp_path / "f.svg")
    assert result.exit_code == 0, result.output
    assert files_in(tmp_path) == {"t.svg", "f.svg"}
    assert "Table saved to" in result.stderr and "Figure saved to" in result.stderr


# --- errors -------------------------------------------------------------------------


def table_error(tmp_path, target, *mentions, args=LOSS, exit_code=USAGE):
    before = files_in(tmp_path)
    result = invoke(*args, "--save-table", target)
    line = error_line(result, *mentions, exit_code=exit_code)
    assert "2.3026" not in result.output  # no work was done
    assert files_in(tmp_path) == before
    return line


@pytest.mark.parametrize("name", ["table.jpg", "table", "table.svg.part", "table.md"])
def test_unknown_extension_lists_the_valid_ones(tmp_path, name):
    table_error(tmp_path, tmp_path / name, "'--save-table'", "table extension", ".svg", ".html", ".txt", ".png")


def test_missing_folder(tmp_path):
    table_error(tmp_path, tmp_path / "slides" / "t.svg", "'--save-table'", "slides", "does not exist")


def test_path_is_a_folder(tmp_path):
    (tmp_path / "t.svg").mkdir()
    table_error(tmp_path, tmp_path / "t.svg", "'--save-table'", "t.svg", "folder")


def test_unwritable_folder(tmp_path, locked_folder):
    table_error(tmp_path, locked_folder / "t.svg", "'--save-table'", "locked", "cannot be written")


@pytest.mark.parametrize("first, second", [("--plot", "--save-table"), ("--save-table", "--plot")])
def test_same_file_as_the_figure(tmp_path, first, second):
    path = tmp_path / "same.svg"
    result = invoke(*LOSS, first, path, second, path)
    error_line(result, f"'{second}'", first, "same file")
    assert files_in(tmp_path) == set()


def test_bad_numbers_write_no_table(tmp_path):
    result = invoke("loss", "--y", "1", "--yhat", "7", "--save-table", tmp_path / "t.svg")
    error_line(result, "'--yhat'", "[0, 1]")
    assert files_in(tmp_path) == set()


def test_write_failure_is_one_error_line_and_prints_nothing(tmp_path, monkeypatch):
    import nnexplain.render.table_file as table_file

    def refuse(worked, fmt, precision, width=TABLE_WIDTH):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(table_file, "table_document", refuse)
    path = tmp_path / "t.svg"
    result = invoke(*LOSS, "--save-table", path)
    error_line(result, f"could not write --save-table {path}", "Permission denied", exit_code=FAILED)
    assert result.stdout == ""
    assert files_in(tmp_path) == set()


def test_failure_mid_write_keeps_the_old_file(tmp_path, monkeypatch):
    # The whole table reaches the temporary file, then the rename fails.
    def refuse(source, target):
        raise OSError(28, "No space left on device")

    path = tmp_path / "t.txt"
    path.write_text("old table\n", encoding="utf-8")
    monkeypatch.setattr(os, "replace", refuse)
    result = invoke(*LOSS, "--save-table", path)
    error_line(result, "No space left on device", exit_code=FAILED)
    assert result.stdout == ""
    assert path.read_text(encoding="utf-8") == "old table\n"
    assert files_in(tmp_path) == {"t.txt"}


def test_a_lesson_cannot_name_the_option():
    from nnexplain.lesson.runs import _takes_file

    assert _takes_file(cli.get_command(None, "loss"), "--save-table")


def test_saving_a_table_does_not_import_matplotlib(tmp_path):
    modules = imported_by([*LOSS, "--save-table", str(tmp_path / "t.svg")], tmp_path)
    assert "matplotlib" not in modules
    assert (tmp_path / "t.svg").exists()
