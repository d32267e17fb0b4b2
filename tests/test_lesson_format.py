"""Lesson files as data: the schema, run lines, answer paths and answer parsing, and the
one-problem-per-line messages of ``lesson check`` (file: step N (kind): field: why)."""

import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli_checks import FAILED, error_line
from nnexplain.cli import cli
from nnexplain.lesson import answers, runs
from nnexplain.lesson.format import Computed, Step, read_lesson

FIXTURE = Path(__file__).parent / "lessons_fixture"

HEAD = 'format = 1\nname = "demo"\ntitle = "Demo"\nsummary = "A demo."\nminutes = 3\n'
TEXT_STEP = '[[steps]]\nkind = "text"\ntext = "Hi."\n'
QUESTION = """[[steps]]
kind = "question"
prompt = "Loss?"
answer = { run = "loss --y 1 --yhat 0.1", path = "result" }
decimals = 2
hint = "ln"
explanation = "Because."
"""


@pytest.fixture(autouse=True)
def lesson_home(monkeypatch, tmp_path):
    """Progress and figures go to a temporary data folder, never the user's."""
    monkeypatch.setenv("NNEXPLAIN_HOME", str(tmp_path / "home"))


def problems_of(text):
    lesson, problems = read_lesson(text.encode("utf-8"), "demo.toml")
    return lesson, problems


