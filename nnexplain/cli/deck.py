"""``nnexplain figures``: every figure the tool draws, into one folder, for slides."""

from pathlib import Path

import click

from nnexplain.cli.completion import figure_name

from nnexplain.cli.options import EDITABLE_TEXT_HELP, FIGURE_FORMATS, IntegerRange, output_folder
from nnexplain.figure_settings import DEFAULT_DPI, STYLES

DPI_RANGE = (50, 600)
NAME_WIDTH = 22  # the longest deck figure name, "activation-leaky-relu", and one more
ONLY_META = "nnexplain.deck_only"  # the --only patterns as typed, for index.md


def _names(ctx, param, value):
    from nnexplain.deck import UnknownFigure, select

    ctx.meta[ONLY_META] = value
    try:
        return select(value)
    except UnknownFigure as error:
        raise click.BadParameter(_unknown(str(error)), ctx, param) from None


def _unknown(pattern):
    from nnexplain.deck import NAMES

    what = f"no figure is called {pattern!r}" if pattern else "names no figure"
    return f"{what}; the figures are: {', '.join(NAMES)}."


@click.command()
@click.option("--out", "out", type=click.Path(path_type=Path), metavar="DIR",
              help="The folder to write the figures and index.md into (created if missing).")
@click.option("--format", "fmt", type=click.Choice(FIGURE_FORMATS), default="png", show_default=True,
              help="The file format of every figure.")
@click.option("--style", type=click.Choice(STYLES), default="light", show_default=True,
              help="light: documents and handouts; dark: the same on a dark background; slides: "
              "a 16:9 canvas with large type and thick lines; slides-dark: the slides on a dark "
              "background.")
@click.option("--dpi", type=IntegerRange(*DPI_RANGE), default=DEFAULT_DPI, show_default=True,
              help=f"Pixels per inch of PNG files ({DPI_RANGE[0]} to {DPI_RANGE[1]}); SVG and PDF "
              "keep lines and text sharp at any size.")
@click.option("--only", "figures", multiple=True, metavar="NAME", callback=_names, shell_complete=figure_name,
              help="Only this figure (repeat, or NAME,NAME; shell patterns such as 'activation-*' "
              "work). --list names them.")
@click.option("--transparent", is_flag=True,
              help="A transparent background, to lay the figures on a coloured slide.")
@click.option("--editable-text", is_flag=True, help=EDITABLE_TEXT_HELP)
@click.option("--jobs", type=IntegerRange(1, 64), default=None, metavar="N",
              help="Draw N figures at once, in N processes. Default: one per CPU core.")
@click.option("--list", "list_only", is_flag=True, help="Name every figure (or those --only picks), what it shows and the command that makes it, and stop.")
def figures(out, fmt, style, dpi, figures, transparent, editable_text, jobs, list_only):
    """Draw every figure nnexplain can make, into one folder, for slides.

    Each activation and its slope, the comparison, the bias shift, the log and
    squared losses, the cost as an average, softmax, a training run, the cost
    landscape, a decision boundary, XOR and the network diagram: each figure is
    made by a real command (index.md in the folder lists each file with its
    caption and that command). The same command gives byte-identical files, and a
    file is only ever replaced by a complete one. index.md lists the figures of
    this run.

    \b
    Example:
      nnexplain figures --out figures
      nnexplain figures --out slides --style slides --format svg
      nnexplain figures --out dark --style dark --transparent --only 'loss-*'
      nnexplain figures --out talk --style slides-dark --format svg --editable-text
      nnexplain figures --list
    """
    if list_only:
        _list(figures)
        return
    if out is None:
        raise click.UsageError("Missing option '--out': the folder to write the figures into "
                               "(or --list to name them).")
    folder = output_folder(out, "--out")
    settings = {"style": style, "dpi": dpi, "transparent": transparent}
    if editable_text:
        settings["editable_text"] = True
    if jobs is None:
        from nnexplain.workers import default_jobs

        jobs = default_jobs()
    written = _draw_all(figures, folder, fmt, settings, jobs)
    _write_index(folder, figures, fmt, _made_with(click.get_current_context()), settings)
    click.echo(f"Wrote {written} figure{'s' if written != 1 else ''} ({fmt}, {style} style"
               f"{', transparent' if transparent else ''}) and index.md to {folder}")


def _list(figures):
    from nnexplain.render.console import stdout_console
    from rich.table import Table

    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
    table.add_column("Name", no_wrap=True)
    table.add_column("Shows")
    table.add_column("Made by")
    for figure in figures:
        table.add_row(figure.name, figure.title, figure.command("FILE").removeprefix("nnexplain "))
    stdout_console(highlight=False).print(table)


def _draw_all(figures, folder, fmt, settings, jobs) -> int:
    from nnexplain.deck import draw_many
    from nnexplain.lesson.runs import RunError

    done = 0
    drawing = draw_many(figures, folder, fmt, settings, jobs)
    try:
        with _progress(len(figures)) as finished:
            for figure in drawing:
                done += 1
                finished(figure.name)
    except RunError as error:
        drawing.close()
        raise click.ClickException(str(error)) from None
    except KeyboardInterrupt:
        drawing.close()  # waits for the figures being drawn: each file is whole
        click.echo(f"Interrupted: {done} of {len(figures)} figures written, none half-written.", err=True)
        raise SystemExit(130) from None
    return done


def _progress(total):
    """A rich progress bar on standard error while the figures are drawn (only on a
    terminal: a pipe or a log file gets no bar)."""
    import contextlib

    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        return contextlib.nullcontext(lambda name: None)
    return _bar(console, total)


def _bar(console, total):
    import contextlib

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    @contextlib.contextmanager
    def bar():
        columns = (TextColumn("Drawing figures"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), TextColumn("{task.fields[name]}"))
        # Refreshed by hand at each figure: no refresh thread, so the worker
        # processes are never forked from a threaded process.
        with Progress(*columns, console=console, transient=True, auto_refresh=False) as progress:
            task = progress.add_task("figures", total=total, name="")
            progress.refresh()

            def finished(name):
                # Padded to the longest name, so the bar does not jump about.
                progress.update(task, advance=1, name=name.ljust(NAME_WIDTH))
                progress.refresh()

            yield finished

    return bar()


def _made_with(ctx) -> str:
    """The deck command with the options that change the files (not --out: the
    folder may be moved)."""
    import shlex

    words = ["nnexplain", "figures"]
    for name in ("fmt", "style", "dpi"):
        param = next(p for p in ctx.command.params if p.name == name)
        words += [param.opts[0], str(ctx.params[name])]
    for flag in ("transparent", "editable_text"):
        if ctx.params[flag]:
            words.append("--" + flag.replace("_", "-"))
    for pattern in ctx.meta.get(ONLY_META, ()):
        words += ["--only", pattern]
    return shlex.join(words)


def _write_index(folder, figures, fmt, made_with, settings):
    from nnexplain.atomic import atomic_file
    from nnexplain.deck import index_markdown

    try:
        with atomic_file(folder / "index.md") as stream:
            stream.write(index_markdown(figures, fmt, made_with, settings))
    except OSError as error:
        raise click.ClickException(f"could not write {folder / 'index.md'}: {error.strerror or error}") from None
