"""How fast practice is: a problem drawn and an answer checked, and a class's worksheets.

1. For every shipped skill: the median time to draw a problem with fresh numbers
   (``problems.draw``) and check an answer (``Problem.judge``), minus the median time
   of the problem's own command alone (its JSON view, run in-process the same way).
   The rest is what practice adds (drawing, constraints, slips, prompts, judging):
   target under 50 ms per skill (issue 19). The command's cache is cleared before
   each draw, as fresh numbers always miss it.
2. ``nnexplain worksheet`` for a class: 30 students × 10 problems of the shipped
   skills (round-robin over the first ten; skills with a figure are left out, see
   below), run as a separate process as a teacher runs it, median wall time:
   target under 10 s.

A skill with ``figure`` adds one PNG per problem (about 0.3 s each, the plot's own
time); the second number reports that case too, for information, when a shipped
skill has a figure.

    python bench/practice.py            # report; exit 1 if a target is missed
    python bench/practice.py --runs 5
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from nnexplain.lesson import runs
from nnexplain.practice import problems
from nnexplain.practice.catalog import shipped_skills

OVERHEAD_TARGET_MS = 50.0
SET_TARGET_S = 10.0
STUDENTS, PROBLEMS = 30, 10
DRAWS = 15


def milliseconds(function) -> float:
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def overhead(skill) -> tuple[float, float, float]:
    """Median ms of (draw + judge), of the command alone, and their difference."""
    totals, commands = [], []
    for seed in range(DRAWS):
        runs._json_text.cache_clear()
        drawn = {}

        def draw_and_judge():
            problem = problems.draw(skill, np.random.default_rng([seed, 0]))
            problem.judge(problem.shown_answer())
            drawn["problem"] = problem

        totals.append(milliseconds(draw_and_judge))
        argv = drawn["problem"].argv
        commands.append(milliseconds(lambda: runs.capture([*argv, "--format", "json"])))
    total, command = statistics.median(totals), statistics.median(commands)
    return total, command, total - command


def command() -> list[str]:
    script = Path(sys.executable).with_name("nnexplain")
    return [str(script)] if script.exists() else [sys.executable, "-m", "nnexplain"]


def class_set(names, repeats: int) -> float:
    """Median seconds of writing a 30 × 10 worksheet set, in a separate process."""
    times = []
    with tempfile.TemporaryDirectory(prefix="nnexplain-bench-") as scratch:
        for index in range(repeats):
            out = Path(scratch) / f"set{index}"
            argv = [*command(), "worksheet", *names, "--n", str(PROBLEMS), "--seed", str(index),
                    "--students", str(STUDENTS), "--out", str(out)]
            start = time.perf_counter()
            done = subprocess.run(argv, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
            times.append(time.perf_counter() - start)
            if done.returncode != 0:
                raise SystemExit(f"worksheet failed: {done.stdout}{done.stderr}")
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs of the class set")
    args = parser.parse_args()
    skills = shipped_skills()
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}, {os.cpu_count()} cores, "
          f"{len(skills)} shipped skills")
    print()
    print(f"1. Draw a problem and check an answer, beyond the command's own time "
          f"(median of {DRAWS} seeds; target < {OVERHEAD_TARGET_MS:g} ms)")
    print(f"  {'skill':<32} {'draw+judge':>11} {'command':>9} {'beyond':>9}")
    met, worst = True, 0.0
    for name, skill in skills.items():
        total, alone, beyond = overhead(skill)
        worst = max(worst, beyond)
        missed = beyond >= OVERHEAD_TARGET_MS
        met &= not missed
        print(f"  {name:<32} {total:8.1f} ms {alone:6.1f} ms {beyond:6.1f} ms{'   MISSED' if missed else ''}")
    print(f"  worst: {worst:.1f} ms beyond the command: {'met' if worst < OVERHEAD_TARGET_MS else 'MISSED'}")
    print()
    plain = [name for name, skill in skills.items() if not skill.figure][:PROBLEMS]
    seconds = class_set(plain, args.runs)
    ok = seconds < SET_TARGET_S
    met &= ok
    print(f"2. nnexplain worksheet, {STUDENTS} students × {PROBLEMS} problems of {len(plain)} skills "
          f"(median of {args.runs} runs)")
    print(f"  {seconds:6.2f} s   target < {SET_TARGET_S:g} s: {'met' if ok else 'MISSED'}")
    drawn = [name for name, skill in skills.items() if skill.figure][:PROBLEMS]
    if drawn:
        with_figures = class_set(drawn, 1)
        print(f"  with figures ({len(drawn)} skills with one, {STUDENTS * PROBLEMS} PNGs): "
              f"{with_figures:6.2f} s (report only)")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
