"""How long a door of the Python API takes in a warm interpreter.

``nx.loss(1, 0.1)`` checks its inputs and builds the worked example (every step
computed by the core); a view (``to_json``, ``to_text``) formats it on request.
Reported per call, median over many calls, with the bare core call
``core.log_loss(1, 0.1)`` measured in the same run as the floor.

    python bench/api.py            # report
    python bench/api.py --check    # exit 1 if the door misses its 1 ms target
"""

import argparse
import statistics
import sys
import time

import nnexplain as nx
from nnexplain import core

TARGET_MS = 1.0  # the door alone, formatting excluded
CALLS = 2000
ROUNDS = 7


def per_call_ms(function) -> float:
    """Median over ROUNDS of the mean time of CALLS calls, in milliseconds."""
    rounds = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for _ in range(CALLS):
            function()
        rounds.append((time.perf_counter() - start) / CALLS * 1000)
    return statistics.median(rounds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args()
    example = nx.loss(1, 0.1)
    example.to_json(), example.to_text()  # warm: the views' imports
    rows = [
        ("core.log_loss(1, 0.1)", per_call_ms(lambda: core.log_loss(1.0, 0.1))),
        ("nx.loss(1, 0.1)", per_call_ms(lambda: nx.loss(1, 0.1))),
        ("nx.loss(1, 0.1).to_json()", per_call_ms(lambda: nx.loss(1, 0.1).to_json())),
        ("nx.cost(3 examples)", per_call_ms(lambda: nx.cost([1, 0, 1], [0.9, 0.2, 0.6]))),
    ]
    door = rows[1][1]
    for label, ms in rows:
        print(f"  {label:32} {ms * 1000:9.1f} µs")
    met = door <= TARGET_MS
    print(f"  nx.loss target <= {TARGET_MS:g} ms: {'met' if met else 'MISSED'}")
    return 0 if met or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
