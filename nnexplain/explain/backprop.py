"""Backpropagation for one example: every gradient by the chain rule, as arithmetic,
then one gradient-descent step and the loss before and after it.

The gradients are ``nnexplain.core.network.backward``'s (with one example the cost
is that example's loss); each step shows the factors the core multiplied.
"""

import numpy as np

from nnexplain.core import DEFAULT_SLOPE, activate_grad
from nnexplain.core.network import backward, forward, network_cost, updated
from nnexplain.explain.activation_forms import FORMS
from nnexplain.explain.network import Names, describe, given_layers, network_inputs, sub
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
)

LOSS_FORMULAS = {
    "squared": ("L = (y − ŷ)²", "({0} − {1})²"),
    "log": ("L = −[y·ln(ŷ) + (1 − y)·ln(1 − ŷ)]", "−[{0}·ln({1}) + (1 − {0})·ln(1 − {1})]"),
}
LOSS_SLOPES = {
    "squared": ("∂L/∂ŷ = −2·(y − ŷ)", "−2·({0} − {1})"),
    "log": ("∂L/∂ŷ = −y/ŷ + (1 − y)/(1 − ŷ)", "−{0}/{1} + (1 − {0})/(1 − {1})"),
}
LOSS_TITLES = {"squared": "squared loss", "log": "log loss"}
CHAIN_RULE = (
    "∂L/∂wᵢⱼ = ∂L/∂aⱼ·∂aⱼ/∂zⱼ·∂zⱼ/∂wᵢⱼ = δⱼ·inputᵢ",
    "∂L/∂bⱼ = ∂L/∂aⱼ·∂aⱼ/∂zⱼ·1 = δⱼ",
    "∂L/∂aⱼ = Σₖ wⱼₖ·δₖ",
    "w_new = w − lr·∂L/∂w",
)
# The sum ∂L/∂aⱼ = Σₖ wⱼₖ·δₖ is written with each weight's name up to this many
# units in the next layer, and as Σₖ beyond.
MAX_NAMED_TERMS = 3
# Its numbers are written out in full up to this many terms; more show the
# first three and the last two.
MAX_TERMS_WRITTEN = 6


def backprop_example(layers, x, target, loss="squared", lr=0.01, slope=DEFAULT_SLOPE) -> Worked:
    """The forward pass, each unit's error signal and each parameter's gradient
    (output layer first), every parameter's update, and the loss before and after."""
    names = Names(layers)
    x, y, lr = tuple(Given(v) for v in x), Given(target), Given(lr)
    x_array = np.asarray(x, dtype=np.float64)
    passes = forward(layers, x_array, slope)
    grads = backward(layers, passes, [y], loss, slope)
    stepped = updated(layers, grads, lr)
    y_hat = float(passes[-1].a[0])
    given = given_layers(layers)
    steps = []
    for l in range(names.depth, 0, -1):
        steps += _layer_steps(names, l, layers, passes, grads, given, x, y, y_hat, loss, slope)
    before = network_cost(layers, x_array, [y], loss, slope)
    after = network_cost(stepped, x_array, [y], loss, slope)
    passes_after = forward(stepped, x_array, slope)
    y_hat_after = float(passes_after[-1].a[0])
    loss_formula, loss_template = LOSS_FORMULAS[loss]
    return Worked(
        name="backprop",
        title=f"Backpropagation through {describe(layers)}: {LOSS_TITLES[loss]}, one step",
        inputs=(("x", x), ("y", y), ("lr", lr)) + network_inputs(layers),
        formula=loss_formula,
        substituted=formula(loss_template, y, y_hat),
        more_formulas=(LOSS_SLOPES[loss][0],) + CHAIN_RULE,
        steps=tuple(steps),
        result_symbol="L",
        result=before,
        table=_forward_table(names, layers, passes, slope),
        tables_after=tuple(
            _parameter_table(names, l, layers[l - 1], grads[l - 1], stepped[l - 1], given[l - 1], lr)
            for l in range(1, names.depth + 1)
        ),
        sections=(_step_section(loss, y, y_hat, y_hat_after, before, after, lr),),
        interpretation=_interpretation(names, layers, passes, grads, stepped, given, loss, y, y_hat)
        + _switched_off(names, layers, passes, passes_after),
    )


