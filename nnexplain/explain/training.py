"""Training one neuron by gradient descent: the run, its worked example, and the
data its figures draw. Every number comes from ``nnexplain.core.training``.

The worked example shows the start (random w and b, the cost), the first update
as arithmetic (each gradient as a sum over the examples, then w ← w − lr·∂J/∂w),
a table of sampled epochs, and where training ended beside the truth, the exact
least-squares minimum (line task) or the accuracy (logistic task).
"""

import math
from dataclasses import dataclass

import numpy as np

from nnexplain.core import training as gd
from nnexplain.core.losses import per_example_loss
from nnexplain.explain.worked import (
    Column,
    ExampleTable,
    Fact,
    Given,
    Percent,
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
    batch_size: int | None = None  # mini-batches of this many examples (None: full batch)
    # The learner's starting parameters (--start): k weights, then b with a bias; None:
    # random from ``seed``.
    start: tuple[float, ...] | None = None

    @property
    def m(self) -> int:
        return self.y.shape[0]

    @property
    def features(self) -> int:
        return self.x.shape[1]


def generated_problem(task, n, noise, seed, lr, epochs, fit_bias=True, batch_size=None,
                      start=None) -> Problem:
    """A problem on data the core generates from ``seed``."""
    if task == "line":
        x, y = gd.line_data(n, noise, seed)
        return Problem(task, x, y, seed, lr, epochs, fit_bias, noise=noise, batch_size=batch_size,
                       start=start)
    x, y = gd.logistic_data(n, seed)
    return Problem(task, x, y, seed, lr, epochs, fit_bias, batch_size=batch_size, start=start)


def starting_point(p: Problem, fit_bias=None):
    """The run's starting (w, b): the learner's --start, or random from the seed.
    ``fit_bias`` (default the problem's): True for the comparison run that learns b,
    which starts from the same w and, from a given start without b, b = 0."""
    fit_bias = p.fit_bias if fit_bias is None else fit_bias
    if p.start is None:
        return gd.starting_parameters(p.features, p.seed, fit_bias)
    k = p.features
    w = np.array(p.start[:k], dtype=np.float64)
    return w, (float(p.start[k]) if fit_bias and p.fit_bias else 0.0)


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
    diagnosis: "Diagnosis | None" = None  # None when the run overflowed
    # --batch-size: the first mini-batch update and the comparison of batch sizes
    minibatch: "object | None" = None  # nnexplain.explain.minibatch.MinibatchStudy


@dataclass(frozen=True)
class Diagnosis:
    """How gradient descent behaved, from the cost's curvatures.

    ``lambdas``: eigenvalues of the Hessian named by ``curvatures_of`` ("constant"
    for the line task's (2/m)·XᵀX, "minimum" for the log-loss Hessian at its
    minimum, "bound" for (1/4m)·XᵀX). Gradient descent is stable only when
    lr < ``lr_limit`` = 2/λmax. ``outcome``: "converged", "slow", "edge", "diverged",
    "no_unique_minimum", "no_minimum" or "undetermined". ``gap``: the final cost
    minus the lowest cost (0 when there is no minimum: the cost's infimum), nan
    when unknown. ``threshold``: the gap below which a run counts as arrived.
    ``epochs_needed``: further epochs to arrive (0 if it has, inf if it never will).
    ``slowest``: (λ, ρ = |1 − lr·λ|) of the direction that shrinks slowest.
    ``suggested_lr`` and ``suggested_why`` ("optimal" = 2/(λmin + λmax), "inverse"
    = 1/λmax). ``no_bias_ratio``: the cost without a bias over the cost with one.
    """

    curvatures_of: str
    lambdas: np.ndarray
    lr: float
    outcome: str
    gap: float
    threshold: float
    epochs_needed: float
    slowest: tuple[float, float]
    suggested_lr: float
    suggested_why: str
    flat: int = 0
    no_bias_ratio: float | None = None
    bounce: tuple[np.ndarray, float] | None = None  # the next (w, b) at the edge
    distance: float = float("nan")  # largest |θ − θ*| across the curved directions

    @property
    def lambda_min(self) -> float:
        return float(self.lambdas[0])

    @property
    def lambda_max(self) -> float:
        return float(self.lambdas[-1])

    @property
    def lr_limit(self) -> float:
        """2/λmax (inf when every curvature is 0)."""
        return 2.0 / self.lambda_max if self.lambda_max > 0 else float("inf")

    @property
    def stable(self) -> bool:
        return self.outcome not in ("edge", "diverged")


def arrival_threshold(minimum, start) -> float:
    """The largest gap that counts as arrived: CLOSE_TO_MINIMUM of the minimum's
    cost, plus 1e-12 of the starting cost for a minimum at (or near) 0."""
    return CLOSE_TO_MINIMUM * minimum + 1e-12 * start


def diagnose(problem, run, optimum=None, with_bias=None) -> Diagnosis:
    """Compare the run with what the cost's curvatures predict."""
    p = problem
    theta = np.append(run.w, run.b) if p.fit_bias else np.array(run.w)
    start = float(run.costs[0])
    rose = run.final_cost > start
    ratio = None
    if with_bias is not None and with_bias.cost > 0:
        ratio = run.final_cost / with_bias.cost
    if p.task == "line":
        hessian, kind = gd.cost_hessian(p.x, "line", p.fit_bias), "constant"
        star = np.append(optimum.w, optimum.b) if p.fit_bias else np.array(optimum.w)
        minimum = optimum.cost
    else:
        status, w, b = gd.logistic_minimum(p.x, p.y, p.fit_bias)
        if status == "minimum":
            hessian, kind = gd.logistic_hessian(p.x, w, b, p.fit_bias), "minimum"
            star = np.append(w, b) if p.fit_bias else np.array(w)
            minimum = gd.neuron_cost(p.x, p.y, w, b, "logistic")
        else:
            hessian, kind, star, minimum = gd.cost_hessian(p.x, "logistic", p.fit_bias), "bound", None, None
            if status != "separable" and gd.separates(p.x, p.y, run.w, run.b):
                status = "separable"
    lambdas = gd.curvatures(hessian)
    flat = gd.flat_directions(lambdas)
    stability = gd.stability(lambdas, p.lr)
    factors = gd.step_factors(lambdas, p.lr)
    curved = lambdas > gd.FLAT * float(np.max(np.abs(lambdas)))
    if np.any(curved):
        i = int(np.flatnonzero(curved)[np.argmax(factors[curved])])
        slowest = (float(lambdas[i]), float(factors[i]))
        low, high = float(lambdas[curved][0]), float(lambdas[-1])
    else:
        slowest, low, high = (0.0, 1.0), 0.0, 0.0
    if flat or high == 0.0:
        suggested, why = (1.0 / high if high > 0 else float("inf")), "inverse"
    else:
        suggested, why = 2.0 / (low + high), "optimal"
    gap = float("nan") if minimum is None else run.final_cost - minimum
    threshold = float("nan") if minimum is None else arrival_threshold(minimum, start)
    bounce, distance = None, float("nan")
    if star is not None:
        distance = _distance_to_minimum(hessian, theta, star)
    if kind == "bound":  # no minimum found: no quadratic model to predict with
        if status == "separable" and not rose:
            outcome, gap, needed = "no_minimum", run.final_cost, float("inf")
        elif rose:
            outcome, needed = "diverged", float("inf")
        elif status == "singular":
            outcome, needed = "no_unique_minimum", float("nan")
        else:
            outcome, needed = "undetermined", float("nan")
    elif stability == "unstable" or (rose and kind == "minimum"):
        outcome, needed = "diverged", float("inf")
    elif stability == "edge":
        outcome, needed = "edge", float("inf")
        dw, db = gd.neuron_gradient(p.x, p.y, run.w, run.b, p.task)
        bounce = (run.w - p.lr * dw, run.b - p.lr * db if p.fit_bias else 0.0)
    else:
        needed = gd.epochs_to_reach(hessian, theta, star, p.lr, threshold)
        arrived = gap <= threshold
        if arrived:
            needed = 0.0
        elif needed == 0.0:
            needed = 1.0  # the measured gap is over the line by rounding: one more epoch
        outcome = "no_unique_minimum" if flat else ("converged" if arrived else "slow")
    return Diagnosis(kind, lambdas, float(p.lr), outcome, gap, threshold, needed, slowest,
                     suggested, why, flat, ratio, bounce, distance)


def _distance_to_minimum(hessian, theta, star) -> float:
    """max |θ − θ*| over the parameters, with θ − θ* first projected off J's flat
    directions (along them every point is a minimum, so only the rest counts)."""
    lambdas, vectors = np.linalg.eigh(hessian)
    curved = vectors[:, lambdas > gd.FLAT * float(np.max(np.abs(lambdas)))]
    difference = np.asarray(theta, dtype=np.float64) - star
    if curved.shape[1] < len(lambdas):
        difference = curved @ (curved.T @ difference)
    return float(np.max(np.abs(difference)))


def train(problem: Problem, progress=None) -> Outcome:
    """Run gradient descent (and, without a bias, what it is compared with).
    ``progress(done, total)`` is told how many epochs have run."""
    p = problem
    start_w, start_b = starting_point(p)
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
        return Outcome(p, start_w, start_b, run, optimum, with_bias,
                       diagnose(p, run, optimum, with_bias), _study(p, start_w, start_b, run))
    with_bias = None
    if twice:
        w, b = starting_point(p, True)
        other = _run(p, w, b, True, progress, p.epochs, total)
        if other.diverged_at is None:
            with_bias = Reference(other.w, other.b, other.final_cost, "gradient descent")
    return Outcome(p, start_w, start_b, run, with_bias=with_bias,
                   diagnosis=diagnose(p, run, with_bias=with_bias),
                   minibatch=_study(p, start_w, start_b, run))


def _study(p, start_w, start_b, run):
    """The mini-batch study of a --batch-size run (None for full batch)."""
    if p.batch_size is None:
        return None
    from nnexplain.explain import minibatch

    return minibatch.study(p, start_w, start_b, run, recorded_epochs(p.epochs))


def _run(p, w, b, fit_bias, progress, offset, total):
    def report(epoch):
        progress(offset + epoch, total)

    mini = {}
    if p.batch_size is not None:
        from nnexplain.explain.minibatch import UPDATE_COST_WORK, updates_per_epoch

        mini = dict(batch_size=p.batch_size, seed=p.seed, update_costs=p.batch_size < p.m and
                    p.epochs * updates_per_epoch(p.m, p.batch_size) * p.m <= UPDATE_COST_WORK)
    return gd.train_neuron(p.x, p.y, w, b, p.lr, p.epochs, p.task, fit_bias,
                           record=recorded_epochs(p.epochs),
                           progress=None if progress is None else report,
                           progress_every=max(1, p.epochs // PROGRESS_UPDATES), **mini)


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
    """The whole run as a worked example (the run must not have diverged); the
    diagnosis's numbers are also named values (JSON: values.lambda_max, …)."""
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
    common = dict(
        name=f"train_{p.task}",
        title=_title(p),
        inputs=_inputs(p),
        formula="ŷ = " + _model(p.task, _weighted(k, p.fit_bias)),
        substituted=formula(_model(p.task, _weighted(k, p.fit_bias, slots=True)), *parameters),
        more_formulas=tuple(more),
        result_symbol="J",
        result=None,
        table=table,
    )
    if o.minibatch is not None:
        from nnexplain.explain import minibatch

        return Worked(
            **common,
            steps=_start_steps(o, start_terms) + minibatch.update_steps(
                o, weight_names(k), input_names(k), _sub),
            tables_after=(_history_table(o), *minibatch.comparison_tables(o)),
            values=tuple(v for v in _diagnosis_values(o) if v[0] in _FULL_BATCH_VALUES)
            + minibatch.values(o),
            sections=(_setup_section(p), minibatch.section(o), _result_section(o),
                      _curvature_section(o)),
            interpretation=tuple(minibatch.lines(o)) + tuple(
                _no_bias_lines(o) if p.task == "line" else ()),
        )
    return Worked(
        **common,
        steps=_start_steps(o, start_terms) + _update_steps(o, start_terms),
        tables_after=(_history_table(o),),
        values=_diagnosis_values(o),
        sections=_sections(o),
        interpretation=_interpretation(o),
    )


# The diagnosis's values that hold whatever the batch size (the rest predict full-batch
# gradient descent's course).
_FULL_BATCH_VALUES = ("curvatures_of", "lambda_min", "lambda_max", "lr_limit",
                      "lr_times_lambda_max")

_COST_FORMULA = {
    "line": "J = (1/m)·Σ (yᵢ − ŷᵢ)²",
    "logistic": "J = −(1/m)·Σ [yᵢ·ln(ŷᵢ) + (1 − yᵢ)·ln(1 − ŷᵢ)]",
}
# The log loss is written out under J above; the table's title only names it.
_LOSS_FORMULA = {"line": "Lᵢ = (yᵢ − ŷᵢ)²", "logistic": "Lᵢ its log loss"}


def _title(p) -> str:
    if p.batch_size is not None:
        from nnexplain.explain.minibatch import method_name

        method = method_name(p.m, p.batch_size)
        method = method[0].upper() + method[1:] + f" gradient descent (B = {p.batch_size})"
    else:
        method = "Gradient descent"
    if p.task == "line":
        what = f"{method}: one neuron learns a line"
        data = f"{p.m} examples of y = 2x + 1 + noise" if p.source is None else f"{p.m} examples from {p.source}"
    else:
        what = f"{method}: one sigmoid neuron learns two classes"
        data = f"{p.m} examples" if p.source is None else f"{p.m} examples from {p.source}"
    return f"{what} ({data}{'' if p.fit_bias else ', bias fixed at 0'})"


def _inputs(p):
    inputs = [("m", float(p.m)), ("seed", Given(p.seed)), ("lr", Given(p.lr)),
              ("epochs", float(p.epochs))]
    if p.noise is not None:
        inputs.append(("noise", Given(p.noise)))
    if p.batch_size is not None:
        inputs.append(("batch_size", float(p.batch_size)))
    if p.start is not None:
        inputs.append(("start", tuple(Given(v) for v in p.start)))
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
        label="Epoch 0 (random start)" if p.start is None else "Epoch 0 (given start, --start)",
        formula=f"ŷᵢ = {_model(p.task, _row_weighted(k, p.fit_bias))}, {_LOSS_FORMULA[p.task]}",
        columns=tuple(columns),
    )
    return table, (losses, error, terms)


def _start_steps(o, start_terms):
    p, k = o.problem, o.problem.features
    losses = start_terms[0]
    group = "Start (epoch 0)"
    low, high = gd.START_RANGE
    if p.start is None:
        how, drawn = "random", sentence("U({0}, {1}), seed {2}", low, high, Given(p.seed))
    else:
        how, drawn = "given", sentence("--start")
    steps = []
    for j, name in enumerate(weight_names(k)):
        steps.append(Step(f"Starting weight {name}", f"{name} = {how}", drawn,
                          float(o.start_w[j]), group=group))
    if p.fit_bias:
        steps.append(Step("Starting bias b", f"b = {how}", drawn, o.start_b, group=group))
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
    steps.append(Step("Cost after one update", "J = (1/m)·Σ Lᵢ",
                      sentence("the same sum with the new parameters"), after,
                      note=cost_change_note(before, after), group=group))
    return tuple(steps)


def cost_change_note(before, after, when="at the start", too_far="the step overshot the minimum"):
    """What one update did to the cost, for the note under "Cost after …": downhill,
    unchanged or uphill (``too_far``), against ``before`` (the cost ``when``)."""
    if after < before:
        return sentence(f"lower than {{0}} {when}: the step went downhill", before)
    if after == before:
        return sentence(f"the same as {when}: the step did not change the cost")
    return sentence(f"higher than {{0}} {when}: {too_far}", before)


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
    if o.minibatch is not None:  # the batch's gradient g, after each batch
        return ExampleTable(
            label="Sampled epochs: the parameters and J after that many epochs "
                  f"({o.minibatch.updates_per_epoch} updates each)",
            formula=f"{w} ← {w} − lr·g_{w}" + (", b ← b − lr·g_b" if p.fit_bias else "")
            + " after each batch",
            columns=tuple(columns), key="history")
    return ExampleTable(
        label="Sampled epochs: the parameters and J after that many updates",
        formula=rule + (", b ← b − lr·∂J/∂b" if p.fit_bias else ""),
        columns=tuple(columns),
        key="history",
    )


def _diagnosis_values(o):
    """The diagnosis as named numbers for programs and lessons (values.<key>)."""
    d = o.diagnosis
    values = [
        ("outcome", d.outcome),
        ("curvatures_of", _CURVATURES_OF[d.curvatures_of]),
        ("lambda_min", float(d.lambda_min)),
        ("lambda_max", float(d.lambda_max)),
        ("lr_limit", float(d.lr_limit)),
        ("lr_times_lambda_max", float(d.lr * d.lambda_max)),
        ("stable", bool(d.stable)),
        ("slowest_factor", float(d.slowest[1])),
        ("epochs_needed", _number_or_none(d.epochs_needed)),
        ("gap_to_minimum", _number_or_none(d.gap)),
        ("suggested_lr", _number_or_none(d.suggested_lr)),
    ]
    if d.no_bias_ratio is not None:
        values.append(("no_bias_cost_ratio", float(d.no_bias_ratio)))
    return tuple(values)


def _number_or_none(value):
    """A number, or None where the diagnosis has none (nan: e.g. Newton's method did
    not settle); ∞ stays ∞ ("never")."""
    value = float(value)
    return None if np.isnan(value) else value


_CURVATURES_OF = {
    "constant": "λ: eigenvalues of the Hessian (2/m)·XᵀX",
    "minimum": "λ: eigenvalues of the Hessian at the minimum",
    "bound": "λ: eigenvalues of the bound (1/4m)·XᵀX on the Hessian",
}


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
    sections = [_setup_section(o.problem), _result_section(o), _diagnosis_section(o)]
    if not o.problem.fit_bias:
        sections.append(_no_bias_section(o))
    return tuple(sections)


_STABILITY = {
    "constant": "lr·λmax = {0}; plain gradient descent is stable only below 2, that is "
                "lr < 2/λmax = {1}",
    "minimum": "lr·λmax = {0}; near the minimum plain gradient descent is stable only below 2, "
               "that is lr < 2/λmax = {1}",
    "bound": "lr·λmax = {0}; below 2, that is lr < 2/λmax = {1}, every step is sure to lower "
             "the cost",
}
_OUTCOME_WORDS = {
    "converged": "converged: within the arrival threshold {0} of the minimum",
    "slow": "slow: stable, about {1} more epochs to come within {0} of the minimum",
    "edge": "on the edge: lr = 2/λmax, it bounces between two points for ever",
    "diverged": "diverging: lr is above the limit, the distance to the minimum grows",
    "no_unique_minimum": "no unique minimum: J is flat along a line of equally good parameters",
    "no_minimum": "no minimum: the classes are separable, the cost only tends to 0",
    "undetermined": "undetermined: no minimum found to compare with",
}


def _curvature_section(o):
    """The curvatures and the full-batch stability limit, for a mini-batch run."""
    d = o.diagnosis
    return Section("Curvature", (
        Fact("Curvatures", sentence("λmin = {0}, λmax = {1}: " + _CURVATURES_OF[d.curvatures_of][3:],
                                    d.lambda_min, d.lambda_max)),
        Fact("Full batch", sentence(_STABILITY[d.curvatures_of], d.lr * d.lambda_max, d.lr_limit)),
    ))


def _diagnosis_section(o):
    d = o.diagnosis
    facts = [
        Fact("Curvatures", sentence("λmin = {0}, λmax = {1}: " + _CURVATURES_OF[d.curvatures_of][3:],
                                    d.lambda_min, d.lambda_max)),
        Fact("Stability", sentence(_STABILITY[d.curvatures_of], d.lr * d.lambda_max, d.lr_limit)),
        Fact("Outcome", sentence(_OUTCOME_WORDS[d.outcome], d.threshold, d.epochs_needed)),
    ]
    return Section("Diagnosis", tuple(facts))


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
    if p.batch_size is None:
        facts.append(Fact("Training", sentence(
            "{0} epochs of gradient descent with --lr {1}; every epoch uses all {2} examples at "
            "once", p.epochs, Given(p.lr), p.m)))
    else:
        facts.append(Fact("Training", sentence(
            "{0} epochs with --lr {1}; every epoch uses all {2} examples, in batches of {3}",
            p.epochs, Given(p.lr), p.m, p.batch_size)))
    if p.start is not None:
        k = p.features
        template, _ = _parameters(weight_names(k), p.start[:k], p.fit_bias, p.start[-1])
        seeded = ([] if p.source is not None else ["the data"]) + (
            [] if p.batch_size is None else ["the order of the examples in batches"])
        why = f" (the seed makes only {' and '.join(seeded)})" if seeded else ""
        facts.append(Fact("Start", sentence(template + " given by --start" + why,
                                            *(Given(v) for v in p.start))))
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
        if o.diagnosis.flat:
            what = ("one of J's minima, the one with the smallest parameters (every point of a "
                    "flat line through it has the same cost)")
        facts.append(Fact("Least squares", sentence(
            template + f", J = {{{len(numbers)}}}: {what}, solved directly (np.linalg.lstsq)",
            *numbers, best.cost)))
        nearest = "the nearest minimum" if o.diagnosis.flat else "gradient descent's parameters"
        facts.append(Fact("Gap", sentence(
            "largest difference from " + nearest + " {0}, in the cost {1}",
            o.diagnosis.distance, abs(run.final_cost - best.cost))))
    else:
        fraction = gd.accuracy(p.x, p.y, run.w, run.b)
        facts.append(Fact("Accuracy", sentence(
            "{0} of {1} examples correct ({2}%), reading ŷ ≥ 0.5 as class 1 (where "
            + _weighted(k, p.fit_bias) + " ≥ 0)", round(fraction * p.m), p.m, Percent(100.0 * fraction))))
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
        lines = [sentence("The cost did not change ({0} at the start and at the end): every step "
                          "lr·∂J/∂w was 0, or too small to move the parameters in float64.", end)]
    elif end < start:
        lines = [sentence("Gradient descent lowered the cost from {0} to {1} in {2} "
                          + ("epoch" if p.epochs == 1 else "epochs") + ": every epoch moves each "
                          "parameter against its gradient, a step of lr = {3} times it.",
                          start, end, p.epochs, lr)]
    else:
        lines = [sentence("The cost rose from {0} to {1}: with lr = {2} the steps overshoot the "
                          "minimum and land higher up the other side.", start, end, lr)]
    lines += _diagnosis_lines(o)
    if p.task == "line":
        lines += _line_lines(o)
    else:
        lines += _logistic_lines(o)
    return tuple(lines)


_HESSIAN = {
    "constant": "J's curvatures are the eigenvalues of its Hessian (2/m)·XᵀX, the same everywhere "
                "on this quadratic bowl",
    "minimum": "J's curvatures near its minimum are the eigenvalues of its Hessian there",
    "bound": "(1/4m)·XᵀX bounds J's Hessian everywhere, as σ' ≤ 1/4",
}


def _suggestion(o):
    """"Try --lr …" with why that rate."""
    p, d = o.problem, o.diagnosis
    if p.task == "logistic" and d.curvatures_of == "bound":
        return sentence("Try --lr {0}: a round rate at most 1/L = {1}, where every step lowers the cost.",
                        gd.suggested_lr(p.x, p.task, p.fit_bias, p.lr), 1.0 / d.lambda_max)
    if d.suggested_why == "optimal":
        rate = (d.lambda_max - d.lambda_min) / (d.lambda_max + d.lambda_min)
        return sentence("Try --lr {0} = 2/(λmin + λmax), the best single rate: the flattest and the "
                        "steepest directions then shrink alike, by {1} per epoch, the fastest any "
                        "one rate can make the slower of them.", d.suggested_lr, rate)
    return sentence("Try --lr {0} = 1/λmax: one step lands on the minimum along the steepest "
                    "direction, and every other curved direction shrinks too.", d.suggested_lr)


def _diagnosis_lines(o):
    """What the curvatures say about this learning rate, and what follows."""
    p, d = o.problem, o.diagnosis
    lr = Given(p.lr)
    product = p.lr * d.lambda_max
    if d.outcome == "edge":
        lines = [sentence(
            "lr = {0} sits exactly on the stability limit 2/λmax = {1}. " + _HESSIAN[d.curvatures_of]
            + "; the largest is λmax = {2}, and each step multiplies the distance "
            "to the minimum along that direction by 1 − lr·λmax = {3}. The parameters bounce "
            "between two points for ever, so more epochs cannot close the gap.",
            lr, d.lr_limit, d.lambda_max, 1.0 - product)]
        if d.bounce is not None:
            w_next, b_next = d.bounce
            k = p.features
            now, numbers = _parameters(weight_names(k), o.run.w, p.fit_bias, o.run.b)
            then, more = _parameters(weight_names(k), w_next, p.fit_bias, b_next)
            lines.append(sentence("After the last epoch " + now + "; one more step gives "
                                  + _shifted(then, len(numbers)) + ", and the next one back again.",
                                  *numbers, *more))
        return lines + [_suggestion(o)]
    if d.outcome == "diverged":
        if d.curvatures_of == "bound":
            return [sentence("lr = {0} is above 2/L = {1} (L = {2} bounds J's curvature), where "
                             "a step is no longer sure to lower the cost.", lr, d.lr_limit,
                             d.lambda_max), _suggestion(o)]
        if d.curvatures_of == "minimum":
            return [sentence(
                "lr = {0} is above the stability limit 2/λmax = {1} near the minimum. "
                + _HESSIAN[d.curvatures_of] + "; the largest is λmax = {2}, and there each step "
                "multiplies the distance to the minimum along that direction by 1 − lr·λmax = {3}: "
                "gradient descent cannot settle at the minimum, and more epochs will not bring it "
                "there.", lr, d.lr_limit, d.lambda_max, 1.0 - product), _suggestion(o)]
        return [sentence(
            "lr = {0} is above the stability limit 2/λmax = {1}. " + _HESSIAN[d.curvatures_of]
            + "; the largest is λmax = {2}, and each step multiplies the distance to the minimum "
            "along that direction by 1 − lr·λmax = {3}, so it grows {4} times per epoch and the cost "
            "with it; more epochs make it worse.", lr, d.lr_limit, d.lambda_max, 1.0 - product,
            abs(1.0 - product)), _suggestion(o)]
    if d.outcome == "no_unique_minimum" and d.lambda_max == 0:
        return [sentence("J is flat: every input is 0, so no weight changes any prediction and "
                         "every w gives the same cost; gradient descent has nothing to learn.")]
    if d.outcome == "no_unique_minimum":
        same = _all_inputs_equal(p)
        why = "every x is {2}, so " if same is not None else "the inputs are linearly dependent, so "
        numbers = [d.lambda_min, d.lambda_max] + ([same] if same is not None else [])
        return [sentence(
            "J has no single lowest point: its smallest curvature is λmin = {0} (0 up to rounding, "
            "against λmax = {1}) — " + why + "changing the parameters along one direction "
            "changes no prediction. The minimum is a whole " + ("line" if d.flat == 1 else "flat set")
            + " (a set, not a point) of parameters with the same cost; gradient descent never moves along that flat direction, so the point it "
            "ends at depends on where it started.", *numbers)]
    if d.outcome == "slow" and p.task == "line":
        lam, rho = d.slowest
        total = p.epochs + d.epochs_needed
        return [sentence(
            "The cost is still {0} above the minimum {1}, but lr = {2} is below the stability limit "
            "2/λmax = {3}, so it gets there: along its slowest direction (curvature {4}) each step "
            "multiplies the distance by ρ = |1 − lr·λ| = {5}, the cost gap by ρ² = {6}. About {7} "
            "more " + _epochs_word(d) + " (--epochs {8}) would bring it within {9} of the minimum.",
            d.gap, o.optimum.cost, lr, d.lr_limit, lam, rho, rho * rho,
            d.epochs_needed, total, d.threshold)]
    return []


def _epochs_word(d):
    return "epoch" if d.epochs_needed == 1 else "epochs"


def _all_inputs_equal(p):
    """The one input value, when there is one input and every example has it."""
    if p.features == 1 and np.all(p.x == p.x[0, 0]):
        return float(p.x[0, 0])
    return None


def _line_lines(o):
    p, run, best, d = o.problem, o.run, o.optimum, o.diagnosis
    lines = []
    if d.outcome in ("edge", "diverged", "slow"):
        if d.outcome == "edge":
            lines.append(sentence("The cost stays {0} above the exact minimum {1}.",
                                  d.gap, best.cost))
        return lines + _no_bias_lines(o)
    if d.gap > d.threshold:  # no unique minimum, not there yet
        lines.append(sentence("The cost is still {0} above the minimum {1}; about {2} more " + _epochs_word(d) + " "
                              "would bring it within {3}.", d.gap, best.cost, d.epochs_needed,
                              d.threshold))
        return lines + _no_bias_lines(o)
    if d.outcome == "no_unique_minimum":
        before, after, extra = _within(d, 1)
        lines.append(sentence("It " + before + "one of the minima" + after + ": no "
                              "parameters of this model give a cost below {0}.", best.cost, *extra))
    elif p.fit_bias and p.source is None:
        before, after, extra = _within(d, 6)
        noise = "" if p.noise == 0 else ("; the noise in the {5} examples moves the best line "
                                         "away from the line they came from")
        lines.append(sentence(
            "It " + before + "the exact minimum" + after + ": w = {0} and b = {1}, against "
            "the true {2} and {3}, a difference of {4} at most" + noise + ".",
            float(run.w[0]), run.b, gd.TRUE_W, gd.TRUE_B,
            max(abs(float(run.w[0]) - gd.TRUE_W), abs(run.b - gd.TRUE_B)), p.m, *extra))
    else:
        before, after, extra = _within(d, 1)
        lines.append(sentence(
            "It " + before + "the exact minimum that least squares solves for directly"
            + after + ": no parameters of this model give a cost below {0}.", best.cost, *extra))
    return lines + _no_bias_lines(o)


def _within(d, slot):
    """How close "It reached … the minimum" is, as (before, after, numbers) with slots
    from ``slot``: "to within {d} of " when the parameters differ at all, and the
    cost's gap after it when that is not exactly 0."""
    before, after, numbers = "reached ", "", []
    if math.isfinite(d.distance) and d.distance > 0:
        before = f"got to within {{{slot}}} of "
        numbers.append(d.distance)
    if d.gap != 0:
        where = "above" if d.gap > 0 else "below (float64 rounding)"
        after = f" (its cost {{{slot + len(numbers)}}} {where} the minimum's)"
        numbers.append(abs(d.gap))
    return before, after, numbers


def _no_bias_lines(o):
    p, best = o.problem, o.optimum
    if p.fit_bias or o.with_bias is None or p.features != 1 or o.diagnosis.flat:
        return []
    ref = o.with_bias
    if not best.cost > ref.cost * (1.0 + CLOSE_TO_MINIMUM) + 1e-12 * float(o.run.costs[0]):
        return [sentence("Without the bias the best cost {0} is no higher than with one ({1}): "
                         "these data pass through (0, 0) already.", best.cost, ref.cost)]
    made = "" if p.source is not None else "; the data were made with {4}"
    return [sentence(
        "Why the cost is higher: with b = 0 the line must pass through (0, 0), but these "
        "data cross the y axis at about {0} (the intercept least squares finds with a bias"
        + made + "). b = 0 cannot represent that intercept, so the slope tilts to w = {1} "
        "to compromise, and the cost can fall no lower than {2}, against {3} for a line "
        "with a bias.", ref.b, float(best.w[0]), best.cost, ref.cost, gd.TRUE_B)]


def _logistic_lines(o):
    p, run, d = o.problem, o.run, o.diagnosis
    lines = [sentence("ŷ is the neuron's probability that an example is class 1. The gradient has "
                      "no σ'(z) factor: σ'(z) = ŷ·(1 − ŷ) cancels the log loss's 1/(ŷ·(1 − ŷ)), "
                      "leaving (ŷ − y)·x.")]
    if d.outcome == "no_minimum":
        last = float(run.curve[-2] - run.curve[-1]) if len(run.curve) > 1 else 0.0
        norms = np.linalg.norm(run.ws, axis=1)
        half = int(np.searchsorted(run.epochs, p.epochs // 2))
        witness = ("Every example is on its correct side of the final boundary"
                   if gd.separates(p.x, p.y, run.w, run.b) else
                   "Some line puts every example on its correct side (Newton's method found one)")
        lines.append(sentence(
            witness + ": the classes are separable, so the cost has no minimum. Scaling w and b "
            "up makes σ steeper and the cost smaller, towards 0 but never reaching it: |w| went from "
            "{0} at epoch {1} to {2} at epoch {3}, and the cost fell by {4} in the last epoch. "
            "Gradient descent never settles here; it only slows down.",
            float(norms[half]), int(run.epochs[half]), float(norms[-1]), p.epochs, last))
    elif d.outcome in ("converged", "slow"):
        if d.outcome == "converged":
            before, after, extra = _within(d, 1)
            lines.append(sentence("Newton's method finds the minimum of the cost directly, {0}: the "
                                  "classes overlap, so finite weights are best. Gradient descent "
                                  + before + "that minimum" + after
                                  + ".", run.final_cost - d.gap, *extra))
        else:
            lam, rho = d.slowest
            lines.append(sentence(
                "The cost is still {0} above its minimum {1} (Newton's method finds it directly). "
                "Near the minimum J is nearly a bowl whose slowest direction (curvature {2}) "
                "shrinks by ρ = |1 − lr·λ| = {3} per epoch: about {4} more " + _epochs_word(d) + " would bring it "
                "within {5}.", d.gap, run.final_cost - d.gap, lam, rho, d.epochs_needed,
                d.threshold))
    elif d.outcome == "no_unique_minimum":
        lines.append(sentence("The inputs are linearly dependent (J's Hessian is singular), so "
                              "the cost has no single lowest point; where gradient descent ends "
                              "depends on where it started."))
    if not p.fit_bias and o.with_bias is not None and o.with_bias.cost < run.final_cost:
        lines.append(sentence(
            "Without a bias the boundary must pass through (0, 0); with b learned it can sit "
            "where the classes meet, and the cost ends at {0} instead of {1}.",
            o.with_bias.cost, run.final_cost))
    elif not p.fit_bias and o.with_bias is not None:
        lines.append(sentence(
            "After {0} epochs the same run with b learned ends at cost {1}, no lower than {2} "
            "with b = 0.", p.epochs, o.with_bias.cost, run.final_cost))
    return lines
