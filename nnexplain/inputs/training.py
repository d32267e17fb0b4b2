"""The rules about ``train``'s inputs, shared by the command line (its option
callbacks) and the door (``nnexplain.api.training``): sizes, the learning rate,
the noise, the seed, which options combine, and the learner's CSV data.

Nothing here imports NumPy at import time (``nnexplain train --help`` stays instant).
"""

import numbers as _numbers

from nnexplain.inputs import InputError, option, typed_number

TASKS = ("line", "logistic")
# The core's default seed (nnexplain.core.training.DEFAULT_SEED; a test keeps them
# equal): written here so that the door's signature needs no NumPy.
DEFAULT_SEED = 42
# What --n and --noise are when not given.
DEFAULT_N = 50
DEFAULT_NOISE = 0.5

MAX_EXAMPLES = 1_000_000
MAX_EPOCHS = 1_000_000
# Epochs × examples: at most about 10 s (line) to 30 s (logistic) of computing.
MAX_WORK = 1_000_000_000
MAX_NOISE = 1_000_000.0
# One column per input in every table.
MAX_INPUTS = 6
# Data beyond this size would overflow float64 once squared and summed.
MAX_DATA = 1e100


def whole_number(value, name: str) -> int:
    """An int from a Python or NumPy integer, or from text read as the command line
    reads it (click's integer type); InputError naming the option otherwise."""
    if isinstance(value, str):
        from nnexplain.inputs.numbers import check_length

        try:
            check_length(value)
        except ValueError as error:
            raise InputError(str(error), option(name)) from None
        try:
            return int(value)
        except ValueError:
            raise InputError(f"{value!r} is not a valid integer.", option(name)) from None
    if isinstance(value, bool) or not isinstance(value, _numbers.Integral):
        raise InputError(f"{value!r} is not a whole number", option(name))
    return int(value)


def check_count(value: int, low: int, high: int, what: str, name: str) -> int:
    """``value`` between ``low`` and ``high`` (--n: examples, --epochs: epochs)."""
    if not low <= value <= high:
        raise InputError(f"{value:,} is out of range: give between {low:,} and {high:,} {what}.",
                         option(name))
    return value


def check_examples(value: int) -> int:
    """--n: how many examples to generate."""
    return check_count(value, 2, MAX_EXAMPLES, "examples", "--n")


def check_epochs(value: int) -> int:
    """--epochs: how many gradient-descent updates."""
    return check_count(value, 1, MAX_EPOCHS, "epochs", "--epochs")


def check_lr(value: float) -> float:
    """--lr: a learning rate greater than 0."""
    if not value > 0:
        raise InputError(
            f"{typed_number(value)} is not a learning rate: it must be greater than 0 (each "
            "step moves against the gradient by lr times it); try 0.1.", option("--lr"))
    return value


def check_noise(value: float) -> float:
    """--noise: a standard deviation between 0 and MAX_NOISE."""
    if not 0 <= value <= MAX_NOISE:
        raise InputError(
            f"{typed_number(value)} is out of range: the noise's standard deviation is between "
            f"0 and {MAX_NOISE:,.0f}.", option("--noise"))
    return value


def check_seed(value: int) -> int:
    """--seed: a whole number 0 or larger."""
    if value < 0:
        raise InputError(f"{value} is negative: a seed is a whole number 0 or larger.",
                         option("--seed"))
    return value


def check_generated_options(task, n_given: bool, noise_given: bool, data, n: int,
                            epochs: int) -> None:
    """How --n, --noise and --data combine, and the work generated data would take.
    ``n_given``/``noise_given``: whether the learner gave them (not their defaults)."""
    if data is not None:
        for name, given in (("n", n_given), ("noise", noise_given)):
            if given:
                raise InputError(
                    f"--{name} describes generated data; with --data the examples come from "
                    f"{data}. Give one or the other.")
    elif task == "logistic" and noise_given:
        raise InputError(
            "--noise applies to --task line (noise added to y = 2x + 1); the logistic task's "
            "classes have a fixed spread.")
    elif n * epochs > MAX_WORK:
        raise InputError(
            f"{epochs:,} epochs × {n:,} examples is {n * epochs:,} example updates; at most "
            f"{MAX_WORK:,} are allowed (about half a minute of computing). Use fewer epochs or "
            "examples.", option("--epochs"))


