"""Universal approximation, constructed: a ReLU network with one hidden layer whose
weights are computed (not trained) so that it traces a function through equally
spaced knots; how far it misses in between, and how that falls as units are added.

Every number comes from ``nnexplain.core.approximation``; the network's outputs come
from ``core.network`` evaluating the Layer stack.
"""

from dataclasses import dataclass

import numpy as np

from nnexplain.core.approximation import (
    GRID_POINTS,
    STEP_THRESHOLD,
    TABLE_UNITS,
    construct,
    error_report,
    error_table,
    kinks,
    max_second_derivative,
    network_output,
    target,
    unit_contributions,
)
from nnexplain.core.arrays import sorted_unique
from nnexplain.explain.worked import (
    Column,
    ExampleTable,
    Fact,
    FormulaColumn,
    Given,
    Percent,
    Section,
    Step,
    Worked,
    formula,
    sentence,
)

# How each function is written, for a learner.
WRITTEN = {
    "sin": "f(x) = sin x",
    "square": "f(x) = x²",
    "abs": "f(x) = |x|",
    "step": "f(x) = 0 for x < 0, ½ at 0, 1 for x > 0",
}
SHORT = {"sin": "sin x", "square": "x²", "abs": "|x|", "step": "a step"}
NETWORK_FORMULA = "g(x) = f(x₀) + Σₖ cₖ·ReLU(x − xₖ)"
UNIT_FORMULA = "hₖ = ReLU(1·x + bₖ), bₖ = −xₖ"
WEIGHT_FORMULA = "c₀ = s₀, cₖ = sₖ − sₖ₋₁, sₖ = (f(xₖ₊₁) − f(xₖ)) / h"
# A terms of g(x) are written out in full up to this many units.
TERMS_WRITTEN = 3
# An error at most this large is float64 rounding, not a miss of the construction.
ROUNDING = 1e-12


def approximation_example(function, units, a, b) -> Worked:
    """The constructed network for ``function`` with ``units`` hidden ReLU units on
    [a, b]: its units, that it passes through every knot, its largest error, and the
    error table for N = 2, 4, 8, 16, 32."""
    built = construct(function, a, b, units)
    report = error_report(built)
    rows = error_table(function, a, b)
    x, c, n = built.x, built.c, built.units
    steps = (
        Step("Knot spacing", "h = (b − a) / N", formula("({0} − {1}) / {2}", b, a, n), built.h),
        Step("Output bias: the value at the first knot", "f(x₀)",
             formula(_at(function), x[0]), built.output_bias),
        Step("First output weight: the first segment's slope", "c₀ = s₀ = (f(x₁) − f(x₀)) / h",
             formula("({0} − {1}) / {2}", built.fx[1], built.fx[0], built.h), c[0]),
        Step("Largest miss at the knots, through the network", "max |g(xₖ) − f(xₖ)|",
             formula("max over {0} knots", n + 1), report.knot_error,
             sentence("the network passes through every knot, up to float64 rounding")
             if report.knot_error <= ROUNDING else None),
        Step("Largest error between the knots", "max |f(x) − g(x)|",
             formula("max over {0} grid points", report.grid.size), report.max_error,
             sentence("at x = {0}", report.max_error_at)),
    )  # fmt: skip
    table = ExampleTable(
        label="The hidden units: one kink each",
        formula="unit k: weight 1, bias −xₖ; output weight cₖ = sₖ − sₖ₋₁",
        columns=(
            Column("k", "k", np.arange(n, dtype=np.float64)),
            Column("knot xₖ", "knots", x[:-1]),
            Column("weight", "hidden_weights", built.hidden_weights),
            Column("bias −xₖ", "hidden_biases", built.hidden_biases),
            Column("slope sₖ", "slopes", built.s),
            Column("output weight cₖ", "output_weights", c),
        ),
        key="units",
    )
    return Worked(
        name="approximate",
        title=f"A ReLU network with {n} hidden unit{'s' if n != 1 else ''} traces "
              f"{SHORT[function]}",
        inputs=(("function", function), ("units", float(n)), ("interval", (Given(a), Given(b)))),
        formula=NETWORK_FORMULA,
        substituted=_written_network(built),
        more_formulas=(WRITTEN[function], UNIT_FORMULA, WEIGHT_FORMULA),
        steps=steps,
        # The answer is the network (its table) and its error (the last step): no
        # single "= value" follows the formula.
        result_symbol="max |f − g|",
        result=None,
        table=table,
        tables_after=(_error_table(function, rows),),
        sections=(_how(built, report), _rate(function, a, b, built, rows)),
        interpretation=_interpretation(function, built, report),
        values=_values(built, report, rows),
    )


