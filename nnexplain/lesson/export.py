"""A lesson as a Markdown handout: text, worked tables (each command's own Markdown
view), questions with hints, figures saved beside it, and the answers with their
explanations in an answer key at the end (or under each question: ``answers="inline"``); or
as a Jupyter notebook (``fmt="ipynb"``, built by notebook.py) whose code cells call
the Python API.

``export`` is all or nothing: the figures and the handout are first written into a
hidden staging folder inside the output folder, and moved into place only when all
of them are there. A failed export (a figure that cannot be drawn half way, a
handout that cannot be written) leaves none of its own files behind, and the files
that were in the folder before are kept as they were.
"""

import os
import shutil
import tempfile
from pathlib import Path

from nnexplain.atomic import TEMP_PREFIX, TEMP_SUFFIX, atomic_file, move_into_place, remove_stale_temporaries
from nnexplain.lesson import answers, present, runs
from nnexplain.lesson.format import Computed, Lesson, Step
from nnexplain.lesson.runner import failing_step


# Where a handout puts the answers: in a key after the last step (a learner can try
# each question first), or under each question.
ANSWERS = ("end", "inline")


def handout(lesson: Lesson, folder: Path, answers_at: str = "end") -> tuple[str, list[Path]]:
    """``(Markdown text, figures written)``; figures go into ``folder``. The questions
    are numbered; ``answers_at`` is "end" (an answer key after the last step) or
    "inline" (each answer under its question)."""
    if answers_at not in ANSWERS:
        raise ValueError(f"answers_at must be one of {ANSWERS}, not {answers_at!r}")
    questions = len(lesson.questions)
    parts = [
        f"# {lesson.title}",
        lesson.summary,
        f"*About {lesson.minutes} minute{'s' if lesson.minutes != 1 else ''} · {len(lesson.steps)} steps · "
        f"{questions} question{'s' if questions != 1 else ''}. Interactive version: "
        f"`nnexplain lesson run {lesson.name}`.*",
    ]
    figures, key = [], []
    for step in lesson.steps:
        title = _title(step)
        parts.append(f"## Step {step.number}" + (f": {title}" if title else ""))
        if step.kind != "question" and step.text:
            parts.append(step.text)
        with failing_step(lesson, step):
            if step.kind == "question":
                number = len(key) + 1
                asked, answered = _question(step, number)
                key.append((number, step, answered))
                parts += asked + (answered if answers_at == "inline" else
                                  [f"*The answer is in the answer key at the end (question {number}).*"])
            else:
                parts += _step_body(lesson, step, folder, figures)
    if lesson.practice:  # before the key, which a teacher may cut off
        parts.append("## Practise this\n\nWith fresh numbers every problem, each answer checked: "
                     f"`nnexplain practice {' '.join(lesson.practice)}`")
    if key and answers_at == "end":
        parts.append("## Answer key")
        for number, step, answered in key:
            parts.append(f"### Question {number} (step {step.number}" + (f": {step.title}" if step.title else "") + ")")
            parts += answered
    return "\n\n".join(part.strip("\n") for part in parts) + "\n", figures


def _title(step: Step) -> str | None:
    return step.title or present.KIND_TITLES.get(step.kind)


def _step_body(lesson: Lesson, step: Step, folder: Path, figures: list) -> list[str]:
    if step.kind == "worked":
        argv = runs.parse_run(step.run)
        return [f"Try it yourself: `{runs.command_line(argv)}`", runs.markdown(argv)]
    if step.kind == "figure":
        argv = runs.parse_run(step.run)
        path = present.figure_path(folder, lesson, step)
        runs.draw(argv, str(path), step.option)
        figures.append(path)
        alt = step.title or "Figure"
        return [f"![{alt}]({path.name})", f"Try it yourself: `{runs.command_line([*argv, step.option, path.name])}`"]
    if step.kind == "recap":
        return ["\n".join(f"- {point}" for point in step.points)]
    return []


def question_head(step: Step) -> tuple[list[str], float | None]:
    """A question as a handout or notebook asks it (the prompt, then the choices or
    the precision asked for), and its expected answer (None for a choice)."""
    parts = [f"**Question.** {step.prompt}"]
    if step.is_choice:
        parts.append("\n".join(f"{n}. {choice}" for n, choice in enumerate(step.choices, start=1)))
    else:
        parts.append(f"*{present.how_to_answer(step)}*")
    return parts, None if step.is_choice else answers.expected_number(step)


def _question(step: Step, number: int) -> tuple[list[str], list[str]]:
    """``(the question as asked, with its hints; its answer and explanation)``."""
    asked, expected = question_head(step)
    asked[0] = asked[0].replace("**Question.**", f"**Question {number}.**", 1)
    hints = (step.hint, *getattr(step, "more_hints", ()))  # staged hints, when a lesson has them
    if len(hints) == 1:
        asked.append(f"> **Hint:** {step.hint}")
    else:
        asked.append("\n>\n".join(f"> **Hint {k}:** {text}" for k, text in enumerate(hints, start=1)))
    answer = f"**Answer:** {present.answer_text(step, expected)}"
    if isinstance(step.answer, Computed):
        answer += f"  \nCheck it: `{runs.command_line(runs.parse_run(step.answer.run))}`"
    return asked, [answer, step.explanation]


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder and a rename."""
    with atomic_file(path) as stream:
        stream.write(text)


# Each format's file name extension.
FORMATS = {"markdown": ".md", "ipynb": ".ipynb"}


def output_path(lesson: Lesson, folder: Path, fmt: str = "markdown") -> Path:
    """Where the export of ``lesson`` in ``fmt`` goes: FOLDER/NAME.md or NAME.ipynb."""
    return Path(folder) / f"{lesson.name}{FORMATS[fmt]}"


def export(lesson: Lesson, folder: Path, fmt: str = "markdown", answers_at: str = "end") -> tuple[Path, list[Path]]:
    """Write FOLDER/NAME.md and its figures (or FOLDER/NAME.ipynb, which has none),
    all or nothing: ``(handout, figures)``. ``answers_at`` places a Markdown
    handout's answers: "end" (an answer key) or "inline" (see ``handout``).

    StepFailed if a step cannot be computed or drawn, OSError if a file cannot be
    written; either way nothing of this export is left in ``folder``.
    NotebookUnavailable (naming the extra to install) if ``fmt`` is "ipynb" and
    nbformat is missing; then nothing is written."""
    folder = Path(folder)
    path = output_path(lesson, folder, fmt)
    if fmt == "ipynb":
        from nnexplain.lesson.notebook import require_nbformat

        require_nbformat()
    # Named like atomic_file's temporaries, so a staging folder left by a killed run
    # is removed by the next write into this folder.
    remove_stale_temporaries(folder)
    staging = Path(tempfile.mkdtemp(dir=folder, prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=TEMP_SUFFIX))
    try:
        if fmt == "ipynb":
            from nnexplain.lesson.notebook import notebook_text

            text, drawn = notebook_text(lesson), []
        else:
            text, drawn = handout(lesson, staging, answers_at)
        write_atomically(staging / path.name, text)
        move_into_place([(figure, folder / figure.name) for figure in drawn] + [(staging / path.name, path)])
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return path, [folder / figure.name for figure in drawn]


