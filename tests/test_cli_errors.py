"""Every user mistake the CLI can meet, and the rule each one must follow.

The rule: exit status 2 for a usage error (click's BadParameter / UsageError) or 1
for a ClickException, exactly one line starting with ``Error:`` that names the
option and says what is allowed, never a traceback, and nothing half-written left
on disk (no figure, no ``.part`` file).

Also the basic sanity of the success paths that read a CSV file: whatever the line
endings, BOM, trailing newline or column order, ``--data`` gives the same answer as
the same numbers typed with ``--y``/``--yhat``.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from nnexplain import __version__
from nnexplain.cli import cli

from cli_checks import FAILED, USAGE, error_line



def invoke(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], prog_name="nnexplain")
    print(repr(result.output))
    return result


def write(folder: Path, name: str, content) -> Path:
    path = folder / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def files_in(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


# --- typed numbers: loss ----------------------------------------------------------

LOSS_OK = ["--y", "1", "--yhat", "0.1"]


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        pytest.param(["--y", "2", "--yhat", "0.1"], ["'--y'", "2 is outside", "[0, 1]"], id="y-above-1"),
        pytest.param(["--y", "-0.5", "--yhat", "0.1"], ["'--y'", "-0.5", "[0, 1]"], id="y-below-0"),
        pytest.param(["--y", "1", "--yhat", "1.5"], ["'--yhat'", "1.5", "[0, 1]"], id="yhat-above-1"),
        pytest.param(["--y", "1", "--yhat", "-0.1"], ["'--yhat'", "[0, 1]"], id="yhat-below-0"),
        pytest.param(["--y", "nan", "--yhat", "0.1"], ["'--y'", "finite"], id="y-nan"),
        pytest.param(["--y", "1", "--yhat", "nan"], ["'--yhat'", "finite"], id="yhat-nan"),
        pytest.param(["--y", "1", "--yhat", "NaN"], ["'--yhat'", "finite"], id="yhat-NaN"),
        pytest.param(["--y", "1", "--yhat", "inf"], ["'--yhat'", "finite"], id="yhat-inf"),
        pytest.param(["--y", "1", "--yhat", "-inf"], ["'--yhat'", "finite"], id="yhat-minus-inf"),
        pytest.param(["--y", "Infinity", "--yhat", "0"], ["'--y'", "finite"], id="y-Infinity"),
        pytest.param(["--y", "1", "--yhat", "1e400"], ["'--yhat'", "too large"], id="yhat-overflows"),
        pytest.param(["--y", "one", "--yhat", "0.1"], ["'--y'", "'one'", "not a number"], id="y-text"),
        pytest.param(["--y", "1", "--yhat", "0.1.2"], ["'--yhat'", "not a number"], id="yhat-two-dots"),
        pytest.param(["--y", "1", "--yhat", ""], ["'--yhat'", "not a number"], id="yhat-empty"),
        pytest.param(["--y", "1", "--yhat", "0,1"], ["'--yhat'", "not a number"], id="yhat-list"),
        pytest.param(["--y", "1_0", "--yhat", "1", "--loss", "squared"], ["'--y'", "digits"], id="y-underscore"),
        pytest.param(["--y", "١", "--yhat", "1"], ["'--y'", "not a number"], id="y-arabic-digit"),
        pytest.param(
            ["--y", "1e200", "--yhat", "-1e200", "--loss", "squared"],
            ["'--yhat'", "1e154"],
            id="squared-overflows",
        ),
    ],
)
def test_loss_bad_numbers(args, mentions):
    error_line(invoke("loss", *args), *mentions)


# --- typed numbers: cost ----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        pytest.param(["--y", "1,0", "--yhat", "0.3,1.2"], ["'--yhat'", "1.2", "item 2", "[0, 1]"], id="yhat-above-1"),
        pytest.param(["--y", "1,-1,0", "--yhat", "0.3,0.2,0.1"], ["'--y'", "item 2", "[0, 1]"], id="y-below-0"),
        pytest.param(["--y", "1,0", "--yhat", "0.3,nan"], ["'--yhat'", "item 2", "finite"], id="yhat-nan"),
        pytest.param(["--y", "inf,0", "--yhat", "0.3,0.1"], ["'--y'", "item 1", "finite"], id="y-inf"),
        pytest.param(["--y", "1,0", "--yhat", "0.3,-inf"], ["'--yhat'", "item 2", "finite"], id="yhat-minus-inf"),
        pytest.param(["--y", "1,x", "--yhat", "0.3,0.1"], ["'--y'", "item 2", "'x'", "not a number"], id="y-text"),
        pytest.param(["--y", "", "--yhat", "0.3"], ["'--y'", "comma-separated"], id="y-empty"),
        pytest.param(["--y", "1", "--yhat", " , "], ["'--yhat'", "comma-separated"], id="yhat-only-commas"),
        pytest.param(["--y", "1,,0", "--yhat", "0.3,0.1,0.2"], ["'--y'", "item 2", "empty"], id="y-empty-item"),
        pytest.param(["--y", "1,0", "--yhat", "0.3,"], ["'--yhat'", "item 2", "empty"], id="yhat-trailing-comma"),
        pytest.param(
            ["--y", "1,0,1", "--yhat", "0.3,0.1"],
            ["'--yhat'", "2 numbers", "--y has 3", "one prediction per example"],
            id="lengths-differ",
        ),
        pytest.param(
            ["--y", "1,0", "--yhat", "0.3"], ["'--yhat'", "1 number but", "--y has 2"], id="lengths-differ-1"
        ),
        pytest.param(
            ["--y", "1e154,0", "--yhat", "-1e154,0", "--loss", "squared"],
            ["'--yhat'", "item 1", "1e154"],
            id="squared-overflows",
        ),
        pytest.param(
            ["--y", "1e154,1e154", "--yhat", "0,0", "--loss", "squared"],
            ["'--yhat'", "add up"],
            id="squared-sum-overflows",
        ),
    ],
)
def test_cost_bad_numbers(args, mentions):
    error_line(invoke("cost", *args), *mentions)


# --- options shared by both commands -----------------------------------------------

COST_OK = ["--y", "1,0", "--yhat", "0.9,0.2"]


@pytest.mark.parametrize("command", [["loss", *LOSS_OK], ["cost", *COST_OK]], ids=["loss", "cost"])
@pytest.mark.parametrize(
    ("extra", "mentions"),
    [
        pytest.param(["--eps", "0.1", "--loss", "squared"], ["--eps", "--loss log"], id="eps-with-squared"),
        pytest.param(["--eps", "0"], ["'--eps'", "0<x<0.5"], id="eps-0"),
        pytest.param(["--eps", "0.5"], ["'--eps'", "0<x<0.5"], id="eps-0.5"),
        pytest.param(["--eps", "-1"], ["'--eps'", "0<x<0.5"], id="eps-negative"),
        pytest.param(["--eps", "nan"], ["'--eps'", "0<x<0.5"], id="eps-nan"),
        pytest.param(["--eps", "inf"], ["'--eps'", "0<x<0.5"], id="eps-inf"),
        pytest.param(["--eps", "tiny"], ["'--eps'", "'tiny'"], id="eps-text"),
        pytest.param(["--precision", "0"], ["'--precision'", "1<=x<=15"], id="precision-0"),
        pytest.param(["--precision", "99"], ["'--precision'", "1<=x<=15"], id="precision-99"),
        pytest.param(["--precision", "2.5"], ["'--precision'", "integer"], id="precision-float"),
        pytest.param(["--format", "xml"], ["'--format'", "'text'", "'json'", "'markdown'", "'latex'"], id="format"),
        pytest.param(["--loss", "hinge"], ["'--loss'", "'log'", "'squared'"], id="loss"),
        pytest.param(["--frmat", "json"], ["--frmat"], id="unknown-option"),
        pytest.param(["--format"], ["--format", "requires an argument"], id="format-no-value"),
        pytest.param(["extra"], ["unexpected extra argument", "extra"], id="extra-argument"),
    ],
)
def test_bad_shared_options(command, extra, mentions):
    error_line(invoke(*command, *extra), *mentions)


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        pytest.param(["loss"], ["'--y'"], id="loss-nothing"),
        pytest.param(["loss", "--y", "1"], ["'--yhat'"], id="loss-no-yhat"),
        pytest.param(["loss", "--yhat", "0.1"], ["'--y'"], id="loss-no-y"),
        pytest.param(["cost"], ["--y", "--yhat", "--data"], id="cost-nothing"),
        pytest.param(["cost", "--y", "1,0"], ["--y", "--yhat", "--data"], id="cost-no-yhat"),
        pytest.param(["cost", "--yhat", "0.2"], ["--y", "--yhat", "--data"], id="cost-no-y"),
    ],
)
def test_missing_options(args, mentions):
    error_line(invoke(*args), *mentions)


# --- cost --data ------------------------------------------------------------------

VALID = "y,y_hat\n1,0.9\n0,0.2\n1,0.6\n"


def test_data_with_y(tmp_path):
    data = write(tmp_path, "data.csv", VALID)
    error_line(invoke("cost", "--data", data, "--y", "1,0,1"), "--data", "--y", "not both")
    error_line(invoke("cost", "--data", data, "--yhat", "0.1"), "--data", "--yhat", "not both")


def test_data_missing_file(tmp_path):
    error_line(invoke("cost", "--data", tmp_path / "nope.csv"), "'--data'", "nope.csv", "does not exist")


def test_data_empty_name():
    error_line(invoke("cost", "--data", ""), "'--data'", "empty")


def test_data_no_value():
    error_line(invoke("cost", "--data"), "'--data'", "requires an argument")


def test_data_folder(tmp_path):
    error_line(invoke("cost", "--data", tmp_path), "'--data'", str(tmp_path), "is a folder")


def test_data_unreadable(tmp_path):
    data = write(tmp_path, "secret.csv", VALID)
    data.chmod(0)
    try:
        if os.access(data, os.R_OK):
            pytest.skip("running as a user (root) who can read a chmod 000 file")
        error_line(invoke("cost", "--data", data), "'--data'", "secret.csv", "read")
    finally:
        data.chmod(0o644)


@pytest.mark.parametrize(
    ("content", "mentions"),
    [
        pytest.param(b"\xff\xfey\x00,\x00y\x00_\x00h\x00a\x00t\x00\n\x00", ["UTF-8"], id="utf16"),
        pytest.param(b"y,y_hat\n1,0.9\n0,0.2 \xe9t\xe9\n", ["UTF-8"], id="latin1-late"),
        pytest.param(b"", ["is empty", "y,y_hat"], id="empty-file"),
        pytest.param("\ny,y_hat\n1,0.5\n", ["line 1 is blank", "y,y_hat"], id="blank-first-line"),
        pytest.param("y,y_hat\n", ["no data rows"], id="header-only"),
        pytest.param("y,y_hat", ["no data rows"], id="header-only-no-newline"),
        pytest.param("y,y_hat\n\n  \n", ["no data rows"], id="header-and-blank-lines"),
        pytest.param("y,yhat\n1,0.9\n", ["'y_hat'", "y,yhat", "y,y_hat"], id="missing-y_hat"),
        pytest.param("y_hat\n0.9\n", ["'y'", "y,y_hat"], id="missing-y"),
        pytest.param("y;y_hat\n1;0.9\n", ["'y', 'y_hat'", "y,y_hat"], id="semicolons"),
        pytest.param("y,y_hat\n1,0.9\n0,0.2\nabc,0.6\n", ["line 4", "column y", "'abc'", "not a number"], id="text-line-4"),
        pytest.param("y,y_hat\n1,0.9\n0,\n", ["line 3", "column y_hat", "empty"], id="empty-cell"),
        pytest.param("y,y_hat\n1,0.9\n0,0.2,0.7\n", ["line 3", "3 fields", "header has 2"], id="too-many-fields"),
        pytest.param("y,y_hat\n1,0,9\n", ["line 2", "3 fields", "header has 2"], id="decimal-comma"),
        pytest.param("y,y_hat,note\n1,0.9,a\n0,0.2\n", ["line 3", "2 fields", "header has 3"], id="too-few-fields"),
        pytest.param("y,y_hat\n1,0.9\n0\n", ["line 3", "1 fields", "header has 2"], id="one-field"),
        pytest.param("y,y_hat\n1,0.9\n0,nan\n", ["line 3", "column y_hat", "'nan'", "finite"], id="nan"),
        pytest.param("y,y_hat\n1,0.9\n-inf,0.2\n", ["line 3", "column y", "'-inf'", "finite"], id="minus-inf"),
        pytest.param("y,y_hat\n1,1e999\n", ["line 2", "column y_hat", "'1e999'", "too large"], id="overflow"),
        pytest.param("y,y_hat\n1,0.9\n1,1.5\n", ["line 3", "1.5", "[0, 1]"], id="yhat-1.5-line-3"),
        pytest.param("y,y_hat\n2,0.9\n", ["line 2", "2 (", "[0, 1]"], id="y-2-line-2"),
        pytest.param('y,y_hat\n"1","0.9"\n', ["line 2", "not a number"], id="quoted"),
        pytest.param("y,y_hat\n1_0,0.5\n", ["line 2", "column y", "digits"], id="underscore"),
    ],
)
def test_data_bad_file(tmp_path, content, mentions):
    data = write(tmp_path, "data.csv", content)
    line = error_line(invoke("cost", "--data", data), "'--data'", *mentions)
    assert str(data) in line


@pytest.mark.parametrize(
    ("content", "line"),
    [
        pytest.param("y,y_hat\n1,0.9\n\n\n0,abc\n", 5, id="text"),
        pytest.param("y,y_hat\r\n1,0.9\r\n\r\n0,abc\r\n", 4, id="text-crlf"),
        pytest.param("y,y_hat\n\n1,0.9\n   \n0,nan\n", 5, id="nan-after-whitespace-line"),
        pytest.param("y,y_hat\n1,0.9\n\n0,nan\n", 4, id="nan-after-blank-line"),
        pytest.param("y,y_hat\n1,0.9\n\n1,1.5\n", 4, id="out-of-range"),
        pytest.param("y,y_hat\n\n1,0.9\n\n0,0.2,1\n", 5, id="fields"),
        pytest.param("\ufeffy,y_hat\n1,0.9\n\n0,x\n", 4, id="bom"),
    ],
)
def test_data_line_numbers_count_blank_lines(tmp_path, content, line):
    data = write(tmp_path, "data.csv", content)
    error_line(invoke("cost", "--data", data), "'--data'", f"line {line}")


def test_data_bad_squared_row_names_line(tmp_path):
    data = write(tmp_path, "data.csv", "y,y_hat\n1,0\n\n1e200,-1e200\n")
    error_line(invoke("cost", "--data", data, "--loss", "squared"), "'--data'", "line 4", "1e154")


# --- cost --data: the same answer as --y/--yhat -----------------------------------

YS, Y_HATS = "1,0,1,0", "0.9,0.2,0.6,0.35"


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("y,y_hat\n1,0.9\n0,0.2\n1,0.6\n0,0.35\n", id="plain"),
        pytest.param("y,y_hat\n1,0.9\n0,0.2\n1,0.6\n0,0.35", id="no-trailing-newline"),
        pytest.param("y,y_hat\r\n1,0.9\r\n0,0.2\r\n1,0.6\r\n0,0.35\r\n", id="crlf"),
        pytest.param("y,y_hat\r\n1,0.9\r\n0,0.2\r\n1,0.6\r\n0,0.35", id="crlf-no-trailing-newline"),
        pytest.param("\ufeffy,y_hat\n1,0.9\n0,0.2\n1,0.6\n0,0.35\n", id="bom"),
        pytest.param("\ufeffy,y_hat\r\n1,0.9\r\n0,0.2\r\n1,0.6\r\n0,0.35\r\n", id="bom-crlf"),
        pytest.param("y_hat,y\n0.9,1\n0.2,0\n0.6,1\n0.35,0\n", id="columns-swapped"),
        pytest.param(
            "id,y_hat,note,y\na,0.9,x,1\nb,0.2,y,0\nc,0.6,z,1\nd,0.35,w,0\n", id="extra-columns"
        ),
        pytest.param(" y , y_hat \n 1 , 0.9\n0,0.2 \n1,0.6\n0,0.35\n", id="spaces"),
        pytest.param("y,y_hat\n1,0.9\n\n0,0.2\n   \n1,0.6\n0,0.35\n\n\n", id="blank-lines"),
        pytest.param("y,y_hat\n1.0,9e-1\n0,2E-1\n+1,.6\n-0,0.350\n", id="number-spellings"),
    ],
)
@pytest.mark.parametrize("loss", ["log", "squared"])
def test_data_same_result_as_typed(tmp_path, content, loss):
    data = write(tmp_path, "data.csv", content)
    from_file = invoke("cost", "--data", data, "--loss", loss, "--format", "json")
    typed = invoke("cost", "--y", YS, "--yhat", Y_HATS, "--loss", loss, "--format", "json")
    assert from_file.exit_code == 0, from_file.output
    assert typed.exit_code == 0, typed.output
    assert json.loads(from_file.stdout)["result"] == json.loads(typed.stdout)["result"]


# --- loss --plot ------------------------------------------------------------------


def plot_error(tmp_path, target, *mentions):
    before = files_in(tmp_path)
    line = error_line(invoke("loss", *LOSS_OK, "--plot", target), "'--plot'", *mentions)
    assert files_in(tmp_path) == before
    return line


def test_plot_unknown_extension(tmp_path):
    plot_error(tmp_path, tmp_path / "curve.jpg", "curve.jpg", ".png", ".svg", ".pdf")


def test_plot_no_extension(tmp_path):
    plot_error(tmp_path, tmp_path / "curve", ".png", ".svg", ".pdf")


def test_plot_missing_folder(tmp_path):
    plot_error(tmp_path, tmp_path / "figures" / "curve.png", "figures", "does not exist")


def test_plot_unwritable_folder(tmp_path, locked_folder):
    plot_error(tmp_path, locked_folder / "curve.png", "locked", "cannot be written")


def test_plot_path_is_a_folder(tmp_path):
    (tmp_path / "curve.png").mkdir()
    plot_error(tmp_path, tmp_path / "curve.png", "curve.png", "folder")


def test_plot_not_written_when_numbers_are_wrong(tmp_path):
    result = invoke("loss", "--y", "1", "--yhat", "7", "--plot", tmp_path / "curve.png")
    error_line(result, "'--yhat'", "[0, 1]")
    assert files_in(tmp_path) == set()


def test_plot_not_written_when_options_clash(tmp_path):
    before = files_in(tmp_path)
    args = [*LOSS_OK, "--loss", "squared", "--eps", "0.1", "--plot", tmp_path / "curve.svg"]
    error_line(invoke("loss", *args), "--eps")
    assert files_in(tmp_path) == before


def test_plot_write_failure_leaves_nothing(tmp_path, monkeypatch):
    """A disk that fills up half-way: exit 1, one Error line, no .part file left,
    and an older figure of the same name kept as it was."""
    from matplotlib.figure import Figure

    def savefig_then_fail(self, stream, **kwargs):
        stream.write(b"half a figure")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Figure, "savefig", savefig_then_fail)
    old = write(tmp_path, "curve.png", b"the old figure")
    result = invoke("loss", *LOSS_OK, "--plot", old)
    error_line(result, "--plot", "curve.png", "No space left on device", exit_code=FAILED)
    assert files_in(tmp_path) == {"curve.png"}
    assert old.read_bytes() == b"the old figure"


def test_plot_success_writes_only_the_figure(tmp_path):
    result = invoke("loss", *LOSS_OK, "--plot", tmp_path / "curve.svg")
    assert result.exit_code == 0, result.output
    assert files_in(tmp_path) == {"curve.svg"}


def test_cost_plot_writes_only_its_figure(tmp_path):
    result = invoke("cost", *COST_OK, "--plot", tmp_path / "c.png")
    assert result.exit_code == 0, result.output
    assert files_in(tmp_path) == {"c.png"}


# --- the group: typos, no arguments, help, version ---------------------------------


def test_command_typo():
    line = error_line(invoke("los", *LOSS_OK), "'los'")
    assert "loss" in line


def test_unknown_group_option():
    error_line(invoke("--colour"), "--colour")


def test_no_arguments_shows_usage():
    result = invoke()
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (0, 2)
    assert result.output.startswith("Usage: nnexplain")
    assert "loss" in result.output and "cost" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", [[], ["loss"], ["cost"]], ids=["group", "loss", "cost"])
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help(command, flag):
    result = invoke(*command, flag)
    assert result.exit_code == 0
    assert result.output.startswith(f"Usage: nnexplain {' '.join(command)}".rstrip() + " [OPTIONS]")
    assert "Example:" in result.output
    assert "Error:" not in result.output


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(flag):
    result = invoke(flag)
    assert result.exit_code == 0
    assert result.output == f"nnexplain, version {__version__}\n"


# --- the real program: nothing but the message reaches the terminal -----------------


@pytest.mark.parametrize(
    ("args", "content"),
    [
        pytest.param(["cost", "--data", "{data}"], "y,y_hat\n\n", id="header-only"),
        pytest.param(["cost", "--data", "{data}", "--loss", "squared"], "y,y_hat\n1e200,-1e200\n", id="overflow"),
        pytest.param(["loss", "--y", "1e300", "--yhat", "-1e300", "--loss", "squared"], None, id="typed-overflow"),
    ],
)
def test_real_program_prints_no_warnings(tmp_path, args, content):
    """Outside pytest a NumPy warning would not fail the run, but it would print
    two lines of noise above the Error line; run the real entry point to see."""
    data = write(tmp_path, "data.csv", content) if content is not None else None
    argv = [a.replace("{data}", str(data)) for a in args]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    done = subprocess.run(
        [sys.executable, "-m", "nnexplain", *argv], capture_output=True, text=True, env=env
    )
    print(repr(done.stderr))
    assert done.returncode == USAGE
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert lines[0] == f"Usage: nnexplain {argv[0]} [OPTIONS]"
    assert [line for line in lines if line.startswith("Error:")] == [lines[-1]]
    assert "Warning" not in done.stderr and "Traceback" not in done.stderr
