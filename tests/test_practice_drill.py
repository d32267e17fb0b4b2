"""The practice drill driven with piped answers (right, a slip named, close, hints, the
worked solution, skip, quit, end of input, non-answers), deterministic with --seed,
and its saved record's robustness (any content, wrong types, a folder in its place,
a failing disk, two processes saving at once, a bounded size)."""

import errno
import json
import math
import os
import subprocess
import sys

import numpy as np
import pytest
from click.testing import CliRunner

from nnexplain.cli import cli
from nnexplain.lesson import progress as store
from nnexplain.practice import record as practice_record
from nnexplain.practice.catalog import load_file
from nnexplain.practice.catalog import SelectError, select
from nnexplain.practice.problems import draw
from nnexplain.practice.schedule import RIGHT, State, after

TEMPLATE = """\
format = 1
topic = "loss"

[[skills]]
name = "log-loss"
title = "Log loss of one example"
prompt = "The true label is y = {y} and the model predicts ŷ = {yhat}. What is the log loss L?"
run = "loss --y {y} --yhat {yhat}"
path = "result"
decimals = 3
hints = [
    "Log loss is L = −[y·ln(ŷ) + (1 − y)·ln(1 − ŷ)]; with y = {y} only one term is left.",
    "With y = 1 it is −ln(ŷ); with y = 0 it is −ln(1 − ŷ). Use the natural log ln.",
]
slips = ["log10", "sign"]
require = ["answer >= 0.05"]
[skills.params]
y = { choices = [0, 1] }
yhat = { low = 0.05, high = 0.95, decimals = 2 }

[[skills]]
name = "squared-loss"
title = "Squared loss of one example"
prompt = "The true value is y = {y} and the model predicts ŷ = {yhat}. What is the squared loss L = (y − ŷ)²?"
run = "loss --y {y} --yhat {yhat} --loss squared"
path = "result"
decimals = 2
hints = [
    "Subtract first: y − ŷ = {y} − {yhat}.",
    "Then square the difference: a negative number squared is positive.",
]
slips = ["not_squared", "sign"]
require = ["abs(y - yhat) >= 0.2"]
[skills.params]
y = { low = -3, high = 5, decimals = 1 }
yhat = { low = -3, high = 5, decimals = 1 }
"""
SEED = 3
PROMPT = "Your answer (or hint, skip, quit): "


def write_template(folder) -> str:
    path = folder / "skills.toml"
    path.write_text(TEMPLATE, encoding="utf-8")
    return str(path)


