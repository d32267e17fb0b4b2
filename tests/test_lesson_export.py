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
    assert "**Question.** Log loss for y = 1, ŷ = 0.1?\n\n*Answer to 2 decimal places.*" in text
    assert "> **Hint:** −ln(0.1)" in text
    assert "**Answer:** 2.30 (the tool computes 2.302585)" in text
    assert "1. ln 2\n2. ln 3" in text and "**Answer:** 2. ln 3" in text
    assert "## Step 5: Recap\n\n- one\n- two\n" in text
    assert sorted(os.listdir(out)) == ["tiny.md"]


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
