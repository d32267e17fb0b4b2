"""How fast the core's maths is, as a ratio to the shortest plain-NumPy expression.

The core does more than the textbook expression (0·ln 0 = 0, log1p for ln(1 − ŷ),
no overflow warnings, float64 conversion), and that care must stay cheap: on inputs
where both give the same answer, each core function may take at most 30 % longer
than plain NumPy.
Both run in the same process on the same arrays, interleaved, median of several
runs, so the ratio does not depend on the machine.

    python bench/core.py            # report
    python bench/core.py --check    # exit 1 if a ratio misses the target
"""

import argparse
import os
import statistics
import sys
import time

import numpy as np

from nnexplain import core

TARGET = 1.3
SIZE = 10_000_000
SEED = 20261122
DEFAULT_RUNS = 9


def plain_log_loss(y, p):
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


def plain_log_loss_log1p(y, p):
    return -(y * np.log(p) + (1 - y) * np.log1p(-p))


def plain_sigmoid(z):
    return 1 / (1 + np.exp(-z))


def plain_cost(y, p):
    return np.mean(plain_log_loss(y, p))


def seconds(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def compare(function, plain, args, runs: int) -> tuple[float, float]:
    """Median seconds of ``function(*args)`` and ``plain(*args)``, interleaved."""
    np.testing.assert_allclose(function(*args), plain(*args), rtol=1e-12)  # also a warm-up
    times, plain_times = [], []
    for i in range(runs):
        # Swap who goes first each round, so neither always follows the other.
        pair = [(function, times), (plain, plain_times)]
        for f, into in pair if i % 2 == 0 else reversed(pair):
            into.append(seconds(f, *args))
    return statistics.median(times), statistics.median(plain_times)


def report(label: str, plain_label: str, medians, target=None) -> bool:
    took, plain = medians
    ratio = took / plain
    met = target is None or ratio <= target
    verdict = "   (report only)" if target is None else (
        f"   target <= {target:.2f}: {'met' if met else 'MISSED'}"
    )
    print(f"  {label:<46} {took * 1000:8.1f} ms")
    print(f"  {plain_label:<46} {plain * 1000:8.1f} ms")
    print(f"  {'ratio':<46} {ratio:8.3f}{verdict}")
    print()
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="timed runs of each function")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args()

    rng = np.random.default_rng(SEED)
    y = rng.integers(0, 2, SIZE).astype(np.float64)
    # Kept off 0 and 1 so the plain expression is finite too and both answers agree.
    p = rng.uniform(0.001, 0.999, SIZE)
    # |z| stays far below 709, where the plain expression's exp(−z) would overflow.
    z = rng.normal(0.0, 4.0, SIZE)

    print(f"numpy {np.__version__}, python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print(f"{SIZE:,} float64 values (seed {SEED}), median of {args.runs} interleaved runs")
    print()
    met = report(
        "core.log_loss(y, p)",
        "-(y*np.log(p) + (1-y)*np.log(1-p))",
        compare(core.log_loss, plain_log_loss, (y, p), args.runs),
        TARGET,
    )
    # The core takes ln(1 − ŷ) as log1p(−ŷ), exact for small ŷ where 1 − ŷ rounds;
    # this line separates what log1p costs from what the core adds around it.
    report(
        "core.log_loss(y, p)",
        "-(y*np.log(p) + (1-y)*np.log1p(-p))",
        compare(core.log_loss, plain_log_loss_log1p, (y, p), args.runs),
    )
    met &= report(
        "core.sigmoid(z)",
        "1/(1+np.exp(-z))",
        compare(core.sigmoid, plain_sigmoid, (z,), args.runs),
        TARGET,
    )
    report(
        "core.cost(y, p)",
        "np.mean(-(y*np.log(p) + (1-y)*np.log(1-p)))",
        compare(core.cost, plain_cost, (y, p), args.runs),
    )
    return 1 if args.check and not met else 0


if __name__ == "__main__":
    sys.exit(main())