# --- the steps, unit by unit ----------------------------------------------------------


def _layer_steps(names, l, layers, passes, grads, given, x, y, y_hat, loss, slope):
    current, step, grad = layers[l - 1], passes[l - 1], grads[l - 1]
    form = FORMS[current.activation]
    fprime = activate_grad(current.activation, step.z, slope)
    inputs = x if l == 1 else tuple(float(v) for v in step.a_prev)
    steps = []
    for j in range(current.n_out):
        group, unit, z = names.group(l, j), names.unit(l, j), names.z(l, j)
        da, slope_j, dz = float(grad.da[j]), float(fprime[j]), float(grad.dz[j])
        if l == names.depth:
            slope_formula, slope_template = LOSS_SLOPES[loss]
            steps.append(Step(f"Slope of L in {unit}", slope_formula,
                              formula(slope_template, y, y_hat), da, group=group))  # fmt: skip
        else:
            steps.append(_through_next_layer(names, l, j, layers[l], grads[l], given[l][0], da, group))
        choice = form.pick(float(step.z[j]))
        template = form.grad_templates[0 if choice is None else int(choice)]
        chain = f"∂L/∂{unit}·∂{unit}/∂{z}"
        steps += [
            Step(f"Slope of {unit} in {z}", f"∂{unit}/∂{z} = {form.symbol}'({z})",
                 formula(template, float(step.z[j]), float(step.a[j]), slope), slope_j, group=group),
            Step(f"Error signal of {unit}", f"{names.delta(l, j)} = {chain}",
                 formula("{0}·{1}", da, slope_j), dz, group=group),
        ]  # fmt: skip
        for i in range(current.n_in):
            weight = names.weight(l, i, j)
            steps.append(Step(
                f"∂L/∂{weight} ({names.connects(l, i, j)})",
                f"{chain}·{names.source(l, i)}",
                formula("{0}·{1}·{2}", da, slope_j, inputs[i]),
                float(grad.dW[i, j]),
                group=group,
            ))  # fmt: skip
        bias = names.bias(l, j)
        steps.append(Step(f"∂L/∂{bias} (bias of {unit})", f"{chain}·1",
                          formula("{0}·{1}·1", da, slope_j), float(grad.db[j]), group=group))  # fmt: skip
    return steps


def _through_next_layer(names, l, j, next_layer, next_grad, next_W, da, group):
    """∂L/∂aⱼ = Σₖ wⱼₖ·δₖ over the units k of layer l + 1 that unit j feeds."""
    unit, n = names.unit(l, j), next_layer.n_out
    if n <= MAX_NAMED_TERMS:
        symbolic = " + ".join(f"{names.weight(l + 1, j, k)}·{names.delta(l + 1, k)}" for k in range(n))
    else:
        symbolic = f"Σₖ w⁽{l + 1}⁾{sub(j + 1)}ₖ·δ⁽{l + 1}⁾ₖ".translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
    shown = list(range(n)) if n <= MAX_TERMS_WRITTEN else [0, 1, 2, None, n - 2, n - 1]
    pieces, numbers = [], []
    for k in shown:
        if k is None:
            pieces.append("…")
            continue
        pieces.append(f"{{{len(numbers)}}}·{{{len(numbers) + 1}}}")
        numbers += [next_W[j][k], float(next_grad.dz[k])]
    fed = ", ".join(names.unit(l + 1, k) for k in range(n)) if n <= MAX_NAMED_TERMS else f"{n} units"
    label = f"Slope of L in {unit}, via {fed}"
    return Step(label, f"∂L/∂{unit} = {symbolic}", formula(" + ".join(pieces), *numbers), da, group=group)


# --- tables ---------------------------------------------------------------------------


