"""How quickly the explorer answers: training and redrawing, a key, the first screen (issue 18).

Part ``network``: the network view (``nnexplain.explore.views.network``, no Textual) trains a 2-8-1
tanh network on 200 XOR points while running: each round is one ``tick()`` (a chunk
of epochs, sized by the view) and one redraw (``figure(100, 30, color=True)`` and
``table(100)``, as the app draws them). Measured in one process:

- redraws per second while training (target ≥ 10);
- training throughput while drawing, in epochs per second, against the same training
  without drawing: the command's run over as many epochs in one go, from the same
  start (the network and the no-hidden model beside it, which the view trains too)
  (target: ratio ≥ 0.5).

Each measurement runs for ``--seconds`` (default 3); the two alternate
(``--network-runs``, default 3) and the medians are reported. What the app adds around
the view (Textual laying out and painting the widgets) is not in these numbers.

Two more measurements of the app itself (Textual), each its own part:

- ``keys``: a key press to the panels showing the new values, on each view as it
  starts (bias: w, loss: ŷ, descent: lr, network: lr; ``--presses`` presses each,
  default 30, five one way then five back), in Textual's test pilot (``run_test``,
  100×30, headless). Each key is posted as ``pilot.press`` posts it (a Key event to the
  pilot's driver); timed until the figure, table and status panels hold the new state
  ("state") and until the app next writes the screen ("painted", a wrapper around
  ``App._display``). Target: painted ≤ 50 ms (median). ``pilot.press``'s own round trip
  is reported beside it with the same for a key bound to nothing: it waits in steps of
  20 ms until the process looks idle (``textual._wait.wait_for_idle``), so it is ≥ 40 ms
  even for a key that does nothing and is not a measure of the app.
- ``start``: ``nnexplain explore`` (the menu) and ``nnexplain explore bias --w 2 --b -4``
  to their first screen, against a minimal Textual app (``MINIMAL``: one Static with one
  plot drawn as nnexplain's terminal figures are, with NumPy and plotext, nothing of
  nnexplain) to its first screen, all as fresh processes in a
  pseudo-terminal of 100×30, alternating, median of ``--runs`` (default 21) after 2
  warm-up runs, bytecode cached as in bench/startup.py. Each writes the time
  (``time.time()``) at which its first screen has been painted to a file and leaves:
  the minimal app by itself, nnexplain explore because ``NNEXPLAIN_EXPLORE_FIRST_SCREEN``
  names the file (``nnexplain.explore.app.FIRST_SCREEN_ENV``). "painted" is that time
  less the time the process was started; "exited" the whole run, which adds Textual's
  leaving (it waits up to 0.1 s for its input thread). Target: painted ratio ≤ 1.3.
  POSIX only (``pty``).

    python bench/explore.py                  # every part: report
    python bench/explore.py --check          # exit 1 if a target is missed
    python bench/explore.py --part keys      # one part: network, keys or start
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time

SIZE = (100, 30)
TARGET_REDRAWS = 10.0
TARGET_RATIO = 0.5
TARGET_KEY_MS = 50.0
TARGET_START = 1.3
# The value each view's key presses change (its default state accepts both ways).
KEY_PARAMETER = {"bias": "w", "loss": "yhat", "descent": "lr", "network": "lr"}
START_WARM_UP = 2


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


def network_part(options) -> bool:
    """The network view's redraws and throughput; True if both targets are met."""
    without_drawing(2000)  # warm-up: imports, BLAS
    with_drawing(0.5)
    redraws, drawn, alone, chunks = [], [], [], []
    for _ in range(options.network_runs):
        rate, epochs_per_second, chunk = with_drawing(options.seconds)
        redraws.append(rate)
        drawn.append(epochs_per_second)
        chunks.append(chunk)
        alone.append(without_drawing(max(1000, int(epochs_per_second * options.seconds))))
    rate, with_, without = (statistics.median(v) for v in (redraws, drawn, alone))
    ratio = with_ / without
    print(f"network view, 2-8-1 tanh on 200 XOR points, figure {SIZE[0]}×{SIZE[1]} in colour + table; "
          f"median of {options.network_runs} runs of {options.seconds:g} s")
    print(f"redraws per second while training: {rate:7.1f}   (target ≥ {TARGET_REDRAWS:g}: "
          f"{'met' if rate >= TARGET_REDRAWS else 'NOT met'}); "
          f"{statistics.median(chunks):.0f} epochs per chunk")
    print(f"epochs per second, drawing:         {with_:9.0f}")
    print(f"epochs per second, not drawing:     {without:9.0f}")
    print(f"throughput ratio:                   {ratio:9.2f}   (target ≥ {TARGET_RATIO:g}: "
          f"{'met' if ratio >= TARGET_RATIO else 'NOT met'})")
    print()
    return rate >= TARGET_REDRAWS and ratio >= TARGET_RATIO


