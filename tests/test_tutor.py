"""The lesson runner as a tutor, driven through a pseudo-terminal as a learner drives it:
moving around (back, again, steps, goto), staged hints and the worked solution, every
kind of slip named with its number, exact counts, first-try scores across a redo, the
figures folder remembered on resume, a step taller than the terminal shown a page at a
time, and Ctrl-C / Ctrl-D messages on a fresh line.

Each session is a fork of this test process (no new interpreter), so the module is fast.
"""

import json
import time
from pathlib import Path

import pytest
from pty_terminal import Terminal

from nnexplain.lesson import answers, catalog
from nnexplain.lesson.format import Slip, load_lesson

FIXTURE = Path(__file__).parent / "lessons_fixture"
TUTOR = str(FIXTURE / "tutor.toml")
TALL = str(FIXTURE / "tall.toml")


class Tutor(Terminal):
    """``nnexplain lesson run ARGS`` in a pseudo-terminal of ``rows`` × ``columns``."""

    def __init__(self, home: Path, *args, rows=40, columns=100):
        super().__init__(home, "lesson", "run", *args, rows=rows, columns=columns)


PROMPT = "Your answer (or hint, skip, quit): "
PAUSE = "Press Enter to continue (or type help): "


@pytest.fixture
def home(tmp_path):
    return tmp_path / "home"


def saved(home, key):
    return json.loads((home / "progress.json").read_text(encoding="utf-8"))["lessons"][key]


def test_commands_are_shown_once_and_back_again_steps_goto(home):
    tutor = Tutor(home, TUTOR)
    tutor.expect("Commands at any prompt: back, again, steps, goto N, hint, skip, quit, help.")
    tutor.expect("Step 1 of 7 · Start")
    tutor.expect(PAUSE)
    tutor.answer("hello")  # not a command: a reminder, not Enter
    tutor.expect("That is not a command")
    tutor.expect(PAUSE)
    tutor.answer("back")
    tutor.expect("This is the first step")
    tutor.answer("")
    tutor.expect("Step 2 of 7 · Log loss")
    tutor.expect(PROMPT)
    tutor.answer("back")
    tutor.expect("Step 1 of 7 · Start")
    tutor.expect(PAUSE)
    tutor.answer("again")
    tutor.expect("Step 1 of 7 · Start")
    tutor.expect(PAUSE)
    tutor.answer("steps")
    listing = tutor.expect(PAUSE)
    assert "1. Start  ← you are here" in listing and "6. A count" in listing
    tutor.answer("goto 9")
    tutor.expect("Type goto and a step number from 1 to 7")
    tutor.answer("goto 6")
    tutor.expect("Step 6 of 7 · A count")
    tutor.expect(PROMPT)
    tutor.answer("help")
    tutor.expect("back (the previous step)")
    tutor.answer("quit")
    tutor.expect("Progress saved (5 of 7 steps done)")
    assert tutor.finish() == 0
    assert saved(home, "file:" + str(Path(TUTOR).resolve()))["step"] == 5


def test_staged_hints_then_the_worked_solution(home):
    tutor = Tutor(home, TUTOR)
    tutor.expect(PAUSE)
    tutor.answer("")
    tutor.expect(PROMPT)
    for number, text in enumerate(["Only the first term counts.", "L = −ln(ŷ).", "ŷ = 0.1 here."], start=1):
        tutor.answer("hint")
        tutor.expect(f"Hint {number} of 3: {text}")
    tutor.answer("hint")
    tutor.expect("That was the last hint. Type hint again for the worked solution")
    tutor.answer("hint")
    tutor.expect("The worked solution:")
    tutor.expect("Try it yourself: nnexplain loss --y 1 --yhat 0.1")
    tutor.answer("2.30")
    tutor.expect("Right! The answer is 2.30")
    tutor.answer("quit")
    assert tutor.finish() == 0
    entry = saved(home, "file:" + str(Path(TUTOR).resolve()))
    assert entry["answered"] == [2] and entry["first_right"] == []  # the solution was seen first


