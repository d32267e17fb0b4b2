"""Training a whole network by backpropagation: the run, its worked example, and the
data its figure draws. Every number comes from ``nnexplain.core.network_training``
(and ``core.network`` for the log loss).

The worked example shows the task and the network, the first update (the cost, the
size of every layer's gradient, and the output unit's bias and first weight updated
with the numbers in; ``nnexplain backprop`` works the full chain rule), a table of
sampled epochs, the final accuracy, and the same task trained with no hidden layer:
one sigmoid neuron, whose boundary is a straight line.
"""

from dataclasses import dataclass

import numpy as np

from nnexplain.core import network_training as nt
from nnexplain.core.arrays import sorted_unique
from nnexplain.core.network import log_loss_from_logit, parameter_count
from nnexplain.core.training import table_epochs
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

# The no-hidden model's cost counts as "near ln 2" (no better than ŷ = 0.5 for
# every point) within this share of it.
CHANCE_WITHIN = 0.01
# The cost curve of the figure keeps at most this many epochs (evenly spaced).
CURVE_POINTS = 1000
# The decision-region grid: this many points along each axis, and a margin around
# the data of this share of their span.
GRID_POINTS = 201
GRID_MARGIN = 0.15

_TASK_WORDS = {
    "xor": "XOR",
    "circles": "two circles",
    "moons": "two moons",
    "spiral": "two spirals",
}


@dataclass(frozen=True)
class Problem:
    """What to train and how: the task's points x (n × 2) and labels y, the seed,
    the noise, the starting layers (seeded, or from ``source``, a weights file),
    the learning rate and the number of epochs."""

    task: str
    x: np.ndarray
    y: np.ndarray
    noise: float
    seed: int
    start: tuple
    lr: float
    epochs: int
    source: str | None = None

    @property
    def m(self) -> int:
        return self.y.shape[0]

    @property
    def sizes(self) -> tuple[int, ...]:
        return (self.start[0].n_in, *(l.n_out for l in self.start))

    @property
    def hidden(self) -> tuple[int, ...]:
        return self.sizes[1:-1]


def generated_problem(task, n, noise, seed, lr, epochs, hidden=(8,), activation="tanh",
                      start=None, source=None) -> Problem:
    """A problem on data the core makes from ``seed``; the starting layers are
    ``start`` (from a weights file) or seeded ones of the given shape."""
    noise = nt.DEFAULT_NOISE[task] if noise is None else float(noise)
    x, y = nt.make_data(task, n, noise, seed)
    if start is None:
        start = nt.starting_layers(hidden, activation, seed)
    return Problem(task, x, y, noise, seed, tuple(start), float(lr), int(epochs), source)


@dataclass(frozen=True)
class Outcome:
    """A run, and the same task trained from the same seed with no hidden layer."""

    problem: Problem
    run: nt.NetworkTraining
    line: nt.NetworkTraining  # the no-hidden model: one sigmoid neuron

    @property
    def has_hidden(self) -> bool:
        return len(self.problem.start) > 1


def recorded_epochs(epochs):
    """The epochs whose layers a run keeps: the table's (0, 1, 2, 5, 10, …)."""
    return table_epochs(epochs)


def train(problem: Problem) -> Outcome:
    """Train the network, then the no-hidden model on the same data and settings."""
    p = problem
    record = recorded_epochs(p.epochs)
    run = nt.train_network(p.x, p.y, p.start, p.lr, p.epochs, record)
    if p.hidden:
        line_start = nt.starting_layers((), "sigmoid", p.seed)
        line = nt.train_network(p.x, p.y, line_start, p.lr, p.epochs, record)
    else:
        line = run
    return Outcome(p, run, line)


# --- names ------------------------------------------------------------------------------


def shape_name(sizes) -> str:
    """"2-8-1": the units of every layer, the inputs first."""
    return "-".join(str(s) for s in sizes)


def _activations_words(layers) -> str:
    hidden = [l.activation for l in layers[:-1]]
    if not hidden:
        return "no hidden layer: one sigmoid neuron"
    if len(set(hidden)) == 1:
        which = "hidden layer" if len(hidden) == 1 else "hidden layers"
        return f"{hidden[0]} {which}, sigmoid output"
    return ", ".join(hidden) + " hidden layers, sigmoid output"


# --- the worked example -------------------------------------------------------------------


