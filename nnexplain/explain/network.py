"""The forward pass of a small dense network, neuron by neuron.

Every number comes from ``nnexplain.core.network``; nothing here re-implements the
maths. Names follow Keras' layout: ``W⁽ˡ⁾[i][j]`` (written w⁽ˡ⁾ᵢⱼ, counting from 1)
connects input i of layer l to its unit j; z⁽ˡ⁾ⱼ is unit j's weighted sum plus bias.
The shared naming lives here too, for explain/backprop.py.
"""

import numpy as np

from nnexplain.core import DEFAULT_SLOPE
from nnexplain.core.network import forward as forward_pass
from nnexplain.core.network import input_terms, parameter_count, predict
from nnexplain.core.losses import squared_error
from nnexplain.core.symmetry import between, first_swappable, swap_units
from nnexplain.core.activations import weighted_sum
from nnexplain.explain.activation_forms import FORMS
from nnexplain.explain.worked import (
    Column,
    ExampleTable,
    Fact,
    FormulaColumn,
    Given,
    LabelColumn,
    Section,
    Step,
    Worked,
    formula,
    sentence,
    written_sum,
)

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def sub(n: int) -> str:
    return str(n).translate(_SUB)


def sup(n: int) -> str:
    return f"⁽{str(n).translate(_SUP)}⁾"


def pair(i: int, j: int) -> str:
    """The subscript of wᵢⱼ; a comma separates two-digit indices (w₁₀,₂)."""
    return sub(i) + sub(j) if i < 10 and j < 10 else f"{sub(i)},{sub(j)}"


class Names:
    """What to call every input, unit, weight and bias of one network."""

    def __init__(self, layers):
        self.layers = tuple(layers)
        self.depth = len(self.layers)
        hidden = self.depth - 1
        self._units = []
        for l, current in enumerate(self.layers, start=1):
            n = current.n_out
            if l == self.depth:
                self._units.append(["ŷ"] if n == 1 else [f"ŷ{sub(j)}" for j in range(1, n + 1)])
            elif hidden == 1:
                self._units.append([f"h{sub(j)}" for j in range(1, n + 1)])
            else:
                self._units.append([f"h{sup(l)}{sub(j)}" for j in range(1, n + 1)])
        self._inputs = [f"x{sub(i)}" for i in range(1, self.layers[0].n_in + 1)]

    def unit(self, l: int, j: int) -> str:
        """Unit j (from 0) of layer l (from 1): h₂, h⁽²⁾₁, ŷ or ŷ₂."""
        return self._units[l - 1][j]

    def source(self, l: int, i: int) -> str:
        """Input i (from 0) of layer l: x₁ for the first layer, else the unit before."""
        return self._inputs[i] if l == 1 else self.unit(l - 1, i)

    def sources(self, l: int) -> str:
        """The inputs of layer l as a list, e.g. x₁, x₂."""
        return ", ".join(self.source(l, i) for i in range(self.layers[l - 1].n_in))

    def weight(self, l, i, j) -> str:
        return f"w{sup(l)}{pair(i + 1, j + 1)}"

    def bias(self, l, j) -> str:
        return f"b{sup(l)}{sub(j + 1)}"

    def z(self, l, j) -> str:
        return f"z{sup(l)}{sub(j + 1)}"

    def delta(self, l, j) -> str:
        return f"δ{sup(l)}{sub(j + 1)}"

    def connects(self, l, i, j) -> str:
        return f"{self.source(l, i)} → {self.unit(l, j)}"

    def vector(self, l) -> str:
        """All of layer l's outputs (l = 0: the inputs) as one symbol: x, h, h⁽¹⁾, ŷ."""
        return "x" if l == 0 else self.unit(l, 0).rstrip("₀₁₂₃₄₅₆₇₈₉")

    def layer_name(self, l) -> str:
        return "Output layer" if l == self.depth else f"Hidden layer {l}"

    def group(self, l, j) -> str:
        """The heading of one unit's steps, e.g. "Hidden layer 1, unit h₂"."""
        return f"{self.layer_name(l)}, unit {self.unit(l, j)}"

    def shape(self) -> str:
        """2-2-1: the number of inputs, then the units of each layer."""
        return "-".join(str(n) for n in [self.layers[0].n_in] + [c.n_out for c in self.layers])


