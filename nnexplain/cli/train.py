"""``nnexplain train``: one neuron (or, for the 2-D tasks, a small network) learns by
gradient descent, epoch by epoch."""

import contextlib
import os
import pathlib

import click

from nnexplain.cli.options import (FIGURE_PATH, INPUT_PATH, INTEGER, NUMBER, NUMBER_LIST, FigurePath,
                                   output_options, plot_option)
from nnexplain.inputs import InputError
from nnexplain.inputs import training as rules
from nnexplain.inputs.training import MAX_EPOCHS, MAX_EXAMPLES, MAX_INPUTS

# A progress bar appears (on a terminal) when epochs × (examples + 1,000) reaches
# this: about half a second of training or more. 1,000 stands for the fixed cost of
# an epoch, about the time of 1,000 examples.
LONG_RUN = 50_000_000
EPOCH_COST_IN_EXAMPLES = 1_000


class GifPath(FigurePath):
    """A file to save an animation to: .gif (checked like a figure's file)."""

    formats = ("gif",)
    kind = "animation"


def _checked(rule):
    """An option callback applying ``rule`` (nnexplain.inputs.training) to a given
    value, its InputError becoming click's error for the option."""
    def check(ctx, param, value):
        if value is not None:
            try:
                rule(value)
            except InputError as error:
                raise click.BadParameter(error.message, ctx, param) from None
        return value
    return check


@click.command()
@click.option("--task", type=click.Choice(("line", "logistic", "xor", "circles", "moons", "spiral")),
              default="line", show_default=True,
              help="line: learn y = 2x + 1 from noisy points (identity, squared loss). "
              "logistic: separate two classes (sigmoid, log loss). xor, circles, moons, "
              "spiral: train a small network on two classes in the plane (--hidden, "
              "--activation), beside the same task with no hidden layer.")
@click.option("--n", "n", type=INTEGER, default=None,
              help=f"Examples to generate: 2 to {MAX_EXAMPLES:,}, default 50; for the network "
              "tasks 4 to 10,000, default 200.")
@click.option("--noise", type=NUMBER, default=None,
              help="Standard deviation of the noise: added to y = 2x + 1 (line task, default "
              "0.5), or to each point's coordinates (network tasks; default 0.15 xor, 0.08 "
              "circles, 0.1 moons, 0.03 spiral).")
@click.option("--seed", type=INTEGER, default=None, callback=_checked(rules.check_seed),
              help="Seed of the random data and starting w, b (unless --start): a whole number ≥ 0. "
              "Default: a fixed seed (shown in the output), so every run is the same.")
@click.option("--lr", type=NUMBER, default=None, callback=_checked(rules.check_lr),
              help="Learning rate: the step size, greater than 0. Default: 0.1; 0.5 for the "
              "network tasks.")
@click.option("--epochs", type=INTEGER, default=None,
              callback=_checked(rules.check_epochs),
              help=f"Passes over the examples, 1 to {MAX_EPOCHS:,}. Default: 500; 2,000 for the "
              "network tasks.")
@click.option("--hidden", default=None, metavar="SIZES",
              help="Network tasks: the hidden layers' sizes, comma-separated (e.g. 8 or 8,8; "
              "each 1 to 64, at most 4 layers; \"\" for none). Default: 8.")
@click.option("--activation", type=click.Choice(("relu", "tanh", "sigmoid", "leaky_relu")),
              default=None,
              help="Network tasks: the hidden layers' activation. Default: tanh. The output is "
              "one sigmoid unit with the log loss.")
@click.option("--weights", "weights_path", type=INPUT_PATH, default=None, metavar="FILE.json",
              help="Network tasks: start from these weights instead of seeded ones (2 inputs, "
              "one sigmoid output unit; docs/weights.md), or a shipped example's name, e.g. "
              "xor_sigmoid. Instead of --hidden and --activation.")
@click.option("--batch-size", type=INTEGER, default=None, callback=_checked(rules.check_batch_size),
              metavar="B",
              help="Mini-batch gradient descent: each epoch shuffles the examples (seeded by "
              "--seed) and makes one update per batch of B (1: stochastic; m: full batch). "
              "Compares full batch, B and 1 from the same start.")