@pytest.mark.parametrize("typed, says", [
    ("-2.30", "It looks like the sign is flipped: −2.30 has the right size"),
    ("1", "It looks like you used log₁₀ instead of the natural log ln: log₁₀ gives 1.00;"),
    ("230.26", "It looks like you answered in percent (230.26)"),
    ("5.30", "It looks like you squared it, and this answer is not squared: that gives 5.30."),
    ("1.52", "It looks like you forgot to square (or took a square root): that gives 1.52."),
    ("0.11", "It looks like you used the other class's term: −ln(1 − 0.1) ≈ 0.105."),
    ("2.12", "It looks like you rounded too early: that gives 2.12."),
])
def test_every_engine_and_run_slip_is_named_with_its_number(home, typed, says):
    tutor = Tutor(home, TUTOR, "--restart")
    tutor.expect(PAUSE)
    tutor.answer("")
    tutor.expect(PROMPT)
    tutor.answer(typed)
    tutor.expect(says)
    tutor.expect(PROMPT)
    tutor.answer("quit")
    assert tutor.finish() == 0


def test_slips_in_later_questions_and_the_you_need_strip(home):
    tutor = Tutor(home, TUTOR)
    tutor.expect(PAUSE)
    tutor.answer("goto 3")
    strip = tutor.expect(PROMPT)
    assert "You need: The loss from step 2: 2.30" in strip
    assert strip.index("Answer to 1 decimal place.") < strip.index("You need:")
    tutor.answer("-2")
    tutor.expect("It looks like you left out the bias: without it z = −2; add b = 3.")
    tutor.answer("2.5")
    tutor.expect("It looks like you swapped the weight's row and column: that gives 2.5.")
    tutor.answer("skip")
    tutor.expect(PAUSE)
    tutor.answer("")
    tutor.expect(PROMPT)
    tutor.answer("0.734")
    tutor.expect("It looks like you summed instead of averaging (forgot the 1/m): that gives 0.734.")
    tutor.answer("skip")
    tutor.expect(PAUSE)
    tutor.answer("")
    tutor.expect(PROMPT)
    tutor.answer("1.1")
    tutor.expect("It looks like you stepped in the wrong direction")
    tutor.answer("0.9")
    tutor.expect("Right!")
    tutor.expect(PAUSE)
    tutor.answer("")
    tutor.expect("Answer as a whole number (an exact count).")
    tutor.expect(PROMPT)
    for typed in ("15.5", "16.4"):  # never taken for 16
        tutor.answer(typed)
        tutor.expect(f"'{typed}' is not a whole number; give the exact count.")
    tutor.answer("16")
    tutor.expect("Right! The answer is 16")
    tutor.answer("quit")
    assert tutor.finish() == 0


def _all_right(home, *args, first_wrong=False):
    """Take the tutor lesson answering everything right (one wrong try first if asked)."""
    tutor = Tutor(home, TUTOR, *args)
    tutor.expect(PAUSE)
    tutor.answer("")
    for right in ("2.30", "1", "0.367", "0.9", "16"):
        tutor.expect(PROMPT)
        if first_wrong:
            tutor.answer("7")
            tutor.expect("Not quite")
        tutor.answer(right)
        tutor.expect("Right!")
        tutor.expect(PAUSE)
        tutor.answer("")
    assert tutor.finish() == 0
    return tutor.seen


def test_first_try_scores_across_a_redo(home, monkeypatch):
    from click.testing import CliRunner

    from nnexplain.cli import cli

    key = "file:" + str(Path(TUTOR).resolve())
    first = _all_right(home, first_wrong=True)
    assert "Lesson complete: 0 of 5 questions right at the first try." in first
    assert "To revisit: step 2 (Log loss), step 3 (A neuron)" in first
    assert (saved(home, key)["best"], saved(home, key)["best_of"], saved(home, key)["done"]) == (0, 5, True)
    second = _all_right(home)
    assert "Lesson complete: 5 of 5 questions right at the first try." in second and "To revisit" not in second
    assert (saved(home, key)["best"], saved(home, key)["done"]) == (5, True)
    third = _all_right(home, first_wrong=True)  # a worse redo keeps the best score and "done"
    assert "Your best is still 5 of 5 at the first try." in third
    assert (saved(home, key)["best"], saved(home, key)["done"]) == (5, True)
    # lesson list shows the best first-try score of the shipped (fixture) lessons
    progress = json.loads((home / "progress.json").read_text(encoding="utf-8"))
    progress["lessons"]["tutor"] = progress["lessons"].pop(key)
    (home / "progress.json").write_text(json.dumps(progress), encoding="utf-8")
    monkeypatch.setattr(catalog, "shipped_folder", lambda: FIXTURE)
    listing = CliRunner().invoke(cli, ["lesson", "list"], env={"COLUMNS": "100", "NNEXPLAIN_HOME": str(home)})
    row = next(line for line in listing.stdout.splitlines() if " tutor " in line)
    assert row.rstrip().endswith("done · 5/5 first try")


