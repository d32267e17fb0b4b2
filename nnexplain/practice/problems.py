"""Drawing a problem from a template: parameters from one seeded generator, derived
values, constraints, the answer computed by the template's command, and the slips.

Every draw comes from a ``numpy.random.Generator`` the caller owns (PCG64, which
gives the same numbers on every machine for the same seed). Numbers are drawn as
whole multiples of 10^-decimals (``Generator.integers``), so a value is exactly the
decimal a learner reads, never 0.30000000000000004.

A draw is rejected and drawn again when a constraint fails, the command refuses the
numbers, the answer is not finite, or a slip would give the right answer (it could
never be told from it); ``MAX_TRIES`` rejected draws in a row is a DrawError, which
``practice --check`` reports for the template.
"""

import math
from dataclasses import dataclass

from nnexplain.lesson import answers, runs
from nnexplain.lesson.format import Computed, Lesson, Slip, Step
from nnexplain.practice.templates import FUNCTIONS, SLOT, Param, Skill, expression_names
from nnexplain.render.numbers import MINUS

MAX_TRIES = 200
# After one of these, a negative number is written in parentheses in prose.
OPERATORS = ("−", "-", "+", "·", "×", "*", "/", "^")


class DrawError(Exception):
    """No acceptable problem after MAX_TRIES draws; the message says what kept failing."""


@dataclass(frozen=True)
class Problem:
    """One drawn problem. ``step`` is a lesson question (prompt, hints, precision,
    slips with their runs filled) and ``lesson`` the one-question lesson it belongs to,
    so the lessons' checker, slip messages and presentation serve practice unchanged."""

    skill: Skill
    values: dict
    argv: tuple[str, ...]
    answer: float
    step: Step
    lesson: Lesson
    tries: int = 1

    @property
    def prompt(self) -> str:
        return self.step.prompt

    @property
    def command(self) -> str:
        """The command line that works the answer out, as a learner types it."""
        return runs.command_line(self.argv)

    def judge(self, typed: str) -> answers.Verdict:
        """Whether ``typed`` is right (AnswerError if it is not an answer at all)."""
        return answers.judge(self.lesson, self.step, typed, self.answer)

    def shown_answer(self) -> str:
        """The answer as the question asks for it (rounded to its decimals)."""
        return answers.show_expected(self.answer, self.step)


def draw(skill: Skill, rng, max_tries: int = MAX_TRIES) -> Problem:
    """A problem for ``skill`` with numbers from ``rng``; DrawError if none is acceptable."""
    reasons: dict[str, int] = {}
    for tries in range(1, max_tries + 1):
        try:
            values = draw_values(skill, rng)
            problem, reason = build(skill, values, tries)
        except ExpressionError as error:
            problem, reason = None, str(error)
        if problem is not None:
            return problem
        reasons[reason] = reasons.get(reason, 0) + 1
    common = max(reasons, key=reasons.get)
    raise DrawError(f"no acceptable problem in {max_tries} draws; most often ({reasons[common]}×): {common}")


def draw_values(skill: Skill, rng) -> dict:
    """The parameters (in the order written), then the derived values."""
    values: dict = {}
    for param in skill.params:
        size = values[param.size] if isinstance(param.size, str) else param.size
        if size is None:
            values[param.name] = _one(param, rng)
        else:
            values[param.name] = tuple(_one(param, rng) for _ in range(int(size)))
    for name, expression in skill.derived:
        values[name] = _tidy(evaluate(expression, values))
    return values


def _one(param: Param, rng):
    for _ in range(1000):
        if param.choices:
            value = param.choices[int(rng.integers(len(param.choices)))]
        else:
            scale = 10**param.decimals
            first, last = math.ceil(round(param.low * scale, 6)), math.floor(round(param.high * scale, 6))
            whole = int(rng.integers(first, last, endpoint=True))
            value = whole if param.decimals == 0 else whole / scale
        if value not in param.exclude:
            return value
    raise DrawError(f"params.{param.name}: every value drawn is excluded")


def evaluate(expression: str, values: dict):
    """An arithmetic or comparison expression over the values (simpleeval: no names
    but these, no attributes, no imports)."""
    from simpleeval import InvalidExpression, SimpleEval

    evaluator = SimpleEval(names=dict(values), functions=FUNCTIONS)
    try:
        return evaluator.eval(expression)
    except (InvalidExpression, ArithmeticError, TypeError, ValueError, IndexError) as error:
        raise ExpressionError(f"{expression!r}: {error}") from None


class ExpressionError(ValueError):
    """A derived value or condition that cannot be worked out for these numbers."""


