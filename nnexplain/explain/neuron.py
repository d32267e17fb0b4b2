"""Worked examples for one neuron: what the bias does to f(w·x + b), and the
output of a neuron with several inputs.

Every number comes from ``nnexplain.core``; nothing here re-implements the maths.
"""

import math
from dataclasses import dataclass

import numpy as np

from nnexplain import core
from nnexplain.core.arrays import sorted_unique
from nnexplain.explain.activation_forms import FORMS
from nnexplain.explain.curves import Curve
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
    written_sum,
)

# Column headers hold the learner's biases ("b = −2"), which are shown exactly.

# Without --x, the table spans every shift with this much z on either side:
# σ(±3) is 0.047 and 0.953, so each curve's whole rise is in view.
BIAS_MARGIN_Z = 3.0
# ... in at most this many evenly spaced, round x values.
BIAS_TABLE_POINTS = 11
# Points along each curve of the bias figure.
CURVE_POINTS = 401

# What happens where w·x + b = 0, by activation: {0} is f(0).
_AT_SHIFT = {
    "sigmoid": "crosses {0} here",
    "tanh": "crosses {0} here",
    "relu": "the kink is here",
    "leaky_relu": "the kink is here",
    "identity": "the line crosses {0} here",
}


# --- bias ---------------------------------------------------------------------------


def bias_example(w, biases, activation="sigmoid", x=None, slope=core.DEFAULT_SLOPE) -> Worked:
    """How each bias b moves f(w·x + b): the shift x₀ = −b/w for each b, the
    activation at a few x for each b, and the zero-input case."""
    form = FORMS[activation]
    w, biases = Given(w), tuple(Given(b) for b in biases)
    typed = x is not None and getattr(x, "typed", True)
    xs = default_bias_x(w, biases) if x is None else np.asarray(x, dtype=np.float64)
    shifts = core.bias_shift(w, np.asarray(biases, dtype=np.float64))
    f0 = float(core.activate(activation, 0.0, slope))
    at_shift = f"{form.of('w·x₀ + b')} = {form.of('0')} = {{0}}: " + _AT_SHIFT[activation]
    steps = tuple(
        Step(
            "Shift: where w·x + b = 0",
            "x₀ = −b / w",
            formula("−{0} / {1}", b, w),
            float(x0),
            sentence(at_shift, f0),
        )
        for b, x0 in zip(biases, shifts)
    )
    columns = [Column("x", "x", xs, given=typed)]
    for k, b in enumerate(biases, start=1):
        z = core.weighted_sum(xs, w, b)
        values = core.activate(activation, z, slope)
        columns.append(Column(sentence("b = {0}", Given(b)), f"a_b{k}", np.asarray(values)))
    return Worked(
        name="bias",
        title=f"Bias: how b moves {form.of('w·x + b')} along the x axis ({form.title})",
        inputs=(("w", w), ("b", biases), ("x", tuple(float(v) for v in xs)))
        + ((("slope", Given(slope)),) if activation == "leaky_relu" else ()),
        formula=f"a = {form.of('w·x + b')}",
        substituted=formula(form.of("{0}·x + b"), w),
        more_formulas=("x₀ = −b / w", "w·x + b = w·(x − x₀)", form.formula),
        steps=steps,
        result_symbol="x₀",
        result=None,
        table=ExampleTable(
            label=f"{form.of('w·x + b')} at a few x, one column per bias",
            formula="z = w·x + b",
            columns=tuple(columns),
        ),
        sections=(_zero_input(form, activation, biases, f0, slope),),
        interpretation=_bias_interpretation(w, biases, shifts),
    )


def _zero_input(form, activation, biases, f0, slope) -> Section:
    outputs = [float(core.activate(activation, b, slope)) for b in biases]
    each = ", ".join(f"{form.of(f'{{{2 * k}}}')} = {{{2 * k + 1}}}" for k in range(len(biases)))
    numbers = [n for pair in zip(biases, outputs) for n in pair]
    return Section(
        "Zero input: every xᵢ = 0, so z = b",
        (
            Fact(
                "Without a bias",
                sentence(
                    f"z = w₁·0 + w₂·0 + … = 0 for any weights: the output is stuck at "
                    f"{form.of('0')} = {{0}}",
                    f0,
                ),
            ),
            Fact("With a bias", sentence(f"z = b, so the output is {form.of('b')}: " + each, *numbers)),
            Fact(
                "Why",
                sentence(
                    "b acts like the weight of an extra input fixed at 1, learned just like w; "
                    "when every input is 0 only the bias can move the output"
                ),
            ),
        ),
    )


