"""The door to training one neuron by gradient descent (``nnexplain train``).

``train`` checks every input (``prepare``), then runs gradient descent (``run``).
The command line calls the two halves itself, so that between them it can size its
progress bar and say which figure it will draw; a Python caller calls ``train``.
"""

from __future__ import annotations

import math
from typing import Callable

from nnexplain.api.example import Drawing, KindedExample, _style
from nnexplain.inputs import InputError, option, typed_number
from nnexplain.inputs import training as rules
from nnexplain.inputs.training import DEFAULT_SEED
from nnexplain.inputs.values import choice, number

# The figures a training run draws: the run (cost curve and data), the cost landscape
# J(w, b) with the descent path, the paths of several learning rates on it ("rates"),
# and the descent as an animation ("animation": drawn still, its last frame); all but
# the first need the line task with one input x.
FIGURE_KINDS = ("plot", "landscape", "rates", "animation", "batches")
# The command-line option of each figure that needs a map over (w, b).
_MAP_OPTIONS = {"landscape": "--landscape", "rates": "--compare-rates", "animation": "--animate",
                "batches": "--compare-batches"}


# One neuron's defaults (the network tasks have their own: api.network_training).
DEFAULT_LR = 0.1
DEFAULT_EPOCHS = 500


class TrainingExample(KindedExample):
    """A finished training run: ``result`` is the final cost J, ``outcome`` the run
    with what it is compared against. It draws ``figure("plot")`` (the cost per
    epoch, and the data with the fitted line or the decision boundary) and, for the
    line task with one input x, ``figure("landscape")`` (the cost J(w, b) as a
    contour map with the descent path), ``figure("rates")`` (the paths of four
    learning rates, from 2/λmax, on that map) and the descent as an animation:
    ``animate("descent.gif")`` or ``frames("folder")`` (numbered PNGs)."""

    def __init__(self, worked, outcome):
        super().__init__(worked, result=outcome.run.final_cost, drawing=self._drawing_of("plot"))
        self.outcome = outcome

    @property
    def problem(self):
        """What was trained on, and how (task, x, y, seed, lr, epochs, …)."""
        return self.outcome.problem

    def check_figure(self, kind: str = "plot") -> None:
        """InputError if the figure ``kind`` ("plot", "landscape", "rates" or
        "animation") cannot be drawn for this run; nothing is drawn."""
        check_figure_kind(self.problem, kind)

    def terminal_figure(self, kind: str = "plot", width: int = 80, height: int = 24,
                        color: bool = False) -> str:
        """The figure ``kind`` ("plot", "landscape", "rates" or "batches") drawn in
        characters (``--show``), ``width`` × ``height``, with ANSI colours when ``color``;
        without matplotlib."""
        if kind == "animation":
            self.check_figure(kind)
            raise InputError(f"the {kind!r} figure cannot be drawn in the terminal; save it to "
                             "a file instead.")
        return super().terminal_figure(kind, width, height, color)

    def animate(self, path, style: str | None = None) -> int:
        """Save gradient descent as an animated GIF to ``path`` (.gif), atomically: the
        fitted line and the point on the cost landscape moving together, epoch by
        epoch (at most 120 frames, sampled as the descent path is). Line task, one
        input x. Returns the number of frames."""
        from nnexplain.explain.training_figures import descent_frames
        from nnexplain.plot.animation import save_gif

        path = _output_path(path, "--animate")
        if not path.lower().endswith(".gif"):
            raise InputError(f"{path!r} has no .gif extension", option("--animate"))
        self.check_figure("animation")
        frames = descent_frames(self.outcome)
        with _style(style):
            save_gif(frames, path)
        return frames.count

    def frames(self, folder, style: str | None = None) -> list[str]:
        """Save every frame of the animation as a PNG in ``folder`` (created if
        missing): frame-0001.png, frame-0002.png, …, each atomically and
        byte-identical run to run; earlier frames in that folder past the last
        one are removed (a presentation tool steps through them all). Returns the
        paths written."""
        import os

        from nnexplain.explain.training_figures import descent_frames
        from nnexplain.plot.animation import save_frames, stale_frames

        folder = _output_path(folder, "--frames")
        self.check_figure("animation")
        frames = descent_frames(self.outcome)
        os.makedirs(folder, exist_ok=True)
        with _style(style):
            written = save_frames(frames, folder)
        for name in stale_frames(folder, frames.count):
            os.unlink(os.path.join(folder, name))
        return written

    def _drawing_of(self, kind: str) -> Drawing:
        """The run's figure ``kind``: "plot" (training_picture) or "landscape"."""
        from nnexplain.explain import training_figures

        if kind == "plot":
            return Drawing("nnexplain.plot.training:training_figure",
                           lambda: training_figures.training_picture(self.outcome))
        if kind == "rates":
            return Drawing("nnexplain.plot.training:learning_rates_figure",
                           lambda: training_figures.learning_rates(self.outcome))
        if kind == "animation":
            return Drawing("nnexplain.plot.animation:descent_figure",
                           lambda: training_figures.descent_frames(self.outcome))
        if kind == "batches":
            from nnexplain.explain import minibatch

            return Drawing("nnexplain.plot.minibatch:batch_comparison_figure",
                           lambda: minibatch.batch_comparison(self.outcome))
        return Drawing("nnexplain.plot.training:landscape_figure",
                       lambda: training_figures.landscape(self.outcome))


