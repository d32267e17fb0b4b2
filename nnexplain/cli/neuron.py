"""``nnexplain bias`` and ``nnexplain neuron``: what one neuron computes."""

import click

from nnexplain.cli.options import (
    ACTIVATION,
    NUMBER,
    NUMBER_LIST,
    VALUES_OR_RANGE,
    output_options,
    plot_option,
    slope_option,
)
from nnexplain.inputs.activations import MAX_BIASES


@click.command()
@click.option("--w", type=NUMBER, default="1", show_default=True, help="The weight w (not 0).")
@click.option("--b", "biases", type=NUMBER_LIST, default="-2,0,2", show_default=True,
              help=f"Biases to compare, comma-separated (at most {MAX_BIASES}).")
@click.option("--activation", type=ACTIVATION, default="sigmoid", show_default=True,
              help="The activation f in f(w·x + b).")
@click.option("--x", "x", type=VALUES_OR_RANGE, default=None, metavar="LIST|RANGE",
              help="x values for the table: a list (-2,0,2) or START:STOP:COUNT (-3:3:7). "
              "Default: round x values spanning every shift.")
@slope_option
@plot_option
@output_options
def bias(w, biases, activation, x, slope, plot_path, fmt, precision):
    """Show how the bias b moves the activation curve f(w·x + b).

    For each b, the shift x₀ = −b/w (where w·x + b = 0: a sigmoid crosses 0.5
    there, a ReLU has its kink there), a table of f(w·x + b) at a few x for each
    b, and the zero-input case: without a bias the output is stuck at f(0).

    \b
    Example:
      nnexplain bias --w 1 --b -2,0,2 --activation sigmoid
      nnexplain bias --w 2 --b -1,1 --activation relu --plot bias.png
    """
    from nnexplain import api

    example = api.bias(w, biases, activation=activation, x=x, slope=slope)
    from nnexplain.cli.figures import present

    present(example, fmt, precision, plot_path)


@click.command()
@click.option("--x", "x", type=NUMBER_LIST, required=True, help="The inputs x₁, x₂, …, comma-separated.")
@click.option("--w", "w", type=NUMBER_LIST, required=True, help="The weights w₁, w₂, …, one per input.")
@click.option("--b", type=NUMBER, default="0", show_default=True, help="The bias b.")
@click.option("--activation", type=ACTIVATION, default="relu", show_default=True,
              help="The activation f applied to z.")
@slope_option
@output_options
def neuron(x, w, b, activation, slope, fmt, precision):
    """Work out the output of one neuron, a = f(x₁·w₁ + x₂·w₂ + … + b).

    Each input times its weight, the sum of the products, plus the bias, the
    activation, the output, and what it means: with --activation identity the
    neuron is exactly linear regression, with sigmoid logistic regression.

    \b
    Example:
      nnexplain neuron --x 2,3 --w 0.5,-1 --b 0.1 --activation relu
      nnexplain neuron --x 2,3 --w 0.5,-1 --b 0.1 --activation identity
    """
    from nnexplain import api
    from nnexplain.cli.output import show

    show(api.neuron(x, w, b, activation=activation, slope=slope).worked, fmt, precision)
