"""``nnexplain lesson``: self-study lessons — list, run, reset, check, export.

The engine lives in nnexplain/lesson/; these commands only parse options, call it and
turn its failures into one ``Error:`` line. The lesson format is in docs/lessons.md.
"""

import shlex
from pathlib import Path

import click

from nnexplain.cli.completion import lesson_or_file

from nnexplain.cli.options import output_folder

TARGET_HINT = "'NAME|FILE'"


@click.group()
def lesson():
    """Self-study lessons: worked examples computed live, and checked questions.

    Each lesson walks through one topic at your pace: it explains, runs the worked
    commands, asks you to predict numbers and checks your answers within the stated
    precision. Progress is saved after every step, so you can quit and come back.

    \b
    Example:
      nnexplain lesson list
      nnexplain lesson run neuron
      nnexplain lesson run neuron --no-input | less
    """


@lesson.command("list")
def list_lessons():
    """List the lessons in order, with their length and your progress.

    Progress is "done" (with the best first-try score, e.g. "done · 4/5 first
    try"), "in progress k/n" (k of n steps done) or "new". The suggestion is the
    lesson in progress, else the next new one.

    \b
    Example:
      nnexplain lesson list
    """
    from rich import box
    from nnexplain.render.console import stdout_console
    from rich.table import Table

    from nnexplain.lesson import catalog

    progress = _progress()
    names = _shipped(catalog.shipped_names)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for header, justify in (("#", "right"), ("Name", "left"), ("Title", "left"), ("Min", "right"), ("Progress", "left")):
        table.add_column(header, justify=justify, no_wrap=header != "Title")
    in_progress = new = None
    for number, name in enumerate(names, start=1):
        found = _shipped(catalog.load_shipped, name)
        entry = progress.get(name)
        table.add_row(str(number), name, found.title, str(found.minutes), entry.status(len(found.steps)))
        if in_progress is None and 0 < entry.step < len(found.steps) and not entry.done:
            in_progress = name
        if new is None and not entry.done and entry.step == 0:
            new = name
    console = stdout_console(highlight=False)
    console.print(table)
    console.print()
    if in_progress is not None:
        console.print(f"Go on with: nnexplain lesson run {in_progress}")
    elif new is not None:
        console.print(f"Next: nnexplain lesson run {new}")
    else:
        console.print("Every lesson is done. Run one again with: nnexplain lesson run NAME")


@lesson.command("run")
@click.argument("target", metavar="NAME|FILE", shell_complete=lesson_or_file)
@click.option("--restart", is_flag=True, help="Start from the first step instead of where you left off.")
@click.option("--input/--no-input", "interactive", default=None,
              help="--no-input prints the whole lesson with every answer shown, for reading or "
              "piping; --input asks the questions even when standard input is not a terminal "
              "(answers piped in). Default: ask when standard input is a terminal.")
@click.option("--figures", type=click.Path(path_type=Path), default=None, metavar="DIR",
              help="Also save the lesson's figures as PNG files in DIR (created if missing); "
              "remembered when you come back to the lesson. Default: figures are drawn in the "
              "terminal where this nnexplain can, else saved in figures/ in your nnexplain data folder.")
def run(target, restart, interactive, figures):
    """Take a lesson: a shipped one by NAME, or a lesson file (a teacher's own).

    Press Enter to go on. At a question type your answer (spaces, −, 1e-3 and 1/4
    are fine). At any prompt: back, again, steps, goto N, hint (staged hints, then
    the worked solution), skip (shows the answer), quit (saves; run it again to go
    on where you stopped) and help. --restart starts over.

    \b
    Example:
      nnexplain lesson run neuron
      nnexplain lesson run neuron --no-input
      nnexplain lesson run my-lesson.toml
    """
    import sys

    from nnexplain.lesson import runner
    from nnexplain.lesson.progress import data_folder

    found, key = _resolve(target)
    chosen = output_folder(figures, "--figures") if figures is not None else None
    folder = chosen if chosen is not None else data_folder() / "figures"
    if interactive is None:
        interactive = sys.stdin.isatty()
    try:
        if not interactive:
            runner.read_through(found, folder)
            return
        progress = _progress()
        outcome = runner.Session(found, key, progress, chosen, _next_lesson(key),
                                 default_figures=data_folder() / "figures").run(restart=restart)
    except runner.StepFailed as error:
        raise click.ClickException(str(error)) from None
    _say_how_it_ended(outcome, found, target)


