"""core.arrays.sorted_unique: np.unique's values without importing numpy.ma."""

import subprocess
import sys

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from nnexplain.core.arrays import sorted_unique


@given(arrays(np.float64, st.integers(0, 40), elements=st.floats(-1e6, 1e6, allow_nan=False, allow_subnormal=False)))
def test_the_same_values_as_np_unique(values):
    mine = sorted_unique(values)
    assert mine.dtype == values.dtype and np.array_equal(mine, np.unique(values))


def test_whole_numbers_and_minus_zero():
    assert sorted_unique(np.array([3, 1, 3, 2, 1], dtype=np.int64)).tolist() == [1, 2, 3]
    assert sorted_unique(np.array([0.0, -0.0, 1.0])).tolist() == [0.0, 1.0]


def test_it_does_not_import_numpy_ma():
    code = ("import sys, numpy as np; from nnexplain.core.arrays import sorted_unique; "
            "sorted_unique(np.array([2.0, 1.0, 2.0])); print('numpy.ma' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