# How an activation reads inside a sentence ("ReLU hidden layer, sigmoid output").
ACTIVATION_WORDS = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "leaky ReLU",
             "identity": "identity"}  # fmt: skip


def describe(layers) -> str:
    """"a 2-2-1 network (ReLU hidden layer, identity output)"."""
    names = Names(layers)
    hidden = [ACTIVATION_WORDS[c.activation] for c in layers[:-1]]
    output = ACTIVATION_WORDS[layers[-1].activation]
    if not hidden:
        parts = f"no hidden layer, {output} output"
    elif len(set(hidden)) == 1:
        parts = f"{hidden[0]} hidden layer{'s' if len(hidden) > 1 else ''}, {output} output"
    else:
        parts = f"hidden layers {', '.join(hidden)}; {output} output"
    return f"a {names.shape()} network ({parts})"


def given_layers(layers):
    """Each layer's W and b as the numbers the learner gave (shown exactly)."""
    return [
        ([[Given(v) for v in row] for row in current.W.tolist()], [Given(v) for v in current.b.tolist()])
        for current in layers
    ]


def network_inputs(layers) -> tuple:
    """(name, numbers) for every W (row by row) and b, for a program to read."""
    pairs = []
    for l, current in enumerate(layers, start=1):
        pairs.append((f"W{l}", tuple(Given(v) for v in current.W.reshape(-1).tolist())))
        pairs.append((f"b{l}", tuple(Given(v) for v in current.b.tolist())))
    return tuple(pairs)


# --- the model summary ----------------------------------------------------------------


def summary_table(layers, names) -> ExampleTable:
    """One row per layer like Keras' model.summary(), then the total."""
    labels, activations, shapes = [], [], []
    n_in, n_out, weights, biases = [], [], [], []
    for l, current in enumerate(layers, start=1):
        labels.append(names.layer_name(l))
        activations.append(FORMS[current.activation].title)
        shapes.append(f"(None, {current.n_out})")
        n_in.append(current.n_in)
        n_out.append(current.n_out)
        weights.append(current.W.size)
        biases.append(current.b.size)
    parameters = [current.parameters for current in layers]
    total = parameter_count(layers)
    choice = np.array([0] * len(layers) + [1])
    return ExampleTable(
        label="Model summary, as in Keras (None: any batch size)",
        formula="parameters = n_in·n_out weights + n_out biases",
        columns=(
            LabelColumn("Layer", "layer", tuple(labels) + ("Total",)),
            LabelColumn("Activation", "activation", tuple(activations) + ("",)),
            LabelColumn("Output shape", "output_shape", tuple(shapes) + ("",)),
            FormulaColumn("Weights", "weights_written", ("{0}·{1} = {2}", "{2}"),
                          (_floats(n_in + [0]), _floats(n_out + [0]), _floats(weights + [sum(weights)])),
                          choice=choice),
            Column("Biases", "biases", _floats(biases + [sum(biases)])),
            Column("Parameters", "parameters", _floats(parameters + [total])),
        ),
        key="summary",
    )  # fmt: skip


def _floats(values):
    return np.array(values, dtype=np.float64)


# --- the forward pass -----------------------------------------------------------------


