"""Problem templates: TOML files in ``lessons/practice/`` (shipped as
``nnexplain.curriculum`` data), read with ``tomllib`` and checked field by field.

A template file holds the skills of one topic::

    format = 1
    topic = "loss"            # the lesson these skills practise

    [[skills]]
    name = "log-loss"
    title = "Log loss of one example"
    prompt = "The label is y = {y} and the model predicts ŷ = {yhat}. What is the log loss?"
    run = "loss --y {y} --yhat {yhat}"   # the command whose JSON holds the answer
    path = "result"                      # where in that JSON document
    decimals = 3                         # or tolerance = T, or whole = true
    hints = ["...", "..."]
    slips = ["log10", "sign"]            # the engine's slips; others are [[skills.slip]]
    require = ["answer >= 0.01"]         # constraints: a draw failing one is drawn again
    [skills.params]
    y = { choices = [0, 1] }
    yhat = { low = 0.05, high = 0.95, decimals = 2 }
    [skills.derived]
    other = "1 - y"                      # computed from the parameters
    [[skills.slip]]
    name = "other_class"
    run = "loss --y {other} --yhat {yhat}"
    path = "result"

``{name}`` in a prompt, run line, hint, explanation or slip is the parameter's value
(``{x.0}`` the first item of a list parameter); ``{{run.path:format}}`` quotes a
number from a computed run as in lessons (``answer`` is the answer's own run; a
skill may name more in ``[skills.runs]``). Expressions (derived values and
constraints) are arithmetic and comparisons only, evaluated by ``simpleeval``.
The format is described in docs/practice.md; keep the two in step.
"""

import math
import re
from dataclasses import dataclass

from nnexplain.lesson import placeholders
from nnexplain.lesson.format import (
    FIGURE_OPTIONS,
    NAME_PATTERN,
    Slip,
    _is_int,
    _is_number,
    _is_text,
    _key,
    _missing,
    _parse_question,
    _parse_tutoring,
    _show,
    _unknown,
    check_format_version,
    control_problem,
    read_toml,
)

FILE_FIELDS = {"format": "required", "topic": "required", "skills": "required"}
SKILL_FIELDS = {
    "name": "required",
    "title": "required",
    "prompt": "required",
    "run": "required",
    "path": "required",
    "params": "required",
    "hints": "required",
    "decimals": "optional",
    "tolerance": "optional",
    "whole": "optional",
    "derived": "optional",
    "require": "optional",
    "runs": "optional",
    "slips": "optional",
    "slip": "optional",
    "explanation": "optional",
    "figure": "optional",
}
PARAM_FIELDS = {"choices", "low", "high", "decimals", "size", "exclude"}
PARAM_NAME = re.compile(r"[a-z][a-z0-9_]{0,29}")
RESERVED = ("answer",)  # the name constraints read the answer by
# {name} or {name.N}: a parameter's value (not a {{placeholder}}).
SLOT = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)(?:\.(\d+))?\}(?!\})")
# Anything in single braces that is not a double-brace placeholder: an unfilled slot.
ANY_SLOT = re.compile(r"(?<!\{)\{[^{}]*\}(?!\})")
MAX_SIZE = 8
MAX_CHOICES = 20
MAX_GRID = 10**9  # values a low/high/decimals range may hold
MAX_DECIMALS = 6
# The texts of a skill that may hold {name} slots and {{run.path}} placeholders.
TEXT_FIELDS = ("prompt", "explanation")


@dataclass(frozen=True)
class Param:
    """A drawn parameter: one of ``choices``, or a number on the grid low..high in
    steps of 10^-decimals (``exclude``: values never drawn); ``size`` (a number,
    or the name of an earlier whole-number parameter) makes it a list."""

    name: str
    choices: tuple = ()
    low: float | None = None
    high: float | None = None
    decimals: int = 0
    size: int | str | None = None
    exclude: tuple = ()


