"""Mini-batch and stochastic gradient descent (``train --batch-size B``): the first
mini-batch update worked, the noise it brings, and full batch, mini-batch and
stochastic gradient descent compared from the same start on the same data. Every
number comes from ``nnexplain.core.training``.

The comparison counts cost against *examples seen*: one epoch shows every example
once, whatever the batch size, so after the same number of epochs each method has
seen the same examples; they differ in how many updates they made from them
(1, ceil(m/B) or m per epoch).
"""

from dataclasses import dataclass

import numpy as np

from nnexplain.core import training as gd
from nnexplain.explain.worked import (
    Column,
    ExampleTable,
    Fact,
    Given,
    LabelColumn,
    Section,
    Step,
    formula,
    sentence,
    written_sum,
)

# The comparison's checkpoints: after this many epochs' worth of examples (and the last).
COMPARED_EPOCHS = (1, 5, 20)
# The noise is measured over the cost after each of the last this many epochs.
SPREAD_EPOCHS = 10
# The cost after every update is kept (for the noisy curve) when the whole run's
# per-update costs take at most this many example evaluations (updates × m).
UPDATE_COST_WORK = 5_000_000
# A mini-batch run makes at most this many updates with B = 1 (epochs × m), the
# stochastic run of the comparison; about five seconds.
MAX_UPDATES = 500_000


def updates_per_epoch(m, batch_size) -> int:
    """ceil(m/B): the mini-batches, hence the updates, in one epoch."""
    return len(gd.batch_slices(m, batch_size))


def method_name(m, batch_size) -> str:
    if batch_size == m:
        return "full batch"
    return "stochastic" if batch_size == 1 else "mini-batch"


@dataclass(frozen=True)
class BatchRun:
    """One method of the comparison: its batch size and run from the shared start.
    ``seen``/``costs``: the full-data cost J against examples seen, after every
    update when ``per_update`` (the noisy curve), else after every epoch."""

    name: str
    batch_size: int
    updates_per_epoch: int
    run: gd.Training
    seen: np.ndarray
    costs: np.ndarray
    per_update: bool

    @property
    def epochs_run(self) -> int:
        return int(self.run.curve.size - 1)

    @property
    def updates(self) -> int:
        return self.epochs_run * self.updates_per_epoch

    def spread(self, last=SPREAD_EPOCHS) -> tuple[float, float]:
        """(lowest, highest) J after each of the last ``last`` epochs (never the start)."""
        tail = self.run.curve[1:][-last:]
        return float(np.min(tail)), float(np.max(tail))


@dataclass(frozen=True)
class FirstBatch:
    """The first update of a mini-batch run, worked: epoch 1's shuffled order, the
    examples of batch 1 (0-based rows of x), their mean gradient and the full-data
    gradient at the same (start) point, and the parameters and full cost after it."""

    order: np.ndarray
    members: np.ndarray
    error: np.ndarray  # ŷ − y for the batch's examples, at the start
    terms: np.ndarray  # (ŷ − y)·x for them, one column per input
    batch_gradient: tuple[np.ndarray, float]
    full_gradient: tuple[np.ndarray, float]
    w: np.ndarray
    b: float
    cost: float


@dataclass(frozen=True)
class MinibatchStudy:
    batch_size: int
    m: int
    updates_per_epoch: int
    last_batch: int
    first: FirstBatch
    checkpoints: tuple[int, ...]
    runs: tuple[BatchRun, ...]  # full batch, the given B, stochastic (without repeats)
    spread_epochs: int

    def of(self, batch_size) -> BatchRun:
        return next(r for r in self.runs if r.batch_size == batch_size)


