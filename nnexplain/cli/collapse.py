"""``nnexplain linear-collapse``: why a network needs a non-linear activation."""

import click

from nnexplain.cli.options import NUMBER_LIST, output_options, plot_option

# One table row per input; more would not fit the screen without eliding rows.
MAX_INPUTS = 20
INPUT_SIZE = 2  # the example layers take 2 inputs


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
    ReLU network that gets every corner right. --plot draws both models'
    outputs over the XOR square.

    \b
    Example:
      nnexplain linear-collapse
      nnexplain linear-collapse --x 1,2 --x 0.1,0.2 --format json
      nnexplain linear-collapse --plot xor.png
    """
    inputs = _check_inputs(x)
    from nnexplain.explain.collapse import collapse_example
    from nnexplain.cli.output import show

    worked = collapse_example(inputs)
    if plot_path is not None:  # first, so a failed save prints nothing but the error
        _save_xor_figure(plot_path)
    show(worked, fmt, precision)
    if plot_path is not None:
        click.echo(f"Figure saved to {plot_path}", err=True)


def _check_inputs(x):
    """None for the default inputs, else rows of INPUT_SIZE numbers whose values
    stay within float64 through both layers."""
    if not x:
        return None
    if len(x) > MAX_INPUTS:
        raise click.BadParameter(
            f"is given {len(x)} times; at most {MAX_INPUTS} inputs are allowed (one table row each).",
            param_hint="'--x'",
        )
    for position, item in enumerate(x, start=1):
        if len(item) != INPUT_SIZE:
            raise click.BadParameter(
                f"input {position} has {len(item)} number{'s' if len(item) != 1 else ''}; "
                f"expected {INPUT_SIZE} (x₁,x₂), e.g. --x 2,3.",
                param_hint="'--x'",
            )
    import numpy as np

    from nnexplain.core import linear

    run = linear.collapse(linear.example_stack(), x)
    values = (run.passes[0].z, run.stacked, run.collapsed, run.bound)
    bad = ~np.all(np.isfinite(np.column_stack(values)), axis=1)
    if bad.any():
        position = int(np.flatnonzero(bad)[0]) + 1
        raise click.BadParameter(
            f"input {position} makes a hidden or output value larger than float64 can hold "
            "(about 1.8e308); use numbers below about 1e300.",
            param_hint="'--x'",
        )
    return np.asarray(x, dtype=np.float64)


def _save_xor_figure(path):
    from nnexplain.cli.figures import save
    from nnexplain.core.linear import xor_surfaces
    from nnexplain.plot.collapse import xor_figure

    save(xor_figure(xor_surfaces()), path)
