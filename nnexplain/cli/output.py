"""Showing a worked example: standard output in the chosen view, and the saved table
when ``--save-table FILE`` was given (see options.output_options)."""

import click

from nnexplain.cli.options import SAVE_TABLE, TABLE_META, check_not_an_input


def show(worked, fmt: str, precision: int) -> None:
    """Print ``worked`` in the view ``fmt``; with --save-table, save the text view
    first, so a failed save leaves one Error line and nothing half-written."""
    from nnexplain.render import emit

    ctx = click.get_current_context()
    path = ctx.meta.get(TABLE_META)
    if path is not None:
        check_not_an_input(ctx, SAVE_TABLE, path)
        from nnexplain.render.table_file import save_table

        try:
            save_table(worked, path, precision)
        except OSError as error:
            raise click.ClickException(
                f"could not write {SAVE_TABLE} {path}: {error.strerror or error}"
            ) from None
    emit(worked, fmt, precision)
    if path is not None:
        click.echo(f"Table saved to {path}", err=True)