def _bias_interpretation(w, biases, shifts):
    pairs = ", ".join(f"b = {{{2 * k}}} → x₀ = {{{2 * k + 1}}}" for k in range(len(biases)))
    numbers = [n for pair in zip(biases, shifts) for n in pair]
    if w > 0:
        direction = sentence(
            "With w = {0} > 0 a positive bias moves the curve left (the neuron fires for "
            "smaller inputs) and a negative bias moves it right (it takes a larger input "
            "to fire).",
            w,
        )
    else:
        direction = sentence(
            "With w = {0} < 0 the curve is mirrored: it falls as x grows, so the neuron "
            "fires for inputs below x₀. A positive bias moves the curve right (it fires "
            "for a wider range of inputs) and a negative bias moves it left (harder to fire).",
            w,
        )
    return (
        direction,
        sentence("Each curve is the b = 0 curve moved by x₀ = −b/w: " + pairs + ".", *numbers),
    )


def default_bias_x(w, biases) -> np.ndarray:
    """Round, evenly spaced x spanning every shift −b/w with BIAS_MARGIN_Z of z on
    either side; may hold non-finite or repeated values when float64 cannot space
    points there (the caller checks)."""
    shifts = core.bias_shift(w, np.asarray(biases, dtype=np.float64))
    with np.errstate(over="ignore", invalid="ignore"):
        margin = BIAS_MARGIN_Z / abs(float(w))
        low, high = float(shifts.min()) - margin, float(shifts.max()) + margin
    return _round_points(low, high, BIAS_TABLE_POINTS)


def _round_points(low, high, most) -> np.ndarray:
    """At most ``most`` multiples of a round step (1, 2 or 5 × 10ᵏ) covering
    [low, high]; just ``[low, high]`` when float64 cannot space points there."""
    span = high - low
    if not (math.isfinite(span) and span > 0):
        return np.array([low, high])
    smallest = math.floor(math.log10(span / (most - 1)))
    candidates = [(m, e) for e in (smallest, smallest + 1) for m in (1, 2, 5)]
    for mantissa, exponent in candidates:
        step = mantissa * 10.0**exponent
        if step == 0 or not (math.isfinite(low / step) and math.isfinite(high / step)):
            return np.array([low, high])
        first, last = math.floor(low / step), math.ceil(high / step)
        if last - first + 1 <= most:
            break
    k = (np.arange(last - first + 1, dtype=np.float64) + float(first)) * mantissa
    if -308 <= exponent < 0:
        # k·m / 10^e rounds once, so 0.3 is the float64 nearest 0.3, not 3·0.1.
        return k / 10.0**-exponent
    with np.errstate(over="ignore"):
        return k * 10.0**exponent


def bias_curve_range(w, biases, xs) -> tuple[float, float]:
    """The x interval a bias figure draws: every x of the table and every shift,
    widened by the margin when that is a single point."""
    shifts = core.bias_shift(w, np.asarray(biases, dtype=np.float64))
    low = min(float(np.min(xs)), float(shifts.min()))
    high = max(float(np.max(xs)), float(shifts.max()))
    if low == high:
        with np.errstate(over="ignore"):
            margin = BIAS_MARGIN_Z / abs(float(w))
        low, high = low - margin, high + margin
    return low, high


@dataclass(frozen=True)
class BiasCurves:
    """The data of the bias figure: f(w·x + b) for each b, each shift x₀ = −b/w,
    and f(0), the value every curve takes at its own shift."""

    activation: str
    title: str  # "Sigmoid"
    mathtext: str  # the activation's symbol in matplotlib mathtext, e.g. r"\sigma"
    w: float
    curves: tuple[Curve, ...]  # parameter: the bias b
    shifts: tuple[float, ...]
    level: float
    # One neuron's input and output on its curve, (x, a = f(w·x + b)) (one bias only),
    # or None.
    point: tuple[float, float] | None = None


def bias_curves(w, biases, activation="sigmoid", x=None, slope=core.DEFAULT_SLOPE,
                point_x=None) -> BiasCurves:
    """Dense curves f(w·x + b), one per bias, over the table's x and the shifts.
    ``point_x``: with one bias, also the point (x, a) of the neuron a = f(x·w + b) at
    this input (the x range reaches it)."""
    form = FORMS[activation]
    xs = default_bias_x(w, biases) if x is None else np.asarray(x, dtype=np.float64)
    point = None
    if point_x is not None:
        if len(biases) != 1:
            raise ValueError("the point (x, a) belongs to one neuron: give one bias")
        point_x = float(point_x)
        # The neuron's own arithmetic (neuron_example's), so a is the neuron table's a.
        z = neuron_sums(np.array([point_x]), np.array([float(w)]), float(biases[0])).z
        point = (point_x, float(core.activate(activation, z, slope)))
        xs = np.append(xs, point_x)
    low, high = bias_curve_range(w, biases, xs)
    # The shifts themselves are points of every curve, so a ReLU's kink is drawn sharp.
    shifts = core.bias_shift(w, np.asarray(biases, dtype=np.float64))
    dense = sorted_unique(np.concatenate((np.linspace(low, high, CURVE_POINTS), np.ravel(shifts))))
    curves = tuple(
        Curve(float(b), dense, np.asarray(core.activate(activation, core.weighted_sum(dense, w, b), slope)))
        for b in biases
    )
    return BiasCurves(
        activation=activation,
        title=form.title,
        mathtext=form.mathtext,
        w=float(w),
        curves=curves,
        shifts=tuple(float(s) for s in shifts),
        level=float(core.activate(activation, 0.0, slope)),
        point=point,
    )


