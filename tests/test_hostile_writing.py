"""Every file nnexplain writes, attacked: an output naming an input of the same
command (by path, ./relative vs absolute, symlink, hard link), permissions under a
strict umask, a run killed with ``kill -9`` mid-write, file names at and over the
255-byte limit, and numbers thousands of digits long on the command line. Each ends
in a written file or in exactly one Error line, and never damages the user's data."""

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli_checks import USAGE, error_line
from nnexplain import examples
from nnexplain import atomic
from nnexplain.cli import cli

ROOT = Path(__file__).resolve().parent.parent
WEIGHTS = Path(examples.path("xor_sigmoid")).read_bytes()
COST_DATA = b"y,y_hat\n1,0.9\n0,0.2\n1,0.6\n"
TRAIN_DATA = b"x,y\n0,1\n1,3\n2,5\n3,7.5\n"
LOSS = ["loss", "--y", "1", "--yhat", "0.1"]
DIGITS = "1" * 5000


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], prog_name="nnexplain")


def files_in(folder):
    return {p.name for p in Path(folder).iterdir()}


# command, the input option, the input file's name and bytes, the output option, the
# output's extension, and the rest of the command line.
CASES = {
    "cost --data / --save-table": ("cost", "--data", "d.txt", COST_DATA, "--save-table", []),
    "cost --data / --plot": ("cost", "--data", "d.svg", COST_DATA, "--plot", []),
    "train --data / --plot": ("train", "--data", "pts.svg", TRAIN_DATA, "--plot", ["--epochs", "5"]),
    "train --data / --save-table": ("train", "--data", "p.html", TRAIN_DATA, "--save-table",
                                    ["--epochs", "5"]),
    "train --data / --landscape": ("train", "--data", "p.png", TRAIN_DATA, "--landscape",
                                   ["--epochs", "5"]),
    "forward --weights / --diagram": ("forward", "--weights", "w.svg", WEIGHTS, "--diagram",
                                      ["--x", "1,0"]),
    "forward --weights / --save-table": ("forward", "--weights", "w.txt", WEIGHTS, "--save-table",
                                         ["--x", "1,0"]),
    "backprop --weights / --save-table": ("backprop", "--weights", "w.txt", WEIGHTS, "--save-table",
                                          ["--x", "1,0", "--target", "1"]),
}


def _output_naming(way, tmp_path, name):
    """The output path that names the input file ``name`` in the given way."""
    if way == "same path":
        return f"./{name}"
    if way == "relative vs absolute":
        return str(tmp_path / name)
    if way == "through ./ and ..":
        return f"./sub/../{name}"
    other = "link-" + name
    if way == "symlink":
        os.symlink(name, tmp_path / other)
    elif way == "hard link":
        os.link(tmp_path / name, tmp_path / other)
    return other


@pytest.mark.parametrize("output_first", [False, True], ids=["input first", "output first"])
@pytest.mark.parametrize("way", ["same path", "relative vs absolute", "through ./ and ..", "symlink",
                                 "hard link"])
@pytest.mark.parametrize("case", list(CASES))
def test_an_output_never_overwrites_an_input(tmp_path, monkeypatch, case, way, output_first):
    command, reads, name, content, writes, rest = CASES[case]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / name).write_bytes(content)
    output = _output_naming(way, tmp_path, name)
    before = files_in(tmp_path)
    given_input = [reads, f"./{name}"]
    given_output = [writes, output]
    pairs = [given_output, given_input] if output_first else [given_input, given_output]
    result = invoke(command, *pairs[0], *pairs[1], *rest)
    print(repr(result.output))
    line = error_line(result, f"'{writes}'", reads, "choose another name", exit_code=USAGE)
    assert len(line) < 300
    assert (tmp_path / name).read_bytes() == content
    assert files_in(tmp_path) == before
    if way == "symlink":
        assert (tmp_path / output).is_symlink()


def test_two_outputs_naming_one_file_through_a_symlink_are_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.symlink("bowl.png", "link.png")
    result = invoke("train", "--epochs", "5", "--plot", "bowl.png", "--landscape", "link.png")
    error_line(result, "'--landscape'", "--plot", "same file")
    assert files_in(tmp_path) == {"link.png"}


