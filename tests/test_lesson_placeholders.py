"""Computed numbers in lesson text: ``{{run.path:format}}`` placeholders filled from a
command's JSON document, and ``lesson check`` failing on any that cannot be filled."""

import json

import pytest
from click.testing import CliRunner

from cli_checks import FAILED, error_line
from nnexplain.cli import cli
from nnexplain.lesson import placeholders
from nnexplain.lesson.format import read_lesson

HEAD = 'format = 1\nname = "demo"\ntitle = "Demo"\nsummary = "A demo."\nminutes = 3\n'
RUNS = '[runs]\npoor = "loss --y 1 --yhat 0.1"\nsq = "loss --y 3 --yhat 2.5 --loss squared"\n'


@pytest.fixture(autouse=True)
def lesson_home(monkeypatch, tmp_path):
    monkeypatch.setenv("NNEXPLAIN_HOME", str(tmp_path / "home"))


def text_step(text, title=None):
    head = '[[steps]]\nkind = "text"\n' + (f"title = {json.dumps(title)}\n" if title else "")
    return head + f"text = {json.dumps(text)}\n"


def filled_text(text, runs=None):
    if runs is None:  # only the runs the text uses (an unused run is a problem)
        runs = "\n".join(line for line in RUNS.splitlines() if "=" not in line or f"{{{{{line.split()[0]}." in text.replace(" ", "")) + "\n"
    lesson, problems = read_lesson((HEAD + runs + text_step(text)).encode(), "demo.toml")
    assert not problems, problems
    done, problems = placeholders.fill(lesson)
    assert not problems, problems
    return done.steps[0].text


def loss_json(*args):
    result = CliRunner().invoke(cli, ["loss", *args, "--format", "json"])
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    "written, expected",
    [
        ("{{poor.result}}", "2.3026"),  # the tool's own format, precision 4
        ("{{poor.result:2}}", "2.3"),
        ("{{poor.result:.3f}}", "2.303"),
        ("{{ poor.result:.1f }}", "2.3"),
        ("{{poor.steps.0.value:.2f}}", "−2.30"),  # the typographic minus
        ("{{sq.result:.1%}}", "25.0%"),
        ("{{sq.steps.-1.value:.2f}}", "0.25"),
    ],
)
def test_placeholders_are_filled_from_the_commands_json(written, expected):
    assert filled_text(f"L = {written}.") == f"L = {expected}."


def test_the_number_is_the_commands_own():
    document = loss_json("--y", "1", "--yhat", "0.1")
    assert filled_text("{{poor.result:.12f}}") == f"{document['result']:.12f}"


def test_a_whole_number_format_and_no_negative_zero():
    runs = '[runs]\ncount = "forward"\ntiny = "loss --y 1 --yhat 0.999999999"\n'
    text = filled_text("{{count.inputs.x.0:d}} and {{tiny.steps.0.value:.2f}}", runs)
    assert text == "2 and 0.00"


def test_every_text_field_of_a_step_is_filled():
    question = """[[steps]]
kind = "question"
title = "About {{poor.result:.1f}}"
prompt = "Is it {{poor.result:.2f}}?"
choices = ["yes, {{poor.result:.2f}}", "no"]
answer = 1
hint = "−ln(0.1) = {{poor.result:.2f}}"
explanation = "It is {{poor.result:.3f}}; squared {{sq.result:.2f}}."
"""
    lesson, problems = read_lesson((HEAD + RUNS + question).encode(), "demo.toml")
    assert not problems
    step = placeholders.fill(lesson)[0].steps[0]
    assert (step.title, step.prompt, step.choices[0], step.hint) == (
        "About 2.3", "Is it 2.30?", "yes, 2.30", "−ln(0.1) = 2.30")
    assert step.explanation == "It is 2.303; squared 0.25."