@dataclass(frozen=True)
class Skill:
    name: str
    title: str
    topic: str
    prompt: str
    run: str
    path: str
    params: tuple[Param, ...]
    hints: tuple[str, ...]
    decimals: int | None = None
    tolerance: float | None = None
    whole: bool = False
    derived: tuple[tuple[str, str], ...] = ()
    require: tuple[str, ...] = ()
    runs: tuple[tuple[str, str], ...] = ()
    slips: tuple[Slip, ...] = ()
    # (slip name, expression): slips whose number is an expression over the
    # parameters, derived values and ``answer`` ([[skills.slip]] with value = "...").
    slip_values: tuple[tuple[str, str], ...] = ()
    explanation: str | None = None
    figure: str | None = None
    source: str = ""


class TemplateError(Exception):
    """Template files that cannot be used; ``problems`` holds one line per problem."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def read_templates(data: bytes, source: str):
    """``(skills, problems)`` for the bytes of a template file."""
    table, problems = read_toml(data, source)
    if table is None:
        return (), problems
    return parse_templates(table, source)


def parse_templates(table: dict, source: str):
    problems = check_format_version(table, source)
    if problems:
        return (), problems
    problems += _unknown(table, FILE_FIELDS, source) + _missing(table, FILE_FIELDS, source)
    topic = table.get("topic")
    if "topic" in table and not (isinstance(topic, str) and NAME_PATTERN.fullmatch(topic)):
        problems.append(f"{source}: topic: expected the name of the lesson these skills practise, got {_show(topic)}")
    raw_skills = table.get("skills")
    skills = []
    if "skills" in table:
        if not (isinstance(raw_skills, list) and raw_skills and all(isinstance(s, dict) for s in raw_skills)):
            problems.append(f"{source}: skills: expected one or more [[skills]] tables, got {_show(raw_skills)}")
        else:
            for number, raw in enumerate(raw_skills, start=1):
                skill, skill_problems = parse_skill(raw, topic if isinstance(topic, str) else "", f"{source}: skill {number}")
                problems += skill_problems
                if skill is not None:
                    skills.append(skill)
    names = [s.name for s in skills]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"{source}: skills: {name!r} is used by two skills; names must be unique")
    return (tuple(skills) if not problems else ()), problems


def parse_skill(raw: dict, topic: str, where: str):
    """``(Skill or None, problems)`` for one [[skills]] table."""
    name = raw.get("name")
    if isinstance(name, str) and NAME_PATTERN.fullmatch(name):
        where = f"{where} ({name})"
    problems = _unknown(raw, SKILL_FIELDS, where) + _missing(raw, SKILL_FIELDS, where)
    if "name" in raw and not (isinstance(name, str) and NAME_PATTERN.fullmatch(name)):
        problems.append(f"{where}: name: expected lowercase letters, digits and hyphens starting with a letter, "
                        f"at most 40 (e.g. \"log-loss\"), got {_show(name)}")
    values = {}
    for field in ("title", "prompt", "run", "path", "explanation"):
        if field not in raw:
            continue
        if not _is_text(raw[field]):
            problems.append(f"{where}: {field}: expected non-empty text, got {_show(raw[field])}")
        elif control_problem(raw[field]):
            problems.append(f"{where}: {field}: {control_problem(raw[field])}")
        else:
            values[field] = raw[field].strip()
    if "figure" in raw:
        if raw["figure"] in FIGURE_OPTIONS:
            values["figure"] = raw["figure"]
        else:
            allowed = ", ".join(f'"{o}"' for o in FIGURE_OPTIONS)
            problems.append(f"{where}: figure: expected one of {allowed}, got {_show(raw['figure'])}")
    precision = {k: raw[k] for k in ("decimals", "tolerance", "whole") if k in raw}
    precision_values, precision_problems = _parse_question({**precision, "answer": 0.0}, where)
    problems += precision_problems
    for field in ("decimals", "tolerance", "whole"):
        if field in precision_values:
            values[field] = precision_values[field]
    slip_tables = raw.get("slip", [])
    computed = {}
    if isinstance(slip_tables, list) and all(isinstance(t, dict) for t in slip_tables):
        computed = {i: t for i, t in enumerate(slip_tables) if "value" in t}
        slip_tables = [t for i, t in enumerate(slip_tables) if i not in computed]
    tutoring_raw = {k: raw[k] for k in ("hints", "slips") if k in raw}
    if slip_tables:
        tutoring_raw["slip"] = slip_tables
    tutoring, tutoring_problems = _parse_tutoring(tutoring_raw, where)
    problems += tutoring_problems
    if "hints" in raw and not tutoring_problems:
        values["hints"] = (tutoring["hint"], *tutoring["more_hints"])
    run_slips = list(tutoring.get("slips", ()))
    slip_values, value_problems = _parse_value_slips(computed, where)
    problems += value_problems
    # In the order written: engine slips first (slips = [...]), then the tables.
    engine = [slip for slip in run_slips if slip.run is None]
    tables = iter(slip for slip in run_slips if slip.run is not None)
    ordered = []
    for index in range(len(raw.get("slip", [])) if isinstance(raw.get("slip"), list) else 0):
        if index in computed:
            table = computed[index]
            ordered.append(Slip(table.get("name"), None, None, str(table.get("says", "")).strip() or None))
        else:
            ordered.append(next(tables, None))
    values["slips"] = tuple(engine + [slip for slip in ordered if slip is not None])
    values["slip_values"] = slip_values
    params, param_problems = _parse_params(raw.get("params"), where) if "params" in raw else ((), [])
    problems += param_problems
    derived, derived_problems = _parse_named_texts(raw.get("derived", {}), "derived", where)
    problems += derived_problems
    runs, run_problems = _parse_named_texts(raw.get("runs", {}), "runs", where)
    problems += run_problems
    for run_name, _ in runs:
        if run_name == "answer":
            problems.append(f"{where}: runs.answer: 'answer' is the answer's own run (run = ...); choose another name")
    require = raw.get("require", [])
    if not (isinstance(require, list) and all(_is_text(r) for r in require)):
        problems.append(f"{where}: require: expected a list of conditions as text, e.g. [\"answer >= 0.01\"], got {_show(require)}")
        require = []
    known = [p.name for p in params] + [n for n, _ in derived]
    for twice in sorted({n for n in known if known.count(n) > 1}):
        problems.append(f"{where}: {twice!r} is both a parameter and a derived value (or named twice)")
    for reserved in set(known) & set(RESERVED):
        problems.append(f"{where}: {reserved!r} is reserved (constraints read the answer by that name); rename it")
    names = [slip.name for slip in values["slips"]]
    for twice in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"{where}: slips: {twice!r} is declared twice")
    if not problems:
        problems += _slot_problems(raw, values, runs, known, where)
        problems += _expression_problems(derived, require, [p.name for p in params], where)
        problems += _expression_problems((), [text for _, text in values["slip_values"]],
                                         [p.name for p in params] + [n for n, _ in derived], where,
                                         label="slip value")
    if problems:
        return None, problems
    return Skill(
        name=name, title=values["title"], topic=topic, prompt=values["prompt"], run=values["run"],
        path=values["path"], params=params, hints=values["hints"], decimals=values.get("decimals"),
        tolerance=values.get("tolerance"), whole=values.get("whole", False), derived=derived,
        require=tuple(r.strip() for r in require), runs=runs, slips=values["slips"],
        slip_values=values["slip_values"],
        explanation=values.get("explanation"), figure=values.get("figure"), source=where.split(": ")[0],
    ), []


def _parse_named_texts(table, field: str, where: str):
    if not isinstance(table, dict):
        return (), [f"{where}: {field}: expected a table of NAME = \"TEXT\" lines, got {_show(table)}"]
    pairs, problems = [], []
    for name, text in table.items():
        if not PARAM_NAME.fullmatch(name):
            problems.append(f"{where}: {field}.{_key(name)}: a name is lowercase letters, digits and underscores, "
                            "starting with a letter, at most 30")
        elif not _is_text(text):
            problems.append(f"{where}: {field}.{name}: expected text, got {_show(text)}")
        elif control_problem(text):
            problems.append(f"{where}: {field}.{name}: {control_problem(text)}")
        else:
            pairs.append((name, text.strip()))
    return tuple(pairs), problems


def _parse_params(table, where: str):
    if not (isinstance(table, dict) and table):
        return (), [f"{where}: params: expected a table of parameters, e.g. y = {{ choices = [0, 1] }}, got {_show(table)}"]
    params, problems = [], []
    whole_names = set()
    for name, spec in table.items():
        label = f"{where}: params.{_key(name)}"
        if not PARAM_NAME.fullmatch(name):
            problems.append(f"{label}: a name is lowercase letters, digits and underscores, starting with a letter, at most 30")
            continue
        if not isinstance(spec, dict):
            problems.append(f"{label}: expected {{ choices = [...] }} or {{ low = L, high = H, decimals = D }}, got {_show(spec)}")
            continue
        problems += [f"{label}: {_key(k)}: unknown field (expected one of: {', '.join(sorted(PARAM_FIELDS))})"
                     for k in spec if k not in PARAM_FIELDS]
        param, param_problems = _parse_param(name, spec, label, whole_names)
        problems += param_problems
        if param is not None:
            params.append(param)
            if param.size is None and (
                (param.choices and all(_is_int(c) for c in param.choices)) or (param.low is not None and param.decimals == 0)
            ):
                whole_names.add(name)
    return tuple(params), problems


def _parse_param(name, spec, label, whole_names):
    problems = []
    size = spec.get("size")
    if "size" in spec and not ((_is_int(size) and 1 <= size <= MAX_SIZE) or (isinstance(size, str) and size in whole_names)):
        problems.append(f"{label}: size: expected a whole number from 1 to {MAX_SIZE}, or the name of an earlier "
                        f"whole-number parameter, got {_show(size)}")
    exclude = spec.get("exclude", [])
    if not (isinstance(exclude, list) and all(_is_number(v) for v in exclude)):
        problems.append(f"{label}: exclude: expected a list of numbers never to draw, got {_show(exclude)}")
        exclude = []
    if "choices" in spec:
        choices = spec["choices"]
        extra = [k for k in ("low", "high", "decimals") if k in spec]
        if extra:
            problems.append(f"{label}: {extra[0]}: a parameter drawn from choices has no {extra[0]}")
        if not (isinstance(choices, list) and 1 <= len(choices) <= MAX_CHOICES
                and (all(_is_number(c) for c in choices) or all(_is_text(c) and SAFE_WORD.fullmatch(c) for c in choices))):
            problems.append(f"{label}: choices: expected a list of 1 to {MAX_CHOICES} numbers, or of plain words "
                            f"(letters, digits, - and _), got {_show(choices)}")
            return None, problems
        if any(_is_number(c) and not math.isfinite(c) for c in choices):
            problems.append(f"{label}: choices: expected finite numbers")
        if problems:
            return None, problems
        return Param(name, choices=tuple(choices), size=size, exclude=tuple(exclude)), []
    for field in ("low", "high"):
        if field not in spec:
            problems.append(f"{label}: {field}: missing; a parameter has choices = [...] or low, high and decimals")
        elif not (_is_number(spec[field]) and math.isfinite(spec[field]) and abs(spec[field]) < 1e9):
            problems.append(f"{label}: {field}: expected a number (|value| < 1e9), got {_show(spec[field])}")
    decimals = spec.get("decimals", 0)
    if not (_is_int(decimals) and 0 <= decimals <= MAX_DECIMALS):
        problems.append(f"{label}: decimals: expected a whole number from 0 to {MAX_DECIMALS}, got {_show(decimals)}")
    if problems:
        return None, problems
    low, high = spec["low"], spec["high"]
    scale = 10**decimals
    first, last = math.ceil(round(low * scale, 6)), math.floor(round(high * scale, 6))
    if first > last:
        problems.append(f"{label}: low, high: no number with {decimals} decimals lies from {low} to {high}")
    elif last - first + 1 > MAX_GRID:
        problems.append(f"{label}: low, high: the range holds over {MAX_GRID:,} values; use fewer decimals")
    if problems:
        return None, problems
    return Param(name, low=float(low), high=float(high), decimals=decimals, size=size, exclude=tuple(exclude)), []


SAFE_WORD = re.compile(r"[A-Za-z0-9_-]{1,40}")


def _slot_problems(raw, values, runs, known, where):
    """Every {name} slot names a parameter or derived value; nothing else is in single braces."""
    problems = []
    texts = [(field, values[field]) for field in ("prompt", "run", "path", "explanation") if field in values]
    texts += [(f"hints {i}", h) for i, h in enumerate(values["hints"], 1)]
    texts += [(f"runs.{n}", t) for n, t in runs]
    for index, slip in enumerate(values["slips"], 1):
        if slip.run:
            texts.append((f"slip {index}.run", slip.run))
            texts.append((f"slip {index}.path", slip.path))
        if slip.says:
            texts.append((f"slip {index}.says", slip.says))
    for field, text in texts:
        for match in SLOT.finditer(text):
            if match.group(1) not in known:
                problems.append(f"{where}: {field}: {{{match.group(1)}}} is not a parameter or derived value "
                                f"(they are: {', '.join(known) or 'none'})")
        stripped = SLOT.sub("", text)
        for match in ANY_SLOT.finditer(placeholders.ANY.sub("", stripped)):
            problems.append(f"{where}: {field}: {match.group(0)[:40]} is not a slot; write {{NAME}} or {{NAME.0}}")
        for problem in placeholders.parse(text)[1]:
            problems.append(f"{where}: {field}: {problem}")
    return problems


# The functions an expression may call (problems.evaluate hands them to simpleeval).
FUNCTIONS = {"abs": abs, "round": round, "min": min, "max": max, "sqrt": math.sqrt, "exp": math.exp,
             "log": math.log, "len": len, "sum": sum}
FUNCTION_NAMES = tuple(FUNCTIONS)


def expression_names(expression: str):
    """The names an expression reads (SyntaxError if it is not an expression)."""
    import ast

    tree = ast.parse(expression, mode="eval")
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


def _expression_problems(derived, require, params, where, label="require"):
    """Each derived value and condition is an expression over known names only
    (parameters, derived values written before it, ``answer`` in conditions)."""
    problems, known = [], list(params)
    checks = [(f"derived.{name}", text, name) for name, text in derived]
    checks += [(f"{label} {i}", text, None) for i, text in enumerate(require, 1)]
    for label, text, name in checks:
        try:
            names = expression_names(text)
        except SyntaxError:
            problems.append(f"{where}: {label}: {text[:60]!r} is not an expression (write e.g. \"1 - y\" or \"answer >= 0.01\")")
            continue
        allowed = set(known) | set(FUNCTION_NAMES) | ({"answer"} if name is None else set())
        unknown = sorted(names - allowed)
        if unknown:
            problems.append(f"{where}: {label}: {unknown[0]!r} is not a parameter, an earlier derived value"
                            f"{', answer' if name is None else ''} or a function ({', '.join(FUNCTION_NAMES)})")
        if name is not None:
            known.append(name)
    return problems


def _parse_value_slips(tables: dict, where: str):
    """``((name, expression) pairs, problems)`` for [[skills.slip]] tables with
    ``value``: a slip of the author's own whose number is an expression; it must say
    what it means, and has no run or path."""
    from nnexplain.lesson.format import SLIP_NAME

    pairs, problems = [], []
    for index, table in sorted(tables.items()):
        label = f"{where}: slip {index + 1}"
        problems += _unknown(table, {"name": 0, "value": 0, "says": 0}, label)
        name = table.get("name")
        if not (isinstance(name, str) and SLIP_NAME.fullmatch(name)):
            problems.append(f"{label}: name: expected lowercase letters, digits and underscores, got {_show(name)}")
        if not _is_text(table.get("value")):
            problems.append(f"{label}: value: expected an expression as text, e.g. \"answer - h - 1\", "
                            f"got {_show(table.get('value'))}")
        if not _is_text(table.get("says")):
            problems.append(f"{label}: says: a slip given by value needs says = \"...\", what the learner is told")
        elif control_problem(table["says"]):
            problems.append(f"{label}: says: {control_problem(table['says'])}")
        if not problems:
            pairs.append((name, table["value"].strip()))
    return tuple(pairs), problems
