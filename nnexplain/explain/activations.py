"""Worked examples for activation functions: one function over many z, several side
by side, and the curve data their figures draw.

Every number comes from ``nnexplain.core``. What the properties panel says is
decided from computed values too: a slope that is 0 for every negative z is a dead
zone whatever the function is called, so leaky ReLU with α = 0 is told the truth.
"""

import re
from dataclasses import dataclass

import numpy as np

from nnexplain import core
from nnexplain.core.activations import AUTOGRAD_GRADS, activate_grad_autograd
from nnexplain.core.arrays import sorted_unique
from nnexplain.explain.activation_forms import FORMS
from nnexplain.explain.worked import (
    joined,
    Column,
    ExampleTable,
    Fact,
    FormulaColumn,
    Given,
    Percent,
    Section,
    Worked,
    sentence,
)

# Where a function's shape is probed: z from −10 to 10 in steps of 0.1, with 0 exact.
PROBE_Z = np.arange(-100, 101) / 10.0
# The z whose slope shows how far a gradient has vanished, and a farther one.
FAR_Z = 5.0
FARTHER_Z = 10.0
# The z whose values show how the outputs sit around 0.
MIRROR_Z = 2.0
# Far enough out that float64 has reached a bounded function's limit
# (σ(−1000) = 0, tanh(1000) = 1), and twice that to see if it keeps growing.
LIMIT_Z = 1000.0
# A slope below this fraction of the function's largest slope counts as saturated.
SATURATED = 0.01
# A ratio at least this large is quoted as a whole number ("38×", not "37.6×").
WHOLE_RATIO = 10.0
# The binary-output example: a digit classifier's score for "it is a 7".
BINARY_SCORE = 2.2
# The multi-class example: three class scores turned into probabilities.
CLASS_SCORES = (2.0, 1.0, 0.1)
# The regression example: a target no squashing function can reach.
REGRESSION_Z = -3.7
# The textbook slope σ(1 − σ) or 1 − tanh², evaluated as written (what PyTorch's
# autograd does), is noted where it is off the true slope by more than this,
# relative: a difference that 4 significant digits (the default precision) show.
TEXTBOOK_OFF = 1e-4
# At most this many of the learner's z are noted one by one.
MAX_NOTED = 3
# The largest float64: a ratio beyond it is quoted as "more than" this.
FLOAT_MAX = float(np.finfo(np.float64).max)


def _value(name, z, slope):
    return float(core.activate(name, z, slope))


def _grad(name, z, slope):
    return float(core.activate_grad(name, z, slope))


@dataclass(frozen=True)
class _Shape:
    """What the core says about one activation, probed at a few z."""

    name: str
    slope: float
    lower: float  # the outputs' lower limit (−∞ if none)
    upper: float
    lower_reached: bool  # some finite z gives exactly the limit (ReLU's 0)
    upper_reached: bool
    top: float  # the largest slope on the probe
    top_z: np.ndarray  # where it is reached
    negative_grad: np.ndarray  # the slope at every probed z ≤ 0

    @property
    def symbol(self):
        return FORMS[self.name].symbol

    @property
    def linear(self) -> bool:
        """One slope everywhere: the function is a straight line."""
        return self.top_z.size == PROBE_Z.size

    @property
    def dead(self) -> bool:
        """No slope at all for z ≤ 0."""
        return not self.linear and bool(np.all(self.negative_grad == 0))

    @property
    def leaky(self) -> bool:
        """A constant, non-zero slope for z ≤ 0 (below the one for z > 0)."""
        grad = self.negative_grad
        return not self.linear and bool(grad[0] > 0 and np.all(grad == grad[0]))

    @property
    def kinked(self) -> bool:
        """Two different constant slopes meeting at z = 0: no derivative there."""
        return (self.dead or self.leaky) and float(self.negative_grad[0]) != self.top

    @property
    def zero_centred(self) -> bool:
        f = self.value
        return f(0.0) == 0 and f(-MIRROR_Z) == -f(MIRROR_Z)

    def value(self, z):
        return _value(self.name, z, self.slope)

    def grad(self, z):
        return _grad(self.name, z, self.slope)


