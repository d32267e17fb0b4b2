"""The door to universal approximation, constructed (``nnexplain approximate``)."""

from __future__ import annotations

from nnexplain.api.example import Drawing, Example
from nnexplain.inputs import InputError, option
from nnexplain.inputs.training import check_count, whole_number
from nnexplain.inputs.values import choice, count, number_list

# Written here (not imported from the core) so that the door's rules need no NumPy;
# a test keeps them equal to nnexplain.core.approximation.FUNCTIONS.
FUNCTIONS = ("sin", "square", "abs", "step")
DEFAULT_UNITS = 8
MAX_UNITS = 256
# The interval's ends stay within ±MAX_END and it is at least MIN_WIDTH long, so every
# f(x), every slope and every weight is an ordinary float64.
MAX_END = 1e6
MIN_WIDTH = 1e-6


def approximate(function: str = "sin", units: int = DEFAULT_UNITS, interval=None) -> Example:
    """A one-hidden-layer ReLU network that *is* the piecewise-linear interpolant of
    ``function`` ("sin", "square", "abs" or "step") through ``units`` + 1 equally
    spaced knots: each unit's weight 1, bias −xₖ and output weight cₖ = sₖ − sₖ₋₁
    computed (not trained), the largest error, and the error for N = 2, 4, 8, 16, 32.
    ``units``: 1 to 256; ``interval``: (a, b) or "a,b" (default [0, 2π] for sin,
    [−1, 1] otherwise). ``.result``: the largest |f − g| on the error grid.

    >>> nx.approximate("square", units=4).result
    0.0625
    """
    function = choice(function, FUNCTIONS, "--function")
    units = check_count(whole_number(units, "--units"), 1, MAX_UNITS, "units", "--units")
    a, b = _interval(function, interval)
    from nnexplain.explain.approximation import approximation_curves, approximation_example

    worked = approximation_example(function, units, a, b)
    return Example(worked, result=dict(worked.values)["max_error"], drawing=Drawing(
        "nnexplain.plot.approximation:approximation_figure",
        lambda: approximation_curves(function, units, a, b)))


def _interval(function, interval):
    if interval is None:
        from nnexplain.core.approximation import DEFAULT_INTERVALS

        return DEFAULT_INTERVALS[function]
    ends = number_list(interval, "--interval")
    if len(ends) != 2:
        raise InputError(f"has {count(len(ends))}; give two, a,b with a < b", option("--interval"))
    a, b = ends
    if not a < b:
        raise InputError(f"a = {a:g} is not below b = {b:g}; give a,b with a < b", option("--interval"))
    if max(abs(a), abs(b)) > MAX_END:
        raise InputError(f"both ends must be within ±{MAX_END:g}", option("--interval"))
    if b - a < MIN_WIDTH:
        raise InputError(f"is {b - a:g} long; give an interval at least {MIN_WIDTH:g} long",
                         option("--interval"))
    return a, b
