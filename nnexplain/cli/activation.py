"""``nnexplain activation`` and ``nnexplain compare``: activation functions, their
values and slopes, one at a time or side by side."""

import click

from nnexplain.api.activations import DEFAULT_DEPTH, MAX_DEPTH
from nnexplain.cli.options import (
    ACTIVATION,
    FIGURE_PATH,
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


def vanishing_options(command):
    """``--vanishing FILE`` and ``--depth N``: the vanishing-gradient figure."""
    command = click.option(
        "--depth", "depth", type=click.IntRange(1, MAX_DEPTH), default=DEFAULT_DEPTH,
        show_default=True, metavar="N",
        help=f"How many layers --vanishing multiplies f′(z) through (1 to {MAX_DEPTH}).",
    )(command)
    return click.option(
        "--vanishing", "vanishing_path", type=FIGURE_PATH, default=None, metavar="FILE",
        help="Also draw the vanishing-gradient figure and save it to FILE (.png, .svg or "
        ".pdf): f′(z) multiplied through 1 to --depth layers, on a log axis, at z = 0 and at "
        "the largest |z| of --z (for ReLU: z > 0 and z ≤ 0).",
    )(command)  # fmt: skip


@click.command()
# Not required=True: click would list the choices over several lines; a missing
# name gets one Error line from the command instead.
@click.argument("name", type=ACTIVATION, required=False, metavar="NAME")
@z_option
@slope_option
@plot_option
@vanishing_options
@output_options
def activation(name, z, slope, plot_path, vanishing_path, depth, fmt, precision):
    """Work out an activation function and its slope at each z.

    NAME is sigmoid, tanh, relu, leaky_relu or identity. For each z: the formula
    with the number in, the value, and the slope (derivative) with its arithmetic;
    then the function's properties, computed: output range, zero-centred or not,
    the largest slope, where the gradient vanishes or dies. --slope sets leaky
    ReLU's α and is ignored by the other functions. --plot draws the function and
    its slope with your z marked. --vanishing draws the slope f′(z) multiplied
    through 1 to --depth layers: how a gradient shrinks on its way back.

    \b
    Example:
      nnexplain activation sigmoid --z -3:3:7
      nnexplain activation relu --z -2,0,0.5,3 --plot relu.png
      nnexplain activation sigmoid --depth 30 --vanishing sigmoid-depth.png
    """
    from nnexplain import api

    _show(api.activation(name, z, slope=slope, depth=depth), plot_path, vanishing_path, fmt,
          precision)


@click.command()
@click.argument("names", nargs=-1, type=ACTIVATION, metavar="NAME NAME...")
@z_option
@slope_option
@plot_option
@vanishing_options
@output_options
def compare(names, z, slope, plot_path, vanishing_path, depth, fmt, precision):
    """Compare activation functions side by side, and when to use which.

    Give two or more of sigmoid, tanh, relu, leaky_relu and identity. One table
    holds each function's value and slope at every z; then how they differ (range,
    zero-centred, largest slope) and which to use where, each with its reason and
    numbers. --slope sets leaky ReLU's α. --plot draws the functions on the left
    and their slopes on the right. --vanishing draws each slope multiplied through
    1 to --depth layers on a log axis (vanishing gradients): at z = 0 and at the
    largest |z| of --z, where sigmoid and tanh saturate and ReLU is off.

    \b
    Example:
      nnexplain compare sigmoid tanh relu
      nnexplain compare sigmoid tanh relu --z -5:5:201 --plot compare.png
      nnexplain compare sigmoid tanh relu leaky_relu --depth 20 --vanishing vanishing.png
    """
    from nnexplain import api

    _show(api.compare(names, z, slope=slope, depth=depth), plot_path, vanishing_path, fmt,
          precision)


def _show(example, plot_path, vanishing_path, fmt, precision):
    """Save the figures asked for (first, so a failed save prints nothing but the
    error), then show the worked example."""
    from functools import partial

    from nnexplain.cli.output import show

    from nnexplain.cli.figures import SHOW_ONLY, echo_figures, save, terminal_figures

    figures = [("--plot", partial(example.terminal_figure, kind="plot"))]
    # --show draws the vanishing figure when it is asked for: with --vanishing, or by a
    # lesson showing that figure alone.
    ctx = click.get_current_context(silent=True)
    if vanishing_path is not None or (ctx is not None and ctx.meta.get(SHOW_ONLY) == "--vanishing"):
        figures.append(("--vanishing", partial(example.terminal_figure, kind="vanishing")))
    drawn = terminal_figures(fmt, *figures)
    saved = [(path, kind, option) for path, kind, option in
             ((plot_path, "plot", "--plot"), (vanishing_path, "vanishing", "--vanishing"))
             if path is not None]
    for path, kind, option in saved:
        save(example.figure(kind), path, option=option)
    show(example.worked, fmt, precision)
    echo_figures(drawn, fmt)
    for path, _, _ in saved:
        click.echo(f"Figure saved to {path}", err=True)
