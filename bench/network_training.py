"""How fast a whole network trains (``nnexplain.core.network_training``), in epochs per
second and as a ratio to a plain NumPy loop of the same maths.

A 2-8-1 network (tanh hidden layer, sigmoid output, log loss) on the 200 XOR points,
full-batch gradient descent, through the code path the door uses (``train_network``
with the epochs the worked example records, the cost after every epoch and the
divergence check), against the same updates written inline as one plain NumPy loop:
the same formulas (tanh' = 4e/(1 + e)² with e = e^(−2|z|), δ = (1 − y)·σ(z) − y·σ(−z),
the cost from z every epoch), no function calls. Both run in one process on the same
arrays, interleaved, median of several runs; both must end at the same weights.
Targets: ≥ 2,000 epochs/s, ratio ≤ 1.5.

Report only: the shortest textbook loop (tanh' = 1 − a², δ = 1/(1 + e^(−z)) − y, no
cost), to show what the accurate derivative and the cost curve cost.

    python bench/network_training.py            # report
    python bench/network_training.py --check    # exit 1 if a target is missed
"""

import argparse
import statistics
import sys

import numpy as np
from core import seconds  # bench/core.py: one timer for the bench scripts

from nnexplain.core import network_training as nt
from nnexplain.explain.network_training import recorded_epochs

TARGET_RATIO = 1.5
TARGET_SPEED = 2_000
EPOCHS = 5_000
LR = 0.5
DEFAULT_RUNS = 7


def same_maths_loop(x, y, layers, lr, epochs):
    """The trainer's maths inline: forward, stable cost, δ from z, accurate tanh'."""
    W1, b1 = layers[0].W.copy(), layers[0].b.copy()
    W2, b2 = layers[1].W.copy(), layers[1].b.copy()
    Y = y.reshape(-1, 1)
    m = len(y)
    curve = np.empty(epochs + 1)
    for epoch in range(epochs + 1):
        z1 = x @ W1 + b1
        a1 = np.tanh(z1)
        z2 = a1 @ W2 + b2
        curve[epoch] = np.mean(np.where(z2 > 0, (1 - Y) * z2, -Y * z2) + np.log1p(np.exp(-np.abs(z2))))
        if epoch == epochs:
            break
        d2 = ((1 - Y) / (1 + np.exp(-z2)) - Y / (1 + np.exp(z2))) / m
        e = np.exp(-2 * np.abs(z1))
        d1 = (d2 @ W2.T) * (4 * e / ((1 + e) * (1 + e)))
        W2 -= lr * (a1.T @ d2)
        b2 -= lr * d2.sum(axis=0)
        W1 -= lr * (x.T @ d1)
        b1 -= lr * d1.sum(axis=0)
    return W1, W2


def textbook_loop(x, y, layers, lr, epochs):
    """The shortest loop: 1 − a² and no cost."""
    W1, b1 = layers[0].W.copy(), layers[0].b.copy()
    W2, b2 = layers[1].W.copy(), layers[1].b.copy()
    Y = y.reshape(-1, 1)
    m = len(y)
    for _ in range(epochs):
        a1 = np.tanh(x @ W1 + b1)
        d2 = (1 / (1 + np.exp(-(a1 @ W2 + b2))) - Y) / m
        d1 = (d2 @ W2.T) * (1 - a1 * a1)
        W2 -= lr * (a1.T @ d2)
        b2 -= lr * d2.sum(axis=0)
        W1 -= lr * (x.T @ d1)
        b1 -= lr * d1.sum(axis=0)
    return W1, W2


def nnexplain_loop(x, y, layers, lr, epochs):
    run = nt.train_network(x, y, layers, lr, epochs, recorded_epochs(epochs))
    return run.final_layers[0].W, run.final_layers[1].W


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS)
    args = parser.parse_args(argv)
    x, y = nt.make_data("xor", 200)
    layers = nt.starting_layers((8,), "tanh")
    ours, plain = nnexplain_loop(x, y, layers, LR, EPOCHS), same_maths_loop(x, y, layers, LR, EPOCHS)
    for a, b in zip(ours, plain):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
    timings = {"nnexplain": [], "same maths": [], "textbook": []}
    with np.errstate(over="ignore"):
        for _ in range(args.runs):
            timings["nnexplain"].append(seconds(nnexplain_loop, x, y, layers, LR, EPOCHS))
            timings["same maths"].append(seconds(same_maths_loop, x, y, layers, LR, EPOCHS))
            timings["textbook"].append(seconds(textbook_loop, x, y, layers, LR, EPOCHS))
    median = {name: statistics.median(values) for name, values in timings.items()}
    speed = EPOCHS / median["nnexplain"]
    ratio = median["nnexplain"] / median["same maths"]
    print(f"2-8-1 tanh network, 200 XOR points, {EPOCHS:,} epochs, median of {args.runs} runs")
    for name, value in median.items():
        print(f"  {name:<11} {value * 1000:8.1f} ms  {EPOCHS / value:9,.0f} epochs/s")
    print(f"speed {speed:,.0f} epochs/s (target ≥ {TARGET_SPEED:,})")
    print(f"ratio to the same-maths loop {ratio:.2f} (target ≤ {TARGET_RATIO})")
    print(f"ratio to the textbook loop {median['nnexplain'] / median['textbook']:.2f} (report only)")
    if args.check and (speed < TARGET_SPEED or ratio > TARGET_RATIO):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
