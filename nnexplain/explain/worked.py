"""The worked-example model: a worked example is a value, not a printout.

A ``Worked`` holds the formula, the formula with the numbers in, an ordered tuple of
frozen ``Step`` records and a short interpretation. Every number in it comes from
``nnexplain.core``; the render layer decides how many digits to show, so the numbers
are kept as floats next to the text they fill (``Filled``).
"""

from dataclasses import dataclass

import numpy as np


class Given(float):
    """A number the learner typed. Views show it exactly as given, never rounded,
    so a hand calculation can start from the same digits. Arithmetic on it gives
    a plain float: only the input itself is marked."""

    __slots__ = ()


@dataclass(frozen=True)
class Filled:
    """Text with numbered slots ``{0}``, ``{1}``… and the numbers that fill them.

    ``math`` marks a formula: there a negative number is bracketed, ``1·(−2.3)``.
    """

    template: str
    numbers: tuple[float, ...] = ()
    math: bool = False

    def fill(self, format_number, format_given=None) -> str:
        """The text with each slot replaced by ``format_number(value)`` (or
        ``format_given(value)`` for a number the learner typed)."""
        texts = []
        for number in self.numbers:
            if format_given is not None and isinstance(number, Given):
                text = format_given(number)
            else:
                text = format_number(number)
            if self.math and number < 0:
                text = f"({text})"
            texts.append(text)
        return self.template.format(*texts)


def _numbers(numbers) -> tuple[float, ...]:
    return tuple(n if isinstance(n, Given) else float(n) for n in numbers)


def formula(template: str, *numbers: float) -> Filled:
    """A formula with the numbers in (negative numbers bracketed)."""
    return Filled(template, _numbers(numbers), math=True)


def sentence(template: str, *numbers: float) -> Filled:
    """A sentence that quotes numbers."""
    return Filled(template, _numbers(numbers))


@dataclass(frozen=True)
class Step:
    """One line of arithmetic: what it is, its formula, the numbers in, its value."""

    label: str
    formula: str
    substituted: Filled
    value: float
    note: Filled | None = None


@dataclass(frozen=True)
class ExampleTable:
    """A per-example table (one row per example), kept as whole arrays.

    Views may elide the middle rows of a long table; ``columns`` name the arrays.
    """

    label: str
    formula: str
    columns: tuple[str, ...]  # headers a learner reads, e.g. "ŷ"
    keys: tuple[str, ...]  # names a program reads, e.g. "y_hat"
    arrays: tuple[np.ndarray, ...]
    given: tuple[bool, ...]  # True for the learner's own data, shown exactly

    @property
    def rows(self) -> int:
        return len(self.arrays[0]) if self.arrays else 0


@dataclass(frozen=True)
class Alternative:
    """What a framework reports for the same inputs, and the rule it follows."""

    name: str
    rule: str
    value: float


@dataclass(frozen=True)
class Worked:
    """A complete worked example, ready for any view."""

    name: str
    title: str
    inputs: tuple[tuple[str, float], ...]  # (name a program reads, value)
    formula: str
    substituted: Filled | None
    steps: tuple[Step, ...]
    result_symbol: str
    result: float
    interpretation: tuple[Filled, ...] = ()
    table: ExampleTable | None = None
    alternatives: tuple[Alternative, ...] = ()
    alternatives_reason: Filled | None = None