def train(task: str = "line", n: int | None = None, noise: float | None = None,
          seed: int = DEFAULT_SEED, lr: float | None = None, epochs: int | None = None,
          no_bias: bool = False, data=None, figures=(),
          progress: Callable[[int, int], None] | None = None, batch_size: int | None = None,
          hidden=None, activation: str | None = None, weights=None, start=None):
    """Train one neuron by gradient descent, worked: the start, the first update
    step by step, sampled epochs and where training ended (beside the exact
    least-squares answer for ``task="line"``, with the accuracy for "logistic").

    ``n`` examples (default 50) are generated from ``seed``, with ``noise`` (default
    0.5, line task) added to y = 2x + 1; or ``data`` is the path of a CSV file with
    the columns x,y or x1,x2,…,y. ``no_bias=True`` keeps b = 0. ``figures``: the
    figure kinds ("plot", "landscape", "rates", "animation") you will draw, checked before training.
    ``progress(done, total)`` is told the epochs run. A learning rate too large for
    the data raises InputError (``usage=False``) saying where the cost overflowed.
    ``batch_size`` B (1 to m): mini-batch gradient descent, B = 1 stochastic; each
    epoch shuffles the examples (seeded from ``seed``) and makes ceil(m/B) updates,
    and the run is compared with full batch and stochastic from the same start
    (figure "batches": the cost against examples seen and the paths). ``start``: the
    starting parameters, k weights then b (only the weights with ``no_bias``), instead
    of random ones from ``seed``; every comparison starts there too.

    The network tasks "xor", "circles", "moons" and "spiral" train a small network
    instead (``train_network``: ``hidden`` layer sizes, their ``activation``, or a
    ``weights`` file to start from; lr 0.5 and 2,000 epochs by default).

    >>> nx.train(task="line", epochs=50).result
    0.2578697639988524
    >>> dict(nx.train(task="line", epochs=50, batch_size=10).worked.values)["updates_per_epoch"]
    5
    """
    from nnexplain.api.network_training import TASKS as NETWORK_TASKS

    task = choice(task, rules.TASKS + NETWORK_TASKS, "--task")
    if _is_network_task(task):
        return _network(task, n, noise, seed, lr, epochs, no_bias, data, figures, batch_size,
                        hidden, activation, weights, start)
    _neuron_only(hidden, activation, weights)
    return run(prepare(task=task, n=n, noise=noise, seed=seed,
                       lr=DEFAULT_LR if lr is None else lr,
                       epochs=DEFAULT_EPOCHS if epochs is None else epochs,
                       no_bias=no_bias, data=data, figures=figures, batch_size=batch_size,
                       start=start),
               progress)


def _is_network_task(task) -> bool:
    from nnexplain.api.network_training import TASKS as NETWORK_TASKS

    return isinstance(task, str) and task in NETWORK_TASKS


def _neuron_only(hidden, activation, weights) -> None:
    """--hidden, --activation and --weights shape a network: refused for one neuron."""
    for value, name in ((hidden, "--hidden"), (activation, "--activation"), (weights, "--weights")):
        if value is not None:
            raise InputError("shapes a network: give --task xor, circles, moons or spiral "
                             "(line and logistic train one neuron).", option(name))


