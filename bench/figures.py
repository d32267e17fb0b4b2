"""How long ``nnexplain figures`` takes to draw the whole deck, as a ratio to plain matplotlib.

The floor is a standalone script that draws the same number of figures (one per deck
figure, read from ``nnexplain.deck.DECK``), each of the same kind and size as the
deck's: two-panel curve figures with mathtext legends, curves with guide lines, bars
with labels and a mean line, a filled contour with a colour bar and a path, an image
pair with a shared colour bar, a network of circles, lines and boxed labels. NumPy +
matplotlib (Agg, the ``Figure`` object API, constrained layout), PNG at 150 dpi, one
process, no style sheet, no tables, nothing of nnexplain.

The target (≤ 1.3) is for the deck drawn one figure at a time (``--jobs 1``), like the
floor. The deck's default, one process per core, is reported beside it.

    python bench/figures.py            # report
    python bench/figures.py --check    # exit 1 if the ratio misses the target
    python bench/figures.py --runs 5   # more runs, steadier medians
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

from startup import compare, nnexplain_command, report

TARGET = 1.3
DEFAULT_RUNS = 3

# One figure per deck figure, in deck order, by kind.
KINDS = {
    "activation": "curves2", "activations": "curves2", "bias": "curves1", "loss": "curves1",
    "cost": "bars1", "softmax": "bars2", "training": "train2", "cost-landscape": "contour",
    "decision": "train2", "xor": "images", "network": "network",
    # the nearest plain kinds: a landscape with paths, lines on one axes, boxes and arrows
    "learning-rates": "contour", "vanishing": "curves1", "backprop": "network",
    "crossentropy": "bars2", "minibatch": "train2", "optimizers": "contour",
    "network-xor": "contour", "approximation": "curves2",
}  # fmt: skip

STANDALONE = r"""
import sys
import numpy as np
import matplotlib
matplotlib.use("Agg")
from matplotlib.figure import Figure
from matplotlib.patches import Circle
from matplotlib.lines import Line2D

out, kinds = sys.argv[1], sys.argv[2].split(",")
z = np.linspace(-4, 4, 601)

def curves2(f):
    a, b = f.subplots(1, 2)
    for k, (v, d) in enumerate([(np.tanh(z), 1 - np.tanh(z) ** 2), (np.maximum(z, 0), (z > 0) * 1.0)]):
        a.plot(z, v, label=f"$f_{k}(z)$"); b.plot(z, d, label=f"$f_{k}'(z)$")
    for ax in (a, b):
        ax.plot([-3, -2, -1, 0, 1, 2, 3], np.tanh([-3, -2, -1, 0, 1, 2, 3]), "o")
        ax.axhline(0); ax.axvline(0); ax.set_xlabel("$z$"); ax.set_title("The activation $\\sigma(z)$")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2)
    f.suptitle("Values and slopes")

def curves1(f):
    ax = f.add_subplot()
    p = np.linspace(0.001, 0.999, 999)
    for b in (-2, 0, 2):
        ax.plot(p, -np.log(p) + b * 0.1, label=f"$b = {b}$"); ax.axvline(0.5 + b / 10, linestyle="--")
    ax.plot([0.1], [2.3], "o", label="$y = 1,\\ \\hat{y} = 0.1$: $L = 2.3026$")
    ax.set_title("Log loss"); ax.set_xlabel("prediction $\\hat{y}$"); ax.set_ylabel("$L(\\hat{y})$"); ax.legend()

def bars1(f):
    ax = f.add_subplot()
    h = np.array([0.105, 0.223, 0.511, 0.511])
    ax.bar(np.arange(1, 5), h, width=0.7, label="$L^{(i)}$")
    for i, v in enumerate(h):
        ax.annotate(f"${v}$", (i + 1, v), xytext=(0, 3), textcoords="offset points", ha="center")
    ax.set_xticks(np.arange(1, 5), [f"{i}\n$y = 1$\n$\\hat{{y}} = 0.9$" for i in range(1, 5)])
    ax.axhline(h.mean(), linestyle="--", label="$J = 0.3375$")
    ax.set_title("The cost"); ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2)

def bars2(f):
    for ax, v in zip(f.subplots(1, 2), ([2, 1, 0.1], [0.659, 0.242, 0.099])):
        ax.bar([1, 2, 3], v, width=0.7)
        for i, x in enumerate(v):
            ax.annotate(f"${x}$", (i + 1, x), xytext=(0, 3), textcoords="offset points", ha="center")
        ax.set_title("Probabilities $p_i = e^{z_i} / \\sum_j e^{z_j}$"); ax.axhline(0)
    f.suptitle("Softmax")

def train2(f):
    a, b = f.subplots(1, 2)
    e = np.arange(501); a.plot(e, 20 * np.exp(-e / 5) + 0.25); a.set_yscale("log"); a.set_title("Cost")
    rng = np.random.default_rng(0); x = rng.uniform(0, 2, 50)
    b.plot(x, 2 * x + 1 + rng.normal(0, 0.5, 50), "o", label="data")
    for k in range(3):
        b.plot([0, 2], [k - 1, 2 * k + 1], label=f"line {k}: $\\hat{{y}} = {k}\\,x + 1$")
    b.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2); f.suptitle("Gradient descent")

