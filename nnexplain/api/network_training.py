"""The door to training a whole network on a 2-D task (``nnexplain train --task
xor|circles|moons|spiral``): every input checked here, once, naming the command
line's option; then the run, worked (``nnexplain.explain.network_training``).

Limits (stated so a learner knows them before asking): 1 to MAX_HIDDEN_LAYERS hidden
layers (or none), each of 1 to MAX_UNITS units; 4 to MAX_POINTS points; 1 to
MAX_EPOCHS epochs, and at most MAX_WORK epochs × points (about half a minute of
computing for the largest networks); a learning rate above 0 and at most MAX_LR; a
noise from 0 to MAX_NOISE; a seed 0 or larger.
"""

from __future__ import annotations

from nnexplain.api.example import Drawing, Example
from nnexplain.inputs import InputError, option, typed_number
from nnexplain.inputs.training import check_seed, whole_number
from nnexplain.inputs.values import choice, number

TASKS = ("xor", "circles", "moons", "spiral")
ACTIVATIONS = ("relu", "tanh", "sigmoid", "leaky_relu")
DEFAULT_HIDDEN = (8,)
DEFAULT_ACTIVATION = "tanh"
DEFAULT_SEED = 42  # core.network_training.DEFAULT_SEED (a test keeps them equal)
DEFAULT_N = 200
DEFAULT_LR = 0.5
DEFAULT_EPOCHS = 2000
MAX_HIDDEN_LAYERS = 4
MAX_UNITS = 64
MIN_POINTS, MAX_POINTS = 4, 10_000
MAX_EPOCHS = 100_000
MAX_WORK = 20_000_000
MAX_LR = 100.0
MAX_NOISE = 10.0


class NetworkTrainingExample(Example):
    """A finished run: ``result`` is the final cost J; ``outcome`` holds the run and
    the no-hidden model's; ``figure()`` draws the decision regions beside the cost."""

    def __init__(self, worked, outcome):
        from nnexplain.explain.network_training import network_training_figures

        super().__init__(worked, result=outcome.run.final_cost, drawing=Drawing(
            "nnexplain.plot.network_training:network_training_figure",
            lambda: network_training_figures(outcome)))
        self.outcome = outcome


def train_network(task: str = "xor", hidden=None, activation: str | None = None,
                  lr: float = DEFAULT_LR, epochs: int = DEFAULT_EPOCHS, n: int = DEFAULT_N,
                  noise: float | None = None, seed: int = DEFAULT_SEED,
                  weights=None) -> NetworkTrainingExample:
    """Train a small network on a 2-D task by full-batch backpropagation, worked:
    the network, the first update, sampled epochs, the accuracy, and the same task
    with no hidden layer (one sigmoid neuron, a straight boundary).

    ``task``: "xor" (noisy clouds around the unit square's corners; ``n=4,
    noise=0`` gives exactly the four corners), "circles", "moons" or "spiral";
    ``hidden``: hidden layer sizes (default (8,); () for none); ``activation``:
    the hidden layers' ("relu", "tanh" (default), "sigmoid", "leaky_relu"); the
    output is one sigmoid unit with log loss. ``weights``: a weights file (or a
    shipped example's name, or a list of layers) to start from instead of seeded
    weights: 2 inputs, one sigmoid output unit; then give neither ``hidden`` nor
    ``activation``. ``noise``: default 0.15 (xor), 0.08 (circles), 0.1 (moons),
    0.03 (spiral).

    >>> round(nx.train_network(task="xor", epochs=200).result, 4)
    0.0741
    """
    problem = prepare(task, hidden, activation, lr, epochs, n, noise, seed, weights)
    from nnexplain.explain import network_training as explain

    outcome = explain.train(problem)
    for which, run in (("the network", outcome.run), ("the model with no hidden layer", outcome.line)):
        if run.diverged_at is not None:
            raise InputError(
                f"the cost of {which} became infinite or undefined at epoch {run.diverged_at} "
                f"with --lr {typed_number(problem.lr)}: the learning rate is too large; try "
                "a smaller one such as 0.5.", option("--lr"), usage=False)
    return NetworkTrainingExample(explain.network_training_example(outcome), outcome)