def batch_run(p, start_w, start_b, batch_size, record, run=None) -> BatchRun:
    """Train (or take ``run``) with ``batch_size`` from the start; the costs against
    examples seen."""
    per_epoch = updates_per_epoch(p.m, batch_size)
    per_update = batch_size < p.m and p.epochs * per_epoch * p.m <= UPDATE_COST_WORK
    if run is None or (per_update and run.update_curve is None):
        run = gd.train_neuron(p.x, p.y, start_w, start_b, p.lr, p.epochs, p.task, p.fit_bias,
                              record=record, batch_size=batch_size, seed=p.seed,
                              update_costs=per_update)
    if per_update:
        sizes = np.array([stop - start for start, stop in gd.batch_slices(p.m, batch_size)])
        steps = np.tile(sizes, p.epochs)[: run.update_curve.size - 1]
        seen = np.concatenate([[0], np.cumsum(steps)]).astype(np.float64)
        costs = run.update_curve
    else:
        seen = np.arange(run.curve.size, dtype=np.float64) * p.m
        costs = run.curve
    return BatchRun(method_name(p.m, batch_size), batch_size, per_epoch, run, seen, costs,
                    per_update)


def first_batch(p, start_w, start_b) -> FirstBatch:
    """Batch 1 of epoch 1 from the run's own shuffle stream, and its update."""
    # B = m is full-batch gradient descent: no shuffle, the examples in their order.
    order = (gd.epoch_order(gd.shuffle_stream(p.seed), p.m) if p.batch_size < p.m
             else np.arange(p.m))
    start, stop = gd.batch_slices(p.m, p.batch_size)[0]
    members = order[start:stop]
    xb, yb = p.x[members], p.y[members]
    with np.errstate(over="ignore", invalid="ignore"):
        error = gd.neuron_output(xb, start_w, start_b, p.task) - yb
        terms = error[:, None] * xb
        dw, db = gd.neuron_gradient(xb, yb, start_w, start_b, p.task)
        full = gd.neuron_gradient(p.x, p.y, start_w, start_b, p.task)
        w = start_w - p.lr * dw
        b = start_b - p.lr * db if p.fit_bias else 0.0
    return FirstBatch(order, members, error, terms, (dw, db), full, w, b,
                      gd.neuron_cost(p.x, p.y, w, b, p.task))


def study(p, start_w, start_b, run, record) -> MinibatchStudy:
    """The first mini-batch update and the comparison of batch sizes."""
    sizes = list(dict.fromkeys((p.m, p.batch_size, 1)))
    runs = tuple(batch_run(p, start_w, start_b, size, record,
                           run if size == p.batch_size else None) for size in sizes)
    checkpoints = tuple(sorted({*(e for e in COMPARED_EPOCHS if e <= p.epochs), p.epochs}))
    slices = gd.batch_slices(p.m, p.batch_size)
    return MinibatchStudy(
        batch_size=p.batch_size, m=p.m, updates_per_epoch=len(slices),
        last_batch=slices[-1][1] - slices[-1][0], first=first_batch(p, start_w, start_b),
        checkpoints=checkpoints, runs=runs, spread_epochs=min(SPREAD_EPOCHS, p.epochs))


def _cost_at(run, epoch) -> float:
    """J after ``epoch`` epochs, inf when the run diverged before."""
    return float(run.curve[epoch]) if epoch < run.curve.size else float("inf")


# --- the worked parts -------------------------------------------------------------------