def _shape(name, slope) -> _Shape:
    def value(z):
        return _value(name, z, slope)

    grad = core.activate_grad(name, PROBE_Z, slope)
    top = float(grad.max())
    lower, upper = value(-LIMIT_Z), value(LIMIT_Z)
    # Still moving between 1000 and 2000: the function has no limit that way.
    if value(-2 * LIMIT_Z) != lower:
        lower = -np.inf
    if value(2 * LIMIT_Z) != upper:
        upper = np.inf
    return _Shape(
        name=name,
        slope=slope,
        lower=lower,
        upper=upper,
        lower_reached=value(-1.0) == lower,
        upper_reached=value(1.0) == upper,
        top=top,
        top_z=PROBE_Z[grad == top],
        negative_grad=grad[PROBE_Z <= 0],
    )


def _ratio(big, small):
    """big / small, whole when large; ∞ when it is beyond float64 (a slope of
    e^(−720) against 0.25): callers then say "more than" ``FLOAT_MAX``."""
    with np.errstate(over="ignore"):
        ratio = float(big / small)
    if not np.isfinite(ratio):
        return ratio
    return float(round(ratio)) if ratio >= WHOLE_RATIO else ratio


def _times(slot, ratio):
    """``{slot}×`` for a sentence, and the number to fill it: "more than" the
    largest float64 when the ratio is beyond it."""
    if np.isfinite(ratio):
        return f"{{{slot}}}×", ratio
    return f"more than {{{slot}}}×", FLOAT_MAX


# --- one activation -----------------------------------------------------------------


def activation_example(name, z, typed=False, slope=core.DEFAULT_SLOPE) -> Worked:
    """One activation at each z: the formula with the number in, the value, the
    slope (derivative) with its arithmetic; a panel of properties computed from the
    function; what the learner's own z mean."""
    form = FORMS[name]
    z = np.asarray(z, dtype=np.float64)
    f = core.activate(name, z, slope)
    g = core.activate_grad(name, z, slope)
    operands = (z, f, np.full_like(z, slope))
    exact = (typed, False, True)
    choice = form.pick(z)
    s = form.symbol
    columns = [Column("z", "z", z, given=typed)]
    for templates, key, symbol, values, equation in (
        (form.value_templates, "value", f"{s}(z)", f, form.formula),
        (form.grad_templates, "derivative", f"{s}'(z)", g, form.derivative),
    ):
        row_operands, row_exact, row_choice = operands, exact, choice
        if key == "derivative" and name in STABLE_SLOPE:
            # Rows where the textbook form cancels show the form the slope is computed by.
            template, extra = STABLE_SLOPE[name]
            cancelled = _textbook_off(name, z)
            if cancelled.any():
                templates = templates + (template,)
                row_operands = operands + (extra(z),)
                row_exact = exact + (False,)
                row_choice = cancelled.astype(np.int64)
        if _has_arithmetic(templates):
            # Headed by the formula it fills in, e.g. "1 / (1 + e^(−z))".
            columns.append(FormulaColumn(_right_side(equation), f"{key}_with_numbers",
                                         templates, row_operands, row_exact, row_choice))
        columns.append(Column(symbol, key, values))
    arithmetic = len(columns) > 3
    table = ExampleTable(
        label="Each z, with the numbers in" if arithmetic else "Each z",
        formula="",
        columns=tuple(columns),
        key="rows",
    )
    shape = _shape(name, slope)
    title = form.title if "activation" in form.title.lower() else f"{form.title} activation"
    return Worked(
        name=name,
        title=f"{title} and its slope",
        inputs=_inputs(z, typed) + ((("slope", Given(slope)),) if name == "leaky_relu" else ()),
        formula=form.formula,
        substituted=None,
        steps=(),
        result_symbol=s,
        result=None,
        interpretation=_about_your_z(shape, z, g, typed) + _at_kink([shape], z, typed),
        table=table,
        more_formulas=(form.derivative,),
        sections=(Section("Properties", _properties(shape)),)
        + _textbook_sections([name], z, typed),
        values=_textbook_values(name, z),
    )


