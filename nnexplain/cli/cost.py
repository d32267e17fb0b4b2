"""``nnexplain cost``: the cost as the average loss over many examples."""

import click

import math

from nnexplain.cli.options import (
    INPUT_PATH,
    LOSS_CHOICE,
    NUMBER_LIST,
    PLOT_LIMIT,
    eps_option,
    output_options,
    plot_option,
)
from nnexplain.cli.validate import check_loss_inputs

# One bar per example: beyond this many the bars are thinner than a pixel.
MAX_BARS = 2000


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
    if data is not None:
        if ys is not None or y_hats is not None:
            raise click.UsageError("Give either --data or --y and --yhat, not both.")
        from nnexplain.cli.csv_input import line_of_row, read_columns

        ys, y_hats = read_columns(data, ("y", "y_hat"), option="--data")

        def where(row):
            return f"{data} line {line_of_row(data, row)}"

    elif ys is None or y_hats is None:
        raise click.UsageError("Give --y and --yhat (comma-separated lists), or --data FILE.csv.")
    elif len(ys) != len(y_hats):
        raise click.BadParameter(
            f"has {_count(len(y_hats))} but --y has {_count(len(ys))}; "
            "give one prediction per example.",
            param_hint="'--yhat'",
        )
    else:
        where = _list_item
    names = ("--data", "--data") if data is not None else ("--y", "--yhat")
    check_loss_inputs(loss, ys, y_hats, eps, *names, where=where)
    if plot_path is not None:
        _check_plot(ys, y_hats, loss)
    from nnexplain import explain
    from nnexplain.cli.output import show

    worked = explain.cost_example(ys, y_hats, loss=loss, eps=eps)
    if plot_path is not None:  # first, so a failed save prints nothing but the error
        from nnexplain.cli.figures import save
        from nnexplain.explain.bar_figures import cost_bars
        from nnexplain.plot.bars import cost_figure

        save(cost_figure(cost_bars(ys, y_hats, loss=loss, eps=eps)), plot_path)
    show(worked, fmt, precision)
    if plot_path is not None:
        click.echo(f"Figure saved to {plot_path}", err=True)


def _check_plot(ys, y_hats, loss):
    """A bar per example must fit on a figure, and so must its height."""
    if len(ys) > MAX_BARS:
        raise click.BadParameter(
            f"a figure shows at most {MAX_BARS:,} examples as bars, but there are {len(ys):,}; "
            "leave out --plot to see the cost of them all.",
            param_hint="'--plot'",
        )
    if loss == "squared" and max(abs(a - b) for a, b in zip(ys, y_hats)) > math.sqrt(PLOT_LIMIT):
        raise click.BadParameter(
            f"a figure can show losses up to {PLOT_LIMIT:g}, but some (y − ŷ)² is larger; "
            "leave out --plot to see the numbers.",
            param_hint="'--plot'",
        )


def _list_item(i):
    return f"item {i + 1}"


def _count(n):
    return f"{n} number" if n == 1 else f"{n} numbers"
