"""Lesson files: TOML read with ``tomllib``, checked field by field, turned into frozen records.

Every problem names the file, the step (counting from 1, as an author counts the
``[[steps]]`` tables) and the field, and says what was expected. Checking goes on
after the first problem, so an author sees all of them at once. The format is
described in docs/lessons.md; keep the two in step.
"""

import math
import re
import tomllib
from dataclasses import dataclass

from nnexplain.lesson import placeholders
from nnexplain.safe_text import control_characters

FORMAT = 1  # the lesson format this nnexplain reads
KINDS = ("text", "worked", "figure", "question", "recap")
# The options a figure step may ask its command to draw with (the engine adds the file)
# -> the figure kind its door draws (None: the door's one figure).
FIGURE_OPTIONS = {"--plot": None, "--landscape": "landscape", "--compare-rates": "rates",
                  "--compare-batches": "batches", "--diagram": None}
NAME_PATTERN = re.compile(r"[a-z][a-z0-9-]{0,39}")
MAX_FILE_BYTES = 1_000_000  # a lesson is a few kilobytes; refuse anything far larger
MAX_DECIMALS = 10
MAX_CHOICES = 9
MAX_HINTS = 5
MAX_NEEDS = 6
# Slips the engine computes from the expected answer alone (answers.engine_slip).
ENGINE_SLIPS = ("sign", "log10", "percent", "squared", "not_squared")
# A slip of the author's own (any other name) must say what it means ("says").
SLIP_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
# Slips computed by running the lesson's command with a changed input ([[steps.slip]]).
RUN_SLIPS = (
    "no_bias", "sum_not_mean", "other_class", "rounded_early", "swapped_weight",
    "wrong_direction", "sign", "log10", "squared", "not_squared", "percent",
    "value_not_slope", "counted_from_one", "swapped",
)  # fmt: skip

LESSON_FIELDS = {
    "format": "required",
    "name": "required",
    "title": "required",
    "summary": "required",
    "minutes": "required",
    "steps": "required",
    "runs": "optional",
    "practice": "optional",
}
# For each step kind: its fields, required or optional ("kind" is always required).
STEP_FIELDS = {
    "text": {"text": "required", "title": "optional"},
    "worked": {"run": "required", "title": "optional", "text": "optional"},
    "figure": {"run": "required", "title": "optional", "text": "optional", "option": "optional"},
    "question": {
        "prompt": "required",
        "answer": "required",
        "hint": "required",  # or hints = [...] (staged, shown one at a time)
        "hints": "optional",
        "explanation": "required",
        "title": "optional",
        "choices": "optional",
        "decimals": "optional",
        "tolerance": "optional",
        "whole": "optional",
        "needs": "optional",
        "slips": "optional",
        "slip": "optional",
    },
    "recap": {"points": "required", "title": "optional", "text": "optional"},
}


@dataclass(frozen=True)
class Computed:
    """An expected answer computed by the tool: run ``run`` with --format json and
    read the number at the dotted ``path`` of the JSON document."""

    run: str
    path: str


@dataclass(frozen=True)
class Slip:
    """A common mistake a numeric question checks a wrong answer against.

    An engine slip (``run`` None) is computed from the expected answer (answers.py);
    a run slip is the number at ``path`` of ``run``'s JSON document: the lesson's
    command with the mistake made (the bias left out, the other class's term). ``says``
    (optional) is what the runner tells the learner; it may quote ``{{slip.PATH}}``
    from the slip's own run, and the lesson's [runs]. ``value``: the slip's number
    worked out beforehand (a practice template's ``value = "EXPRESSION"``, evaluated
    for each drawn problem); then there is no run."""

    name: str
    run: str | None = None
    path: str | None = None
    says: str | None = None
    value: float | None = None