def _textbook_values(name, z):
    """The JSON's "textbook_slope": the slope evaluated as written (σ(1 − σ),
    1 − tanh²) in float64 at each z, beside the table's true slope; sigmoid and tanh."""
    if name not in AUTOGRAD_GRADS:
        return ()
    return (("textbook_slope", tuple(float(v) for v in activate_grad_autograd(name, z))),)


def _has_arithmetic(templates):
    """False when every row would just repeat a number (identity's "z" and "1")."""
    return any(not re.fullmatch(r"\{\d\}|[\d.]+", template) for template in templates)


def _right_side(equation):
    return equation.partition(" = ")[2]


def _inputs(z, typed):
    if typed:
        return (("z", tuple(Given(v) for v in z)),)
    return (("z_start", float(z[0])), ("z_stop", float(z[-1])), ("z_count", float(z.size)))


def _properties(shape) -> tuple[Fact, ...]:
    facts = [
        Fact("Output range", _range_text(shape)),
        Fact("Zero-centred", _centred_text(shape)),
        Fact("Largest slope", _top_text(shape)),
    ]
    s = shape.symbol
    if shape.linear:
        facts.append(Fact("Linear", sentence(
            "the slope is {0} everywhere: a neuron with this activation passes w·x + b "
            "through unchanged, which is exactly linear regression. Its gradient never "
            "vanishes, but layers of such neurons stack into one linear map.",
            shape.top,
        )))  # fmt: skip
    elif shape.dead:
        facts.append(Fact("Dead zone", sentence(
            f"{s}'(z) = {{0}} for every z < 0 ({s}'({{1}}) = {{2}}): a neuron whose z "
            "stays negative gets no gradient and stops learning for good, a “dying "
            "ReLU”. Leaky ReLU with α > 0 keeps a small slope there: with α = {4}, "
            "LeakyReLU'({1}) = {3}.",
            0.0, -FAR_Z, shape.grad(-FAR_Z),
            _grad("leaky_relu", -FAR_Z, core.DEFAULT_SLOPE), Given(core.DEFAULT_SLOPE),
        )))  # fmt: skip
    elif shape.leaky:
        negative = float(shape.negative_grad[0])
        times, ratio = _times(1, _ratio(shape.top, negative))
        facts.append(Fact("Negative z", sentence(
            f"{s}'(z) = α = {{0}} for every z < 0, never 0: a neuron with negative z "
            f"still learns, {times} more slowly than for z > 0, so it cannot die as a "
            f"ReLU can (ReLU'({{2}}) = {{3}}).",
            Given(negative), ratio, -FAR_Z, _grad("relu", -FAR_Z, 0.0),
        )))  # fmt: skip
    else:
        far, farther = shape.grad(FAR_Z), shape.grad(FARTHER_Z)
        facts.append(Fact("Vanishing gradient", sentence(
            f"{s}'({{0}}) = {{1}}, {{2}}× smaller than {s}'({{3}}) = {{4}}, and "
            f"{s}'({{5}}) = {{6}}: for large |z| the function flattens out (saturates), "
            "so a neuron there passes back almost no gradient and learns very slowly.",
            FAR_Z, far, _ratio(shape.top, far), shape.top_z[0], shape.top,
            FARTHER_Z, farther,
        )))  # fmt: skip
    if shape.kinked:
        facts.append(Fact("At z = 0", _kink_text(shape)))
    return tuple(facts)


def _kink_text(shape):
    s = shape.symbol
    return sentence(
        f"a kink: the slope is {{0}} for every z < 0 and {{1}} for every z > 0, so "
        f"{s} has no derivative at z = 0. {s}'(0) = {{2}} here is a convention, the "
        "value PyTorch and TensorFlow use. An activation need only be differentiable "
        "almost everywhere, so the kink is allowed.",
        shape.grad(-FAR_Z), shape.grad(FAR_Z), shape.grad(0.0),
    )


def _at_kink(shapes, z, typed):
    """A note for the learner's z = 0 where a function has a kink there."""
    if not np.any(z == 0):
        return ()
    lines = []
    for shape in shapes:
        if shape.kinked:
            s = shape.symbol
            lines.append(sentence(
                f"At your z = 0, {s} has no derivative (a kink: slope {{0}} to the left, "
                f"{{1}} to the right); the table's {s}'(0) = {{2}} is the convention "
                "PyTorch and TensorFlow use.",
                shape.grad(-FAR_Z), shape.grad(FAR_Z), shape.grad(0.0),
            ))  # fmt: skip
    return tuple(lines)


