"""Training one neuron by gradient descent: the run, its worked example, and the
data its figures draw. Every number comes from ``nnexplain.core.training``.

The worked example shows the start (random w and b, the cost), the first update
as arithmetic (each gradient as a sum over the examples, then w ← w − lr·∂J/∂w),
a table of sampled epochs, and where training ended beside the truth, the exact
least-squares minimum (line task) or the accuracy (logistic task).
"""

from dataclasses import dataclass

import numpy as np

from nnexplain.core import training as gd
from nnexplain.core.losses import per_example_loss
from nnexplain.explain.worked import (
    Column,
    ExampleTable,
    Fact,
    Given,
    Section,
    Step,
    Worked,
    formula,
    sentence,
    written_sum,
)

# A run counts as arrived when its cost is within this fraction of the exact minimum.
CLOSE_TO_MINIMUM = 1e-6
# The progress callback is told this many times over a run (plus the end).
PROGRESS_UPDATES = 100

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


@dataclass(frozen=True)
class Problem:
    """What to train on and how: the examples (rows of x, targets y), the seed of
    the starting parameters, the learning rate and the number of epochs. ``noise``
    is set for generated line data, ``source`` (a file name) for the learner's."""

    task: str
    x: np.ndarray
    y: np.ndarray
    seed: int
    lr: float
    epochs: int
    fit_bias: bool = True
    noise: float | None = None
    source: str | None = None

    @property
    def m(self) -> int:
        return self.y.shape[0]

    @property
    def features(self) -> int:
        return self.x.shape[1]


def generated_problem(task, n, noise, seed, lr, epochs, fit_bias=True) -> Problem:
    """A problem on data the core generates from ``seed``."""
    if task == "line":
        x, y = gd.line_data(n, noise, seed)
        return Problem(task, x, y, seed, lr, epochs, fit_bias, noise=noise)
    x, y = gd.logistic_data(n, seed)
    return Problem(task, x, y, seed, lr, epochs, fit_bias)


@dataclass(frozen=True)
class Reference:
    """Parameters and cost to compare a run with, and how they were found."""

    w: np.ndarray
    b: float
    cost: float
    how: str  # "least squares" or "gradient descent"


@dataclass(frozen=True)
class Outcome:
    """A finished (or diverged) run with what it is compared against: the exact
    minimum for the same model (line task) and, without a bias, the model with one."""

    problem: Problem
    start_w: np.ndarray
    start_b: float
    run: gd.Training
    optimum: Reference | None = None
    with_bias: Reference | None = None  # None for a logistic comparison that diverged


def train(problem: Problem, progress=None) -> Outcome:
    """Run gradient descent (and, without a bias, what it is compared with).
    ``progress(done, total)`` is told how many epochs have run."""
    p = problem
    start_w, start_b = gd.starting_parameters(p.features, p.seed, p.fit_bias)
    twice = p.task == "logistic" and not p.fit_bias  # the comparison is a second run
    total = p.epochs * (2 if twice else 1)
    run = _run(p, start_w, start_b, p.fit_bias, progress, 0, total)
    if run.diverged_at is not None:
        return Outcome(p, start_w, start_b, run)
    if p.task == "line":
        w, b = gd.least_squares(p.x, p.y, p.fit_bias)
        optimum = Reference(w, b, gd.neuron_cost(p.x, p.y, w, b), "least squares")
        with_bias = None
        if not p.fit_bias:
            w, b = gd.least_squares(p.x, p.y, True)
            with_bias = Reference(w, b, gd.neuron_cost(p.x, p.y, w, b), "least squares")
        return Outcome(p, start_w, start_b, run, optimum, with_bias)
    if not twice:
        return Outcome(p, start_w, start_b, run)
    w, b = gd.starting_parameters(p.features, p.seed, True)
    other = _run(p, w, b, True, progress, p.epochs, total)
    if other.diverged_at is not None:
        return Outcome(p, start_w, start_b, run)
    return Outcome(p, start_w, start_b, run,
                   with_bias=Reference(other.w, other.b, other.final_cost, "gradient descent"))