@dataclass(frozen=True)
class Step:
    """One step of a lesson. ``number`` counts from 1; fields a kind does not use are None.

    text: ``text``. worked / figure: ``run`` (an nnexplain command line), optional
    ``text`` shown first; a figure's ``option`` is the command's figure option
    (``--plot``, ``--landscape`` for train's cost bowl, ``--diagram`` for forward's network). question: ``prompt``, ``hint``, ``explanation``, and either
    ``choices`` with ``answer`` the 1-based number of the right one, or a numeric
    ``answer`` (a float, or ``Computed``) with ``decimals`` or ``tolerance``.
    recap: ``points``, optional ``text``.
    """

    number: int
    kind: str
    title: str | None = None
    text: str | None = None
    run: str | None = None
    prompt: str | None = None
    hint: str | None = None
    explanation: str | None = None
    answer: float | int | Computed | None = None
    choices: tuple[str, ...] = ()
    decimals: int | None = None
    tolerance: float | None = None
    points: tuple[str, ...] = ()
    option: str = "--plot"
    # Staged hints after the first (``hint``), shown one at a time.
    more_hints: tuple[str, ...] = ()
    # An exact count: only the whole number itself is right (decimals is then 0).
    whole: bool = False
    # Lines shown in a "You need" strip above the prompt: numbers from earlier screens.
    needs: tuple[str, ...] = ()
    slips: tuple[Slip, ...] = ()

    @property
    def hints(self) -> tuple[str, ...]:
        return ((self.hint,) if self.hint else ()) + self.more_hints

    @property
    def is_choice(self) -> bool:
        return bool(self.choices)


@dataclass(frozen=True)
class Lesson:
    name: str
    title: str
    summary: str
    minutes: int
    steps: tuple[Step, ...]
    source: str  # where it was read from, for messages
    # (name, command line) pairs whose JSON numbers step texts quote as {{name.path}}
    # (see placeholders.py); filled before a learner sees the lesson.
    runs: tuple[tuple[str, str], ...] = ()
    # The practice skills (lessons/practice/) the lesson ends by pointing to.
    practice: tuple[str, ...] = ()

    @property
    def questions(self) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if step.kind == "question")


