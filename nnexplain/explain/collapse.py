"""Why non-linearity: two stacked linear layers are one layer (W = W1·W2,
b = b1·W2 + b2), and no linear model fits XOR while a 2-2-1 ReLU network does.

Every number comes from ``nnexplain.core`` (``core.linear``, ``core.network``);
nothing here re-implements the maths.
"""

from dataclasses import dataclass

import numpy as np

from nnexplain.core import linear, mse
from nnexplain.core.network import forward
from nnexplain.explain.worked import (
    Column,
    ExampleTable,
    Fact,
    Given,
    LabelColumn,
    Section,
    Step,
    Worked,
    formula,
    sentence,
)

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def sub(n: int) -> str:
    """A subscript index: sub(12) == "₁₂"."""
    return str(n).translate(_SUB)


def collapse_example(x=None, layers=None) -> Worked:
    """Two linear layers (no activation) and the one layer they equal, checked on
    every input; then XOR: the best linear model against a ReLU network."""
    layers = linear.example_stack() if layers is None else tuple(layers)
    _check_shape(layers)
    x = linear.example_inputs() if x is None else np.asarray(x, dtype=np.float64)
    run = linear.collapse(layers, x)
    xor = xor_comparison()
    first, second = layers
    collapse_steps = _collapse_steps(layers, run.layer)
    return Worked(
        name="linear-collapse",
        title="Why non-linearity: stacked linear layers are one layer, and XOR needs a bend",
        inputs=(
            ("layer_sizes", (first.n_in, first.n_out, second.n_out)),
            ("W1", _given(first.W.ravel())),
            ("b1", _given(first.b)),
            ("W2", _given(second.W.ravel())),
            ("b2", _given(second.b)),
            *((f"x{i + 1}", _given(x[:, i])) for i in range(first.n_in)),
        ),
        formula="ŷ = (x·W1 + b1)·W2 + b2",
        substituted=formula("x·(W1·W2) + (b1·W2 + b2) = x·W + b"),
        more_formulas=("W = W1·W2", "b = b1·W2 + b2"),
        steps=collapse_steps + _check_steps(layers, x, run, len(collapse_steps)),
        result_symbol="ŷ",
        result=None,
        table=_layers_table(layers),
        tables_after=(_collapsed_table(run.layer), _inputs_table(x, run), xor.table),
        sections=(_same_outputs(layers, run), *xor.sections),
        interpretation=(
            _depth_interpretation(run.layer),
            *xor.interpretation,
        ),
    )


def _depth_interpretation(one):
    s = _Slots()
    return s.sentence(
        "However many linear layers are stacked, the result is one linear map ŷ = x·W + b "
        f"(here W = {s.point(one.W[:, 0])}, b = {s(one.b[0])}): depth adds nothing without "
        "a non-linear activation."
    )


def _check_shape(layers):
    # The steps name W1, W2 and one output ŷ: exactly two layers, one output unit.
    if len(layers) != 2 or layers[-1].n_out != 1:
        raise ValueError("collapse_example needs two layers and one output unit")
    if any(current.activation != "identity" for current in layers):
        raise ValueError("collapse_example needs linear (identity) layers")


def _given(values):
    return tuple(Given(v) for v in np.asarray(values, dtype=np.float64))


class _Slots:
    """Numbers collected while a template is written: ``slots(v)`` returns the
    next ``{k}`` slot for v, ``slots.many(values)`` a comma-separated run."""

    def __init__(self):
        self.numbers = []

    def __call__(self, value) -> str:
        self.numbers.append(value)
        return f"{{{len(self.numbers) - 1}}}"

    def many(self, values) -> str:
        return ", ".join(self(v) for v in values)

    def point(self, values) -> str:
        return f"({self.many(values)})"

    def dot(self, a, b) -> str:
        return " + ".join(f"{self(p)}·{self(q)}" for p, q in zip(a, b))

    def formula(self, template):
        return formula(template, *self.numbers)

    def sentence(self, template):
        return sentence(template, *self.numbers)


def _dot(a, b, bias=None):
    """``a₁·b₁ + a₂·b₂ + … (+ bias)`` with the numbers in."""
    s = _Slots()
    return s.formula(s.dot(a, b) + ("" if bias is None else f" + {s(bias)}"))


# --- part 1: two linear layers are one ----------------------------------------------


