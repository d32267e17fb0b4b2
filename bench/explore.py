"""How smoothly the explorer's network view trains and redraws (issue 18).

The network view (``nnexplain.explore.views.network``, no Textual) trains a 2-8-1
tanh network on 200 XOR points while running: each round is one ``tick()`` (a chunk
of epochs, sized by the view) and one redraw (``figure(100, 30, color=True)`` and
``table(100)``, as the app draws them). Measured in one process:

- redraws per second while training (target ≥ 10);
- training throughput while drawing, in epochs per second, against the same training
  without drawing: the command's run over as many epochs in one go, from the same
  start (the network and the no-hidden model beside it, which the view trains too)
  (target: ratio ≥ 0.5).

Each measurement runs for ``--seconds`` (default 3); the two alternate ``--runs`` times
(default 3) and the medians are reported. What the app adds around the view (Textual
laying out and painting the widgets) is not in these numbers.

    python bench/explore.py            # report
    python bench/explore.py --check    # exit 1 if a target is missed
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

SIZE = (100, 30)
TARGET_REDRAWS = 10.0
TARGET_RATIO = 0.5


def with_drawing(seconds: float):
    """(redraws per second, epochs per second, mean chunk) of the running view."""
    from nnexplain.explore.views.network import NetworkView

    view = NetworkView()
    view.toggle()
    view.tick()  # the first chunk, before any timing
    view.figure(*SIZE, color=True)
    view.table(SIZE[0])
    start_epochs, frames = view.run.epochs, 0
    began = time.perf_counter()
    while time.perf_counter() - began < seconds:
        view.tick()
        view.figure(*SIZE, color=True)
        view.table(SIZE[0])
        frames += 1
    elapsed = time.perf_counter() - began
    epochs = view.run.epochs - start_epochs
    return frames / elapsed, epochs / elapsed, epochs / max(frames, 1)


def without_drawing(epochs: int):
    """Epochs per second of the same training in one go: the command's own run
    (``explain.network_training.train``: the network and, as the view also trains it,
    the same task with no hidden layer) over ``epochs`` epochs, from the same start."""
    from nnexplain.api.network_training import prepare
    from nnexplain.explain.network_training import train

    problem = prepare(task="xor", hidden="8", activation="tanh", epochs=epochs)
    began = time.perf_counter()
    train(problem)
    return epochs / (time.perf_counter() - began)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--check", action="store_true")
    options = parser.parse_args(argv)
    without_drawing(2000)  # warm-up: imports, BLAS
    with_drawing(0.5)
    redraws, drawn, alone, chunks = [], [], [], []
    for _ in range(options.runs):
        rate, epochs_per_second, chunk = with_drawing(options.seconds)
        redraws.append(rate)
        drawn.append(epochs_per_second)
        chunks.append(chunk)
        alone.append(without_drawing(max(1000, int(epochs_per_second * options.seconds))))
    rate, with_, without = (statistics.median(v) for v in (redraws, drawn, alone))
    ratio = with_ / without
    print(f"network view, 2-8-1 tanh on 200 XOR points, figure {SIZE[0]}×{SIZE[1]} in colour + table; "
          f"median of {options.runs} runs of {options.seconds:g} s")
    print(f"redraws per second while training: {rate:7.1f}   (target ≥ {TARGET_REDRAWS:g}: "
          f"{'met' if rate >= TARGET_REDRAWS else 'NOT met'}); "
          f"{statistics.median(chunks):.0f} epochs per chunk")
    print(f"epochs per second, drawing:         {with_:9.0f}")
    print(f"epochs per second, not drawing:     {without:9.0f}")
    print(f"throughput ratio:                   {ratio:9.2f}   (target ≥ {TARGET_RATIO:g}: "
          f"{'met' if ratio >= TARGET_RATIO else 'NOT met'})")
    missed = rate < TARGET_REDRAWS or ratio < TARGET_RATIO
    return 1 if options.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