def _tidy(value):
    """A derived number as it would be written: 1 - 0.7 is 0.3, not 0.30000000000000004."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    if isinstance(value, float) and math.isfinite(value):
        rounded = float(f"{value:.12g}")
        return int(rounded) if rounded.is_integer() and abs(rounded) < 1e15 else rounded
    return value


def build(skill: Skill, values: dict, tries: int = 1):
    """``(Problem, None)`` for these values, or ``(None, why it is rejected)``."""
    for condition in skill.require:
        if "answer" not in expression_names(condition) and not evaluate(condition, values):
            return None, f"require {condition!r} fails"
    try:
        argv = runs.parse_run(fill(skill.run, values))
        path = fill(skill.path, values)
        answer = answers.lookup(runs.document(argv), path)
    except (runs.RunError, answers.PathError) as error:
        return None, f"run: {error}"
    if not math.isfinite(answer):
        return None, f"the answer is {answer}"
    if skill.whole and answer != round(answer):
        return None, f"the answer {answer} is not whole (whole = true)"
    for condition in skill.require:
        if "answer" in expression_names(condition) and not evaluate(condition, {**values, "answer": answer}):
            return None, f"require {condition!r} fails"
    line = fill(skill.run, values)
    run_lines = (("answer", line), *((name, fill(text, values)) for name, text in skill.runs))
    expressions = dict(skill.slip_values)
    slips = tuple(
        Slip(slip.name, fill(slip.run, values) if slip.run else None, fill(slip.path, values) if slip.path else None,
             fill(slip.says, values, shown=True) if slip.says else None,
             _slip_number(expressions[slip.name], values, answer) if slip.name in expressions else None)
        for slip in skill.slips
    )
    step = Step(number=1, kind="question", title=skill.title, prompt="", hint="",
                explanation="", answer=Computed(line, path), decimals=skill.decimals,
                tolerance=skill.tolerance, whole=skill.whole, slips=slips)
    lesson = Lesson(skill.name, skill.title, skill.title, 1, (step,), skill.source, run_lines)
    texts, problems = {}, []
    for field, text in (("prompt", skill.prompt), ("explanation", skill.explanation or ""),
                        *((f"hint {i}", h) for i, h in enumerate(skill.hints, 1))):
        texts[field], found = answers.fill_text(lesson, fill(text, values, shown=True))
        problems += found
    if problems:
        return None, f"{problems[0]}"
    for slip in slips:
        try:
            wrong = answers.slip_value(slip, answer)
        except (runs.RunError, answers.PathError) as error:
            return None, f"slip {slip.name}: {error}"
        probe = Step(number=1, kind="question", decimals=skill.decimals, tolerance=skill.tolerance, whole=skill.whole)
        if wrong is not None and answers.is_close(wrong, answer, probe):
            return None, f"slip {slip.name} gives the right answer"
    hints = [texts[f"hint {i}"] for i in range(1, len(skill.hints) + 1)]
    step = Step(number=1, kind="question", title=skill.title, prompt=texts["prompt"], hint=hints[0],
                more_hints=tuple(hints[1:]), explanation=texts["explanation"], answer=Computed(line, path),
                decimals=skill.decimals, tolerance=skill.tolerance, whole=skill.whole, slips=slips)
    lesson = Lesson(skill.name, skill.title, skill.title, 1, (step,), skill.source, run_lines)
    return Problem(skill, values, argv, answer, step, lesson, tries), None


def _slip_number(expression: str, values: dict, answer: float) -> float:
    """A slip's number from its expression (nan when it gives none: never matched)."""
    number = evaluate(expression, {**values, "answer": answer})
    if isinstance(number, bool) or not isinstance(number, (int, float)):
        raise ExpressionError(f"{expression!r} gives {number!r}, not a number")
    return float(number)


def fill(text: str, values: dict, shown: bool = False) -> str:
    """``text`` with each ``{name}`` / ``{name.N}`` replaced by the value: as typed in
    a command line (``-1.5``, lists as ``2,-1``), or ``shown`` in prose (``−1.5``,
    lists as ``(2, −1)``)."""

    def replace(match):
        value = values[match.group(1)]
        if match.group(2) is not None:
            value = value[int(match.group(2))]
        written = write(value, shown)
        before = text[: match.start()].rstrip()
        if shown and written.startswith(MINUS) and before.endswith(OPERATORS):
            return f"({written})"  # "1.5 − (−1.1)", never "1.5 − −1.1"
        return written

    return SLOT.sub(replace, text)


def write(value, shown: bool = False) -> str:
    if isinstance(value, tuple):
        items = [write(v, shown) for v in value]
        return "(" + ", ".join(items) + ")" if shown else ",".join(items)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        text = str(value)
    else:
        text = f"{value:.12g}" if abs(value) >= 1e-6 or value == 0 else repr(value)
        if "e" not in text and "." in text:
            text = text.rstrip("0").rstrip(".")
        if text in ("-0", "-0.0"):
            text = "0"
    return text.replace("-", MINUS) if shown else text
