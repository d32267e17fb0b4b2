"""``nnexplain train``: what a learner sees is pinned, the same seed gives the same
run, every mistake (options or a CSV file) gets one ``Error:`` line, and a too-large
learning rate stops with a smaller one to try."""

import json
import os

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from nnexplain.cli import cli
from nnexplain.core import training as gd

from cli_checks import FAILED, error_line


def invoke(*args):
    result = CliRunner().invoke(cli, ["train", *map(str, args)], prog_name="nnexplain")
    print(repr(result.output))
    return result


def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# --- what a learner sees -----------------------------------------------------------------


@pytest.mark.parametrize(
    "name, args",
    [
        ("train_line", []),
        ("train_line_no_bias", ["--no-bias"]),
        ("train_logistic", ["--task", "logistic"]),
        ("train_line_json", ["--n", "4", "--epochs", "20", "--format", "json"]),
    ],
)
def test_golden(golden, name, args):
    golden(name, ["train", *args])


def test_help_has_a_summary_limits_and_an_example():
    result = invoke("--help")
    assert result.exit_code == 0
    assert "Example:" in result.output and "nnexplain train --task line" in result.output
    assert "x1,x2,…,y" in result.output and "1,000,000" in result.output


def test_json_carries_every_recorded_epoch_at_full_precision():
    result = invoke("--epochs", "300", "--format", "json")
    document = json.loads(result.output)
    history = document["history"]
    assert history["epoch"] == [float(e) for e in gd.table_epochs(300)]
    assert len(history["w"]) == len(history["b"]) == len(history["cost"])
    assert abs(history["w"][-1] - 2.0) < 0.05 and abs(history["b"][-1] - 1.0) < 0.05
    assert len(document["examples"]["x"]) == 50


def test_the_same_seed_gives_the_same_run_and_another_seed_a_different_one():
    first, again = invoke("--seed", "5", "--format", "json"), invoke("--seed", "5", "--format", "json")
    other = invoke("--seed", "6", "--format", "json")
    assert first.output == again.output
    assert json.loads(first.output)["examples"]["y"] != json.loads(other.output)["examples"]["y"]


def test_data_given_as_csv_train_exactly_like_the_same_numbers_generated(tmp_path):
    x, y = gd.line_data(30, 0.5, gd.DEFAULT_SEED)
    rows = "\n".join(f"{float(a)!r},{float(b)!r}" for a, b in zip(x[:, 0], y))
    path = write(tmp_path, "x,y\n" + rows + "\n")
    from_file = json.loads(invoke("--data", path, "--format", "json").output)
    generated = json.loads(invoke("--n", "30", "--format", "json").output)
    assert from_file["history"] == generated["history"]
    assert path in from_file["title"]


def test_several_input_columns_train_and_the_plot_says_it_shows_the_cost_only(tmp_path):
    path = write(tmp_path, "x1,x2,y,comment\n0,1,3,a\n1,0,2,b\n1,1,4,c\n2,1,5,d\n")
    figure = tmp_path / "fit.svg"
    result = invoke("--data", path, "--epochs", "2000", "--plot", figure)
    assert result.exit_code == 0
    assert "w₁" in result.stdout and "w₂" in result.stdout
    assert "the figure shows the cost only" in result.stderr
    assert figure.is_file()


def test_logistic_csv_with_one_input(tmp_path):
    path = write(tmp_path, "x,y\n-2,0\n-1,0\n1,1\n2,1\n")
    result = invoke("--task", "logistic", "--data", path, "--plot", tmp_path / "p.png")
    assert result.exit_code == 0
    assert "4 of 4 examples correct (100%)" in result.stdout


def test_both_figures_are_saved_and_announced_on_stderr(tmp_path):
    plot, bowl = tmp_path / "fit.png", tmp_path / "bowl.svg"
    result = invoke("--no-bias", "--epochs", "50", "--plot", plot, "--landscape", bowl)
    assert result.exit_code == 0
    assert plot.is_file() and bowl.is_file()
    assert f"Figure saved to {plot}" in result.stderr and f"Figure saved to {bowl}" in result.stderr
    assert "Figure saved" not in result.stdout


def test_no_progress_bar_when_the_output_is_not_a_terminal():
    result = invoke("--epochs", "60000", "--n", "1000")
    assert result.exit_code == 0
    assert "Training" not in result.output.splitlines()[0]
    assert "\x1b" not in result.output