def network_training_example(outcome: Outcome) -> Worked:
    """The whole run as a worked example (the run must not have diverged)."""
    o, p = outcome, outcome.problem
    run = o.run
    return Worked(
        name=f"train_network_{p.task}",
        title=(f"Training a {shape_name(p.sizes)} network by backpropagation "
               f"({_TASK_WORDS[p.task]}, {p.m} points)"),
        inputs=_inputs(p),
        formula="ŷ = σ(z), z the output unit's weighted sum",
        substituted=None,
        more_formulas=(
            "J = −(1/m)·Σ [yᵢ·ln ŷᵢ + (1 − yᵢ)·ln(1 − ŷᵢ)]",
            "W_new = W − lr·∂J/∂W, and b alike, every layer",
        ),
        steps=_first_update(o),
        result_symbol="J",
        result=None,
        tables_after=(_history_table(o),),
        values=(
            ("final_cost", run.final_cost),
            ("accuracy", run.final_accuracy),
            ("no_hidden_accuracy", o.line.final_accuracy),
            ("no_hidden_cost", o.line.final_cost),
            ("epochs", p.epochs),
            ("parameter_count", parameter_count(p.start)),
        ),
        sections=(_setup_section(p), _result_section(o), _no_hidden_section(o)),
        interpretation=_interpretation(o),
    )


def _inputs(p):
    inputs = [("task", p.task), ("n", float(p.m)), ("noise", Given(p.noise)),
              ("seed", Given(p.seed)), ("lr", Given(p.lr)), ("epochs", float(p.epochs)),
              ("hidden", tuple(float(h) for h in p.hidden))]
    return tuple(inputs)


def _first_update(o):
    """Epoch 0 → 1: the cost, each layer's gradient size, and the output unit's
    bias and first weight updated by hand."""
    p, run = o.problem, o.run
    layers = p.start
    L = len(layers)
    z = nt.output_logit(layers, p.x)
    losses = log_loss_from_logit(p.y, z)
    total = float(np.sum(losses))
    grads = nt.mean_gradients(layers, p.x, p.y)
    group = "Start (epoch 0)"
    steps = [
        Step("Add up the losses", "Σ Lᵢ", written_sum(losses), total, group=group),
        Step("Cost at the start", "J = (1/m)·Σ Lᵢ", formula("{0} / {1}", total, p.m),
             float(run.costs[0]), group=group),
    ]
    group = "Update 1: gradient sizes"
    for k, (dW, db) in enumerate(grads, start=1):
        norm = float(np.linalg.norm(dW))
        steps.append(Step(f"Layer {k}, {dW.shape[0]}×{dW.shape[1]} weights",
                          f"‖∂J/∂W{_sub(k)}‖", _root_of_squares(dW.size), norm, group=group))
        steps.append(Step(f"Layer {k}, {db.size} {'bias' if db.size == 1 else 'biases'}",
                          f"‖∂J/∂b{_sub(k)}‖", _root_of_squares(db.size),
                          float(np.linalg.norm(db)), group=group))
    # The output unit by hand: δ = ŷ − y, ∂J/∂b = (1/m)·Σ δᵢ, ∂J/∂w₁ = (1/m)·Σ δᵢ·aᵢ₁.
    group = "Update 1: the output unit"
    error = log_loss_delta_values(p.y, z)
    a_in = _output_inputs(layers, p.x)
    out = layers[-1]
    dW, db = grads[-1]
    after = run.at(1)[-1] if p.epochs >= 1 else out
    sum_error = float(np.sum(error))
    terms = error * a_in[:, 0]
    sum_terms = float(np.sum(terms))
    feature = "x₁" if L == 1 else "h₁"
    steps += [
        Step("Add up the errors", "Σ (ŷᵢ − yᵢ)", written_sum(error), sum_error, group=group),
        Step("Gradient for the output bias", "∂J/∂b = (1/m)·Σ (ŷᵢ − yᵢ)",
             formula("{0} / {1}", sum_error, p.m), float(db[0]), group=group),
        Step(f"Add up errors times {feature}", f"Σ (ŷᵢ − yᵢ)·{feature}ᵢ", written_sum(terms),
             sum_terms, group=group),
        Step(f"Gradient for the weight from {feature}", f"∂J/∂w = (1/m)·Σ (ŷᵢ − yᵢ)·{feature}ᵢ",
             formula("{0} / {1}", sum_terms, p.m), float(dW[0, 0]), group=group),
        Step("New output bias", "b ← b − lr·∂J/∂b",
             formula("{0} − {1}·{2}", float(out.b[0]), Given(p.lr), float(db[0])),
             float(after.b[0]), group=group),
        Step(f"New weight from {feature}", "w ← w − lr·∂J/∂w",
             formula("{0} − {1}·{2}", float(out.W[0, 0]), Given(p.lr), float(dW[0, 0])),
             float(after.W[0, 0]), group=group),
    ]
    from nnexplain.explain.training import cost_change_note

    before, later = float(run.costs[0]), float(run.costs[1])
    steps.append(Step("Cost after one update", "J = (1/m)·Σ Lᵢ",
                      sentence("with every layer updated"), later,
                      note=cost_change_note(before, later, too_far="the step overshot"), group=group))
    return tuple(steps)