def _range_text(shape):
    s = shape.symbol
    left = "[" if shape.lower_reached else "("
    right = "]" if shape.upper_reached else ")"
    interval = f"{left}{{0}}, {{1}}{right}"
    examples = f"{s}({{2}}) = {{3}} and {s}({{4}}) = {{5}}"
    numbers = (shape.lower, shape.upper, -FARTHER_Z, shape.value(-FARTHER_Z),
               FARTHER_Z, shape.value(FARTHER_Z))  # fmt: skip
    if np.isfinite(shape.lower) and np.isfinite(shape.upper):
        if shape.lower_reached or shape.upper_reached:
            words = "never outside it"
        else:
            words = "close to the ends but never on them"
        return sentence(f"{interval}: {examples}, {words}.", *numbers)
    if np.isfinite(shape.lower):
        words = "never below {0}" + (", and exactly {0} for z ≤ 0" if shape.lower_reached else "")
        return sentence(f"{interval}: {examples}; {words}; no upper limit.", *numbers)
    if np.isfinite(shape.upper):
        return sentence(f"{interval}: {examples}; never above {{1}}, with no lower limit.",
                        *numbers)
    return sentence(f"{interval}: {examples}; any real number can come out.", *numbers)


def _centred_text(shape):
    s = shape.symbol
    numbers = (shape.value(0.0), -MIRROR_Z, shape.value(-MIRROR_Z), MIRROR_Z,
               shape.value(MIRROR_Z))  # fmt: skip
    pair = f"{s}({{1}}) = {{2}} and {s}({{3}}) = {{4}}"
    if shape.zero_centred:
        return sentence(
            f"yes: {s}(0) = {{0}}, and {pair} mirror each other, so outputs balance "
            "around 0 and the next layer's inputs are centred.",
            *numbers,
        )
    if numbers[2] < 0:
        return sentence(
            f"not quite: {s}(0) = {{0}}, but {pair}: negative outputs are much smaller "
            "than positive ones, so outputs lean positive.",
            *numbers,
        )
    return sentence(
        f"no: {s}(0) = {{0}} and no output is negative ({pair}), so the next layer's "
        "inputs all have one sign and its weights tend to move together (zig-zag steps).",
        *numbers,
    )


def _top_text(shape):
    s = shape.symbol
    if shape.linear:
        return sentence(f"{s}'(z) = {{0}} for every z.", shape.top)
    if np.array_equal(shape.top_z, PROBE_Z[PROBE_Z > 0]):
        return sentence(
            f"{s}'(z) = {{0}} for every z > 0, however large: no saturation on that side "
            f"({s}'({{1}}) = {{2}}).",
            shape.top, LIMIT_Z, shape.grad(LIMIT_Z),
        )
    if shape.top_z.size == 1:
        return sentence(
            f"{s}'({{0}}) = {{1}}, at z = {{0}} only: the slope is smaller at every other z.",
            shape.top_z[0], shape.top,
        )
    return sentence(f"{s}'({{0}}) = {{1}}.", shape.top_z[0], shape.top)