def check_file(tmp_path, text, name="demo.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return CliRunner().invoke(cli, ["lesson", "check", str(path)])


def test_a_good_lesson_parses_into_steps():
    lesson, problems = problems_of(HEAD + TEXT_STEP + QUESTION)
    assert problems == []
    assert [step.kind for step in lesson.steps] == ["text", "question"]
    assert lesson.steps[1].answer == Computed("loss --y 1 --yhat 0.1", "result")
    assert lesson.steps[1].number == 2 and lesson.steps[1].decimals == 2


@pytest.mark.parametrize(
    "text, expected",
    [
        (HEAD.replace("format = 1", "format = 2") + TEXT_STEP,
         "demo.toml: lesson format 2 needs a newer nnexplain; this one reads format 1"),
        (HEAD.replace("format = 1\n", "") + TEXT_STEP, "demo.toml: format: missing"),
        (HEAD.replace('name = "demo"', 'name = "Demo Lesson"') + TEXT_STEP, "demo.toml: name: expected lowercase"),
        (HEAD.replace("minutes = 3", "minutes = 0") + TEXT_STEP, "demo.toml: minutes: expected a whole number"),
        (HEAD + "colour = 1\n" + TEXT_STEP, "demo.toml: colour: unknown field"),
        (HEAD, "demo.toml: steps: missing (required)"),
        (HEAD + '[[steps]]\nkind = "txt"\ntext = "x"\n', 'demo.toml: step 1: kind: expected one of "text"'),
        (HEAD + '[[steps]]\nkind = "text"\n', "demo.toml: step 1 (text): text: missing (required)"),
        (HEAD + '[[steps]]\nkind = "text"\ntext = "  "\n', "demo.toml: step 1 (text): text: expected non-empty text"),
        (HEAD + TEXT_STEP + QUESTION.replace('hint = "ln"\n', ""), "demo.toml: step 2 (question): hint: missing (required)"),
        (HEAD + TEXT_STEP + QUESTION.replace("hint", "hnt"), "demo.toml: step 2 (question): hnt: unknown field"),
        (HEAD + QUESTION.replace("decimals = 2\n", ""), "demo.toml: step 1 (question): decimals: a numeric question needs exactly one"),
        (HEAD + QUESTION.replace("decimals = 2", "decimals = 2\ntolerance = 0.1"), "needs exactly one of decimals"),
        (HEAD + QUESTION.replace("decimals = 2", "decimals = 11"), "step 1 (question): decimals: expected a whole number from 0 to 10"),
        (HEAD + QUESTION.replace("decimals = 2", "tolerance = -1"), "step 1 (question): tolerance: expected a positive number"),
        (HEAD + QUESTION.replace('path = "result"', 'path = "result", extra = 1'), "step 1 (question): answer.extra: unknown field"),
        (HEAD + QUESTION.replace('path = "result"', 'path = ""'), "step 1 (question): answer.path: expected non-empty text"),
        (HEAD + QUESTION.replace('answer = { run = "loss --y 1 --yhat 0.1", path = "result" }', 'answer = "2.3"'),
         "step 1 (question): answer: expected a number"),
        (HEAD + QUESTION.replace("decimals = 2", 'choices = ["a", "b"]'), "step 1 (question): answer: expected the number of the right choice, 1 to 2"),
        (HEAD + QUESTION.replace('answer = { run = "loss --y 1 --yhat 0.1", path = "result" }', 'answer = 1\nchoices = ["a"]'),
         "step 1 (question): choices: expected a list of 2 to 9"),
        (HEAD + '[[steps]]\nkind = "recap"\npoints = []\n', "step 1 (recap): points: expected a list of one or more"),
        (HEAD + 'steps = "none"\n', "demo.toml: steps: expected one or more [[steps]] tables"),
        (HEAD + '[[steps]]\nkind = "figure"\nrun = "train"\noption = "--data"\n',
         'step 1 (figure): option: expected one of "--plot", "--landscape", "--compare-rates", "--compare-batches", "--diagram", got'),
        (HEAD + '[[steps]]\nkind = "text"\ntext = "x"\noption = "--plot"\n', "step 1 (text): option: unknown field"),
        ("format = 1\nname = \n", "demo.toml: is not valid TOML"),
    ],
    ids=lambda value: value[:30] if isinstance(value, str) else None,
)
def test_schema_problems_name_file_step_and_field(text, expected):
    lesson, problems = problems_of(text)
    assert lesson is None
    assert any(expected in problem for problem in problems), problems


def test_every_problem_is_reported_not_just_the_first():
    text = HEAD.replace("minutes = 3", "minutes = -1") + QUESTION.replace('hint = "ln"\n', "").replace("decimals = 2\n", "")
    _, problems = problems_of(text)
    fields = [problem.split(": ")[-2] for problem in problems]
    assert {"minutes", "hint", "decimals"} <= set(fields), problems


def test_not_utf8_and_too_large_are_reported():
    assert read_lesson(b"\xff\xfe", "x.toml")[1] == ["x.toml: is not UTF-8 text"]
    assert "is 1,000,001 bytes" in read_lesson(b" " * 1_000_001, "x.toml")[1][0]


# --- run lines -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "run, mention",
    [
        ("lesson run neuron", "'lesson' cannot be run from a lesson"),
        ("rm -rf /", "'rm' cannot be run from a lesson"),
        ("nnexplain loss --y 1 --yhat 0.1", "leave out the leading 'nnexplain'"),
        ("loss --y 1 --yhat 0.1; rm -rf /", "contains ';'"),
        ("loss --y `rm -rf /` --yhat 0.1", "contains '`'"),
        ("loss --y $(whoami) --yhat 0.1", "contains '$'"),
        ("loss --y 1 --yhat 0.1 > out.txt", "contains '>'"),
        ("loss --y 1 --yhat 0.1 | sh", "contains '|'"),
        ("loss --y 1 --yhat 0.1 && ls", "contains '&'"),
        ("loss --y 1 --yhat 0.1 --format json", "--format is not allowed"),
        ("loss --y 1 --yhat 0.1 --plot x.png", "--plot is not allowed"),
        ("loss --y 1 --yhat 0.1 --plot=x.png", "--plot is not allowed"),
        ("cost --data secrets.csv", "--data is not allowed"),
        ("loss --help", "--help is not allowed"),
        ("loss -h", "-h is not allowed"),
        ("loss --y '1", "cannot split"),
        ("", "is empty"),
        ("__import__('os').system('ls')", "cannot be run from a lesson"),
    ],
)
def test_run_lines_are_refused_with_a_reason(run, mention):
    with pytest.raises(runs.RunError) as caught:
        runs.parse_run(run)
    assert mention in str(caught.value)