def test_the_progress_bar_is_for_long_text_runs_on_a_terminal_only(monkeypatch):
    from rich.console import Console

    from nnexplain.cli import train as command
    from nnexplain.explain.training import generated_problem

    long = generated_problem("line", 1000, 0.5, 1, 0.1, 60_000)
    short = generated_problem("line", 50, 0.5, 1, 0.1, 500)
    monkeypatch.setattr(Console, "is_terminal", property(lambda self: True))
    with command._progress_bar("json", long) as progress:
        assert progress is None
    with command._progress_bar("text", short) as progress:
        assert progress is None
    with command._progress_bar("text", long) as progress:
        progress(10, 60_000)  # callable, and does not fail
    monkeypatch.setattr(Console, "is_terminal", property(lambda self: False))
    with command._progress_bar("text", long) as progress:
        assert progress is None


# --- a learning rate that is too large ----------------------------------------------------


def test_a_too_large_learning_rate_stops_with_one_error_line_and_a_smaller_rate():
    result = invoke("--lr", "2")
    line = error_line(result, "--lr 2", "inf", "at epoch", "try --lr 0.2", exit_code=FAILED)
    assert "too large" in line
    assert result.stdout == ""
    assert "nan" not in result.output.lower()


def test_a_logistic_run_that_saturates_is_stopped_too():
    result = invoke("--task", "logistic", "--lr", "1000")
    error_line(result, "--lr 1000", "try --lr", exit_code=FAILED)


def test_a_rate_that_oscillates_upwards_without_overflowing_is_explained():
    result = invoke("--lr", "0.45", "--epochs", "300")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "The cost rose from" in text and "Try --lr 0.4141 = 2/(λmin + λmax)" in text
    assert "reached" not in text and "would close the gap" not in text


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, mentions",
    [
        (["--n", "1"], ["'--n'", "between 2 and 1,000,000"]),
        (["--n", "1000001"], ["'--n'", "1,000,000"]),
        (["--epochs", "0"], ["'--epochs'", "between 1 and 1,000,000"]),
        (["--epochs", "1000001"], ["'--epochs'", "1,000,000"]),
        (["--epochs", "2000", "--n", "1000000"], ["'--epochs'", "1,000,000,000"]),
        (["--lr", "0"], ["'--lr'", "greater than 0"]),
        (["--lr", "-0.1"], ["'--lr'", "greater than 0"]),
        (["--lr", "nan"], ["'--lr'", "not a finite number"]),
        (["--lr", "inf"], ["'--lr'"]),
        (["--noise", "-1"], ["'--noise'", "between 0 and"]),
        (["--seed", "-3"], ["'--seed'", "0 or larger"]),
        (["--seed", "1.5"], ["'--seed'"]),
        (["--task", "xors"], ["'--task'", "line", "logistic", "spiral"]),
        (["--task", "logistic", "--noise", "1"], ["--noise", "--task line"]),
        (["--task", "logistic", "--landscape", "bowl.png"], ["'--landscape'", "--task line"]),
        (["--plot", "same.png", "--landscape", "same.png"], ["'--landscape'", "same file"]),
        (["--landscape", "bowl.txt"], ["'--landscape'", ".png"]),
    ],
)
def test_bad_options_get_one_error_line(args, mentions):
    error_line(invoke(*args), *mentions)


def test_data_with_generated_data_options_is_refused(tmp_path):
    path = write(tmp_path, "x,y\n0,1\n1,3\n")
    error_line(invoke("--data", path, "--n", "10"), "--n", "--data")
    error_line(invoke("--data", path, "--noise", "1"), "--noise", "--data")