@pytest.mark.parametrize(
    "text, runs, mention",
    [
        ("{{nope.result}}", RUNS, "{{nope.result}} names the run 'nope', which [runs] does not define"),
        ("{{poor}}", RUNS, "{{poor}} is not a placeholder"),
        ("{{poor.result:.3g}}", RUNS, "the format '.3g' is not one of N, .Nf, .N% or d"),
        ("{{poor.result:.20f}}", RUNS, "asks for 20 digits; at most 15"),
        ("{{poor.result}}", '[runs]\npoor = 3\n', "runs.poor: expected a command line as text"),
        ("{{poor.result}}", '[runs]\nPoor = "loss --y 1 --yhat 0.1"\n', "runs.Poor: a run's name is lowercase"),
        ("x", 'runs = "loss"\n', "runs: expected a table"),
    ],
)
def test_malformed_placeholders_are_problems_before_anything_runs(text, runs, mention):
    _, problems = read_lesson((HEAD + runs + text_step(text)).encode(), "demo.toml")
    assert any(mention in p for p in problems), problems


def test_the_lesson_title_and_summary_quote_no_numbers():
    head = HEAD.replace('title = "Demo"', 'title = "Demo {{poor.result}}"')
    _, problems = read_lesson((head + RUNS + text_step("{{poor.result}} {{sq.result}}")).encode(), "demo.toml")
    assert problems == ["demo.toml: title: may not quote computed numbers ({{...}}); "
                        "`lesson list` shows it without running anything"]


@pytest.mark.parametrize(
    "text, runs, mention",
    [
        ("{{poor.resultx:.2f}}", RUNS.replace('sq = "loss --y 3 --yhat 2.5 --loss squared"\n', ""),
         "demo.toml: step 1 (text): text: {{poor.resultx:.2f}}: the document has no 'resultx'"),
        ("{{poor.title}}", RUNS.replace('sq = "loss --y 3 --yhat 2.5 --loss squared"\n', ""),
         "{{poor.title}}: title is the text"),
        ("{{poor.result:d}}", RUNS.replace('sq = "loss --y 3 --yhat 2.5 --loss squared"\n', ""),
         "{{poor.result:d}}: is 2.302585, not a whole number"),
        ("{{poor.result}}", '[runs]\npoor = "loss --y 2 --yhat 0.1"\n',
         "demo.toml: runs.poor: nnexplain loss --y 2 --yhat 0.1 --format json failed: Invalid value for '--y'"),
        ("{{poor.result}}", RUNS, "demo.toml: runs.sq: is never used"),
    ],
)
def test_lesson_check_fails_on_a_placeholder_that_does_not_resolve(tmp_path, text, runs, mention):
    path = tmp_path / "demo.toml"
    path.write_text(HEAD + runs + text_step(text), encoding="utf-8")
    result = CliRunner().invoke(cli, ["lesson", "check", str(path)])
    error_line(result, "1 problem in 1 of 1 file", exit_code=FAILED)
    assert mention in result.stderr.replace(str(tmp_path) + "/", ""), result.stderr


def test_a_learner_sees_the_filled_numbers(tmp_path):
    path = tmp_path / "demo.toml"
    path.write_text(HEAD + RUNS + text_step("L = {{poor.result:.3f}}, {{sq.result:.2f}}"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["lesson", "run", str(path), "--no-input"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert "L = 2.303, 0.25" in result.stdout and "{{" not in result.stdout
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["lesson", "export", str(path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "L = 2.303, 0.25" in (out / "demo.md").read_text(encoding="utf-8")


def test_a_lesson_that_cannot_be_filled_is_refused_with_its_problems(tmp_path):
    path = tmp_path / "demo.toml"
    path.write_text(HEAD + '[runs]\npoor = "loss --y 1 --yhat 0.1"\n' + text_step("{{poor.nothing}}"),
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["lesson", "run", str(path), "--no-input"])
    error_line(result, "has 1 problem", exit_code=FAILED)
    assert "the document has no 'nothing'" in result.stderr
