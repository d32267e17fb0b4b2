"""Questions' answers: the expected number (computed by the tool where it can be), what
the learner typed, and whether it is right within the precision the question states.

Learners' most common complaint about checked exercises is answer checking that is
too literal, so parsing is lenient (spaces, "+", the typographic minus "−", 1e-3,
fractions such as 1/4, "inf" where the answer is infinite) and a numeric answer is
right when it is within the precision the prompt states.
"""

import math
import re
from dataclasses import dataclass, replace

from nnexplain.lesson.format import Computed, Step
from nnexplain.render.numbers import MINUS, format_number

INFINITY_WORDS = ("inf", "infinity", "∞")
# An unsigned decimal number in plain ASCII digits (float() also takes "1_0", "nan"
# and non-ASCII digits, which here are typos rather than answers).
_PLAIN = re.compile(r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)
# Float noise on top of the stated precision: 0.125 to 2 places may be 0.12 or 0.13.
_RELATIVE_SLACK = 1e-9
_ROUNDING = 1e-15
# An answer this many times the allowed error away is "close": probably rounding.
CLOSE_FACTOR = 10


class AnswerError(ValueError):
    """What the learner typed is not an answer to this question; the message says what is."""


class PathError(ValueError):
    """A dotted path that does not lead to a number in a command's JSON document."""


def expected_number(step: Step) -> float:
    """A numeric question's expected answer (RunError / PathError if it cannot be had)."""
    if isinstance(step.answer, Computed):
        from nnexplain.lesson import runs

        return lookup(runs.document(runs.parse_run(step.answer.run)), step.answer.path)
    return float(step.answer)


def lookup(document, path: str) -> float:
    """The number at a dotted path such as ``result``, ``steps.2.value`` or
    ``examples.a_b1.0`` (list items count from 0, as in the JSON document; ``-1``
    is the last item)."""
    value, walked = document, []
    for part in path.split("."):
        where = _short(".".join(walked)) if walked else "the document"
        if isinstance(value, dict):
            if part not in value:
                raise PathError(f"{where} has no {_quoted(part)}; it has: {', '.join(value)}")
            value = value[part]
        elif isinstance(value, list):
            position = _position(part, len(value))
            if position is None:
                raise PathError(
                    f"{where} is a list of {len(value)}; {_quoted(part)} is not one of its positions "
                    f"0 to {len(value) - 1} (positions count from 0; -1 is the last)"
                )
            value = value[position]
        else:
            raise PathError(f"{where} is {_describe(value)}, so it has no {_quoted(part)}")
        walked.append(part)
    return _as_number(value, _short(path))


def _short(text: str) -> str:
    """A path as a message shows it: at most its first 40 characters."""
    return text if len(text) <= 40 else text[:40] + "…"


def _quoted(part: str) -> str:
    from nnexplain.reading import excerpt

    return excerpt(part)


def _position(part: str, length: int) -> int | None:
    """A list position from 0, or from the end with a minus sign (-1 is the last),
    such as the last sampled epoch whatever the number of epochs; None if invalid."""
    digits = part[1:] if part.startswith("-") else part
    if not (digits.isascii() and digits.isdigit()):
        return None
    if len(digits.lstrip("0")) > 18:  # beyond any list's length (and int() refuses over 4,300 digits)
        return None
    position = int(part)
    return position if -length <= position < length else None


def _as_number(value, path: str) -> float:
    if isinstance(value, bool) or value is None:
        raise PathError(f"{path} is {_describe(value)}, not a number")
    if isinstance(value, (int, float)):
        return float(value)
    if value in ("inf", "-inf"):  # how the JSON view writes infinities
        return float(value)
    if value == "nan":
        raise PathError(f"{path} is nan (not a number): no answer can be checked against it")
    if isinstance(value, list):
        raise PathError(f"{path} is a list of {len(value)}; add .0 to .{len(value) - 1} to pick one number")
    if isinstance(value, dict):
        raise PathError(f"{path} is an object; add one of: {', '.join(value)}")
    raise PathError(f"{path} is {_describe(value)}, not a number")


def _describe(value) -> str:
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "an object"
    return f"the number {value}"


def parse_number(text: str, infinity_allowed: bool) -> float:
    """The number a learner typed, leniently; AnswerError if it is not one."""
    compact = "".join(text.split()).replace(MINUS, "-")
    if not compact:
        raise AnswerError("type a number, or hint, skip or quit")
    sign = -1.0 if compact[0] == "-" else 1.0
    magnitude = compact[1:] if compact[0] in "+-" else compact
    if magnitude.lower() in INFINITY_WORDS:
        if not infinity_allowed:
            raise AnswerError("the answer is a finite number; type it with digits, e.g. 0.25")
        return sign * math.inf
    if "," in compact:
        raise AnswerError(f"{text.strip()!r}: use a point for decimals (0.25), not a comma")
    if compact.endswith("%"):
        raise AnswerError(f"{text.strip()!r}: give the number itself (0.25 rather than 25%)")
    if magnitude.count("/") == 1:
        top, bottom = magnitude.split("/")
        numerator, denominator = _plain(top, text), _plain(bottom, text)
        if denominator == 0:
            raise AnswerError(f"{text.strip()!r} divides by 0")
        value = numerator / denominator
    else:
        value = _plain(magnitude, text)
    if not math.isfinite(value):
        raise AnswerError(f"{text.strip()!r} is too large to be the answer")
    return sign * value