# --- neuron -------------------------------------------------------------------------

# A neuron's inputs are written out in full up to this many; more show the first
# three and the last two (the values always cover every input).
MAX_INPUTS_WRITTEN = 6


def neuron_example(x, w, b=0.0, activation="relu", slope=core.DEFAULT_SLOPE) -> Worked:
    """One neuron: each product xᵢ·wᵢ, their sum, plus the bias, the activation."""
    form = FORMS[activation]
    x = tuple(Given(v) for v in x)
    w = tuple(Given(v) for v in w)
    b, slope = Given(b), Given(slope)
    x_array, w_array = np.asarray(x, dtype=np.float64), np.asarray(w, dtype=np.float64)
    sums = neuron_sums(x_array, w_array, b)
    products, total, z = sums.products, sums.total, sums.z
    a = float(core.activate(activation, z, slope))
    choice = form.pick(z)
    template = form.value_templates[0 if choice is None else int(choice)]
    steps = (
        Step("Add up the products", "Σ xᵢ·wᵢ", written_sum(products), total, _exact_sum_note(sums)),
        Step("Add the bias", "z = Σ xᵢ·wᵢ + b", formula("{0} + {1}", total, b), z),
        Step("Apply the activation", f"a = {form.of('z')}",
             formula(template, z, a, slope), a),
    )  # fmt: skip
    table = ExampleTable(
        label="Each input times its weight",
        formula="xᵢ·wᵢ",
        columns=(
            Column("xᵢ", "x", x_array, given=True),
            Column("wᵢ", "w", w_array, given=True),
            FormulaColumn("With numbers", "product_written", ("{0}·{1}",), (x_array, w_array),
                          given=(True, True)),
            Column("xᵢ·wᵢ", "product", products),
        ),
        key="terms",
    )  # fmt: skip
    return Worked(
        name="neuron",
        title=f"One neuron with {_inputs(len(x))}, activation: {form.title}",
        inputs=(("x", x), ("w", w), ("b", b))
        + ((("slope", slope),) if activation == "leaky_relu" else ()),
        formula=f"a = {form.of(_general_sum(len(x)))}",
        substituted=_substituted(form, x, w, b),
        more_formulas=(form.formula,),
        steps=steps,
        result_symbol="a",
        result=a,
        table=table,
        interpretation=_neuron_interpretation(form, activation, total, z, a, b, slope)
        + _underflow_lines(x_array, w_array, products),
    )


@dataclass(frozen=True)
class NeuronSums:
    """The products xᵢ·wᵢ, their sum, and z = sum + b, all float64 (±inf where even
    the exact value is beyond float64). ``exact`` is True when adding the products
    in float64 overflowed on the way although their exact sum fits, so it was added
    exactly; ``overflow_after`` then names the product (1-based) after which the
    running total, added in order, first passed the largest float64 (None if adding
    in order does not, only NumPy's own order did)."""

    products: np.ndarray
    total: float
    z: float
    exact: bool = False
    overflow_after: int | None = None