def check_batch_size(value: int) -> int:
    """--batch-size: at least 1 (at most m is checked once the data are known)."""
    if value < 1:
        raise InputError(f"{value:,} is out of range: a mini-batch holds at least 1 example "
                         "(1: stochastic gradient descent).", option("--batch-size"))
    return value


# A run with --batch-size also trains with B = 1 (stochastic) to compare: m updates per
# epoch, each a few NumPy calls (nnexplain.explain.minibatch.MAX_UPDATES, about 5 s).
MAX_BATCH_UPDATES = 500_000


def check_batch_fits(value: int, m: int, source, epochs: int) -> int:
    """--batch-size B between 1 and m, the examples there are; and the stochastic
    comparison's epochs × m updates within MAX_BATCH_UPDATES."""
    check_batch_size(value)
    where = f"in {source}" if source is not None else "generated (--n)"
    if value > m:
        raise InputError(
            f"{value:,} is larger than the data: there are m = {m:,} examples {where}; give "
            f"between 1 and {m:,} (1: stochastic, {m:,}: full batch).", option("--batch-size"))
    if epochs * m > MAX_BATCH_UPDATES:
        raise InputError(
            f"with mini-batches the run is compared with stochastic gradient descent, "
            f"{epochs:,} epochs × {m:,} examples = {epochs * m:,} single-example updates; at most "
            f"{MAX_BATCH_UPDATES:,} are allowed (about 5 s). Use fewer epochs or examples.",
            option("--batch-size"))
    return value


def check_landscape_task(task: str) -> None:
    """The landscape draws the line task's squared-loss cost."""
    if task != "line":
        raise InputError(
            "draws the squared-loss cost J(w, b) of the line task; use it with --task line.",
            option("--landscape"))


def check_landscape_inputs(source, k: int) -> None:
    """The landscape is a map over (w, b): one input x."""
    if k != 1:
        raise InputError(f"draws J(w, b) for one input x, but {source} has {k} input columns.",
                         option("--landscape"))


def read_training_data(path: str, task: str, epochs: int):
    """The learner's examples from the CSV file ``path``: (x as an m × k float64
    array, y), checked for size, magnitude and (logistic) class labels."""
    import numpy as np

    from nnexplain.inputs.csv_file import line_of_row, read_inputs_and_target

    def fail(message):
        raise InputError(message, option("--data"))

    x, y, _ = read_inputs_and_target(path, "--data", MAX_INPUTS)
    m = y.shape[0]
    if m < 2:
        fail(f"{path} has 1 data row; training needs at least 2 examples.")
    if m > MAX_EXAMPLES:
        fail(f"{path} has {m:,} data rows; at most {MAX_EXAMPLES:,} are allowed.")
    if m * epochs > MAX_WORK:
        raise InputError(
            f"{epochs:,} epochs × {m:,} examples in {path} is {m * epochs:,} example updates; at "
            f"most {MAX_WORK:,} are allowed (about half a minute of computing). Use fewer epochs.",
            option("--epochs"))
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
    return x, y


def check_start(values, k: int, fit_bias: bool) -> tuple[float, ...]:
    """--start: the starting parameters, k weights then b (only the k weights with
    --no-bias, b staying 0); each finite. ``values``: comma-separated text, a list or
    an array (read as ``number_list`` reads them)."""
    from nnexplain.inputs.values import count, number_list

    numbers = number_list(values, "--start")
    names = ", ".join(f"w{str(j).translate(_SUBSCRIPTS)}" for j in range(1, k + 1)) if k > 1 else "w"
    wanted = k + 1 if fit_bias else k
    if len(numbers) != wanted:
        inputs = count(k, "input")
        what = (f"{count(wanted)}: {names} then b" if fit_bias
                else f"{count(wanted)}: {names} (b stays 0 with --no-bias)")
        raise InputError(f"has {count(len(numbers))}; a neuron with {inputs} starts from {what}.",
                         option("--start"))
    return tuple(numbers)


_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