def test_a_file_option_is_refused_even_if_not_listed(monkeypatch):
    # Generic rule: any option typed as a path is refused, so a new file option on an
    # allowed command needs no change to the engine.
    monkeypatch.setattr(runs, "REFUSED", {})
    with pytest.raises(runs.RunError, match="may not read or write files"):
        runs.parse_run("cost --data x.csv")


def test_a_run_is_executed_in_process_with_the_commands_own_validation():
    assert runs.document(runs.parse_run("loss --y 1 --yhat 0.1"))["result"] == pytest.approx(2.302585092994046)
    with pytest.raises(runs.RunError, match="failed: .*--yhat"):
        runs.document(runs.parse_run("loss --y 1 --yhat 2"))


def test_the_allowed_commands_are_registered():
    from nnexplain.cli import COMMANDS

    assert set(runs.ALLOWED) <= set(COMMANDS) and "lesson" not in runs.ALLOWED


def test_lesson_text_is_never_executed(tmp_path, capsys):
    """Python, __import__ and shell syntax in a lesson are printed as text or refused."""
    marker = tmp_path / "pwned"
    text = HEAD + f'''
[[steps]]
kind = "text"
text = "__import__('os').system('touch {marker}') and `touch {marker}` and $(touch {marker})"

[[steps]]
kind = "worked"
run = "loss --y 1 --yhat 0.1; touch {marker}"
'''
    path = tmp_path / "evil.toml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["lesson", "run", str(path), "--no-input"], env={"COLUMNS": "200"})
    line = error_line(result, "step 2 (worked): run:", "contains ';'", exit_code=FAILED)
    assert "import('os').system('touch" in result.stdout  # shown as (Markdown) text, not run
    assert not marker.exists(), line
    check = CliRunner().invoke(cli, ["lesson", "check", str(path)])
    assert check.exit_code == FAILED and not marker.exists()


# --- answer paths ----------------------------------------------------------------------

DOCUMENT = {"result": 2.5, "steps": [{"value": 1.0}, {"value": "inf"}, {"value": "nan"}],
            "title": "Loss", "examples": {"p": [0.25, 0.75]}, "flag": True}


@pytest.mark.parametrize("path, value", [("result", 2.5), ("steps.0.value", 1.0), ("steps.1.value", math.inf),
                                         ("examples.p.1", 0.75), ("examples.p.-1", 0.75),
                                         ("examples.p.-2", 0.25)])
def test_paths_lead_to_numbers(path, value):
    assert answers.lookup(DOCUMENT, path) == value


@pytest.mark.parametrize(
    "path, mention",
    [
        ("reslt", "the document has no 'reslt'; it has: result, steps"),
        ("steps.3.value", "steps is a list of 3; '3' is not one of its positions 0 to 2 (positions count from 0; -1 is the last)"),
        ("steps.-1.value", "is nan"),  # -1 is the last item
        ("steps.-4.value", "positions count from 0; -1 is the last"),
        ("steps.1x.value", "'1x' is not one of its positions"),
        ("steps.2.value", "is nan"),
        ("steps", "is a list of 3; add .0 to .2"),
        ("examples", "is an object; add one of: p"),
        ("title", "the text 'Loss', not a number"),
        ("title.x", "title is the text 'Loss', so it has no 'x'"),
        ("flag", "flag is true, not a number"),
    ],
)
def test_bad_paths_say_what_they_found(path, mention):
    with pytest.raises(answers.PathError) as caught:
        answers.lookup(DOCUMENT, path)
    assert mention in str(caught.value)


# --- learners' answers -----------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, value",
    [("0.25", 0.25), (" 0.25 ", 0.25), ("+0.25", 0.25), ("−0.25", -0.25), ("- 0.25", -0.25), ("1/4", 0.25),
     ("-1/4", -0.25), ("2.5e-1", 0.25), ("1E3", 1000.0), (".5", 0.5), ("5.", 5.0), ("1 000", 1000.0)],
)
def test_numbers_are_read_leniently(typed, value):
    assert answers.parse_number(typed, infinity_allowed=False) == value


