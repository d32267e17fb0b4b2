"""The ``nnexplain`` group itself: help with no arguments, the nearest command for a
typo, and a command list that is read from the registry without importing commands.
"""

import os
import shutil
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from nnexplain.cli import COMMANDS, _GroupContext, cli, no_such_command, terminal_columns

from cli_checks import USAGE, error_line


def invoke(*args, columns="80"):
    return CliRunner().invoke(cli, list(args), prog_name="nnexplain", env={"COLUMNS": columns})


def real(*args, columns="80"):
    """The installed entry point in a fresh interpreter, standard streams kept apart."""
    env = {**os.environ, "COLUMNS": columns}
    return subprocess.run([sys.executable, "-m", "nnexplain", *args], capture_output=True,
                          text=True, env=env, timeout=60)


# --- no arguments -------------------------------------------------------------------


def test_no_arguments_prints_the_help_to_standard_output_with_status_0():
    done = real()
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout == real("--help").stdout
    assert done.stdout.startswith("Usage: nnexplain [OPTIONS] COMMAND [ARGS]...")


def test_no_arguments_in_process_is_the_help_too():
    result = invoke()
    assert result.exit_code == 0
    assert result.stdout == invoke("--help").stdout
    assert result.stderr == ""


# --- an unknown command -------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("los", "loss"), ("Loss", "loss"), ("costs", "cost"), ("linear_collapse", "linear-collapse"),
     ("softmx", "softmax"), ("lessons", "lesson"), ("figure", "figures"), ("backporp", "backprop")],
)
def test_an_unknown_command_names_the_nearest(typed, meant):
    line = error_line(invoke(typed), f"No such command {typed!r}.")
    assert line.endswith(f"Did you mean {meant!r}?")


def test_an_unknown_command_with_nothing_near_names_none():
    line = error_line(invoke("xyzzy", "--y", "1"), "No such command 'xyzzy'.")
    assert "Did you mean" not in line


def test_the_real_program_suggests_on_standard_error_with_status_2():
    done = real("los", "--y", "1", "--yhat", "0.1")
    assert done.returncode == USAGE
    assert done.stdout == ""
    assert done.stderr.splitlines()[-1] == "Error: No such command 'los'. Did you mean 'loss'?"


def test_an_unknown_option_is_still_an_unknown_option():
    line = error_line(invoke("--colour"), "--colour")
    assert "command" not in line


def test_the_suggestion_comes_from_difflib_over_every_command():
    names = cli.list_commands(None)
    assert set(names) == set(COMMANDS)
    assert no_such_command("neurn", names) == "No such command 'neurn'. Did you mean 'neuron'?"
    assert no_such_command("q", names) == "No such command 'q'."


# --- the command list ---------------------------------------------------------------


def command_rows(help_text):
    section = help_text.split("\nCommands:\n", 1)[1]
    return [line for line in section.splitlines() if line.strip()]


@pytest.mark.parametrize("columns", ["80", "88", "100"])
def test_every_short_help_fits_on_one_line_uncut(columns):
    """At 80 columns (and the docs' 88, and the widest, 100) each command is one
    line: its name and the registry's short help, whole."""
    result = invoke("--help", columns=columns)
    assert result.exit_code == 0
    rows = command_rows(result.stdout)
    assert len(rows) == len(COMMANDS)
    width = len(max(COMMANDS, key=len))
    for row in rows:
        name, text = row[2:2 + width].rstrip(), row[2 + width:].strip()
        assert text == COMMANDS[name].short_help, row
        assert len(row) <= int(columns) - 2 and not text.endswith("...")


def test_short_helps_are_sentences_and_not_too_long():
    limit = 80 - 2 - 6 - len(max(COMMANDS, key=len))  # click's limit at 80 columns
    for name, entry in COMMANDS.items():
        text = entry.short_help
        assert text[0].isupper() and text.endswith(".") and len(text) <= limit, name


def test_a_loaded_command_takes_its_short_help_from_the_registry():
    context = click.Context(cli, info_name="nnexplain")
    for name, entry in COMMANDS.items():
        command = cli.get_command(context, name)
        assert command.short_help == entry.short_help, name
        assert command.get_short_help_str(20) == entry.short_help, name
    # and once loaded, the list still shows the same text
    assert [row.split(None, 1)[1] for row in command_rows(invoke("--help").stdout)] == \
        [COMMANDS[name].short_help for name in sorted(COMMANDS)]


PROBE = """
import sys
sys.argv = ["nnexplain", *sys.argv[1:]]
from nnexplain.cli import main
try:
    main()
except SystemExit as done:
    code = done.code or 0
print("\\n".join(sorted(sys.modules)), file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.parametrize("args", [["--help"], []], ids=["--help", "no-arguments"])
def test_the_group_help_imports_no_command_module(args):
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Commands:" in done.stdout  # the probe really printed the help
    modules = set(done.stderr.split())
    assert "nnexplain.cli" in modules
    loaded = {name for name in modules if name.startswith("nnexplain.cli.")}
    assert loaded == set(), loaded
    assert {target.split(":")[0] for target in COMMANDS.values()} & modules == set()


# --- the width, read without shutil ---------------------------------------------------


@pytest.mark.parametrize("columns", [None, "", "abc", "0", "-3", "40", "80", "123"])
def test_terminal_columns_reads_the_width_as_shutil_does(monkeypatch, columns):
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert terminal_columns() == shutil.get_terminal_size().columns


@pytest.mark.parametrize("columns", ["40", "60", "80", "88", "100", "140"])
def test_the_group_help_is_laid_out_as_click_lays_it_out(monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", columns)
    ours = cli.get_help(_GroupContext(cli, info_name="nnexplain", **cli.context_settings))
    clicks = cli.get_help(click.Context(cli, info_name="nnexplain", **cli.context_settings))
    assert ours == clicks