def _about_your_z(shape, z, g, typed):
    """What the learner's own z say about learning at this activation."""
    s = shape.symbol
    n = z.size

    def mine(v):
        return Given(v) if typed else float(v)

    if shape.linear:
        return (sentence(f"At every one of your z the slope is {{0}}: {s}(z) is z itself.",
                         shape.top),)
    if shape.dead or shape.leaky:
        k = int(np.count_nonzero(z <= 0))
        numbers = (k, n, Given(shape.slope), n - k, shape.top)
        if k == 0:
            return (sentence("None of your z is ≤ 0: the slope is {4} at every one, so the "
                             "gradient passes back unchanged.", *numbers),)
        if shape.dead:
            what = "the output is 0 and no gradient passes back (dead)"
        else:
            what = "the slope is α = {2}, small but not 0, so the neuron keeps learning"
        rest = "; at the other {3} the slope is {4}." if k < n else "."
        return (sentence(f"{_count(k, n)} ≤ 0: there {what}{rest}", *numbers),)
    k = int(np.count_nonzero(g < SATURATED * shape.top))
    low = int(np.argmin(g))
    first = sentence(
        f"{_count(k, n)} saturated, that is, with {s}'(z) below {{2}}% of the largest "
        "slope, {3}.",
        k, n, Percent(SATURATED * 100), shape.top,
    )  # fmt: skip
    where = "The flattest of them is z = {0}: " if n > 1 else "At z = {0}, "
    ratio = 0.0
    if g[low] == 0:
        how = f"{s}'({{0}}) = {{1}} in float64, so no gradient passes back at all."
    elif g[low] == shape.top:
        how = f"{s}'({{0}}) = {{1}}, the largest slope there is."
    else:
        times, ratio = _times(2, _ratio(shape.top, g[low]))
        how = f"{s}'({{0}}) = {{1}}, {times} smaller than at z = {{3}}."
    return (first, sentence(where + how, mine(z[low]), g[low], ratio, shape.top_z[0]))


def _count(k, n):
    """The start of a sentence counting k of the learner's n z (slots {0} and {1})."""
    if n == 1:
        return "Your one z is" if k == 1 else "Your one z is not"
    if k == 0:
        return "None of your {1} z is"
    if k == n:
        return "Both your z are" if n == 2 else "All {1} of your z are"
    return "{0} of your {1} z are" if k > 1 else "{0} of your {1} z is"


# --- the textbook slope in float64 ---------------------------------------------------


def _textbook_off(name, z) -> np.ndarray:
    """Per z: whether the textbook slope, evaluated as written in float64, is more
    than TEXTBOOK_OFF off the true slope (sigmoid and tanh only)."""
    z = np.asarray(z, dtype=np.float64)
    if name not in AUTOGRAD_GRADS:
        return np.zeros(z.shape, dtype=bool)
    true = core.activate_grad(name, z)
    textbook = activate_grad_autograd(name, z)
    with np.errstate(divide="ignore", invalid="ignore"):
        off = np.abs(textbook - true) / true
    return (true > 0) & (off > TEXTBOOK_OFF)


# The slope's arithmetic in rows where the textbook form cancels: the form the table
# computes (σ(z)·σ(−z); 4e/(1 + e)² with e = e^(−2|z|)), and its extra operand {3}.
STABLE_SLOPE = {
    "sigmoid": ("{1}·{3}", lambda z: core.sigmoid(-np.asarray(z, dtype=np.float64))),
    "tanh": ("4·{3}/(1 + {3})²", lambda z: np.exp(-2.0 * np.abs(np.asarray(z, dtype=np.float64)))),
}


def _textbook_sections(names, z, typed) -> tuple[Section, ...]:
    """Where σ(1 − σ) or 1 − tanh², evaluated as written in float64 (as PyTorch's
    autograd does), is off the true slope the table shows: a count, then the first
    few such z with both numbers and the reason."""
    facts = []
    for name in names:
        if name not in AUTOGRAD_GRADS:
            continue
        true = core.activate_grad(name, z)
        textbook = activate_grad_autograd(name, z)
        with np.errstate(divide="ignore", invalid="ignore"):
            off = np.abs(textbook - true) / true
        noted = np.flatnonzero(_textbook_off(name, z))
        if noted.size == 0:
            continue
        form = FORMS[name]
        written, truth, close = TEXTBOOK[name]
        facts.append(Fact(form.title, sentence(
            f"at {_count_of(noted.size, z.size)} the textbook slope {written}, "
            "evaluated as written in float64 (as PyTorch's autograd does), is more than "
            f"{{2}}% off the true slope: {close} is so close to 1 that subtracting it "
            "from 1 leaves few correct digits, or none. The table shows the true slope, "
            f"computed as {truth}: equal as maths, without the cancellation.",
            noted.size, z.size, Percent(TEXTBOOK_OFF * 100),
        )))  # fmt: skip
        shown = noted if noted.size <= MAX_NOTED else noted[[0, 1, -1]]
        for i in shown:
            facts.append(_textbook_fact(name, z[i], typed, true[i], textbook[i], off[i]))
    return (Section("The textbook slope in float64", tuple(facts)),) if facts else ()