def _say_how_it_ended(outcome, found, target):
    done = f"{outcome.entry.step} of {len(found.steps)} steps done"
    again = f"nnexplain lesson run {shlex.quote(target)}"
    if not outcome.saved:  # never claim a save that did not happen
        if outcome.kept_step is None:
            kept = "nothing from this session was kept"
        else:
            kept = ("only the first step was kept" if outcome.kept_step == 1
                    else f"only the first {outcome.kept_step} steps were kept")
        opening = {"quit": "Stopped", "eof": "End of input", "interrupted": "Interrupted"}.get(outcome.how)
        said = f"progress NOT saved (see the warning above); {kept}."
        click.echo(f"{opening} ({done}): {said}" if opening else said[0].upper() + said[1:], err=True)
        if outcome.how == "interrupted":
            click.get_current_context().exit(130)
        return
    if outcome.how == "quit":
        click.echo(f"Progress saved ({done}). Run `{again}` to go on.")
    elif outcome.how == "eof":
        click.echo(f"End of input: progress saved ({done}). Run `{again}` to go on.", err=True)
    elif outcome.how == "interrupted":
        click.echo(f"Interrupted: progress saved ({done}). Run `{again}` to go on.", err=True)
        click.get_current_context().exit(130)


@lesson.command("reset")
@click.argument("target", metavar="NAME|FILE", required=False, shell_complete=lesson_or_file)
@click.option("--all", "everything", is_flag=True, help="Forget the progress of every lesson.")
def reset(target, everything):
    """Forget your progress in one lesson (or in all of them with --all).

    \b
    Example:
      nnexplain lesson reset neuron
      nnexplain lesson reset --all
    """
    from nnexplain.lesson import catalog

    if everything == (target is not None):
        raise click.UsageError("Give a lesson NAME (or FILE) to reset, or --all, not both.")
    progress = _progress()
    if everything:
        count = _saving(progress, progress.clear)
        click.echo(f"Forgot the progress of {count} lesson{'s' if count != 1 else ''}.")
        return
    if catalog.looks_like_path(target):
        key = catalog.file_key(target)
    elif target in progress.entries or target in _shipped(catalog.shipped_names):
        key = target
    else:
        names = ", ".join(_shipped(catalog.shipped_names))
        raise click.BadParameter(f"unknown lesson {target!r}; the lessons are: {names}", param_hint=TARGET_HINT)
    if _saving(progress, progress.remove, key):
        click.echo(f"Forgot your progress in {target}; it starts from the beginning next time.")
    else:
        click.echo(f"No saved progress for {target}: nothing to forget.")


@lesson.command("check")
@click.argument("paths", nargs=-1, metavar="[FILE|DIR]...")
def check(paths):
    """Check lesson files for authors: schema, commands, answers, manifest.

    Every run line must be allowed and compute, every figure step must draw, every
    computed answer must lead to a number, every question needs a hint, and a
    folder's manifest.toml and lesson files must agree. Each problem is listed on
    its own line as FILE: step N (kind): field: what is wrong. With no paths, the
    shipped lessons are checked.

    \b
    Example:
      nnexplain lesson check my-lesson.toml
      nnexplain lesson check lessons/
    """
    from nnexplain.lesson import catalog
    from nnexplain.lesson.check import Report, check_folder, check_path

    report = Report()
    if not paths:
        check_folder(_shipped(catalog.shipped_folder), "lessons", report)
    for path in paths:
        check_path(path, report)
    if report.problems:
        for problem in report.problems:
            click.echo(problem, err=True)
        count = len(report.problems)
        # A path that is missing or not a regular file counts as one of the files checked.
        files = max(report.files, len(report.bad_files))
        raise click.ClickException(
            f"{count} problem{'s' if count != 1 else ''} in {len(report.bad_files)} of "
            f"{files} file{'s' if files != 1 else ''} (listed above)"
        )
    steps = sum(len(found.steps) for found in report.lessons)
    questions = sum(len(found.questions) for found in report.lessons)
    click.echo(
        f"OK: {len(report.lessons)} lesson{'s' if len(report.lessons) != 1 else ''}, {steps} steps, "
        f"{questions} questions; every command computes and every answer is a number."
    )


@lesson.command("export")
@click.argument("target", metavar="NAME|FILE", shell_complete=lesson_or_file)
@click.option("--format", "fmt", type=click.Choice(("markdown", "ipynb")), default="markdown", show_default=True,
              help="The handout's format: markdown, or ipynb (a Jupyter notebook; needs "
              "pip install 'nnexplain[notebook]').")
