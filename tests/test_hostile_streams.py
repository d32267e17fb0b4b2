"""Hostile output streams, terminals and environments (issue 13, §4 and §6): real
subprocesses, because closed descriptors, full disks, broken pipes, stream encodings
and matplotlibrc files only exist outside click's CliRunner."""

import fcntl
import io
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from nnexplain.render.ascii import shown_by, to_ascii

ESC_AND_FRIENDS = ("\x1b", "\x07", "\x9b")
HOSTILE = "\u001b]0;x\u0007\u001b[2J\u009b31m"
LOSS = ["loss", "--y", "1", "--yhat", "0.1"]


def run(args, *, env=None, cwd=None, **kwargs):
    """``python -m nnexplain ARGS`` with a clean matplotlib configuration."""
    base = {k: v for k, v in os.environ.items() if k not in ("NNEXPLAIN_DEBUG", "PYTHONIOENCODING", "LC_ALL")}
    base.setdefault("MPLCONFIGDIR", str(Path(cwd or ".").resolve() / ".mplconfig"))
    base.update(env or {})
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "nnexplain", *args], env=base, cwd=cwd, timeout=60, **kwargs)


def shell(line, **kwargs):
    """A shell line in which "$0" is ``python -m nnexplain`` (for ``>&-`` and ``<&-``)."""
    return subprocess.run(["sh", "-c", f'exec "$0" -m nnexplain {line}', sys.executable],
                          capture_output=True, timeout=60, **kwargs)


def one_error_line(stderr: bytes) -> str:
    lines = stderr.decode().splitlines()
    assert len(lines) == 1, lines
    assert "internal error" not in lines[0] and "Traceback" not in lines[0]
    assert lines[0].startswith("Error: ")
    return lines[0]


# --- closed, full and broken output -----------------------------------------------


def test_closed_stdout_is_an_error_not_a_silent_success():
    result = shell("loss --y 1 --yhat 0.1 >&-")
    print(repr(result.stderr))
    assert result.returncode == 1
    assert one_error_line(result.stderr) == "Error: cannot write to standard output: it is closed."


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("extra", [[], ["--format", "json"]])
def test_stdout_to_a_full_disk_is_one_clean_error(extra):
    with open("/dev/full", "w") as full:
        result = run([*LOSS, *extra], stdout=full)
    print(repr(result.stderr))
    assert result.returncode == 1
    assert one_error_line(result.stderr) == "Error: cannot write to standard output: No space left on device."


def test_help_to_a_full_disk_is_not_a_silent_failure():
    # click probes the stream with a test write and swallows the error it raises:
    # the failure is still reported.
    with open("/dev/full", "w") as full:
        result = run(["--help"], stdout=full)
    assert result.returncode == 1
    assert "No space left on device" in one_error_line(result.stderr)


def test_a_reader_that_goes_away_ends_the_run_quietly():
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)  # smaller than the lesson's text
    process = subprocess.Popen([sys.executable, "-m", "nnexplain", "lesson", "run", "activations", "--no-input"],
                               stdout=write_end, stderr=subprocess.PIPE)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        first = reader.readline()
    _, stderr = process.communicate(timeout=60)
    print(repr(first), repr(stderr))
    assert first.strip()
    assert stderr == b""
    assert process.returncode == 1


def test_closed_stdin_is_not_an_internal_error():
    # The read-through needs no input: it runs; loss never reads standard input.
    lesson = shell("lesson run neuron <&-")
    assert lesson.returncode == 0, lesson.stderr
    assert b"neuron" in lesson.stdout
    loss = shell("loss --y 1 --yhat 0.1 <&-")
    assert loss.returncode == 0 and b"2.3026" in loss.stdout


def test_reading_a_closed_stdin_is_a_clean_error():
    from nnexplain.cli import StreamError, _ClosedInput

    with pytest.raises(StreamError, match="cannot read standard input: it is closed"):
        _ClosedInput().readline()
    assert _ClosedInput().isatty() is False


# --- encodings that cannot show the text ------------------------------------------