def _collapse_steps(layers, one):
    first, second = layers
    W2, b2 = _given(second.W[:, 0]), Given(second.b[0])
    steps = [
        Step(f"W{sub(i + 1)}₁: x{sub(i + 1)} → ŷ", f"Σⱼ W1{sub(i + 1)}ⱼ·W2ⱼ₁",
             _dot(_given(first.W[i, :]), W2), float(one.W[i, 0]), group="Collapse: W = W1·W2")
        for i in range(one.n_in)
    ]
    steps.append(Step("b₁: bias of ŷ", "Σⱼ b1ⱼ·W2ⱼ₁ + b2₁", _dot(_given(first.b), W2, b2),
                      float(one.b[0]), group="Collapse: b = b1·W2 + b2"))
    return tuple(steps)  # fmt: skip


def _check_steps(layers, x, run, before):
    """Input 1 worked both ways: layer by layer, then through the one layer
    (``before`` steps come first, so step numbers start at before + 1)."""
    first, second = layers
    x0, h = _given(x[0]), run.passes[0].z[0]
    stack, one = "Input 1: layer by layer", "Input 1: the one layer"
    steps = [
        Step(f"Hidden unit h{sub(j + 1)}", f"Σᵢ xᵢ·W1ᵢ{sub(j + 1)} + b1{sub(j + 1)}",
             _dot(x0, _given(first.W[:, j]), Given(first.b[j])), float(h[j]), group=stack)
        for j in range(first.n_out)
    ]
    steps.append(Step("Output ŷ", "Σⱼ hⱼ·W2ⱼ₁ + b2₁",
                      _dot(h, _given(second.W[:, 0]), Given(second.b[0])),
                      float(run.stacked[0, 0]), group=stack))
    steps.append(Step("Output ŷ", "Σᵢ xᵢ·Wᵢ₁ + b₁", _dot(x0, run.layer.W[:, 0], run.layer.b[0]),
                      float(run.collapsed[0, 0]), group=one))
    difference = float(run.difference[0, 0])
    steps.append(Step("Difference", f"step {before + len(steps) - 1} − step {before + len(steps)}",
                      formula("{0} − {1}", run.stacked[0, 0], run.collapsed[0, 0]), difference,
                      None if difference == 0 else sentence("float64 rounding (see below)"),
                      group=one))
    return tuple(steps)  # fmt: skip


def _parameters_table(label, formula_text, key, names, connects, values, given):
    return ExampleTable(label, formula_text, (
        LabelColumn("Parameter", "name", tuple(names)),
        LabelColumn("Connects", "connects", tuple(connects)),
        Column("Value", "value", np.asarray(values, dtype=np.float64), given=given),
    ), key)  # fmt: skip


def _layers_table(layers):
    """Every weight and bias of the stack, naming what it connects."""
    names, connects, values = [], [], []
    for k, (current, source, target) in enumerate(zip(layers, "xh", ("h", "ŷ")), start=1):
        units = [target if current.n_out == 1 else f"{target}{sub(j + 1)}" for j in range(current.n_out)]
        for i in range(current.n_in):
            names += [f"W{k}{sub(i + 1)}{sub(j + 1)}" for j in range(current.n_out)]
            connects += [f"{source}{sub(i + 1)} → {unit}" for unit in units]
            values += list(current.W[i])
        names += [f"b{k}{sub(j + 1)}" for j in range(current.n_out)]
        connects += [f"bias of {unit}" for unit in units]
        values += list(current.b)
    first, second = layers
    label = (f"The two layers, no activation ({first.n_in} inputs → {first.n_out} hidden → "
             f"{second.n_out} output)")
    return _parameters_table(label, "h = x·W1 + b1, ŷ = h·W2 + b2", "layers", names, connects,
                             values, given=True)  # fmt: skip


def _collapsed_table(one):
    names = [f"W{sub(i + 1)}₁" for i in range(one.n_in)] + ["b₁"]
    connects = [f"x{sub(i + 1)} → ŷ" for i in range(one.n_in)] + ["bias of ŷ"]
    return _parameters_table("The one layer they collapse into", "W = W1·W2, b = b1·W2 + b2",
                             "collapsed", names, connects, [*one.W[:, 0], *one.b], given=False)  # fmt: skip


def _inputs_table(x, run):
    n_in = x.shape[1]
    hidden = run.passes[0].z
    columns = [Column(f"x{sub(i + 1)}", f"x{i + 1}", x[:, i], given=True) for i in range(n_in)]
    columns += [
        Column(f"h{sub(j + 1)}", f"h{j + 1}", hidden[:, j]) for j in range(hidden.shape[1])
    ]
    columns += [
        Column("ŷ = h·W2 + b2", "stacked", run.stacked[:, 0]),
        Column("ŷ = x·W + b", "collapsed", run.collapsed[:, 0]),
        Column("Difference", "difference", run.difference[:, 0]),
    ]
    return ExampleTable(
        label="Every input, both ways",
        formula="h = x·W1 + b1 then ŷ = h·W2 + b2, against ŷ = x·W + b",
        columns=tuple(columns),
        key="comparison",
    )