def test_an_output_beside_its_input_is_written(tmp_path, monkeypatch):
    # Not every shared folder or name stem is a clash: only the same file is.
    monkeypatch.chdir(tmp_path)
    Path("d.txt").write_bytes(COST_DATA)
    result = invoke("cost", "--data", "d.txt", "--save-table", "d-table.txt")
    assert result.exit_code == 0, result.output
    assert Path("d.txt").read_bytes() == COST_DATA
    assert "Cost" in Path("d-table.txt").read_text(encoding="utf-8")


# --- permissions ---------------------------------------------------------------

@pytest.fixture
def umask():
    """Set the process umask for one test, restored afterwards."""
    old = os.umask(0o022)
    os.umask(old)
    yield os.umask
    os.umask(old)


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("mask, expected", [(0o077, 0o600), (0o022, 0o644), (0o002, 0o664)])
@pytest.mark.parametrize("option, name", [("--save-table", "t.txt"), ("--plot", "f.svg")])
def test_a_new_file_gets_the_permissions_the_umask_asks_for(tmp_path, umask, mask, expected, option,
                                                           name):
    umask(mask)
    result = invoke(*LOSS, option, tmp_path / name)
    assert result.exit_code == 0, result.output
    assert oct(mode(tmp_path / name)) == oct(expected)


@pytest.mark.parametrize("kept", [0o600, 0o640, 0o444])
@pytest.mark.parametrize("option, name", [("--save-table", "t.txt"), ("--plot", "f.svg")])
def test_a_replaced_file_keeps_its_permissions(tmp_path, umask, kept, option, name):
    umask(0o022)
    path = tmp_path / name
    path.write_text("old\n", encoding="utf-8")
    path.chmod(kept)
    result = invoke(*LOSS, option, path)
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") != "old\n"
    assert oct(mode(path)) == oct(kept)


def test_a_symlinked_output_is_written_through_to_its_target(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    (tmp_path / "link.txt").symlink_to("real.txt")
    result = invoke(*LOSS, "--save-table", tmp_path / "link.txt")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "link.txt").is_symlink()
    assert "Log loss" in target.read_text(encoding="utf-8")
    assert oct(mode(target)) == oct(0o600)
    assert files_in(tmp_path) == {"real.txt", "link.txt"}


def test_the_umask_is_read_without_changing_it(umask):
    umask(0o027)
    assert atomic.current_umask() == 0o027
    assert atomic.current_umask() == 0o027


# --- temporaries: short names, cleaned up after kill -9 ----------------------------

def _dead_pid():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_leftover_temporaries_of_dead_writers_are_removed_by_the_next_write(tmp_path):
    dead = f".nnx-{_dead_pid()}-abcd1234.part"
    live = f".nnx-{os.getppid()}-abcd1234.part"  # pytest's parent runs: being written
    stale = f".nnx-{os.getppid()}-old00000.part"  # a live pid, but over STALE_SECONDS old
    foreign = [".t.txt.abcd1234.part", ".nnx-notapid-x.part", "notes.part", ".nnx-123.part"]
    for name in [dead, live, stale, *foreign]:
        (tmp_path / name).write_text("half", encoding="utf-8")
    hour_ago = time.time() - 3600
    os.utime(tmp_path / stale, (hour_ago, hour_ago))
    result = invoke(*LOSS, "--save-table", tmp_path / "t.txt")
    assert result.exit_code == 0, result.output
    assert files_in(tmp_path) == {"t.txt", live, *foreign}


def test_the_temporary_name_is_short_and_recognisable(tmp_path):
    seen = []
    with atomic.atomic_file(tmp_path / ("x" * 255)) as stream:
        seen = [name for name in os.listdir(tmp_path)]
        stream.write("done")
    assert len(seen) == 1 and atomic.is_temporary(seen[0])
    assert len(seen[0]) < 40
    assert files_in(tmp_path) == {"x" * 255}


def _deck(folder, *more):
    command = [sys.executable, "-m", "nnexplain", "figures", "--out", str(folder), "--jobs", "1",
               "--dpi", "50", "--only", "activation-*", *more]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "MPLBACKEND": "Agg"})


def _kill_mid_write(folder):
    """Start a deck and kill -9 it as soon as a temporary file appears; the names
    left in the folder."""
    first = _deck(folder)
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and first.poll() is None:
            names = os.listdir(folder) if folder.is_dir() else []
            if any(name.endswith(".part") for name in names):
                break
            time.sleep(0.002)
    finally:
        if first.poll() is None:
            first.send_signal(signal.SIGKILL)
        first.communicate()
    return os.listdir(folder) if folder.is_dir() else []


