"""``nnexplain loss``: the loss of one example, worked step by step."""

import click

from nnexplain.cli.options import (
    LOSS_CHOICE,
    NUMBER,
    eps_option,
    output_options,
    plot_option,
)


@click.command()
@click.option("--y", "y", type=NUMBER, required=True, help="The true value (a label in [0, 1] for log loss).")
@click.option("--yhat", "y_hat", type=NUMBER, required=True, help="The prediction ŷ (a probability in [0, 1] for log loss).")
@click.option("--loss", type=LOSS_CHOICE, default="log", show_default=True, help="log: binary cross-entropy; squared: (y − ŷ)².")
@eps_option
@plot_option
@output_options
def loss(y, y_hat, loss, eps, plot_path, fmt, precision):
    """Work out the loss of one prediction, step by step.

    Shows the formula, the formula with your numbers in, each term and the total,
    and says what the number means. Where the true loss is infinite it says so and
    shows what PyTorch, Keras and scikit-learn report instead.

    \b
    Example:
      nnexplain loss --y 1 --yhat 0.1
      nnexplain loss --y 1 --yhat 0.1 --loss squared --format json
    """
    from nnexplain import api

    example = api.loss(y, y_hat, loss=loss, eps=eps)
    from nnexplain.cli.figures import present

    present(example, fmt, precision, plot_path)