def _through_pages(tutor):
    """Enter at every "more" prompt of a step (a figure drawn in the terminal may be tall)."""
    while tutor.expect_any("Enter for the next page, or a command: ", PAUSE) != PAUSE:
        tutor.answer("")


def test_the_figures_folder_is_remembered_on_resume(home, tmp_path):
    drawn = str(FIXTURE / "drawn.toml")
    figures = tmp_path / "figs"
    tutor = Tutor(home, drawn, "--figures", str(figures))
    _through_pages(tutor)
    tutor.answer("quit")
    assert tutor.finish() == 0
    assert (figures / "drawn-1.png").stat().st_size > 0
    (figures / "drawn-1.png").unlink()
    entry = saved(home, "file:" + str(Path(drawn).resolve()))
    assert entry["figures"] == str(figures.absolute())
    tutor = Tutor(home, drawn)  # no --figures: the folder of the last run
    _through_pages(tutor)
    tutor.answer("quit")
    assert tutor.finish() == 0
    assert (figures / "drawn-1.png").stat().st_size > 0


def test_a_step_taller_than_the_terminal_is_shown_a_page_at_a_time(home):
    tutor = Tutor(home, TALL, rows=20, columns=80)
    first = tutor.expect("— more (1 of 3) —")
    assert "Step 1 of 2 · Tall" in first and "Line number 45" not in first
    page = first[first.index("Step 1 of 2"):]
    assert 10 <= len(page.strip("\n").split("\n")) <= 19  # a page and the "more" line fit 20 rows
    tutor.answer("what")
    tutor.expect("(Press Enter for the rest of this step, or type help for the commands.)")
    tutor.answer("")
    second = tutor.expect("— more (2 of 3) —")
    assert "Line number 45" not in second
    tutor.answer("")
    third = tutor.expect(PAUSE)
    assert "45. Line number 45 of a tall step." in third  # numbered lists keep their dots
    tutor.answer("quit")
    assert tutor.finish() == 0


@pytest.mark.parametrize("key, message", [("\x03", "Interrupted: progress saved"), ("\x04", "End of input: progress saved")])
def test_ctrl_c_and_ctrl_d_messages_start_on_a_fresh_line(home, key, message):
    tutor = Tutor(home, TUTOR)
    tutor.expect(PAUSE)
    time.sleep(0.3)  # let the line editor take the terminal first (it may flush typed-ahead input)
    tutor.send(key)
    before = tutor.expect(message)
    assert before.endswith("\n"), repr(before)
    code = tutor.finish()
    assert code == (130 if key == "\x03" else 0)


def test_lesson_check_refuses_a_slip_that_equals_the_answer(tmp_path):
    from nnexplain.lesson.check import check_path

    bad = tmp_path / "bad.toml"
    bad.write_text((FIXTURE / "tutor.toml").read_text(encoding="utf-8").replace(
        'run = "neuron --x 2,3 --w 0.5,-1 --b 0 --activation identity"',
        'run = "neuron --x 2,3 --w 0.5,-1 --b 3 --activation identity"'), encoding="utf-8")
    problems = check_path(bad).problems
    assert any("slip 1 (no_bias): gives 1.0, which counts as the right answer" in p for p in problems), problems


def test_engine_slips_are_computed_not_matched():
    assert answers.engine_slip("sign", 2.5) == -2.5
    assert answers.engine_slip("log10", 2.302585092994046) == pytest.approx(1.0)
    assert answers.engine_slip("percent", 0.25) == 25.0
    assert answers.engine_slip("squared", 3.0) == 9.0
    assert answers.engine_slip("not_squared", 9.0) == 3.0
    assert answers.engine_slip("not_squared", -1.0) is None
    start = Slip("wrong_direction", "neuron --x 1 --w 1 --b 0 --activation identity", "result")
    assert answers.slip_value(start, 0.9) == pytest.approx(1.1)


def test_the_shipped_lessons_declare_slips_and_staged_hints():
    for name in ("loss", "neuron", "cost", "gradient-descent"):
        questions = load_lesson(catalog.shipped_folder().joinpath(f"{name}.toml").read_bytes(), name).questions
        assert any(q.slips for q in questions), name
        assert any(len(q.hints) > 1 for q in questions), name
