"""How fast ``nnexplain train`` trains, as a ratio to the shortest plain-NumPy loop.

10,000 epochs of gradient descent on 1,000 examples of the line task, through the
code path the command uses (``core.training.train_neuron`` with the epochs the
command records, the cost after every epoch and the divergence check), against the
same updates written as the shortest plain NumPy loop. Both run in the same
process on the same arrays, interleaved, median of several runs; both must end
at the same w and b. Target: ratio ≤ 1.5.

Report only: the whole command (``nnexplain train --task line --epochs 10000
--n 1000``, a fresh process, output to /dev/null) beside the plain loop, to show
that tables and start-up do not dominate.

    python bench/train.py            # report
    python bench/train.py --check    # exit 1 if the ratio misses the target
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

import numpy as np

from nnexplain.core import training as gd
from nnexplain.explain.training import recorded_epochs

TARGET = 1.5
EXAMPLES = 1_000
EPOCHS = 10_000
LR = 0.1
DEFAULT_RUNS = 7
COMMAND = ["train", "--task", "line", "--epochs", str(EPOCHS), "--n", str(EXAMPLES)]


def plain_loop(x, y, w, b, lr, epochs):
    """Gradient descent on the mean squared error, as short as NumPy allows."""
    w = w.copy()
    m = len(y)
    for _ in range(epochs):
        z = x @ w + b
        dz = 2 * (z - y) / m
        w -= lr * (x.T @ dz)
        b -= lr * dz.sum()
    return w, b


def nnexplain_loop(x, y, w, b, lr, epochs):
    run = gd.train_neuron(x, y, w, b, lr, epochs, "line", record=recorded_epochs(epochs))
    return run.w, run.b


def seconds(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def compare(args, runs):
    """Median seconds of both loops, interleaved (who goes first swaps each round)."""
    ours, plain = nnexplain_loop(*args), plain_loop(*args)  # also a warm-up
    np.testing.assert_allclose(ours[0], plain[0], rtol=1e-12)
    np.testing.assert_allclose(ours[1], plain[1], rtol=1e-12)
    times, plain_times = [], []
    for i in range(runs):
        pair = [(nnexplain_loop, times), (plain_loop, plain_times)]
        for f, into in pair if i % 2 == 0 else reversed(pair):
            into.append(seconds(f, *args))
    return statistics.median(times), statistics.median(plain_times)


def command_seconds(runs):
    """Median wall time of the whole command in a fresh process (output discarded)."""
    script = shutil.which("nnexplain", path=os.path.dirname(sys.executable))
    argv = [script] if script else [sys.executable, "-m", "nnexplain"]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv + COMMAND, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="timed runs of each loop")
    parser.add_argument("--check", action="store_true", help="exit 1 if the target is missed")
    args = parser.parse_args()

    x, y = gd.line_data(EXAMPLES, 0.5, gd.DEFAULT_SEED)
    w, b = gd.starting_parameters(1, gd.DEFAULT_SEED)
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print(f"{EPOCHS:,} epochs on {EXAMPLES:,} examples (line task), median of {args.runs} "
          "interleaved runs")
    print()
    took, plain = compare((x, y, w, b, LR, EPOCHS), args.runs)
    ratio = took / plain
    met = ratio <= TARGET
    print(f"  {'core.training.train_neuron (as the command runs it)':<52} {took * 1000:8.1f} ms")
    print(f"  {'plain NumPy loop':<52} {plain * 1000:8.1f} ms")
    print(f"  {'ratio':<52} {ratio:8.3f}   target <= {TARGET:.2f}: {'met' if met else 'MISSED'}")
    print()
    whole = command_seconds(max(3, args.runs // 2))
    print(f"  {'nnexplain ' + ' '.join(COMMAND):<52} {whole * 1000:8.1f} ms   (report only)")
    print(f"  {'  of which above the plain loop':<52} {(whole - plain) * 1000:8.1f} ms")
    return 1 if args.check and not met else 0


if __name__ == "__main__":
    sys.exit(main())