def forward_example(layers, x, slope=DEFAULT_SLOPE) -> Worked:
    """Every unit of every layer: each input times its weight, the sum, plus the
    bias, the activation; then the next layer from these outputs."""
    names = Names(layers)
    x = tuple(Given(v) for v in x)
    passes = forward_pass(layers, np.asarray(x, dtype=np.float64), slope)
    given = given_layers(layers)
    steps = []
    for l, (current, step) in enumerate(zip(layers, passes), start=1):
        inputs = x if l == 1 else tuple(float(v) for v in step.a_prev)
        steps += unit_steps(names, l, current, step, inputs, given[l - 1], slope)
    output = passes[-1].a
    single = output.size == 1
    swap = swap_section(layers, names, x, slope) if single else None
    swap_sections, swap_values = ((), ()) if swap is None else ((swap[0],), swap[1])
    return Worked(
        name="forward",
        title=f"Forward pass through {describe(layers)}",
        inputs=(("x", x),) + network_inputs(layers),
        formula=layer_formulas(layers, names)[0],
        substituted=_output_substituted(layers, names, passes),
        more_formulas=layer_formulas(layers, names)[1:] + activation_formulas(layers),
        steps=tuple(steps),
        result_symbol=names.unit(names.depth, 0),
        result=float(output[0]) if single else None,
        table=summary_table(layers, names),
        tables_after=() if single else (_outputs_table(names, output),),
        sections=(connections_section(layers, names),) + swap_sections,
        interpretation=forward_interpretation(layers, names, passes, x, slope),
        values=swap_values,
    )


def layer_formulas(layers, names) -> tuple[str, ...]:
    """Each layer as vectors, output layer first: ŷ = id(h·W⁽²⁾ + b⁽²⁾), h = …"""
    return tuple(
        f"{names.vector(l)} = {FORMS[current.activation].of(f'{names.vector(l - 1)}·W{sup(l)} + b{sup(l)}')}"
        for l, current in reversed(list(enumerate(layers, start=1)))
    )


def activation_formulas(layers) -> tuple[str, ...]:
    """Each activation's formula, once, in layer order."""
    seen = dict.fromkeys(FORMS[current.activation].formula for current in layers)
    return tuple(seen)


def _output_substituted(layers, names, passes):
    """The output unit's f(h₁·w₁ + … + b) with the numbers in (one output unit only)."""
    last = layers[-1]
    if last.n_out != 1 or last.n_in > 6:
        return None
    given = given_layers(layers)[-1]
    inputs = passes[-1].a_prev.tolist()
    terms = " + ".join(f"{{{2 * i}}}·{{{2 * i + 1}}}" for i in range(last.n_in))
    numbers = [n for i in range(last.n_in) for n in (inputs[i], given[0][i][0])]
    if names.depth == 1:
        numbers = [Given(n) if k % 2 == 0 else n for k, n in enumerate(numbers)]
    template = FORMS[last.activation].of(f"{terms} + {{{len(numbers)}}}")
    return formula(template, *numbers, given[1][0])


def unit_steps(names, l, current, step, inputs, given, slope):
    """The steps of every unit of layer l: products, sum, plus bias, activation."""
    W, b = given
    form = FORMS[current.activation]
    terms = input_terms(step.a_prev, current.W)
    steps = []
    for j in range(current.n_out):
        group, unit, z = names.group(l, j), names.unit(l, j), names.z(l, j)
        for i in range(current.n_in):
            steps.append(Step(
                f"{names.weight(l, i, j)}: {names.connects(l, i, j)}",
                f"{names.source(l, i)}·{names.weight(l, i, j)}",
                formula("{0}·{1}", inputs[i], W[i][j]),
                float(terms[i, j]),
                group=group,
            ))  # fmt: skip
        total = float(weighted_sum(step.a_prev, current.W[:, j], 0.0))
        zj, aj = float(step.z[j]), float(step.a[j])
        choice = form.pick(zj)
        template = form.value_templates[0 if choice is None else int(choice)]
        steps += [
            Step("Add up the products", f"Σᵢ {names.vector(l - 1)}ᵢ·w{sup(l)}ᵢ{sub(j + 1)}",
                 written_sum(terms[:, j]), total, group=group),
            Step(f"Add the bias {names.bias(l, j)}", f"{z} = Σ + {names.bias(l, j)}",
                 formula("{0} + {1}", total, b[j]), zj, group=group),
            Step("Apply the activation", f"{unit} = {form.of(z)}",
                 formula(template, zj, aj, slope), aj, group=group),
        ]  # fmt: skip
    return steps