def _at(function):
    return {"sin": "sin {0}", "square": "{0}²", "abs": "|{0}|", "step": "H({0})"}[function]


def _written_network(built):
    """g(x) with the numbers in: the first terms, "…" and the last when long."""
    n = built.units
    nonzero = [int(k) for k in np.flatnonzero(built.c)]
    if n <= TERMS_WRITTEN:
        shown, elided = list(range(n)), False
    elif len(nonzero) <= TERMS_WRITTEN:  # the units with cₖ = 0 add nothing
        shown, elided = nonzero, False
    else:
        shown, elided = [0, 1, n - 1], True
    parts, numbers = ["{0}"], [built.output_bias]
    for k in shown:
        if elided and k == n - 1:
            parts.append("…")
        parts.append(f"{{{len(numbers)}}}·ReLU(x − {{{len(numbers) + 1}}})")
        numbers += [built.c[k], built.x[k]]
    return formula(" + ".join(parts), *numbers)


def _error_table(function, rows) -> ExampleTable:
    units = np.array([r.units for r in rows], dtype=np.float64)
    errors = np.array([r.max_error for r in rows])
    previous = np.concatenate(([np.nan], errors[:-1]))
    # A ratio only between two errors that are misses, not rounding.
    has_ratio = (previous > ROUNDING) & (errors > ROUNDING)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(has_ratio, previous / np.where(has_ratio, errors, 1.0), 0.0)
    columns = [
        Column("N", "units", units),
        Column("h", "h", np.array([r.h for r in rows])),
        Column("max |f − g|", "max_error", errors),
        FormulaColumn("previous / this", "ratio", ("—", "{0}"), (ratio,),
                      choice=has_ratio.astype(int)),
    ]
    if rows[0].bound is not None:
        columns.append(Column("bound h²/8·max|f''|", "bound", np.array([r.bound for r in rows])))
    if function == "step":
        columns.append(Column(f"width where |f − g| > {STEP_THRESHOLD:g}", "width_above",
                              np.array([r.wide for r in rows])))
    return ExampleTable(
        label="How the error falls as units are added",
        formula="the same construction for each N, measured on the same kind of grid",
        columns=tuple(columns),
        key="error_table",
    )


def _how(built, report) -> Section:
    n, x = built.units, built.x
    facts = [
        Fact("Each unit adds one kink", sentence(
            "unit k is 0 left of its knot xₖ and rises with slope 1 after it, so cₖ·ReLU(x − xₖ) "
            f"bends g by cₖ at xₖ: {{0}} unit{'s' * (n != 1)} give{'s' * (n == 1)} {{0}} "
            f"straight segment{'s' * (n != 1)}, {{1}} long", n, built.h)),
        Fact("Through every knot", sentence(
            "at knot xⱼ the units k < j are on and add cₖ·(xⱼ − xₖ), which sum to "
            "s₀·h + … + sⱼ₋₁·h = f(xⱼ) − f(x₀), so g(xⱼ) = f(xⱼ); evaluated by the network, "
            "the largest miss is {0}", report.knot_error)),
        Fact("Computed, not trained", sentence(
            "the hidden layer's {0} weights and biases come from the knots alone (weight 1, "
            "bias −xₖ); the output layer's {1} from f at the {2} knots", 2 * n, n + 1, n + 1)),
        Fact("Outside the interval", sentence(
            "left of x₀ = {0} every unit is off and g stays at f(x₀) = {1}; right of "
            "x_N = {2} g goes on along the last slope {3}: the construction traces f only on "
            "[{0}, {2}]", x[0], built.output_bias, x[-1], built.s[-1])),
        Fact("Where the error is measured", sentence(
            "on {0} equally spaced points of [{1}, {2}] plus every knot and every midpoint "
            "between two knots" + (" and the kink at 0" if kinks(built.function, built.a, built.b).size
                                   else "") + ": {3} points",
            GRID_POINTS, x[0], x[-1], report.grid.size)),
    ]  # fmt: skip
    return Section("How the network is built", tuple(facts))