def contour(f):
    ax = f.add_subplot()
    w, b = np.meshgrid(np.linspace(-0.5, 2.5, 120), np.linspace(-1.5, 1.5, 120))
    c = (w - 2) ** 2 + (b - 1) ** 2 + 0.26
    levels = np.quantile(c, np.linspace(0, 1, 12))
    filled = ax.contourf(w, b, c, levels=levels); ax.contour(w, b, c, levels=levels, colors="white")
    f.colorbar(filled, ax=ax, label="cost $J(w, b)$")
    t = np.linspace(0, 1, 60); ax.plot(2 * t, -1 + 2 * t, "-", label="descent path")
    ax.plot([0], [-1], "o", label="start"); ax.plot([2], [1], "*", markersize=18, label="minimum")
    ax.set_title("The cost landscape $J(w, b)$"); ax.legend()

def images(f):
    a, b = f.subplots(1, 2, sharey=True)
    g = np.linspace(-0.25, 1.25, 101); X, Y = np.meshgrid(g, g)
    for ax, v in ((a, np.full_like(X, 0.5)), (b, np.maximum(X + Y, 0) - 2 * np.maximum(X + Y - 1, 0))):
        im = ax.imshow(v, origin="lower", extent=(-0.25, 1.25, -0.25, 1.25), vmin=-0.5, vmax=1)
        ax.plot([0, 1], [0, 1], "o", markersize=12); ax.plot([0, 1], [1, 0], "s", markersize=12)
    b.contour(g, g, v, levels=[0.5], linestyles="--")
    f.colorbar(im, ax=[a, b], label="$\\hat{y}$"); f.suptitle("XOR")

def network(f):
    f.set_layout_engine("none"); ax = f.add_axes((0.02, 0.13, 0.96, 0.74)); ax.set_axis_off(); ax.set_aspect("equal")
    cols = [[(0, 0.6), (0, -0.6), (0, -1.9)], [(3.2, 0.6), (3.2, -0.6), (3.2, -1.9)], [(6.4, 0)]]
    for k, (src, dst) in enumerate(zip(cols, cols[1:])):
        for j, q in enumerate(dst[:2] if k == 0 else dst):
            for p in src:
                ax.add_line(Line2D([p[0], q[0]], [p[1], q[1]], linewidth=1 + j))
                ax.text(p[0] + 0.3 * (q[0] - p[0]), p[1] + 0.3 * (q[1] - p[1]), "-1.1044", ha="center",
                        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white"})
    for column in cols:
        for p in column:
            ax.add_patch(Circle(p, 0.3, facecolor="white", edgecolor="black")); ax.text(*p, "h₁", ha="center")
    ax.set_xlim(-0.9, 7.3); ax.set_ylim(-3.5, 1.7); f.legend(handles=[Line2D([], [], label="positive")])
    f.suptitle("A 2-2-1 network")

# The deck's canvas (12 × 5 in); the graph of backpropagation is 16:9 (12 × 6.75).
SIZES = {"curves2": (12, 5), "curves1": (12, 5), "bars1": (12, 5), "bars2": (12, 5), "train2": (12, 5),
         "contour": (12, 5), "images": (12, 5), "network": (12, 6.75)}
for n, kind in enumerate(kinds):
    figure = Figure(figsize=SIZES[kind], layout="constrained")
    globals()[kind](figure)
    figure.savefig(f"{out}/{n}.png", dpi=150)
"""


def floor_kinds() -> list[str]:
    from nnexplain.deck import DECK

    kinds = []
    for figure in DECK:
        # The longest matching prefix: "cost-landscape" before "cost".
        kind = next((KINDS[k] for k in sorted(KINDS, key=len, reverse=True) if figure.name.startswith(k)), None)
        if kind is None:
            sys.exit(f"bench/figures.py: no floor figure for the deck figure {figure.name!r}; add one to KINDS")
        kinds.append(kind)
    return kinds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="timed runs of each command")
    parser.add_argument("--check", action="store_true", help="exit 1 if the target is missed")
    args = parser.parse_args()

    kinds = floor_kinds()
    nnexplain = nnexplain_command()
    with tempfile.TemporaryDirectory(prefix="nnexplain-bench-") as folder:
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached, as when installed
        env["PYTHONPYCACHEPREFIX"] = str(Path(folder) / "pycache")
        ours, theirs = Path(folder) / "deck", Path(folder) / "floor"
        theirs.mkdir()
        floor = [sys.executable, "-c", STANDALONE, str(theirs), ",".join(kinds)]

        def deck(*more):
            return [*nnexplain, "figures", "--out", str(ours), *more]

        print(f"{' '.join(nnexplain)}: python {sys.version.split()[0]}, {os.cpu_count()} cores; "
              f"{len(kinds)} figures; median of {args.runs} alternating runs after warm-up")
        print()
        met = report("nnexplain figures --jobs 1 (one at a time)", "standalone script, same figures",
                     compare(deck("--jobs", "1"), floor, args.runs, env), TARGET)
        report("nnexplain figures (default: a process per core)", "standalone script, same figures",
               compare(deck(), floor, args.runs, env))
        for more in (["--format", "svg"], ["--format", "pdf"], ["--style", "slides"]):
            report(f"nnexplain figures --jobs 1 {' '.join(more)}", "standalone script (PNG, light)",
                   compare(deck("--jobs", "1", *more), floor, args.runs, env))
        if len(list(theirs.iterdir())) != len(kinds) or not (ours / "index.md").is_file():
            sys.exit("a figure was not written")
    return 0 if met or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