@click.option("--start", type=NUMBER_LIST, default=None, metavar="W,B",
              help="Start from these parameters instead of random ones from --seed: the "
              "weights, then b (line: w,b; logistic: w1,w2,b; with --data one weight per "
              "input column; with --no-bias only the weights). Every comparison starts there "
              "too.")
@click.option("--no-bias", is_flag=True,
              help="Keep b = 0: the line (or boundary) must pass through (0, 0). Shows how much "
              "higher the cost ends than with a bias, and why.")
@click.option("--data", type=INPUT_PATH, default=None,
              metavar="FILE.csv",
              help="Train on your own data: a CSV file with a header row and the columns x,y "
              f"(one input) or x1,x2,…,y (up to {MAX_INPUTS} inputs); other columns are "
              "ignored. Logistic needs y = 0 or 1. Instead of --n and --noise.")
@plot_option
@click.option("--landscape", "landscape_path", type=FIGURE_PATH, default=None, metavar="FILE",
              help="Also save the cost J(w, b) as a contour map with the descent path on it "
              "(line task, one input x).")
@click.option("--compare-rates", "rates_path", type=FIGURE_PATH, default=None, metavar="FILE",
              help="Also save the cost landscape with the paths of four learning rates from the "
              "run's start: too small, good, at the edge of stability (2/λmax, λmax the cost's "
              "largest curvature) and diverging (line task, one input x).")
@click.option("--compare-batches", "batches_path", type=FIGURE_PATH, default=None, metavar="FILE",
              help="Also save the cost against examples seen for full batch, --batch-size B and "
              "stochastic (B = 1), and their paths on the cost landscape (needs --batch-size; "
              "line task, one input x).")
@click.option("--animate", "animation_path", type=GifPath(), default=None, metavar="FILE.gif",
              help="Also save gradient descent as an animated GIF: the line over the data and "
              "the point on the cost landscape moving together, epoch by epoch (line task, "
              "one input x; at most 120 frames).")
@click.option("--frames", "frames_path", type=click.Path(file_okay=False, path_type=pathlib.Path),
              default=None, metavar="DIR",
              help="Also save the animation's frames as numbered PNGs (frame-0001.png, …) in "
              "DIR, created if missing, for a presentation tool to step through.")
