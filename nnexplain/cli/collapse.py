"""``nnexplain linear-collapse``: why a network needs a non-linear activation."""

import click

from nnexplain.api.networks import MAX_INPUTS
from nnexplain.cli.options import NUMBER_LIST, output_options, plot_option


@click.command()
@click.option("--x", "x", type=NUMBER_LIST, multiple=True, metavar="X1,X2",
              help=f"One input x = (x₁, x₂), e.g. --x 2,3; repeat the option for more inputs "
              f"(at most {MAX_INPUTS}). Default: three example inputs.")
@plot_option
@output_options
def linear_collapse(x, plot_path, fmt, precision):
    """Show that two linear layers are one layer, and why XOR needs a ReLU.

    Part 1: two stacked layers with no activation (2 inputs → 3 hidden → 1
    output) collapse into one layer, W = W1·W2 and b = b1·W2 + b2, computed
    entry by entry; every input gives the same ŷ both ways. Part 2: XOR, which
    no linear model fits (the least-squares line, and why), against a 2-2-1
    ReLU network that gets every corner right. --plot draws the linear model's
    ŷ over the XOR square (a plane), the network's classes there, and the corners
    in its hidden units' space (h₁, h₂), where one line separates them.

    \b
    Example:
      nnexplain linear-collapse
      nnexplain linear-collapse --x 1,2 --x 0.1,0.2 --format json
      nnexplain linear-collapse --plot xor.png
    """
    from nnexplain import api

    example = api.linear_collapse(x)
    from nnexplain.cli.figures import present

    present(example, fmt, precision, plot_path)