def _outputs_table(names, output) -> ExampleTable:
    units = tuple(names.unit(names.depth, j) for j in range(output.size))
    return ExampleTable(
        label="The network's outputs",
        formula="",
        columns=(LabelColumn("Unit", "unit", units), Column("Output", "output", np.asarray(output))),
        key="outputs",
    )


# --- which weight connects what -------------------------------------------------------


def connections_section(layers, names) -> Section:
    """How to read each W: rows are inputs, columns are units; one example entry."""
    facts = []
    for l, current in enumerate(layers, start=1):
        rows, cols = current.n_in, current.n_out
        units = ", ".join(names.unit(l, j) for j in range(cols))
        facts.append(Fact(
            f"W{sup(l)} ({rows}×{cols})",
            sentence(f"rows are the inputs {names.sources(l)}, columns the units {units}: "
                     f"w{sup(l)}ᵢⱼ is input i → unit j"),
        ))  # fmt: skip
    example = _off_diagonal(layers)
    if example is not None:
        l = example
        value = Given(float(layers[l - 1].W[0, 1]))
        facts.append(Fact(
            "For example",
            sentence(f"W{sup(l)} row 1, column 2 is {{0}} = {names.weight(l, 0, 1)}: "
                     f"{names.connects(l, 0, 1)}, input 1 to unit 2 (W{l}[0][1] in a JSON file, "
                     f"which counts from 0). Reading the rows as units, as some tutorials do, "
                     f"would wrongly make it {names.source(l, 1)} → {names.unit(l, 0)}.", value),
        ))  # fmt: skip
    return Section("Which weight connects what (Keras' layout: rows = inputs, columns = units)", tuple(facts))


def _off_diagonal(layers):
    """The first layer with an entry W[0][1] whose meaning flips when the matrix is
    read the wrong way round (at least two inputs and two units), or None."""
    for l, current in enumerate(layers, start=1):
        if current.n_in >= 2 and current.n_out >= 2:
            return l
    return None


# --- two weight settings, one function: the cost is not convex ---------------------


def swap_section(layers, names, x, slope):
    """``(Section, values)``: swap two hidden units — the same output, so the same
    cost, at two different points; halfway between them the cost is higher. None
    when no hidden layer has two different units."""
    l = first_swappable(layers)
    if l is None:
        return None
    inputs = np.asarray(x, dtype=np.float64)
    swapped = swap_units(layers, l, 0, 1)
    middle = between(layers, swapped, 0.5)
    y_hat = float(predict(layers, inputs, slope)[0])
    y_swapped = float(predict(swapped, inputs, slope)[0])
    y_middle = float(predict(middle, inputs, slope)[0])
    # The target is the network's own prediction, so the loss is 0 at the start.
    loss_swapped = float(squared_error(y_hat, y_swapped))
    loss_middle = float(squared_error(y_hat, y_middle))
    one, two = names.unit(l + 1, 0), names.unit(l + 1, 1)
    w_next = f"W{sup(l + 2)}"
    swapped_text = (
        f"exchange their weights and biases (columns 1 and 2 of W{sup(l + 1)} and b{sup(l + 1)}, rows 1 and 2 "
        f"of {w_next}): different weights, yet every input gets the same output {{0}}"
    )
    if y_swapped == y_hat:
        swap_fact = sentence(swapped_text + ", exactly", y_swapped)
    else:  # the two products are added in the other order
        swap_fact = sentence(swapped_text + " (up to rounding in the last digits: {1})", y_swapped, y_swapped - y_hat)
    facts = [
        Fact(f"Swap {one} and {two}", swap_fact),
        Fact("Halfway between", sentence(
            "the average of the two weight settings gives ŷ = {0} for this input", y_middle)),
    ]  # fmt: skip
    if loss_middle > loss_swapped:
        facts.append(Fact("The cost", sentence(
            "with the target y = {0} (squared loss), the loss is 0 at the weights above and {1} after the "
            "swap, but {2} halfway between: higher than at both ends. A convex function is never above "
            "the straight line between two of its values, so this cost is not convex in the weights; it "
            "has at least two equally good minima. A linear model's cost is convex in (w, b).",
            y_hat, loss_swapped, loss_middle)))  # fmt: skip
    section = Section("Two weight settings, one function: why a network's cost is not convex", tuple(facts))
    values = (
        ("swap_layer", float(l + 1)),
        ("swap_output", y_swapped),
        ("midpoint_output", y_middle),
        ("swap_loss", loss_swapped),
        ("midpoint_loss", loss_middle),
    )
    return section, values