def prepare(task="xor", hidden=None, activation=None, lr=DEFAULT_LR, epochs=DEFAULT_EPOCHS,
            n=DEFAULT_N, noise=None, seed=DEFAULT_SEED, weights=None):
    """Every check of ``train_network``'s inputs, then the problem to train
    (``nnexplain.explain.network_training.Problem``); nothing is trained yet."""
    task = choice(task, TASKS, "--task")
    if weights is not None and (hidden is not None or activation is not None):
        raise InputError("--weights gives the network's layers and activations; give either "
                         "--weights or --hidden/--activation, not both.")
    sizes = check_hidden(DEFAULT_HIDDEN if hidden is None else hidden)
    activation = choice(DEFAULT_ACTIVATION if activation is None else activation, ACTIVATIONS,
                        "--activation")
    lr = check_lr(number(lr, "--lr"))
    epochs = _count(whole_number(epochs, "--epochs"), 1, MAX_EPOCHS, "epochs", "--epochs")
    n = _count(whole_number(n, "--n"), MIN_POINTS, MAX_POINTS, "points", "--n")
    if noise is not None:
        noise = number(noise, "--noise")
        if not 0 <= noise <= MAX_NOISE:
            raise InputError(f"{typed_number(noise)} is out of range: the noise's standard "
                             f"deviation is between 0 and {MAX_NOISE:g}.", option("--noise"))
    seed = check_seed(whole_number(seed, "--seed"))
    if n * epochs > MAX_WORK:
        raise InputError(f"{epochs:,} epochs × {n:,} points is {n * epochs:,} example updates; "
                         f"at most {MAX_WORK:,} are allowed. Use fewer epochs or points.",
                         option("--epochs"))
    start, source = None, None
    if weights is not None:
        start, source = _start_from(weights)
    from nnexplain.explain import network_training as explain

    return explain.generated_problem(task, n, noise, seed, lr, epochs, sizes, activation,
                                     start=start, source=source)


def check_hidden(hidden) -> tuple[int, ...]:
    """--hidden: up to MAX_HIDDEN_LAYERS sizes, each 1 to MAX_UNITS (text "8,8", a
    list, one whole number, or () / "" for no hidden layer)."""
    if isinstance(hidden, str):
        text = hidden.strip()
        items = [] if text in ("", "0", "none") else [part.strip() for part in text.split(",")]
    elif isinstance(hidden, (list, tuple)):
        items = list(hidden)
    else:
        items = [hidden]
    if len(items) > MAX_HIDDEN_LAYERS:
        raise InputError(f"{len(items)} hidden layers; at most {MAX_HIDDEN_LAYERS} are allowed.",
                         option("--hidden"))
    sizes = []
    for position, item in enumerate(items, start=1):
        try:
            size = whole_number(item, "--hidden")
        except InputError as error:
            raise InputError(f"layer {position}: {error.message} (give sizes such as 8 or 8,8)",
                             error.hint) from None
        _count(size, 1, MAX_UNITS, "units", "--hidden")
        sizes.append(size)
    return tuple(sizes)


def check_lr(value: float) -> float:
    """--lr: above 0 and at most MAX_LR."""
    if not 0 < value <= MAX_LR:
        raise InputError(f"{typed_number(value)} is not a learning rate here: give one above 0 "
                         f"and at most {MAX_LR:g}; try 0.5.", option("--lr"))
    return value


def _count(value: int, low: int, high: int, what: str, name: str) -> int:
    if not low <= value <= high:
        raise InputError(f"{value:,} is out of range: give between {low:,} and {high:,} {what}.",
                         option(name))
    return value


def _start_from(weights):
    """The starting layers from a weights file, an example's name or Python layers:
    2 inputs and one sigmoid output unit."""
    from nnexplain.inputs.weights_file import load_network

    network = load_network(weights)
    layers = network.layers
    first, last = layers[0], layers[-1]
    if first.n_in != 2:
        raise InputError(f"{network.source} takes {first.n_in} inputs; the tasks have 2 (x₁, x₂).",
                         option("--weights"))
    if last.n_out != 1 or last.activation != "sigmoid":
        raise InputError(f"{network.source} ends in {last.n_out} {last.activation} unit(s); "
                         "training needs one sigmoid output unit (ŷ is a probability).",
                         option("--weights"))
    if len(layers) - 1 > MAX_HIDDEN_LAYERS:
        raise InputError(f"{network.source} has {len(layers) - 1} hidden layers; at most "
                         f"{MAX_HIDDEN_LAYERS} are allowed.", option("--weights"))
    for k, current in enumerate(layers[:-1], start=1):
        if current.activation not in ACTIVATIONS:
            raise InputError(f"{network.source}, layer {k} has the activation "
                             f"{current.activation!r}; a hidden layer here uses one of "
                             f"{', '.join(ACTIVATIONS)}.", option("--weights"))
    source = network.source.removeprefix("the network in ").removeprefix("the ")
    return layers, source