@pytest.mark.parametrize(
    "env, encoding",
    [
        ({"LC_ALL": "C", "PYTHONUTF8": "0"}, "ascii"),
        ({"PYTHONIOENCODING": "latin-1"}, "latin-1"),
        ({"PYTHONIOENCODING": "ascii"}, "ascii"),
    ],
)
def test_a_terminal_that_cannot_show_unicode_gets_ascii(env, encoding):
    result = run(["activation", "sigmoid", "--z", "-1"], env=env)
    print(repr(result.stdout), repr(result.stderr))
    assert result.returncode == 0
    assert result.stderr == b""
    text = result.stdout.decode(encoding)  # every byte is the stream's own encoding
    assert "sigma" in text and "-1" in text
    if encoding == "ascii":
        assert text.isascii()


def test_ascii_tables_stay_aligned():
    # The ASCII rendering is applied before rich measures the columns: every row of
    # the step table has its column rules in the same places.
    result = run(LOSS, env={"PYTHONIOENCODING": "ascii"})
    text = result.stdout.decode("ascii")
    print(text)
    assert "y_hat" in text and "-2.3026" in text
    rows = [line for line in text.splitlines() if " | " in line]
    assert len(rows) >= 4
    assert len({tuple(i for i, c in enumerate(row) if c == "|") for row in rows}) == 1