# --- what it means --------------------------------------------------------------------


def forward_interpretation(layers, names, passes, x, slope):
    lines = []
    for l, (current, step) in enumerate(zip(layers, passes), start=1):
        if l < names.depth:
            lines.append(_layer_outputs(names, l, step.a))
        if current.activation in ("relu", "leaky_relu"):
            lines += _off_units(names, l, current, step)
    output = passes[-1].a
    if output.size == 1:
        lines.append(sentence(
            f"{names.unit(names.depth, 0)} = {{0}} is the network's prediction for "
            f"x = ({', '.join('{' + str(k + 1) + '}' for k in range(len(x)))}): the same "
            "arithmetic, done for all units at once as Z = A·W + b, is what a framework's "
            "predict() computes.", float(output[0]), *x))  # fmt: skip
    lines.append(_parameter_sentence(layers))
    return tuple(lines)


def _layer_outputs(names, l, a):
    slots = ", ".join(f"{{{k}}}" for k in range(a.size))
    return sentence(
        f"{names.layer_name(l)} gives {names.vector(l)} = ({slots}): these are the inputs of "
        f"{'the output layer' if l + 1 == names.depth else f'hidden layer {l + 1}'}.", *a.tolist())


def _off_units(names, l, current, step):
    """A sentence for each (leaky) ReLU unit whose weighted sum is not positive."""
    lines = []
    for j in np.flatnonzero(step.z <= 0):
        unit, z = names.unit(l, j), names.z(l, j)
        feeds = f" and {unit} adds nothing to the next layer" if l < names.depth else ""
        if current.activation == "relu":
            lines.append(sentence(
                f"{unit} = {{0}}: its weighted sum {z} = {{1}} is not positive, so ReLU outputs 0"
                f"{feeds} for this input.", float(step.a[j]), float(step.z[j])))  # fmt: skip
        else:
            lines.append(sentence(
                f"{unit} = {{0}}: its weighted sum {z} = {{1}} is not positive, so leaky ReLU "
                f"scales it by α = {{2}} instead of passing it on.", float(step.a[j]), float(step.z[j]),
                DEFAULT_SLOPE))  # fmt: skip
    return lines


def _parameter_sentence(layers):
    each = ", ".join(
        f"{{{3 * k}}}·{{{3 * k + 1}}} + {{{3 * k + 1}}} = {{{3 * k + 2}}}" for k in range(len(layers))
    )
    numbers = []
    for current in layers:
        numbers += [current.n_in, current.n_out, current.parameters]
    total = parameter_count(layers)
    return sentence(
        f"{{{len(numbers)}}} parameters in all: a layer with n_in inputs and n_out units has "
        f"n_in·n_out weights + n_out biases (layer by layer: {each}).", *numbers, total)