def _rate(function, a, b, built, rows) -> Section:
    first, last = rows[-2], rows[-1]
    if function == "step" and a <= 0 <= b:
        return Section("Where it cannot be exact", _step_facts(built, rows, a, b))
    if all(r.max_error <= ROUNDING for r in rows):
        return Section("How the error falls", (_exact_fact(function, rows, a, b),)
                       + _your_knots(function, built, a, b))
    ratio = first.max_error / last.max_error
    order = float(np.log2(ratio))
    facts = [Fact("Rate", sentence(
        "from N = {0} to N = {1} the largest error falls by a factor {2} = 2^p with p = {3}: "
        "the error behaves like 1/N^{4}, divided by about {5} each time the units double",
        first.units, last.units, ratio, order, round(order), 2.0 ** round(order)))]
    second = max_second_derivative(function, a, b)
    if second is not None and second > 0:
        facts.append(Fact("Against the bound", sentence(
            "linear interpolation misses by at most h²/8·max|f''| = {0}²/8·{1} = {2} at "
            "N = {3}; measured: {4}, {5}% of the bound. The bound shrinks 4× per doubling "
            "of N", last.h, second, last.bound, last.units, last.max_error,
            Percent(100.0 * last.max_error / last.bound))))
    if function == "abs" and a < 0 < b:
        facts.append(_exact_fact(function, rows, a, b))
    return Section("How the error falls", tuple(facts) + _your_knots(function, built, a, b))


def _your_knots(function, built, a, b):
    """For |x| with its kink inside: whether this N puts a knot on 0."""
    if function != "abs" or not a < 0 < b:
        return ()
    report = error_report(built)
    nearest = float(np.min(np.abs(built.x)))
    if nearest == 0:
        return (Fact(f"N = {built.units}", sentence(
            "a knot sits exactly on 0, so g = |x| up to rounding: largest error {0}",
            report.max_error)),)
    return (Fact(f"N = {built.units}", sentence(
        "no knot sits on 0 (the nearest is {0} away), so g cuts the corner: its largest "
        "error is {1}, at x = {2}", nearest, report.max_error, report.max_error_at)),)


def _exact_fact(function, rows, a, b):
    if function == "abs" and a < 0 < b:
        on = [r for r in rows if r.knot_at_zero]
        if not on:
            return Fact("The kink sets the rate", sentence(
                "none of the {0} rows puts a knot exactly on 0, so every row cuts the corner "
                "of |x| there, and it is that corner, not any curvature, that the error "
                "measures", len(rows)))
        return Fact("A knot on the kink", sentence(
            "|x| is straight on each side of 0, so once a knot sits exactly on 0 every "
            "segment is straight and g = |x| exactly: {0} of the {1} rows have a knot at 0, "
            "and their largest error is {2}", len(on), len(rows),
            max((r.max_error for r in on), default=0.0)))
    return Fact("Exact", sentence(
        "f is straight between the knots, so every row's largest error is at most {0}: "
        "float64 rounding", max(r.max_error for r in rows)))


