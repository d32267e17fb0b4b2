"""Showing a lesson's steps in the terminal (rich), in both the interactive runner and
the read-through (``--no-input``) view. Questions' answering lives in runner.py."""

import math
from pathlib import Path

from rich.console import Console
from rich.markdown import Markdown
from rich.padding import Padding
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


def markdown(console: Console, text: str) -> Markdown:
    """Lesson Markdown, shown as ``shown`` says; a "·" that becomes "*" is escaped so
    it is not read as emphasis."""
    text = strip_controls(str(text))
    convert = shown_by(console.encoding)
    for star in _STARS:
        if star in text and convert(star) == "*":
            text = text.replace(star, "\\*")
    return Markdown(convert(text))


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


def body(console: Console, lesson: Lesson, step: Step, figures: Path) -> None:
    """Everything a step shows before any answer: text, a worked example, a figure,
    a question's prompt and choices, a recap's points."""
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
    for number, choice in enumerate(step.choices, start=1):
        console.print(Padding(Text(shown(console, f"{number}. {choice}")), (0, 0, 0, 2)))
    if not step.is_choice:
        console.print(Text(shown(console, how_to_answer(step)), style="italic"))
    console.print()


def how_to_answer(step: Step) -> str:
    return f"Answer {answers.precision_phrase(step)}."


def hint(console: Console, step: Step) -> None:
    console.print(Text.assemble(("Hint: ", "bold"), shown(console, step.hint)))


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

