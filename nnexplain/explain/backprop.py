"""Backpropagation for one example: every gradient by the chain rule, as arithmetic,
then one gradient-descent step and the loss before and after it.

The gradients are ``nnexplain.core.network.backward``'s (with one example the cost
is that example's loss); each step shows the factors the core multiplied.
"""

import numpy as np

from nnexplain.core import DEFAULT_SLOPE, activate_grad, sigmoid
from nnexplain.core.losses import log_loss_pytorch
from nnexplain.core.network import (
    BCE_DRIFT_Z,
    SIGMOID_ONE_Z,
    backward,
    exact_zero_gradients,
    forward,
    network_cost,
    updated,
)
from nnexplain.explain.activation_forms import FORMS
from nnexplain.explain.network import Names, describe, given_layers, network_inputs, sub
from nnexplain.explain.worked import (
    Column,
    ExampleTable,
    Fact,
    Filled,
    FormulaColumn,
    Given,
    LabelColumn,
    Percent,
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
# Log loss on a sigmoid output, worked from z: 1 − ŷ is its own number, σ(−z), so
# it keeps its digits where ŷ rounds towards 1 (and is not 0 where ŷ rounds to 1).
LOGIT_LOSS = "−[{0}·ln({1}) + (1 − {0})·ln({2})]"
LOGIT_SLOPE = "−{0}/{1} + (1 − {0})/{2}"
SOFTPLUS_FORMULA = "L = max(z, 0) − y·z + ln(1 + e^(−|z|))"
# BCELoss within this relative difference of L differs by rounding only (the
# tolerance BCE_DRIFT_Z is measured at).
BCE_CLOSE = 1e-12
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
    logit = loss == "log" and layers[-1].activation == "sigmoid"
    given = given_layers(layers)
    steps = []
    for l in range(names.depth, 0, -1):
        steps += _layer_steps(names, l, layers, passes, grads, given, x, y, y_hat, loss, slope, logit)
    before = network_cost(layers, x_array, [y], loss, slope)
    after = network_cost(stepped, x_array, [y], loss, slope)
    passes_after = forward(stepped, x_array, slope)
    y_hat_after = float(passes_after[-1].a[0])
    z, z_after = float(passes[-1].z[0]), float(passes_after[-1].z[0])
    loss_formula, loss_template = LOSS_FORMULAS[loss]
    if logit:
        substituted = formula(LOGIT_LOSS, y, y_hat, float(sigmoid(-z)))
        more = (SOFTPLUS_FORMULA, LOSS_SLOPES[loss][0]) + CHAIN_RULE
        sections = (_step_section(loss, y, y_hat, y_hat_after, before, after, lr, grads, (z, z_after)),
                    _logit_section(y, z, y_hat, before, float(grads[-1].dz[0])))
    else:
        substituted = formula(loss_template, y, y_hat)
        more = (LOSS_SLOPES[loss][0],) + CHAIN_RULE
        sections = (_step_section(loss, y, y_hat, y_hat_after, before, after, lr, grads),)
    values = (("loss_before", before), ("loss_after", after), ("y_hat", y_hat),
              ("y_hat_after", y_hat_after), ("delta", float(grads[-1].dz[0])))
    return Worked(
        name="backprop",
        title=f"Backpropagation through {describe(layers)}: {LOSS_TITLES[loss]}, one step",
        inputs=(("x", x), ("y", y), ("lr", lr)) + network_inputs(layers),
        formula=loss_formula,
        substituted=substituted,
        more_formulas=more,
        steps=tuple(steps),
        result_symbol="L",
        result=before,
        table=_forward_table(names, layers, passes, slope),
        tables_after=tuple(
            _parameter_table(names, l, layers[l - 1], grads[l - 1], stepped[l - 1], given[l - 1], lr)
            for l in range(1, names.depth + 1)
        ),
        sections=sections,
        interpretation=_interpretation(names, layers, passes, grads, stepped, given, loss, y, y_hat, logit)
        + _switched_off(names, layers, passes, passes_after),
        values=values,
    )


# --- the steps, unit by unit ----------------------------------------------------------


def _layer_steps(names, l, layers, passes, grads, given, x, y, y_hat, loss, slope, logit):
    current, step, grad = layers[l - 1], passes[l - 1], grads[l - 1]
    form = FORMS[current.activation]
    fprime = activate_grad(current.activation, step.z, slope)
    inputs = x if l == 1 else tuple(float(v) for v in step.a_prev)
    steps = []
    for j in range(current.n_out):
        group, unit, z = names.group(l, j), names.unit(l, j), names.z(l, j)
        da, slope_j, dz = float(grad.da[j]), float(fprime[j]), float(grad.dz[j])
        z_j, a_j = float(step.z[j]), float(step.a[j])
        # The cancelled form δ = ŷ − y, computed from z: no ∞·0 where ŷ rounds to 1.
        direct = logit and l == names.depth
        if direct:
            note = None
            if da == float("inf"):
                note = sentence("1/(1 − ŷ) is more than the largest float64 here; δ = ŷ − y below "
                                "does not need it.")  # fmt: skip
            steps.append(Step(f"Slope of L in {unit}", LOSS_SLOPES[loss][0],
                              formula(LOGIT_SLOPE, y, y_hat, float(sigmoid(-z_j))), da, note=note,
                              group=group))  # fmt: skip
        elif l == names.depth:
            slope_formula, slope_template = LOSS_SLOPES[loss]
            steps.append(Step(f"Slope of L in {unit}", slope_formula,
                              formula(slope_template, y, y_hat), da, group=group))  # fmt: skip
        else:
            steps.append(_through_next_layer(names, l, j, layers[l], grads[l], given[l][0], da, group))
        chain = f"∂L/∂{unit}·∂{unit}/∂{z}"
        if current.activation == "sigmoid":
            # σ'(z) = σ(z)·(1 − σ(z)) with 1 − σ(z) = σ(−z) as its own number, the
            # product the core computes (1 − a would lose digits as a nears 1).
            slope_step = Step(f"Slope of {unit} in {z}", f"∂{unit}/∂{z} = {unit}·(1 − {unit})",
                              formula("{0}·{1}", a_j, float(sigmoid(-z_j))), slope_j, group=group)
        else:
            choice = form.pick(z_j)
            template = form.grad_templates[0 if choice is None else int(choice)]
            slope_step = Step(f"Slope of {unit} in {z}", f"∂{unit}/∂{z} = {form.symbol}'({z})",
                              formula(template, z_j, a_j, slope), slope_j, group=group)
        steps.append(slope_step)
        if direct:
            symbolic, written = _delta_written(y, y_hat, z_j)
            delta = names.delta(l, j)
            # The chain's factors are in the rows above; for z > 0 the row has room
            # only for the form the numbers are written in.
            shown = f"{delta} = {chain} = {symbolic}" if z_j <= 0 else f"{delta} = {symbolic}"
            steps.append(Step(f"Error signal of {unit}", shown, written, dz, group=group))
            factors, template, chain = (dz,), "{0}·", delta
        else:
            steps.append(Step(f"Error signal of {unit}", f"{names.delta(l, j)} = {chain}",
                              formula("{0}·{1}", da, slope_j), dz, group=group))  # fmt: skip
            factors, template = (da, slope_j), "{0}·{1}·"
        for i in range(current.n_in):
            weight = names.weight(l, i, j)
            steps.append(Step(
                f"∂L/∂{weight} ({names.connects(l, i, j)})",
                f"{chain}·{names.source(l, i)}",
                formula(template + f"{{{len(factors)}}}", *factors, inputs[i]),
                float(grad.dW[i, j]),
                group=group,
            ))  # fmt: skip
        bias = names.bias(l, j)
        steps.append(Step(f"∂L/∂{bias} (bias of {unit})", f"{chain}·1",
                          formula(template + "1", *factors), float(grad.db[j]), group=group))  # fmt: skip
    return steps


def _delta_written(y, y_hat, z):
    """δ = ŷ − y with the numbers in: as (1 − y) − (1 − ŷ) when ŷ > 1/2, where
    1 − ŷ = σ(−z) keeps the digits that ŷ itself has rounded away."""
    if z > 0:
        return "ŷ − y = (1 − y) − (1 − ŷ)", formula("(1 − {0}) − {1}", y, float(sigmoid(-z)))
    return "ŷ − y", formula("{0} − {1}", y_hat, y)


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
            # Old and new values at one precision, so they compare digit by digit;
            # the update formula beside them keeps the given digits exactly.
            Column("Value", "value", value),
            Column("∂L/∂w", "gradient", gradient),
            FormulaColumn("w − lr·∂L/∂w", "update_written", ("{0} − {1}·{2}",),
                          (value, np.full(value.size, float(lr)), gradient), given=(True, True, False)),
            Column("New value", "updated", new),
        ),
        key=f"layer{l}",
    )  # fmt: skip