def _step_facts(built, rows, a, b):
    g0 = float(network_output(built, [0.0])[0])
    sides = []
    if a < 0:
        sides.append(g0)  # f → 0 from the left
    if b > 0:
        sides.append(1.0 - g0)  # f → 1 from the right
    gap = max(sides)
    return (
        Fact("A jump no network can make", sentence(
            "g is continuous (a sum of continuous ReLUs), so just beside 0 it is close to "
            "g(0) = {0}, while f is " + _beside(a, b) + ": the error there tends to "
            "{1}, whatever N. Any continuous g misses a jump of 1 by at least {2}",
            g0, gap, 0.5)),
        Fact("Measured", sentence(
            "the largest error on the grid is {0} at N = {1} and {2} at N = {3}: it does not "
            "fall", rows[0].max_error, rows[0].units, rows[-1].max_error, rows[-1].units)),
        Fact("Only the width shrinks", sentence(
            "the stretch where |f − g| > {0} is {1} long at N = {2} and {3} at N = {4}: "
            "{5} times shorter for {6} times the units, like 1/N",
            STEP_THRESHOLD, rows[0].wide, rows[0].units, rows[-1].wide, rows[-1].units,
            rows[0].wide / rows[-1].wide, rows[-1].units // rows[0].units))
        if rows[-1].wide > 0 else
        Fact("Only the width shrinks", sentence(
            "the stretch where |f − g| > {0} is {1} long at N = {2} and too narrow for the "
            "grid at N = {3}", STEP_THRESHOLD, rows[0].wide, rows[0].units, rows[-1].units)),
    )  # fmt: skip


def _beside(a, b):
    """What the step is just beside 0, on the sides of 0 inside [a, b]."""
    if a < 0 < b:
        return "0 just left and 1 just right"
    return "0 just left" if a < 0 else "1 just right"


def _interpretation(function, built, report):
    n = built.units
    lines = [sentence(
        f"A network with one hidden layer of {{0}} ReLU unit{'s' * (n != 1)}, its {{1}} "
        "parameters computed "
        "from f at {2} knots, follows f on [{3}, {4}] to within {5}.",
        n, 3 * n + 1, n + 1, built.x[0], built.x[-1], report.max_error)]
    if function == "step" and built.a <= 0 <= built.b:
        lines.append(sentence(
            "More units make the ramp across the jump steeper but never vertical: the error "
            "beside the jump stays near {0}; only the stretch where it is large gets narrower.",
            report.max_error))
    else:
        lines.append(sentence(
            "This is universal approximation made concrete: on a closed interval, more "
            "units mean shorter segments, and a continuous f is traced as closely as wanted."))
    return tuple(lines)


def _values(built, report, rows):
    return (
        ("knots", tuple(map(float, built.x))),
        ("hidden_weights", tuple(map(float, built.hidden_weights))),
        ("hidden_biases", tuple(map(float, built.hidden_biases))),
        ("output_weights", tuple(map(float, built.c))),
        ("output_bias", built.output_bias),
        ("max_error", report.max_error),
        ("max_error_at", report.max_error_at),
        ("knot_error", report.knot_error),
        ("grid_points", float(report.grid.size)),
        ("error_table_units", tuple(float(r.units) for r in rows)),
        ("error_table_max_error", tuple(r.max_error for r in rows)),
    )


@dataclass(frozen=True)
class ApproximationCurves:
    """What the figure draws: f and g on a fine grid, each unit's contribution
    cₖ·ReLU(x − xₖ), and the knots."""

    function: str
    x: np.ndarray
    f: np.ndarray
    g: np.ndarray
    contributions: np.ndarray  # one row per unit
    offset: float  # f(x₀), the output bias the contributions add to
    knots: np.ndarray
    knot_values: np.ndarray
    max_error: float


# Points per figure curve.
CURVE_POINTS = 1001


def approximation_curves(function, units, a, b) -> ApproximationCurves:
    built = construct(function, a, b, units)
    x = sorted_unique(np.concatenate((np.linspace(a, b, CURVE_POINTS), built.x)))
    return ApproximationCurves(
        function, x, target(function, x), network_output(built, x),
        unit_contributions(built, x), built.output_bias, built.x,
        network_output(built, built.x), error_report(built).max_error)


__all__ = ["approximation_example", "approximation_curves", "ApproximationCurves", "TABLE_UNITS"]
