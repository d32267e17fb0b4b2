"""Saved practice progress: ``practice.json`` in the data folder of lesson progress
(nnexplain.lesson.progress.data_folder(): $NNEXPLAIN_HOME, else
$XDG_DATA_HOME/nnexplain, else ~/.local/share/nnexplain).

It holds the number of problems answered in all (the schedule's clock) and each
skill's record (schedule.State). The robustness is lesson progress's, with the same
machinery (nnexplain.lesson.progress: locked, write_json, read_json): every save is
a read-modify-write under an exclusive lock on the folder, written atomically; a file
that cannot be read or understood gives one warning and a fresh start and is
replaced at the next save; its size is bounded.

A shipped skill is kept under its name; a teacher's file's skill under
``file:ABSOLUTE-PATH#NAME``, so it never mixes with a shipped skill of that name.
"""

import os
from dataclasses import asdict
from pathlib import Path

from nnexplain.lesson import progress as store
from nnexplain.practice.schedule import BOXES, LETTERS, RECENT, State

RECORD_FORMAT = 1
MAX_FILE_BYTES = 1_000_000
MAX_COUNT = 1_000_000_000  # problems: far beyond any learner's practice
MAX_SKILLS = 2_000  # shipped skills number dozens; a teacher's files add a few each
MAX_KEY_CHARS = 4_096
COUNT_FIELDS = ("due", "answered", "right", "streak", "best")
_RESULT_LETTERS = set(LETTERS.values())


def record_path() -> Path:
    return store.data_folder() / "practice.json"


def file_key(path: str, name: str) -> str:
    return f"file:{os.path.abspath(path)}#{name}"


class Record:
    """Every skill's practice record and the problem count. ``put`` re-reads the file
    under the lock, replaces only that skill's record (the count becomes the larger
    of the file's and ours, plus the problem just answered) and writes it back
    (OSError if it cannot be written; the record in memory is then left as it was)."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path or record_path())
        self.warning: str | None = None
        (self.problems, self.states), reason = read_record(self.path)
        if reason is not None:
            self.warning = (
                f"Warning: the practice progress file {self.path} {reason}; starting afresh (it will be replaced)."
            )

    def get(self, key: str) -> State | None:
        return self.states.get(key)

    def put(self, key: str, state: State, problem: int) -> None:
        """Save ``state`` for ``key``, answered at problem number ``problem``."""
        with store.locked(self.path.parent):
            (problems, states), _ = read_record(self.path)
            states = {**states, key: state}
            problems = min(max(problems, problem), MAX_COUNT)
            self._write(problems, states)
        self.problems, self.states = problems, states

    def clear(self) -> int:
        with store.locked(self.path.parent):
            count = len(read_record(self.path)[0][1])
            self._write(0, {})
        self.problems, self.states = 0, {}
        return count

    def _write(self, problems: int, states: dict[str, State]) -> None:
        if len(states) > MAX_SKILLS:  # drop the least recently due: never grow without bound
            kept = sorted(states.items(), key=lambda item: item[1].due, reverse=True)[:MAX_SKILLS]
            states = dict(kept)
        store.write_json(self.path, {
            "format": RECORD_FORMAT,
            "problems": problems,
            "skills": {key: asdict(state) for key, state in sorted(states.items())},
        })


def read_record(path: Path) -> tuple[tuple[int, dict[str, State]], str | None]:
    """``((problems, states), None)`` for a good file or none; ``((0, {}), reason)``
    otherwise. Never blocks, never reads more than MAX_FILE_BYTES, never raises."""
    document, reason = store.read_json(path, "a practice progress file", MAX_FILE_BYTES)
    if reason is not None:
        return (0, {}), reason
    if document is store.NONE_YET:
        return (0, {}), None
    found = _parse(document)
    if found is None:
        return (0, {}), "does not hold nnexplain practice progress"
    return found, None


def _count(value) -> bool:
    return type(value) is int and 0 <= value <= MAX_COUNT


def _parse(document):
    if not isinstance(document, dict) or set(document) != {"format", "problems", "skills"}:
        return None
    if type(document["format"]) is not int or document["format"] != RECORD_FORMAT:
        return None
    problems, skills = document["problems"], document["skills"]
    if not _count(problems) or not isinstance(skills, dict) or len(skills) > MAX_SKILLS:
        return None
    states = {}
    for key, fields in skills.items():
        state = _state(key, fields)
        if state is None:
            return None
        states[key] = state
    return problems, states


def _state(key, fields) -> State | None:
    if not (isinstance(key, str) and 0 < len(key) <= MAX_KEY_CHARS and "\0" not in key):
        return None
    if not (isinstance(fields, dict) and set(fields) <= set(State.__dataclass_fields__)):
        return None
    box = fields.get("box", 1)
    if type(box) is not int or not 1 <= box <= BOXES:
        return None
    if not all(_count(fields.get(name, 0)) for name in COUNT_FIELDS):
        return None
    recent = fields.get("recent", "")
    if not (type(recent) is str and len(recent) <= RECENT and set(recent) <= _RESULT_LETTERS):
        return None
    state = State(**fields)
    if state.right > state.answered or state.streak > state.best or state.best > state.answered:
        return None
    return state
