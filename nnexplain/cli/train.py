"""``nnexplain train``: one neuron learns by gradient descent, epoch by epoch."""

import contextlib
import math

import click

from nnexplain.cli.options import FIGURE_PATH, INPUT_PATH, INTEGER, NUMBER, output_options, plot_option
from nnexplain.inputs import typed_number

MAX_EXAMPLES = 1_000_000
MAX_EPOCHS = 1_000_000
# Epochs × examples: at most about 10 s (line) to 30 s (logistic) of computing.
MAX_WORK = 1_000_000_000
MAX_NOISE = 1_000_000.0
# One column per input in every table.
MAX_INPUTS = 6
# Data beyond this size would overflow float64 once squared and summed.
MAX_DATA = 1e100
# A progress bar appears (on a terminal) when epochs × (examples + 1,000) reaches
# this: about half a second of training or more. 1,000 stands for the fixed cost of
# an epoch, about the time of 1,000 examples.
LONG_RUN = 50_000_000
EPOCH_COST_IN_EXAMPLES = 1_000


def _count_in(low, high, what):
    def check(ctx, param, value):
        if value is not None and not low <= value <= high:
            raise click.BadParameter(
                f"{value:,} is out of range: give between {low:,} and {high:,} {what}.", ctx, param)
        return value
    return check


def _check_lr(ctx, param, value):
    if not value > 0:
        raise click.BadParameter(
            f"{typed_number(value)} is not a learning rate: it must be greater than 0 (each "
            "step moves against the gradient by lr times it); try 0.1.", ctx, param)
    return value


def _check_noise(ctx, param, value):
    if not 0 <= value <= MAX_NOISE:
        raise click.BadParameter(
            f"{typed_number(value)} is out of range: the noise's standard deviation is between "
            f"0 and {MAX_NOISE:,.0f}.", ctx, param)
    return value


def _check_seed(ctx, param, value):
    if value is not None and value < 0:
        raise click.BadParameter(f"{value} is negative: a seed is a whole number 0 or larger.", ctx, param)
    return value


@click.command()
@click.option("--task", type=click.Choice(("line", "logistic")), default="line", show_default=True,
              help="line: learn y = 2x + 1 from noisy points (identity, squared loss). "
              "logistic: separate two classes (sigmoid, log loss).")
@click.option("--n", "n", type=INTEGER, default=50, show_default=True,
              callback=_count_in(2, MAX_EXAMPLES, "examples"),
              help=f"Examples to generate (2 to {MAX_EXAMPLES:,}).")
@click.option("--noise", type=NUMBER, default="0.5", show_default=True, callback=_check_noise,
              help="Standard deviation of the noise added to y = 2x + 1 (line task).")
@click.option("--seed", type=INTEGER, default=None, callback=_check_seed,
              help="Seed of the random data and starting w, b: a whole number ≥ 0. "
              "Default: a fixed seed (shown in the output), so every run is the same.")
@click.option("--lr", type=NUMBER, default="0.1", show_default=True, callback=_check_lr,
              help="Learning rate: the step size, greater than 0.")
@click.option("--epochs", type=INTEGER, default=500, show_default=True,
              callback=_count_in(1, MAX_EPOCHS, "epochs"),
              help=f"Gradient-descent updates, each over every example (1 to {MAX_EPOCHS:,}).")
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
@output_options
@click.pass_context
def train(ctx, task, n, noise, seed, lr, epochs, no_bias, data, plot_path, landscape_path, fmt,
          precision):
    """Train one neuron by gradient descent and watch it learn.

    Starts from random w and b, works out the cost and the first update step
    by step (each gradient, then w ← w − lr·∂J/∂w), then shows sampled epochs
    and where training ended: beside the true line y = 2x + 1 and the exact
    least-squares answer (line), or with the accuracy and the decision
    boundary (logistic). The figures need one input x (the landscape and the
    fitted line) or two (the logistic boundary).

    \b
    Example:
      nnexplain train --task line
      nnexplain train --task line --no-bias --plot fit.png --landscape bowl.png
      nnexplain train --task logistic --epochs 2000 --plot classes.png
      nnexplain train --data points.csv --lr 0.05
    """
    _check_options(ctx, task, n, epochs, data, plot_path, landscape_path)
    from nnexplain.core.training import DEFAULT_SEED
    from nnexplain.explain import training as explain

    seed = DEFAULT_SEED if seed is None else seed
    if data is None:
        problem = explain.generated_problem(task, n, noise, seed, lr, epochs, not no_bias)
    else:
        problem = _read_problem(data, task, seed, lr, epochs, not no_bias)
    _check_figures(problem, plot_path, landscape_path)
    with _progress_bar(fmt, problem) as progress:
        outcome = explain.train(problem, progress)
    if outcome.run.diverged_at is not None:
        _diverged(outcome)
    if plot_path is not None:  # first, so a failed save prints nothing but the error
        _save_training_figure(outcome, plot_path)
    if landscape_path is not None:
        _save_landscape(outcome, landscape_path)
    from nnexplain.cli.output import show

    show(explain.training_example(outcome), fmt, precision)
    for path in (plot_path, landscape_path):
        if path is not None:
            click.echo(f"Figure saved to {path}", err=True)


def _given(ctx, name):
    return ctx.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT


def _check_options(ctx, task, n, epochs, data, plot_path, landscape_path):
    if data is not None:
        for name in ("n", "noise"):
            if _given(ctx, name):
                raise click.UsageError(
                    f"--{name} describes generated data; with --data the examples come from "
                    f"{data}. Give one or the other.")
    elif task == "logistic" and _given(ctx, "noise"):
        raise click.UsageError(
            "--noise applies to --task line (noise added to y = 2x + 1); the logistic task's "
            "classes have a fixed spread.")
    elif n * epochs > MAX_WORK:
        raise click.BadParameter(
            f"{epochs:,} epochs × {n:,} examples is {n * epochs:,} example updates; at most "
            f"{MAX_WORK:,} are allowed (about half a minute of computing). Use fewer epochs or "
            "examples.", param_hint="'--epochs'")
    if landscape_path is not None and task != "line":
        raise click.BadParameter(
            "draws the squared-loss cost J(w, b) of the line task; use it with --task line.",
            param_hint="'--landscape'")


def _read_problem(path, task, seed, lr, epochs, fit_bias):
    import numpy as np

    from nnexplain.inputs.csv_file import line_of_row, read_inputs_and_target
    from nnexplain.explain.training import Problem

    def fail(message):
        raise click.BadParameter(message, param_hint="'--data'")

    x, y, _ = read_inputs_and_target(path, "--data", MAX_INPUTS)
    m = y.shape[0]
    if m < 2:
        fail(f"{path} has 1 data row; training needs at least 2 examples.")
    if m > MAX_EXAMPLES:
        fail(f"{path} has {m:,} data rows; at most {MAX_EXAMPLES:,} are allowed.")
    if m * epochs > MAX_WORK:
        raise click.BadParameter(
            f"{epochs:,} epochs × {m:,} examples in {path} is {m * epochs:,} example updates; at "
            f"most {MAX_WORK:,} are allowed (about half a minute of computing). Use fewer epochs.",
            param_hint="'--epochs'")
    for values, column in ((x, "x"), (y, "y")):
        big = np.flatnonzero(np.any(np.abs(values.reshape(m, -1)) > MAX_DATA, axis=1))
        if big.size:
            fail(f"{path} line {line_of_row(path, int(big[0]))} has a value beyond ±{MAX_DATA:g} "
                 f"in its {column} columns; rescale the data (training squares and sums them).")
    if task == "logistic":
        bad = np.flatnonzero((y != 0) & (y != 1))
        if bad.size:
            i = int(bad[0])
            fail(f"{path} line {line_of_row(path, i)}, column y: {typed_number(y[i])} is not a "
                 "class label; --task logistic needs y = 0 or 1.")
        if np.all(y == y[0]):
            fail(f"every y in {path} is {typed_number(y[0])}; --task logistic needs examples "
                 "of both classes (0 and 1).")
    return Problem(task, x, y, seed, lr, epochs, fit_bias, source=path)


def _check_figures(problem, plot_path, landscape_path):
    k = problem.features
    if landscape_path is not None and k != 1:
        raise click.BadParameter(
            f"draws J(w, b) for one input x, but {problem.source} has {k} input columns.",
            param_hint="'--landscape'")
    drawable = k == 1 or (problem.task == "logistic" and k == 2)
    if plot_path is not None and not drawable:
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


def _diverged(outcome):
    """Stop with one Error line: where the cost overflowed, and a smaller lr to try."""
    from nnexplain.core.training import smoothness, suggested_lr

    p, epoch = outcome.problem, outcome.run.diverged_at
    value = "inf" if math.isinf(outcome.run.curve[-1]) else "undefined (inf − inf)"
    if epoch == 0:
        where = f"the data in {p.source}" if p.source else "the data"
        raise click.ClickException(
            f"the cost is {value} already at the start (epoch 0): the starting neuron is certain "
            f"and wrong about some example, because {where} are too large; rescale the inputs "
            "(for example to between −10 and 10).")
    suggestion = suggested_lr(p.x, p.task, p.fit_bias, p.lr)
    top = smoothness(p.x, p.task, p.fit_bias)
    if p.task == "line":
        why = (f"lr·λmax = {p.lr * top:.4g} is above 2 (λmax = {top:.4g} is the cost's largest "
               f"curvature; gradient descent is stable only for lr < 2/λmax = {2 / top:.4g}), so "
               "each step overshoots the minimum by more than the last")
    elif p.lr * top >= 2:
        why = (f"lr·L = {p.lr * top:.4g} is above 2 (L = {top:.4g} bounds the cost's curvature; "
               f"only below lr = 2/L = {2 / top:.4g} is every step sure to lower the cost)")
    else:
        why = "the steps overshoot until the neuron is certain and wrong about some example"
    raise click.ClickException(
        f"the cost became {value} at epoch {epoch} with --lr {typed_number(p.lr)}: the learning "
        f"rate is too large: {why}; try --lr {suggestion:g}, a round rate at most "
        f"{'1/λmax' if p.task == 'line' else '1/L'} = {1 / top:.4g}.")


def _save_training_figure(outcome, path):
    from nnexplain.cli.figures import save
    from nnexplain.explain.training_figures import training_picture
    from nnexplain.plot.training import training_figure

    save(training_figure(training_picture(outcome)), path)


def _save_landscape(outcome, path):
    from nnexplain.cli.figures import save
    from nnexplain.explain.training_figures import landscape
    from nnexplain.plot.training import landscape_figure

    save(landscape_figure(landscape(outcome)), path, option="--landscape")