# Per function: its textbook slope, how the table computes it, and what nears 1.
TEXTBOOK = {
    "sigmoid": ("σ(z)·(1 − σ(z))", "σ(z)·σ(−z)", "σ(z)"),
    "tanh": ("1 − tanh(z)²", "4e/(1 + e)² with e = e^(−2|z|)", "tanh(z)²"),
}


def _count_of(k, n):
    """'{0} of your {1} z' or 'your z' (slots {0} and {1})."""
    if n == 1:
        return "your z"
    return "all {1} of your z" if k == n else "{0} of your {1} z"


def _textbook_fact(name, z, typed, true, textbook, off) -> Fact:
    s = FORMS[name].symbol
    value = _value(name, z, 0.0)
    if name == "sigmoid":
        written = f"{s}({{0}})·(1 − {s}({{0}}))"
        truth = f"{s}({{0}})·{s}({{5}}) = {{2}}"
    else:
        written = f"1 − {s}({{0}})²"
        truth = f"{s}'({{0}}) = {{2}}"
    if textbook == 0:
        why = f"because {s}({{0}}) rounds to {{3}} in float64"
    else:
        why = (f"{{4}}% off, because rounding {s}({{0}}) to float64 leaves few digits "
               "of its distance from {6}")
    return Fact("Example", sentence(
        f"at z = {{0}}, {written} gives {{1}} in float64, {why}; the true slope is {truth}.",
        Given(z) if typed else float(z), textbook, true, value, Percent(100 * off),
        Given(-z) if typed else -float(z), float(np.sign(value)),
    ))  # fmt: skip


# --- several activations side by side -------------------------------------------------


def compare_example(names, z, typed=False, slope=core.DEFAULT_SLOPE) -> Worked:
    """Several activations at each z, values and slopes side by side; how they
    differ; which to use where, each with its reason and numbers."""
    names = tuple(names)
    if len(names) < 2 or len(set(names)) != len(names):
        raise ValueError("compare needs at least two different activations")
    z = np.asarray(z, dtype=np.float64)
    forms = [FORMS[name] for name in names]
    columns = [Column("z", "z", z, given=typed)]
    for name, form in zip(names, forms):
        columns += [
            Column(form.symbol, name, core.activate(name, z, slope)),
            Column(f"{form.symbol}'", f"{name}_derivative", core.activate_grad(name, z, slope)),
        ]
    formulas = [text for form in forms for text in (form.formula, form.derivative)]
    shapes = [_shape(name, slope) for name in names]
    uses_slope = "leaky_relu" in names
    return Worked(
        name="compare",
        title=joined([_short(form.title) for form in forms]) + ": values and slopes side by side",
        inputs=_inputs(z, typed) + ((("slope", Given(slope)),) if uses_slope else ()),
        formula=formulas[0],
        substituted=None,
        steps=(),
        result_symbol="f",
        result=None,
        interpretation=(_slopes_at_far_z(shapes, z, typed),) + _at_kink(shapes, z, typed),
        table=ExampleTable(
            label="Each z: every function's value f and slope f'",
            formula="",
            columns=tuple(columns),
            key="rows",
        ),
        more_formulas=tuple(formulas[1:]),
        sections=(
            Section("How they differ", tuple(_summary(shape) for shape in shapes)),
            Section("Which to use where", _guidance()),
        ) + _textbook_sections(names, z, typed),
    )


def _short(title):
    return title.removesuffix(" (no activation)")


def _summary(shape) -> Fact:
    s = shape.symbol
    left = "[" if shape.lower_reached else "("
    right = "]" if shape.upper_reached else ")"
    centred = "zero-centred" if shape.zero_centred else "not zero-centred"
    head = f"outputs in {left}{{0}}, {{1}}{right}; {centred}, {s}(0) = {{2}}; "
    numbers = [shape.lower, shape.upper, shape.value(0.0)]
    if shape.linear:
        tail = "slope {3} everywhere (linear)."
        numbers.append(shape.top)
    elif shape.dead or shape.leaky:
        tail = "slope {3} for every z > 0, {4} for every z < 0"
        tail += " (dead zone)" if shape.dead else " (never 0)"
        numbers += [shape.top, float(shape.negative_grad[0])]
        if shape.kinked:
            tail += (f"; no derivative at 0 ({s}'(0) = {{5}} by convention, as in PyTorch "
                     "and TensorFlow)")
            numbers.append(shape.grad(0.0))
        tail += "."
    else:
        tail = f"slope at most {s}'({{3}}) = {{4}}, only {{5}} at z = {{6}} (saturates)."
        numbers += [shape.top_z[0], shape.top, shape.grad(FAR_Z), FAR_Z]
    return Fact(_short(FORMS[shape.name].title), sentence(head + tail, *numbers))


