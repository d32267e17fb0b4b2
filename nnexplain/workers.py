"""Work spread over worker processes, in order: used where many figures are drawn
(the figure deck, worksheet keys). Workers are forked, so matplotlib and the rest
are imported once, before, and shared."""


class WorkerStopped(Exception):
    """A task in a worker process ended by SystemExit or KeyboardInterrupt;
    ``item`` is the item it was called with."""

    item = None


def default_jobs() -> int:
    """How many tasks to run at once: one per core this process may use."""
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def in_order(task, items, jobs: int = 1):
    """Call ``task(item)`` for every item; yield each item once its call has
    returned, in the order given.

    With ``jobs`` > 1 (and where processes can be forked) the calls run in that many
    worker processes; otherwise here, one after another. At most ``jobs`` calls are
    in progress at any time: when the caller stops early (an error, Ctrl-C) the ones
    started finish, so no worker is killed mid-write, and no later one is started.
    An exception a call raises is raised here; SystemExit or KeyboardInterrupt in a
    worker arrive as WorkerStopped (a pool worker would otherwise die silently and
    the parent wait for ever). ``task`` must be picklable (a module-level function,
    or a functools.partial of one)."""
    import multiprocessing

    items = list(items)
    jobs = min(jobs, len(items))
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for item in items:
            task(item)
            yield item
        return
    with multiprocessing.get_context("fork").Pool(jobs, initializer=_ignore_interrupts) as pool:
        pending = []
        try:
            for item in items:
                pending.append((item, pool.apply_async(_in_worker, (task, item))))
                if len(pending) == jobs:
                    yield _finished(pending.pop(0))
            while pending:
                yield _finished(pending.pop(0))
        finally:
            pool.close()
            pool.join()  # the calls already started finish; nothing is cut off


def _finished(pair):
    item, result = pair
    try:
        result.get()  # re-raises the worker's exception here
    except WorkerStopped as stopped:
        stopped.item = item
        raise
    return item


def _in_worker(task, item) -> None:
    try:
        task(item)
    except (SystemExit, KeyboardInterrupt) as error:
        raise WorkerStopped(f"stopped ({type(error).__name__})") from None


def _ignore_interrupts():
    # Ctrl-C reaches every process in the terminal's group; a worker lets the task it
    # is running finish, and the parent stops handing out new ones.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
