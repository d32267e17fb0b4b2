"""What an explorer view is, without Textual: its parameters and the example they make.

A view (``View``) holds named parameters, each a number or a choice with the range,
steps and command-line option of the command it mirrors. Changing one goes through
the same door as the command (``nnexplain.api``), so a value the command refuses is
refused here with the same message, and the view keeps its last good state. The
Textual app (``nnexplain.explore.app``) only draws what a view computes: the worked
table (``table``), the figure in characters (``figure``) and the one command line that
reproduces the table (``command``). Everything here is testable without a terminal.
"""

from __future__ import annotations

import math
import shlex
from dataclasses import dataclass, field, replace
from typing import Any

from nnexplain.inputs import InputError


@dataclass(frozen=True)
class Parameter:
    """One value a learner can change. ``option``: the command-line option it is
    (``--w``); ``kind``: "number" or "choice"; ``step`` and ``fine``: what one press of
    +/− (and with the modifier) adds; ``low``/``high``: where the keys stop (typing a
    number outside them is still checked by the door, not clamped); ``choices``: for a
    choice, the values in order (+/− cycles through them)."""

    name: str
    label: str
    option: str
    value: Any
    kind: str = "number"
    step: float = 0.1
    fine: float = 0.01
    low: float = -math.inf
    high: float = math.inf
    choices: tuple = ()

    def nudged(self, direction: int, fine: bool = False) -> Any:
        """The value one key press away (``direction`` +1 or −1), within the range."""
        if self.kind == "choice":
            index = self.choices.index(self.value) if self.value in self.choices else 0
            return self.choices[(index + direction) % len(self.choices)]
        size = self.fine if fine else self.step
        # Round to the step's grid so that repeated presses give 0.3, not 0.30000000000000004.
        value = round((self.value + direction * size) / size) * size
        digits = max(0, -math.floor(math.log10(size)) + 1)
        return min(max(round(value, digits), self.low), self.high)

    def shown(self) -> str:
        """The value as the learner types it."""
        if self.kind == "choice":
            return str(self.value)
        from nnexplain.inputs import typed_number

        return typed_number(self.value)


@dataclass
class View:
    """A view's state: its parameters and the last example they made. Subclasses set
    ``name`` and ``title``, build ``parameters`` and implement ``compute`` (the door
    call) and ``argv`` (the command that reproduces the table)."""

    name: str = ""
    title: str = ""
    parameters: list[Parameter] = field(default_factory=list)
    error: str | None = None  # the last refusal, shown in place; None when all is well
    # What a view's own key just did, for the status line ("Saved the weights to …"): the
    # app shows it until the next key and sets it back to None.
    notice: str | None = None
    # A view's own keys beyond the shared ones: (key, method name, footer text), e.g.
    # ("space", "step", "one epoch"); the app binds each to ``getattr(view, method)()``.
    keys: tuple[tuple[str, str, str], ...] = ()
    # True while a view runs by itself (training): the app calls ``tick()`` on a timer
    # and redraws after each call until ``running`` is False again.
    running: bool = False

    def __post_init__(self):
        self.example = self.compute(self.values())

    # --- what a subclass provides -------------------------------------------------

    def compute(self, values: dict):
        """The Example for these values (a door call); InputError if refused."""
        raise NotImplementedError

    def argv(self, values: dict) -> list[str]:
        """The command (without "nnexplain") whose table the view shows."""
        raise NotImplementedError

    # --- the same for every view --------------------------------------------------

    def values(self) -> dict:
        return {p.name: p.value for p in self.parameters}

    def parameter(self, name: str) -> Parameter:
        return next(p for p in self.parameters if p.name == name)

    def set(self, name: str, value) -> bool:
        """Set one parameter; recompute. On a refusal keep the last good state, keep
        the message in ``error`` and return False."""
        chosen = self.parameter(name)
        if chosen.kind == "number" and isinstance(value, str):
            from nnexplain.inputs.values import number

            try:
                value = number(value.strip(), chosen.option)
            except InputError as refusal:
                self.error = refusal.message if refusal.hint is None else f"{refusal.hint}: {refusal.message}"
                return False
        trial = [replace(p, value=value) if p.name == name else p for p in self.parameters]
        try:
            example = self.compute({p.name: p.value for p in trial})
        except InputError as refusal:
            self.error = refusal.message if refusal.hint is None else f"{refusal.hint}: {refusal.message}"
            return False
        self.parameters, self.example, self.error = trial, example, None
        return True

    def nudge(self, name: str, direction: int, fine: bool = False) -> bool:
        """One key press on a parameter."""
        return self.set(name, self.parameter(name).nudged(direction, fine))

    def command(self) -> str:
        """The one command line that shows this view's table."""
        return "nnexplain " + shlex.join(self.argv(self.values()))

    def table(self, width: int) -> str:
        """The worked table, as the command prints it at ``width`` columns."""
        return self.example.to_text(width=width)

    def tick(self) -> None:
        """One step of a running view (a chunk of training); redrawn after."""

    def figure_example(self):
        """The example whose figure the view draws (its table's, unless a view
        draws another command's figure)."""
        return self.example

    def figure(self, width: int, height: int, color: bool) -> str:
        """The figure in characters (the command's ``--show``)."""
        return self.figure_example().terminal_figure(width=width, height=height, color=color)

    def save_figure(self, path) -> None:
        """Save the figure through the matplotlib figure layer (key ``s``)."""
        self.figure_example().save_figure(path)