def _guidance() -> tuple[Fact, ...]:
    sigma = _value("sigmoid", BINARY_SCORE, core.DEFAULT_SLOPE)
    scores = np.array(CLASS_SCORES)
    probabilities = core.softmax(scores)
    return (
        Fact("Binary output", sentence(
            "sigmoid, because its output lies in (0, 1) and reads as a probability: a "
            "digit classifier's score z = {0} becomes σ({0}) = {1}, “{2}% sure it is a 7”.",
            BINARY_SCORE, sigma, round(100 * sigma),
        )),
        Fact("Multi-class output", sentence(
            "softmax, because it turns one score per class into probabilities that sum "
            "to 1: scores {0}, {1}, {2} become {3}, {4}, {5} (sum {6}).",
            *scores, *probabilities, float(np.sum(probabilities)),
        )),
        Fact("Hidden layers", sentence(
            "ReLU or a variant, because its slope is 1 for every z > 0, so it does not "
            "saturate for z > 0: ReLU'({0}) = {1} against σ'({0}) = {2}, and it is cheap. "
            "For z < 0 it is flat (slope {5}); if neurons die (z ≤ 0 for every input), "
            "use leaky ReLU: LeakyReLU'({3}) = {4}.",
            FAR_Z, _grad("relu", FAR_Z, 0.0), _grad("sigmoid", FAR_Z, 0.0),
            -FAR_Z, _grad("leaky_relu", -FAR_Z, core.DEFAULT_SLOPE), _grad("relu", -FAR_Z, 0.0),
        )),
        Fact("Regression output", sentence(
            "identity (no activation), because the prediction must be free to be any real "
            "number, such as a price or a temperature: id({0}) = {0}, while σ({0}) = {1} "
            "could never reach it.",
            REGRESSION_Z, _value("sigmoid", REGRESSION_Z, 0.0),
        )),
    )  # fmt: skip


def _slopes_at_far_z(shapes, z, typed):
    low, high = float(z.min()), float(z.max())
    far = high if abs(high) >= abs(low) else low
    shown = Given(far) if typed else far
    parts = ", ".join(f"{shape.symbol}'({{0}}) = {{{i}}}" for i, shape in enumerate(shapes, 1))
    return sentence(
        f"At your z farthest from 0, z = {{0}}, the slopes are {parts}: the larger the "
        "slope, the more of the gradient a neuron passes back to learn from.",
        shown, *(shape.grad(far) for shape in shapes),
    )


# --- curves for the figures -----------------------------------------------------------

CURVE_POINTS = 401
# With a single z the curves span this far either side of it.
HALF_WIDTH = 5.0
# The learner's own z are marked on the curve when there are at most this many.
MAX_MARKED = 50


@dataclass(frozen=True)
class ActivationCurve:
    """One activation's values and slopes along z, for drawing."""

    name: str
    title: str
    mathtext: str  # the symbol for matplotlib, e.g. r"\sigma"
    slope: float | None  # leaky ReLU's α; None for functions without one
    z: np.ndarray
    value: np.ndarray
    derivative: np.ndarray
    # The slope jumps at z = 0 (ReLU, leaky ReLU): the slope line breaks there, the
    # points in ``derivative_gap`` left out, and the jump drawn as open/closed dots.
    jump: "SlopeJump | None" = None
    derivative_gap: np.ndarray | None = None
    # Leaky ReLU whose leak is too small to see at the figure's scale: magnified.
    leak: "Leak | None" = None


@dataclass(frozen=True)
class SlopeJump:
    """Where the slope jumps: its limits from the left and right, and the value the
    tool uses there (0 for ReLU, α for leaky ReLU, as PyTorch and TensorFlow do)."""

    z: float
    left: float
    right: float
    value: float