def _root_of_squares(count):
    """"√(sum of 16 squares)": how a gradient's size is found from its entries."""
    return sentence("√(sum of {0} " + ("square" if count == 1 else "squares") + ")", count)


def log_loss_delta_values(y, z):
    """ŷ − y for every example, from z (core ``log_loss_delta``)."""
    from nnexplain.core.network import log_loss_delta

    return log_loss_delta(y, z)


def _output_inputs(layers, x):
    """What the output unit receives: the last hidden layer's outputs (or x)."""
    from nnexplain.core.network import forward

    return forward(layers, x)[-1].a_prev


def _history_table(o):
    run = o.run
    columns = [
        Column("epoch", "epoch", run.epochs.astype(np.float64)),
        Column("J", "cost", run.costs),
        Column("accuracy", "accuracy", run.accuracies),
    ]
    if o.has_hidden:
        columns += [Column("J, no hidden layer", "no_hidden_cost", o.line.costs),
                    Column("accuracy, no hidden layer", "no_hidden_accuracy", o.line.accuracies)]
    return ExampleTable(
        label="Sampled epochs: the cost and accuracy before that epoch's update",
        formula="accuracy = share of points with (ŷ ≥ 0.5) = (y = 1)",
        columns=tuple(columns),
        key="history",
    )


def _setup_section(p):
    facts = [Fact("Data", _data_sentence(p))]
    sizes = p.sizes
    counts = " + ".join(f"{a}·{b} + {b}" for a, b in zip(sizes[:-1], sizes[1:]))
    facts.append(Fact("Network", sentence(
        shape_name(sizes) + " (" + _activations_words(p.start) + "): " + counts
        + " = {0} parameters", parameter_count(p.start))))
    if p.source is None:
        facts.append(Fact("Start", _start_sentence(p)))
    else:
        facts.append(Fact("Start", sentence("the weights and biases in " + _escaped(p.source))))
    facts.append(Fact("Training", sentence(
        f"{_epochs(p.epochs)} of full-batch gradient descent with --lr {{1}}: every update uses all {{2}} "
        "points; the gradients by backpropagation (nnexplain backprop works the chain rule "
        "for one example)", p.epochs, Given(p.lr), p.m)))
    return Section("The task and the network", tuple(facts))


def _data_sentence(p):
    if p.task == "xor":
        return sentence(
            "{0} points with --seed {1}: point i at corner i mod 4 of the unit square, (0, 0), "
            "(0, 1), (1, 1), (1, 0), labelled x₁ XOR x₂ = 0, 1, 0, 1, plus normal noise of "
            "standard deviation --noise {2} on each coordinate", p.m, Given(p.seed), Given(p.noise))
    if p.task == "circles":
        outer, inner = nt.CIRCLE_RADII
        return sentence(
            "{0} points with --seed {1}: class 0 on a circle of radius {2}, class 1 on one of "
            "radius {3} inside it, at uniform angles, plus normal noise of standard deviation "
            "--noise {4}", p.m, Given(p.seed), outer, inner, Given(p.noise))
    if p.task == "moons":
        return sentence(
            "{0} points with --seed {1}: class 0 on the upper half circle (cos t, sin t), class 1 "
            "on the lower one (1 − cos t, {2} − sin t), t uniform in [0, π], plus normal noise of "
            "standard deviation --noise {3}", p.m, Given(p.seed), 0.5, Given(p.noise))
    return sentence(
        "{0} points with --seed {1}: two spiral arms, each turning {2} half-turns as its radius "
        "grows from {3} to 1, class 1's arm class 0's turned by half a turn, plus normal noise "
        "of standard deviation --noise {4}", p.m, Given(p.seed), nt.SPIRAL_HALF_TURNS,
        nt.SPIRAL_START, Given(p.noise))