@output_options
@click.pass_context
def train(ctx, task, n, noise, seed, lr, epochs, hidden, activation, weights_path, batch_size,
          start, no_bias, data, plot_path, landscape_path, rates_path, batches_path, animation_path,
          frames_path, fmt, precision):
    """Train a neuron or a small network by gradient descent.

    Starts from random w and b (or --start W,B), works out the cost and the first update step
    by step (each gradient, then w ← w − lr·∂J/∂w), then shows sampled epochs
    and where training ended: beside the true line y = 2x + 1 and the exact
    least-squares answer (line), or with the accuracy and the decision
    boundary (logistic). The figures need one input x (the landscape and the
    fitted line) or two (the logistic boundary). --batch-size B trains on
    mini-batches instead. The 2-D tasks (xor, circles, moons, spiral) train a
    network with --hidden layers by backpropagation, beside the same task with
    no hidden layer, and --plot draws its decision regions.

    \b
    Example:
      nnexplain train --task line
      nnexplain train --task line --no-bias --plot fit.png --landscape bowl.png
      nnexplain train --task line --animate descent.gif --compare-rates rates.png
      nnexplain train --task logistic --epochs 2000 --plot classes.png
      nnexplain train --task line --batch-size 10 --compare-batches batches.png
      nnexplain train --data points.csv --lr 0.05
      nnexplain train --task xor --hidden 8 --plot regions.png
      nnexplain train --task spiral --hidden 16,16 --activation relu --epochs 5000
    """
    from nnexplain.api import training as door

    wanted = [kind for kind, path in (("plot", plot_path), ("landscape", landscape_path),
                                      ("rates", rates_path), ("batches", batches_path),
                                      ("animation", animation_path))
              if path is not None]
    if frames_path is not None and animation_path is None:
        wanted.append("frames")
    figures = [k.replace("frames", "animation") for k in wanted]
    seed = rules.DEFAULT_SEED if seed is None else seed
    with _naming_frames(wanted):
        if door._is_network_task(task):  # the door refuses what a network cannot draw
            example = door.train(task=task, n=n, noise=noise, seed=seed, lr=lr, epochs=epochs,
                                 no_bias=no_bias, data=data, figures=figures,
                                 batch_size=batch_size, hidden=hidden, activation=activation,
                                 weights=weights_path, start=start)
            from nnexplain.cli.figures import present

            present(example, fmt, precision, plot_path)
            return
        door._neuron_only(hidden, activation, weights_path)
        problem = door.prepare(
            task=task, n=n, noise=noise, seed=seed,
            lr=door.DEFAULT_LR if lr is None else lr,
            epochs=door.DEFAULT_EPOCHS if epochs is None else epochs,
            no_bias=no_bias, data=data, figures=figures, batch_size=batch_size, start=start)
    if plot_path is not None:
        _note_what_the_plot_shows(problem)
    with _progress_bar(fmt, problem) as progress:
        example = door.run(problem, progress)
    from nnexplain.cli.figures import SHOW_ONLY, echo_figures, save, terminal_figures

    # --show draws the run, and the landscape when the run has one (line task, one x);
    # the learning rates or the batch sizes too when --compare-rates or --compare-batches
    # asks for them (or a lesson step does).
    shown = [("--plot", lambda **size: example.terminal_figure("plot", **size)),
             ("--landscape", lambda **size: example.terminal_figure("landscape", **size), True)]
    only = click.get_current_context().meta.get(SHOW_ONLY)
    if rates_path is not None or only == "--compare-rates":
        shown.append(("--compare-rates", lambda **size: example.terminal_figure("rates", **size)))
    if batches_path is not None or only == "--compare-batches":
        shown.append(("--compare-batches", lambda **size: example.terminal_figure("batches", **size)))
    drawn = terminal_figures(fmt, *shown)
    if plot_path is not None:  # first, so a failed save prints nothing but the error
        save(example.figure("plot"), plot_path)
    if landscape_path is not None:
        save(example.figure("landscape"), landscape_path, option="--landscape")
    if rates_path is not None:
        save(example.figure("rates"), rates_path, option="--compare-rates")
    if batches_path is not None:
        save(example.figure("batches"), batches_path, option="--compare-batches")
    notes = [f"Figure saved to {path}"
             for path in (plot_path, landscape_path, rates_path, batches_path) if path is not None]
    if animation_path is not None:
        count = _writing("--animate", animation_path, lambda: example.animate(animation_path))
        notes.append(f"Animation saved to {animation_path} ({count} frames)")
    if frames_path is not None:
        from nnexplain.cli.options import output_folder

        output_folder(frames_path, "--frames")
        written = _writing("--frames", frames_path, lambda: example.frames(frames_path))
        notes.append(f"{len(written)} frames saved to {frames_path} "
                     f"({os.path.basename(written[0])} to {os.path.basename(written[-1])})")
    from nnexplain.cli.output import show

    show(example.worked, fmt, precision)
    echo_figures(drawn, fmt)
    for note in notes:
        click.echo(note, err=True)


def _writing(option, path, write):
    """``write()``; one Error line naming ``option`` if the file system refuses."""
    try:
        return write()
    except OSError as error:
        raise click.ClickException(f"could not write {option} {path}: {error.strerror or error}") from None


@contextlib.contextmanager
def _naming_frames(wanted):
    """--frames alone is checked as the animation it saves: name --frames, not --animate."""
    try:
        yield
    except InputError as error:
        if "frames" in wanted and error.hint == "'--animate'":
            raise InputError(error.message, "'--frames'", error.usage) from None
        raise


def _note_what_the_plot_shows(problem):
    k = problem.features
    if not (k == 1 or (problem.task == "logistic" and k == 2)):
        click.echo(f"Note: {problem.source} has {k} input columns, too many to draw the data in "
                   "a plane; the figure shows the cost only.", err=True)


@contextlib.contextmanager
def _progress_bar(fmt, problem):
    """A progress bar for long runs on a terminal (never for JSON, Markdown or
    LaTeX, nor when the output goes to a file or a pipe). It is told every 1 %
    of the epochs, so it costs nothing measurable."""
    if fmt != "text" or problem.epochs * (problem.m + EPOCH_COST_IN_EXAMPLES) < LONG_RUN:
        yield None
        return
    from rich.console import Console

    console = Console()
    if not console.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("Training"), BarColumn(), MofNCompleteColumn(), TextColumn("epochs"),
               TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("train", total=None)

        def progress(done, total):
            bar.update(task, completed=done, total=total)

        yield progress
