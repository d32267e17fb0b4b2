"""The worked-example model: a worked example is a value, not a printout.

A ``Worked`` holds the formula, the formula with the numbers in, an ordered tuple of
frozen ``Step`` records and a short interpretation. Every number in it comes from
``nnexplain.core``; the render layer decides how many digits to show, so the numbers
are kept as floats next to the text they fill (``Filled``).
"""

import string
from dataclasses import dataclass

import numpy as np


class Given(float):
    """A number the learner typed. Views show it exactly as given, never rounded,
    so a hand calculation can start from the same digits. Arithmetic on it gives
    a plain float: only the input itself is marked."""

    __slots__ = ()


class Percent(float):
    """A percentage: a fraction ×100 quoted with a "%" sign ("35.8% lower").

    Two of its digits already stand before the point, so views show it with fewer
    decimals than the numbers around it (``render.numbers.format_number`` reads the
    marker); the value itself is never rounded. Arithmetic gives a plain float."""

    __slots__ = ()


@dataclass(frozen=True)
class Filled:
    """Text with numbered slots ``{0}``, ``{1}``… and the numbers that fill them.

    ``math`` marks a formula: there a negative number is bracketed where an
    operator precedes it or a power follows it: ``1·(−2.3)``, ``(−2)²``.
    A zero after a sign in the template (``−{0}`` with 0) is written without the
    sign: ``0 / 1``, ``e^0``, never "−0".
    """

    template: str
    numbers: tuple[float, ...] = ()
    math: bool = False

    def fill(self, format_number, format_given=None) -> str:
        """The text with each slot replaced by ``format_number(value)`` (or
        ``format_given(value)`` for a number the learner typed)."""
        pieces = list(_FORMATTER.parse(self.template))
        out = []
        for k, (literal, field, _, _) in enumerate(pieces):
            out.append(literal)
            if field is None:
                continue
            number = self.numbers[int(field)]
            if format_given is not None and isinstance(number, Given):
                text = format_given(number)
            else:
                text = format_number(number)
            following = pieces[k + 1][0] if k + 1 < len(pieces) else ""
            if number == 0 and _signed(out):
                before = "".join(out)[:-1]
                # A bracket that only held the sign goes too: e^(−0) → e^0, 1·(−0) → 1·0
                # (a call keeps its brackets: max(0)).
                if before.endswith("(") and not before[-2:-1].isalnum() and following.startswith(")"):
                    before = before[:-1]
                    pieces[k + 1] = (following[1:], *pieces[k + 1][1:])
                out[:] = [before]
            if self.math and number < 0 and _needs_brackets("".join(out), following):
                text = f"({text})"
            out.append(text)
        return "".join(out)


_FORMATTER = string.Formatter()
# A negative number needs brackets after an operator (3·(−2), 1 − (−2), e^(−2))
# and before a power ((−2)²); as a whole argument or at the start it reads
# plainly: max(0, −2), −2 ≤ 0.
_OPERATORS_BEFORE = "·+−-×/^*"
_POWERS_AFTER = "²^"


# A "−" right before a slot is the number's sign (not "a − b") when it starts the
# text or follows one of these.
_SIGN_AFTER = " ([{,=^·×/"


def _signed(out: list[str]) -> bool:
    """Whether the text so far ends in a sign that belongs to the next number."""
    before = "".join(out)
    return before.endswith("−") and (len(before) == 1 or before[-2] in _SIGN_AFTER)


def _needs_brackets(before: str, after: str) -> bool:
    before = before.rstrip()
    power_follows = bool(after) and after[0] in _POWERS_AFTER
    return (bool(before) and before[-1] in _OPERATORS_BEFORE) or power_follows


def _numbers(numbers) -> tuple[float, ...]:
    return tuple(n if isinstance(n, (Given, Percent)) else float(n) for n in numbers)


def formula(template: str, *numbers: float) -> Filled:
    """A formula with the numbers in (negative numbers bracketed)."""
    return Filled(template, _numbers(numbers), math=True)


def sentence(template: str, *numbers: float) -> Filled:
    """A sentence that quotes numbers."""
    return Filled(template, _numbers(numbers))


# A sum or list is written out in full up to this many numbers; a longer one shows
# the first three and the last two with "…" between (its value covers them all).
MAX_TERMS_WRITTEN = 6


def written_sum(numbers) -> Filled:
    """``a + b + c`` with the numbers in, elided in the middle when long."""
    return _written(numbers, " + ")


def written_call(name: str, numbers) -> Filled:
    """``name(a, b, c)`` with the numbers in, elided in the middle when long."""
    return _written(numbers, ", ", f"{name}(", ")")