def _same_outputs(layers, run):
    first, second = layers
    distance = np.abs(run.difference[:, 0])
    worst = int(np.argmax(distance))
    if distance[worst] == 0:
        every = "for all {1} inputs" if len(distance) > 1 else "for the one input"
        same = sentence(
            "ŷ(layers) − ŷ(one layer) is exactly {0} " + every + ": both routes give the "
            "same float64", 0.0, len(distance))
    else:
        within = bool(np.all(distance <= run.bound[:, 0]))
        same = sentence(
            "the largest |ŷ(layers) − ŷ(one layer)| is {0} (input {1}): float64 rounding, as "
            "the two routes add the same products in a different order; every input is "
            + ("within" if within else "NOT within")
            + " its rounding bound (for input {1}: {2})",
            distance[worst], worst + 1, run.bound[worst, 0])
    one = run.layer
    return Section(
        "Two linear layers are one layer",
        (
            Fact("Same outputs", same),
            Fact("Parameters", sentence(
                "the two layers hold {0} weights and {1} biases; the one layer holds {2} "
                "weights and {3} bias, and gives the same ŷ for every x",
                first.W.size + second.W.size, first.b.size + second.b.size, one.W.size,
                one.b.size)),
            Fact("Any depth", sentence(
                "(x·W1 + b1)·W2 + b2 = x·(W1·W2) + (b1·W2 + b2): a third linear layer folds "
                "in the same way, and so on, so any stack of them is one layer x·W + b")),
        ),
    )  # fmt: skip


# --- part 2: XOR ---------------------------------------------------------------------


@dataclass(frozen=True)
class XorComparison:
    """The XOR table, its two sections and its interpretation sentence."""

    table: ExampleTable
    sections: tuple[Section, ...]
    interpretation: tuple


def xor_comparison() -> XorComparison:
    """XOR: the least-squares line, the ReLU network of Goodfellow et al. §6.1,
    and that network without its ReLU."""
    x, y = linear.xor_data()
    w, b = linear.least_squares(x, y)
    line = linear.linear_predict(x, w, b)
    network = linear.xor_network()
    passes = forward(network, x)
    y_net = passes[-1].a[:, 0]
    flat = linear.collapse(linear.without_activations(network), x)
    y_flat = flat.collapsed[:, 0]
    columns = (
        Column("x₁", "x1", x[:, 0], given=True),
        Column("x₂", "x2", x[:, 1], given=True),
        Column("y = XOR", "y", y, given=True),
        Column("Best line ŷ", "linear", line),
        *(Column(f"h{sub(j + 1)}", f"h{j + 1}", passes[0].a[:, j]) for j in range(passes[0].a.shape[1])),
        Column("ReLU net ŷ", "network", y_net),
        Column("No-ReLU ŷ", "no_relu", y_flat),
    )
    table = ExampleTable(
        label="XOR: the best line, a 2-2-1 ReLU network, and that network without its ReLU",
        formula="",
        columns=columns,
        key="xor",
    )
    scores = (float(mse(y, line)), float(mse(y, y_net)), float(mse(y, y_flat)))
    sections = (
        _line_section(x, y, w, b, line, scores[0]),
        _network_section(x, y, network, passes, flat, scores),
    )
    return XorComparison(table, sections, (_xor_interpretation(line, scores),))


def _mse_written(y, y_hat, value):
    s = _Slots()
    terms = " + ".join(f"({s(t)} − {s(p)})²" for t, p in zip(y, y_hat))
    return s.formula(f"({terms}) / {s(len(y))} = {s(value)}")


