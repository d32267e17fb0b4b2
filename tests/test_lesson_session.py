"""Taking a lesson: interactive sessions driven through stdin (right and wrong answers,
hint, skip, quit, resume, restart), the end of input and Ctrl-C, saved progress (also
when its file is broken), the read-through, list and reset. All on the tiny fixture
lessons in tests/lessons_fixture/, never the real curriculum."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli_checks import FAILED, error_line
from nnexplain.cli import cli
from nnexplain.lesson import catalog, runner

FIXTURE = Path(__file__).parent / "lessons_fixture"
_real_shipped = catalog.shipped_folder
TINY = str(FIXTURE / "tiny.toml")  # text, worked, numeric question, choice, recap
# Enter after the text and the worked example, the right answer, Enter, the right
# choice, Enter: the recap is the last step and ends the lesson.
ALL_RIGHT = "\n\n2.30\n\n2\n\n"


@pytest.fixture(autouse=True)
def lesson_home(monkeypatch, tmp_path):
    """Progress and figures go to a temporary data folder; lesson names mean the fixture set."""
    monkeypatch.setenv("NNEXPLAIN_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(catalog, "shipped_folder", lambda: FIXTURE)


def home(tmp_path):
    return tmp_path / "home"


def progress(tmp_path):
    return json.loads((home(tmp_path) / "progress.json").read_text(encoding="utf-8"))["lessons"]


def take(*args, input=None, interactive=True):
    flags = ["--input"] if interactive else []
    return CliRunner().invoke(cli, ["lesson", "run", *args, *flags], input=input, env={"COLUMNS": "100"})


def test_all_right_finishes_and_saves(tmp_path):
    result = take("tiny", input=ALL_RIGHT)
    assert result.exit_code == 0, result.output
    print(result.stdout)
    assert "Right! The answer is 2.30 (the tool computes 2.302585)" in result.stdout
    assert "Right! The answer is 2. ln 3" in result.stdout
    assert "Lesson complete: 2 of 2 questions right at the first try." in result.stdout
    assert "To revisit" not in result.stdout
    assert "Next: nnexplain lesson run drawn" in result.stdout
    assert progress(tmp_path)["tiny"] == {"step": 5, "steps": 5, "correct": 2, "skipped": 0, "done": True,
                                          "answered": [3, 4], "first_right": [3, 4], "best": 2, "best_of": 2,
                                          "figures": None}


def test_the_transcript_reads_like_a_session():
    result = take(TINY, input=ALL_RIGHT)
    out = result.stdout
    assert out.index("Step 1 of 5 · Hello") < out.index("Press Enter to continue") < out.index("Step 2 of 5")
    assert "Try it yourself: nnexplain loss --y 1 --yhat 0.1" in out
    assert "Log loss for y = 1, ŷ = 0.1?" in out and "Answer to 2 decimal places." in out
    assert "Your answer (or hint, skip, quit): 2.30\n" in out  # piped answers are echoed
    assert "Check it: nnexplain loss --y 1 --yhat 0.1" in out
    assert "Next:" not in out  # run by path: no shipped lesson follows it


def test_wrong_answers_hint_and_skip(tmp_path):
    result = take("tiny", input="\n\n3\n2.33\nhint\nskip\n\n1\nln 3\n\n")
    out = result.stdout
    assert result.exit_code == 0, result.output
    assert "Not quite. Try again, or type hint or skip." in out
    assert "Close, but not right to 2 decimal places" in out  # 2.33 is within 10 × 0.005 of 2.3026
    assert "Hint: −ln(0.1)" in out
    assert "The answer is 2.30" in out and "It is −ln(0.1)." in out
    assert "Right! The answer is 2. ln 3" in out  # a choice typed as its text
    assert "Lesson complete: 0 of 2 questions right at the first try, 1 skipped." in out
    assert "To revisit: step 3, step 4" in out
    assert progress(tmp_path)["tiny"]["skipped"] == 1


@pytest.mark.parametrize("typed, reason", [("abc", "is not a number"), ("0,5", "use a point for decimals"),
                                           ("inf", "The answer is a finite number")])
def test_not_a_number_asks_again(typed, reason):
    result = take(TINY, input=f"\n\n{typed}\n2.302585\n\n2\n\n")
    assert result.exit_code == 0, result.output
    assert reason in result.stdout
    assert result.stdout.count("Your answer (or hint, skip, quit):") == 3
    assert "Lesson complete: 2 of 2 questions right at the first try." in result.stdout


def test_a_choice_out_of_range_asks_again():
    result = take(TINY, input="\n\n2.3\n\n7\n2\n\n")
    assert "Type the number of a choice, 1 to 2" in result.stdout
    assert "2 of 2 questions right" in result.stdout


def test_quit_saves_and_resume_goes_on(tmp_path):
    first = take("tiny", input="\n\nquit\n")
    assert first.exit_code == 0, first.output
    assert "Progress saved (2 of 5 steps done). Run `nnexplain lesson run tiny` to go on." in first.stdout
    assert progress(tmp_path)["tiny"]["step"] == 2
    second = take("tiny", input="2.3\n\n2\n\n")
    assert second.exit_code == 0, second.output
    assert "Welcome back: going on from step 3 of 5" in second.stdout
    assert "Step 1 of 5" not in second.stdout and "Step 3 of 5" in second.stdout
    assert progress(tmp_path)["tiny"]["done"] is True


def test_quit_at_a_pause_keeps_that_step_to_show_again(tmp_path):
    take("tiny", input="q\n")
    assert not (home(tmp_path) / "progress.json").exists()  # nothing done yet
    assert "Step 1 of 5" in take("tiny", input="quit\n").stdout


def test_a_question_answered_then_quit_is_not_asked_again(tmp_path):
    take("tiny", input="\n\n2.3\nquit\n")
    saved = progress(tmp_path)["tiny"]
    assert {k: saved[k] for k in ("step", "correct", "skipped", "done", "first_right")} == {
        "step": 3, "correct": 1, "skipped": 0, "done": False, "first_right": [3]}
    assert "Step 4 of 5" in take("tiny", input="quit\n").stdout


def test_restart_starts_from_the_beginning(tmp_path):
    take("tiny", input="\n\nquit\n")
    result = take("tiny", "--restart", input="quit\n")
    assert "Welcome back" not in result.stdout and "Step 1 of 5" in result.stdout


def test_a_finished_lesson_starts_again(tmp_path):
    take("tiny", input=ALL_RIGHT)
    result = take("tiny", input="quit\n")
    assert "You finished this lesson before; starting again from the beginning." in result.stdout
    saved = progress(tmp_path)["tiny"]
    assert saved["done"] is True and saved["correct"] == 0


def test_end_of_input_mid_lesson_saves_and_exits_cleanly(tmp_path):
    result = take("tiny", input="\n\n")
    assert result.exit_code == 0
    assert "Traceback" not in result.output
    assert result.stderr.strip() == "End of input: progress saved (2 of 5 steps done). Run `nnexplain lesson run tiny` to go on."
    assert progress(tmp_path)["tiny"]["step"] == 2


def test_ctrl_c_saves_and_exits_130(tmp_path, monkeypatch):
    typed = iter(["", "", KeyboardInterrupt])

    def fake_read_line(prompt):
        value = next(typed)
        if value is KeyboardInterrupt:
            raise KeyboardInterrupt
        return value

    monkeypatch.setattr(runner, "read_line", fake_read_line)
    result = take("tiny")
    assert result.exit_code == 130, result.output
    assert "Traceback" not in result.output
    assert result.stderr.strip() == "Interrupted: progress saved (2 of 5 steps done). Run `nnexplain lesson run tiny` to go on."
    assert progress(tmp_path)["tiny"]["step"] == 2


def test_progress_is_written_atomically_after_every_step(tmp_path, monkeypatch):
    seen = []
    original = runner.read_line

    def watching(prompt):
        path = home(tmp_path) / "progress.json"
        seen.append(json.loads(path.read_text())["lessons"]["tiny"]["step"] if path.exists() else None)
        return original(prompt)

    monkeypatch.setattr(runner, "read_line", watching)
    take("tiny", input=ALL_RIGHT)
    assert seen == [None, 1, 2, 3, 3, 4]  # before each prompt: the steps already done
    assert [p.name for p in home(tmp_path).iterdir()] == ["progress.json"]  # no temporary files left


@pytest.mark.parametrize(
    "content, reason",
    [("{not json", "is not valid JSON"), ('{"format": 1, "lessons": {"tiny": {"step": -1}}}', "does not hold nnexplain lesson progress"),
     ("[1, 2]", "does not hold"), ('{"format": 9, "lessons": {}}', "does not hold"), (b"\xff\xfe", "cannot be read")],
)
def test_a_corrupted_progress_file_warns_and_starts_afresh(tmp_path, content, reason):
    path = home(tmp_path) / "progress.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    listing = CliRunner().invoke(cli, ["lesson", "list"], env={"COLUMNS": "100"})
    assert listing.exit_code == 0, listing.output
    warning = listing.stderr.strip()
    assert warning.startswith("Warning: the progress file ") and reason in warning
    assert warning.endswith("starting afresh (it will be replaced).") and "\n" not in warning
    result = take("tiny", input="\nquit\n")
    assert result.exit_code == 0 and "Step 1 of 5" in result.stdout
    assert progress(tmp_path)["tiny"]["step"] == 1  # replaced by a good file


def test_a_progress_file_that_cannot_be_written_warns_once_and_teaches_on(tmp_path):
    (home(tmp_path) / "progress.json").mkdir(parents=True)  # a folder where the file should be
    result = take("tiny", input=ALL_RIGHT)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("Warning: cannot save progress") == 1
    assert "Lesson complete" in result.stdout


def test_no_input_reveals_everything_and_saves_nothing(tmp_path):
    result = take("tiny", interactive=False)  # stdin is not a terminal: read-through
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Hint: −ln(0.1)" in out and "Answer: 2.30 (the tool computes 2.302585)" in out
    assert "Answer: 2. ln 3" in out and "Press Enter" not in out and "Your answer" not in out
    assert not (home(tmp_path) / "progress.json").exists()
    assert take("tiny", "--no-input", interactive=False).stdout == out


def test_figures_and_an_infinite_answer(tmp_path):
    figures = tmp_path / "figures"
    result = take("drawn", "--figures", str(figures), input="\n0.255\n\ninf\n")
    assert result.exit_code == 0, result.output
    assert (figures / "drawn-1.png").stat().st_size > 0
    assert f"Figure saved to {figures / 'drawn-1.png'}" in result.stdout
    assert "Try it yourself: nnexplain compare sigmoid tanh --plot drawn-1.png" in result.stdout
    assert "Answer within ±0.01." in result.stdout
    assert "Right! The answer is ∞" in result.stdout


def test_figures_go_to_the_data_folder_by_default(tmp_path):
    result = take("drawn", interactive=False)
    assert result.exit_code == 0, result.output
    assert (home(tmp_path) / "figures" / "drawn-1.png").exists()


def test_figures_folder_that_is_a_file(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("x")
    error_line(take("drawn", "--figures", str(afile)), "'--figures'", "is a file, not a folder")


def test_unknown_lesson_lists_the_valid_ones():
    error_line(take("tinny"), "unknown lesson 'tinny'; the lessons are: tiny, drawn", "'NAME|FILE'")


def test_missing_file_and_folder(tmp_path):
    error_line(take(str(tmp_path / "nope.toml")), "no such lesson file", "nope.toml")
    error_line(take(str(tmp_path) + "/"), "is a folder; give a lesson file")


def test_a_broken_lesson_file_lists_its_problems(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text('format = 1\nname = "x"\ntitle = "X"\nsummary = "S"\nminutes = 1\n[[steps]]\nkind = "text"\n')
    result = take(str(path))
    error_line(result, "has 1 problem", "nnexplain lesson check", exit_code=FAILED)
    assert "broken.toml: step 1 (text): text: missing (required)" in result.stderr


def test_a_step_that_fails_at_run_time_names_the_step(tmp_path):
    path = tmp_path / "fails.toml"
    path.write_text('format = 1\nname = "x"\ntitle = "X"\nsummary = "S"\nminutes = 1\n'
                    '[[steps]]\nkind = "worked"\nrun = "loss --y 5 --yhat 0.1"\n')
    error_line(take(str(path), interactive=False), "fails.toml: step 1 (worked): run:", "--y", exit_code=FAILED)


def test_list_shows_progress(tmp_path):
    take("tiny", input="\n\nquit\n")
    result = CliRunner().invoke(cli, ["lesson", "list"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["#", "Name", "Title", "Min", "Progress"]
    assert lines[2].split()[:2] == ["1", "tiny"] and lines[2].rstrip().endswith("in progress 2/5")
    assert lines[3].rstrip().endswith("new")
    assert "Go on with: nnexplain lesson run tiny" in result.stdout
    take("tiny", "--restart", input=ALL_RIGHT)
    after = CliRunner().invoke(cli, ["lesson", "list"], env={"COLUMNS": "100"}).stdout
    assert after.splitlines()[2].rstrip().endswith("done · 2/2 first try")
    assert "Next: nnexplain lesson run drawn" in after


def test_list_suggests_the_lesson_in_progress_not_the_first_new_one(tmp_path):
    take("drawn", input="quit\n")  # nothing done: still new
    take("drawn", input="\nquit\n")  # one step done
    out = CliRunner().invoke(cli, ["lesson", "list"], env={"COLUMNS": "100"}).stdout
    assert "Go on with: nnexplain lesson run drawn" in out


def test_list_fits_100_columns_with_titles_unwrapped(tmp_path, monkeypatch):
    monkeypatch.setattr(catalog, "shipped_folder", _real_shipped)
    out = CliRunner().invoke(cli, ["lesson", "list"], env={"COLUMNS": "100"}).stdout
    rows = out.splitlines()
    assert all(len(line) <= 100 for line in rows)
    for name in catalog.shipped_names():
        title = catalog.load_shipped(name).title
        assert any(title in line for line in rows), title


def test_reset_one_lesson_and_all(tmp_path):
    take("tiny", input="\nquit\n")
    take("drawn", "--figures", str(tmp_path / "f"), input="\nquit\n")
    take(TINY, input="\nquit\n")
    keys = set(progress(tmp_path))
    assert keys == {"tiny", "drawn", "file:" + TINY}
    result = CliRunner().invoke(cli, ["lesson", "reset", "tiny"])
    assert result.exit_code == 0 and "Forgot your progress in tiny" in result.stdout
    assert set(progress(tmp_path)) == keys - {"tiny"}
    again = CliRunner().invoke(cli, ["lesson", "reset", "tiny"])
    assert "No saved progress for tiny" in again.stdout
    by_path = CliRunner().invoke(cli, ["lesson", "reset", TINY])
    assert "Forgot your progress" in by_path.stdout
    everything = CliRunner().invoke(cli, ["lesson", "reset", "--all"])
    assert "Forgot the progress of 1 lesson." in everything.stdout and progress(tmp_path) == {}


@pytest.mark.parametrize("args, mentions", [([], ("or --all",)), (["tiny", "--all"], ("not both",)),
                                            (["tinny"], ("unknown lesson 'tinny'", "tiny, drawn"))])
def test_reset_errors(args, mentions):
    error_line(CliRunner().invoke(cli, ["lesson", "reset", *args]), *mentions)


def test_help_for_every_lesson_command():
    for name in ("list", "run", "reset", "check", "export"):
        result = CliRunner().invoke(cli, ["lesson", name, "-h"])
        assert result.exit_code == 0 and "Example:" in result.output
    assert "Example:" in CliRunner().invoke(cli, ["lesson", "--help"]).output


def test_shipped_lessons_are_found_without_the_fixture(monkeypatch):
    monkeypatch.undo()  # the real catalog
    from nnexplain.lesson.catalog import shipped_names

    assert shipped_names()[0] == "neuron"


def test_a_lesson_without_figures_never_imports_matplotlib(tmp_path):
    """Structural, not timed: a fresh interpreter runs a read-through and lists its modules."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from nnexplain.cli import cli\n"
        "try:\n"
        "    cli.main(['lesson', 'run', sys.argv[1], '--no-input'], prog_name='nnexplain')\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "print('matplotlib' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, TINY], capture_output=True, text=True, timeout=60,
                          env={"NNEXPLAIN_HOME": str(tmp_path), "PATH": ""})
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "False"
