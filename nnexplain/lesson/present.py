"""Showing a lesson's steps in the terminal (rich), in both the interactive runner and
the read-through (``--no-input``) view. Questions' answering lives in runner.py."""

import math
import re
from contextlib import contextmanager
from pathlib import Path

import rich.text
from rich.console import Console
from rich.markdown import ListItem, Markdown
from rich.segment import Segment
from rich.table import Table
from rich.rule import Rule
from rich.text import Text

from nnexplain.lesson import answers, runs
from nnexplain.lesson.format import Computed, Lesson, Step
from nnexplain.render.ascii import shown_by
from nnexplain.render.numbers import MINUS
from nnexplain.safe_text import strip_controls

KIND_TITLES = {"question": "Question", "recap": "Recap"}

# Characters whose ASCII rendering is "*", which Markdown would read as emphasis.
_STARS = "\u00b7\u00d7\u22c5\u2219\u2022"


def shown(console: Console, text: str) -> str:
    """Lesson text as it reaches the terminal: without control characters (a lesson
    file can never retitle the window, clear the screen or set the clipboard), and in
    ASCII where the terminal's encoding lacks a character."""
    return shown_by(console.encoding)(strip_controls(str(text)))


NBSP = "\u00a0"
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)


@contextmanager
def _nbsp_holds():
    """While rendering, a no-break space joins the words on either side (rich's word
    wrapping would otherwise break at it): the line is divided as if it were a letter."""
    divide = getattr(rich.text, "divide_line", None)
    if divide is None:  # a rich without this hook: formulas may wrap, nothing breaks
        yield
        return
    rich.text.divide_line = lambda text, width, fold=True: divide(text.replace(NBSP, "_"), width, fold)
    try:
        yield
    finally:
        rich.text.divide_line = divide


class _DottedItem(ListItem):
    """A numbered list item that keeps its dot ("1." as written, not rich's "1")."""

    def render_number(self, console, options, number, last_number):
        number_width = len(str(last_number)) + 3
        lines = console.render_lines(self.elements, options.update(width=options.max_width - number_width), style=self.style)
        number_style = console.get_style("markdown.item.number", default="none")
        padding = Segment(" " * number_width, number_style)
        numeral = Segment(f"{number}.".rjust(number_width - 1) + " ", number_style)
        for index, line in enumerate(lines):
            yield numeral if index == 0 else padding
            yield from line
            yield Segment("\n")


class Prose(Markdown):
    """Lesson Markdown: numbered lists keep "1.", and a formula in backticks is never
    broken across lines (its spaces are no-break spaces)."""

    elements = {**Markdown.elements, "list_item_open": _DottedItem}

    def __rich_console__(self, console, options):
        with _nbsp_holds():  # the lines are divided here, then the spaces are plain again
            for part in super().__rich_console__(console, options):
                for segment in [part] if isinstance(part, Segment) else console.render(part, options):
                    if NBSP in segment.text and not segment.control:
                        segment = Segment(segment.text.replace(NBSP, " "), segment.style)
                    yield segment


def hold_formulas(text: str) -> str:
    """Inline code spans (formulas) with no-break spaces, so a line never breaks inside one."""
    return _CODE_SPAN.sub(lambda m: m.group(1) + m.group(2).replace(" ", NBSP) + m.group(1), text)


def markdown(console: Console, text: str) -> Markdown:
    """Lesson Markdown, shown as ``shown`` says; a "·" that becomes "*" is escaped so
    it is not read as emphasis."""
    text = strip_controls(str(text))
    convert = shown_by(console.encoding)
    for star in _STARS:
        if star in text and convert(star) == "*":
            text = text.replace(star, "\\*")
    text = convert(text)
    return Prose(hold_formulas(text) if console.encoding.lower().startswith("utf") else text)


def header(console: Console, lesson: Lesson) -> None:
    questions = len(lesson.questions)
    console.print(Text(shown(console, lesson.title), style="bold"))
    console.print(markdown(console, lesson.summary))
    console.print(
        Text(
            shown(
                console,
                f"About {lesson.minutes} minute{'s' if lesson.minutes != 1 else ''} · "
                f"{len(lesson.steps)} steps · {questions} question{'s' if questions != 1 else ''}",
            ),
            style="dim",
        )
    )


def step_rule(console: Console, step: Step, total: int) -> None:
    title = step.title or KIND_TITLES.get(step.kind)
    label = f"Step {step.number} of {total}" + (f" · {title}" if title else "")
    console.print()
    console.print(Rule(Text(shown(console, label), style="bold"), align="left", style="dim"))