@click.option("--out", type=click.Path(path_type=Path), default=Path("."), show_default=True, metavar="DIR",
              help="Folder to write NAME.md and its figures (or NAME.ipynb) into (created if missing).")
@click.option("--answers", "answers_at", type=click.Choice(("end", "inline")), default=None,
              help="Where a Markdown handout puts the answers and explanations: end (an answer "
              "key after the last step, the default) or inline (under each question).")
def export(target, fmt, out, answers_at):
    """Write a lesson as a handout: text, worked tables, figures, questions with answers.

    The handout is OUT/NAME.md, with each figure saved beside it as NAME-STEP.png and
    linked from the text; the questions are numbered and their answers wait in an
    answer key at the end (--answers inline puts each under its question). With
    --format ipynb it is the notebook OUT/NAME.ipynb: its code cells call the Python
    API (nx.loss(y=1, yhat=0.1)) and show their tables and figures when run; the
    answers are folded away under each question.

    \b
    Example:
      nnexplain lesson export neuron --format markdown --out handouts
      nnexplain lesson export neuron --answers inline --out handouts
      nnexplain lesson export neuron --format ipynb --out notebooks
    """
    from nnexplain.lesson.export import export as write_export
    from nnexplain.lesson.export import output_path
    from nnexplain.lesson.notebook import NotebookUnavailable
    from nnexplain.lesson.runner import StepFailed

    if answers_at is not None and fmt != "markdown":
        raise click.UsageError("--answers is for --format markdown: a notebook folds each answer "
                               "away under its question")
    found, _ = _resolve(target)
    folder = output_folder(out, "--out")
    path = output_path(found, folder, fmt)
    try:
        path, figures = write_export(found, folder, fmt, answers_at or "end")  # all or nothing
    except (StepFailed, NotebookUnavailable) as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:
        raise click.ClickException(f"could not write {path}: {error.strerror or error}") from None
    extra = f" and {len(figures)} figure{'s' if len(figures) != 1 else ''} beside it" if figures else ""
    click.echo(f"Wrote {path}{extra}.")


def _resolve(target):
    """``(lesson, progress key)``: read, checked against the work budget, and only then
    filled (its [runs] lines run), so a lesson over budget runs nothing."""
    import os

    from nnexplain.lesson import budget, catalog
    from nnexplain.lesson.format import LessonError

    try:
        names = catalog.shipped_names()
        if target in names and not catalog.looks_like_path(target):
            raw, key = catalog.load_shipped(target), target
        elif catalog.looks_like_path(target) or os.path.isfile(target):
            raw, key = catalog.load_file(target), catalog.file_key(target)
        else:
            return catalog.resolve(target)  # raises CatalogError naming the lessons
        over = budget.problems(raw)
        if over:
            raise click.ClickException(over[0])
        return catalog.filled(raw), key
    except catalog.CatalogError as error:
        raise click.BadParameter(str(error), param_hint=TARGET_HINT) from None
    except LessonError as error:
        for problem in error.problems:
            click.echo(problem, err=True)
        count = len(error.problems)
        raise click.ClickException(
            f"the lesson {target} has {count} problem{'s' if count != 1 else ''} (listed above; "
            f"nnexplain lesson check {shlex.quote(target)} checks it)"
        ) from None


def _progress():
    """The saved progress; a broken file gives a one-line warning and a fresh start."""
    from nnexplain.lesson.progress import Progress

    progress = Progress()
    if progress.warning:
        click.echo(progress.warning, err=True)
    return progress


def _saving(progress, action, *args):
    try:
        return action(*args)
    except OSError as error:
        raise click.ClickException(f"cannot save progress to {progress.path}: {error.strerror or error}") from None


def _shipped(function, *args):
    """Call into the shipped catalog; a broken installation is one Error line."""
    from nnexplain.lesson.catalog import CatalogError
    from nnexplain.lesson.format import LessonError

    try:
        return function(*args)
    except CatalogError as error:
        raise click.ClickException(str(error)) from None
    except LessonError as error:  # the shipped-lesson lint test keeps this from happening
        raise click.ClickException(f"a shipped lesson is broken: {error.problems[0]}") from None


def _next_lesson(key):
    from nnexplain.lesson import catalog

    names = _shipped(catalog.shipped_names)
    if key in names and names.index(key) + 1 < len(names):
        return names[names.index(key) + 1]
    return None
