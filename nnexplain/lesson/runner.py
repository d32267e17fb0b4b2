"""Running a lesson: interactively (Enter continues, questions are checked, progress is
saved after every step) or as a read-through with every answer revealed.

Progress is written after every completed step, so quitting, Ctrl-C and the end of
input all leave the learner exactly where they stopped.
"""

import sys
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import click
from nnexplain.render.console import stdout_console
from rich.text import Text

from nnexplain.lesson import answers, present, runs
from nnexplain.lesson.format import Lesson, Step
from nnexplain.lesson.progress import Entry, Progress

QUIT_WORDS = ("quit", "q", "exit")
HINT_WORDS = ("hint", "h", "?")
SKIP_WORDS = ("skip", "s")
# An answer this many times the allowed error away is "close": probably rounding.
CLOSE_FACTOR = 10


class Quit(Exception):
    """The learner typed quit."""


class StepFailed(Exception):
    """A step's command or answer could not be computed; the message names file, step, field."""


@contextmanager
def failing_step(lesson: Lesson, step: Step):
    """Turn a run or answer failure inside ``step`` into StepFailed naming where it is."""
    try:
        yield
    except (runs.RunError, answers.PathError) as error:
        field = "answer" if step.kind == "question" else "run"
        raise StepFailed(f"{lesson.source}: step {step.number} ({step.kind}): {field}: {error}") from None


@dataclass
class Outcome:
    """How an interactive session ended: ``finished``, ``quit``, ``eof`` or ``interrupted``."""

    how: str
    entry: Entry
    # Whether the last change was saved; if not, the step saved last in this session
    # (None: nothing of this session was kept).
    saved: bool = True
    kept_step: int | None = None


def read_line(prompt: str) -> str:
    """One line from the learner. EOFError at the end of input, KeyboardInterrupt on Ctrl-C.

    In a terminal, ``input`` gives line editing; otherwise (answers piped in) the
    line is echoed so the transcript reads like a session.
    """
    if sys.stdin.isatty() and sys.stdout.isatty():
        return input(prompt)
    sys.stdout.write(prompt)
    sys.stdout.flush()
    line = sys.stdin.readline()
    if not line:
        sys.stdout.write("\n")
        raise EOFError
    sys.stdout.write(line if line.endswith("\n") else line + "\n")
    return line.rstrip("\r\n")


def read_through(lesson: Lesson, figures: Path) -> None:
    """The whole lesson with hints, answers and explanations shown (``--no-input``)."""
    console = stdout_console(highlight=False)
    present.header(console, lesson)
    console.print(Text("Answers are shown below; run it in a terminal to answer the questions yourself.", style="dim"))
    for step in lesson.steps:
        present.step_rule(console, step, len(lesson.steps))
        with failing_step(lesson, step):
            present.body(console, lesson, step, figures)
            if step.kind == "question":
                present.hint(console, step)
                present.reveal(console, step, _expected(step))


