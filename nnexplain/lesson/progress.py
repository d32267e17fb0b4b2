"""Saved progress: a small JSON file in the user's data folder, written atomically.

Where: $NNEXPLAIN_HOME/progress.json if NNEXPLAIN_HOME is set, else
$XDG_DATA_HOME/nnexplain/progress.json, else ~/.local/share/nnexplain/progress.json.
A file that cannot be read or understood gives a warning and a fresh start, never a
crash; it is replaced at the next save.
"""

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from nnexplain.atomic import atomic_file

PROGRESS_FORMAT = 1


@dataclass
class Entry:
    """One lesson's progress: ``step`` steps completed (the next one to show, counting
    from 0) of ``steps``; questions answered right and skipped; finished at least once."""

    step: int = 0
    steps: int = 0
    correct: int = 0
    skipped: int = 0
    done: bool = False

    def status(self, total: int) -> str:
        """done / in progress k/n / new, as ``lesson list`` shows it."""
        if self.done:
            return "done"
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
    """Every lesson's progress, loaded once; ``save`` writes the whole file atomically."""

    def __init__(self, path: Path | None = None):
        self.path = path or progress_path()
        self.warning: str | None = None  # why the saved file was not used, if it was not
        self.entries: dict[str, Entry] = self._load()

    def get(self, key: str) -> Entry:
        return self.entries.get(key, Entry())

    def put(self, key: str, entry: Entry) -> None:
        self.entries[key] = entry
        self.save()

    def remove(self, key: str) -> bool:
        found = self.entries.pop(key, None) is not None
        if found:
            self.save()
        return found

    def clear(self) -> int:
        count = len(self.entries)
        self.entries = {}
        self.save()
        return count

    def save(self) -> None:
        """Write the file: a temporary file in the same folder, then a rename, so a
        reader (or a crash) never sees half a file. OSError if it cannot be written."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        document = {
            "format": PROGRESS_FORMAT,
            "lessons": {key: asdict(entry) for key, entry in sorted(self.entries.items())},
        }
        with atomic_file(self.path) as stream:
            json.dump(document, stream, indent=2, ensure_ascii=False)
            stream.write("\n")

    def _load(self) -> dict[str, Entry]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError) as error:
            return self._fresh(f"cannot be read ({getattr(error, 'strerror', None) or error})")
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            return self._fresh(f"is not valid JSON ({error})")
        entries = _entries(document)
        if entries is None:
            return self._fresh("does not hold nnexplain lesson progress")
        return entries

    def _fresh(self, reason: str) -> dict:
        self.warning = f"Warning: the progress file {self.path} {reason}; starting afresh (it will be replaced)."
        return {}


def _entries(document) -> dict[str, Entry] | None:
    """The entries of a progress document, or None if it is not one."""
    if not (isinstance(document, dict) and document.get("format") == PROGRESS_FORMAT):
        return None
    lessons = document.get("lessons")
    if not isinstance(lessons, dict):
        return None
    entries = {}
    for key, fields in lessons.items():
        if not (isinstance(fields, dict) and set(fields) <= set(Entry.__dataclass_fields__)):
            return None
        numbers_ok = all(
            isinstance(fields.get(name, 0), int) and not isinstance(fields.get(name, 0), bool) and fields.get(name, 0) >= 0
            for name in ("step", "steps", "correct", "skipped")
        )
        if not (numbers_ok and isinstance(fields.get("done", False), bool)):
            return None
        entries[key] = Entry(**fields)
    return entries
