"""``nnexplain approximate``: a ReLU network built, not trained, to trace a function."""

import click

from nnexplain.cli.options import INTEGER, NUMBER_LIST, output_options, plot_option

FUNCTIONS = ("sin", "square", "abs", "step")


@click.command()
@click.option("--function", "function", type=click.Choice(FUNCTIONS), default="sin",
              show_default=True,
              help="The function to trace: sin (on [0, 2π]), square x², abs |x| or step "
                   "(0 left of 0, ½ at 0, 1 right; these three on [−1, 1]).")
@click.option("--units", type=INTEGER, default=8, show_default=True,
              help="Hidden ReLU units N, 1 to 256: N + 1 knots, N straight segments.")
@click.option("--interval", type=NUMBER_LIST, default=None, metavar="A,B",
              help="The interval [a, b] to trace f on (a < b, ends within ±1e6, at least "
                   "1e-6 long). Default: the function's own.")
@plot_option
@output_options
def approximate(function, units, interval, plot_path, fmt, precision):
    """Build a one-hidden-layer ReLU network that traces a function.

    Each hidden unit ReLU(x − xₖ) adds one kink at a knot xₖ; its output weight
    is the change of slope there. The weights are computed from f at N + 1
    equally spaced knots, not trained, and the network passes through every
    knot. Shows the units, the largest error between the knots, and how the
    error falls for N = 2, 4, 8, 16, 32 (and where a step cannot be traced).
    --plot draws f, the network and each unit's contribution.

    \b
    Example:
      nnexplain approximate
      nnexplain approximate --function step --units 16
      nnexplain approximate --function abs --units 7 --interval -1,2 --plot abs.png
    """
    from nnexplain.api.approximation import approximate as door

    example = door(function, units, interval)
    from nnexplain.cli.figures import present

    present(example, fmt, precision, plot_path)