def update_steps(o, names, inputs, sub) -> tuple[Step, ...]:
    """The first mini-batch update, epoch 1's batch 1, as arithmetic; beside its
    gradient the full-batch gradient at the same point."""
    p, s = o.problem, o.minibatch
    f, k, B = s.first, p.features, len(s.first.members)
    two = "2·" if p.task == "line" else ""
    factor = "2/B" if p.task == "line" else "1/B"
    group = f"Update 1 (epoch 1, mini-batch 1 of {s.updates_per_epoch})"
    listed = ", ".join(str(int(i) + 1) for i in f.members[:12]) + (", …" if B > 12 else "")
    if B < p.m:
        steps = [Step("Batch 1 after the shuffle", "B examples of the shuffled order",
                      sentence(f"examples i = {listed} (shuffle seed {{0}})", p.seed), float(B),
                      group=group)]
    else:
        steps = [Step("The batch", "B = m: every example",
                      sentence("all {0} examples in their order (full batch: no shuffle)", p.m),
                      float(B), group=group)]
    dw, db = f.batch_gradient
    fw, fb = f.full_gradient
    for j, (w, x) in enumerate(zip(names, inputs)):
        x_i = "xᵢ" if k == 1 else f"xᵢ{sub(j + 1)}"
        total = float(np.sum(f.terms[:, j]))
        steps += [
            Step(f"Add up errors times {x} (batch)", f"Σ_batch (ŷᵢ − yᵢ)·{x_i}",
                 written_sum(f.terms[:, j]), total, group=group),
            Step(f"Batch gradient for {w}", f"g_{w} = ({factor})·Σ_batch (ŷᵢ − yᵢ)·{x_i}",
                 formula(two + "{0} / {1}", total, B), float(dw[j]), group=group),
            Step(f"Full-batch ∂J/∂{w}, same point", f"∂J/∂{w} over all m examples",
                 sentence("for comparison: the batch's g_" + w + " is off by {0}",
                          float(dw[j] - fw[j])), float(fw[j]), group=group),
        ]
    if p.fit_bias:
        total = float(np.sum(f.error))
        steps += [
            Step("Add up errors (batch)", "Σ_batch (ŷᵢ − yᵢ)", written_sum(f.error), total,
                 group=group),
            Step("Batch gradient for b", f"g_b = ({factor})·Σ_batch (ŷᵢ − yᵢ)",
                 formula(two + "{0} / {1}", total, B), db, group=group),
            Step("Full-batch ∂J/∂b, same point", "∂J/∂b over all m examples",
                 sentence("for comparison: the batch's g_b is off by {0}", db - fb), fb,
                 group=group),
        ]
    lr = Given(p.lr)
    for j, w in enumerate(names):
        steps.append(Step(f"New {w}", f"{w} ← {w} − lr·g_{w}",
                          formula("{0} − {1}·{2}", o.start_w[j], lr, dw[j]), float(f.w[j]),
                          group=group))
    if p.fit_bias:
        steps.append(Step("New b", "b ← b − lr·g_b", formula("{0} − {1}·{2}", o.start_b, lr, db),
                          f.b, group=group))
    before = float(o.run.costs[0])
    word = ("lower than" if f.cost < before else "the same as" if f.cost == before else
            "higher than")
    steps.append(Step("Cost after this update", "J = (1/m)·Σ Lᵢ over all m examples",
                      sentence("the full sum with the new parameters"), f.cost,
                      note=sentence(word + " {0} at the start", before), group=group))
    return tuple(steps)


def comparison_tables(o) -> tuple[ExampleTable, ExampleTable]:
    """J after the same examples seen for each method, and each method's totals."""
    p, s = o.problem, o.minibatch
    epochs = np.array(s.checkpoints, dtype=np.float64)
    columns = [Column("epochs", "epochs", epochs),
               Column("examples seen", "examples_seen", epochs * p.m)]
    for r in s.runs:
        columns.append(Column(f"J, B = {r.batch_size}", _key(r), np.array(
            [_cost_at(r.run, int(e)) for e in s.checkpoints])))
    seen = ExampleTable(
        label="Full batch, mini-batch and stochastic from the same start: J after the same "
              "examples seen",
        formula="examples seen = epochs × m; updates = epochs × ceil(m/B)",
        columns=tuple(columns), key="batch_comparison")
    low_high = [r.spread(s.spread_epochs) for r in s.runs]
    totals = ExampleTable(
        label="Each method's updates and final cost",
        formula=f"spread: highest − lowest J over the last {s.spread_epochs} epochs",
        columns=(LabelColumn("method", "method", tuple(r.name for r in s.runs)),
                 Column("B", "batch_size", np.array([r.batch_size for r in s.runs], dtype=np.float64)),
                 Column("updates per epoch", "updates_per_epoch",
                        np.array([r.updates_per_epoch for r in s.runs], dtype=np.float64)),
                 Column("updates made", "updates",
                        np.array([r.updates for r in s.runs], dtype=np.float64)),
                 Column("final J", "final_cost",
                        np.array([float(r.run.curve[-1]) for r in s.runs])),
                 Column("spread", "spread", np.array([hi - lo for lo, hi in low_high]))),
        key="batch_methods")
    return seen, totals


