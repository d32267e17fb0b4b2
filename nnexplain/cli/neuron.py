"""``nnexplain bias`` and ``nnexplain neuron``: what one neuron computes."""

import click

from nnexplain.cli.options import (
    ACTIVATION,
    MAX_POINTS,
    NUMBER,
    NUMBER_LIST,
    PLOT_LIMIT,
    VALUES_OR_RANGE,
    output_options,
    plot_option,
    slope_option,
)
from nnexplain.inputs import typed_number

# One table column per bias: more would not fit a terminal.
MAX_BIASES = 4
TOO_LARGE = "more than the largest float64 (about 1.8e308)"


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
    _check_bias(w, biases, x, plot_path is not None)
    from nnexplain.explain.neuron import bias_example
    from nnexplain.cli.output import show

    worked = bias_example(w, biases, activation, x=x, slope=slope)
    if plot_path is not None:  # first, so a failed save prints nothing but the error
        _save_bias_figure(w, biases, activation, x, slope, plot_path)
    show(worked, fmt, precision)
    if plot_path is not None:
        click.echo(f"Figure saved to {plot_path}", err=True)


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
    _check_neuron(x, w, b)
    from nnexplain.explain.neuron import neuron_example
    from nnexplain.cli.output import show

    show(neuron_example(x, w, b, activation, slope=slope), fmt, precision)


def _check_bias(w, biases, x, plotting):
    """A shift −b/w for every bias, and every w·x + b within float64."""
    if w == 0:
        raise click.BadParameter(
            "is 0: with w = 0 the output f(b) does not depend on x, so no shift −b/w is "
            "defined; give a non-zero weight.",
            param_hint="'--w'",
        )
    if len(biases) > MAX_BIASES:
        raise click.BadParameter(
            f"has {len(biases)} biases; at most {MAX_BIASES} are allowed (one table column each).",
            param_hint="'--b'",
        )
    import numpy as np

    from nnexplain.core.activations import bias_shift
    from nnexplain.explain.neuron import BIAS_MARGIN_Z, bias_curve_range, default_bias_x

    shifts = bias_shift(w, biases)
    for b, shift in zip(biases, shifts):
        if not np.isfinite(shift):
            raise click.BadParameter(
                f"the shift −b/w for b = {typed_number(b)} and w = {typed_number(w)} is {TOO_LARGE}; use "
                "a smaller bias or a larger weight.",
                param_hint="'--b'",
            )
    if x is None:
        x = default_bias_x(w, biases)
        if not (np.all(np.isfinite(x)) and x.size >= 2 and np.all(x[1:] > x[:-1])):
            _no_default_x(w, shifts, BIAS_MARGIN_Z)
    _check_z_fits(w, biases, x, "--x")
    if plotting:
        _check_drawable(w, biases, *bias_curve_range(w, biases, x))


def _no_default_x(w, shifts, margin_z):
    """Say why no round x values could be chosen around the shifts."""
    if not abs(margin_z / w) < float("inf"):
        raise click.BadParameter(
            f"w = {typed_number(w)} is so small that each curve's rise spans more than float64 "
            "can hold; give --x, or use a larger weight.",
            param_hint="'--w'",
        )
    far = max(shifts, key=abs)
    raise click.BadParameter(
        f"float64 cannot space x values around the shift −b/w = {float(far):.6g} at the "
        f"weight w = {typed_number(w)}; give --x, or use smaller biases or a larger weight.",
        param_hint="'--b'",
    )


def _check_drawable(w, biases, low, high):
    """The figure's x range and every w·x + b on it stay well inside float64."""
    import numpy as np

    from nnexplain import core

    with np.errstate(over="ignore"):
        z = [core.weighted_sum(np.array([low, high]), w, b) for b in biases]
        reach = max(abs(low), abs(high), float(np.max(np.abs(z))))
        if not (np.isfinite(high - low) and high > low and reach <= PLOT_LIMIT):
            raise click.BadParameter(
                f"cannot draw x from {low:.6g} to {high:.6g}: a figure needs x and w·x + b "
                f"within ±{PLOT_LIMIT:g}; give --x values closer to the shifts −b/w, or a "
                "larger weight.",
                param_hint="'--plot'",
            )


def _check_z_fits(w, biases, xs, option):
    import numpy as np

    from nnexplain import core

    xs = np.asarray(xs, dtype=np.float64)
    for b in biases:
        with np.errstate(over="ignore"):
            z = core.weighted_sum(xs, w, b)
        bad = np.flatnonzero(~np.isfinite(z))
        if bad.size:
            value = float(xs[bad[0]])
            raise click.BadParameter(
                f"w·x + b = {typed_number(w)}·({typed_number(value)}) + {typed_number(b)} is {TOO_LARGE}; use smaller numbers.",
                param_hint=f"'{option}'",
            )


def _check_neuron(x, w, b):
    """One weight per input, and every product and sum within float64."""
    if len(x) > MAX_POINTS:
        raise click.BadParameter(
            f"has {len(x):,} inputs; at most {MAX_POINTS:,} are allowed.", param_hint="'--x'"
        )
    if len(w) != len(x):
        raise click.BadParameter(
            f"has {_count(len(w))} but --x has {_count(len(x))}; give one weight per input.",
            param_hint="'--w'",
        )
    import math

    import numpy as np

    from nnexplain.explain.neuron import neuron_sums

    # The same sums the worked example shows: a running total that overflows on the
    # way to a finite sum (1e308 + 1e308 − 1e308) is added exactly, not refused.
    sums = neuron_sums(x, w, b)
    bad = np.flatnonzero(~np.isfinite(sums.products))
    if bad.size:
        i = int(bad[0])
        raise click.BadParameter(
            f"x{_subscript(i + 1)}·w{_subscript(i + 1)} = {typed_number(x[i])}·{typed_number(w[i])} is "
            f"{TOO_LARGE}; use smaller numbers.",
            param_hint="'--w'",
        )
    if not math.isfinite(sums.total):
        raise click.BadParameter(
            f"Σ xᵢ·wᵢ is {TOO_LARGE}, even added exactly, so z = Σ xᵢ·wᵢ + b cannot be "
            "worked step by step; use smaller numbers.",
            param_hint="'--w'",
        )
    if not math.isfinite(sums.z):
        raise click.BadParameter(
            f"Σ xᵢ·wᵢ + b = {sums.total:.6g} + {typed_number(b)} is {TOO_LARGE}; use a "
            "smaller bias or smaller numbers.",
            param_hint="'--b'",
        )


def _count(n):
    return f"{n} number" if n == 1 else f"{n:,} numbers"


def _subscript(n):
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def _save_bias_figure(w, biases, activation, x, slope, path):
    from nnexplain.cli.figures import save
    from nnexplain.explain.neuron import bias_curves
    from nnexplain.plot.bias import bias_figure

    save(bias_figure(bias_curves(w, biases, activation, x=x, slope=slope)), path)