# --- a key press in the app ----------------------------------------------------------


async def key_latency(name: str, presses: int) -> dict:
    """Medians (ms) from a key press to the new state in the panels, to the next
    screen write, and of pilot.press itself (a changing key, and a key bound to
    nothing), on view ``name`` as it starts, in the pilot at SIZE."""
    from textual import events

    from nnexplain.explore.app import ExploreApp
    from nnexplain.explore.views import VIEWS

    view = VIEWS[name]()
    app = ExploreApp(view)
    state, painted, pressed, idle = [], [], [], []
    writes = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        display = app._display

        def timed_display(*args, **kwargs):
            writes.append(time.perf_counter())
            return display(*args, **kwargs)

        app._display = timed_display
        screen = app.screen
        names = [p.name for p in view.parameters]
        await pilot.press(*["down"] * names.index(KEY_PARAMETER[name]))
        await pilot.pause()
        panels = [screen.query_one(f"#{id_}") for id_ in ("figure", "table", "status")]

        def shown():
            return panels[0].drawn, panels[1].text, panels[2].text, view.values()

        for i in range(presses):
            key = "right" if (i // 5) % 2 == 0 else "left"
            before = shown()
            writes.clear()
            began = time.perf_counter()
            event = events.Key(key, None)
            event.set_sender(app)
            app._driver.send_message(event)
            while shown() == before:
                await asyncio.sleep(0)
                if time.perf_counter() - began > 5:
                    raise RuntimeError(f"{name}: {key} changed nothing on screen in 5 s")
            state.append(time.perf_counter() - began)
            while not writes:
                await asyncio.sleep(0)
            painted.append(writes[0] - began)
            await pilot.pause()
        for i in range(min(presses, 10)):
            key = "right" if i % 2 == 0 else "left"
            began = time.perf_counter()
            await pilot.press(key)
            pressed.append(time.perf_counter() - began)
            began = time.perf_counter()
            await pilot.press("f12")  # bound to nothing
            idle.append(time.perf_counter() - began)
        app._display = display
    return {what: statistics.median(times) * 1000
            for what, times in (("state", state), ("painted", painted), ("pilot", pressed),
                                ("pilot_idle", idle))}


def keys_part(options) -> bool:
    """Key → painted on every view; True if every median is within TARGET_KEY_MS."""
    print(f"a key press in the app (Textual pilot, {SIZE[0]}×{SIZE[1]}), median of "
          f"{options.presses} presses per view, ms")
    print(f"  {'view':<9}{'value':<7}{'state':>8}{'painted':>9}   {'pilot.press':>11} "
          f"{'(no-op key)':>12}")
    met = True
    for name, parameter in KEY_PARAMETER.items():
        times = asyncio.run(key_latency(name, options.presses))
        ok = times["painted"] <= TARGET_KEY_MS
        met = met and ok
        print(f"  {name:<9}{parameter:<7}{times['state']:8.1f}{times['painted']:9.1f}   "
              f"{times['pilot']:11.1f} {times['pilot_idle']:12.1f}   "
              f"target painted ≤ {TARGET_KEY_MS:g}: {'met' if ok else 'NOT met'}")
    print()
    return met


# --- the first screen ----------------------------------------------------------------

# A minimal Textual app that draws one plot as nnexplain's terminal figures are drawn
# (plotext, a dependency: one sigmoid curve with a title and axis labels, filling a
# bordered panel) and leaves right after the refresh that paints it, writing the time
# to the file NNEXPLAIN_EXPLORE_FIRST_SCREEN names. Nothing of nnexplain.
MINIMAL = r"""
import os
import time

import numpy as np
import plotext as plt
from rich.text import Text
from textual.app import App
from textual.widgets import Static

class Plot(Static):
    DEFAULT_CSS = "Plot { border: round $primary; height: 1fr; }"

    def on_resize(self, event):
        x = np.linspace(-6.0, 6.0, 241)
        plt.clear_figure()
        plt.plotsize(self.content_size.width, self.content_size.height)
        plt.plot(x.tolist(), (1.0 / (1.0 + np.exp(-x))).tolist(), label="sigmoid(x)")
        plt.title("One plot")
        plt.xlabel("x")
        plt.ylabel("a")
        self.update(Text.from_ansi(plt.build()))
        self.app.call_after_refresh(self.app.leave)

class Minimal(App):
    def compose(self):
        yield Plot()

    def leave(self):
        with open(os.environ["NNEXPLAIN_EXPLORE_FIRST_SCREEN"], "w") as stamp:
            stamp.write(repr(time.time()))
        self.exit()

Minimal().run()
"""


def pty_run(command: list[str], env: dict, size=SIZE, timeout: float = 30.0):
    """(exit status, wall seconds, bytes written, time.time() at the start) of ``command``
    in a new pseudo-terminal of ``size`` (columns, rows) that nobody types into."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    began, began_clock = time.perf_counter(), time.time()
    process = subprocess.Popen(command, stdin=follower, stdout=follower, stderr=follower, env=env,
                               start_new_session=True)
    os.close(follower)
    output = bytearray()
    try:
        while True:
            ready, _, _ = select.select([leader], [], [], timeout)
            if not ready:
                process.kill()
                raise RuntimeError(f"{' '.join(command)}: no output for {timeout:g} s")
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the terminal's last writer has gone
                break
            if not chunk:
                break
            output += chunk
        status = process.wait()
    finally:
        os.close(leader)
    return status, time.perf_counter() - began, bytes(output), began_clock


def start_part(options) -> bool:
    """First screen of nnexplain explore against the minimal app; True if within target."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from startup import nnexplain_command

    from nnexplain.explore.app import FIRST_SCREEN_ENV

    nnexplain = nnexplain_command()
    floor = "minimal Textual app, one plotext plot"
    commands = {
        "nnexplain explore": nnexplain + ["explore"],
        "nnexplain explore bias --w 2 --b -4": nnexplain + ["explore", "bias", "--w", "2", "--b", "-4"],
        floor: [sys.executable, "-c", MINIMAL],
    }
    first = {label: [] for label in commands}  # seconds to the first screen painted
    whole = {label: [] for label in commands}  # seconds to the process's end
    with tempfile.TemporaryDirectory(prefix="nnexplain-bench-") as folder:
        stamp = os.path.join(folder, "first-screen")
        env = dict(os.environ, PYTHONPYCACHEPREFIX=os.path.join(folder, "pycache"),
                   TERM="xterm-256color")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("NO_COLOR", None)
        env[FIRST_SCREEN_ENV] = stamp
        order = list(commands)
        for i in range(START_WARM_UP + options.runs):
            for label in order if i % 2 == 0 else reversed(order):
                if os.path.exists(stamp):
                    os.remove(stamp)
                status, seconds, output, began = pty_run(commands[label], env)
                restored = b"\x1b[?1049l" in output  # the alternate screen left
                if status != 0 or not restored or not os.path.exists(stamp):
                    raise RuntimeError(f"{label}: exit status {status}, terminal restored: {restored}:\n"
                                       f"{output[-2000:].decode(errors='replace')}")
                if i >= START_WARM_UP:
                    with open(stamp) as painted:
                        first[label].append(float(painted.read()) - began)
                    whole[label].append(seconds)
    print(f"to the first screen, fresh processes in a {SIZE[0]}×{SIZE[1]} pseudo-terminal, "
          f"median of {options.runs} alternating runs after {START_WARM_UP} warm-up runs")
    print(f"  {'':<40}{'painted':>10}{'exited':>10}")
    met = True
    for label in commands:
        painted, exited = (statistics.median(v[label]) * 1000 for v in (first, whole))
        line = f"  {label:<40}{painted:7.1f} ms{exited:7.1f} ms"
        if label != floor:
            ratio = statistics.median(first[label]) / statistics.median(first[floor])
            ok = ratio <= TARGET_START
            met = met and ok
            line += f"   ratio {ratio:5.2f} (painted; target ≤ {TARGET_START:g}: {'met' if ok else 'NOT met'})"
        print(line)
    print("  (exited: the same plus leaving, which waits for Textual's input thread, up to 0.1 s)")
    print()
    return met


PARTS = {"network": network_part, "keys": keys_part, "start": start_part}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=[*PARTS, "all"], default="all")
    parser.add_argument("--seconds", type=float, default=3.0, help="network: seconds per measurement")
    parser.add_argument("--network-runs", type=int, default=3, help="network: runs of each measurement")
    parser.add_argument("--presses", type=int, default=30, help="keys: key presses per view")
    parser.add_argument("--runs", type=int, default=21, help="start: timed runs of each command")
    parser.add_argument("--check", action="store_true")
    options = parser.parse_args(argv)
    met = True
    for name, part in PARTS.items():
        if options.part in (name, "all"):
            met = part(options) and met
    return 1 if options.check and not met else 0


if __name__ == "__main__":
    sys.exit(main())