def _network(task, n, noise, seed, lr, epochs, no_bias, data, figures, batch_size, hidden,
             activation, weights, start=None):
    """A network task: the one-neuron options are refused, the rest go to train_network."""
    from nnexplain.api import network_training as door

    for given, name in ((_flag(no_bias, "--no-bias"), "--no-bias"), (data is not None, "--data"),
                        (batch_size is not None, "--batch-size")):
        if given:
            raise InputError(f"is for one neuron (--task line or logistic); the network task "
                             f"{task!r} trains on its own generated data with full batches.",
                             option(name))
    if start is not None:
        raise InputError(f"is for one neuron (--task line or logistic); the network task {task!r} "
                         "starts from seeded weights, or from a file with --weights.",
                         option("--start"))
    for kind in _kinds(figures):
        if kind != "plot":
            raise InputError(f"draws one neuron's cost map (--task line); the network task "
                             f"{task!r} draws its decision regions with --plot.",
                             option(_MAP_OPTIONS[kind]))
    return door.train_network(
        task=task, hidden=hidden, activation=activation,
        lr=door.DEFAULT_LR if lr is None else lr,
        epochs=door.DEFAULT_EPOCHS if epochs is None else epochs,
        n=door.DEFAULT_N if n is None else n, noise=noise, seed=seed, weights=weights)


def prepare(task: str = "line", n: int | None = None, noise: float | None = None,
            seed: int = DEFAULT_SEED, lr: float = DEFAULT_LR, epochs: int = DEFAULT_EPOCHS,
            no_bias: bool = False, data=None, figures=(), batch_size: int | None = None,
            start=None):
    """Every check of ``train``'s inputs, then the problem to train on
    (``nnexplain.explain.training.Problem``); nothing is trained yet."""
    task = choice(task, rules.TASKS, "--task")
    n_given, noise_given = n is not None, noise is not None
    n = rules.check_examples(rules.whole_number(n, "--n")) if n_given else rules.DEFAULT_N
    noise = rules.check_noise(number(noise, "--noise")) if noise_given else rules.DEFAULT_NOISE
    seed = rules.check_seed(rules.whole_number(seed, "--seed"))
    lr = rules.check_lr(number(lr, "--lr"))
    epochs = rules.check_epochs(rules.whole_number(epochs, "--epochs"))
    fit_bias = not _flag(no_bias, "--no-bias")
    if batch_size is not None:
        batch_size = rules.check_batch_size(rules.whole_number(batch_size, "--batch-size"))
    figures = _kinds(figures)
    if data is not None:
        data = _path(data)
    rules.check_generated_options(task, n_given, noise_given, data, n, epochs)
    for kind in figures:
        if kind in _MAP_OPTIONS:
            _for_option(rules.check_landscape_task, kind, task)
    from nnexplain.explain import training as explain

    if "batches" in figures and batch_size is None:
        raise InputError("compares batch sizes with the one given: add --batch-size B "
                         "(1 to m).", option("--compare-batches"))
    if batch_size is not None and data is None:
        rules.check_batch_fits(batch_size, n, None, epochs)
    if start is not None and data is None:  # generated data: one input per task
        start = rules.check_start(start, 1 if task == "line" else 2, fit_bias)
    if data is None:
        problem = explain.generated_problem(task, n, noise, seed, lr, epochs, fit_bias, batch_size,
                                            start)
    else:
        x, y = rules.read_training_data(data, task, epochs)
        if start is not None:
            start = rules.check_start(start, x.shape[1], fit_bias)
        if batch_size is not None:
            rules.check_batch_fits(batch_size, y.shape[0], data, epochs)
        problem = explain.Problem(task, x, y, seed, lr, epochs, fit_bias, source=data,
                                  batch_size=batch_size, start=start)
    for kind in figures:
        check_figure_kind(problem, kind)
    return problem


def run(problem, progress: Callable[[int, int], None] | None = None) -> TrainingExample:
    """Train on a prepared ``problem``; InputError (``usage=False``) if the cost
    overflows."""
    from nnexplain.explain import training as explain

    outcome = explain.train(problem, progress)
    if outcome.run.diverged_at is not None:
        raise diverged(outcome)
    return TrainingExample(explain.training_example(outcome), outcome)


def check_figure_kind(problem, kind: str) -> None:
    """InputError if the figure ``kind`` cannot be drawn for ``problem``. The plot
    always can (with more inputs than a plane shows, it shows the cost only)."""
    if kind not in FIGURE_KINDS:
        raise InputError(f"unknown figure {kind!r}; the figures are: {', '.join(FIGURE_KINDS)}")
    if kind in _MAP_OPTIONS:
        _for_option(rules.check_landscape_task, kind, problem.task)
        _for_option(rules.check_landscape_inputs, kind, problem.source, problem.features)
    if kind == "batches" and problem.batch_size is None:
        raise InputError("compares batch sizes with the one given: train with --batch-size B "
                         "(1 to m).", option("--compare-batches"))