def _start_sentence(p):
    parts, numbers, rules = [], [], []
    for k, current in enumerate(p.start, start=1):
        he = current.activation in ("relu", "leaky_relu")
        parts.append(f"{{{len(numbers)}}} (layer {k})")
        numbers.append(nt.starting_scale(current.activation, current.n_in, current.n_out))
        rule = ("He's √(2/n_in) before ReLU-like units" if he else
                "Glorot's √(2/(n_in + n_out)) before tanh and sigmoid units")
        if rule not in rules:
            rules.append(rule)
    return sentence("weights normal with mean 0 and standard deviation " + ", ".join(parts)
                    + ": " + " and ".join(rules) + f", drawn with --seed {{{len(numbers)}}}; "
                    "every bias 0", *numbers, Given(p.seed))


def _escaped(text):
    return text.replace("{", "{{").replace("}", "}}")


def _result_section(o):
    p, run = o.problem, o.run
    correct = round(run.final_accuracy * p.m)
    facts = [
        Fact("Cost", sentence("J = {0}, from {1} at the start", run.final_cost, float(run.costs[0]))),
        Fact("Accuracy", sentence(
            "{0} of {1} points correct ({2}%), reading ŷ ≥ 0.5 as class 1", correct, p.m,
            _percent(run.final_accuracy, p.m))),
    ]
    return Section(f"After {_epochs(p.epochs)}", tuple(facts))


def _no_hidden_section(o):
    p, line = o.problem, o.line
    if not o.has_hidden:
        return Section("No hidden layer", (Fact("Model", sentence(
            "this network is one sigmoid neuron ŷ = σ(w₁·x₁ + w₂·x₂ + b): its boundary ŷ = 0.5 "
            "is the straight line w₁·x₁ + w₂·x₂ + b = 0")),))
    last = line.final_layers[0]
    w1, w2, b = float(last.W[0, 0]), float(last.W[1, 0]), float(last.b[0])
    facts = [
        Fact("Model", sentence(
            f"one sigmoid neuron ŷ = σ(w₁·x₁ + w₂·x₂ + b), trained the same way ({_epochs(p.epochs)}, "
            "--lr {1}, seeded start): its boundary ŷ = 0.5 is a straight line",
            p.epochs, Given(p.lr))),
        Fact("Learned", sentence("w₁ = {0}, w₂ = {1}, b = {2}", w1, w2, b)),
        Fact("Result", sentence(
            "J = {0} (lowest on the way {1}), {2}% of points correct, against J = {3} and {4}% "
            "with the hidden layer", line.final_cost, float(np.min(line.curve)),
            _percent(line.final_accuracy, p.m), o.run.final_cost,
            _percent(o.run.final_accuracy, p.m))),
    ]
    return Section("The same task with no hidden layer", tuple(facts))


