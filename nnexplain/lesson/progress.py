"""Saved progress: a small JSON file in the user's data folder, written atomically.

Where: $NNEXPLAIN_HOME/progress.json if NNEXPLAIN_HOME is set, else
$XDG_DATA_HOME/nnexplain/progress.json, else ~/.local/share/nnexplain/progress.json.

A file that cannot be read or understood (any content: garbage bytes, numbers too
long for Python, deep nesting, wrong types, a folder or a FIFO in its place) gives a
one-line warning and a fresh start, never a crash or a hang; it is replaced at the
next save.

Several sessions may run at once (two terminals, two lessons). Every change is a
read-modify-write under an exclusive lock on the data folder: the file is read
again, only the changed lesson's entry is replaced, and the whole file is written
atomically. So one session never loses another's progress.

A symlinked progress.json is written through to its target (atomically, beside the
target); a FIFO, device or folder in its place is never replaced: saving fails with
an OSError that says why.
"""

import errno
import json
import os
import stat
import sys
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from nnexplain.atomic import atomic_file

try:  # POSIX; elsewhere sessions are not locked against each other
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None

PROGRESS_FORMAT = 1
# A progress file holds a few dozen short entries; anything far larger is not one.
MAX_FILE_BYTES = 1_000_000
# Step counts, and answers right or skipped, are far below this in any lesson.
MAX_COUNT = 1_000_000
# A key is a shipped lesson's name or "file:" and an absolute path.
MAX_KEY_CHARS = 4_096
# How long a save waits for another session's save to finish.
LOCK_TIMEOUT_SECONDS = 10.0
COUNT_FIELDS = ("step", "steps", "correct", "skipped", "best", "best_of")
LIST_FIELDS = ("first_right", "answered")
MAX_LIST = 1_000  # question numbers in one lesson


@dataclass
class Entry:
    """One lesson's progress: ``step`` steps completed (the next one to show, counting
    from 0) of ``steps``; questions answered right and skipped; finished at least once."""

    step: int = 0
    steps: int = 0
    correct: int = 0
    skipped: int = 0
    done: bool = False
    # This run: the questions (step numbers) asked, and those right at the first try.
    answered: list = field(default_factory=list)
    first_right: list = field(default_factory=list)
    # The best first-try score of a finished run: best of best_of (0 of 0: none yet).
    best: int = 0
    best_of: int = 0
    # The --figures folder this lesson was run with (kept for the next resume).
    figures: str | None = None

    def status(self, total: int) -> str:
        """done / in progress k/n / new, as ``lesson list`` shows it. A redo never
        turns "done" into less, and keeps the best first-try score."""
        if self.done:
            return f"done · {self.best}/{self.best_of} first try" if self.best_of else "done"
        if self.step > 0:
            return f"in progress {min(self.step, total)}/{total}"
        return "new"


def data_folder() -> Path:
    """The folder for nnexplain's own files (progress, lesson figures)."""
    home = os.environ.get("NNEXPLAIN_HOME")
    if home:
        return Path(home)
    xdg = os.environ.get("XDG_DATA_HOME")
    if xdg and os.path.isabs(xdg):  # the XDG spec says relative paths are ignored
        return Path(xdg) / "nnexplain"
    return Path.home() / ".local" / "share" / "nnexplain"


def progress_path() -> Path:
    return data_folder() / "progress.json"


class Progress:
    """Every lesson's progress. ``put``, ``remove`` and ``clear`` each re-read the file
    under the lock, change only what they are asked to and write it back (OSError if
    it cannot be written; ``self.entries`` is then left as it was)."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path or progress_path())
        self.warning: str | None = None  # why the saved file was not used, if it was not
        entries, reason = read_entries(self.path)
        if reason is not None:
            self.warning = (
                f"Warning: the progress file {self.path} {reason}; starting afresh (it will be replaced)."
            )
        self.entries: dict[str, Entry] = entries

    def get(self, key: str) -> Entry:
        return self.entries.get(key, Entry())

    def put(self, key: str, entry: Entry) -> None:
        with self._locked():
            entries = read_entries(self.path)[0]
            entries[key] = entry
            self._write(entries)
        self.entries = entries

    def remove(self, key: str) -> bool:
        with self._locked():
            entries = read_entries(self.path)[0]
            found = entries.pop(key, None) is not None
            if found:
                self._write(entries)
        self.entries = entries
        return found

    def clear(self) -> int:
        """Forget everything; works whatever the file holds (unless it cannot be written)."""
        with self._locked():
            count = len(read_entries(self.path)[0])
            self._write({})
        self.entries = {}
        return count

    def save(self) -> None:
        """Write ``self.entries`` as they are (no merge): the whole file, atomically."""
        with self._locked():
            self._write(self.entries)

    def _locked(self):
        return locked(self.path.parent)

    def _write(self, entries: dict[str, Entry]) -> None:
        write_json(self.path, {
            "format": PROGRESS_FORMAT,
            "lessons": {key: asdict(entry) for key, entry in sorted(entries.items())},
        })


# The machinery shared by every saved file in the data folder (lesson progress here,
# practice progress in nnexplain/practice/record.py): a lock around each
# read-modify-write, atomic writes, and reading that never crashes or hangs.


@contextmanager
def locked(folder: Path):
    """An exclusive lock on the data folder, held only around a read-modify-write.

    The folder itself is locked (flock works on directories), so no lock file is
    left beside the saved files. OSError if another nnexplain holds it for over
    LOCK_TIMEOUT_SECONDS."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if fcntl is None:  # pragma: no cover
        yield
        return
    handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT_SECONDS
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise OSError(
                        errno.EAGAIN,
                        f"another nnexplain has held the lock on {folder} for over "
                        f"{LOCK_TIMEOUT_SECONDS:g} s",
                    ) from None
                time.sleep(0.01)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


