"""The doors to activation functions: one worked at each z, or several side by side."""

from __future__ import annotations

from nnexplain.api.example import Drawing, Example
from nnexplain.inputs import InputError
from nnexplain.inputs.activations import (
    ACTIVATION_NAMES,
    activation_name,
    check_slope,
    check_z_drawable,
    compared_names,
    values_or_range,
)
from nnexplain.inputs.values import number

# The z the command line works out without --z: −3, −2, …, 3.
DEFAULT_Z = "-3:3:7"
DEFAULT_SLOPE = 0.01


def activation(name: str, z=DEFAULT_Z, slope: float = DEFAULT_SLOPE) -> Example:
    """An activation function and its slope at each z, worked out: the formula with
    each number in, the value, the slope, then the function's properties. ``name``
    is sigmoid, tanh, relu, leaky_relu or identity; ``z`` a list or array of numbers,
    or text as the command line takes it ("-2,0,2" or the range "-3:3:7");
    ``slope`` is leaky ReLU's α (0 ≤ α < 1). ``.result``: the values f(z), an array.

    >>> nx.activation("sigmoid", z=[-2, 0, 2]).result
    array([0.11920292, 0.5       , 0.88079708])
    """
    if name is not None:
        name = activation_name(name, "'NAME'")
    z = values_or_range(z, "--z")
    slope = check_slope(number(slope, "--slope"))
    if name is None:
        raise InputError(
            "Missing argument 'NAME': the activation to work out, one of "
            f"{', '.join(ACTIVATION_NAMES)}."
        )
    import numpy as np

    from nnexplain import core
    from nnexplain.explain.activations import activation_example

    worked = activation_example(name, z, typed=z.typed, slope=slope)
    values = np.asarray(core.activate(name, np.asarray(z, dtype=np.float64), slope), dtype=np.float64)
    return Example(worked, result=values, drawing=_curves([name], z, slope, mark=True),
                   check_figure=lambda: check_z_drawable(z))


def compare(names, z=DEFAULT_Z, slope: float = DEFAULT_SLOPE) -> Example:
    """Several activation functions side by side at each z: every value and slope in
    one table, how they differ, and which to use where. ``names``: two or more of
    sigmoid, tanh, relu, leaky_relu and identity, each once; ``z`` and ``slope`` as
    for ``activation``. ``.result``: the values, one row per function (an array of
    shape (len(names), len(z))).

    >>> nx.compare(["sigmoid", "tanh"], z=[0, 1]).result
    array([[0.5       , 0.73105858],
           [0.        , 0.76159416]])
    """
    names = compared_names(names)
    z = values_or_range(z, "--z")
    slope = check_slope(number(slope, "--slope"))
    import numpy as np

    from nnexplain import core
    from nnexplain.explain.activations import compare_example

    worked = compare_example(names, z, typed=z.typed, slope=slope)
    zs = np.asarray(z, dtype=np.float64)
    values = np.array([np.asarray(core.activate(name, zs, slope), dtype=np.float64) for name in names])
    return Example(worked, result=values, drawing=_curves(names, z, slope),
                   check_figure=lambda: check_z_drawable(z))


def _curves(names, z, slope, mark=False) -> Drawing:
    """The functions (left) and their slopes (right)."""

    def data():
        from nnexplain.explain.activations import activation_curves

        return activation_curves(names, z, slope=slope, mark=mark)

    return Drawing("nnexplain.plot.activations:compare_figure", data)
