"""How much ``--show`` adds to a text command: ``loss --y 1 --yhat 0.1 --show``
against ``loss --y 1 --yhat 0.1``, each as fresh processes (best of N runs, to
stdout piped: 80×24, plain). Target: at most 50 ms added.

    python bench/terminal.py [RUNS]
"""

import subprocess
import sys
import time

TEXT = [sys.executable, "-m", "nnexplain", "loss", "--y", "1", "--yhat", "0.1"]
SHOW = [*TEXT, "--show"]
TARGET_MS = 50.0


def best(command, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main(runs=10):
    best(SHOW, 1)  # compiled bytecode, warm caches
    text, show = best(TEXT, runs), best(SHOW, runs)
    added = show - text
    print(f"loss (text):   {text:7.1f} ms (best of {runs})")
    print(f"loss --show:   {show:7.1f} ms (best of {runs})")
    print(f"ratio:         {show / text:7.2f}")
    print(f"added:         {added:7.1f} ms (target ≤ {TARGET_MS:g} ms: {'met' if added <= TARGET_MS else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10))