def test_json_on_an_ascii_stream_is_still_json():
    import json

    result = run([*LOSS, "--format", "json"], env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0
    data = json.loads(result.stdout.decode("ascii"))
    assert data["result"] == pytest.approx(2.302585092994046)
    # the strings are the same as on a UTF-8 stream (\u escapes, not a transliteration)
    utf8 = json.loads(run([*LOSS, "--format", "json"]).stdout.decode("utf-8"))
    assert data == utf8 and "−" in data["formula"]


@pytest.mark.parametrize(
    "text, ascii_text",
    [
        ("L = −[y·ln(ŷ)]", "L = -[y*ln(y_hat)]"),
        ("σ(z) = 1/(1 + e⁻ᶻ)", "sigma(z) = 1/(1 + e^(-z))"),
        ("Σᵢ wᵢxᵢ + b", "sum_i w_i x_i + b"),
        ("w₁₂ a⁽¹⁾ x² aᵢ₋₁", "w_12 a^(1) x^2 a_(i-1)"),
        ("∞ ≈ ≤ ≥ ≠ ∂L/∂w → λ ε η", "inf ~ <= >= != dL/dw -> lambda epsilon eta"),
        ("──│ • …", "--| * ..."),
        ("y\u0302 café \U0001f600", "y_hat cafe ?"),
    ],
)
def test_ascii_rendering(text, ascii_text):
    assert to_ascii(text) == ascii_text


def test_a_partial_encoding_keeps_what_it_can_show():
    # latin-1 has "·" and "²" but not "−", "ŷ" or "⁽"; a superscript run is read whole.
    assert shown_by("latin-1")("−y·ŷ² a⁽¹⁾") == "-y·y_hat² a^(1)"
    assert shown_by("utf-8")("−σ") == "−σ"


# --- text from files never drives the terminal ----------------------------------


def test_lesson_text_is_shown_without_control_characters():
    from rich.console import Console

    from nnexplain.lesson import present

    buffer = io.StringIO()
    console = Console(file=buffer, width=80, color_system=None, highlight=False)
    lesson = SimpleNamespace(title="T" + HOSTILE, summary="S" + HOSTILE, minutes=1, steps=[1, 2], questions=[1])
    question = SimpleNamespace(kind="question", title="Q" + HOSTILE, number=1, prompt="P" + HOSTILE, text=None,
                               choices=["a" + HOSTILE, "b"], is_choice=True, answer=1, hint="h" + HOSTILE,
                               explanation="e" + HOSTILE, points=[])
    recap = SimpleNamespace(kind="recap", title=None, number=2, text="r" + HOSTILE, points=["p" + HOSTILE])
    present.header(console, lesson)
    present.step_rule(console, question, 2)
    present.body(console, lesson, question, Path("unused"))
    present.hint(console, question)
    present.reveal(console, question, None)
    present.step_rule(console, recap, 2)
    present.body(console, lesson, recap, Path("unused"))
    shown = buffer.getvalue()
    print(repr(shown))
    assert not any(c in shown for c in ESC_AND_FRIENDS)
    for word in ("T]0;x[2J31m", "S]", "Q]", "P]", "a]", "h]", "e]", "p]"):
        assert word in shown


def test_a_hostile_lesson_file_never_reaches_the_terminal(tmp_path):
    escaped = "\\u001b]0;x\\u0007\\u001b[2J"
    (tmp_path / "evil.toml").write_text(
        f'format = 1\nname = "evil"\ntitle = "Evil{escaped}"\nsummary = "S{escaped}"\nminutes = 1\n\n'
        f'[[steps]]\nkind = "text"\ntitle = "Hi{escaped}"\ntext = "Some text{escaped}."\n',
        encoding="utf-8",
    )
    # Displayed with the controls stripped, or refused by the lesson checker: either
    # way no escape sequence reaches standard output or standard error.
    result = run(["lesson", "run", "evil.toml", "--no-input"], cwd=tmp_path)
    print(repr(result.stdout), repr(result.stderr))
    assert b"internal error" not in result.stderr
    assert not any(c.encode() in result.stdout + result.stderr for c in ESC_AND_FRIENDS)


def test_error_lines_carry_no_control_characters(tmp_path):
    name = "data\x1b]0;x\x07\x1b[2J.csv"
    result = run(["cost", "--data", name], cwd=tmp_path)
    unknown = run(["\x1b[2Jbogus"], cwd=tmp_path)
    for each in (result, unknown):
        print(repr(each.stderr))
        assert each.returncode != 0
        assert b"Error" in each.stderr and b"internal error" not in each.stderr
        assert not any(c.encode() in each.stderr for c in ESC_AND_FRIENDS)


# --- figures whatever the environment ---------------------------------------------


def test_a_matplotlibrc_or_user_config_does_not_restyle_figures(tmp_path):
    clean, hostile = tmp_path / "clean", tmp_path / "hostile"
    clean.mkdir()
    hostile.mkdir()
    rc = "lines.linewidth: 7\naxes.facecolor: red\nfont.size: 20\nsavefig.dpi: 30\nfigure.dpi: 30\n"
    (hostile / "matplotlibrc").write_text(rc)
    config = tmp_path / "config"
    (config / "stylelib").mkdir(parents=True)
    (config / "matplotlibrc").write_text(rc.replace("red", "blue"))
    (config / "stylelib" / "nnexplain.mplstyle").write_text(rc)
    for folder, env in ((clean, {}), (hostile, {}), (hostile, {"MPLCONFIGDIR": str(config)})):
        name = "user.png" if env else "f.png"
        result = run([*LOSS, "--plot", name], cwd=folder, env=env)
        assert result.returncode == 0, result.stderr
    reference = (clean / "f.png").read_bytes()
    assert (hostile / "f.png").read_bytes() == reference
    assert (hostile / "user.png").read_bytes() == reference


def test_pdf_output_prints_no_font_timestamp_warnings(tmp_path):
    # The sigmoid figure's fonts made fontTools warn twice ("'created' timestamp
    # seems very low") before the warning was filtered while saving.
    first = run(["activation", "sigmoid", "--plot", "a.pdf"], cwd=tmp_path)
    assert first.returncode == 0
    assert first.stderr.decode().splitlines() == ["Figure saved to a.pdf"]
    again = run(["activation", "sigmoid", "--plot", "b.pdf"], cwd=tmp_path)
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    assert again.returncode == 0


def test_the_timestamp_filter_is_scoped_to_saving():
    import logging

    from nnexplain.plot.save import _FONT_TIMESTAMP_LOGGER, _quiet_font_timestamps

    logger = logging.getLogger(_FONT_TIMESTAMP_LOGGER)
    before = list(logger.filters)
    with _quiet_font_timestamps():
        record = logger.makeRecord(logger.name, logging.WARNING, "f", 1,
                                   "'%s' timestamp seems very low; regarding as unix timestamp", ("created",), None)
        assert not logger.filter(record)
    assert logger.filters == before
