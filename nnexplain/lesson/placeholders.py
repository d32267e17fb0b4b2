"""Computed numbers inside lesson text.

A lesson names command lines in its ``[runs]`` table::

    [runs]
    poor = "loss --y 1 --yhat 0.1"

and any step text (title, text, prompt, hint, explanation, recap points, choices) may
quote a number from a run's JSON document: ``{{poor.result:.3f}}`` reads ``result``
(any dotted path an answer may use) and writes it with 3 decimals. So a number in
prose is computed by the same command a learner can type, and ``lesson check`` fails
when one cannot be computed. The lesson's own title and summary hold no placeholders:
``lesson list`` shows them without running anything.

Formats after the colon (the default, no colon, is ``:4``):

* ``:N``   the tool's own number format with precision N (as ``--precision N``);
* ``:.Nf`` exactly N decimals;
* ``:.N%`` the number × 100 with N decimals and a percent sign;
* ``:d``   a whole number (refused when the value is not whole).

Staged hints (``hints = [...]``) and a question's ``needs`` strip are step texts too.
"""

import math
import re
from dataclasses import replace

from nnexplain.render.numbers import MINUS, format_number

RUN_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
# Anything between double braces is meant as a placeholder; one that does not match
# the grammar below is reported rather than shown as typed.
ANY = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
GRAMMAR = re.compile(
    r"\s*(?P<name>[a-z][a-z0-9_]{0,39})\.(?P<path>[A-Za-z0-9_.\-]+?)(?::(?P<spec>[^\s}]+))?\s*"
)
SPEC = re.compile(r"(?P<digits>\d{1,2})|\.(?P<fixed>\d{1,2})f|\.(?P<percent>\d{1,2})%|(?P<whole>d)")
DEFAULT_DIGITS = 4
MAX_DIGITS = 15
# The step fields that may hold placeholders (text, or tuples of text), and the
# names they have in a lesson file (staged hints are read as hint + more_hints).
STEP_FIELDS = ("title", "text", "prompt", "hint", "more_hints", "explanation", "points", "choices", "needs")
FILE_FIELDS = ("title", "text", "prompt", "hint", "hints", "explanation", "points", "choices", "needs")


class Placeholder:
    """One ``{{name.path:spec}}`` as written."""

    def __init__(self, written: str, name: str, path: str, spec: str | None):
        self.written, self.name, self.path, self.spec = written, name, path, spec

    def format(self, value: float) -> str:
        """``value`` written as the spec asks; ValueError for a non-whole ``:d``."""
        return format_value(value, self.spec)


def parse(text: str) -> tuple[list[Placeholder], list[str]]:
    """The placeholders in ``text`` and the problems with any that are malformed."""
    found, problems = [], []
    for match in ANY.finditer(text):
        inner = match.group(1)
        grammar = GRAMMAR.fullmatch(inner)
        if grammar is None:
            problems.append(
                f"{_short(match.group(0))} is not a placeholder; write {{{{RUN.PATH}}}} or "
                f"{{{{RUN.PATH:FORMAT}}}}, e.g. {{{{poor.result:.3f}}}}"
            )
            continue
        spec = grammar.group("spec")
        if spec is not None:
            problem = spec_problem(spec)
            if problem:
                problems.append(f"{_short(match.group(0))}: {problem}")
                continue
        found.append(Placeholder(match.group(0), grammar.group("name"), grammar.group("path"), spec))
    return found, problems


def spec_problem(spec: str) -> str | None:
    match = SPEC.fullmatch(spec)
    if match is None:
        return f"the format {spec!r} is not one of N, .Nf, .N% or d (e.g. :4, :.3f, :.1%, :d)"
    digits = match.group("digits") or match.group("fixed") or match.group("percent")
    if digits is not None and int(digits) > MAX_DIGITS:
        return f"the format {spec!r} asks for {digits} digits; at most {MAX_DIGITS}"
    return None