def body(console: Console, lesson: Lesson, step: Step, figures: Path, draw_here=None, save: bool = True) -> None:
    """Everything a step shows before any answer: text, a worked example, a figure,
    a question's prompt and choices, a recap's points.

    ``draw_here(argv, option)``, when given, draws a figure step in the terminal;
    the file is then saved only when ``save`` (the learner gave --figures DIR)."""
    if step.kind != "question" and step.text:
        console.print(markdown(console, step.text))
        if step.kind in ("worked", "figure"):
            console.print()
    if step.kind == "worked":
        argv = runs.parse_run(step.run)
        try_it(console, argv)
        console.print()
        console.file.flush()
        runs.show(argv)
    elif step.kind == "figure":
        argv = runs.parse_run(step.run)
        if draw_here is not None:
            console.file.flush()
            draw_here(argv, step.option)
            if not save:
                shows = runs.has_plot(argv[0], "--show")
                try_it(console, [*argv, "--show"] if shows else argv)
                return
        path = figure_path(figures, lesson, step)
        _make_folder(figures)
        runs.draw(argv, str(path), step.option)
        console.print(Text.assemble(("Figure saved to ", "bold"), shown(console, path)))
        try_it(console, [*argv, step.option, path.name])
    elif step.kind == "question":
        prompt(console, step)
    elif step.kind == "recap":
        console.print(markdown(console, "\n".join(f"- {point}" for point in step.points)))


def try_it(console: Console, argv) -> None:
    console.print(Text.assemble(("Try it yourself: ", "bold"), shown(console, runs.command_line(argv))))


def prompt(console: Console, step: Step) -> None:
    """The question, its choices, and how to answer (on a line of its own, so the
    precision asked for is never split across lines)."""
    console.print(markdown(console, step.prompt))
    if step.choices:  # a hanging indent: a choice's second line starts under its text
        grid = Table.grid(padding=(0, 1, 0, 0))
        grid.add_column(justify="right", no_wrap=True)
        grid.add_column()
        for number, choice in enumerate(step.choices, start=1):
            grid.add_row(f"  {number}.", Text(shown(console, choice)))
        console.print(grid)
    if not step.is_choice:
        console.print(Text(shown(console, how_to_answer(step)), style="italic"))
    console.print()


def how_to_answer(step: Step) -> str:
    return f"Answer {answers.precision_phrase(step)}."


def hint(console: Console, step: Step, text: str | None = None, label: str = "Hint: ") -> None:
    console.print(Text.assemble((label, "bold"), shown(console, step.hint if text is None else text)))


def needs(console: Console, lines) -> None:
    """The "you need" strip: numbers from earlier screens, again, above the prompt."""
    if lines:
        console.print(Text.assemble(("You need: ", "bold"), shown(console, " · ".join(lines))))


def reveal(console: Console, step: Step, expected: float | None, opening: str = "Answer:") -> None:
    """The answer, the command that computes it, then the explanation."""
    console.print(Text.assemble((f"{opening} ", "bold"), shown(console, answer_text(step, expected))))
    if isinstance(step.answer, Computed):
        command = runs.command_line(runs.parse_run(step.answer.run))
        console.print(Text.assemble(("Check it: ", "bold"), shown(console, command)))
    console.print()
    console.print(markdown(console, step.explanation))


def answer_text(step: Step, expected: float | None) -> str:
    """The right choice, or the expected number as asked for (and in full if that differs)."""
    if step.is_choice:
        return f"{step.answer}. {step.choices[step.answer - 1]}"
    shown, full = answers.show_expected(expected, step), answers.full_value(expected)
    if math.isinf(expected) or _same(shown, full):
        return shown
    return f"{shown} (the tool computes {full})"


def _same(shown: str, full: str) -> bool:
    """Whether two written numbers are equal (0.70 and 0.7 are)."""
    return float(shown.replace(MINUS, "-")) == float(full.replace(MINUS, "-"))


def figure_path(folder: Path, lesson: Lesson, step: Step) -> Path:
    """Where a figure step's plot goes: FOLDER/LESSON-STEP.png."""
    return Path(folder) / f"{lesson.name}-{step.number}.png"


def _make_folder(folder: Path) -> None:
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise runs.RunError(f"cannot create the figures folder {str(folder)!r}: {error.strerror or error}") from None

