"""``nnexplain worksheet``: problem sheets and an answer key for a class."""

import shlex
from pathlib import Path

import click

from nnexplain.cli.options import IntegerRange, output_folder

SEED_RANGE = (0, 2**63 - 1)
# Writing this many variants or more shows a progress bar (on a terminal only).
BAR_FROM = 5


@click.command()
@click.argument("names", nargs=-1, metavar="SKILL|TOPIC…")
@click.option("--n", "n", type=IntegerRange(1, 100), default=10, show_default=True,
              help="Problems on each sheet (1 to 100), taken in turn from the skills named.")
@click.option("--seed", type=IntegerRange(*SEED_RANGE), required=True, metavar="S",
              help="Where the numbers come from: the same seed gives byte-identical files; another "
              "seed, other numbers. The key records it; the sheets do not.")
@click.option("--out", "out", type=click.Path(path_type=Path), required=True, metavar="DIR",
              help="The folder to write the sheets, the key and figures/ into (created if missing).")
@click.option("--students", type=IntegerRange(1, 200), default=1, show_default=True, metavar="K",
              help="Write K different variants (1 to 200), named A, B, … Z, AA, …: one sheet each "
              "(sheet-A.md, sheet-A.tex, …) and one key with a section per variant.")
@click.option("--title", default=None, metavar="TEXT",
              help="The heading of every sheet and of the key (default: the skills' titles).")
@click.option("--templates", "templates", type=click.Path(path_type=Path, dir_okay=True), default=None,
              metavar="FILE.toml", help="Also use the skills of this template file (docs/practice.md).")
def worksheet(names, n, seed, out, students, title, templates):
    """Write problem sheets and answer keys for a class.

    N problems with fresh numbers from the skills or topics named (a topic is all
    its skills; they take turns), as Markdown and LaTeX: a sheet with space to
    work and no answers, and an answer key with each answer as asked, its full
    value, the command that reproduces it and the command's worked steps. With
    --students K each student gets a different variant, so neighbours do not share
    answers; the key says which variant is which. The same arguments give
    byte-identical files, and a set is written whole or not at all.

    \b
    Example:
      nnexplain worksheet loss --n 10 --seed 7 --out week3
      nnexplain worksheet log-loss squared-loss --n 6 --seed 1 --students 30 --out class
      pdflatex key.tex    (in the folder; the .tex files are complete documents)
    """
    from nnexplain.practice import worksheet as sheets

    skills = _skills(templates)
    try:
        chosen = sheets.resolve(names, skills)
    except sheets.WorksheetError as error:
        raise click.BadParameter(str(error), param_hint="'SKILL|TOPIC…'") from None
    if title is not None:
        title = title.strip()
        if not title or len(title) > sheets.MAX_TITLE or any(ord(c) < 32 for c in title):
            raise click.BadParameter(f"give one line of 1 to {sheets.MAX_TITLE} characters", param_hint="'--title'")
    existed = out.exists()
    folder = output_folder(out, "--out")
    made_with = _made_with(names, n, seed, students, title, templates)
    try:
        with _progress(students) as (drawn, written):
            sheet = sheets.build(chosen, n, seed, students, title or sheets.default_title(names, chosen),
                                 made_with, progress=drawn)
            files = sheets.write(sheet, folder, progress=written)
    except BaseException as error:
        if not existed:
            _remove_if_empty(folder)
        _raise(error, folder)
        raise
    figures = sum(1 for name in files if name.startswith(sheets.FIGURES + "/"))
    what = (f"{students} sheets (sheet-A … sheet-{sheets.variant_name(students - 1, students)})"
            if students > 1 else "a sheet")
    extra = f" and {figures} figure{'s' if figures != 1 else ''} in figures/" if figures else ""
    click.echo(f"Wrote {what} of {n} problem{'s' if n != 1 else ''} and the answer key{extra}, "
               f"as Markdown (.md) and LaTeX (.tex), to {folder}")


def _skills(templates):
    from nnexplain.lesson.catalog import CatalogError
    from nnexplain.practice.catalog import load_file, shipped_skills
    from nnexplain.practice.templates import TemplateError

    try:
        skills = dict(shipped_skills())
    except (CatalogError, TemplateError) as error:
        if templates is None:
            problems = getattr(error, "problems", None) or [str(error)]
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise click.ClickException(
                f"the practice templates of this installation cannot be used: {problems[0]}{more}") from None
        skills = {}  # the teacher's own file can still be used alone
    if templates is None:
        return skills
    try:
        extra = load_file(str(templates))
    except CatalogError as error:
        raise click.BadParameter(str(error), param_hint="'--templates'") from None
    except TemplateError as error:
        first = error.problems[0] if error.problems else str(error)
        more = f" (and {len(error.problems) - 1} more problems)" if len(error.problems) > 1 else ""
        raise click.BadParameter(f"{first}{more}; nnexplain practice --check lists them all",
                                 param_hint="'--templates'") from None
    return {**skills, **extra}


def _raise(error, folder):
    from nnexplain.lesson.runs import RunError
    from nnexplain.practice.problems import DrawError
    from nnexplain.practice.worksheet import WorksheetError

    if isinstance(error, WorksheetError):
        raise click.BadParameter(str(error), param_hint=f"'{error.option}'") from None
    if isinstance(error, DrawError):
        raise click.ClickException(f"a problem could not be drawn: {error}") from None
    if isinstance(error, RunError):
        raise click.ClickException(str(error)) from None
    if isinstance(error, OSError):
        raise click.BadParameter(f"cannot write into {str(folder)!r}: {error.strerror or error}; nothing was written",
                                 param_hint="'--out'") from None


def _remove_if_empty(folder):
    try:
        folder.rmdir()
    except OSError:
        pass


def _made_with(names, n, seed, students, title, templates) -> str:
    """The command that rebuilds this set (no --out: the folder may move; the
    template file by name only: no absolute paths in the files)."""
    words = ["nnexplain", "worksheet", *names, "--n", str(n), "--seed", str(seed)]
    if students > 1:
        words += ["--students", str(students)]
    if title is not None:
        words += ["--title", title]
    if templates is not None:
        words += ["--templates", templates.name]
    return shlex.join(words)


def _progress(students):
    """``(drawn(done), written(done, total))`` callbacks: a rich progress bar on
    standard error for a class set written to a terminal; nothing when piped."""
    import contextlib

    from rich.console import Console

    console = Console(stderr=True)
    if students < BAR_FROM or not console.is_terminal:
        return contextlib.nullcontext((None, None))
    return _bar(console, students)


def _bar(console, students):
    import contextlib

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    @contextlib.contextmanager
    def bar():
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=True) as progress:
            drawing = progress.add_task("Drawing variants", total=students)
            writing = progress.add_task("Writing files", total=None, visible=False)

            def drawn(done):
                progress.update(drawing, completed=done)

            def written(done, total):
                progress.update(writing, completed=done, total=total, visible=True)

            yield drawn, written

    return bar()