def write_json(path: Path, document) -> None:
    """Write ``document`` as indented JSON to ``path``, atomically (through a symlink
    to its target; OSError for a folder, FIFO or device in its place)."""
    with atomic_file(write_target(path)) as stream:
        json.dump(document, stream, indent=2, ensure_ascii=False)
        stream.write("\n")


def write_target(path: Path) -> str:
    """Where saving ``path`` really writes: the path itself, or a symlink's final
    target (so the link is kept and its target updated). OSError with a reason for
    anything but a regular file or a missing one."""
    target = os.path.realpath(path) if os.path.islink(path) else os.fspath(path)
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target
    except OSError as error:  # a symlink loop, an unreadable folder
        raise OSError(error.errno, f"it cannot be checked ({error.strerror or error})") from None
    if not stat.S_ISREG(mode):
        raise OSError(
            errno.EISDIR if stat.S_ISDIR(mode) else errno.EINVAL,
            f"it is {_kind(mode)}, not a file; move it away and nnexplain will make a new one",
        )
    return target


def read_entries(path: Path) -> tuple[dict[str, Entry], str | None]:
    """``(entries, None)`` for a good progress file or none; ``({}, reason)`` otherwise.

    Never blocks, never reads more than MAX_FILE_BYTES, never raises (see read_json)."""
    document, reason = read_json(path, "a progress file")
    if reason is not None:
        return {}, reason
    if document is NONE_YET:
        return {}, None
    entries = _entries(document)
    if entries is None:
        return {}, "does not hold nnexplain lesson progress"
    return entries, None


NONE_YET = object()  # read_json's document when there is no file yet


def read_json(path: Path, kind: str, limit: int = MAX_FILE_BYTES) -> tuple[object, str | None]:
    """``(document, None)`` for a readable JSON file, ``(NONE_YET, None)`` for none yet, and
    ``(None, reason)`` for anything else; ``kind`` names the file ("a progress file").

    Never blocks (a FIFO is refused before it is opened, and opened without waiting
    if it appears in between), never reads more than ``limit`` bytes, never raises."""
    from nnexplain.reading import ReadError, read_bytes_limited

    if not os.path.exists(path):  # none yet (or a symlink to a file not made yet)
        return NONE_YET, None
    try:
        data = read_bytes_limited(path, limit, kind)
    except ReadError as error:
        return None, str(error)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, f"cannot be read (it is not UTF-8 text: {error.reason} at byte {error.start})"
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        return None, f"is not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
    except ValueError:  # an integer beyond Python's 4,300-digit conversion limit
        return None, f"is not usable JSON (it holds a number of more than {sys.get_int_max_str_digits():,} digits)"
    except RecursionError:
        return None, "is not usable JSON (nested too deeply)"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _entries(document) -> dict[str, Entry] | None:
    """The entries of a progress document, or None if it is not one: every field is
    checked by type and range."""
    if not isinstance(document, dict):
        return None
    version = document.get("format")
    if type(version) is not int or version != PROGRESS_FORMAT:
        return None
    lessons = document.get("lessons")
    if not isinstance(lessons, dict):
        return None
    entries = {}
    for key, fields in lessons.items():
        entry = _entry(key, fields)
        if entry is None:
            return None
        entries[key] = entry
    return entries


def _entry(key, fields) -> Entry | None:
    if not (isinstance(key, str) and 0 < len(key) <= MAX_KEY_CHARS):
        return None
    if not (isinstance(fields, dict) and set(fields) <= set(Entry.__dataclass_fields__)):
        return None
    for name in COUNT_FIELDS:
        value = fields.get(name, 0)
        if type(value) is not int or not 0 <= value <= MAX_COUNT:
            return None
    if type(fields.get("done", False)) is not bool:
        return None
    for name in LIST_FIELDS:
        value = fields.get(name, [])
        if not (type(value) is list and len(value) <= MAX_LIST
                and all(type(item) is int and 0 < item <= MAX_COUNT for item in value)):
            return None
    figures = fields.get("figures")
    if figures is not None and not (type(figures) is str and 0 < len(figures) <= MAX_KEY_CHARS and "\0" not in figures):
        return None
    return Entry(**fields)