@pytest.mark.parametrize(
    "typed, mention",
    [("abc", "is not a number"), ("0,25", "use a point"), ("25%", "rather than 25%"), ("1/0", "divides by 0"),
     ("inf", "the answer is a finite number"), ("nan", "is not a number"), ("1_0", "is not a number"),
     ("--1", "is not a number"), ("１", "is not a number"), ("1e400", "too large"), ("", "type a number"),
     ("0x10", "is not a number"), ("1/2/3", "is not a number")],
)
def test_non_numbers_get_a_reason(typed, mention):
    with pytest.raises(answers.AnswerError) as caught:
        answers.parse_number(typed, infinity_allowed=False)
    assert mention in str(caught.value)


@pytest.mark.parametrize("typed, value", [("inf", math.inf), ("Infinity", math.inf), ("∞", math.inf),
                                          ("−∞", -math.inf), ("-inf", -math.inf)])
def test_infinity_is_an_answer_only_when_expected(typed, value):
    assert answers.parse_number(typed, infinity_allowed=True) == value


def numeric(decimals=None, tolerance=None, whole=False):
    return Step(number=1, kind="question", prompt="?", hint="h", explanation="e", answer=0.0,
                decimals=decimals, tolerance=tolerance, whole=whole)


@pytest.mark.parametrize(
    "value, expected, step, right",
    [
        (2.30, 2.302585, numeric(decimals=2), True),
        (2.3, 2.302585, numeric(decimals=2), True),  # fewer digits than asked is fine
        (2.302585, 2.302585, numeric(decimals=2), True),
        (2.31, 2.302585, numeric(decimals=2), False),
        (2.29, 2.302585, numeric(decimals=2), False),
        (0.12, 0.125, numeric(decimals=2), True),  # exactly halfway: both roundings count
        (0.13, 0.125, numeric(decimals=2), True),
        (7.0, 7.0, numeric(decimals=0), True),
        (7.4, 7.0, numeric(decimals=0), True),
        (7.6, 7.0, numeric(decimals=0), False),
        (0.26, 0.25, numeric(tolerance=0.01), True),
        (0.27, 0.25, numeric(tolerance=0.01), False),
        (math.inf, math.inf, numeric(decimals=2), True),
        (1e300, math.inf, numeric(decimals=2), False),
        (1234567.891, 1234567.8912, numeric(decimals=3), True),
    ],
)
def test_answers_are_right_within_the_stated_precision(value, expected, step, right):
    assert answers.is_close(value, expected, step) is right


@pytest.mark.parametrize("step, phrase", [(numeric(decimals=2), "to 2 decimal places"),
                                          (numeric(decimals=1), "to 1 decimal place"),
                                          (numeric(decimals=0), "rounded to a whole number"),
                                          (numeric(decimals=0, whole=True), "as a whole number (an exact count)"),
                                          (numeric(tolerance=0.05), "within ±0.05")])
def test_the_precision_is_stated(step, phrase):
    assert answers.precision_phrase(step) == phrase


def test_expected_answers_are_shown_as_asked():
    assert answers.show_expected(2.302585, numeric(decimals=2)) == "2.30"
    assert answers.show_expected(-0.001, numeric(decimals=2)) == "0.00"
    assert answers.show_expected(-1.5, numeric(decimals=1)) == "−1.5"
    assert answers.show_expected(math.inf, numeric(decimals=1)) == "∞"


def test_choices_by_number_or_text():
    step = Step(number=1, kind="question", prompt="?", hint="h", explanation="e", answer=2, choices=("ln 2", "ln 3"))
    assert answers.parse_choice(" 2 ", step) == 2
    assert answers.parse_choice("2.", step) == 2
    assert answers.parse_choice("LN  3", step) == 2
    for typed in ("3", "0", "x"):
        with pytest.raises(answers.AnswerError, match="1 to 2"):
            answers.parse_choice(typed, step)


# --- lesson check ------------------------------------------------------------------------


