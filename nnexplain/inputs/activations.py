"""The rules about the inputs of activation, compare, bias, neuron and softmax: the
activation names, z values (a list or START:STOP:COUNT), leaky ReLU's slope, and the
sizes float64 must hold for w·x + b and Σ xᵢ·wᵢ + b. One function per rule, called
by the command line's option types and by the doors alike (``nnexplain.api``).

Nothing here imports click; NumPy is imported only inside the float64 checks.
"""

import math

from nnexplain.inputs import InputError, option, shown, typed_number
from nnexplain.inputs.numbers import MAX_NUMBER_TEXT, parse_number
from nnexplain.inputs.values import count

# The activations a learner can name (the core's registry; a test keeps them equal).
ACTIVATION_NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "identity")

# A range or list of z values longer than this is refused: no table or figure a
# learner reads needs more points.
MAX_POINTS = 10_000

# One bias table column per bias: more would not fit a terminal.
MAX_BIASES = 4
TOO_LARGE = "more than the largest float64 (about 1.8e308)"


class PointList(list):
    """A list of floats, marked as typed by the learner or spaced by the tool."""

    def __init__(self, values, typed: bool):
        super().__init__(values)
        self.typed = typed


# --- values -------------------------------------------------------------------------


def check_slope(value: float, name: str = "--slope") -> float:
    """Leaky ReLU's slope α: 0 ≤ α < 1."""
    if not 0.0 <= value < 1.0:
        raise InputError(
            f"{value:g} is not in [0, 1): leaky ReLU's slope is small and non-negative "
            "(0.01 is usual; 0 gives plain ReLU, 1 would be no activation at all).",
            option(name),
        )
    return value


def check_text_size(text: str, name: str) -> None:
    """A list or range text no longer than MAX_POINTS numbers can be (checked before
    it is split)."""
    if len(text) > MAX_POINTS * (MAX_NUMBER_TEXT + 1):
        raise InputError(f"is {len(text):,} characters long; at most {MAX_POINTS:,} values are allowed",
                         option(name))


def check_point_count(numbers, name: str) -> None:
    """At most MAX_POINTS values."""
    if len(numbers) > MAX_POINTS:
        raise InputError(f"has {len(numbers):,} values; at most {MAX_POINTS:,} are allowed", option(name))


def point_range(text: str, name: str) -> PointList:
    """The evenly spaced values ``START:STOP:COUNT`` names (``-3:3:7`` is −3, −2, …, 3),
    marked as spaced by the tool; InputError naming ``name`` if it is not a range
    of 2 to MAX_POINTS points that float64 can hold."""

    def fail(message):
        raise InputError(message, option(name))

    parts = text.split(":")
    if len(parts) != 3:
        fail(f"{shown(text, 60)} is not a range; write START:STOP:COUNT, e.g. -3:3:7")
    try:
        start, stop = parse_number(parts[0]), parse_number(parts[1])
    except ValueError as error:
        fail(f"in the range {shown(text, 60)}: {error} (write START:STOP:COUNT, e.g. -3:3:7)")
    count_text = parts[2].strip()
    if not count_text.isascii() or not count_text.isdigit():
        fail(f"in the range {shown(text, 60)}: COUNT {shown(count_text)} must be a whole number of points, e.g. 7")
    significant = count_text.lstrip("0")
    if len(significant) > len(str(MAX_POINTS)):
        # Before int(): Python refuses to convert 4,300 digits or more.
        fail(f"the range {shown(text, 60)} asks for more than {MAX_POINTS:,} points (its COUNT has "
             f"{len(significant):,} digits); at most {MAX_POINTS:,} are allowed")
    count = int(significant or "0")
    if count < 2:
        fail(f"the range {shown(text, 60)} has {count} point{'s' if count != 1 else ''}; COUNT must be at least 2 (for a single z, give the number itself)")
    if count > MAX_POINTS:
        fail(f"the range {shown(text, 60)} asks for {count:,} points; at most {MAX_POINTS:,} are allowed")
    if not start < stop:
        fail(f"in the range {shown(text, 60)}, START must be less than STOP")
    if not math.isfinite(stop - start):
        fail(f"the range {shown(text, 60)} is wider than float64 can hold; keep STOP − START below about 1e308")
    step = (stop - start) / (count - 1)
    # The same numbers np.linspace gives, without importing NumPy here.
    points = [start + i * step for i in range(count - 1)] + [stop]
    return PointList(points, typed=False)


