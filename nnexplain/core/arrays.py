"""Small array helpers the other core modules share."""

import numpy as np


def sorted_unique(values) -> np.ndarray:
    """The distinct values of a 1-D array, sorted: ``np.unique`` for arrays without
    NaN, which the callers never hold. ``np.unique`` imports ``numpy.ma`` on its first
    call (6–12 ms measured, much of what the explorer's first screen can spare);
    sorting and keeping each value that differs from the one before does not."""
    ordered = np.sort(np.asarray(values).ravel())
    if ordered.size == 0:
        return ordered
    keep = np.empty(ordered.size, dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]