def _plain(part: str, text: str) -> float:
    if not _PLAIN.fullmatch(part):
        raise AnswerError(f"{text.strip()!r} is not a number (type e.g. 0.25, −1.5, 1e-3 or 1/4)")
    return float(part)


def is_close(value: float, expected: float, step: Step) -> bool:
    """Right within the question's precision: within half a unit of the last decimal
    asked for (so every answer that rounds correctly counts), or within ±tolerance."""
    if math.isinf(expected) or math.isinf(value):
        return value == expected
    allowed = step.tolerance if step.decimals is None else 0.5 * 10.0 ** -step.decimals
    allowed = allowed * (1 + _RELATIVE_SLACK) + _ROUNDING * max(abs(value), abs(expected))
    return abs(value - expected) <= allowed


def parse_choice(text: str, step: Step) -> int:
    """The 1-based number of the choice the learner picked: its number, or its text."""
    typed = text.strip().rstrip(".)").lstrip("(")
    if typed.isascii() and typed.isdigit() and 1 <= int(typed) <= len(step.choices):
        return int(typed)
    for number, choice in enumerate(step.choices, start=1):
        if " ".join(text.split()).casefold() == " ".join(choice.split()).casefold():
            return number
    raise AnswerError(f"type the number of a choice, 1 to {len(step.choices)}, or hint, skip or quit")


def whole_problem(value: float, text: str, step: Step) -> str | None:
    """Why a typed number cannot be the answer to a whole-number question (None if it can):
    "as a whole number" and "rounded to a whole number" never take 15.5 for 16."""
    if step.decimals == 0 and value != round(value):
        how = "the exact count" if step.whole else "rounded to a whole number"
        return f"{text.strip()!r} is not a whole number; give {how}"
    return None


def precision_phrase(step: Step) -> str:
    """How precisely to answer, as the prompt states it."""
    if step.decimals is None:
        return f"within ±{format_number(step.tolerance, 6)}"
    if step.whole:
        return "as a whole number (an exact count)"
    if step.decimals == 0:
        return "rounded to a whole number"
    return f"to {step.decimals} decimal place{'s' if step.decimals != 1 else ''}"


def show_expected(value: float, step: Step) -> str:
    """The expected answer as the learner is asked to give it."""
    if math.isinf(value):
        return "∞" if value > 0 else f"{MINUS}∞"
    if step.decimals is not None:
        text = f"{value:.{step.decimals}f}"
        if float(text) == 0:
            text = text.lstrip("-")
        return text.replace("-", MINUS)
    return format_number(value, 6)


def full_value(value: float) -> str:
    """The expected answer at the tool's usual reading precision (6 digits)."""
    return format_number(value, 6)


# What each slip is, as the runner names it when no ``says`` is given.
SLIP_WORDS = {
    "sign": "the sign is flipped",
    "log10": "you used log₁₀ instead of the natural log ln",
    "percent": "you answered in percent",
    "squared": "you squared it, and this answer is not squared",
    "not_squared": "you forgot to square (or took a square root)",
    "no_bias": "you left out the bias",
    "sum_not_mean": "you summed instead of averaging (forgot the 1/m)",
    "other_class": "you used the other class's term",
    "rounded_early": "you rounded too early",
    "swapped_weight": "you swapped the weight's row and column",
    "wrong_direction": "you stepped in the wrong direction (added the learning-rate step instead of subtracting it)",
    "value_not_slope": "you gave the function's value, not its slope (derivative)",
    "counted_from_one": "you counted the classes from 1; here they count from 0, as in PyTorch",
    "swapped": "you swapped two of the numbers",
}


def engine_slip(name: str, expected: float) -> float | None:
    """The answer a learner gets by making slip ``name``, computed from the expected
    answer alone; None when the slip cannot give a finite number here."""
    if not math.isfinite(expected):
        return None
    if name == "sign":
        value = -expected
    elif name == "log10":
        value = expected / math.log(10)  # log10(x) = ln(x) / ln(10)
    elif name == "percent":
        value = expected * 100
    elif name == "squared":
        value = expected * expected
    elif name == "not_squared":
        if expected < 0:
            return None
        value = math.sqrt(expected)
    else:
        raise ValueError(f"{name!r} is not a slip the engine computes")
    return value if math.isfinite(value) else None


def slip_value(slip, expected: float) -> float | None:
    """The slip's number: computed by the engine, or read from its run (RunError /
    PathError when that fails), or given beforehand (``slip.value``)."""
    if slip.value is not None:
        return slip.value if math.isfinite(slip.value) else None
    if slip.run is None:
        return engine_slip(slip.name, expected)
    from nnexplain.lesson import runs

    value = lookup(runs.document(runs.parse_run(slip.run)), slip.path)
    if slip.name == "wrong_direction":
        # The path is the value before the step; the step taken the other way lands
        # as far on the other side of it: start + (start − expected).
        value = 2 * value - expected
    return value if math.isfinite(value) else None


