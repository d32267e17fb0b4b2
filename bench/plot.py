"""How long ``nnexplain compare … --plot`` takes, as a ratio to plain matplotlib.

The floor is a minimal standalone script that does the same drawing job with
nothing of nnexplain: it imports NumPy and matplotlib (Agg, the ``Figure`` object
API), computes sigmoid, tanh and ReLU and their slopes on the same 201 points,
draws the same two panels (same size, mathtext labels, titles, legends, layout)
and saves a PNG at the same dpi. Both run as fresh processes with the same
interpreter, alternately, in one run of this script; the ratio of the medians
cancels out the machine and its load.

nnexplain also prints its table (to /dev/null here) and builds the worked example;
that is part of what a learner waits for, so it is measured.

    python bench/plot.py            # report; exit 1 if the ratio misses the target
    python bench/plot.py --runs 15  # more runs, steadier medians
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

from startup import WARM_UP, compare, report

TARGET = 1.25  # the command may take at most 25 % longer than the standalone script
DEFAULT_RUNS = 7
Z = "-5:5:201"

# The same figure as nnexplain.plot.activations.compare_figure draws, written the
# shortest way: no style sheet, no worked example, no table.
STANDALONE = """
import sys
import numpy as np
import matplotlib
matplotlib.use("Agg")
from matplotlib.figure import Figure

z = np.linspace(-5, 5, 201)
s = 1 / (1 + np.exp(-z))
t = np.tanh(z)
curves = [
    (r"\\sigma", s, s * (1 - s)),
    (r"\\tanh", t, 1 - t * t),
    (r"\\mathrm{ReLU}", np.maximum(z, 0), (z > 0).astype(float)),
]
figure = Figure(figsize=(12, 5), layout="constrained")
left, right = figure.subplots(1, 2)
for symbol, value, slope in curves:
    left.plot(z, value, label=f"${symbol}(z)$")
    right.plot(z, slope, label=f"${symbol}'(z)$")
figure.suptitle("Sigmoid, Tanh and ReLU: values and slopes")
left.set_title("The activation")
right.set_title("Its slope (derivative)")
left.set_ylabel("$f(z)$")
right.set_ylabel("$f'(z)$")
for axes in (left, right):
    axes.set_xlabel("$z$")
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3)
figure.savefig(sys.argv[1], dpi=150)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="timed runs of each command")
    args = parser.parse_args()

    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="nnexplain-bench-") as folder:
        cache = Path(folder) / "pycache"
        env = dict(os.environ)
        # Bytecode cached as for an installed package, never in the source tree
        # (see startup.py).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(cache)
        ours = Path(folder) / "out.png"
        theirs = Path(folder) / "standalone.png"
        command = [python, "-m", "nnexplain", "compare", "sigmoid", "tanh", "relu",
                   "--z", Z, "--plot", str(ours)]  # fmt: skip
        floor = [python, "-c", STANDALONE, str(theirs)]
        print(f"{python} -m nnexplain: python {sys.version.split()[0]}, {os.cpu_count()} cores")
        print(f"median of {args.runs} alternating runs after {WARM_UP} warm-up runs; bytecode cached")
        print()
        result = compare(command, floor, args.runs, env)
        met = report(
            f"nnexplain compare sigmoid tanh relu --z {Z} --plot out.png",
            "standalone matplotlib script, same figure",
            result,
            TARGET,
        )
        if not (ours.is_file() and theirs.is_file()):
            sys.exit("a figure was not written")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