def _written(numbers, separator, prefix="", suffix=""):
    numbers = list(numbers)
    if len(numbers) > MAX_TERMS_WRITTEN:
        numbers = numbers[:3] + numbers[-2:]
        slots = separator.join(["{0}", "{1}", "{2}", "…", "{3}", "{4}"])
    else:
        slots = separator.join(f"{{{i}}}" for i in range(len(numbers)))
    return formula(prefix + slots + suffix, *numbers)


@dataclass(frozen=True)
class Step:
    """One line of arithmetic: what it is, its formula, the numbers in, its value."""

    label: str
    formula: str
    substituted: Filled
    value: float
    note: Filled | None = None
    # Steps that share a group (one neuron, one layer) are shown under its
    # heading; views print the heading where the group changes.
    group: str | None = None


@dataclass(frozen=True)
class Column:
    """One column of numbers in a table, kept as a whole array."""

    header: str | Filled  # what a learner reads, e.g. "ŷ" or "b = {0}"
    key: str  # what a program reads, e.g. "y_hat"
    values: np.ndarray
    given: bool = False  # the learner's own numbers: shown exactly, never rounded

    @property
    def rows(self) -> int:
        return len(self.values)


@dataclass(frozen=True)
class FormulaColumn:
    """A column of arithmetic with each row's numbers in, such as ``1·(−2)``.

    Row ``i`` fills ``templates[choice[i]]`` (or the only template) with
    ``operands[k][i]`` for each operand ``k``; only rows a view shows are filled,
    so a long table costs nothing extra.
    """

    header: str
    key: str
    templates: tuple[str, ...]
    operands: tuple[np.ndarray, ...]
    given: tuple[bool, ...] = ()  # per operand: the learner's own numbers
    choice: np.ndarray | None = None  # per row: which template

    @property
    def rows(self) -> int:
        return len(self.operands[0])

    def filled(self, i: int) -> Filled:
        template = self.templates[0 if self.choice is None else int(self.choice[i])]
        given = self.given or (False,) * len(self.operands)
        numbers = tuple(
            Given(op[i]) if exact else float(op[i]) for op, exact in zip(self.operands, given)
        )
        return Filled(template, numbers, math=True)


@dataclass(frozen=True)
class LabelColumn:
    """A column of words naming each row, such as ``w₁₂ (x₁ → h₂)``."""

    header: str
    key: str
    labels: tuple[str, ...]

    @property
    def rows(self) -> int:
        return len(self.labels)


@dataclass(frozen=True)
class ExampleTable:
    """A table with one row per example (or per input value).

    Views may elide the middle rows of a long table; JSON writes every row under
    ``key``.
    """

    label: str
    formula: str
    columns: tuple[Column | FormulaColumn | LabelColumn, ...]
    key: str = "examples"
    # The views' row-number column: its heading and the first row's number ("class"
    # from 0 where the rows are classes numbered as PyTorch numbers them).
    index: str = "i"
    first: int = 1

    @property
    def rows(self) -> int:
        return self.columns[0].rows if self.columns else 0

    def column(self, key: str) -> Column | FormulaColumn | LabelColumn:
        """The column a program calls ``key``."""
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)


@dataclass(frozen=True)
class Fact:
    """One labelled line of a panel, such as ("Output range", "(0, 1) …")."""

    label: str
    text: Filled


@dataclass(frozen=True)
class Section:
    """A titled panel of facts computed for this example (properties, guidance)."""

    title: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Alternative:
    """What a framework reports for the same inputs, and the rule it follows."""

    name: str
    rule: str
    value: float


@dataclass(frozen=True)
class Worked:
    """A complete worked example, ready for any view.

    ``result`` is None when the answer is a whole table (an activation over many
    z, a softmax over several classes) rather than one number. ``table`` is shown
    before the steps; ``tables_after`` follow them (a summary of what the steps
    computed, such as every gradient).
    """

    name: str
    title: str
    inputs: tuple[tuple[str, float | tuple[float, ...]], ...]  # (name a program reads, value)
    formula: str
    substituted: Filled | None
    steps: tuple[Step, ...]
    result_symbol: str
    result: float | None
    interpretation: tuple[Filled, ...] = ()
    table: ExampleTable | None = None
    alternatives: tuple[Alternative, ...] = ()
    alternatives_reason: Filled | None = None
    more_formulas: tuple[str, ...] = ()  # shown under ``formula``, e.g. a derivative
    sections: tuple[Section, ...] = ()
    tables_after: tuple[ExampleTable, ...] = ()
    # Named numbers a program (or a lesson's placeholder) reads from the JSON view's
    # "values" object, such as ("loss_after", 107.59): facts that the text views say
    # only inside sentences. Values are numbers, text, booleans or None.
    values: tuple[tuple[str, float | str | bool | None], ...] = ()


def joined(words) -> str:
    """"a", "a and b", "a, b and c": words listed in a sentence."""
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