def test_check_passes_the_fixture_folder():
    result = CliRunner().invoke(cli, ["lesson", "check", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("OK: 4 lessons, 17 steps, 9 questions")


@pytest.mark.parametrize(
    "steps, mention",
    [
        ('[[steps]]\nkind = "worked"\nrun = "loss --y 2 --yhat 0.1"\n',
         "demo.toml: step 1 (worked): run: nnexplain loss --y 2 --yhat 0.1 failed: Invalid value for '--y'"),
        ('[[steps]]\nkind = "worked"\nrun = "loss --y 1 --yhat 0.1 --format json"\n',
         "demo.toml: step 1 (worked): run: --format is not allowed in a run line"),
        ('[[steps]]\nkind = "figure"\nrun = "neuron --x 1 --w 1"\n',
         "demo.toml: step 1 (figure): run: 'neuron' cannot draw a figure (it has no --plot option); the commands that can: loss"),
        ('[[steps]]\nkind = "figure"\nrun = "loss --y 1 --yhat 0.1"\noption = "--landscape"\n',
         "demo.toml: step 1 (figure): run: 'loss' cannot draw a figure (it has no --landscape option)"),
        (QUESTION.replace('path = "result"', 'path = "steps.3.value"'),
         "demo.toml: step 1 (question): answer.path: steps is a list of 3; '3' is not one of its positions 0 to 2"),
        (QUESTION.replace('run = "loss --y 1 --yhat 0.1"', 'run = "lesson list"'),
         "demo.toml: step 1 (question): answer.run: 'lesson' cannot be run from a lesson"),
        (QUESTION.replace('path = "result"', 'path = "title"'), "answer.path: title is the text"),
    ],
)
def test_check_runs_every_command_and_reads_every_answer(tmp_path, steps, mention):
    result = check_file(tmp_path, HEAD + steps)
    error_line(result, "1 problem in 1 of 1 file", exit_code=FAILED)
    assert mention in result.stderr.replace(str(tmp_path) + "/", ""), result.stderr


def test_check_lists_every_problem_on_its_own_line_then_one_error(tmp_path):
    text = HEAD.replace("minutes = 3", "minutes = 0") + QUESTION.replace('hint = "ln"\n', "")
    result = check_file(tmp_path, text)
    error_line(result, "2 problems in 1 of 1 file", exit_code=FAILED)
    lines = result.stderr.splitlines()
    assert len(lines) == 3 and all(line.startswith(str(tmp_path)) for line in lines[:2])


def make_folder(tmp_path, manifest, files):
    folder = tmp_path / "set"
    folder.mkdir()
    if manifest is not None:
        (folder / "manifest.toml").write_text(manifest, encoding="utf-8")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "manifest, files, mention",
    [
        ('format = 1\nlessons = ["demo", "gone"]\n', {"demo.toml": HEAD + TEXT_STEP},
         "set/manifest.toml: lessons: 'gone' is listed but gone.toml does not exist"),
        ('format = 1\nlessons = ["demo"]\n', {"demo.toml": HEAD + TEXT_STEP, "extra.toml": HEAD.replace('"demo"', '"extra"') + TEXT_STEP},
         "set/extra.toml: is not listed in manifest.toml"),
        ('format = 1\nlessons = ["demo", "demo"]\n', {"demo.toml": HEAD + TEXT_STEP}, "lessons: 'demo' is listed twice"),
        ('format = 1\nlessons = ["other"]\n', {"other.toml": HEAD + TEXT_STEP},
         "set/other.toml: name: is 'demo' but the file is other.toml"),
        (None, {"demo.toml": HEAD + TEXT_STEP}, "set/manifest.toml: missing"),
        ('format = 3\nlessons = ["demo"]\n', {"demo.toml": HEAD + TEXT_STEP}, "lesson format 3 needs a newer nnexplain"),
        ('format = 1\nlessons = "demo"\n', {"demo.toml": HEAD + TEXT_STEP}, "lessons: expected a list of lesson names"),
    ],
)
def test_check_a_folder_manifest_and_files_agree(tmp_path, manifest, files, mention):
    folder = make_folder(tmp_path, manifest, files)
    result = CliRunner().invoke(cli, ["lesson", "check", str(folder)])
    error_line(result, "problem", exit_code=FAILED)
    assert mention in result.stderr, result.stderr


def test_check_a_path_that_does_not_exist(tmp_path):
    result = CliRunner().invoke(cli, ["lesson", "check", str(tmp_path / "nope.toml")])
    error_line(result, "1 problem", exit_code=FAILED)
    assert "nope.toml: no such file or folder" in result.stderr


def test_check_without_paths_checks_the_shipped_lessons(monkeypatch):
    # Which folder is checked, not what each lesson computes: running every lesson's
    # commands is tests/test_lesson_shipped.py::test_every_step_computes's job.
    from nnexplain.lesson import catalog, check

    monkeypatch.setattr(check, "computes", lambda lesson: [])
    result = CliRunner().invoke(cli, ["lesson", "check"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"OK: {len(catalog.shipped_names())} lessons")


def _rendered(text=None, step=None, width=40):
    import io

    from rich.console import Console

    from nnexplain.lesson import present

    console = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False)
    if step is not None:
        present.prompt(console, step)
    else:
        console.print(present.markdown(console, text))
    return [line.rstrip() for line in console.file.getvalue().splitlines()]


def test_numbered_lists_keep_their_numbers_and_dots():
    lines = [line for line in _rendered("1. First item, long enough to wrap onto a second line here\n2. Second") if line]
    assert lines[0].startswith(" 1. First") and lines[1].startswith("    ") and lines[2].startswith(" 2. Second")


def test_a_formula_in_prose_is_never_broken_across_lines():
    lines = _rendered("Some prose with a formula `a = f(x₁·w₁ + x₂·w₂ + … + b)` inside it.")
    assert any("a = f(x₁·w₁ + x₂·w₂ + … + b)" in line for line in lines), lines
    assert all("\u00a0" not in line for line in lines)  # plain spaces reach the terminal


def test_choices_wrap_with_a_hanging_indent():
    step = Step(number=1, kind="question", prompt="Which?", hint="h", explanation="e", answer=1,
                choices=("A long choice that certainly wraps onto a second line at forty", "B"))
    lines = _rendered(step=step)
    first = next(i for i, line in enumerate(lines) if line.lstrip().startswith("1."))
    text_column = lines[first].index("A long")
    assert lines[first + 1][:text_column].strip() == "" and lines[first + 1][text_column] != " "


@pytest.mark.parametrize("extra, mention", [
    ('slips = ["nope"]', "slips: expected a list of slips the engine computes"),
    ('hints = []', "hints: expected a list of 1 to 5 non-empty texts"),
    ('whole = 1', "whole: write whole = true"),
    ('needs = "x"', "needs: expected a list of 1 to 6 non-empty texts"),
])
def test_tutoring_fields_are_checked(extra, mention):
    text = ('format = 1\nname = "x"\ntitle = "X"\nsummary = "S"\nminutes = 1\n[[steps]]\nkind = "question"\n'
            f'prompt = "P"\nanswer = 1\ndecimals = 0\nhint = "h"\nexplanation = "e"\n{extra}\n')
    problems = read_lesson(text.encode(), "x.toml")[1]
    assert any(mention in p for p in problems), problems


def test_a_slip_table_needs_a_known_name_run_and_path():
    text = ('format = 1\nname = "x"\ntitle = "X"\nsummary = "S"\nminutes = 1\n[[steps]]\nkind = "question"\n'
            'prompt = "P"\nanswer = 1\ndecimals = 0\nhint = "h"\nexplanation = "e"\n'
            '[[steps.slip]]\nname = "typo"\n')
    problems = read_lesson(text.encode(), "x.toml")[1]
    # "typo" could be a slip of the author's own, which must then say what it means
    assert any("slip 1: says: a slip of your own ('typo') needs says" in p for p in problems), problems
    assert any("slip 1: run: missing" in p for p in problems), problems
    bad = read_lesson(text.replace('name = "typo"', 'name = "Typo!"').encode(), "x.toml")[1]
    assert any("slip 1: name: expected one of no_bias" in p for p in bad), bad