class Session:
    """One interactive run of a lesson, resuming from and saving to ``progress``."""

    def __init__(self, lesson: Lesson, key: str, progress: Progress, figures: Path, next_lesson: str | None):
        self.lesson, self.key, self.progress = lesson, key, progress
        self.figures, self.next_lesson = figures, next_lesson
        self.console = stdout_console(highlight=False)
        self.entry = replace(progress.get(key), steps=len(lesson.steps))
        self.save_failed = False  # a save failed (warned about once)
        self.unsaved = False  # the latest change is not in the progress file
        self.kept_step: int | None = None  # the step saved last in this session

    def run(self, restart: bool = False) -> Outcome:
        self._start(restart)
        try:
            while self.entry.step < len(self.lesson.steps):
                step = self.lesson.steps[self.entry.step]
                present.step_rule(self.console, step, len(self.lesson.steps))
                with failing_step(self.lesson, step):
                    present.body(self.console, self.lesson, step, self.figures)
                    if step.kind == "question":
                        self._ask(step)
                if step.kind == "question":
                    self._complete(step)
                last = step.number == len(self.lesson.steps)
                if not last:
                    self._pause()
                if step.kind != "question":
                    self._complete(step)
        except Quit:
            return self._outcome("quit")
        except EOFError:
            return self._outcome("eof")
        except KeyboardInterrupt:
            return self._outcome("interrupted")
        self._finish()
        return self._outcome("finished")

    def _outcome(self, how: str) -> Outcome:
        return Outcome(how, self.entry, saved=not self.unsaved, kept_step=self.kept_step)

    def _start(self, restart: bool) -> None:
        entry, total = self.entry, len(self.lesson.steps)
        present.header(self.console, self.lesson)
        if restart or entry.step >= total:
            if entry.step >= total and not restart and entry.done:
                self.console.print("You finished this lesson before; starting again from the beginning.")
            self.entry = Entry(steps=total, done=entry.done)
            self._save()  # starting over is progress too: the old position is gone
        elif entry.step > 0:
            self.console.print(
                f"Welcome back: going on from step {entry.step + 1} of {total} "
                "(--restart starts from the beginning)."
            )
        self.console.print(
            Text("Press Enter to go on. At a question, type your answer, or hint, skip or quit.", style="dim")
        )

    def _pause(self) -> None:
        self.console.print()
        while True:
            typed = read_line("Press Enter to continue, or type quit: ").strip().lower()
            if typed in QUIT_WORDS:
                raise Quit
            if not typed:
                return
            self.console.print("(Just press Enter to go on; type quit to stop here and come back later.)")

    def _ask(self, step: Step) -> None:
        """Ask until the learner is right or skips; count the result."""
        expected = None if step.is_choice else _expected(step)
        while True:
            typed = read_line("Your answer (or hint, skip, quit): ")
            word = typed.strip().lower()
            if word in QUIT_WORDS:
                raise Quit
            if word in HINT_WORDS:
                present.hint(self.console, step)
                continue
            if word in SKIP_WORDS:
                self.entry.skipped += 1
                present.reveal(self.console, step, expected, opening="The answer is")
                return
            try:
                right = self._check(step, typed, expected)
            except answers.AnswerError as error:
                self.console.print(f"{str(error)[0].upper()}{str(error)[1:]}.")
                continue
            if right:
                self.entry.correct += 1
                present.reveal(self.console, step, expected, opening="Right! The answer is")
                return

    def _check(self, step: Step, typed: str, expected: float | None) -> bool:
        """Whether the answer is right; says so when it is not."""
        if step.is_choice:
            if answers.parse_choice(typed, step) == step.answer:
                return True
            self.console.print("Not quite. Try again, or type hint or skip.")
            return False
        value = answers.parse_number(typed, infinity_allowed=not _finite(expected))
        if answers.is_close(value, expected, step):
            return True
        phrase = answers.precision_phrase(step)
        near = replace(step, decimals=None, tolerance=CLOSE_FACTOR * _allowed(step))
        if _finite(expected) and answers.is_close(value, expected, near):
            self.console.print(f"Close, but not right {phrase}: check your arithmetic and rounding. Try again, or type hint or skip.")
        else:
            self.console.print("Not quite. Try again, or type hint or skip.")
        return False

    def _complete(self, step: Step) -> None:
        self.entry.step = step.number
        self._save()

    def _finish(self) -> None:
        self.entry.done = True
        self._save()
        asked = len(self.lesson.questions)
        summary = f"Lesson complete: {self.entry.correct} of {asked} question{'s' if asked != 1 else ''} right"
        if self.entry.skipped:
            summary += f", {self.entry.skipped} skipped"
        self.console.print()
        self.console.print(Text(summary + ".", style="bold"))
        if self.next_lesson:
            self.console.print(f"Next: nnexplain lesson run {self.next_lesson}")

    def _save(self) -> None:
        try:
            self.progress.put(self.key, replace(self.entry))
            self.unsaved, self.kept_step = False, self.entry.step
        except OSError as error:
            self.unsaved = True
            if not self.save_failed:  # say it once, then carry on teaching
                click.echo(
                    f"Warning: cannot save progress to {self.progress.path}: {error.strerror or error}; "
                    "this session's progress will not be kept.",
                    err=True,
                )
            self.save_failed = True


def _expected(step: Step) -> float | None:
    return None if step.is_choice else answers.expected_number(step)


def _finite(value) -> bool:
    return value is not None and abs(value) != float("inf")


def _allowed(step: Step) -> float:
    return step.tolerance if step.decimals is None else 0.5 * 10.0 ** -step.decimals