def _for_option(rule, kind, *args) -> None:
    """Apply a landscape ``rule``; its InputError names the option of ``kind``."""
    try:
        rule(*args)
    except InputError as error:
        raise InputError(error.message, option(_MAP_OPTIONS[kind]), error.usage) from None


def diverged(outcome) -> InputError:
    """The error for a run whose cost overflowed: where, and a smaller lr to try."""
    from nnexplain.core.training import smoothness, suggested_lr

    p, epoch = outcome.problem, outcome.run.diverged_at
    value = "inf" if math.isinf(outcome.run.curve[-1]) else "undefined (inf − inf)"
    if epoch == 0 and p.start is not None:
        given = ",".join(typed_number(v) for v in p.start)
        how = ("the neuron's outputs are so far from the targets that the squared errors "
               "overflow" if p.task == "line"
               else "the neuron is certain and wrong about some example")
        return InputError(
            f"the cost is {value} already at the start (epoch 0): from --start {given} {how}; "
            "start from smaller numbers.", usage=False)
    if epoch == 0:
        where = f"the data in {p.source}" if p.source else "the data"
        return InputError(
            f"the cost is {value} already at the start (epoch 0): the starting neuron is certain "
            f"and wrong about some example, because {where} are too large; rescale the inputs "
            "(for example to between −10 and 10).", usage=False)
    suggestion = suggested_lr(p.x, p.task, p.fit_bias, p.lr)
    top = smoothness(p.x, p.task, p.fit_bias)
    if p.batch_size is not None and p.lr * top < 2:
        from nnexplain.core.training import example_curvatures

        single = float(example_curvatures(p.x, p.task, p.fit_bias).max())
        suggestion = min(suggestion, suggested_lr(p.x, p.task, p.fit_bias, 1.0 / single))
        return InputError(
            f"the cost became {value} at epoch {epoch} with --lr {typed_number(p.lr)} and "
            f"--batch-size {p.batch_size}: lr·λmax = {p.lr * top:.4g} is below 2 (λmax = "
            f"{top:.4g}, the full cost's largest curvature), but each step follows one batch's "
            f"cost, which can curve more: up to {single:.4g} (the largest single example's); lr "
            f"times that is {p.lr * single:.4g}"
            + (", above 2, so steps on some batches overshoot" if p.lr * single >= 2 else "")
            + f"; try --lr {suggestion:g}.", usage=False)
    if p.task == "line":
        why = (f"lr·λmax = {p.lr * top:.4g} is above 2 (λmax = {top:.4g} is the cost's largest "
               f"curvature; gradient descent is stable only for lr < 2/λmax = {2 / top:.4g}), so "
               "each step overshoots the minimum by more than the last")
    elif p.lr * top >= 2:
        why = (f"lr·L = {p.lr * top:.4g} is above 2 (L = {top:.4g} bounds the cost's curvature; "
               f"only below lr = 2/L = {2 / top:.4g} is every step sure to lower the cost)")
    else:
        why = "the steps overshoot until the neuron is certain and wrong about some example"
    return InputError(
        f"the cost became {value} at epoch {epoch} with --lr {typed_number(p.lr)}: the learning "
        f"rate is too large: {why}; try --lr {suggestion:g}, a round rate at most "
        f"{'1/λmax' if p.task == 'line' else '1/L'} = {1 / top:.4g}.", usage=False)


def _flag(value, name: str) -> bool:
    """True or False (a Python or NumPy bool)."""
    if type(value).__name__ not in ("bool", "bool_"):
        raise InputError(f"{value!r} is not True or False", option(name))
    return bool(value)


def _kinds(figures) -> tuple[str, ...]:
    """The figure kinds asked for (FIGURE_KINDS), or none."""
    kinds = (figures,) if isinstance(figures, str) else tuple(figures)
    for kind in kinds:
        if kind not in FIGURE_KINDS:
            raise InputError(f"unknown figure {kind!r}; the figures are: {', '.join(FIGURE_KINDS)}")
    return kinds


def _output_path(path, name: str) -> str:
    """A file or folder to write, as text (a str or an os.PathLike)."""
    text = path if isinstance(path, str) else getattr(path, "__fspath__", lambda: None)()
    if not isinstance(text, str) or not text:
        raise InputError(f"{path!r} is not a path", option(name))
    return text


def _path(data) -> str:
    """The CSV file's path as text (a str or an os.PathLike)."""
    path = data if isinstance(data, str) else getattr(data, "__fspath__", lambda: None)()
    if not isinstance(path, str):
        raise InputError(f"{data!r} is not the path of a CSV file", option("--data"))
    return path
