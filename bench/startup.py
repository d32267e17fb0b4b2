"""How long ``nnexplain`` takes to start, as a ratio to its own dependencies.

A text command cannot start faster than Python importing what it needs (NumPy,
click, rich's console and tables), so that import is the floor it is measured
against, in the same run, with the same interpreter: the ratio cancels out the
machine, its load and its disk cache. Runs alternate so that a slow patch of
time hits both commands alike; the median ignores the odd outlier.

Bytecode is cached (in a temporary folder, never the source tree) as it is for
an installed package: with ``PYTHONDONTWRITEBYTECODE=1`` an editable install
recompiles nnexplain's own modules on every run, which is not what a user pays.
``--inherit-env`` measures with the environment exactly as given instead.

``nnexplain --help`` is measured the same way against ``python -c "import click"``:
the group's help lists the commands from a registry and imports none of them.

    python bench/startup.py            # report
    python bench/startup.py --check    # exit 1 if a ratio misses its target
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import resource
except ImportError:  # Windows: wall time only
    resource = None

TARGET = 1.15  # `nnexplain loss` may take at most 15 % longer than its imports
HELP_TARGET = 1.15  # `nnexplain --help` may take at most 15 % longer than `import click`
DEFAULT_RUNS = 21
WARM_UP = 3


def nnexplain_command() -> list[str]:
    """The installed console script next to this interpreter, else ``-m nnexplain``."""
    folder = Path(sys.executable).parent
    for name in ("nnexplain", "nnexplain.exe"):
        script = folder / name
        if script.is_file() and os.access(script, os.X_OK):
            return [str(script)]
    return [sys.executable, "-m", "nnexplain"]


def _children_cpu() -> float:
    if resource is None:
        return float("nan")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_run(command: list[str], env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of ``command``, output thrown away."""
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr.decode()}")
    return wall, _children_cpu() - cpu


def compare(command: list[str], floor: list[str], runs: int, env: dict):
    """Median (wall, CPU) seconds of ``command`` and of ``floor``, run alternately."""
    for _ in range(WARM_UP):
        timed_run(command, env)
        timed_run(floor, env)
    times, floor_times = [], []
    for i in range(runs):
        # Swap who goes first each round, so neither always runs on a warmer cache.
        pair = [(command, times), (floor, floor_times)]
        for cmd, into in pair if i % 2 == 0 else reversed(pair):
            into.append(timed_run(cmd, env))

    def medians(samples):
        return tuple(statistics.median(column) for column in zip(*samples))

    return medians(times), medians(floor_times)


def report(label: str, floor_label: str, result, target=None) -> bool:
    (wall, cpu), (floor_wall, floor_cpu) = result
    ratio = wall / floor_wall
    met = target is None or ratio <= target
    verdict = "" if target is None else f"   target <= {target:.2f}: {'met' if met else 'MISSED'}"
    print(f"  {label:<58} {wall * 1000:7.1f} ms wall {cpu * 1000:7.1f} ms CPU")
    print(f"  {floor_label:<58} {floor_wall * 1000:7.1f} ms wall {floor_cpu * 1000:7.1f} ms CPU")
    print(f"  {'ratio':<58} {ratio:7.3f}      {cpu / floor_cpu:7.3f}{verdict}")
    print()
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="timed runs of each command")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument(
        "--inherit-env",
        action="store_true",
        help="run with this environment unchanged (no bytecode cache if PYTHONDONTWRITEBYTECODE is set)",
    )
    args = parser.parse_args()

    nnexplain = nnexplain_command()
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="nnexplain-bench-") as cache:
        env = dict(os.environ)
        if args.inherit_env:
            bytecode = "as inherited"
        else:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = cache
            bytecode = "cached (temporary PYTHONPYCACHEPREFIX)"
        print(f"{' '.join(nnexplain)}: python {sys.version.split()[0]}, {os.cpu_count()} cores")
        print(f"median of {args.runs} alternating runs after {WARM_UP} warm-up runs; bytecode {bytecode}")
        print()

        loss = compare(
            nnexplain + ["loss", "--y", "1", "--yhat", "0.1"],
            [python, "-c", "import numpy, click, rich.console, rich.table"],
            args.runs,
            env,
        )
        met = report(
            "nnexplain loss --y 1 --yhat 0.1",
            'python -c "import numpy, click, rich.console, rich.table"',
            loss,
            TARGET,
        )
        help_ = compare(nnexplain + ["--help"], [python, "-c", "import click"], args.runs, env)
        met = report("nnexplain --help", 'python -c "import click"', help_, HELP_TARGET) and met
    return 1 if args.check and not met else 0


if __name__ == "__main__":
    sys.exit(main())
