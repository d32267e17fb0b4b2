"""Hostile progress files and environments (issue 13 §2, §5 and the export part of §3):
any content of progress.json gives one warning and a fresh start, `lesson reset`
always works, two sessions at once keep each other's progress, "Progress saved" only
when it was, symlinks are written through, a lesson's total work has a budget, and
a failed export leaves none of its own files."""

import errno
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli_checks import FAILED, error_line
from nnexplain.cli import cli
from nnexplain.lesson import budget, catalog, export, progress, runs
from nnexplain.lesson.format import load_lesson

FIXTURE = Path(__file__).parent / "lessons_fixture"
TINY = str(FIXTURE / "tiny.toml")
DRAWN = str(FIXTURE / "drawn.toml")
ALL_RIGHT = "\n\n2.30\n\n2\n\n"
SHIPPED_FOLDER = catalog.shipped_folder  # before the fixture points it at the fixture lessons
TIMEOUT = 60  # seconds: a regression that hangs fails instead


@pytest.fixture(autouse=True)
def lesson_home(monkeypatch, tmp_path):
    monkeypatch.setenv("NNEXPLAIN_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(catalog, "shipped_folder", lambda: FIXTURE)


def home(tmp_path) -> Path:
    return tmp_path / "home"


def saved(tmp_path) -> dict:
    return json.loads((home(tmp_path) / "progress.json").read_text(encoding="utf-8"))["lessons"]


def invoke(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, env={"COLUMNS": "100"})


def take(*args, input=None):
    return invoke("lesson", "run", *args, "--input", input=input)


def write_progress(tmp_path, content) -> Path:
    path = home(tmp_path) / "progress.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def warnings(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Warning:")]


def entry(**fields):
    return {"step": 1, "steps": 5, "correct": 0, "skipped": 0, "done": False} | fields


def document(**fields):
    return json.dumps({"format": 1, "lessons": {"tiny": entry(**fields)}})


