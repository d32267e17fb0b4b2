"""How fast mini-batch and stochastic gradient descent train one neuron
(``nnexplain.core.training.train_neuron`` with ``batch_size``), as a ratio to a plain
NumPy loop of the same updates.

The line task (identity, squared loss) on 50 and 1,000 generated points, 200 epochs,
batch sizes 1 (stochastic), 10 and 100, through the code path the door uses
(``train_neuron`` with the epochs the worked example records, the full-data cost
after every epoch and the divergence check), against the same updates written
inline: the same seeded shuffle each epoch, the same slices, the mean gradient of
each, and the full-data cost after each epoch. Both run in one process on the same
arrays, interleaved, median of several runs; both must end at the same w and b.
Target: ratio ≤ 1.5 for every case.

    python bench/minibatch.py            # report
    python bench/minibatch.py --check    # exit 1 if a target is missed
"""

import argparse
import statistics
import sys

import numpy as np
from core import seconds  # bench/core.py: one timer for the bench scripts

from nnexplain.core import training as gd
from nnexplain.explain.training import recorded_epochs

TARGET_RATIO = 1.5
EPOCHS = 200
LR = 0.05
CASES = ((50, 1), (50, 10), (1_000, 1), (1_000, 10), (1_000, 100))
DEFAULT_RUNS = 5


def plain_loop(x, y, w, b, lr, epochs, batch_size, seed):
    """The same updates inline: shuffle, slice, mean gradient, step; J per epoch."""
    w = np.array(w, dtype=np.float64)
    m = len(y)
    rng = np.random.default_rng(seed).spawn(3)[2]
    curve = np.empty(epochs + 1)
    for epoch in range(epochs + 1):
        r = x @ w + b - y
        curve[epoch] = r @ r / m
        if epoch == epochs:
            break
        order = rng.permutation(m)
        xs, ys = x[order], y[order]
        for start in range(0, m, batch_size):
            xb, yb = xs[start:start + batch_size], ys[start:start + batch_size]
            g = (xb @ w + b - yb) * (2.0 / len(yb))
            w -= lr * (xb.T @ g)
            b -= lr * g.sum()
    return w, b


def nnexplain_loop(x, y, w, b, lr, epochs, batch_size, seed):
    run = gd.train_neuron(x, y, w, b, lr, epochs, "line", True, record=recorded_epochs(epochs),
                          batch_size=batch_size, seed=seed)
    return run.w, run.b


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS)
    args = parser.parse_args(argv)
    worst = 0.0
    print(f"line task, {EPOCHS} epochs, lr {LR}, median of {args.runs} runs")
    for m, batch in CASES:
        x, y = gd.line_data(m, 0.5, gd.DEFAULT_SEED)
        w, b = gd.starting_parameters(1, gd.DEFAULT_SEED)
        case = (x, y, w, b, LR, EPOCHS, batch, gd.DEFAULT_SEED)
        ours, plain = nnexplain_loop(*case), plain_loop(*case)
        np.testing.assert_allclose(ours[0], plain[0], rtol=1e-9)
        np.testing.assert_allclose(ours[1], plain[1], rtol=1e-9)
        timings = {"nnexplain": [], "plain": []}
        for _ in range(args.runs):
            timings["nnexplain"].append(seconds(nnexplain_loop, *case))
            timings["plain"].append(seconds(plain_loop, *case))
        ours_s, plain_s = (statistics.median(timings[k]) for k in ("nnexplain", "plain"))
        updates = EPOCHS * -(-m // batch)
        ratio = ours_s / plain_s
        worst = max(worst, ratio)
        print(f"  m = {m:>5,}  B = {batch:>3}  {updates:>9,} updates  nnexplain {ours_s * 1000:8.1f} ms"
              f"  plain {plain_s * 1000:8.1f} ms  ratio {ratio:.2f}")
    print(f"worst ratio {worst:.2f} (target ≤ {TARGET_RATIO})")
    return 1 if args.check and worst > TARGET_RATIO else 0


if __name__ == "__main__":
    sys.exit(main())
