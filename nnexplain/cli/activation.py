"""``nnexplain activation`` and ``nnexplain compare``: activation functions, their
values and slopes, one at a time or side by side."""

import click

from nnexplain.cli.options import (
    ACTIVATION,
    VALUES_OR_RANGE,
    output_options,
    plot_option,
    slope_option,
)

Z_HELP = (
    "The z values: a list such as -2,0,0.5,3 (shown exactly as typed) or an evenly "
    "spaced range START:STOP:COUNT such as -5:5:11."
)


def z_option(command):
    """``--z``: the z values, a list or START:STOP:COUNT."""
    return click.option(
        "--z", "z", type=VALUES_OR_RANGE, default="-3:3:7", show_default=True,
        metavar="LIST|RANGE", help=Z_HELP,
    )(command)  # fmt: skip


@click.command()
# Not required=True: click would list the choices over several lines; a missing
# name gets one Error line from the command instead.
@click.argument("name", type=ACTIVATION, required=False, metavar="NAME")
@z_option
@slope_option
@plot_option
@output_options
def activation(name, z, slope, plot_path, fmt, precision):
    """Work out an activation function and its slope at each z.

    NAME is sigmoid, tanh, relu, leaky_relu or identity. For each z: the formula
    with the number in, the value, and the slope (derivative) with its arithmetic;
    then the function's properties, computed: output range, zero-centred or not,
    the largest slope, where the gradient vanishes or dies. --slope sets leaky
    ReLU's α and is ignored by the other functions. --plot draws the function and
    its slope with your z marked.

    \b
    Example:
      nnexplain activation sigmoid --z -3:3:7
      nnexplain activation relu --z -2,0,0.5,3 --plot relu.png
    """
    from nnexplain import api

    _show(api.activation(name, z, slope=slope), plot_path, fmt, precision)


@click.command()
@click.argument("names", nargs=-1, type=ACTIVATION, metavar="NAME NAME...")
@z_option
@slope_option
@plot_option
@output_options
def compare(names, z, slope, plot_path, fmt, precision):
    """Compare activation functions side by side, and when to use which.

    Give two or more of sigmoid, tanh, relu, leaky_relu and identity. One table
    holds each function's value and slope at every z; then how they differ (range,
    zero-centred, largest slope) and which to use where, each with its reason and
    numbers. --slope sets leaky ReLU's α. --plot draws the functions on the left
    and their slopes on the right.

    \b
    Example:
      nnexplain compare sigmoid tanh relu
      nnexplain compare sigmoid tanh relu --z -5:5:201 --plot compare.png
    """
    from nnexplain import api

    _show(api.compare(names, z, slope=slope), plot_path, fmt, precision)


def _show(example, plot_path, fmt, precision):
    """Save the figure if asked (first, so a failed save prints nothing but the
    error), then show the worked example."""
    from nnexplain.cli.output import show

    from nnexplain.cli.figures import echo_figures, save, terminal_figures

    drawn = terminal_figures(fmt, ("--plot", example.terminal_figure))
    if plot_path is not None:
        save(example.figure(), plot_path)
    show(example.worked, fmt, precision)
    echo_figures(drawn, fmt)
    if plot_path is not None:
        click.echo(f"Figure saved to {plot_path}", err=True)
