"""nnexplain.workers.in_order: tasks in forked workers, items yielded in order, errors
raised in the parent (a worker's SystemExit as WorkerStopped naming its item)."""

import os
import sys

import pytest

from nnexplain.workers import WorkerStopped, in_order


def _write_pid(item):
    path, _ = item
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(str(os.getpid()))


def _fail_on_three(item):
    if item == 3:
        raise ValueError("three")


def _exit_on_two(item):
    if item == 2:
        sys.exit(4)


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_item_in_order(tmp_path, jobs):
    items = [(str(tmp_path / f"{k}.txt"), k) for k in range(5)]
    assert list(in_order(_write_pid, items, jobs)) == items
    pids = {(tmp_path / f"{k}.txt").read_text() for k in range(5)}
    assert (str(os.getpid()) in pids) == (jobs == 1)  # two jobs: drawn in workers


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_tasks_error_is_raised_in_the_caller(jobs):
    done = []
    with pytest.raises(ValueError, match="three"):
        for item in in_order(_fail_on_three, range(6), jobs):
            done.append(item)
    assert done == [0, 1, 2]


def test_a_workers_exit_is_reported_with_its_item():
    with pytest.raises(WorkerStopped, match=r"stopped \(SystemExit\)") as stopped:
        list(in_order(_exit_on_two, range(4), 2))
    assert stopped.value.item == 2