def _line_section(x, y, w, b, line, score):
    A, c = linear.normal_equations(x, y)
    unknowns = [f"w{sub(i + 1)}" for i in range(len(w))] + ["b"]
    s = _Slots()
    equations = ";   ".join(
        " + ".join(f"{s(a)}·{name}" for a, name in zip(row, unknowns)) + f" = {s(rhs)}"
        for row, rhs in zip(A, c)
    )
    normal = s.formula(equations)
    s = _Slots()
    solution = s.formula(
        ", ".join(f"{name} = {s(v)}" for name, v in zip(unknowns, (*w, b)))
        + f"; so ŷ = {s.many(line)} at the four corners"
    )
    same = x[:, 0] == x[:, 1]  # the diagonal (0, 0)–(1, 1), as in core.linear.diagonal_sums
    corners = [_given(row) for row in x]
    s = _Slots()
    apart = s.formula(
        "the 1s, at " + " and ".join(s.point(corners[k]) for k in np.flatnonzero(y == 1))
        + ", and the 0s, at " + " and ".join(s.point(corners[k]) for k in np.flatnonzero(y == 0))
        + ", lie on the two crossing diagonals of the square: no straight line has the 1s on "
        "one side and the 0s on the other"
    )
    on_line, off_line = linear.diagonal_sums(x, line)
    wanted_on, wanted_off = linear.diagonal_sums(x, y)
    s = _Slots()
    left = " + ".join(f"ŷ{s.point(corners[k])}" for k in np.flatnonzero(same))
    right = " + ".join(f"ŷ{s.point(corners[k])}" for k in np.flatnonzero(~same))

    def added(values, total):
        return " + ".join(s(v) for v in values) + f" = {s(total)}"

    why = s.formula(
        f"any linear model gives {left} = {right}, as both are 2·b + w₁ + w₂ (here "
        f"{added(line[same], on_line)} and {added(line[~same], off_line)}); XOR needs "
        f"{added(y[same], wanted_on)} on the left but {added(y[~same], wanted_off)} on the right"
    )
    return Section(
        "XOR: the best line (least squares fit of ŷ = x₁·w₁ + x₂·w₂ + b)",
        (
            Fact("Normal equations", normal),
            Fact("Solution", solution),
            Fact("MSE", _mse_written(y, line, score)),
            Fact("No line separates", apart),
            Fact("Why", why),
        ),
    )


def _network_section(x, y, network, passes, flat, scores):
    first, second = network
    s = _Slots()
    units = s.formula(", ".join(
        f"h{sub(j + 1)} = ReLU("
        + " + ".join(f"{s(Given(first.W[i, j]))}·x{sub(i + 1)}" for i in range(first.n_in))
        + f" + {s(Given(first.b[j]))})"
        for j in range(first.n_out)
    ))  # fmt: skip
    s = _Slots()
    output = s.formula(
        "ŷ = " + " + ".join(f"{s(Given(w))}·h{sub(j + 1)}" for j, w in enumerate(second.W[:, 0]))
        + f" + {s(Given(second.b[0]))}"
    )
    z2, h2 = passes[0].z[:, 1], passes[0].a[:, 1]
    bent = int(np.flatnonzero(h2 != 0)[0])
    s = _Slots()
    bend = s.formula(
        f"z₂ = {s(Given(first.W[0, 1]))}·x₁ + {s(Given(first.W[1, 1]))}·x₂ + {s(Given(first.b[1]))} "
        f"is {s.many(z2)} at the four corners, a straight ramp; ReLU cuts off its negative part: "
        f"h₂ = ReLU(z₂) = {s.many(h2)}, non-zero only at {s.point(_given(x[bent]))}, so the "
        f"output can subtract it there alone: ŷ = "
        + " + ".join(f"{s(w)}·{s(h)}" for w, h in zip(second.W[:, 0], passes[0].a[bent]))
        + f" + {s(second.b[0])} = {s(passes[-1].a[bent, 0])}"
    )
    one = flat.layer
    s = _Slots()
    without = s.formula(
        "the same weights collapse (W = W1·W2, b = b1·W2 + b2) to ŷ = "
        + " + ".join(f"{s(w)}·x{sub(i + 1)}" for i, w in enumerate(one.W[:, 0]))
        + f" + {s(one.b[0])}, which gives {s.many(flat.collapsed[:, 0])} at the corners: "
        f"MSE {s(scores[2])}; being linear, it cannot beat the best line's MSE {s(scores[0])}"
    )
    return Section(
        "XOR: a 2-2-1 ReLU network (weights from Goodfellow, Bengio & Courville, "
        "Deep Learning, 2016, §6.1)",
        (
            Fact("Hidden units", units),
            Fact("Output", output),
            Fact("The bend", bend),
            Fact("MSE", _mse_written(y, passes[-1].a[:, 0], scores[1])),
            Fact("Without ReLU", without),
        ),
    )


def _xor_interpretation(line, scores):
    s = _Slots()
    if np.all(line == line[0]):
        said = f"On XOR the best linear model outputs {s(line[0])} at every corner (MSE {s(scores[0])})"
    else:
        said = f"On XOR the best linear model reaches only MSE {s(scores[0])}"
    fits = "fits every corner exactly" if scores[1] == 0 else "reaches"
    return sentence(
        said + "; one ReLU hidden layer bends the space so that a 2-2-1 network "
        f"{fits} (MSE {s(scores[1])}).", *s.numbers)
