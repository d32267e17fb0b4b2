"""The shared option types and the activation registry they mirror."""

import click
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nnexplain import core
from nnexplain.cli.options import ACTIVATION_NAMES, MAX_POINTS, VALUES_OR_RANGE
from nnexplain.explain.activation_forms import FORMS
from nnexplain.render.latex import to_latex_math


def test_activation_names_match_the_core_registry_and_their_written_forms():
    # The CLI keeps its own copy so that --help need not import NumPy.
    assert ACTIVATION_NAMES == tuple(core.ACTIVATIONS) == tuple(FORMS)


@given(
    start=st.floats(-1e6, 1e6, allow_subnormal=False),  # typed subnormals are refused
    width=st.floats(1e-6, 1e6),
    count=st.integers(2, 500),
)
def test_a_range_gives_the_same_points_as_numpy_linspace(start, width, count):
    stop = start + width
    points = VALUES_OR_RANGE.convert(f"{start!r}:{stop!r}:{count}", None, None)
    assert not points.typed
    assert np.array_equal(np.array(points), np.linspace(start, stop, count))


def test_a_list_is_marked_as_typed():
    points = VALUES_OR_RANGE.convert("-2, 0.5,3", None, None)
    assert points == [-2.0, 0.5, 3.0] and points.typed


@pytest.mark.parametrize(
    "text, words",
    [
        ("-3:3", "START:STOP:COUNT"),
        ("1:2:3:4", "START:STOP:COUNT"),
        ("a:3:7", "'a' is not a number"),
        ("nan:3:7", "not a finite number"),
        ("-3:3:0", "has 0 points"),
        ("-3:3:1", "has 1 point;"),
        ("-3:3:2.5", "whole number"),
        ("-3:3:1e3", "whole number"),
        (f"-3:3:{MAX_POINTS + 1}", f"at most {MAX_POINTS:,}"),
        ("-3:3:1000000000", f"at most {MAX_POINTS:,}"),
        ("3:-3:7", "START must be less than STOP"),
        ("-1e308:1e308:3", "wider than float64"),
        (",".join(["1"] * (MAX_POINTS + 1)), f"at most {MAX_POINTS:,}"),
    ],
)
def test_bad_ranges_say_what_is_expected(text, words):
    with pytest.raises(click.BadParameter) as caught:
        VALUES_OR_RANGE.convert(text, None, None)
    assert words in caught.value.message


@pytest.mark.parametrize(
    "text, latex",
    [
        ("1 / (1 + e^(−z))", r"1 / (1 + e^{-z})"),
        ("(e^(−3) − e^(−(−3)))", r"(e^{-3} - e^{-(-3)})"),
        ("σ'(z) = σ(z)·(1 − σ(z))", r"\sigma '(z) = \sigma (z) \cdot (1 - \sigma (z))"),
        ("LeakyReLU(z)", r"\operatorname{LeakyReLU}(z)"),
        ("max(0, x₁·w₁)", r"\max(0, x_{1} \cdot w_{1})"),
        # runs of sub/superscripts are one group: no double subscript
        ("∂L/∂w⁽¹⁾₁₂", r"\partial L/\partial w^{(1)}_{12}"),
        ("w⁽¹⁾₁₀,₂ + (−2)²", r"w^{(1)}_{10,2} + (-2)^{2}"),
    ],
)
def test_formulas_become_latex(text, latex):
    assert to_latex_math(text) == latex