def _forward_table(names, layers, passes, slope) -> ExampleTable:
    """One row per unit: z, a = f(z) with the numbers in, a, and f'(z)."""
    units, z, a, fprime, choice, templates = [], [], [], [], [], []
    for l, (current, step) in enumerate(zip(layers, passes), start=1):
        form = FORMS[current.activation]
        picks = form.pick(step.z)
        for j in range(current.n_out):
            template = form.value_templates[0 if picks is None else int(picks[j])]
            if template not in templates:
                templates.append(template)
            choice.append(templates.index(template))
            units.append(names.unit(l, j))
        z += step.z.tolist()
        a += step.a.tolist()
        fprime += activate_grad(current.activation, step.z, slope).tolist()
    z, a = np.array(z), np.array(a)
    return ExampleTable(
        label="Forward pass (nnexplain forward shows every product)",
        formula="z = Σᵢ inputᵢ·wᵢ + b, a = f(z)",
        columns=(
            LabelColumn("Unit", "unit", tuple(units)),
            Column("z", "z", z),
            FormulaColumn("f(z)", "a_written", tuple(templates),
                          (z, a, np.full(z.size, slope)), choice=np.array(choice)),
            Column("a", "a", a),
            Column("f'(z)", "slope", np.array(fprime)),
        ),
        key="forward",
    )  # fmt: skip


def _parameter_table(names, l, current, grad, stepped, given, lr) -> ExampleTable:
    """Every weight and bias of layer l: value, gradient, the update, new value."""
    W, b = given
    labels, connects = [], []
    for i in range(current.n_in):
        for j in range(current.n_out):
            labels.append(names.weight(l, i, j))
            connects.append(names.connects(l, i, j))
    for j in range(current.n_out):
        labels.append(names.bias(l, j))
        connects.append(f"bias of {names.unit(l, j)}")
    value = np.concatenate([current.W.reshape(-1), current.b])
    gradient = np.concatenate([grad.dW.reshape(-1), grad.db])
    new = np.concatenate([stepped.W.reshape(-1), stepped.b])
    return ExampleTable(
        label=f"{names.layer_name(l)}, gradients and one step",
        formula="w_new = w − lr·∂L/∂w",
        columns=(
            LabelColumn("Parameter", "parameter", tuple(labels)),
            LabelColumn("Connects", "connects", tuple(connects)),
            Column("Value", "value", value, given=True),
            Column("∂L/∂w", "gradient", gradient),
            FormulaColumn("w − lr·∂L/∂w", "update_written", ("{0} − {1}·{2}",),
                          (value, np.full(value.size, float(lr)), gradient), given=(True, True, False)),
            Column("New value", "updated", new),
        ),
        key=f"layer{l}",
    )  # fmt: skip


# --- the step and what it means -------------------------------------------------------


def _step_section(loss, y, y_hat, y_hat_after, before, after, lr) -> Section:
    facts = [
        Fact("Before", _loss_line(loss, y, y_hat, before)),
        Fact("After", _loss_line(loss, y, y_hat_after, after)),
        Fact("Change", _change(before, after, lr)),
    ]
    return Section("One gradient-descent step: every parameter moves against its gradient",
                   (Fact("Rule", sentence("w_new = w − lr·∂L/∂w with lr = {0}", lr)), *facts))


def _loss_line(loss, y, y_hat, value):
    _, template = LOSS_FORMULAS[loss]
    shifted = template.replace("{1}", "{2}").replace("{0}", "{1}")
    # A formula, so that a negative ŷ is bracketed: (1 − (−0.5))².
    return formula("ŷ = {0}, L = " + shifted + " = {3}", y_hat, y, y_hat, value)


def _change(before, after, lr):
    if after < before:
        return sentence("the loss went down by {0} ({1}% lower)", before - after,
                        100.0 * (before - after) / before)
    if after > before:
        return sentence("the loss went UP by {0}: the step overshot, so the learning rate is too "
                        "large for this example; try a smaller one (--lr), e.g. {1}", after - before,
                        lr / 10)
    return sentence("the loss did not change: no gradient could move it")