@pytest.fixture
def home(monkeypatch, tmp_path):
    monkeypatch.setenv("NNEXPLAIN_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def skills_file(tmp_path):
    return write_template(tmp_path)


def expected(path, *names, seed=SEED):
    """The problems a drill with --seed draws when the schedule picks ``names`` in turn."""
    skills, rng = load_file(path), np.random.default_rng(seed)
    return [draw(skills[name], rng) for name in names]


def practise(path, input, *args, count=1):
    more = ["--count", str(count)] if count else []
    return CliRunner().invoke(cli, ["practice", "--templates", path, "--seed", str(SEED), *more, *args],
                              input=input, env={"COLUMNS": "100"})


def saved(home) -> dict:
    return json.loads((home / "practice.json").read_text(encoding="utf-8"))


def state(home, path, name) -> dict:
    return saved(home)["skills"][practice_record.file_key(path, name)]


def warnings(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Warning:")]


# --- the drill ----------------------------------------------------------------------


def test_a_right_answer_moves_the_skill_up(home, skills_file):
    (problem,) = expected(skills_file, "log-loss")
    result = practise(skills_file, problem.shown_answer() + "\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Problem 1 of 1 · Log loss of one example · box 1" in out
    assert problem.prompt.split("?")[0] in out and "Answer to 3 decimal places." in out
    assert f"Right! The answer is {problem.shown_answer()}" in out
    assert "The worked solution:" not in out
    assert "Done: 1 of 1 right at the first try this session; progress saved." in out
    assert state(home, skills_file, "log-loss") == {"box": 2, "due": 5, "answered": 1, "right": 1, "streak": 1,
                                                    "best": 1, "recent": "R"}
    assert saved(home)["problems"] == 1


def test_a_slip_is_named_then_the_answer_and_the_worked_solution(home, skills_file):
    (problem,) = expected(skills_file, "log-loss")
    slip = f"{problem.answer / math.log(10):.3f}"
    result = practise(skills_file, slip + "\n")
    out = result.stdout
    assert result.exit_code == 0, result.output
    assert "log₁₀" in out and "Try again" not in out
    assert f"The answer is {problem.shown_answer()}" in out
    worked = out.split("The worked solution:")[1]
    assert "Log loss" in worked and f"Try it yourself: {problem.command}" in worked
    assert state(home, skills_file, "log-loss")["box"] == 1
    assert state(home, skills_file, "log-loss")["recent"] == "M"
    assert "0 of 1 right at the first try" in out


def test_a_close_answer_is_called_close(home, skills_file):
    (problem,) = expected(skills_file, "log-loss")
    result = practise(skills_file, f"{problem.answer + 0.003:.3f}\n")
    assert "Close, but not right to 3 decimal places" in result.stdout
    assert f"The answer is {problem.shown_answer()}" in result.stdout


def test_hints_keep_the_box_and_then_give_the_worked_solution(home, skills_file):
    (problem,) = expected(skills_file, "log-loss")
    result = practise(skills_file, f"hint\nhint\n{problem.shown_answer()}\n")
    out = result.stdout
    assert "Hint 1 of 2: Log loss is" in out and "Hint 2 of 2: With y = 1" in out
    assert "Right! The answer is" in out and "The worked solution:" not in out
    saved_state = state(home, skills_file, "log-loss")
    assert (saved_state["box"], saved_state["right"], saved_state["recent"]) == (1, 0, "H")

    result = practise(skills_file, "hint\nhint\nhint\nhint\nskip\n")
    out = result.stdout
    assert "That was the last hint. Type hint again for the worked solution" in out
    assert out.count("The worked solution:") == 1  # skip does not show it twice


def test_solution_at_once_then_right_counts_as_missed(home, skills_file):
    (problem,) = expected(skills_file, "log-loss")
    result = practise(skills_file, f"solution\n{problem.shown_answer()}\n")
    assert result.stdout.count("The worked solution:") == 1
    assert state(home, skills_file, "log-loss")["recent"] == "M"


def test_skip_reveals_and_a_non_answer_is_asked_again(home, skills_file):
    first, second = expected(skills_file, "log-loss", "squared-loss")
    result = practise(skills_file, f"skip\nabc\n1,5\n{second.shown_answer()}\n", count=2)
    out = result.stdout
    assert result.exit_code == 0, result.output
    assert f"The answer is {first.shown_answer()}" in out and "The worked solution:" in out
    assert "Problem 2 of 2 · Squared loss of one example · box 1" in out
    assert out.count(PROMPT) == 4  # abc and 1,5 were asked again, not counted as wrong
    assert "Right! The answer is" in out
    assert "1 of 2 right at the first try" in out
    record = saved(home)
    assert record["problems"] == 2 and state(home, skills_file, "squared-loss")["recent"] == "R"


def test_a_missed_skill_comes_back_within_two_problems(home, skills_file):
    # log-loss right (box 2, due 5); squared-loss missed at 2 (due 4): it is problem 3.
    first, second, third = expected(skills_file, "log-loss", "squared-loss", "squared-loss")
    result = practise(skills_file, f"{first.shown_answer()}\nskip\n{third.shown_answer()}\n", count=3)
    assert "Problem 3 of 3 · Squared loss of one example · box 1" in result.stdout
    assert f"Right! The answer is {third.shown_answer()}" in result.stdout


def test_the_same_seed_gives_the_same_session(home, skills_file):
    answers = "0.5\nskip\n1\n"
    first = practise(skills_file, answers, count=3).stdout
    (home / "practice.json").unlink()
    assert practise(skills_file, answers, count=3).stdout == first


@pytest.mark.parametrize("typed, how, stream", [("quit\n", "Stopped", "stdout"), ("", "End of input", "stderr")])
def test_quit_and_end_of_input_stop_with_a_summary(home, skills_file, typed, how, stream):
    (problem,) = expected(skills_file, "log-loss")
    result = practise(skills_file, f"{problem.shown_answer()}\n{typed}", count=None)
    assert result.exit_code == 0, result.output
    line = f"{how}: 1 of 1 right at the first try this session; progress saved."
    assert line in getattr(result, stream)
    assert saved(home)["problems"] == 1


def test_help_lists_the_commands(home, skills_file):
    result = practise(skills_file, "help\nquit\n", count=None)
    assert "solution (the worked solution now)" in result.stdout


def test_select_by_skill_topic_or_nothing(skills_file):
    skills = load_file(skills_file)
    assert select(skills, ()) == ["log-loss", "squared-loss"]
    assert select(skills, ("squared-loss", "log-loss")) == ["log-loss", "squared-loss"]
    assert select(skills, ("loss",)) == ["log-loss", "squared-loss"]
    with pytest.raises(SelectError, match="did you mean 'log-loss'"):
        select(skills, ("log-los",))
    with pytest.raises(SelectError, match="the lesson 'neuron' has no practice skills"):
        select(skills, ("neuron",), lessons=("neuron",))


# --- the saved record --------------------------------------------------------------


def good(**fields):
    entry = {"box": 2, "due": 5, "answered": 1, "right": 1, "streak": 1, "best": 1, "recent": "R"} | fields
    return json.dumps({"format": 1, "problems": 1, "skills": {"log-loss": entry}})


HOSTILE = {
    "garbage bytes": bytes(range(256)) * 4,
    "empty": b"",
    "null": "null",
    "deep nesting": "[" * 100_000 + "]" * 100_000,
    "5000-digit count": '{"format": 1, "problems": 1' + "0" * 5000 + ', "skills": {}}',
    "box 6": good(box=6),
    "box 0": good(box=0),
    "box as text": good(box="2"),
    "count as float": good(answered=1.0),
    "count as bool": good(right=True),
    "negative due": good(due=-1),
    "right above answered": good(right=2),
    "recent too long": good(recent="R" * 11),
    "recent unknown letter": good(recent="X"),
    "unknown field": good(extra=1),
    "format 2": json.dumps({"format": 2, "problems": 0, "skills": {}}),
    "skills as list": json.dumps({"format": 1, "problems": 0, "skills": []}),
    "problems missing": json.dumps({"format": 1, "skills": {}}),
    "a lesson progress file": json.dumps({"format": 1, "lessons": {}}),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_any_content_gives_one_warning_and_a_fresh_start(home, skills_file, name):
    home.mkdir(parents=True)
    content = HOSTILE[name]
    (home / "practice.json").write_bytes(content if isinstance(content, bytes) else content.encode())
    result = CliRunner().invoke(cli, ["practice", "--stats", "--templates", skills_file])
    assert result.exit_code == 0, result.output
    assert len(warnings(result)) == 1 and result.stderr.count("\n") == 1, result.stderr
    assert "starting afresh" in result.stderr and "practice progress file" in result.stderr
    assert "No practice yet" in result.stdout
    result = practise(skills_file, "skip\n")
    assert result.exit_code == 0 and len(warnings(result)) == 1
    assert saved(home)["problems"] == 1  # replaced by a good file


def test_a_good_record_is_read_back(home, skills_file):
    record = practice_record.Record()
    record.put("log-loss", after(None, RIGHT, 1), 1)
    again = practice_record.Record()
    assert again.warning is None and again.problems == 1
    assert again.get("log-loss") == State(box=2, due=5, answered=1, right=1, streak=1, best=1, recent="R")


def test_a_folder_in_place_warns_once_and_never_says_saved(home, skills_file):
    (home / "practice.json").mkdir(parents=True)
    result = practise(skills_file, "skip\nskip\n", count=2)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("Warning: cannot save practice progress") == 1
    assert "progress saved" not in result.output
    assert "progress NOT saved (see the warning above)" in result.stderr


def test_a_full_disk_never_says_saved(home, skills_file, monkeypatch):
    def refuse(path, mode="w"):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(store, "atomic_file", refuse)
    result = practise(skills_file, "skip\n")
    assert len(warnings(result)) == 1 and os.strerror(errno.ENOSPC) in warnings(result)[0]
    assert "progress NOT saved" in result.stderr and not (home / "practice.json").exists()


def test_a_save_merges_only_its_own_skill(home):
    first, second = practice_record.Record(), practice_record.Record()  # both loaded from nothing
    first.put("a", after(None, RIGHT, 1), 1)
    second.put("b", after(None, RIGHT, 1), 1)
    first.put("a", after(first.get("a"), RIGHT, 2), 2)
    skills = saved(home)["skills"]
    assert skills["a"]["box"] == 3 and skills["b"]["box"] == 2
    assert saved(home)["problems"] == 2


def test_the_record_is_bounded(home, monkeypatch):
    monkeypatch.setattr(practice_record, "MAX_SKILLS", 3)
    record = practice_record.Record()
    for number in range(1, 6):
        record.put(f"skill-{number}", after(None, RIGHT, number), number)
    assert sorted(saved(home)["skills"]) == ["skill-3", "skill-4", "skill-5"]  # the most recently due


HAMMER = """
import sys
from nnexplain.practice.record import Record
from nnexplain.practice.schedule import after
key, count = sys.argv[1], int(sys.argv[2])
record, state = Record(), None  # loaded once, before the other process wrote anything
for number in range(1, count + 1):
    state = after(state, "right", number)
    record.put(key, state, number)
"""


def test_two_processes_saving_at_once_lose_nothing(home):
    env = os.environ | {"NNEXPLAIN_HOME": str(home)}
    keys = ["one", "two", "three"]
    processes = [subprocess.Popen([sys.executable, "-c", HAMMER, key, "40"], env=env) for key in keys]
    for process in processes:
        assert process.wait(timeout=60) == 0
    document = saved(home)
    assert {key: document["skills"][key]["answered"] for key in keys} == {key: 40 for key in keys}
    assert document["problems"] == 40
    assert not [name for name in os.listdir(home) if name.endswith(".part")]
