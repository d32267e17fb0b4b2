"""Running a lesson: interactively (Enter continues, questions are checked, progress is
saved after every step) or as a read-through with every answer revealed.

Progress is written after every completed step, so quitting, Ctrl-C and the end of
input all leave the learner exactly where they stopped.
"""

import contextlib
import io
import re
import shutil
import sys
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import click
from nnexplain.render.console import stdout_console
from rich.cells import cell_len
from rich.text import Text

from nnexplain.lesson import answers, present, runs
from nnexplain.lesson.format import Computed, Lesson, Step
from nnexplain.lesson.progress import Entry, Progress

QUIT_WORDS = ("quit", "q", "exit")
HINT_WORDS = ("hint", "h", "?")
SKIP_WORDS = ("skip", "s")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(\x07|\x1b\\\\)")


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
        try:
            return input(prompt)
        except EOFError:
            sys.stdout.write("\n")  # the message that follows starts on a fresh line
            sys.stdout.flush()
            raise
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
                for number, text in enumerate(step.hints, start=1):
                    label = "Hint: " if len(step.hints) == 1 else f"Hint {number} of {len(step.hints)}: "
                    present.hint(console, step, text if number == 1 else answers.fill_text(lesson, text)[0], label)
                present.reveal(console, step, _expected(step))
    if lesson.practice:
        console.print()
        console.print(Text(present.shown(console, practise_line(lesson))))


COMMANDS = "back, again, steps, goto N, hint, skip, quit, help"
HELP = (
    "At any prompt you can type: back (the previous step), again (this step again), "
    "steps (the list of steps), goto N (step N), hint (at a question: the next hint), "
    "skip (at a question: show the answer), quit (save and stop), help (this list)."
)
# Lines kept free below a page: the "more" prompt and a line of margin.
PAGE_MARGIN = 2


class Move(Exception):
    """Go to the step at ``index`` (counting from 0)."""

    def __init__(self, index: int):
        super().__init__(index)
        self.index = index


class _TerminalBuffer(io.StringIO):
    """Collects a step's output (rich's and a worked command's) as the terminal would
    show it, colours included, so it can be shown a page at a time."""

    def __init__(self, like):
        super().__init__()
        self._encoding = getattr(like, "encoding", None) or "utf-8"  # the terminal's, e.g. ASCII

    @property
    def encoding(self) -> str:
        return self._encoding

    def isatty(self) -> bool:
        return True