def _interpretation(names, layers, passes, grads, stepped, given, loss, y, y_hat):
    lines = []
    if loss == "log":
        lines.append(sentence(
            "With a sigmoid output and log loss the slopes cancel: δ = ∂L/∂ŷ·σ'(z) = ŷ − y = "
            "{0} − {1} = {2}, the plain error.", y_hat, y, float(grads[-1].dz[0])))  # fmt: skip
    for l, (current, step) in enumerate(zip(layers, passes), start=1):
        if l < names.depth:
            lines += _dead_units(names, l, current, step, grads[l - 1], layers[l])
    lines += _zero_inputs(names, layers, passes)
    lines.append(_largest(names, layers, grads, stepped, given))
    lines.append(sentence(
        "A positive gradient means raising the parameter raises the loss, so the step lowers "
        "it; a negative gradient, the other way round."))  # fmt: skip
    return tuple(lines)


def _dead_units(names, l, current, step, grad, next_layer):
    """Hidden units whose f'(z) is 0: their incoming parameters learn nothing here."""
    lines = []
    form = FORMS[current.activation]
    fprime = activate_grad(current.activation, step.z)
    for j in np.flatnonzero(fprime == 0):
        unit = names.unit(l, j)
        params = [names.weight(l, i, j) for i in range(current.n_in)] + [names.bias(l, j)]
        lines.append(sentence(
            f"{unit}'s weighted sum {names.z(l, j)} = {{0}} is not positive, so "
            f"{form.symbol}'({names.z(l, j)}) = 0 and {names.delta(l, j)} = 0: "
            f"{_join(params)} get no gradient from this example (a unit that is off for every "
            "input never learns: a \"dead\" ReLU).", float(step.z[j])))  # fmt: skip
    return lines


def _switched_off(names, layers, passes, passes_after):
    """(Leaky) ReLU units the step turned off for this input: z was > 0, is now ≤ 0."""
    lines = []
    for l, (current, step, now) in enumerate(zip(layers[:-1], passes, passes_after), start=1):
        if current.activation not in ("relu", "leaky_relu"):
            continue
        for j in np.flatnonzero((step.z > 0) & (now.z <= 0)):
            unit = names.unit(l, j)
            lines.append(sentence(
                f"The step switched {unit} off for this input: its weighted sum {names.z(l, j)} "
                f"went from {{0}} to {{1}}, so {unit} is now {{2}}. A step this large changes which "
                "units are active; a smaller learning rate moves less at once.", float(step.z[j]), float(now.z[j]),
                float(now.a[j])))  # fmt: skip
    return tuple(lines)


def _zero_inputs(names, layers, passes):
    """Inputs or units that are exactly 0: the weights leaving them get no gradient."""
    lines = []
    for l, (current, step) in enumerate(zip(layers, passes), start=1):
        for i in np.flatnonzero(step.a_prev == 0):
            source = names.source(l, i)
            leaving = [names.weight(l, i, j) for j in range(current.n_out)]
            lines.append(sentence(
                f"{source} = 0, so ∂z/∂w = {source} = 0 for {_join(leaving)}: a weight from an "
                "input that is 0 gets no gradient either."))  # fmt: skip
    return lines


def _largest(names, layers, grads, stepped, given):
    best = None
    for l, (current, grad) in enumerate(zip(layers, grads), start=1):
        for (i, j), g in np.ndenumerate(grad.dW):
            if best is None or abs(g) > abs(best[0]):
                best = (float(g), names.weight(l, i, j), names.connects(l, i, j),
                        given[l - 1][0][i][j], float(stepped[l - 1].W[i, j]))
        for j, g in enumerate(grad.db):
            if abs(g) > abs(best[0]):
                best = (float(g), names.bias(l, j), f"bias of {names.unit(l, j)}",
                        given[l - 1][1][j], float(stepped[l - 1].b[j]))
    g, name, connects, old, new = best
    if g == 0:
        return sentence("Every gradient is 0: this example cannot change any parameter.")
    return sentence(
        f"The largest gradient is ∂L/∂{name} = {{0}} ({connects}): the loss is most sensitive "
        f"to {name}, and the step moves it most, from {{1}} to {{2}}.", g, old, new)


def _join(names):
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