def test_a_deck_killed_mid_write_leaves_nothing_the_next_run_keeps(tmp_path):
    folder = tmp_path / "deck"
    for _attempt in range(3):  # the kill almost always lands mid-write; retry if not
        if [name for name in _kill_mid_write(folder) if name.endswith(".part")]:
            break
    else:
        pytest.fail("no kill -9 landed while a file was being written")
    second = _deck(folder)
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err.decode()
    names = os.listdir(folder)
    assert not [name for name in names if name.endswith(".part")], names
    index = (folder / "index.md").read_text(encoding="utf-8")
    assert ".part" not in index and ".nnx" not in index
    assert sorted(names) == sorted([f"{n}.png" for n in (
        "activation-sigmoid", "activation-tanh", "activation-relu", "activation-leaky-relu",
        "activation-identity")] + ["index.md"])


# --- file and folder names at and over the limit ----------------------------------

@pytest.mark.parametrize("option, stem, extension", [
    ("--plot", "a", ".png"), ("--save-table", "b", ".txt"), ("--plot", "é", ".svg"),
])
def test_a_255_byte_file_name_is_written(tmp_path, option, stem, extension):
    name = stem * ((255 - len(extension)) // len(stem.encode())) + extension
    name = name if len(name.encode()) == 255 else "c" + name  # é is 2 bytes: pad to 255
    assert len(name.encode()) == 255
    result = invoke(*LOSS, option, tmp_path / name)
    assert result.exit_code == 0, result.output
    assert files_in(tmp_path) == {name}


@pytest.mark.parametrize("option", ["--plot", "--save-table"])
def test_a_file_name_over_the_limit_is_one_error_line(tmp_path, option):
    name = "a" * 252 + (".svg" if option == "--plot" else ".txt")  # 256 bytes
    result = invoke(*LOSS, option, tmp_path / name)
    line = error_line(result, f"'{option}'", "256 bytes", "at most 255")
    assert len(line) < 500
    assert files_in(tmp_path) == set()


@pytest.mark.parametrize("parts", [["d" * 300], ["ok", "d" * 300, "sub"]])
def test_a_folder_name_over_the_limit_is_one_error_line(tmp_path, parts):
    result = invoke("figures", "--out", tmp_path.joinpath(*parts), "--only", "loss-log")
    error_line(result, "'--out'", "File name too long")
    assert not [p for p in tmp_path.rglob("*") if p.suffix in (".png", ".md", ".part")]


def test_a_figure_in_a_folder_name_over_the_limit_is_one_error_line(tmp_path):
    result = invoke(*LOSS, "--plot", tmp_path / ("d" * 300) / "f.png")
    error_line(result, "'--plot'", "does not exist")


# --- numbers thousands of digits long ---------------------------------------------

@pytest.mark.parametrize("args, option", [
    (["activation", "sigmoid", "--z", f"0:1:{DIGITS}"], "--z"),
    (["activation", "sigmoid", "--z", f"0:1:{'0' * 4995}7"], None),  # leading zeros: 7 points
    (["activation", "sigmoid", "--z", f"{DIGITS}:1:5"], "--z"),
    (["activation", "sigmoid", "--z", f"1,{DIGITS}"], "--z"),
    (["loss", "--y", "1", "--yhat", f"0.{DIGITS}"], "--yhat"),
    (["loss", "--y", DIGITS, "--yhat", "0.5"], "--y"),
    (["train", "--epochs", DIGITS], "--epochs"),
    (["train", "--n", DIGITS], "--n"),
    (["train", "--seed", DIGITS], "--seed"),
    (["loss", "--y", "1", "--yhat", "0.5", "--precision", DIGITS], "--precision"),
    (["figures", "--list", "--dpi", DIGITS], "--dpi"),
    (["figures", "--list", "--jobs", DIGITS], "--jobs"),
])
def test_a_number_thousands_of_digits_long_is_one_short_error_line(args, option):
    result = invoke(*args)
    if option is None:
        assert result.exit_code == 0, result.output
        return
    line = error_line(result, f"'{option}'")
    assert "internal error" not in line
    assert len(line) < 400, line


def test_a_number_of_400_characters_is_still_read():
    result = invoke("loss", "--y", "1", "--yhat", "0." + "1" * 398)
    assert result.exit_code == 0, result.output
    result = invoke("loss", "--y", "1", "--yhat", "0." + "1" * 399)
    error_line(result, "'--yhat'", "too long", "at most 400 characters")