@pytest.mark.parametrize(
    "text, task, mentions",
    [
        ("x,z\n0,1\n1,3\n", "line", ["no column 'y'"]),
        ("a,y\n0,1\n1,3\n", "line", ["no input column", "x,y", "x1,x2"]),
        ("x,x1,y\n0,0,1\n1,1,3\n", "line", ["both an x and an x1"]),
        ("x1,x2,x3,x4,x5,x6,x7,y\n" + "1,2,3,4,5,6,7,8\n" * 3, "line", ["7 input columns", "at most 6"]),
        ("x,y\n0,1\n1,abc\n", "line", ["line 3, column y", "'abc' is not a number"]),
        ("x,y\n0,1\n", "line", ["1 data row", "at least 2"]),
        ("x,y\n", "line", ["no data rows"]),
        ("", "line", ["is empty", "x,y"]),
        ("x,y\n0,1\n1e200,3\n", "line", ["line 3", "±1e+100"]),
        ("x,y\n0,0\n1,0.5\n", "logistic", ["line 3, column y", "0.5 is not a class label", "0 or 1"]),
        ("x,y\n0,1\n1,1\n", "logistic", ["every y", "both classes"]),
    ],
)
def test_bad_csv_files_get_one_error_line_naming_the_problem(tmp_path, text, task, mentions):
    path = write(tmp_path, text)
    error_line(invoke("--task", task, "--data", path), "'--data'", *mentions)


def test_missing_csv_file(tmp_path):
    error_line(invoke("--data", tmp_path / "nowhere.csv"), "'--data'", "does not exist")


def test_landscape_needs_one_input(tmp_path):
    path = write(tmp_path, "x1,x2,y\n0,1,3\n1,0,2\n1,1,4\n")
    error_line(invoke("--data", path, "--landscape", tmp_path / "b.png"), "'--landscape'", "2 input columns")


def test_a_failed_figure_save_is_one_error_line_and_leaves_nothing(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("nnexplain.plot.save.os.replace", refuse)
    result = invoke("--epochs", "5", "--landscape", tmp_path / "bowl.png")
    error_line(result, "could not write --landscape", exit_code=FAILED)
    assert result.stdout == ""
    assert os.listdir(tmp_path) == []


def test_epoch_zero_overflow_on_huge_logistic_inputs_says_to_rescale(tmp_path):
    # The random start (w < 0) is certain and wrong about both examples.
    path = write(tmp_path, "x,y\n-1e90,0\n1e90,1\n")
    line = error_line(invoke("--task", "logistic", "--data", path), "epoch 0", "rescale",
                      exit_code=FAILED)
    assert "nan" not in line


def test_the_final_cost_is_finite_and_never_printed_as_nan():
    result = invoke("--lr", "0.4", "--epochs", "1000")
    assert result.exit_code == 0
    assert "nan" not in result.output.lower() and "undefined" not in result.output
    assert np.isfinite(json.loads(invoke("--lr", "0.4", "--format", "json").output)["history"]["cost"]).all()


def test_a_start_that_is_already_perfect_says_nothing_moved(tmp_path):
    # The random start (w < 0) is certain and right: every gradient is exactly 0.
    path = write(tmp_path, "x,y\n-1e90,1\n1e90,0\n")
    result = invoke("--task", "logistic", "--data", path, "--epochs", "5")
    assert result.exit_code == 0
    assert "did not change" in result.output
    assert "rose" not in result.output and "overshot" not in result.output


OPTION_VALUES = {
    "--task": ["line", "logistic", "LINE", ""],
    "--n": ["2", "3", "7", "0", "-1", "1e3", "x", "1000001"],
    "--noise": ["0", "0.5", "-0", "1e7", "nan", "inf", "-1", "abc"],
    "--seed": ["0", "1", "123456789012345678901234567890", "-1", "1.5", ""],
    "--lr": ["0.1", "0.5", "5", "1e300", "1e-300", "0", "-1", "nan", "inf"],
    "--epochs": ["1", "3", "40", "0", "1000001", "2.5"],
    "--format": ["text", "json", "markdown", "latex", "xml"],
    "--precision": ["1", "4", "15", "0", "16"],
}


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(OPTION_VALUES)), st.integers(0, 99), max_size=5),
       st.booleans())
def test_any_combination_answers_or_gives_one_error_line(chosen, no_bias):
    args = [part for name, pick in chosen.items()
            for part in (name, OPTION_VALUES[name][pick % len(OPTION_VALUES[name])])]
    if "--n" not in chosen:
        args += ["--n", "5"]
    if "--epochs" not in chosen:
        args += ["--epochs", "20"]
    result = CliRunner().invoke(cli, ["train", *args] + (["--no-bias"] if no_bias else []))
    assert result.exit_code in (0, 1, 2), (args, result.output)
    assert "Traceback" not in result.output
    if result.exit_code:
        assert sum(line.startswith("Error:") for line in result.output.splitlines()) == 1
    elif "--format" not in chosen or chosen["--format"] % 5 == 0:
        assert "nan" not in result.output.lower()
