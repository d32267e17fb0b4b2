"""``lesson export``: a Markdown handout with worked tables, answers and figures beside
it, written atomically; bad output folders give one Error line."""

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli_checks import FAILED, error_line
from nnexplain.cli import cli
from nnexplain.lesson import catalog

FIXTURE = Path(__file__).parent / "lessons_fixture"


@pytest.fixture(autouse=True)
def lesson_home(monkeypatch, tmp_path):
    monkeypatch.setenv("NNEXPLAIN_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(catalog, "shipped_folder", lambda: FIXTURE)


def export(*args):
    return CliRunner().invoke(cli, ["lesson", "export", *args])


def test_export_writes_markdown_with_tables_and_answers(tmp_path):
    out = tmp_path / "handouts"  # created when missing
    result = export("tiny", "--format", "markdown", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"Wrote {out / 'tiny.md'}."
    text = (out / "tiny.md").read_text(encoding="utf-8")
    print(text)
    assert text.startswith("# A tiny lesson\n\nFive steps that use every kind but figures.\n")
    assert "## Step 1: Hello\n\nSome **Markdown** text." in text
    assert "Try it yourself: `nnexplain loss --y 1 --yhat 0.1`" in text
    assert "| Step | What | Formula | With numbers | Value |" in text  # the command's own Markdown
    assert "**Question 1.** Log loss for y = 1, ŷ = 0.1?\n\n*Answer to 2 decimal places.*" in text
    assert "> **Hint:** −ln(0.1)" in text
    assert "**Answer:** 2.30 (the tool computes 2.302585)" in text
    assert "1. ln 2\n2. ln 3" in text and "**Answer:** 2. ln 3" in text
    assert "## Step 5: Recap\n\n- one\n- two\n" in text
    assert sorted(os.listdir(out)) == ["tiny.md"]


def test_answers_wait_in_an_answer_key_at_the_end(tmp_path):
    assert export("tiny", "--out", str(tmp_path)).exit_code == 0
    text = (tmp_path / "tiny.md").read_text(encoding="utf-8")
    body, key = text.split("\n## Answer key\n")
    # the steps ask (with hints) but do not answer; the recap is still the last step
    assert "**Answer:**" not in body and "It is −ln(0.1)." not in body
    assert "> **Hint:** ln grows." in body and "## Step 5: Recap" in body
    assert "*The answer is in the answer key at the end (question 1).*" in body
    assert "**Question 2.** Which is bigger?" in body
    # the key: each question in order, named by its step, with answer, check and explanation
    assert key.index("### Question 1 (step 3)") < key.index("### Question 2 (step 4)")
    assert ("### Question 1 (step 3)\n\n**Answer:** 2.30 (the tool computes 2.302585)  \n"
            "Check it: `nnexplain loss --y 1 --yhat 0.1`\n\nIt is −ln(0.1).") in key
    assert "### Question 2 (step 4)\n\n**Answer:** 2. ln 3\n\nln is increasing." in key
    assert "## Step" not in key


def test_answers_inline_keeps_each_answer_under_its_question(tmp_path):
    assert export("tiny", "--answers", "inline", "--out", str(tmp_path)).exit_code == 0
    text = (tmp_path / "tiny.md").read_text(encoding="utf-8")
    assert "Answer key" not in text and "answer key" not in text
    question = text.index("**Question 1.** Log loss")
    answer = text.index("**Answer:** 2.30")
    assert question < answer < text.index("It is −ln(0.1).") < text.index("## Step 4: Question")


def test_answers_is_a_markdown_option(tmp_path):
    error_line(export("tiny", "--format", "ipynb", "--answers", "end", "--out", str(tmp_path)),
               "--answers is for --format markdown")
    error_line(export("tiny", "--answers", "top", "--out", str(tmp_path)), "'--answers'", "end")
    assert os.listdir(tmp_path) == []


def test_every_shipped_step_has_a_title(monkeypatch):
    """No handout heading is a bare "## Step N": a step without a title of its own is a
    question or a recap, which the handout and the runner name by their kind."""
    from nnexplain.lesson import present

    monkeypatch.undo()  # the shipped lessons, not the fixture's
    assert "loss" in catalog.shipped_names()
    for name in catalog.shipped_names():
        for step in catalog.load_shipped(name).steps:
            assert step.title or step.kind in present.KIND_TITLES, f"{name} step {step.number} ({step.kind})"


def test_export_saves_figures_beside_the_handout(tmp_path):
    result = export("drawn", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "and 1 figure beside it" in result.stdout
    text = (tmp_path / "drawn.md").read_text(encoding="utf-8")
    assert "![Curves](drawn-1.png)" in text
    assert (tmp_path / "drawn-1.png").read_bytes().startswith(b"\x89PNG")
    assert "**Answer:** ∞" in text
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".part")]


def test_export_a_file_by_path(tmp_path):
    result = export(str(FIXTURE / "tiny.toml"), "--out", str(tmp_path))
    assert result.exit_code == 0 and (tmp_path / "tiny.md").exists()


def test_out_that_is_a_file(tmp_path):
    target = tmp_path / "notes.md"
    target.write_text("mine")
    error_line(export("tiny", "--out", str(target)), "'--out'", "is a file, not a folder")
    assert target.read_text() == "mine"


def test_out_that_cannot_be_written(locked_folder):
    error_line(export("tiny", "--out", str(locked_folder)), "'--out'", "cannot be written")


def test_a_failing_step_leaves_no_handout(tmp_path):
    lesson = tmp_path / "fails.toml"
    lesson.write_text('format = 1\nname = "fails"\ntitle = "F"\nsummary = "S"\nminutes = 1\n'
                      '[[steps]]\nkind = "text"\ntext = "ok"\n'
                      '[[steps]]\nkind = "worked"\nrun = "loss --y 1 --yhat 7"\n')
    out = tmp_path / "out"
    error_line(export(str(lesson), "--out", str(out)), "fails.toml: step 2 (worked): run:", exit_code=FAILED)
    assert os.listdir(out) == []


def test_a_handout_path_that_is_a_folder(tmp_path):
    (tmp_path / "tiny.md").mkdir()
    error_line(export("tiny", "--out", str(tmp_path)), "could not write", "tiny.md", exit_code=FAILED)
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".part")]


def test_only_markdown_is_offered():
    error_line(export("tiny", "--format", "html"), "'--format'", "markdown")


def test_staged_hints_are_all_in_the_handout(tmp_path):
    lesson = tmp_path / "staged.toml"
    lesson.write_text('format = 1\nname = "staged"\ntitle = "S"\nsummary = "S"\nminutes = 1\n'
                      '[[steps]]\nkind = "question"\nprompt = "2 + 2?"\nanswer = 4\ndecimals = 0\n'
                      'hints = ["Count.", "Two and two."]\nexplanation = "Four."\n', encoding="utf-8")
    result = export(str(lesson), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "staged.md").read_text(encoding="utf-8")
    assert "> **Hint 1:** Count.\n>\n> **Hint 2:** Two and two." in text
