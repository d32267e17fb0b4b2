"""The doors to activation functions: one worked at each z, or several side by side.

Each draws two figures: ``figure("plot")``, the functions and their slopes, and
``figure("vanishing")``, f′(z) multiplied through 1…``depth`` layers against the
depth (vanishing gradients).
"""

from __future__ import annotations

from nnexplain.api.example import Drawing, KindedExample
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
# The vanishing-gradient figure: f′(z) through 1…depth layers. The default shows
# σ′(0)ᵈ = 0.25ᵈ near 1e-12; at the largest depth the sigmoid's best case 0.25ᵈ has
# underflowed to 0 (from d = 538), so every function's fate is on the chart.
DEFAULT_DEPTH = 20
MAX_DEPTH = 2000
FIGURE_KINDS = ("plot", "vanishing")


class ActivationExample(KindedExample):
    """An activation worked out (or several compared). It draws two figures:
    ``figure("plot")`` (the functions and their slopes) and ``figure("vanishing")``
    (each f′(z) multiplied through 1…depth layers, on a log axis: at the z where the
    slope is largest, and at the largest |z| of ``z``, where a sigmoid or tanh unit
    saturates and a ReLU unit is off)."""

    def __init__(self, worked, result, curves: Drawing, vanishing: Drawing, z):
        super().__init__(worked, result=result, drawing=curves,
                         check_figure=lambda: check_z_drawable(z))
        self._vanishing = vanishing

    def check_figure(self, kind: str = "plot") -> None:
        """InputError if the figure ``kind`` ("plot" or "vanishing") cannot be drawn;
        nothing is drawn."""
        if kind not in FIGURE_KINDS:
            raise InputError(f"unknown figure kind {kind!r}; the kinds are: {', '.join(FIGURE_KINDS)}")
        super().check_figure()

    def _drawing_of(self, kind: str) -> Drawing:
        return self._drawing if kind == "plot" else self._vanishing


def activation(name: str, z=DEFAULT_Z, slope: float = DEFAULT_SLOPE,
               depth: int = DEFAULT_DEPTH) -> ActivationExample:
    """An activation function and its slope at each z, worked out: the formula with
    each number in, the value, the slope, then the function's properties. ``name``
    is sigmoid, tanh, relu, leaky_relu or identity; ``z`` a list or array of numbers,
    or text as the command line takes it ("-2,0,2" or the range "-3:3:7");
    ``slope`` is leaky ReLU's α (0 ≤ α < 1); ``depth``, the layers
    ``figure("vanishing")`` multiplies f′(z) through (1 to 2000). ``.result``: the
    values f(z), an array.

    >>> nx.activation("sigmoid", z=[-2, 0, 2]).result
    array([0.11920292, 0.5       , 0.88079708])
    """
    if name is not None:
        name = activation_name(name, "'NAME'")
    z = values_or_range(z, "--z")
    slope = check_slope(number(slope, "--slope"))
    depth = check_depth(depth)
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
    return ActivationExample(worked, values, _curves([name], z, slope, mark=True),
                             _vanishing([name], z, slope, depth), z)


def compare(names, z=DEFAULT_Z, slope: float = DEFAULT_SLOPE,
            depth: int = DEFAULT_DEPTH) -> ActivationExample:
    """Several activation functions side by side at each z: every value and slope in
    one table, how they differ, and which to use where. ``names``: two or more of
    sigmoid, tanh, relu, leaky_relu and identity, each once; ``z``, ``slope`` and
    ``depth`` as for ``activation``. ``.result``: the values, one row per function (an array of
    shape (len(names), len(z))).

    >>> nx.compare(["sigmoid", "tanh"], z=[0, 1]).result
    array([[0.5       , 0.73105858],
           [0.        , 0.76159416]])
    """
    names = compared_names(names)
    z = values_or_range(z, "--z")
    slope = check_slope(number(slope, "--slope"))
    depth = check_depth(depth)
    import numpy as np

    from nnexplain import core
    from nnexplain.explain.activations import compare_example

    worked = compare_example(names, z, typed=z.typed, slope=slope)
    zs = np.asarray(z, dtype=np.float64)
    values = np.array([np.asarray(core.activate(name, zs, slope), dtype=np.float64) for name in names])
    return ActivationExample(worked, values, _curves(names, z, slope), _vanishing(names, z, slope, depth), z)


def _curves(names, z, slope, mark=False) -> Drawing:
    """The functions (left) and their slopes (right)."""

    def data():
        from nnexplain.explain.activations import activation_curves

        return activation_curves(names, z, slope=slope, mark=mark)

    return Drawing("nnexplain.plot.activations:compare_figure", data)


def _vanishing(names, z, slope, depth) -> Drawing:
    """f′(z) through 1…depth layers, at the z of the largest slope and at the
    largest |z| the learner gave."""

    def data():
        from nnexplain.explain.vanishing import vanishing_chains

        return vanishing_chains(names, depth, max(abs(float(v)) for v in z), slope=slope)

    return Drawing("nnexplain.plot.vanishing:vanishing_figure", data)


def check_depth(value) -> int:
    """--depth: how many layers the vanishing-gradient figure multiplies through."""
    from nnexplain.inputs.training import check_count, whole_number

    return check_count(whole_number(value, "--depth"), 1, MAX_DEPTH, "layers", "--depth")