def _key(r) -> str:
    return {"full batch": "cost_full_batch", "stochastic": "cost_stochastic"}.get(
        r.name, f"cost_batch_{r.batch_size}")


def section(o) -> Section:
    p, s = o.problem, o.minibatch
    B = s.batch_size
    last = ("" if s.last_batch == B else
            "; the last batch of each epoch holds the {3} left over, so its update averages "
            "over fewer examples")
    facts = [
        Fact("Batch size", sentence("B = {0} of the m = {1} examples per update ("
                                    + method_name(p.m, B) + " gradient descent)", B, p.m)),
        Fact("Updates", sentence("ceil(m/B) = {0} per epoch, {1} in all" + last,
                                 s.updates_per_epoch, s.of(B).updates, p.epochs, s.last_batch)),
        Fact("Shuffle", sentence(
            "before each epoch the examples are put in a new random order (the third stream "
            "spawned from --seed {0}, apart from the data's and the start's), then cut into "
            "consecutive batches", p.seed) if B < p.m else sentence(
            "none: with B = m every update uses all the examples, as plain gradient descent "
            "does")),
        Fact("Gradient", sentence("each update uses the mean gradient over its batch only: "
                                  + ("(2/B)" if p.task == "line" else "(1/B)")
                                  + "·Σ_batch (ŷᵢ − yᵢ)·xᵢ instead of the sum over all m")),
        Fact("Cost recorded", sentence("J over all m examples after each epoch's updates (the "
                                       "sampled epochs and the curve)")),
    ]
    return Section("Mini-batches", tuple(facts))


def values(o) -> tuple:
    s = o.minibatch
    r = s.of(s.batch_size)
    low, high = r.spread(s.spread_epochs)
    return (("batch_size", s.batch_size), ("updates_per_epoch", s.updates_per_epoch),
            ("last_batch_size", s.last_batch), ("updates_made", r.updates),
            ("spread_epochs", s.spread_epochs), ("final_epochs_cost_spread", high - low))


def lines(o) -> list:
    """What the noise and the comparison show, with their numbers."""
    p, s, run, d = o.problem, o.minibatch, o.run, o.diagnosis
    B, mine, full = s.batch_size, s.of(s.batch_size), s.of(p.m)
    start, end = float(run.costs[0]), run.final_cost
    verb = "lowered" if end < start else "changed"
    out = [sentence(
        ("Stochastic" if B == 1 else "Mini-batch") + " gradient descent " + verb + " the cost "
        "from {0} to {1} in {2} epochs: {3} updates per epoch, each moving the parameters "
        "against the mean gradient of " + ("one example" if B == 1 else "{4} examples")
        + " only, an estimate of the full gradient.", start, end, p.epochs,
        s.updates_per_epoch, B)]
    f = s.first
    out.append(sentence(
        "The first batch's gradient differed from the full one by up to {0} (relative {1}): "
        "each step points roughly, not exactly, downhill.", *_gradient_gap(f)))
    n = s.spread_epochs
    low, high = mine.spread(n)
    flow, fhigh = full.spread(n)
    text = ("Over the last {0} epochs J after each epoch ranged from {1} to {2} (a spread of {3}); "
            "full-batch gradient descent from the same start ranged from {4} to {5} (spread {6}) "
            "over the same epochs.")
    numbers = [n, low, high, high - low, flow, fhigh, fhigh - flow]
    if full.run.diverged_at is not None:
        text = ("Over the last {0} epochs J after each epoch ranged from {1} to {2} (a spread of "
                "{3}).")
        numbers = numbers[:4]
    out.append(sentence(text, *numbers))
    if p.task == "line" and o.optimum is not None:
        gap, best = end - o.optimum.cost, o.optimum.cost
        full_gap = float(full.run.curve[-1]) - best if full.run.diverged_at is None else None
        if full_gap is not None and full_gap <= d.threshold < gap:
            out.append(sentence(
                "With a constant learning rate the noise keeps it from settling exactly at the "
                "minimum: each batch pulls towards its own best line, so the parameters keep "
                "jittering around the least-squares answer. Full batch ended within {0} of the "
                "minimum {1}; this run ends {2} above it.", d.threshold, best, gap))
        else:
            out.append(sentence("The final J is {0} above the minimum {1} (least squares).",
                                gap, best))
    out.append(sentence(
        "The stability limit 2/λmax = {0} (here lr = {1}) holds for full-batch steps on J; a "
        "mini-batch step descends its own batch's cost, whose curvature differs from batch to "
        "batch.", d.lr_limit, Given(p.lr)))
    out += _comparison_lines(o)
    return out