class LessonError(Exception):
    """A lesson that cannot be used; ``problems`` holds one line per problem."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def read_lesson(data: bytes, source: str):
    """``(Lesson or None, problems)`` for the bytes of a lesson file."""
    table, problems = read_toml(data, source)
    if table is None:
        return None, problems
    return parse_lesson(table, source)


def load_lesson(data: bytes, source: str) -> Lesson:
    lesson, problems = read_lesson(data, source)
    if problems:
        raise LessonError(problems)
    return lesson


def read_toml(data: bytes, source: str):
    """``(table or None, problems)``: the parsed TOML document of a lesson or manifest."""
    if len(data) > MAX_FILE_BYTES:
        return None, [f"{source}: is {len(data):,} bytes; a lesson file is at most {MAX_FILE_BYTES:,}"]
    try:
        # "utf-8-sig": a leading byte-order mark is skipped, as for CSV and JSON files.
        return tomllib.loads(data.decode("utf-8-sig")), []
    except UnicodeDecodeError:
        return None, [f"{source}: is not UTF-8 text"]
    except tomllib.TOMLDecodeError as error:
        return None, [f"{source}: is not valid TOML: {error}"]
    except ValueError:  # an integer beyond Python's 4,300-digit conversion limit
        return None, [f"{source}: is not valid TOML: a number has too many digits"]
    except RecursionError:
        return None, [f"{source}: is not valid TOML: its arrays or tables are nested too deeply"]


def check_format_version(table, source):
    """Problems with the ``format`` field (shared with the manifest)."""
    version = table.get("format")
    if "format" not in table:
        return [f"{source}: format: missing; write format = {FORMAT} as the first line"]
    if not _is_int(version) or version < 1:
        return [f"{source}: format: expected a whole number (format = {FORMAT}), got {_show(version)}"]
    if version > FORMAT:
        return [f"{source}: lesson format {version} needs a newer nnexplain; this one reads format {FORMAT}"]
    return []


def parse_lesson(table: dict, source: str):
    """``(Lesson or None, problems)`` for a parsed TOML document."""
    problems = check_format_version(table, source)
    if problems:  # another version's fields may mean something else: stop here
        return None, problems
    problems += _unknown(table, LESSON_FIELDS, source)
    problems += _missing(table, LESSON_FIELDS, source)
    name = table.get("name")
    if "name" in table and not (isinstance(name, str) and NAME_PATTERN.fullmatch(name)):
        problems.append(
            f"{source}: name: expected lowercase letters, digits and hyphens starting with a "
            f"letter, at most 40 (e.g. \"bias\"), got {_show(name)}"
        )
    for field in ("title", "summary"):
        if field in table and not _is_text(table[field]):
            problems.append(f"{source}: {field}: expected non-empty text, got {_show(table[field])}")
        elif field in table and control_problem(table[field]):
            problems.append(f"{source}: {field}: {control_problem(table[field])}")
        elif field in table and placeholders.ANY.search(table[field]):
            problems.append(
                f"{source}: {field}: may not quote computed numbers ({{{{...}}}}); "
                "`lesson list` shows it without running anything"
            )
    run_lines, run_problems = _parse_runs(table.get("runs", {}), source)
    problems += run_problems
    minutes = table.get("minutes")
    if "minutes" in table and not (_is_int(minutes) and 1 <= minutes <= 600):
        problems.append(f"{source}: minutes: expected a whole number of minutes from 1 to 600, got {_show(minutes)}")
    practice = table.get("practice", [])
    if "practice" in table and not (isinstance(practice, list) and 1 <= len(practice) <= 12
            and all(isinstance(n, str) and NAME_PATTERN.fullmatch(n) for n in practice)):
        problems.append(f"{source}: practice: expected a list of 1 to 12 practice skill names "
                        f"(nnexplain practice --list), e.g. [\"log-loss\"], got {_show(practice)}")
        practice = []
    steps = []
    raw_steps = table.get("steps")
    if "steps" in table:
        if not (isinstance(raw_steps, list) and raw_steps and all(isinstance(s, dict) for s in raw_steps)):
            problems.append(f"{source}: steps: expected one or more [[steps]] tables, got {_show(raw_steps)}")
        else:
            for number, raw in enumerate(raw_steps, start=1):
                step, step_problems = _parse_step(raw, number, f"{source}: step {number}")
                problems += step_problems
                if step is not None:
                    where = f"{source}: step {number} ({step.kind})"
                    problems += placeholders.static_problems(raw, dict(run_lines), where)
                steps.append(step)
    if problems:
        return None, problems
    lesson = Lesson(
        table["name"], table["title"].strip(), table["summary"].strip(), minutes, tuple(steps), source, run_lines,
        tuple(practice),
    )
    return lesson, []


def _parse_runs(runs, source: str):
    """``((name, command line) pairs, problems)`` for the optional [runs] table."""
    if not isinstance(runs, dict):
        return (), [f"{source}: runs: expected a table of NAME = \"COMMAND\" lines, got {_show(runs)}"]
    pairs, problems = [], []
    for name, line in runs.items():
        if not placeholders.RUN_NAME.fullmatch(name):
            problems.append(
                f"{source}: runs.{_key(name)}: a run's name is lowercase letters, digits and underscores, "
                "starting with a letter, at most 40"
            )
        elif not _is_text(line):
            problems.append(f"{source}: runs.{name}: expected a command line as text, got {_show(line)}")
        elif control_problem(line):
            problems.append(f"{source}: runs.{name}: {control_problem(line)}")
        else:
            pairs.append((name, line.strip()))
    return tuple(pairs), problems


def _parse_step(raw: dict, number: int, where: str):
    kind = raw.get("kind")
    if kind not in KINDS:
        expected = ", ".join(f'"{k}"' for k in KINDS)
        got = "missing" if "kind" not in raw else f"got {_show(kind)}"
        return None, [f"{where}: kind: expected one of {expected}; {got}"]
    where = f"{where} ({kind})"
    fields = {"kind": "required", **STEP_FIELDS[kind]}
    if kind == "question" and "hints" in raw:
        fields = {**fields, "hint": "optional"}
    problems = _unknown(raw, fields, where) + _missing(raw, fields, where)
    for field in ("title", "text", "prompt", "hint", "explanation", "run"):
        if field in raw and field in fields and not _is_text(raw[field]):
            problems.append(f"{where}: {field}: expected non-empty text, got {_show(raw[field])}")
        elif field in raw and field in fields and control_problem(raw[field]):
            problems.append(f"{where}: {field}: {control_problem(raw[field])}")
    for field in ("points", "choices"):
        if field in fields and isinstance(raw.get(field), list):
            for index, item in enumerate(raw[field], start=1):
                if isinstance(item, str) and control_problem(item):
                    problems.append(f"{where}: {field} {index}: {control_problem(item)}")
    values = {field: raw[field].strip() for field in ("title", "text", "prompt", "hint", "explanation", "run")
              if isinstance(raw.get(field), str) and field in fields}
    if kind == "recap" and "points" in raw:
        points = raw["points"]
        if not (isinstance(points, list) and points and all(_is_text(p) for p in points)):
            problems.append(f"{where}: points: expected a list of one or more non-empty texts, got {_show(points)}")
        else:
            values["points"] = tuple(p.strip() for p in points)
    if kind == "figure" and "option" in raw:
        if raw["option"] in FIGURE_OPTIONS:
            values["option"] = raw["option"]
        else:
            allowed = ", ".join(f'"{o}"' for o in FIGURE_OPTIONS)
            problems.append(f"{where}: option: expected one of {allowed}, got {_show(raw['option'])}")
    if kind == "question":
        answer_values, answer_problems = _parse_question(raw, where)
        problems += answer_problems
        values.update(answer_values)
        extra_values, extra_problems = _parse_tutoring(raw, where)
        problems += extra_problems
        values.update(extra_values)
    if problems:
        return None, problems
    return Step(number=number, kind=kind, **values), []


def _parse_question(raw: dict, where: str):
    """The answer fields of a question: multiple choice, or a number with a precision."""
    if "choices" in raw:
        return _parse_choice(raw, where)
    problems = []
    answer = raw.get("answer")
    values = {}
    if isinstance(answer, dict):
        extra = sorted(set(answer) - {"run", "path"})
        if extra:
            problems.append(f"{where}: answer.{_key(extra[0])}: unknown field; a computed answer has only run and path")
        for field in ("run", "path"):
            if not _is_text(answer.get(field)):
                got = "missing" if field not in answer else f"got {_show(answer.get(field))}"
                problems.append(f"{where}: answer.{field}: expected non-empty text; {got}")
            elif control_problem(answer[field]):
                problems.append(f"{where}: answer.{field}: {control_problem(answer[field])}")
        if not problems:
            values["answer"] = Computed(answer["run"].strip(), answer["path"].strip())
    elif _is_number(answer) and _as_float(answer) is None:
        problems.append(f"{where}: answer: {_show(answer)} is beyond float64's range (about ±1.8e308)")
    elif _is_number(answer) and not math.isnan(answer):
        values["answer"] = float(answer)
    elif "answer" in raw:
        problems.append(
            f"{where}: answer: expected a number, or {{ run = \"COMMAND\", path = \"result\" }} to "
            f"compute it, or choices = [...] with answer = the number of the right choice; got {_show(answer)}"
        )
    if "whole" in raw:
        if raw["whole"] is not True:
            problems.append(f"{where}: whole: write whole = true for an exact count, or leave it out; got {_show(raw['whole'])}")
        elif "decimals" in raw or "tolerance" in raw:
            problems.append(f"{where}: whole: an exact count (whole = true) has no decimals or tolerance; remove them")
        elif isinstance(values.get("answer"), float) and values["answer"] != round(values["answer"]):
            problems.append(f"{where}: answer: {values['answer']} is not a whole number, but whole = true")
        else:
            values["whole"], values["decimals"] = True, 0
        return values, problems
    has_decimals, has_tolerance = "decimals" in raw, "tolerance" in raw
    if has_decimals == has_tolerance:
        problems.append(
            f"{where}: decimals: a numeric question needs exactly one of decimals = N "
            f"(answers rounded to N places), tolerance = T (answers within ±T) or whole = true (an exact count)"
        )
    elif has_decimals:
        decimals = raw["decimals"]
        if _is_int(decimals) and 0 <= decimals <= MAX_DECIMALS:
            values["decimals"] = decimals
        else:
            problems.append(f"{where}: decimals: expected a whole number from 0 to {MAX_DECIMALS}, got {_show(decimals)}")
    else:
        tolerance = raw["tolerance"]
        if _is_number(tolerance) and 0 < tolerance < math.inf and _as_float(tolerance) is not None:
            values["tolerance"] = float(tolerance)
        else:
            problems.append(f"{where}: tolerance: expected a positive number, got {_show(tolerance)}")
    return values, problems


def _texts(raw: dict, field: str, most: int, where: str):
    """``(tuple of texts, problems)`` for an optional list-of-texts field."""
    if field not in raw:
        return (), []
    value = raw[field]
    if not (isinstance(value, list) and 1 <= len(value) <= most and all(_is_text(v) for v in value)):
        return (), [f"{where}: {field}: expected a list of 1 to {most} non-empty texts, got {_show(value)}"]
    # (their placeholders are checked with every step text's: placeholders.static_problems)
    problems = [f"{where}: {field} {i}: {control_problem(v)}" for i, v in enumerate(value, 1) if control_problem(v)]
    return tuple(v.strip() for v in value), problems


def _placeholder_problems(texts, raw, field, where, extra_names=()):
    """Malformed placeholders in texts the placeholder module does not know about."""
    problems = []
    for index, text in enumerate(texts, 1):
        for problem in placeholders.parse(text)[1]:
            problems.append(f"{where}: {field} {index}: {problem}")
    return problems


def _parse_tutoring(raw: dict, where: str):
    """Staged hints, the "you need" strip and the slips of a question."""
    values, problems = {}, []
    hints, hint_problems = _texts(raw, "hints", MAX_HINTS, where)
    problems += hint_problems
    if "hints" in raw and "hint" in raw:
        problems.append(f"{where}: hints: give either hint = \"...\" or hints = [...] (staged), not both")
    elif hints:
        values["hint"], values["more_hints"] = hints[0], hints[1:]
    needs, need_problems = _texts(raw, "needs", MAX_NEEDS, where)
    problems += need_problems
    values["needs"] = needs
    slips = []
    if ("slips" in raw or "slip" in raw) and "choices" in raw:
        problems.append(f"{where}: slips: a multiple-choice question has no slips; remove them")
        return values, problems
    if "slips" in raw:
        names = raw["slips"]
        if not (isinstance(names, list) and names and all(n in ENGINE_SLIPS for n in names)):
            allowed = ", ".join(f'"{n}"' for n in ENGINE_SLIPS)
            problems.append(f"{where}: slips: expected a list of slips the engine computes ({allowed}), got {_show(names)}; "
                            "others are [[steps.slip]] tables with a run")
        else:
            slips += [Slip(name) for name in names]
    if "slip" in raw:
        tables = raw["slip"]
        if not (isinstance(tables, list) and tables and all(isinstance(t, dict) for t in tables)):
            problems.append(f"{where}: slip: expected [[steps.slip]] tables, got {_show(tables)}")
        else:
            for index, table in enumerate(tables, 1):
                slip, slip_problems = _parse_slip(table, f"{where}: slip {index}")
                problems += slip_problems
                if slip is not None:
                    slips.append(slip)
    names = [slip.name for slip in slips]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"{where}: slips: {name!r} is declared twice")
    values["slips"] = tuple(slips)
    return values, problems


def _parse_slip(table: dict, where: str):
    problems = _unknown(table, {"name": 0, "run": 0, "path": 0, "says": 0}, where)
    name = table.get("name")
    if name in ENGINE_SLIPS or name in RUN_SLIPS:
        pass
    elif isinstance(name, str) and SLIP_NAME.fullmatch(name):
        if not _is_text(table.get("says")):  # the engine has no words for a mistake it does not know
            problems.append(f"{where}: says: a slip of your own ({name!r}) needs says = \"...\", what the "
                            f"learner is told; the named ones ({', '.join(RUN_SLIPS)}) have words of their own")
    else:
        problems.append(f"{where}: name: expected one of {', '.join(RUN_SLIPS)}, or a name of your own "
                        f"(lowercase letters, digits and underscores) with says = \"...\", got {_show(name)}")
    for field in ("run", "path", "says"):
        if field not in table:
            if field != "says":
                problems.append(f"{where}: {field}: missing (required)")
        elif not _is_text(table[field]):
            problems.append(f"{where}: {field}: expected non-empty text, got {_show(table[field])}")
        elif control_problem(table[field]):
            problems.append(f"{where}: {field}: {control_problem(table[field])}")
    if _is_text(table.get("says")):
        problems += _placeholder_problems([table["says"]], table, "says", where)
    if problems:
        return None, problems
    says = table["says"].strip() if "says" in table else None
    return Slip(name, table["run"].strip(), table["path"].strip(), says), []


def _parse_choice(raw: dict, where: str):
    problems = []
    choices = raw["choices"]
    for field in ("decimals", "tolerance", "whole"):
        if field in raw:
            problems.append(f"{where}: {field}: a multiple-choice question has no {field}; remove it")
    if not (isinstance(choices, list) and 2 <= len(choices) <= MAX_CHOICES and all(_is_text(c) for c in choices)):
        problems.append(f"{where}: choices: expected a list of 2 to {MAX_CHOICES} non-empty texts, got {_show(choices)}")
        return {}, problems
    answer = raw.get("answer")
    if "answer" in raw and not (_is_int(answer) and 1 <= answer <= len(choices)):
        problems.append(
            f"{where}: answer: expected the number of the right choice, 1 to {len(choices)}, got {_show(answer)}"
        )
    if problems:
        return {}, problems
    return {"choices": tuple(c.strip() for c in choices), "answer": answer}, []


def control_problem(text) -> str | None:
    """What is wrong with text holding control characters (None when it holds none):
    they could drive the learner's terminal (retitle it, clear it, set the clipboard)."""
    if not isinstance(text, str):
        return None
    found = control_characters(text)
    if not found:
        return None
    return (f"holds control characters ({', '.join(found)}), which could drive the learner's "
            "terminal; remove them")


def _key(key) -> str:
    """A TOML key as shown in a message: control characters escaped, at most 40 characters."""
    shown = "".join(f"\\u{ord(c):04x}" if control_characters(c) else c for c in str(key)[:40])
    return shown + ("..." if len(str(key)) > 40 else "")


def _as_float(value) -> float | None:
    """``value`` as a float64, or None when it is an integer beyond float64's range."""
    try:
        return float(value)
    except OverflowError:
        return None


def _unknown(table, fields, where):
    return [
        f"{where}: {_key(key)}: unknown field (expected one of: {', '.join(fields)})"
        for key in table
        if key not in fields
    ]


def _missing(table, fields, where):
    return [f"{where}: {key}: missing (required)" for key, need in fields.items() if need == "required" and key not in table]


def _is_text(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _show(value) -> str:
    """A short description of a wrong value for a message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return f'"{_key(text)}"'
    if isinstance(value, int) and abs(value) >= 10**40:
        return f"a number of {len(str(abs(value))):,} digits"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if value is None:
        return "nothing"
    return str(value)
