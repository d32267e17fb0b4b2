"""How long ``nnexplain train --animate FILE.gif`` takes, as a ratio to plain matplotlib.

The floor is a standalone script writing a GIF of the same number of frames with the
same content: 50 noisy points of y = 2x + 1 with the line at each frame (left), the
filled contours of J(w, b) on a 201 × 201 grid with a colour bar, the minimum, the
path so far and the current point (right), a caption with the epoch and the cost;
the same size (12 × 5.5 in at 100 dpi) and frame rate. NumPy + matplotlib only (Agg,
the Figure object API, constrained layout, ``FuncAnimation`` with ``PillowWriter``,
its default per-frame quantizing), one process, nothing of nnexplain. Both are fresh
processes; nnexplain's also trains, prints the worked example and loads its style.

    python bench/animation.py            # report
    python bench/animation.py --check    # exit 1 if the ratio misses the target
    python bench/animation.py --runs 5   # more runs, steadier medians
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

from startup import compare, nnexplain_command, report

TARGET = 1.5
DEFAULT_RUNS = 3

STANDALONE = r"""
import sys
import numpy as np
import matplotlib
matplotlib.use("Agg")
from matplotlib.animation import FuncAnimation, PillowWriter
from matplotlib.figure import Figure

out, frames, epochs = sys.argv[1], int(sys.argv[2]), 500
rng = np.random.default_rng(0)
x = rng.uniform(0, 2, 50)
y = 2 * x + 1 + rng.normal(0, 0.5, 50)
wanted = set(np.unique(np.geomspace(1, epochs, 120).round().astype(int)).tolist()) | {0, epochs}
wanted = sorted(wanted)[:frames]
w, b, ws, bs, js = 0.0, -0.9, [], [], []
for e in range(epochs + 1):
    r = w * x + b - y
    if e in wanted:
        ws.append(w); bs.append(b); js.append(np.mean(r * r))
    w -= 0.1 * 2 * np.mean(r * x); b -= 0.1 * 2 * np.mean(r)
W, B = np.meshgrid(np.linspace(-1, 3, 201), np.linspace(-2, 2.5, 201))
J = ((W[..., None] * x + B[..., None] - y) ** 2).mean(axis=-1)
fig = Figure(figsize=(12, 5.5), dpi=100, layout="constrained")
left, right = fig.subplots(1, 2, width_ratios=(1, 1.15))
left.plot(x, y, "o", label="data")
left.plot([0, 2], [1, 5], "--", label="truth $y = 2x + 1$")
(line,) = left.plot([0, 2], [bs[0], 2 * ws[0] + bs[0]], label="$\\hat{y} = w x + b$ at this epoch")
left.set_xlabel("$x$"); left.set_ylabel("$y$"); left.set_title("The data and the line"); left.legend()
filled = right.contourf(W, B, J, levels=24)
fig.colorbar(filled, ax=right, label="cost $J(w, b)$")
right.plot([ws[-1]], [bs[-1]], "*", markersize=16, label="minimum")
(path,) = right.plot(ws[:1], bs[:1], label="descent path")
(point,) = right.plot(ws[:1], bs[:1], "o", markersize=11, label="$(w, b)$ now")
right.set_xlabel("weight $w$"); right.set_ylabel("bias $b$"); right.set_title("The cost landscape $J(w, b)$")
right.legend()
title = fig.suptitle("")

def show(k):
    line.set_ydata([bs[k], 2 * ws[k] + bs[k]])
    path.set_data(ws[: k + 1], bs[: k + 1]); point.set_data(ws[k: k + 1], bs[k: k + 1])
    title.set_text(f"Gradient descent: epoch {wanted[k]} of {epochs}, cost J = {js[k]:.4g}")

FuncAnimation(fig, show, frames=len(ws)).save(out, writer=PillowWriter(fps=20), dpi=100)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="timed runs of each command")
    parser.add_argument("--check", action="store_true", help="exit 1 if the target is missed")
    args = parser.parse_args()

    from nnexplain.explain.training_figures import frame_epochs

    frames = len(frame_epochs(500))  # the default run's
    nnexplain = nnexplain_command()
    with tempfile.TemporaryDirectory(prefix="nnexplain-bench-") as folder:
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode cached, as when installed
        env["PYTHONPYCACHEPREFIX"] = str(Path(folder) / "pycache")
        ours, theirs = Path(folder) / "ours.gif", Path(folder) / "floor.gif"
        floor = [sys.executable, "-c", STANDALONE, str(theirs), str(frames)]
        command = [*nnexplain, "train", "--animate", str(ours)]
        print(f"{' '.join(nnexplain)}: python {sys.version.split()[0]}, {os.cpu_count()} cores; "
              f"{frames} frames; median of {args.runs} alternating runs after warm-up")
        print()
        met = report("nnexplain train --animate FILE.gif", "standalone FuncAnimation script",
                     compare(command, floor, args.runs, env), TARGET)
        from PIL import Image

        for gif in (ours, theirs):
            with Image.open(gif) as image:
                if image.n_frames != frames:
                    sys.exit(f"{gif.name} has {image.n_frames} frames, not {frames}")
    return 0 if met or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