def _gradient_gap(f):
    dw, db = f.batch_gradient
    fw, fb = f.full_gradient
    batch, whole = np.append(dw, db), np.append(fw, fb)
    gap = float(np.max(np.abs(batch - whole)))
    size = float(np.max(np.abs(whole)))
    return gap, (gap / size if size > 0 else float("inf"))


def _comparison_lines(o):
    p, s = o.problem, o.minibatch
    if len(s.runs) == 1:
        return []
    one = s.checkpoints[0]
    costs = [(_cost_at(r.run, one), r) for r in s.runs]
    best_cost, best = min(costs, key=lambda pair: pair[0])
    parts = ", ".join(f"{r.name} (B = {{{3 * i}}}) made {{{3 * i + 1}}} "
                      + ("update" if r.updates_per_epoch * one == 1 else "updates")
                      + f" and reached J = {{{3 * i + 2}}}" for i, (_, r) in enumerate(costs))
    numbers = []
    for cost, r in costs:
        numbers += [r.batch_size, r.updates_per_epoch * one, cost]
    head = "After " + ("one epoch's worth of examples ({%d} seen): " % len(numbers))
    numbers.append(one * p.m)
    text = [sentence(head + parts + ".", *numbers)]
    if best.updates_per_epoch > 1:
        text.append(sentence("Lowest there: " + best.name + ", which made {0} updates from the "
                             "same {1} examples.", best.updates_per_epoch * one, one * p.m))
    else:
        text.append(sentence("Lowest there: full batch, whose single update per epoch follows "
                             "the exact gradient; the smaller batches' extra updates were too "
                             "noisy to gain."))
    return text


# --- the figure's data -------------------------------------------------------------------


@dataclass(frozen=True)
class BatchPath:
    name: str
    batch_size: int
    seen: np.ndarray
    costs: np.ndarray
    per_update: bool
    path_w: np.ndarray
    path_b: np.ndarray
    diverged_at: int | None


@dataclass(frozen=True)
class BatchComparison:
    """What ``--compare-batches`` draws: J against examples seen for each method (log
    scale), and their descent paths on the cost landscape J(w, b) (line task, one x)."""

    m: int
    epochs: int
    lr: float
    w: np.ndarray
    b: np.ndarray
    cost: np.ndarray
    levels: np.ndarray
    minimum: tuple[float, float]
    minimum_cost: float
    paths: tuple[BatchPath, ...]


def batch_comparison(outcome) -> BatchComparison:
    """The three methods' curves and paths, on a map from the training figures'
    own grid and levels (``_span``, ``_grid_and_levels``)."""
    from nnexplain.explain.training_figures import _grid_and_levels, _span

    p, s = outcome.problem, outcome.minibatch
    best_w, best_b = gd.least_squares(p.x, p.y, True)
    bounded = [r.run for r in s.runs if r.run.diverged_at is None]
    ws = _span(np.concatenate([r.ws[:, 0] for r in bounded] + [best_w]))
    bs = _span(np.concatenate([r.bs for r in bounded] + [[best_b]]))
    low = gd.neuron_cost(p.x, p.y, best_w, best_b)
    grid, levels = _grid_and_levels(p, ws, bs, low)
    paths = tuple(BatchPath(r.name, r.batch_size, r.seen, r.costs, r.per_update,
                            r.run.ws[:, 0], r.run.bs, r.run.diverged_at) for r in s.runs)
    return BatchComparison(p.m, p.epochs, p.lr, ws, bs, grid, levels,
                           (float(best_w[0]), float(best_b)), low, paths)