def values_or_range(value, name: str) -> PointList:
    """Values from Python for an option the command line reads as LIST|RANGE: a
    PointList as it is; text as the command line reads it (``"-2,0,2"`` typed,
    ``"-3:3:7"`` spaced); a list, tuple, array or single number (typed)."""
    from nnexplain.inputs.values import number_list

    if isinstance(value, PointList):
        check_point_count(value, name)
        return value
    if isinstance(value, str):
        text = value.strip()
        check_text_size(text, name)
        if ":" in text:
            return point_range(text, name)
        value = text
    numbers = number_list(value, name)
    check_point_count(numbers, name)
    return PointList(numbers, typed=True)


def activation_name(name, hint: str) -> str:
    """One of ACTIVATION_NAMES (``hint``: 'NAME', 'NAME NAME...' or '--activation')."""
    if name not in ACTIVATION_NAMES:
        raise InputError(f"{name!r} is not one of {', '.join(map(repr, ACTIVATION_NAMES))}.", hint)
    return name


def compared_names(names) -> tuple[str, ...]:
    """Two or more activations, each a known name, none named twice."""
    hint = "'NAME NAME...'"
    names = (names,) if isinstance(names, str) else tuple(names)
    for name in names:
        activation_name(name, hint)
    if len(names) < 2:
        raise InputError(
            f"give at least two of {', '.join(ACTIVATION_NAMES)} to compare, e.g. "
            "sigmoid tanh relu (for one, use: nnexplain activation NAME).",
            hint,
        )
    for name in names:
        if names.count(name) > 1:
            raise InputError(f"{name} is named twice; name each activation once.", hint)
    return names


# --- figures ------------------------------------------------------------------------


def check_z_drawable(z) -> None:
    """A figure only for z that matplotlib can draw (the table has no such limit)."""
    from nnexplain.inputs.checks import PLOT_LIMIT

    farthest = max(abs(v) for v in z)
    if farthest > PLOT_LIMIT:
        from nnexplain.render.numbers import format_exact

        limit = format_exact(PLOT_LIMIT)
        raise InputError(
            f"a figure can show z from −{limit} to {limit}, but --z reaches "
            f"{format_exact(farthest)}; use smaller z, or leave out --plot to see the "
            "table alone.",
            option("--plot"),
        )


def check_scores_drawable(z) -> None:
    """Softmax bars only for scores matplotlib can draw."""
    from nnexplain.inputs.checks import PLOT_LIMIT

    if max(abs(v) for v in z) > PLOT_LIMIT:
        raise InputError(
            f"a figure can show scores from −{PLOT_LIMIT:g} to {PLOT_LIMIT:g}; leave out --plot "
            "to see the numbers.",
            option("--plot"),
        )


# --- softmax ------------------------------------------------------------------------


def check_scores(z) -> None:
    """At least two scores and at most MAX_POINTS (scores more than float64 apart are
    fine: the far one's probability is 0 in float64, and the worked example says why)."""
    if len(z) < 2:
        raise InputError(
            "has 1 score; softmax needs at least 2 (with one class its probability is always 1).",
            option("--z"),
        )
    if len(z) > MAX_POINTS:
        raise InputError(f"has {len(z):,} scores; at most {MAX_POINTS:,} are allowed.", option("--z"))


# --- bias ---------------------------------------------------------------------------


def check_bias(w, biases, x):
    """A shift −b/w for every bias, and every w·x + b within float64. Returns the x
    of the table: ``x``, or the default round x values when ``x`` is None."""
    if w == 0:
        raise InputError(
            "is 0: with w = 0 the output f(b) does not depend on x, so no shift −b/w is "
            "defined; give a non-zero weight.",
            option("--w"),
        )
    if len(biases) > MAX_BIASES:
        raise InputError(
            f"has {len(biases)} biases; at most {MAX_BIASES} are allowed (one table column each).",
            option("--b"),
        )
    import numpy as np

    from nnexplain.core.activations import bias_shift
    from nnexplain.explain.neuron import BIAS_MARGIN_Z, default_bias_x

    shifts = bias_shift(w, biases)
    for b, shift in zip(biases, shifts):
        if not np.isfinite(shift):
            raise InputError(
                f"the shift −b/w for b = {typed_number(b)} and w = {typed_number(w)} is {TOO_LARGE}; use "
                "a smaller bias or a larger weight.",
                option("--b"),
            )
    if x is None:
        x = default_bias_x(w, biases)
        if not (np.all(np.isfinite(x)) and x.size >= 2 and np.all(x[1:] > x[:-1])):
            _no_default_x(w, shifts, BIAS_MARGIN_Z)
    _check_z_fits(w, biases, x, "--x")
    return x