class Session:
    """One interactive run of a lesson, resuming from and saving to ``progress``.

    ``figures`` is the folder the learner asked for (None: the one remembered from an
    earlier run of this lesson, else ``default_figures``)."""

    def __init__(self, lesson: Lesson, key: str, progress: Progress, figures: Path | None, next_lesson: str | None,
                 default_figures: Path | None = None):
        self.lesson, self.key, self.progress = lesson, key, progress
        self.next_lesson = next_lesson
        self.console = stdout_console(highlight=False)
        self.entry = replace(progress.get(key), steps=len(lesson.steps))
        self.entry.answered, self.entry.first_right = list(self.entry.answered), list(self.entry.first_right)
        if figures is not None:
            self.entry.figures = str(Path(figures).absolute())
        self.figures_chosen = self.entry.figures is not None
        self.figures = Path(self.entry.figures) if self.figures_chosen else (default_figures or Path("figures"))
        self.save_failed = False  # a save failed (warned about once)
        self.unsaved = False  # the latest change is not in the progress file
        self.kept_step: int | None = None  # the step saved last in this session
        self.current = 0  # the index of the step on screen
        self.hints_shown = 0  # of the question on screen
        self.missed = False  # the question on screen had a wrong try (or its solution shown)

    def run(self, restart: bool = False) -> Outcome:
        self._start(restart)
        total = len(self.lesson.steps)
        try:
            while self.entry.step < total:
                self.current = self.entry.step
                step = self.lesson.steps[self.current]
                try:
                    self._show(step)
                    if step.kind == "question":
                        self._ask(step)
                        self._complete(step)
                    if step.number != total:
                        self._pause(step)
                    if step.kind != "question":
                        self._complete(step)
                except Move as move:
                    self.entry.step = move.index
                    self._save()
        except Quit:
            return self._outcome("quit")
        except EOFError:
            return self._outcome("eof")
        except KeyboardInterrupt:
            self._fresh_line()
            return self._outcome("interrupted")
        self._finish()
        return self._outcome("finished")

    def _fresh_line(self) -> None:
        """After Ctrl-C (the terminal echoed ^C where the cursor was, often on a prompt
        line): the message that follows starts on a line of its own."""
        if sys.stdout.isatty():
            sys.stdout.write("\n")
            sys.stdout.flush()

    def _outcome(self, how: str) -> Outcome:
        return Outcome(how, self.entry, saved=not self.unsaved, kept_step=self.kept_step)

    def _start(self, restart: bool) -> None:
        entry, total = self.entry, len(self.lesson.steps)
        present.header(self.console, self.lesson)
        if restart or entry.step >= total:
            if entry.step >= total and not restart and entry.done:
                self.console.print("You finished this lesson before; starting again from the beginning.")
            # A redo keeps "done", the best first-try score and the figures folder.
            self.entry = Entry(steps=total, done=entry.done, best=entry.best, best_of=entry.best_of,
                               figures=entry.figures)
            self._save()  # starting over is progress too: the old position is gone
        elif entry.step > 0:
            self.console.print(
                f"Welcome back: going on from step {entry.step + 1} of {total} "
                "(--restart starts from the beginning)."
            )
            self._save()  # keeps a newly given --figures folder
        elif entry.figures is not None:
            self._save()
        self.console.print(Text(f"Press Enter to go on. Commands at any prompt: {COMMANDS}.", style="dim"))

    # Showing a step -------------------------------------------------------------

    def _show(self, step: Step) -> None:
        """The step's rule and content, a page at a time when taller than the terminal."""
        self.hints_shown, self.missed = 0, False
        if not (sys.stdout.isatty() and sys.stdin.isatty()):
            self._render(step)
            return
        buffer = _TerminalBuffer(sys.stdout)
        with contextlib.redirect_stdout(buffer):
            self._render(step)
        self._page(buffer.getvalue())

    def _render(self, step: Step) -> None:
        total = len(self.lesson.steps)
        present.step_rule(self.console, step, total)
        draw_here = getattr(runs, "show_figure", None)  # draws a figure in the terminal, where it exists
        with failing_step(self.lesson, step):
            present.body(self.console, self.lesson, step, self.figures, draw_here=draw_here,
                         save=self.figures_chosen or draw_here is None)
        self.console.file.flush()
        sys.stdout.flush()

    def _page(self, text: str) -> None:
        size = shutil.get_terminal_size()
        width, height = max(size.columns, 20), max(size.lines - PAGE_MARGIN, 5)
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        rows, start, used = [], 0, 0
        for index, line in enumerate(lines):
            tall = max(1, -(-cell_len(_ANSI.sub("", line)) // width))
            if used + tall > height and index > start:
                rows.append((start, index))
                start, used = index, 0
            used += tall
        rows.append((start, len(lines)))
        for number, (first, last) in enumerate(rows, start=1):
            sys.stdout.write("".join(line + "\n" for line in lines[first:last]))
            sys.stdout.flush()
            if number < len(rows):
                self._more(number, len(rows))

    def _more(self, page: int, pages: int) -> None:
        while True:
            typed = read_line(f"— more ({page} of {pages}) — Enter for the next page, or a command: ").strip()
            if not typed:
                return
            if not self._command(typed, None):
                self.console.print("(Press Enter for the rest of this step, or type help for the commands.)")

    # Commands -------------------------------------------------------------------

    def _command(self, typed: str, step: Step | None) -> bool:
        """Obey a command typed at any prompt; True if it was one (and was handled here).
        Quit and moves raise; hint and skip at a question are left to ``_ask``."""
        words = typed.strip().lower().split()
        if not words:
            return False
        word, total = words[0], len(self.lesson.steps)
        if len(words) == 1 and word in QUIT_WORDS:
            raise Quit
        if len(words) == 1 and word == "help":
            self.console.print(HELP)
            return True
        if len(words) == 1 and word == "back":
            if self.current == 0:
                self.console.print("This is the first step; there is no step before it.")
                return True
            raise Move(self.current - 1)
        if len(words) == 1 and word == "again":
            raise Move(self.current)
        if len(words) == 1 and word == "steps":
            self._list_steps()
            return True
        if word == "goto" or (word == "go" and len(words) > 1 and words[1] == "to"):
            target = words[2:] if word == "go" else words[1:]
            if len(target) == 1 and target[0].isascii() and target[0].isdigit() and 1 <= int(target[0]) <= total:
                raise Move(int(target[0]) - 1)
            self.console.print(f"Type goto and a step number from 1 to {total}, e.g. goto 2.")
            return True
        if len(words) == 1 and word in HINT_WORDS + SKIP_WORDS and step is None:
            self.console.print("Hint and skip work at a question; here, press Enter to go on.")
            return True
        return False

    def _list_steps(self) -> None:
        for step in self.lesson.steps:
            title = step.title or present.KIND_TITLES.get(step.kind) or step.kind.capitalize()
            mark = "  ← you are here" if step.number == self.current + 1 else ""
            self.console.print(Text(present.shown(self.console, f"  {step.number:>2}. {title}{mark}")))

    def _pause(self, step: Step) -> None:
        self.console.print()
        while True:
            typed = read_line("Press Enter to continue (or type help): ").strip()
            if not typed:
                return
            if not self._command(typed, None):
                self.console.print(f"(That is not a command: press Enter to go on, or type one of: {COMMANDS}.)")

    # Questions ------------------------------------------------------------------

    def _ask(self, step: Step) -> None:
        """Ask until the learner is right or skips; count the result."""
        expected = None if step.is_choice else _expected(step)
        if step.needs:
            present.needs(self.console, [answers.fill_text(self.lesson, line)[0] for line in step.needs])
        while True:
            typed = read_line("Your answer (or hint, skip, quit): ")
            word = typed.strip().lower()
            if word in HINT_WORDS:
                self._hint(step)
                continue
            if word in SKIP_WORDS:
                self._resolve(step, right=False)
                present.reveal(self.console, step, expected, opening="The answer is")
                return
            if self._command(typed, step):
                continue
            try:
                right = self._check(step, typed, expected)
            except answers.AnswerError as error:
                self.console.print(f"{str(error)[0].upper()}{str(error)[1:]}.")
                continue
            if right:
                self._resolve(step, right=True)
                present.reveal(self.console, step, expected, opening="Right! The answer is")
                return
            self.missed = True

    def _hint(self, step: Step) -> None:
        """The next staged hint; after the last, the offer of the worked solution, then it."""
        hints = step.hints
        if self.hints_shown < len(hints):
            text = hints[self.hints_shown] if self.hints_shown == 0 else answers.fill_text(self.lesson, hints[self.hints_shown])[0]
            label = "Hint: " if len(hints) == 1 else f"Hint {self.hints_shown + 1} of {len(hints)}: "
            present.hint(self.console, step, text, label)
            self.hints_shown += 1
            return
        solvable = isinstance(step.answer, Computed)
        if self.hints_shown == len(hints):
            self.hints_shown += 1
            if solvable:
                self.console.print("That was the last hint. Type hint again for the worked solution "
                                   "(the command's steps), or keep trying.")
            else:
                self.console.print("That was the last hint. Type skip to see the answer and its explanation.")
            return
        if not solvable:
            self.console.print("There is no worked solution for this question; type skip to see the answer.")
            return
        argv = runs.parse_run(step.answer.run)
        self.missed = True  # seen the solution: no longer a first try
        self.console.print(Text("The worked solution:", style="bold"))
        self.console.file.flush()
        with failing_step(self.lesson, step):
            runs.show(argv)
        present.try_it(self.console, argv)

    def _resolve(self, step: Step, right: bool) -> None:
        """Count a question once per run: right (at the first try or not) or skipped."""
        if step.number in self.entry.answered:
            return
        self.entry.answered.append(step.number)
        if right:
            self.entry.correct += 1
            if not self.missed:
                self.entry.first_right.append(step.number)
        else:
            self.entry.skipped += 1

    def _check(self, step: Step, typed: str, expected: float | None) -> bool:
        """Whether the answer is right; says so when it is not, naming a slip it matches."""
        verdict = answers.judge(self.lesson, step, typed, expected)
        if not verdict.right:
            self.console.print(Text(present.shown(self.console, verdict.message)))
        return verdict.right

    def _complete(self, step: Step) -> None:
        self.entry.step = step.number
        self._save()

    def _finish(self) -> None:
        questions = self.lesson.questions
        asked, first = len(questions), len([q for q in questions if q.number in self.entry.first_right])
        if not self.entry.done or self.entry.best_of != asked or first > self.entry.best:
            self.entry.best, self.entry.best_of = first, asked
        self.entry.done = True
        self._save()
        summary = "Lesson complete"
        if asked:
            summary += f": {first} of {asked} question{'s' if asked != 1 else ''} right at the first try"
            if self.entry.skipped:
                summary += f", {self.entry.skipped} skipped"
        self.console.print()
        self.console.print(Text(summary + ".", style="bold"))
        if asked and self.entry.best > first:
            self.console.print(f"Your best is still {self.entry.best} of {asked} at the first try.")
        revisit = [q for q in questions if q.number not in self.entry.first_right]
        if revisit:
            listed = ", ".join(f"step {q.number}" + (f" ({q.title})" if q.title else "") for q in revisit)
            self.console.print(Text(present.shown(self.console, f"To revisit: {listed} (goto N in a new run: --restart).")))
        if self.lesson.practice:
            self.console.print(Text(present.shown(self.console, practise_line(self.lesson))))
        if self.next_lesson:
            self.console.print(f"Next: nnexplain lesson run {self.next_lesson}")

    def _save(self) -> None:
        try:
            self.progress.put(self.key, replace(self.entry, answered=list(self.entry.answered),
                                                first_right=list(self.entry.first_right)))
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


def practise_line(lesson: Lesson) -> str:
    """The lesson's last word: its skills, drilled with fresh numbers."""
    return "Practise this with fresh numbers: nnexplain practice " + " ".join(lesson.practice)


def _expected(step: Step) -> float | None:
    return None if step.is_choice else answers.expected_number(step)

