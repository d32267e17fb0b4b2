"""The doors to one neuron: what the bias does, a neuron's output, and softmax."""

from __future__ import annotations

from nnexplain.api.example import Drawing, Example
from nnexplain.inputs import InputError
from nnexplain.inputs.activations import (
    activation_name,
    check_bias,
    check_bias_drawable,
    check_neuron,
    check_scores,
    check_scores_drawable,
    check_slope,
    values_or_range,
)
from nnexplain.inputs.values import number, number_list

DEFAULT_SLOPE = 0.01


def bias(w: float = 1.0, b=(-2.0, 0.0, 2.0), activation: str = "sigmoid", x=None,
         slope: float = DEFAULT_SLOPE) -> Example:
    """How the bias b moves the curve f(w·x + b): for each b the shift x₀ = −b/w, a
    table of f(w·x + b) at a few x, and the zero-input case. ``w``: the weight (not 0);
    ``b``: up to 4 biases (a list or array); ``x``: the table's x (a list, or text
    such as "-3:3:7"; default: round x spanning every shift). ``.result``: the shifts
    −b/w, an array.

    >>> nx.bias(w=2, b=[-1, 1], activation="relu").result
    array([ 0.5, -0.5])
    """
    w = number(w, "--w")
    biases = number_list(b, "--b")
    activation = activation_name(activation, "'--activation'")
    x = None if x is None else values_or_range(x, "--x")
    slope = check_slope(number(slope, "--slope"))
    table_x = check_bias(w, biases, x)
    import numpy as np

    from nnexplain import core
    from nnexplain.explain.neuron import bias_example

    worked = bias_example(w, biases, activation, x=x, slope=slope)

    def data():
        from nnexplain.explain.neuron import bias_curves

        return bias_curves(w, biases, activation, x=x, slope=slope)

    shifts = np.asarray(core.bias_shift(w, np.asarray(biases, dtype=np.float64)), dtype=np.float64)
    return Example(worked, result=shifts, drawing=Drawing("nnexplain.plot.bias:bias_figure", data),
                   check_figure=lambda: check_bias_drawable(w, biases, table_x))


def neuron(x, w, b: float = 0.0, activation: str = "relu", slope: float = DEFAULT_SLOPE) -> Example:
    """The output of one neuron, a = f(x₁·w₁ + x₂·w₂ + … + b), worked step by step:
    each product, their sum, plus the bias, the activation. ``x`` and ``w``: lists or
    arrays, one weight per input. ``.result``: the output a.

    >>> nx.neuron(x=[2, 3], w=[0.5, -1], b=0.1, activation="relu").result
    0.0
    """
    x = number_list(_given(x, "--x"), "--x")
    w = number_list(_given(w, "--w"), "--w")
    b = number(b, "--b")
    activation = activation_name(activation, "'--activation'")
    slope = check_slope(number(slope, "--slope"))
    check_neuron(x, w, b)
    from nnexplain.explain.neuron import neuron_example

    return Example(neuron_example(x, w, b, activation, slope=slope))


def softmax(z) -> Example:
    """Scores to probabilities that sum to 1, the stable way: subtract the largest
    score, exponentiate, add up, divide, check. ``z``: at least 2 scores (a list or
    array). ``.result``: the probabilities p, an array.

    >>> nx.softmax(z=[2, 1, 0.1]).result
    array([0.65900114, 0.24243297, 0.09856589])
    """
    z = number_list(_given(z, "--z"), "--z")
    check_scores(z)
    import numpy as np

    from nnexplain import core
    from nnexplain.explain.softmax import softmax_example

    def data():
        from nnexplain.explain.bar_figures import softmax_bars

        return softmax_bars(z)

    p = np.asarray(core.softmax(np.asarray(z, dtype=np.float64)), dtype=np.float64)
    return Example(softmax_example(z), result=p, drawing=Drawing("nnexplain.plot.bars:softmax_figure", data),
                   check_figure=lambda: check_scores_drawable(z))


def _given(value, name):
    """A required option's value: the command line's "Missing option" when None."""
    if value is None:
        raise InputError(f"Missing option '{name}'.")
    return value