@dataclass(frozen=True)
class Leak:
    """Leaky ReLU's negative branch, z from ``z[0]`` up to 0, to draw magnified."""

    slope: float  # α
    z: np.ndarray
    value: np.ndarray
    share: float  # |f(z[0])| as a share of the figure's whole value range


# Below this share of the value axis the leak is drawn again, magnified.
VISIBLE_LEAK = 0.05


@dataclass(frozen=True)
class MarkedPoints:
    """The learner's own z with the value and slope at each."""

    z: np.ndarray
    value: np.ndarray
    derivative: np.ndarray


@dataclass(frozen=True)
class ActivationCurves:
    title: str
    curves: tuple[ActivationCurve, ...]
    points: MarkedPoints | None = None  # only with a single curve


def activation_curves(names, z, slope=core.DEFAULT_SLOPE, mark=False) -> ActivationCurves:
    """Each activation and its slope, densely over the span of ``z`` (or ``z``
    itself when it is denser); with ``mark``, the learner's z as points too."""
    z = np.asarray(z, dtype=np.float64)
    along = _dense(z)
    values = {name: core.activate(name, along, slope) for name in names}
    low = min(float(v.min()) for v in values.values())
    high = max(float(v.max()) for v in values.values())
    curves = tuple(
        _curve(name, along, values[name], slope, high - low) for name in names
    )
    points = None
    if mark and len(curves) == 1 and z.size <= MAX_MARKED:
        name = curves[0].name
        points = MarkedPoints(z, core.activate(name, z, slope), core.activate_grad(name, z, slope))
    titles = [_short(curve.title) for curve in curves]
    title = titles[0] if len(titles) == 1 else joined(titles)
    return ActivationCurves(title=f"{title}: values and slopes", curves=curves, points=points)


def _curve(name, along, value, slope, value_range) -> ActivationCurve:
    derivative = core.activate_grad(name, along, slope)
    jump, gap = _jump(name, along, slope)
    return ActivationCurve(
        name=name,
        title=FORMS[name].title,
        mathtext=FORMS[name].mathtext,
        slope=float(slope) if name == "leaky_relu" else None,
        z=along,
        value=value,
        derivative=derivative,
        jump=jump,
        derivative_gap=gap,
        leak=_leak(name, along, value, slope, value_range),
    )


def _jump(name, along, slope):
    """The slope's jump at 0 when 0 lies inside the curve's span, and the points to
    leave out of the slope line so that no segment joins its two sides."""
    if not float(along[0]) < 0.0 < float(along[-1]):
        return None, None
    near = np.array([np.nextafter(0.0, -1.0), 0.0, np.nextafter(0.0, 1.0)])
    left, value, right = (float(g) for g in core.activate_grad(name, near, slope))
    if left == right:
        return None, None
    # The point at 0 itself, or else the first point past it: either way no segment
    # of the line crosses z = 0.
    gap = along == 0.0
    if not gap.any():
        gap = np.zeros(along.shape, dtype=bool)
        gap[int(np.argmax(along > 0.0))] = True
    return SlopeJump(0.0, left, right, value), gap


def _leak(name, along, value, slope, value_range):
    """Leaky ReLU's negative branch when it is too flat to see on the figure."""
    if name != "leaky_relu" or not float(along[0]) < 0.0 or value_range == 0.0:
        return None
    share = abs(float(value[0])) / value_range
    if share == 0.0 or share >= VISIBLE_LEAK:
        return None
    negative = along <= 0.0
    return Leak(float(slope), along[negative], value[negative], share)


def _dense(z):
    low, high = float(z.min()), float(z.max())
    if z.size > CURVE_POINTS:
        return sorted_unique(z)
    if low == high:
        span = max(HALF_WIDTH, abs(low) / 2)
        big = np.finfo(np.float64).max
        low, high = max(low - span, -big), min(high + span, big)
    # Weighted ends rather than low + (high − low)·t: the width of a range near the
    # float64 limits would overflow.
    t = np.linspace(0.0, 1.0, CURVE_POINTS)
    return low * (1.0 - t) + high * t