def _run(p, w, b, fit_bias, progress, offset, total):
    def report(epoch):
        progress(offset + epoch, total)

    return gd.train_neuron(p.x, p.y, w, b, p.lr, p.epochs, p.task, fit_bias,
                           record=recorded_epochs(p.epochs),
                           progress=None if progress is None else report,
                           progress_every=max(1, p.epochs // PROGRESS_UPDATES))


def recorded_epochs(epochs):
    """The epochs whose parameters a run keeps: the table's and the path's."""
    return sorted({*gd.table_epochs(epochs), *gd.path_epochs(epochs)})


# --- names --------------------------------------------------------------------------


def _sub(j) -> str:
    return str(j).translate(_SUBSCRIPTS)


def weight_names(k) -> tuple[str, ...]:
    """("w",) for one input, else ("w₁", "w₂", …)."""
    return ("w",) if k == 1 else tuple(f"w{_sub(j)}" for j in range(1, k + 1))


def input_names(k) -> tuple[str, ...]:
    return ("x",) if k == 1 else tuple(f"x{_sub(j)}" for j in range(1, k + 1))


def _keys(prefix, k):
    """Names a program reads: "w" or "w1", "w2", …"""
    return (prefix,) if k == 1 else tuple(f"{prefix}{j}" for j in range(1, k + 1))


def _weighted(k, fit_bias, slots=False) -> str:
    """"w·x + b" or "w₁·x₁ + w₂·x₂ + b"; with ``slots`` the weights (and b) are
    numbered slots {0}, {1}, … for ``formula``."""
    terms = [f"{{{j}}}·{x}" if slots else f"{w}·{x}"
             for j, (w, x) in enumerate(zip(weight_names(k), input_names(k)))]
    if fit_bias:
        terms.append(f"{{{k}}}" if slots else "b")
    return " + ".join(terms)


def _row_weighted(k, fit_bias) -> str:
    """"w·xᵢ + b" or "w₁·xᵢ₁ + w₂·xᵢ₂ + b": example i's weighted sum."""
    terms = [f"{w}·xᵢ{'' if k == 1 else _sub(j)}" for j, w in enumerate(weight_names(k), start=1)]
    return " + ".join(terms + (["b"] if fit_bias else []))


def _model(task, text) -> str:
    return text if task == "line" else f"σ({text})"


# --- the worked example ---------------------------------------------------------------


def training_example(outcome: Outcome) -> Worked:
    """The whole run as a worked example (the run must not have diverged)."""
    o, p = outcome, outcome.problem
    run, k = o.run, p.features
    factor = "2/m" if p.task == "line" else "1/m"
    x_j = "xᵢ" if k == 1 else "xᵢⱼ"
    w_j = "w" if k == 1 else "wⱼ"
    more = ["σ(z) = 1 / (1 + e^(−z))"] if p.task == "logistic" else []
    more += [_COST_FORMULA[p.task], f"∂J/∂{w_j} = ({factor})·Σ (ŷᵢ − yᵢ)·{x_j}"]
    if p.fit_bias:
        more.append(f"∂J/∂b = ({factor})·Σ (ŷᵢ − yᵢ)")
    parameters = [*run.w, run.b] if p.fit_bias else [*run.w]
    table, start_terms = _start_table(o)
    return Worked(
        name=f"train_{p.task}",
        title=_title(p),
        inputs=_inputs(p),
        formula="ŷ = " + _model(p.task, _weighted(k, p.fit_bias)),
        substituted=formula(_model(p.task, _weighted(k, p.fit_bias, slots=True)), *parameters),
        more_formulas=tuple(more),
        steps=_start_steps(o, start_terms) + _update_steps(o, start_terms),
        result_symbol="J",
        result=None,
        table=table,
        tables_after=(_history_table(o),),
        sections=_sections(o),
        interpretation=_interpretation(o),
    )


_COST_FORMULA = {
    "line": "J = (1/m)·Σ (yᵢ − ŷᵢ)²",
    "logistic": "J = −(1/m)·Σ [yᵢ·ln(ŷᵢ) + (1 − yᵢ)·ln(1 − ŷᵢ)]",
}
# The log loss is written out under J above; the table's title only names it.
_LOSS_FORMULA = {"line": "Lᵢ = (yᵢ − ŷᵢ)²", "logistic": "Lᵢ its log loss"}


def _title(p) -> str:
    if p.task == "line":
        what = "Gradient descent: one neuron learns a line"
        data = f"{p.m} examples of y = 2x + 1 + noise" if p.source is None else f"{p.m} examples from {p.source}"
    else:
        what = "Gradient descent: one sigmoid neuron learns two classes"
        data = f"{p.m} examples" if p.source is None else f"{p.m} examples from {p.source}"
    return f"{what} ({data}{'' if p.fit_bias else ', bias fixed at 0'})"


def _inputs(p):
    inputs = [("m", float(p.m)), ("seed", Given(p.seed)), ("lr", Given(p.lr)),
              ("epochs", float(p.epochs))]
    if p.noise is not None:
        inputs.append(("noise", Given(p.noise)))
    return tuple(inputs)


def _start_table(o):
    """Every example with the starting parameters: ŷ, its loss, the error ŷ − y
    and (for up to two inputs) the error times each input, the terms of ∂J/∂w."""
    p, k = o.problem, o.problem.features
    _, loss, _ = gd.TASKS[p.task]
    y_hat = gd.neuron_output(p.x, o.start_w, o.start_b, p.task)
    with np.errstate(over="ignore", invalid="ignore"):
        losses = per_example_loss(p.y, y_hat, loss=loss)
        error = y_hat - p.y
        terms = error[:, None] * p.x
    given = p.source is not None
    columns = [Column(name, key, np.ascontiguousarray(p.x[:, j]), given=given)
               for j, (name, key) in enumerate(zip(input_names(k), _keys("x", k)))]
    columns += [Column("y", "y", p.y, given=given), Column("ŷ", "y_hat", y_hat),
                Column("L", "loss", losses), Column("ŷ − y", "error", error)]
    if k <= 2:
        columns += [Column(f"(ŷ − y)·{x}", f"error_times_{key}", np.ascontiguousarray(terms[:, j]))
                    for j, (x, key) in enumerate(zip(input_names(k), _keys("x", k)))]
    table = ExampleTable(
        label="Epoch 0 (random start)",
        formula=f"ŷᵢ = {_model(p.task, _row_weighted(k, p.fit_bias))}, {_LOSS_FORMULA[p.task]}",
        columns=tuple(columns),
    )
    return table, (losses, error, terms)


def _start_steps(o, start_terms):
    p, k = o.problem, o.problem.features
    losses = start_terms[0]
    group = "Start (epoch 0)"
    low, high = gd.START_RANGE
    drawn = sentence("U({0}, {1}), seed {2}", low, high, Given(p.seed))
    steps = []
    for j, name in enumerate(weight_names(k)):
        steps.append(Step(f"Starting weight {name}", f"{name} = random", drawn,
                          float(o.start_w[j]), group=group))
    if p.fit_bias:
        steps.append(Step("Starting bias b", "b = random", drawn, o.start_b, group=group))
    with np.errstate(over="ignore"):
        total = float(np.sum(losses))
    steps += [
        Step(f"Add up the {p.m} losses", "Σ Lᵢ", written_sum(losses), total, group=group),
        Step("Cost at the start", "J = (1/m)·Σ Lᵢ", formula("{0} / {1}", total, p.m),
             float(o.run.costs[0]), group=group),
    ]
    return tuple(steps)


def _update_steps(o, start_terms):
    """The first update, epoch 0 → 1, as arithmetic."""
    p, run, k = o.problem, o.run, o.problem.features
    _, error, terms = start_terms
    dw, db = gd.neuron_gradient(p.x, p.y, o.start_w, o.start_b, p.task)
    two = "2·" if p.task == "line" else ""
    factor = "2/m" if p.task == "line" else "1/m"
    group = "Update 1 (epoch 0 → 1)"
    steps = []
    for j, (w, x) in enumerate(zip(weight_names(k), input_names(k))):
        x_i = "xᵢ" if k == 1 else f"xᵢ{_sub(j + 1)}"
        total = float(np.sum(terms[:, j]))
        steps += [
            Step(f"Add up errors times {x}", f"Σ (ŷᵢ − yᵢ)·{x_i}", written_sum(terms[:, j]),
                 total, group=group),
            Step(f"Gradient for {w}", f"∂J/∂{w} = ({factor})·Σ (ŷᵢ − yᵢ)·{x_i}",
                 formula(two + "{0} / {1}", total, p.m), float(dw[j]), group=group),
        ]
    if p.fit_bias:
        total = float(np.sum(error))
        steps += [
            Step("Add up errors", "Σ (ŷᵢ − yᵢ)", written_sum(error), total, group=group),
            Step("Gradient for b", f"∂J/∂b = ({factor})·Σ (ŷᵢ − yᵢ)",
                 formula(two + "{0} / {1}", total, p.m), db, group=group),
        ]
    lr = Given(p.lr)
    epoch_1 = int(np.searchsorted(run.epochs, 1))
    for j, w in enumerate(weight_names(k)):
        steps.append(Step(f"New {w}", f"{w} ← {w} − lr·∂J/∂{w}",
                          formula("{0} − {1}·{2}", o.start_w[j], lr, dw[j]),
                          float(run.ws[epoch_1][j]), group=group))
    if p.fit_bias:
        steps.append(Step("New b", "b ← b − lr·∂J/∂b", formula("{0} − {1}·{2}", o.start_b, lr, db),
                          float(run.bs[epoch_1]), group=group))
    before, after = float(run.costs[0]), float(run.costs[epoch_1])
    if after < before:
        note = sentence("lower than {0} at the start: the step went downhill", before)
    elif after == before:
        note = sentence("the same as at the start: the step did not change the cost")
    else:
        note = sentence("higher than {0} at the start: the step overshot the minimum", before)
    steps.append(Step("Cost after one update", "J = (1/m)·Σ Lᵢ",
                      sentence("the same sum with the new parameters"), after, note=note, group=group))
    return tuple(steps)


def _history_table(o):
    p, run, k = o.problem, o.run, o.problem.features
    shown = np.isin(run.epochs, gd.table_epochs(p.epochs))
    columns = [Column("epoch", "epoch", run.epochs[shown].astype(np.float64))]
    columns += [Column(name, key, np.ascontiguousarray(run.ws[shown, j]))
                for j, (name, key) in enumerate(zip(weight_names(k), _keys("w", k)))]
    if p.fit_bias:
        columns.append(Column("b", "b", run.bs[shown]))
    columns.append(Column("J", "cost", run.costs[shown]))
    if p.task == "logistic":
        correct = [gd.accuracy(p.x, p.y, w, b) for w, b in zip(run.ws[shown], run.bs[shown])]
        columns.append(Column("accuracy", "accuracy", np.array(correct)))
    w = "w" if k == 1 else "wⱼ"
    rule = f"{w} ← {w} − lr·∂J/∂{w}"
    return ExampleTable(
        label="Sampled epochs: the parameters and J after that many updates",
        formula=rule + (", b ← b − lr·∂J/∂b" if p.fit_bias else ""),
        columns=tuple(columns),
        key="history",
    )


# --- sections and interpretation -------------------------------------------------------


def _parameters(names, values, fit_bias, b):
    """Template "w = {0}, b = {1}" and its numbers (slots start at 0)."""
    parts = [f"{name} = {{{j}}}" for j, name in enumerate(names)]
    numbers = [float(v) for v in values]
    if fit_bias:
        parts.append(f"b = {{{len(numbers)}}}")
        numbers.append(float(b))
    return ", ".join(parts), numbers


def _shifted(template, by):
    """Renumber the slots of ``template`` by ``by``: "{0}" → "{2}" for by = 2."""
    import re

    return re.sub(r"\{(\d+)\}", lambda match: f"{{{int(match.group(1)) + by}}}", template)


def _escaped(text):
    return text.replace("{", "{{").replace("}", "}}")


def _sections(o):
    sections = [_setup_section(o.problem), _result_section(o)]
    if not o.problem.fit_bias:
        sections.append(_no_bias_section(o))
    return tuple(sections)


def _setup_section(p):
    facts = []
    if p.source is not None:
        names = ", ".join(input_names(p.features))
        facts.append(Fact("Examples", sentence(
            _escaped(f"{p.m} rows of {p.source}: inputs {names}, target y"))))
    elif p.task == "line":
        low, high = gd.LINE_X_RANGE
        facts += [
            Fact("Examples", sentence("{0} pairs (x, y), generated with --seed {1}", p.m, Given(p.seed))),
            Fact("x", sentence("uniform in [{0}, {1}]", low, high)),
            Fact("y", sentence("{0}·x + {1} + noise, the noise normal with mean 0 and standard "
                               "deviation --noise {2}", gd.TRUE_W, gd.TRUE_B, Given(p.noise))),
        ]
    else:
        (a, b), (c, d) = gd.LOGISTIC_CENTRES
        facts += [
            Fact("Examples", sentence("{0} points (x₁, x₂), generated with --seed {1}; labels "
                                      "alternate 0, 1, 0, 1, …", p.m, Given(p.seed))),
            Fact("Class 0", sentence("normal around ({0}, {1}), standard deviation {2}", a, b, gd.LOGISTIC_SPREAD)),
            Fact("Class 1", sentence("normal around ({0}, {1}), standard deviation {2}", c, d, gd.LOGISTIC_SPREAD)),
        ]
    facts.append(Fact("Training", sentence(
        "{0} epochs of gradient descent with --lr {1}; every epoch uses all {2} examples at once",
        p.epochs, Given(p.lr), p.m)))
    if not p.fit_bias:
        model = "a line through (0, 0)" if p.task == "line" else "a boundary through (0, 0)"
        facts.append(Fact("Bias", sentence(f"fixed at b = 0 by --no-bias: {model}")))
    return Section("The data and the settings", tuple(facts))


def _result_section(o):
    p, run, k = o.problem, o.run, o.problem.features
    template, numbers = _parameters(weight_names(k), run.w, p.fit_bias, run.b)
    facts = [Fact("Learned", sentence(template + f", cost J = {{{len(numbers)}}}", *numbers, run.final_cost))]
    if p.task == "line":
        if p.source is None and p.fit_bias:
            facts.append(Fact("Truth", sentence(
                "w = {0}, b = {1}: the line the data were generated from", gd.TRUE_W, gd.TRUE_B)))
        best = o.optimum
        template, numbers = _parameters(weight_names(k), best.w, p.fit_bias, best.b)
        what = "the exact minimum of J" if p.fit_bias else "the best line through (0, 0)"
        facts.append(Fact("Least squares", sentence(
            template + f", J = {{{len(numbers)}}}: {what}, solved directly (np.linalg.lstsq)",
            *numbers, best.cost)))
        distance = float(np.max(np.abs(np.append(run.w - best.w, run.b - best.b))))
        facts.append(Fact("Gap", sentence(
            "largest difference from gradient descent's parameters {0}, in the cost {1}",
            distance, abs(run.final_cost - best.cost))))
    else:
        fraction = gd.accuracy(p.x, p.y, run.w, run.b)
        facts.append(Fact("Accuracy", sentence(
            "{0} of {1} examples correct ({2}%), reading ŷ ≥ 0.5 as class 1 (where "
            + _weighted(k, p.fit_bias) + " ≥ 0)", round(fraction * p.m), p.m, 100.0 * fraction)))
        facts.append(_boundary_fact(k, run.w, run.b, p.fit_bias))
    return Section(f"After {p.epochs} epochs", tuple(facts))


def _boundary_fact(k, w, b, fit_bias):
    equation = _weighted(k, fit_bias) + " = 0"
    if k == 2 and w[1] != 0:
        slope, intercept = gd.decision_boundary(w, b)
        text = sentence(equation + ", that is x₂ = {0}·x₁ + {1}", slope, intercept)
    elif k == 1 and w[0] != 0:
        text = sentence(equation + ", that is x = {0}", gd.decision_boundary(w, b)[0])
    else:
        text = sentence(equation)
    return Fact("Decision boundary", text)


def _no_bias_section(o):
    p, run, ref = o.problem, o.run, o.with_bias
    k = p.features
    facts = [Fact("With b = 0", sentence("cost J = {0}", run.final_cost))]
    if ref is None:
        facts.append(Fact("With a bias", sentence(
            "the same run with b learned makes the cost overflow at this learning rate")))
        return Section("Without the bias", tuple(facts))
    template, numbers = _parameters(weight_names(k), ref.w, True, ref.b)
    how = "least squares" if ref.how == "least squares" else "the same run with b learned"
    facts.append(Fact("With a bias", sentence(
        template + f", J = {{{len(numbers)}}} ({how})", *numbers, ref.cost)))
    if ref.cost > 0:
        facts.append(Fact("Difference", sentence(
            "without the bias the cost ends {0} times as high (+{1})",
            run.final_cost / ref.cost, run.final_cost - ref.cost)))
    return Section("Without the bias", tuple(facts))


def _interpretation(o):
    p, run = o.problem, o.run
    start, end = float(run.costs[0]), run.final_cost
    lr = Given(p.lr)
    if end == start:
        return (sentence("The cost did not change ({0} at the start and at the end): every step "
                         "lr·∂J/∂w was 0, or too small to move the parameters in float64.", end),)
    if end < start:
        lines = [sentence("Gradient descent lowered the cost from {0} to {1} in {2} "
                          + ("epoch" if p.epochs == 1 else "epochs") + ": every epoch moves each "
                          "parameter against its gradient, a step of lr = {3} times it.",
                          start, end, p.epochs, lr)]
    else:
        lines = [sentence("The cost rose from {0} to {1}: with lr = {2} each step overshoots the "
                          "minimum and lands higher up the other side. Try --lr {3}.",
                          start, end, lr, gd.suggested_lr(p.x, p.task, p.fit_bias, p.lr))]
    if p.task == "line":
        lines += _line_lines(o)
    else:
        lines += _logistic_lines(o)
    return tuple(lines)


def _line_lines(o):
    p, run, best = o.problem, o.run, o.optimum
    lines = []
    if run.final_cost >= run.costs[0]:
        return lines  # the cost rose: the first line said why
    gap = run.final_cost - best.cost
    # Relative to the minimum, or to the start when the minimum is (nearly) 0.
    if gap > CLOSE_TO_MINIMUM * best.cost + 1e-12 * float(run.costs[0]):
        lines.append(sentence("The cost is still {0} above the exact minimum {1}: more epochs "
                              "(--epochs) would close the gap.", gap, best.cost))
    elif p.fit_bias and p.source is None and p.noise == 0:
        lines.append(sentence(
            "It reached the exact minimum: w = {0} and b = {1}, the true {2} and {3}: without "
            "noise every example lies on the line.", float(run.w[0]), run.b, gd.TRUE_W, gd.TRUE_B))
    elif p.fit_bias and p.source is None:
        lines.append(sentence(
            "It reached the exact minimum: w = {0} and b = {1}, close to the true {2} and {3} "
            "but not equal. The noise in {4} examples moves the best-fitting line a little away "
            "from the line they came from; more examples or less noise bring it closer.",
            float(run.w[0]), run.b, gd.TRUE_W, gd.TRUE_B, p.m))
    else:
        lines.append(sentence(
            "It reached the exact minimum that least squares solves for directly: no "
            "parameters of this model give a cost below {0}.", best.cost))
    if not p.fit_bias and o.with_bias is not None and p.features == 1:
        ref = o.with_bias
        made = "" if p.source is not None else "; the data were made with {4}"
        lines.append(sentence(
            "Why the cost is higher: with b = 0 the line must pass through (0, 0), but these "
            "data cross the y axis at about {0} (the intercept least squares finds with a bias"
            + made + "). b = 0 cannot represent that intercept, so the slope tilts to w = {1} "
            "to compromise, and the cost can fall no lower than {2}, against {3} for a line "
            "with a bias.", ref.b, float(best.w[0]), best.cost, ref.cost, gd.TRUE_B))
    return lines


def _logistic_lines(o):
    p, run = o.problem, o.run
    lines = [sentence("ŷ is the neuron's probability that an example is class 1. The gradient has "
                      "no σ'(z) factor: σ'(z) = ŷ·(1 − ŷ) cancels the log loss's 1/(ŷ·(1 − ŷ)), "
                      "leaving (ŷ − y)·x.")]
    if gd.accuracy(p.x, p.y, run.w, run.b) == 1.0 and run.final_cost < run.costs[0]:
        lines.append(sentence(
            "Every example is on its correct side of the boundary: the classes can be separated "
            "by a line, so the cost keeps falling as the weights grow (σ gets steeper). Gradient "
            "descent never settles here; it only slows down (the cost fell by {0} in the last "
            "epoch).", float(run.curve[-2] - run.curve[-1]) if len(run.curve) > 1 else 0.0))
    if not p.fit_bias and o.with_bias is not None:
        lines.append(sentence(
            "Without a bias the boundary must pass through (0, 0); with b learned it can sit "
            "where the classes meet, and the cost ends at {0} instead of {1}.",
            o.with_bias.cost, run.final_cost))
    return lines