def neuron_sums(x, w, b) -> NeuronSums:
    """Σ xᵢ·wᵢ and z = Σ xᵢ·wᵢ + b, as the core computes them; where float64's sum
    overflows part way (1e308 + 1e308 − 1e308) the exact sum of the products is used
    instead, rounded once, so a finite answer is never reported as too large."""
    x, w = np.asarray(x, dtype=np.float64), np.asarray(w, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        products = x * w
        running = np.cumsum(products)
    # core.weighted_sum already sums exactly where float64 overflows on the way; the
    # running total says whether it had to, for the note on the step.
    total = float(core.weighted_sum(x, w, 0.0))
    z = float(core.weighted_sum(x, w, b))
    if np.all(np.isfinite(running)) or not np.all(np.isfinite(products)):
        return NeuronSums(products, total, z)
    passed = np.flatnonzero(~np.isfinite(running))
    after = int(passed[0]) + 1 if passed.size else None
    return NeuronSums(products, total, z, exact=math.isfinite(total), overflow_after=after)


def _exact_sum_note(sums):
    if not sums.exact:
        return None
    if sums.overflow_after is not None:
        return sentence(
            "added in order, the running total passes the largest float64 (about {0}) "
            "after product {1}, though the sum does not: the products are added exactly",
            float(np.finfo(np.float64).max),
            sums.overflow_after,
        )
    return sentence(
        "float64's running total passes the largest float64 (about {0}) on the way, "
        "though the sum does not: the products are added exactly",
        float(np.finfo(np.float64).max),
    )


def _underflow_lines(x, w, products):
    """Say when a product of non-zero numbers is too small for float64 to hold."""
    tiny = np.finfo(np.float64).smallest_normal
    lost = np.flatnonzero((np.abs(products) < tiny) & (x != 0) & (w != 0))
    if not lost.size:
        return ()
    i = int(lost[0])
    sub = str(i + 1).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
    what = "rounds it to 0" if products[i] == 0 else "keeps only some of its digits: {3}"
    more = "" if lost.size == 1 else f" ({lost.size} products are this small)"
    return (
        sentence(
            f"x{sub}·w{sub} = {{0}}·{{1}} is below the smallest normal float64 (about "
            f"{{2}}), so float64 {what}{more}.",
            Given(x[i]),
            Given(w[i]),
            float(tiny),
            float(products[i]),
        ),
    )


def _inputs(n):
    return "1 input" if n == 1 else f"{n} inputs"


def _general_sum(n):
    if n == 1:
        return "x₁·w₁ + b"
    if n == 2:
        return "x₁·w₁ + x₂·w₂ + b"
    return "x₁·w₁ + x₂·w₂ + … + b"


def _substituted(form, x, w, b):
    """f(x₁·w₁ + x₂·w₂ + … + b) with the learner's numbers in."""
    n = len(x)
    shown = range(n) if n <= MAX_INPUTS_WRITTEN else [0, 1, 2, None, n - 2, n - 1]
    terms, numbers = [], []
    for i in shown:
        if i is None:
            terms.append("…")
            continue
        terms.append(f"{{{len(numbers)}}}·{{{len(numbers) + 1}}}")
        numbers += [x[i], w[i]]
    terms.append(f"{{{len(numbers)}}}")
    return formula(form.of(" + ".join(terms)), *numbers, b)


def _neuron_interpretation(form, activation, total, z, a, b, slope):
    lines = []
    grad = float(core.activate_grad(activation, z, slope))
    if activation == "identity":
        lines.append(sentence(
            "With the identity (no activation) this neuron is exactly linear regression: "
            "ŷ = Σ wᵢ·xᵢ + b = {0}. The activation is the only difference between a neuron "
            "and linear regression.", a))
    elif activation == "sigmoid":
        lines.append(sentence(
            "With a sigmoid this neuron is logistic regression: the output a = {0} is read "
            "as the probability of the positive class ({1}%).", a, Percent(100.0 * a)))
    elif activation == "relu" and z <= 0:
        lines.append(sentence(
            "z = {0} ≤ 0, so ReLU outputs {1} and its gradient is {2} for this input: this "
            "example cannot change the weights (a neuron stuck there for every input is "
            "\"dead\").", z, a, grad))
    elif activation == "relu":
        lines.append(sentence(
            "z = {0} > 0, so ReLU passes it through unchanged (gradient {1}).", z, grad))
    elif activation == "leaky_relu" and z <= 0:
        lines.append(sentence(
            "z = {0} ≤ 0, so leaky ReLU outputs α·z = {1}; its gradient is α = {2}, small "
            "but not 0, so the neuron still learns from this input.", z, a, grad))
    elif activation == "leaky_relu":
        lines.append(sentence(
            "z = {0} > 0, so leaky ReLU passes it through unchanged (gradient {1}).", z, grad))
    else:
        lines.append(sentence(
            "tanh squashes z = {0} into (−1, 1): a = {1}, with gradient {2}.", z, a, grad))
    unbiased = float(core.activate(activation, total, slope))
    without = f"Without the bias the output would be {form.of('Σ xᵢ·wᵢ')} = {form.of('{0}')} = {{1}}"
    if b == 0:
        lines.append(sentence("With b = 0 there is no bias: the output is "
                              f"{form.of('Σ xᵢ·wᵢ')} = {{0}}.", unbiased))
    elif unbiased == a:
        lines.append(sentence(without + ", the same: here the bias b = {2} does not change the "
                              "output.", total, unbiased, b))
    else:
        lines.append(sentence(without + "; the bias b = {2} changes it to {3}.", total, unbiased, b, a))
    return tuple(lines)