# --- the step and what it means -------------------------------------------------------


def _step_section(loss, y, y_hat, y_hat_after, before, after, lr, grads, zs=None) -> Section:
    z, z_after = zs if zs is not None else (None, None)
    facts = [
        Fact("Before", _loss_line(loss, y, y_hat, before, z)),
        Fact("After", _loss_line(loss, y, y_hat_after, after, z_after)),
        Fact("Change", _change(before, after, lr, grads)),
    ]
    return Section("One gradient-descent step: every parameter moves against its gradient",
                   (Fact("Rule", sentence("w_new = w − lr·∂L/∂w with lr = {0}", lr)), *facts))


def _loss_line(loss, y, y_hat, value, z=None):
    if z is not None:  # log loss from z: 1 − ŷ = σ(−z) as its own number
        template = LOGIT_LOSS.replace("{2}", "{3}").replace("{1}", "{2}").replace("{0}", "{1}")
        return formula("ŷ = {0}, L = " + template + " = {4}", y_hat, y, y_hat, float(sigmoid(-z)), value)
    _, template = LOSS_FORMULAS[loss]
    shifted = template.replace("{1}", "{2}").replace("{0}", "{1}")
    # A formula, so that a negative ŷ is bracketed: (1 − (−0.5))².
    return formula("ŷ = {0}, L = " + shifted + " = {3}", y_hat, y, y_hat, value)


