"""Hostile files (issue 13 §1, §7): every file nnexplain reads (CSV data, weights JSON,
lesson files, lesson folders and manifests) goes through nnexplain.reading, so a FIFO,
a device, a folder, a dangling symlink, an unreadable or huge (sparse) file, numbers
beyond Python's 4,300-digit limit and 100,000 levels of nesting all end in one clean
``Error:`` line: never a hang, an internal error (exit 70) or a traceback.

Commands that could hang (a FIFO, /dev/zero) run in a subprocess with a timeout, so a
regression fails instead of hanging the suite.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli_checks import FAILED, USAGE, error_line
from nnexplain.cli import cli
from nnexplain.lesson import answers
from nnexplain.lesson.format import read_lesson
from nnexplain.reading import ReadError, excerpt, read_bytes_limited

LESSONS = Path(__file__).parent.parent / "lessons"
HEAD = 'format = 1\nname = "demo"\ntitle = "Demo"\nsummary = "A demo."\nminutes = 3\n'
TEXT_STEP = '[[steps]]\nkind = "text"\ntext = "Hi."\n'
GOOD_WEIGHTS = '[{"W": [[0.5]], "b": [0.0], "activation": "relu"}]'
NUMERIC_QUESTION = """[[steps]]
kind = "question"
prompt = "Loss?"
answer = ANSWER
TOLERANCE
hint = "ln"
explanation = "Because."
"""
# Each command reading a file, with the option that names it (None: an argument).
READERS = {
    "cost": (["cost", "--data"], USAGE),
    "train": (["train", "--data"], USAGE),
    "forward": (["forward", "--x", "1", "--weights"], USAGE),
    "lesson run": (["lesson", "run", "--no-input"], USAGE),
    "lesson check": (["lesson", "check"], FAILED),
}


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def run_process(args, timeout=20):
    """The CLI in a subprocess: a hang fails the test (TimeoutExpired) instead of hanging it."""
    return subprocess.run(
        [sys.executable, "-m", "nnexplain", *map(str, args)],
        capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "100"},
    )


def one_error(completed, expected_status, *mentions):
    assert completed.returncode == expected_status, (completed.returncode, completed.stderr)
    assert "Traceback" not in completed.stderr + completed.stdout
    assert "internal error" not in completed.stderr
    errors = [line for line in completed.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, completed.stderr
    for text in mentions:  # in the Error line, or (lesson check) in a problem line above it
        assert text in completed.stderr, (text, completed.stderr)
    return errors[0]


def reader_args(name, path):
    args, status = READERS[name]
    if name == "lesson run":
        return [*args, path], status
    return [*args, path], status


# --- the reading function itself -------------------------------------------------


def test_read_bytes_limited_reads_a_regular_file(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"abc")
    assert read_bytes_limited(path, 3, "a text file") == b"abc"
    with pytest.raises(ReadError, match="4 bytes, larger than 3 bytes"):
        path.write_bytes(b"abcd")
        read_bytes_limited(path, 3, "a text file")


def test_a_file_whose_size_lies_is_read_no_further_than_the_limit():
    # /proc files report a size of 0 but have content.
    with pytest.raises(ReadError, match="is larger than 10 bytes"):
        read_bytes_limited("/proc/self/maps", 10, "a text file")


@pytest.mark.parametrize(
    "make, mention",
    [
        (lambda p: p.mkdir(), "is a folder"),
        (lambda p: os.mkfifo(p), "is a named pipe (FIFO)"),
        (lambda p: p.symlink_to("/dev/zero"), "is a device"),
        (lambda p: p.symlink_to(p.parent / "nowhere"), "does not exist (it is a broken symlink)"),
        (lambda p: None, "does not exist"),
    ],
)
def test_special_files_are_refused_before_any_read(tmp_path, make, mention):
    path = tmp_path / "thing"
    make(path)
    with pytest.raises(ReadError, match=__import__("re").escape(mention)):
        read_bytes_limited(path, 1000, "a CSV file")


def test_excerpts_are_short():
    assert excerpt("abc") == "'abc'"
    long = excerpt("x" * 10_000_000)
    assert len(long) < 80 and "10,000,000 characters" in long


# --- special files given to each command -------------------------------------------


@pytest.mark.parametrize("command", READERS)
def test_a_fifo_is_refused_not_read(tmp_path, command):
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    args, status = reader_args(command, fifo)
    one_error(run_process(args), status, "named pipe (FIFO)")


@pytest.mark.parametrize("command", READERS)
def test_dev_zero_is_refused_not_read(command):
    args, status = reader_args(command, "/dev/zero")
    one_error(run_process(args), status, "/dev/zero", "is a device")


@pytest.mark.parametrize("command", READERS)
def test_a_huge_sparse_file_is_refused_by_its_size(tmp_path, command):
    big = tmp_path / "big.csv"
    with open(big, "wb") as handle:
        handle.write(b"y,y_hat" + b"x" * 100)
    os.truncate(big, 3 * 2**30)  # 3 GB of (sparse) NUL bytes after a header
    args, status = reader_args(command, big)
    result = invoke(*args)
    error_line(result, exit_code=status)
    assert "3,221,225,472 bytes" in result.output and "larger than" in result.output
    assert "x" * 60 not in result.output


@pytest.mark.parametrize("command", READERS)
def test_a_folder_and_a_dangling_symlink_are_refused(tmp_path, command):
    link = tmp_path / "link.toml"
    link.symlink_to(tmp_path / "nowhere.toml")
    args, status = reader_args(command, link)
    result = invoke(*args)
    if command == "lesson check":
        error_line(result, "1 problem in 1 of 1 file", exit_code=FAILED)
        assert "link.toml: does not exist (it is a broken symlink)" in result.stderr
    elif command == "lesson run":
        error_line(result, "no such lesson file", "broken symlink", exit_code=status)
    else:
        error_line(result, "does not exist (it is a broken symlink)", exit_code=status)
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    args, status = reader_args(command, folder)
    result = invoke(*args)
    if command == "lesson check":  # a folder is checked as a lesson folder
        assert "manifest.toml: missing" in result.stderr
        error_line(result, "1 problem", exit_code=FAILED)
    else:  # click's own check (cost, train) says "directory"
        line = error_line(result, exit_code=status)
        assert "is a folder" in line or "is a directory" in line


@pytest.mark.parametrize("command", READERS)
def test_an_unreadable_file_is_refused(tmp_path, command, monkeypatch):
    path = tmp_path / "locked.toml"
    path.write_text("y,y_hat\n1,0.5\n")
    if os.geteuid() == 0:  # root reads a chmod 000 file: make the open fail instead
        import nnexplain.reading as reading

        def locked(*args, **kwargs):
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(reading, "_open", locked)
    else:
        path.chmod(0)
    args, status = reader_args(command, path)
    result = invoke(*args)
    error_line(result, "1 problem" if command == "lesson check" else "permission denied", exit_code=status)
    assert "permission denied" in result.output


def test_an_unreadable_file_as_a_user(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("running as root, who can read a chmod 000 file")
    path = tmp_path / "secret.toml"
    path.write_text(HEAD + TEXT_STEP)
    path.chmod(0)
    try:
        error_line(invoke("lesson", "check", path), "1 problem in 1 of 1 file", exit_code=FAILED)
    finally:
        path.chmod(0o600)


def test_a_lesson_folder_with_a_device_and_a_fifo_reports_each_file(tmp_path):
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "manifest.toml").write_text('format = 1\nlessons = ["demo"]\n')
    (folder / "demo.toml").write_text(HEAD + TEXT_STEP)
    (folder / "zero.toml").symlink_to("/dev/zero")
    os.mkfifo(folder / "pipe.toml")
    completed = run_process(["lesson", "check", folder])
    one_error(completed, FAILED, "in 2 of 4 files")
    assert "zero.toml: is a device" in completed.stderr
    assert "pipe.toml: is a named pipe (FIFO)" in completed.stderr


def test_a_manifest_that_is_a_fifo_is_reported(tmp_path):
    folder = tmp_path / "lessons"
    folder.mkdir()
    os.mkfifo(folder / "manifest.toml")
    completed = run_process(["lesson", "check", folder])
    one_error(completed, FAILED, "1 problem in 1 of 1 file")
    assert "manifest.toml: is a named pipe (FIFO)" in completed.stderr


@pytest.mark.parametrize("target", ["missing.toml", "/dev/null"])
def test_lesson_check_counts_a_path_that_is_not_a_file_as_one_file(tmp_path, target):
    path = target if target.startswith("/") else tmp_path / target
    result = invoke("lesson", "check", path)
    error_line(result, "1 problem in 1 of 1 file", exit_code=FAILED)
    assert "of 0 file" not in result.output


def test_lesson_run_refuses_a_big_csv_by_its_size(tmp_path):
    big = tmp_path / "big.csv"
    big.touch()
    os.truncate(big, 2 * 2**30)
    error_line(invoke("lesson", "run", big), "2,147,483,648 bytes", "larger than 1,000,000 bytes")


# --- short quotes of long content ---------------------------------------------------


def test_a_long_csv_header_is_quoted_as_an_excerpt(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("a" * 1_000_000 + "\n1\n")
    for command in ("cost", "train"):
        line = error_line(invoke(command, "--data", path), "header line", "1,000,000 characters")
        assert len(line) < 400


def test_a_long_csv_cell_is_quoted_as_an_excerpt(tmp_path):
    path = tmp_path / "cell.csv"
    path.write_text("y,y_hat\n1," + "z" * 1_000_000 + "\n")
    line = error_line(invoke("cost", "--data", path), "line 2, column y_hat")
    assert len(line) < 400


# --- byte-order marks ---------------------------------------------------------------


def test_a_lesson_with_a_byte_order_mark_is_read(tmp_path):
    lesson, problems = read_lesson(b"\xef\xbb\xbf" + (HEAD + TEXT_STEP).encode(), "demo.toml")
    assert problems == [] and lesson.name == "demo"
    path = tmp_path / "demo.toml"
    path.write_bytes(b"\xef\xbb\xbf" + (HEAD + TEXT_STEP).encode())
    result = invoke("lesson", "check", path)
    assert result.exit_code == 0, result.output


def test_a_manifest_with_a_byte_order_mark_is_read(tmp_path):
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "manifest.toml").write_bytes(b'\xef\xbb\xbfformat = 1\nlessons = ["demo"]\n')
    (folder / "demo.toml").write_text(HEAD + TEXT_STEP)
    result = invoke("lesson", "check", folder)
    assert result.exit_code == 0, result.output


# --- numbers beyond the 4,300-digit limit, and deep nesting --------------------------

DIGITS = "1" * 5000


@pytest.mark.parametrize(
    "answer, tolerance, mention",
    [
        (DIGITS, "tolerance = 0.1", "is not valid TOML: a number has too many digits"),
        ("1", f"tolerance = {DIGITS}", "is not valid TOML: a number has too many digits"),
        ("1" * 400, "tolerance = 0.1", "answer: a number of 400 digits is beyond float64's range"),
        ("1", f"tolerance = {'1' * 400}", "tolerance: expected a positive number, got a number of 400 digits"),
        ("1", f"decimals = {'1' * 400}", "decimals: expected a whole number from 0 to 10, got a number of 400 digits"),
    ],
)
def test_huge_numbers_in_a_lesson(tmp_path, answer, tolerance, mention):
    text = HEAD + NUMERIC_QUESTION.replace("ANSWER", answer).replace("TOLERANCE", tolerance)
    path = tmp_path / "demo.toml"
    path.write_text(text)
    result = invoke("lesson", "check", path)
    error_line(result, "1 problem", exit_code=FAILED)
    assert mention in result.stderr, result.stderr
    assert len(result.stderr) < 1000
    error_line(invoke("lesson", "run", "--no-input", path), "has 1 problem", exit_code=FAILED)


def test_a_huge_list_position_in_an_answer_path(tmp_path):
    with pytest.raises(answers.PathError) as caught:
        answers.lookup({"steps": [1.0, 2.0]}, "steps." + "9" * 5000)
    assert "is not one of its positions 0 to 1" in str(caught.value)
    assert len(str(caught.value)) < 300
    assert answers.lookup({"steps": [1.0, 2.0]}, "steps." + "0" * 30 + "1") == 2.0
    question = NUMERIC_QUESTION.replace(
        "ANSWER", '{ run = "cost --y 1,0 --yhat 0.9,0.2", path = "steps.' + "9" * 5000 + '" }'
    ).replace("TOLERANCE", "tolerance = 0.1")
    path = tmp_path / "demo.toml"
    path.write_text(HEAD + question)
    result = invoke("lesson", "check", path)
    error_line(result, "1 problem", exit_code=FAILED)
    assert "answer.path" in result.stderr and len(result.stderr) < 1000


@pytest.mark.parametrize("opening", ["a = " + "[" * 100_000, "a = " + "{b = " * 100_000])
def test_deeply_nested_toml(tmp_path, opening):
    path = tmp_path / "demo.toml"
    path.write_text(HEAD + opening + "\n")
    result = invoke("lesson", "check", path)
    error_line(result, "1 problem", exit_code=FAILED)
    assert "nested too deeply" in result.stderr
    error_line(invoke("lesson", "run", path), "has 1 problem", exit_code=FAILED)


@pytest.mark.parametrize("text", ["[" * 100_000, '{"a": ' * 100_000, "[" * 100_000 + "]" * 100_000])
def test_deeply_nested_json_weights(tmp_path, text):
    path = tmp_path / "w.json"
    path.write_text(text)
    error_line(invoke("forward", "--x", "1", "--weights", path), "'--weights'")


@pytest.mark.parametrize(
    "weights, mention",
    [
        (f'[{{"W": [[{DIGITS}]], "b": [0], "activation": "relu"}}]', "more than the largest float64"),
        (f'[{{"W": [[0.5]], "b": [-{DIGITS}], "activation": "relu"}}]', "field 'b', item 1 is more than"),
        (f'[{{"W": [[0.{DIGITS}]], "b": [0], "activation": "relu"}}]', None),
    ],
)
def test_huge_numbers_in_weights(tmp_path, weights, mention):
    path = tmp_path / "w.json"
    path.write_text(weights)
    result = invoke("forward", "--x", "1", "--weights", path)
    if mention is None:
        assert result.exit_code == 0, result.output
    else:
        error_line(result, "'--weights'", mention)


# --- §7: weights messages name the JSON type found ------------------------------------


@pytest.mark.parametrize(
    "W, b, mention",
    [
        ("{}", "[0]", "field 'W' is an empty object;"),
        ('{"a": 1}', "[0]", "field 'W' is an object;"),
        ("[{}]", "[0]", "field 'W', row 1 is an empty object;"),
        ('[{"a": 1}]', "[0]", "field 'W', row 1 is an object;"),
        ('[[{"a": 1}]]', "[0]", "row 1, item 1 is an object, not a number"),
        ('[["1"]]', "[0]", 'row 1, item 1 is the string "1", not a number'),
        ("[[null]]", "[0]", "row 1, item 1 is null, not a number"),
        ("[[true]]", "[0]", "row 1, item 1 is true, not a number"),
        ("[[[1]]]", "[0]", "row 1, item 1 is a list, not a number"),
        ("[[1]]", "{}", "field 'b' is an empty object;"),
        ("[[1]]", '[{"a": 2}]', "field 'b', item 1 is an object, not a number"),
        ("[[1]]", "[]", "field 'b' is an empty list;"),
    ],
)
def test_weights_messages_name_the_json_type_found(tmp_path, W, b, mention):
    path = tmp_path / "w.json"
    path.write_text(f'[{{"W": {W}, "b": {b}, "activation": "relu"}}]')
    line = error_line(invoke("forward", "--x", "1", "--weights", path), "'--weights'", mention)
    assert "a number, not a number" not in line


def test_a_layer_that_is_an_object_or_list_is_named(tmp_path):
    path = tmp_path / "w.json"
    path.write_text("[[]]")
    error_line(invoke("forward", "--x", "1", "--weights", path), "layer 1 is an empty list; each layer must be an object")


# --- control characters in lesson text --------------------------------------------------

ESCAPE = "\\u001b]0;owned\\u0007\\u001b[2J"


@pytest.mark.parametrize(
    "text, where",
    [
        (HEAD.replace('"Demo"', f'"Demo{ESCAPE}"') + TEXT_STEP, "demo.toml: title: holds control characters (U+001B, U+0007)"),
        (HEAD.replace('"A demo."', '"A \\u009b demo."') + TEXT_STEP, "demo.toml: summary: holds control characters (U+009B)"),
        (HEAD + TEXT_STEP.replace('"Hi."', f'"Hi{ESCAPE}"'), "demo.toml: step 1 (text): text: holds control characters"),
        (HEAD + '[[steps]]\nkind = "recap"\npoints = ["ok", "bad\\u0007"]\n', "step 1 (recap): points 2: holds control characters (U+0007)"),
        (HEAD + '[[steps]]\nkind = "question"\nprompt = "P\\u001b"\nchoices = ["a", "b\\u0085"]\nanswer = 1\n'
         'hint = "h"\nexplanation = "e"\n', "step 1 (question): prompt: holds control characters (U+001B)"),
        (HEAD + '[[steps]]\nkind = "worked"\nrun = "loss --y 1 --yhat 0.5\\u001b"\n', "step 1 (worked): run: holds control characters"),
    ],
)
def test_control_characters_in_lesson_text_are_problems(tmp_path, text, where):
    path = tmp_path / "demo.toml"
    path.write_text(text)
    result = invoke("lesson", "check", path)
    error_line(result, "problem", exit_code=FAILED)
    assert where in result.stderr, result.stderr
    assert "\x1b" not in result.output and "\x07" not in result.output
    shown = invoke("lesson", "run", "--no-input", path)  # refused before anything is shown
    error_line(shown, "problem", exit_code=FAILED)
    assert "\x1b" not in shown.output


def test_a_choice_with_a_control_character_is_named(tmp_path):
    text = (HEAD + '[[steps]]\nkind = "question"\nprompt = "P"\nchoices = ["a", "b\\u0085"]\nanswer = 1\n'
            'hint = "h"\nexplanation = "e"\n')
    path = tmp_path / "demo.toml"
    path.write_text(text)
    result = invoke("lesson", "check", path)
    assert "step 1 (question): choices 2: holds control characters (U+0085)" in result.stderr


def test_an_unknown_key_with_an_escape_is_shown_escaped(tmp_path):
    path = tmp_path / "demo.toml"
    path.write_text(HEAD + TEXT_STEP + '"\\u001b[2J" = 1\n')
    result = invoke("lesson", "check", path)
    error_line(result, "1 problem", exit_code=FAILED)
    assert "\x1b" not in result.output and "\\u001b[2J: unknown field" in result.stderr


def test_the_shipped_lessons_hold_no_control_characters(monkeypatch):
    # The files as read and parsed (where control characters are refused); running
    # their commands is tests/test_lesson_shipped.py's job.
    from nnexplain.lesson import check

    monkeypatch.setattr(check, "computes", lambda lesson: [])
    result = invoke("lesson", "check", LESSONS)
    assert result.exit_code == 0, result.output


# --- fuzz: random bytes and random structures in each kind of file -----------------------


def assert_clean(result):
    """Exit 0, or one Error line with status 1 or 2; never an internal error or a traceback."""
    assert not (result.exception and not isinstance(result.exception, SystemExit)), result.exc_info
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    if result.exit_code:
        errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1, result.output


FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

json_values = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | st.integers() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["W", "b", "activation", "x"]), children, max_size=4),
    max_leaves=20,
)
toml_scalars = st.one_of(
    st.integers().map(str), st.floats(allow_nan=False).map(lambda f: repr(f).replace("inf", "inf")),
    st.text(max_size=10).map(json.dumps), st.sampled_from(["true", "false", "[]", "{}", "[1, [2]]"]),
)
toml_keys = st.sampled_from(["format", "name", "title", "summary", "minutes", "steps", "runs", "kind",
                             "text", "prompt", "answer", "hint", "explanation", "decimals", "tolerance",
                             "choices", "points", "run", "x"])


@st.composite
def toml_documents(draw):
    head = draw(st.lists(st.tuples(toml_keys, toml_scalars), max_size=6))
    steps = draw(st.lists(st.lists(st.tuples(toml_keys, toml_scalars), max_size=5), max_size=3))
    lines = [f"{k} = {v}" for k, v in head]
    for step in steps:
        lines.append("[[steps]]")
        lines += [f"{k} = {v}" for k, v in step]
    return "\n".join(lines) + "\n"


def _fuzz_file(tmp_path_factory, name, content):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    return path


@FUZZ
@given(content=st.binary(max_size=200) | st.text(alphabet="0123456789.,-+eE\n\r xy_hat\x00\ufeff", max_size=200))
def test_fuzz_csv_files(tmp_path_factory, content):
    path = _fuzz_file(tmp_path_factory, "d.csv", content)
    assert_clean(invoke("cost", "--data", path))
    assert_clean(invoke("train", "--data", path, "--epochs", "2"))


@FUZZ
@given(content=st.binary(max_size=200) | json_values.map(json.dumps))
def test_fuzz_weights_files(tmp_path_factory, content):
    path = _fuzz_file(tmp_path_factory, "w.json", content)
    assert_clean(invoke("forward", "--x", "1", "--weights", path))


@FUZZ
@given(content=st.binary(max_size=200) | toml_documents())
def test_fuzz_lesson_files(tmp_path_factory, content):
    path = _fuzz_file(tmp_path_factory, "demo.toml", content)
    assert_clean(invoke("lesson", "check", path))
    assert_clean(invoke("lesson", "run", "--no-input", path))