def slip_document(slip) -> dict | None:
    if slip.run is None:
        return None
    from nnexplain.lesson import runs

    return runs.document(runs.parse_run(slip.run))


def fill_text(lesson, text: str, slip_doc: dict | None = None) -> tuple[str, list[str]]:
    """``text`` with its ``{{run.path:format}}`` placeholders filled from the lesson's
    [runs] (and ``{{slip.PATH}}`` from a slip's own run); ``(text, problems)``."""
    from nnexplain.lesson import placeholders, runs

    lines = dict(lesson.runs)
    problems, filled = [], text
    for placeholder in placeholders.parse(text)[0]:
        try:
            if placeholder.name == "slip" and slip_doc is not None:
                document = slip_doc
            elif placeholder.name in lines:
                document = runs.document(runs.parse_run(lines[placeholder.name]))
            else:
                known = ", ".join(sorted(lines)) or "none: add a [runs] table"
                problems.append(f"{placeholder.written} names the run {placeholder.name!r}, which [runs] "
                                f"does not define (it defines: {known})")
                continue
            shown = placeholder.format(lookup(document, placeholder.path))
        except (PathError, ValueError, runs.RunError) as error:
            problems.append(f"{placeholder.written}: {error}")
            continue
        filled = filled.replace(placeholder.written, shown, 1)
    return filled, problems


def slip_message(lesson, step: Step, slip, value: float) -> str:
    """What the runner says when an answer matches ``slip`` (whose number is ``value``)."""
    if slip.says:
        return fill_text(lesson, slip.says, slip_document(slip))[0]
    shown = show_expected(value, step)  # as precisely as the question asks
    if slip.name == "sign":
        return f"It looks like {SLIP_WORDS['sign']}: {shown} has the right size, but the answer has the other sign."
    if slip.name == "log10" and slip.run is None:
        return (f"It looks like {SLIP_WORDS['log10']}: log₁₀ gives {shown}; ln of the same number is "
                f"{format_number(math.log(10), 6)} times as large.")
    if slip.name == "percent" and slip.run is None:
        return f"It looks like {SLIP_WORDS['percent']} ({shown}): give the number itself, a fraction of 1 (divide by 100)."
    return f"It looks like {SLIP_WORDS[slip.name]}: that gives {shown}."


@dataclass(frozen=True)
class Verdict:
    """How a typed answer fares: right, or what to tell the learner (``slip``: the
    name of the slip it matched; ``close``: within 10× the allowed error)."""

    right: bool
    message: str | None = None
    slip: str | None = None
    close: bool = False


TRY_AGAIN = "Try again, or type hint or skip."


def judge(lesson, step: Step, typed: str, expected: float | None) -> Verdict:
    """Whether ``typed`` answers ``step`` (the lessons' and practice's one checker).

    AnswerError when it is not an answer at all (not a number, a comma for a point,
    15.5 for a count); a wrong answer that a declared slip gives names the slip;
    one within 10× the allowed error is called close (probably rounding)."""
    if step.is_choice:
        if parse_choice(typed, step) == step.answer:
            return Verdict(True)
        return Verdict(False, f"Not quite. {TRY_AGAIN}")
    value = parse_number(typed, infinity_allowed=not _finite(expected))
    problem = whole_problem(value, typed, step)
    if problem:
        raise AnswerError(problem)
    if is_close(value, expected, step):
        return Verdict(True)
    slip = matching_slip(lesson, step, value, expected)
    if slip is not None:
        name, said = slip
        return Verdict(False, f"{said} {TRY_AGAIN}", slip=name)
    near = replace(step, decimals=None, tolerance=CLOSE_FACTOR * allowed_error(step))
    if _finite(expected) and is_close(value, expected, near):
        return Verdict(False, f"Close, but not right {precision_phrase(step)}: check your arithmetic and "
                              f"rounding. {TRY_AGAIN}", close=True)
    return Verdict(False, f"Not quite. {TRY_AGAIN}")


def matching_slip(lesson, step: Step, value: float, expected: float):
    """``(slip name, what to say)`` when ``value`` is what a declared slip gives
    (computed, never matched as text); None otherwise."""
    from nnexplain.lesson import runs

    if not _finite(expected) or not _finite(value):
        return None
    for slip in step.slips:
        try:
            wrong = slip_value(slip, expected)
        except (runs.RunError, PathError):
            continue  # lesson check reports it; never stop a learner for it
        if wrong is not None and is_close(value, wrong, step):
            return slip.name, slip_message(lesson, step, slip, wrong)
    return None


def allowed_error(step: Step) -> float:
    """The error a right answer may have: half a unit of the last decimal, or the tolerance."""
    return step.tolerance if step.decimals is None else 0.5 * 10.0 ** -step.decimals


def _finite(value) -> bool:
    return value is not None and abs(value) != float("inf")
