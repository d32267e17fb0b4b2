"""Sums that pass the largest float64 on the way to a finite answer are computed, not
refused: 1e308·(−2) + 1e308 = −1e308."""

import json
from fractions import Fraction

import numpy as np
from click.testing import CliRunner
from hypothesis import given, strategies as st

from nnexplain import core
from nnexplain.cli import cli

BIG = st.floats(-1.7e308, 1.7e308, allow_subnormal=False)


def exact(x, w, b):
    total = sum((Fraction(a) * Fraction(c) for a, c in zip(x, w)), Fraction(b))
    try:
        return float(total)
    except OverflowError:
        return float("inf") if total > 0 else float("-inf")


def test_a_finite_answer_through_an_overflowing_product():
    z = core.weighted_sum([-2.0, -1.0, 0.0], 1e308, 1e308)
    np.testing.assert_array_equal(z, [-1e308, 0.0, 1e308])
    assert core.weighted_sum([1e308, 1e308], [1.0, 1.0], -1e308) == 1e308
    rows = core.weighted_sum(np.array([[1e308, 1e308], [1.0, 1.0]]), [1.0, 1.0], -1e308)
    np.testing.assert_array_equal(rows, [1e308, -1e308])
    assert core.weighted_sum(3.0, 1e308, 1e308) == np.inf  # truly beyond float64
    assert core.exact_sum([1e308, 1e308, -1e308]) == 1e308


@given(st.lists(st.tuples(BIG, BIG), min_size=1, max_size=4), BIG)
def test_weighted_sum_is_the_exact_sum_rounded_once_wherever_float64_overflowed(pairs, b):
    x, w = [p[0] for p in pairs], [p[1] for p in pairs]
    with np.errstate(over="ignore", invalid="ignore"):
        plain = np.dot(x, w) + b
    z = core.weighted_sum(x, w, b)
    if np.isfinite(plain):
        assert z == plain  # the fast path is untouched
    else:
        assert z == exact(x, w, b)


def test_bias_shows_a_finite_z_that_float64_passes_through():
    result = CliRunner().invoke(cli, ["bias", "--w", "1e308", "--b", "1e308", "--x", "-2,-1,0",
                                      "--activation", "identity", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["examples"]["a_b1"] == [-1e308, 0.0, 1e308]


def test_bias_still_refuses_a_z_beyond_float64():
    result = CliRunner().invoke(cli, ["bias", "--w", "1e308", "--b", "1e308", "--x", "3"])
    assert result.exit_code == 2 and "more than the largest float64" in result.output


def test_softmax_of_scores_beyond_float64_apart_is_answered_and_explained():
    result = CliRunner().invoke(cli, ["softmax", "--z", "1e308,-1e308,0", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["classes"]["p"] == [1.0, 0.0, 0.0]
    assert document["classes"]["z_minus_m"][1] == "-inf"
    (why,) = [s for s in document["sections"] if s["title"] == "Why subtract the largest score"]
    beyond = [f["text"] for f in why["facts"] if f["label"] == "Beyond float64"]
    assert beyond and "correctly rounded probability, though not exactly 0" in beyond[0]