def _logit_section(y, z, y_hat, loss_value, delta) -> Section:
    """L and δ from z, as PyTorch's BCEWithLogitsLoss; what BCELoss gives from ŷ."""
    bce = float(log_loss_pytorch(y, y_hat, dtype=np.float64))
    if bce == loss_value:
        here = sentence("here it gives {0} too, the same in float64.", bce)
    elif abs(bce - loss_value) <= BCE_CLOSE * abs(loss_value):
        here = sentence("here it gives {0}, within {1} (rounding only).", bce, abs(bce - loss_value))
    else:
        here = sentence("here it gives {0}, off by {1}.", bce, abs(bce - loss_value))
    return Section("Log loss from z, as PyTorch's BCEWithLogitsLoss computes it", (
        Fact("From z", formula(SOFTPLUS_FORMULA + " = max({0}, 0) − {1}·{0} + ln(1 + e^(−|{0}|)) = {2}",
                               z, y, loss_value)),
        Fact("δ", sentence("ŷ − y = {0}, computed directly, never as ∂L/∂ŷ·σ'(z) (no division by "
                           "ŷ·(1 − ŷ)): the gradient BCEWithLogitsLoss gives.", delta)),
        Fact("BCELoss", Filled(
            "PyTorch's BCELoss takes the rounded ŷ instead of z and caps each ln at −100; " + here.template
            + " In float64 it is off by more than 1e-12 (relative) for y = 0 from z ≈ {%d}, gives the cap "
            "100 instead of L once ŷ rounds to 1 (z ≥ {%d}), and for y = 1 caps once z < −100."
            % (len(here.numbers), len(here.numbers) + 1),
            here.numbers + (BCE_DRIFT_Z, SIGMOID_ONE_Z))),
    ))  # fmt: skip


def _change(before, after, lr, grads):
    if after == before:
        biggest = max(float(np.max(np.abs(np.concatenate([g.dW.reshape(-1), g.db])))) for g in grads)
        if biggest > 0:
            return sentence("the loss did not change in float64: the largest move, lr·|∂L/∂w| = {0}, "
                            "is too small to change it", lr * biggest)  # fmt: skip
    if after < before:
        return sentence("the loss went down by {0} ({1}% lower)", before - after,
                        Percent(100.0 * (before - after) / before))
    if after > before:
        return sentence("the loss went UP by {0}: the step overshot, so the learning rate is too "
                        "large for this example; try a smaller one (--lr), e.g. {1}", after - before,
                        lr / 10)
    return sentence("the loss did not change: no gradient could move it")


def _interpretation(names, layers, passes, grads, stepped, given, loss, y, y_hat, logit):
    lines = []
    if logit:
        symbolic, written = _delta_written(y, y_hat, float(passes[-1].z[0]))
        lines.append(Filled(
            "With a sigmoid output and log loss the slopes cancel: δ = ∂L/∂ŷ·σ'(z) = " + symbolic + " = "
            + written.template + " = {%d}, the plain error." % len(written.numbers),
            written.numbers + (float(grads[-1].dz[0]),), math=True))  # fmt: skip
    for l, (current, step) in enumerate(zip(layers, passes), start=1):
        if l < names.depth:
            lines += _dead_units(names, l, current, step, grads[l - 1], layers[l])
    lines += _zero_inputs(names, layers, passes)
    exact = exact_zero_gradients(layers, passes, grads, [y], loss)
    lines.append(_largest(names, layers, grads, stepped, given, exact))
    lines.append(sentence(
        "A positive gradient means raising the parameter raises the loss, so the step lowers "
        "it; a negative gradient, the other way round."))  # fmt: skip
    return tuple(lines)


def _dead_units(names, l, current, step, grad, next_layer):
    """Hidden units whose f'(z) is 0: their incoming parameters learn nothing here."""
    lines = []
    if current.activation != "relu":  # only a ReLU's slope is exactly 0 (z ≤ 0)
        return lines
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


def _largest(names, layers, grads, stepped, given, exact):
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
    if g == 0 and all(np.all(dW) and np.all(db) for dW, db in exact):
        return sentence("Every gradient is 0: this example cannot change any parameter.")
    if g == 0:
        return sentence(
            "Every gradient computes to 0 in float64, but not every one is 0 in exact arithmetic: "
            "a saturated unit makes them smaller than the smallest float64 ({0}), so they round to "
            "0 and this step cannot change any parameter.", float(np.finfo(np.float64).smallest_subnormal))
    if new == float(old):
        return sentence(
            f"The largest gradient is ∂L/∂{name} = {{0}} ({connects}): the loss is most sensitive "
            f"to {name}, yet the step is too small to change it in float64: it stays {{1}}.", g, old)
    return sentence(
        f"The largest gradient is ∂L/∂{name} = {{0}} ({connects}): the loss is most sensitive "
        f"to {name}, and the step moves it most, by {{3}}: from {{1}} to {{2}}.",
        g, float(old), new, new - float(old))


def _join(names):
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