def check_bias_drawable(w, biases, x) -> None:
    """The bias figure's x range (over the table's ``x``) and every w·x + b on it stay
    well inside float64."""
    import numpy as np

    from nnexplain import core
    from nnexplain.explain.neuron import bias_curve_range
    from nnexplain.inputs.checks import PLOT_LIMIT

    low, high = bias_curve_range(w, biases, x)
    with np.errstate(over="ignore"):
        z = [core.weighted_sum(np.array([low, high]), w, b) for b in biases]
        reach = max(abs(low), abs(high), float(np.max(np.abs(z))))
        if not (np.isfinite(high - low) and high > low and reach <= PLOT_LIMIT):
            raise InputError(
                f"cannot draw x from {low:.6g} to {high:.6g}: a figure needs x and w·x + b "
                f"within ±{PLOT_LIMIT:g}; give --x values closer to the shifts −b/w, or a "
                "larger weight.",
                option("--plot"),
            )


def _no_default_x(w, shifts, margin_z):
    """Say why no round x values could be chosen around the shifts."""
    if not abs(margin_z / w) < float("inf"):
        raise InputError(
            f"w = {typed_number(w)} is so small that each curve's rise spans more than float64 "
            "can hold; give --x, or use a larger weight.",
            option("--w"),
        )
    far = max(shifts, key=abs)
    raise InputError(
        f"float64 cannot space x values around the shift −b/w = {float(far):.6g} at the "
        f"weight w = {typed_number(w)}; give --x, or use smaller biases or a larger weight.",
        option("--b"),
    )


def _check_z_fits(w, biases, xs, name):
    import numpy as np

    from nnexplain import core

    xs = np.asarray(xs, dtype=np.float64)
    for b in biases:
        with np.errstate(over="ignore"):
            z = core.weighted_sum(xs, w, b)
        bad = np.flatnonzero(~np.isfinite(z))
        if bad.size:
            value = float(xs[bad[0]])
            raise InputError(
                f"w·x + b = {typed_number(w)}·({typed_number(value)}) + {typed_number(b)} is {TOO_LARGE}; use smaller numbers.",
                option(name),
            )


# --- neuron -------------------------------------------------------------------------


def check_neuron(x, w, b) -> None:
    """One weight per input, and every product and sum within float64."""
    if len(x) > MAX_POINTS:
        raise InputError(f"has {len(x):,} inputs; at most {MAX_POINTS:,} are allowed.", option("--x"))
    if len(w) != len(x):
        raise InputError(
            f"has {count(len(w))} but --x has {count(len(x))}; give one weight per input.",
            option("--w"),
        )
    import numpy as np

    from nnexplain.explain.neuron import neuron_sums

    # The same sums the worked example shows: a running total that overflows on the
    # way to a finite sum (1e308 + 1e308 − 1e308) is added exactly, not refused.
    sums = neuron_sums(x, w, b)
    bad = np.flatnonzero(~np.isfinite(sums.products))
    if bad.size:
        i = int(bad[0])
        raise InputError(
            f"x{_subscript(i + 1)}·w{_subscript(i + 1)} = {typed_number(x[i])}·{typed_number(w[i])} is "
            f"{TOO_LARGE}; use smaller numbers.",
            option("--w"),
        )
    if not math.isfinite(sums.total):
        raise InputError(
            f"Σ xᵢ·wᵢ is {TOO_LARGE}, even added exactly, so z = Σ xᵢ·wᵢ + b cannot be "
            "worked step by step; use smaller numbers.",
            option("--w"),
        )
    if not math.isfinite(sums.z):
        raise InputError(
            f"Σ xᵢ·wᵢ + b = {sums.total:.6g} + {typed_number(b)} is {TOO_LARGE}; use a "
            "smaller bias or smaller numbers.",
            option("--b"),
        )




def _subscript(n):
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