def format_value(value: float, spec: str | None) -> str:
    """A number as a placeholder's format writes it (the typographic minus, no −0)."""
    if math.isinf(value):
        return "∞" if value > 0 else f"{MINUS}∞"
    match = SPEC.fullmatch(spec or str(DEFAULT_DIGITS))
    if match.group("digits") is not None:
        return format_number(value, int(match.group("digits")))
    if match.group("whole") is not None:
        if value != round(value):
            raise ValueError(f"is {format_number(value, 6)}, not a whole number; use a format such as :.2f")
        text = str(int(round(value)))
    elif match.group("fixed") is not None:
        text = f"{value:.{int(match.group('fixed'))}f}"
    else:
        text = f"{value * 100:.{int(match.group('percent'))}f}%"
    if float(text.rstrip("%")) == 0:
        text = text.lstrip("-")
    return text.replace("-", MINUS)


def step_texts(step):
    """``(field, index or None, text)`` for every text of a step that may hold placeholders."""
    for field in STEP_FIELDS:
        value = getattr(step, field)
        if isinstance(value, str):
            yield field, None, value
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                yield field, index, item


def static_problems(raw_step: dict, run_names, where: str) -> list[str]:
    """Problems a step's placeholders show before anything is run: the grammar, the
    format, and a run name the lesson's [runs] table defines."""
    problems = []
    for field in FILE_FIELDS:
        value = raw_step.get(field)
        texts = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        for index, text in enumerate(texts):
            if not isinstance(text, str):
                continue
            label = field if isinstance(value, str) else f"{field} {index + 1}"
            found, bad = parse(text)
            problems += [f"{where}: {label}: {problem}" for problem in bad]
            for placeholder in found:
                if placeholder.name not in run_names:
                    known = ", ".join(sorted(run_names)) or "none: add a [runs] table"
                    problems.append(
                        f"{where}: {label}: {placeholder.written} names the run {placeholder.name!r}, "
                        f"which [runs] does not define (it defines: {known})"
                    )
    return problems


def used_names(lesson) -> set[str]:
    names = set()
    for step in lesson.steps:
        for _, _, text in step_texts(step):
            names.update(p.name for p in parse(text)[0])
    return names


def fill(lesson):
    """``(lesson with every placeholder replaced by its number, problems)``.

    Each run is executed once (with --format json, in-process); a run that fails, a
    path that leads to no number and a ``:d`` of a non-whole value are problems
    naming the file, the step and the field.
    """
    from nnexplain.lesson import answers, runs

    runs_by_name = dict(lesson.runs)
    documents, problems = {}, []
    for name, line in lesson.runs:
        try:
            documents[name] = runs.document(runs.parse_run(line))
        except runs.RunError as error:
            problems.append(f"{lesson.source}: runs.{name}: {error}")
    unused = sorted(set(runs_by_name) - used_names(lesson))
    problems += [
        f"{lesson.source}: runs.{name}: is never used; quote it as {{{{{name}.result}}}} in a text, or remove it"
        for name in unused
    ]
    steps = []
    for step in lesson.steps:
        where = f"{lesson.source}: step {step.number} ({step.kind})"
        changes = {}
        for field, index, text in step_texts(step):
            label = field if index is None else f"{field} {index + 1}"
            filled = text
            for placeholder in parse(text)[0]:
                if placeholder.name not in documents:
                    continue  # its run failed: reported once above
                try:
                    value = answers.lookup(documents[placeholder.name], placeholder.path)
                    shown = placeholder.format(value)
                except (answers.PathError, ValueError) as error:
                    problems.append(f"{where}: {label}: {placeholder.written}: {error}")
                    continue
                filled = filled.replace(placeholder.written, shown, 1)
            if filled != text:
                if index is None:
                    changes[field] = filled
                else:
                    items = list(changes.get(field, getattr(step, field)))
                    items[index] = filled
                    changes[field] = tuple(items)
        steps.append(replace(step, **changes) if changes else step)
    if problems:
        return None, problems
    return replace(lesson, steps=tuple(steps)), []


def _short(text: str) -> str:
    return text if len(text) <= 50 else text[:47] + "..."
