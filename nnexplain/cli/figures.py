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
