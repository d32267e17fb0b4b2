"""Drawing and saving the figures a command asks for (imports matplotlib)."""

import click


def save_loss_curves(y, y_hat, loss, eps, path):
    """L(ŷ) for y = 0 and y = 1 (and the learner's y), with their point marked."""
    from nnexplain.explain.curves import loss_curves
    from nnexplain.plot import loss_curve_figure

    figure = loss_curve_figure(loss_curves(y, y_hat, loss=loss, eps=eps))
    save(figure, path)


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
