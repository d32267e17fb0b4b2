"""``nnexplain cost``: the cost as the average loss over many examples."""

import click

from nnexplain.cli.options import (
    INPUT_PATH,
    LOSS_CHOICE,
    NUMBER_LIST,
    eps_option,
    output_options,
    plot_option,
)


@click.command()
@click.option("--y", "ys", type=NUMBER_LIST, help="True values, comma-separated (e.g. 1,0,1).")
@click.option("--yhat", "y_hats", type=NUMBER_LIST, help="Predictions, comma-separated, one per --y.")
@click.option(
    "--data",
    type=INPUT_PATH,
    help="A CSV file with a header and the columns y,y_hat (instead of --y/--yhat).",
)
@click.option("--loss", type=LOSS_CHOICE, default="log", show_default=True, help="The per-example loss to average.")
@eps_option
@plot_option
@output_options
def cost(ys, y_hats, data, loss, eps, plot_path, fmt, precision):
    """Work out the cost: the average loss over all m examples.

    Three steps: each example's loss (a row per example), their sum, the sum
    divided by m. Long tables show their first and last rows; the sum and the
    mean always cover every row. --plot draws a bar per example (up to 2,000)
    and the line at their mean, the cost.

    \b
    Example:
      nnexplain cost --y 1,0,1 --yhat 0.9,0.2,0.6
      nnexplain cost --y 1,0,1,0 --yhat 0.9,0.2,0.6,0.4 --plot cost.png
      nnexplain cost --data predictions.csv --loss squared
    """
    from nnexplain import api

    example = api.cost(ys, y_hats, data=data, loss=loss, eps=eps)
    from nnexplain.cli.figures import present

    present(example, fmt, precision, plot_path)