HOSTILE = {
    "5000-digit step": '{"format": 1, "lessons": {"tiny": {"step": 1' + "0" * 5000 + "}}}",
    "huge step": document(step=10**30),
    "deep nesting": "[" * 100_000 + "]" * 100_000,
    "deep nesting in an entry": '{"format": 1, "lessons": {"tiny": ' + "[" * 50_000 + "]" * 50_000 + "}}",
    "step as text": document(step="1"),
    "step as float": document(step=1.0),
    "step as bool": document(step=True),
    "step NaN": '{"format": 1, "lessons": {"tiny": {"step": NaN}}}',
    "negative": document(correct=-1),
    "done as number": document(done=1),
    "format as bool": json.dumps({"format": True, "lessons": {}}),
    "format as text": json.dumps({"format": "1", "lessons": {}}),
    "lessons as list": json.dumps({"format": 1, "lessons": []}),
    "entry as list": json.dumps({"format": 1, "lessons": {"tiny": [1, 2]}}),
    "unknown field": document(extra=1),
    "empty key": json.dumps({"format": 1, "lessons": {"": entry()}}),
    "garbage bytes": bytes(range(256)) * 4,
    "empty": b"",
    "null": "null",
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_any_content_gives_one_warning_and_a_fresh_start(tmp_path, name):
    write_progress(tmp_path, HOSTILE[name])
    listing = invoke("lesson", "list")
    assert listing.exit_code == 0, listing.output
    assert len(warnings(listing)) == 1 and listing.stderr.count("\n") == 1, listing.stderr
    assert "starting afresh" in listing.stderr and "Traceback" not in listing.output
    result = take("tiny", input="\nquit\n")
    assert result.exit_code == 0, result.output
    assert len(warnings(result)) == 1 and "Progress saved (1 of 5 steps done)" in result.stdout
    assert saved(tmp_path)["tiny"]["step"] == 1  # replaced by a good file


@pytest.mark.parametrize("name", list(HOSTILE))
def test_reset_all_always_works(tmp_path, name):
    write_progress(tmp_path, HOSTILE[name])
    result = invoke("lesson", "reset", "--all")
    assert result.exit_code == 0, result.output
    assert "Forgot the progress of 0 lessons." in result.stdout
    assert saved(tmp_path) == {}


@pytest.mark.parametrize("name", ["5000-digit step", "garbage bytes", "deep nesting"])
def test_reset_one_always_works(tmp_path, name):
    write_progress(tmp_path, HOSTILE[name])
    result = invoke("lesson", "reset", "tiny")
    assert result.exit_code == 0, result.output
    assert "No saved progress for tiny" in result.stdout


def test_a_file_larger_than_any_progress_is_not_read(tmp_path):
    path = home(tmp_path) / "progress.json"
    path.parent.mkdir(parents=True)
    with open(path, "wb") as stream:
        stream.truncate(3 * 1024**3)  # sparse: 3 GB that take no room
    listing = invoke("lesson", "list")
    assert listing.exit_code == 0 and "larger than 1,000,000 bytes" in listing.stderr


def test_a_folder_in_place_of_the_file(tmp_path):
    (home(tmp_path) / "progress.json").mkdir(parents=True)
    listing = invoke("lesson", "list")
    assert listing.exit_code == 0 and len(warnings(listing)) == 1 and "is a folder" in listing.stderr
    error_line(invoke("lesson", "reset", "--all"), "cannot save progress", "is a folder", exit_code=FAILED)


def _cli(*args, input=None, timeout=TIMEOUT, **env):
    return subprocess.run(
        [sys.executable, "-m", "nnexplain", *args], input=input, capture_output=True, text=True,
        timeout=timeout, env=os.environ | {"COLUMNS": "100"} | env,
    )


def test_a_fifo_in_place_of_the_file_never_blocks(tmp_path):
    path = home(tmp_path) / "progress.json"
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    listing = _cli("lesson", "list")  # TimeoutExpired if it opened the FIFO for reading
    assert listing.returncode == 0, listing.stderr
    assert listing.stderr.count("Warning:") == 1 and "FIFO" in listing.stderr
    run = _cli("lesson", "run", TINY, "--input", input="\nquit\n")
    assert run.returncode == 0 and "progress NOT saved" in run.stderr and "Progress saved" not in run.stdout
    reset = _cli("lesson", "reset", "--all")
    assert reset.returncode == 1 and "FIFO" in reset.stderr and "Traceback" not in reset.stderr
    assert Path(path).is_fifo()  # never replaced behind the user's back


# --- two sessions at once --------------------------------------------------------


def _wait_for(condition, what):
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def _step_saved(tmp_path, key, step):
    def check():
        try:
            return saved(tmp_path).get(key, {}).get("step") == step
        except (OSError, ValueError, KeyError):
            return False
    return check


def test_two_interleaved_lesson_processes_keep_both(tmp_path):
    """Both start on an empty file; each saves a step after the other has: with one
    load at the start and a blind write, the second save would drop the first."""
    env = os.environ | {"COLUMNS": "100", "NNEXPLAIN_HOME": str(home(tmp_path))}
    sessions = {
        key: subprocess.Popen([sys.executable, "-m", "nnexplain", "lesson", "run", path, "--input"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for key, path in (("tiny", TINY), ("drawn", DRAWN))
    }
    try:
        for key, answer, step in (("tiny", "\n", 1), ("drawn", "\n", 1), ("tiny", "\n", 2), ("drawn", "0.25\n", 2)):
            sessions[key].stdin.write(answer)
            sessions[key].stdin.flush()
            _wait_for(_step_saved(tmp_path, "file:" + (TINY if key == "tiny" else DRAWN), step), f"{key} step {step}")
        outputs = {key: process.communicate("quit\n", timeout=TIMEOUT) for key, process in sessions.items()}
    finally:
        for process in sessions.values():
            if process.poll() is None:
                process.kill()
    assert all(process.returncode == 0 for process in sessions.values()), outputs
    lessons = saved(tmp_path)
    assert lessons["file:" + TINY]["step"] == 2 and lessons["file:" + DRAWN]["step"] == 2
    assert not [name for name in os.listdir(home(tmp_path)) if name.endswith(".part")]


HAMMER = """
import sys
from nnexplain.lesson.progress import Entry, Progress
key, count = sys.argv[1], int(sys.argv[2])
progress = Progress()  # loaded once, before the other process wrote anything
for step in range(1, count + 1):
    progress.put(key, Entry(step=step, steps=count))
"""


def test_two_processes_saving_at_once_lose_nothing(tmp_path):
    env = os.environ | {"NNEXPLAIN_HOME": str(home(tmp_path))}
    keys = [f"lesson-{n}" for n in range(3)]
    processes = [subprocess.Popen([sys.executable, "-c", HAMMER, key, "60"], env=env) for key in keys]
    for process in processes:
        assert process.wait(timeout=TIMEOUT) == 0
    lessons = saved(tmp_path)
    assert {key: lessons[key]["step"] for key in keys} == {key: 60 for key in keys}


def test_a_save_rereads_the_file_and_merges_only_its_own_entry(tmp_path):
    first, second = progress.Progress(), progress.Progress()  # both loaded from nothing
    first.put("a", progress.Entry(step=1, steps=3))
    second.put("b", progress.Entry(step=2, steps=3))
    first.put("a", progress.Entry(step=3, steps=3, done=True))
    assert saved(tmp_path)["a"]["done"] and saved(tmp_path)["b"]["step"] == 2
    assert second.remove("a") and set(saved(tmp_path)) == {"b"}


# --- "Progress saved" only when it was --------------------------------------------


def _failing_write(error):
    def refuse(path, mode="w"):
        raise error
    return refuse


@pytest.mark.parametrize(
    "error",
    [OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)),  # a full disk
     PermissionError(errno.EACCES, os.strerror(errno.EACCES))],  # a read-only home (as root, simulated)
    ids=["full disk", "read-only home"],
)
@pytest.mark.parametrize("answers, how", [("\nquit\n", "quit"), ("\n", "eof"), (ALL_RIGHT, "finished")])
def test_nothing_saved_is_never_called_saved(tmp_path, monkeypatch, error, answers, how):
    monkeypatch.setattr(progress, "atomic_file", _failing_write(error))
    result = take("tiny", input=answers)
    assert result.exit_code == 0, result.output
    assert len(warnings(result)) == 1 and error.strerror in warnings(result)[0]
    assert "progress saved" not in result.output.lower()
    assert "progress not saved (see the warning above); nothing from this session was kept." in result.stderr.lower()
    assert not (home(tmp_path) / "progress.json").exists()


def test_a_folder_in_place_says_nothing_was_kept(tmp_path):
    (home(tmp_path) / "progress.json").mkdir(parents=True)
    result = take("tiny", input="\nquit\n")
    assert "Progress saved" not in result.stdout
    assert result.stderr.count("Warning: cannot save progress") == 1
    assert "Stopped (1 of 5 steps done): progress NOT saved" in result.stderr


def test_a_save_that_fails_half_way_says_what_was_kept(tmp_path, monkeypatch):
    original, calls = progress.atomic_file, []

    def second_fails(path, mode="w"):
        calls.append(path)
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return original(path, mode)

    monkeypatch.setattr(progress, "atomic_file", second_fails)
    result = take("tiny", input="\n\nquit\n")
    assert "only the first step was kept" in result.stderr and "Progress saved" not in result.stdout
    assert saved(tmp_path)["tiny"]["step"] == 1


def test_reset_that_cannot_write_is_one_error_line(tmp_path, monkeypatch):
    write_progress(tmp_path, document())
    monkeypatch.setattr(progress, "atomic_file", _failing_write(PermissionError(errno.EACCES, "Permission denied")))
    error_line(invoke("lesson", "reset", "--all"), "cannot save progress to", "Permission denied", exit_code=FAILED)


# --- symlinks -------------------------------------------------------------------


def test_a_symlinked_progress_file_is_written_through(tmp_path):
    target = tmp_path / "elsewhere" / "real-progress.json"
    target.parent.mkdir()
    target.write_text(document(step=1))
    link = home(tmp_path) / "progress.json"
    link.parent.mkdir(parents=True)
    link.symlink_to(target)
    result = take("tiny", input="\n\nquit\n")
    assert result.exit_code == 0 and "Progress saved (2 of 5 steps done)" in result.stdout, result.output
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert json.loads(target.read_text())["lessons"]["tiny"]["step"] == 2
    assert not [name for name in os.listdir(target.parent) if name != target.name]


def test_a_dangling_symlink_gets_its_target(tmp_path):
    target = tmp_path / "new-progress.json"
    link = home(tmp_path) / "progress.json"
    link.parent.mkdir(parents=True)
    link.symlink_to(target)
    assert take("tiny", input="\nquit\n").exit_code == 0
    assert link.is_symlink() and json.loads(target.read_text())["lessons"]["tiny"]["step"] == 1


def test_a_symlink_to_a_folder_is_refused_with_a_reason(tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    link = home(tmp_path) / "progress.json"
    link.parent.mkdir(parents=True)
    link.symlink_to(folder)
    result = take("tiny", input="\nquit\n")
    assert "is a folder, not a file" in result.stderr and "progress NOT saved" in result.stderr
    assert link.is_symlink() and list(folder.iterdir()) == []


# --- a lesson's work budget -----------------------------------------------------

EXPENSIVE = (
    'format = 1\nname = "expensive"\ntitle = "E"\nsummary = "S"\nminutes = 1\n'
    + '[[steps]]\nkind = "worked"\nrun = "train --n 999999 --epochs 1000"\n' * 10
)


def _never_run(monkeypatch):
    def refuse(argv):
        raise AssertionError(f"ran {argv} before the budget was checked")
    monkeypatch.setattr(runs, "_invoke", refuse)


def test_ten_huge_train_steps_are_over_budget():
    lesson = load_lesson(EXPENSIVE.encode(), "expensive.toml")
    total, _ = budget.estimate(lesson)
    assert total > budget.MAX_LESSON_WORK
    [problem] = budget.problems(lesson)
    assert problem.startswith("expensive.toml: asks for about ")
    assert f"{total:,}" in problem and f"{budget.MAX_LESSON_WORK:,}" in problem
    assert "step 1 (worked): 'train --n 999999 --epochs 1000'" in problem


def test_one_capped_train_step_fits_the_budget():
    one = EXPENSIVE.split("[[steps]]")[0] + '[[steps]]\nkind = "worked"\nrun = "train --n 999999 --epochs 1000"\n'
    assert budget.problems(load_lesson(one.encode(), "one.toml")) == []


def test_the_shipped_lessons_are_far_below_the_budget():
    folder = SHIPPED_FOLDER()
    names = [entry.name for entry in folder.iterdir() if entry.name.endswith(".toml") and entry.name != catalog.MANIFEST]
    assert len(names) >= 5
    for name in names:
        lesson = load_lesson(folder.joinpath(name).read_bytes(), name)
        assert budget.estimate(lesson)[0] < budget.MAX_LESSON_WORK / 10, name


@pytest.mark.parametrize(
    "line, work",
    [("loss --y 1 --yhat 0.1", 1),
     ("activation sigmoid --z -5:5:10000", 10_000),
     ("compare sigmoid tanh relu --z -5:5:1000", 3_000),
     ("cost --y 1,0,1 --yhat 0.9,0.2,0.6", 6),
     ("train --task logistic --n 100 --epochs 10", 10 * (100 + budget.EPOCH_COST_IN_EXAMPLES) * 2),
     ("train", 500 * (50 + budget.EPOCH_COST_IN_EXAMPLES))],
)
def test_work_is_estimated_from_the_parsed_options(monkeypatch, line, work):
    _never_run(monkeypatch)
    assert budget.line_work(line) == budget.RUN_COST + work


def test_every_run_of_a_lesson_counts(monkeypatch):
    text = (EXPENSIVE.split("[[steps]]")[0].replace('minutes = 1\n', 'minutes = 1\n[runs]\nr = "train --epochs 1000000"\n')
            + '[[steps]]\nkind = "text"\ntext = "{{r.result}}"\n'
            + '[[steps]]\nkind = "question"\nprompt = "p"\nhint = "h"\nexplanation = "e"\ndecimals = 1\n'
            + 'answer = { run = "train --epochs 1000000", path = "result" }\n'
            + '[[steps]]\nkind = "figure"\nrun = "train --n 1000000 --epochs 1000"\n')
    lesson = load_lesson(text.encode(), "three.toml")
    assert [where for where, _, _ in budget.run_lines(lesson)] == ["runs.r", "step 2 (question) answer", "step 3 (figure)"]
    assert budget.problems(lesson)


def test_run_and_export_refuse_a_lesson_over_budget_before_running_anything(tmp_path, monkeypatch):
    _never_run(monkeypatch)
    lesson = tmp_path / "expensive.toml"
    lesson.write_text(EXPENSIVE)
    for args in (["lesson", "run", str(lesson), "--input"], ["lesson", "run", str(lesson), "--no-input"],
                 ["lesson", "export", str(lesson), "--out", str(tmp_path / "out")]):
        line = error_line(invoke(*args, input="\n"), "units of work", f"{budget.MAX_LESSON_WORK:,}", exit_code=FAILED)
        assert "over the budget" in line
    assert not (home(tmp_path) / "progress.json").exists()
    assert not (tmp_path / "out").exists()


def test_check_refuses_a_lesson_over_budget_before_running_anything(tmp_path, monkeypatch):
    _never_run(monkeypatch)
    lesson = tmp_path / "expensive.toml"
    lesson.write_text(EXPENSIVE)
    result = invoke("lesson", "check", str(lesson))
    error_line(result, "1 problem in 1 of 1 file", exit_code=FAILED)
    assert f"{budget.MAX_LESSON_WORK:,}" in result.stderr and "over the budget" in result.stderr


# --- a failed export leaves nothing of its own ---------------------------------

HALF_WAY = (
    'format = 1\nname = "half"\ntitle = "H"\nsummary = "S"\nminutes = 1\n'
    '[[steps]]\nkind = "figure"\nrun = "compare sigmoid tanh"\n'
    '[[steps]]\nkind = "figure"\nrun = "activation relu --z -1,1"\n'
    '[[steps]]\nkind = "figure"\nrun = "loss --y 1 --yhat 7"\n'
)


def test_an_export_failing_half_way_removes_its_figures_and_keeps_the_old_files(tmp_path):
    lesson = tmp_path / "half.toml"
    lesson.write_text(HALF_WAY)
    out = tmp_path / "out"
    out.mkdir()
    (out / "half-1.png").write_bytes(b"the user's own file")
    (out / "notes.txt").write_text("mine")
    error_line(invoke("lesson", "export", str(lesson), "--out", str(out)), "half.toml: step 3 (figure)", exit_code=FAILED)
    assert sorted(os.listdir(out)) == ["half-1.png", "notes.txt"]
    assert (out / "half-1.png").read_bytes() == b"the user's own file"


def test_an_export_whose_handout_cannot_be_written_leaves_no_figures(tmp_path):
    out = tmp_path / "out"
    (out / "drawn.md").mkdir(parents=True)  # the handout's place is taken by a folder
    error_line(invoke("lesson", "export", "drawn", "--out", str(out)), "could not write", "drawn.md", exit_code=FAILED)
    assert os.listdir(out) == ["drawn.md"] and os.listdir(out / "drawn.md") == []


def test_an_export_failing_while_moving_into_place_undoes_its_moves(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    real_replace, moves = os.replace, []

    def fails_on_the_handout(source, target):
        if str(target).endswith(".md"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        moves.append(target)
        return real_replace(source, target)

    monkeypatch.setattr(export.os, "replace", fails_on_the_handout)
    with pytest.raises(OSError):
        export.export(catalog.resolve("drawn")[0], out)
    assert moves and os.listdir(out) == []


def test_a_good_export_still_writes_everything(tmp_path):
    out = tmp_path / "out"
    result = invoke("lesson", "export", "drawn", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir(out)) == ["drawn-1.png", "drawn.md"]


def test_a_staging_folder_left_by_a_killed_export_is_removed_next_time(tmp_path):
    import subprocess
    import sys

    from nnexplain.atomic import TEMP_PREFIX, TEMP_SUFFIX

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    out = tmp_path / "out"
    left = out / f"{TEMP_PREFIX}{int(gone.stdout)}-abc{TEMP_SUFFIX}"
    left.mkdir(parents=True)
    (left / "tiny.md").write_text("half a handout")
    kept = out / ".my-own.part"
    kept.write_text("not ours")
    result = invoke("lesson", "export", "tiny", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert not left.exists() and kept.exists()
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".my-own.part"]
