"""Drawing and saving the figures a command asks for (imports matplotlib)."""

import click


def save(figure, path, option="--plot"):
    """Save ``figure`` to ``path`` (the file ``option`` names), never onto a file the
    command reads; one Error line if it cannot be written."""
    from nnexplain.cli.options import check_not_an_input
    from nnexplain.plot import save_figure

    check_not_an_input(click.get_current_context(silent=True), option, path)
    try:
        save_figure(figure, path)
    except OSError as error:
        raise click.ClickException(f"could not write {option} {path}: {error.strerror or error}") from None


# ctx.meta keys a caller running a command in-process may set (nnexplain.lesson.runs):
# the stream --show draws on (default: stdout for the text view, else stderr), and the
# one file option whose figure --show draws (default: every figure the command has).
FIGURE_STREAM = "nnexplain.figure_stream"
SHOW_ONLY = "nnexplain.show_only"


def terminal_figures(fmt, *figures):
    """With ``--show``: each figure drawn as text, before anything is printed (a figure
    that cannot be drawn stops the command with only its error). ``figures``: (the
    file option it belongs to, its ``terminal_figure``, whether it is drawn only when
    it can be). Returns (stream, text) pairs for ``echo_figures``; none without --show."""
    from nnexplain.cli.options import SHOW_META

    ctx = click.get_current_context(silent=True)
    if ctx is None or not ctx.meta.get(SHOW_META):
        return []
    import sys

    from nnexplain.inputs import InputError
    from nnexplain.termplot import terminal_size, wants_colour

    stream = ctx.meta.get(FIGURE_STREAM) or (sys.stdout if fmt == "text" else sys.stderr)
    width, height = terminal_size(stream)
    only = ctx.meta.get(SHOW_ONLY)
    drawn = []
    for option, draw, *optional in figures:
        if only is not None and only != option:
            continue
        try:
            text = draw(width=width, height=height, color=wants_colour(stream))
        except InputError as error:
            if optional and optional[0] and only is None:
                continue
            message = error.message.replace("--plot", "--show")
            hint = None if error.hint is None else error.hint.replace("--plot", "--show")
            raise InputError(message, hint, error.usage) from None
        drawn.append((stream, text))
    return drawn


def echo_figures(drawn, fmt) -> None:
    """Write the figures ``terminal_figures`` drew (after the text view, a blank line
    between)."""
    for stream, text in drawn:
        click.echo(("\n" if fmt == "text" else "") + text, file=stream, nl=False, color=True)


def present(example, fmt, precision, plot_path) -> None:
    """What a command that draws one figure does after its door: draw it in the
    terminal with --show (before anything prints, so a refusal is the only output),
    save it with --plot FILE (also first, so a failed save prints only the error),
    then the worked example, the terminal figure, and where the file went."""
    from nnexplain.cli.output import show

    drawn = terminal_figures(fmt, ("--plot", example.terminal_figure))
    if plot_path is not None:
        save(example.figure(), plot_path)
    show(example.worked, fmt, precision)
    echo_figures(drawn, fmt)
    if plot_path is not None:
        click.echo(f"Figure saved to {plot_path}", err=True)