def _interpretation(o):
    p, run, line = o.problem, o.run, o.line
    start, end = float(run.costs[0]), run.final_cost
    lines = []
    if end < start:
        lines.append(sentence(
            f"Backpropagation lowered the cost from {{0}} to {{1}} in {_epochs(p.epochs)}; the "
            "network now classifies {2}% of the points correctly.", start, end,
            _percent(run.final_accuracy, p.m)))
    else:
        lines.append(sentence(
            "The cost did not fall ({0} at the start, {1} at the end): try a smaller --lr.",
            start, end))
    if not o.has_hidden:
        return tuple(lines)
    chance = float(log_loss_from_logit(1.0, 0.0))  # ŷ = 0.5 for every point: ln 2
    stalled = line.final_accuracy < 1.0 and line.final_accuracy < run.final_accuracy
    if stalled and p.task == "xor" and line.final_accuracy <= 0.75:
        near = abs(line.final_cost - chance) <= CHANCE_WITHIN * chance
        lines.append(sentence(
            "With no hidden layer the same training stalls: {0}% correct and J = {1}"
            + (", near {2} = ln 2, the cost of answering ŷ = 0.5 for every point" if near else "")
            + ". Its boundary is a line, and no line separates XOR: the class-1 corners (0, 1) "
            "and (1, 0) and the class-0 corners (0, 0) and (1, 1) share the midpoint (0.5, 0.5), "
            "so a line with both class-1 corners on one side has that midpoint there too, and "
            "with it at least one class-0 corner: at best 3 of the 4 corners come out right.",
            _percent(line.final_accuracy, p.m), line.final_cost, chance))
        separated = run.final_accuracy == 1.0
        lines.append(sentence(
            "The hidden layer bends the boundary: its units map the points to new features in "
            "which the output unit's line " + ("separates the classes" if separated else
                                               "separates most of the points")
            + " ({0}% correct here).", _percent(run.final_accuracy, p.m)))
    elif stalled:
        lines.append(sentence(
            "With no hidden layer the same training reaches only {0}% correct (J = {1}): its "
            "boundary is a straight line, and these classes need a curved one, which the hidden "
            "layer provides ({2}% correct).", _percent(line.final_accuracy, p.m),
            line.final_cost, _percent(run.final_accuracy, p.m)))
    elif line.final_accuracy == run.final_accuracy:
        lines.append(sentence(
            "With no hidden layer the same training gets {0}% correct too (J = {1}): on these "
            "data a straight boundary does as well as the network's.",
            _percent(line.final_accuracy, p.m), line.final_cost))
    elif line.final_accuracy > run.final_accuracy:
        lines.append(sentence(
            "With no hidden layer the same training gets {0}% correct (J = {1}), more than the "
            "network's {2}%: the network has not learned these data yet. Try more --epochs, a "
            "larger --lr or more --hidden units (such as --hidden 16,16).",
            _percent(line.final_accuracy, p.m), line.final_cost,
            _percent(run.final_accuracy, p.m)))
    return tuple(lines)


def _percent(fraction, m):
    """An accuracy as a percentage, from the count of correct points (112 of 200 is
    exactly 56, not 100 × 0.56 = 56.00000000000001)."""
    return Percent(100.0 * round(fraction * m) / m)


_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _sub(k) -> str:
    return str(k).translate(_SUBSCRIPTS)


# --- the figure's data ----------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionPicture:
    """What the decision-regions figure draws: the points and labels, ŷ over a grid
    (rows follow ``axis_2``, columns ``axis_1``), the cost per epoch of the network
    and of the no-hidden model (None when the network has no hidden layer), and
    titles' facts."""

    task: str
    shape: str
    x: np.ndarray
    y: np.ndarray
    axis_1: np.ndarray
    axis_2: np.ndarray
    probability: np.ndarray
    epochs: np.ndarray
    cost: np.ndarray
    line_cost: np.ndarray | None
    accuracy: float
    line_accuracy: float | None
    threshold: float = 0.5
    # One data point to mark (its number k and position), e.g. the one the explorer
    # works the arithmetic for; None: none marked.
    chosen: tuple[int, float, float] | None = None


def network_training_figures(outcome: Outcome) -> DecisionPicture:
    """The data of the decision-regions figure, computed by the core."""
    o, p = outcome, outcome.problem
    axes = []
    for j in range(2):
        low, high = float(p.x[:, j].min()), float(p.x[:, j].max())
        pad = GRID_MARGIN * (high - low) or 0.5
        axes.append(np.linspace(low - pad, high + pad, GRID_POINTS))
    grid = nt.probability_grid(o.run.final_layers, axes[0], axes[1])
    shown = _curve_epochs(len(o.run.curve) - 1)
    return DecisionPicture(
        task=p.task, shape=shape_name(p.sizes), x=p.x, y=p.y, axis_1=axes[0], axis_2=axes[1],
        probability=grid, epochs=shown.astype(np.float64), cost=o.run.curve[shown],
        line_cost=o.line.curve[shown] if o.has_hidden else None,
        accuracy=o.run.final_accuracy,
        line_accuracy=o.line.final_accuracy if o.has_hidden else None,
    )


def _curve_epochs(last):
    """Every epoch up to CURVE_POINTS, else CURVE_POINTS evenly spaced (0 and last in)."""
    if last < CURVE_POINTS:
        return np.arange(last + 1)
    return sorted_unique(np.linspace(0, last, CURVE_POINTS).round().astype(np.int64))


def _epochs(n: int) -> str:
    """"1 epoch", "2,000 epochs"."""
    return "1 epoch" if n == 1 else f"{n:,} epochs"
