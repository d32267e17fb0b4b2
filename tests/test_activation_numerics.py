"""Activation slopes in float64: accurate against 50-digit references, the textbook
forms PyTorch's autograd evaluates, and commands that stay finite and honest at the
edges of float64."""

import re

import mpmath
import numpy as np
import pytest
from click.testing import CliRunner

from nnexplain import core
from nnexplain.cli import cli
from nnexplain.core.activations import (
    activate_grad_autograd,
    sigmoid_grad_autograd,
    tanh_grad_autograd,
)

SMALLEST_NORMAL = float(np.finfo(np.float64).smallest_normal)
SUBNORMAL_SPACING = 2.0**-1074
# z from −745 to 745 in steps of 0.25, and the edges where the old forms broke.
GRID = np.concatenate([
    np.linspace(-745.0, 745.0, 5961),
    [-745.2, 745.2, -745.1, 36.7, 36.74, 40.0, 18.99, 19.0, 19.1, 354.0, 373.0,
     -708.4, 708.4, 709.8, 1e-300, -5e-324, 5e-324, 0.0, 1e308, -1e308],
])  # fmt: skip


def _sigmoid_grad_reference(z):
    e = mpmath.exp(-abs(mpmath.mpf(z)))
    return e / (1 + e) ** 2


def _tanh_grad_reference(z):
    return 1 / mpmath.cosh(mpmath.mpf(z)) ** 2


@pytest.fixture(scope="module")
def references():
    with mpmath.workdps(50):
        return {
            core.sigmoid_grad: np.array([float(_sigmoid_grad_reference(z)) for z in GRID]),
            core.tanh_grad: np.array([float(_tanh_grad_reference(z)) for z in GRID]),
        }


@pytest.mark.parametrize("grad", [core.sigmoid_grad, core.tanh_grad], ids=["sigmoid", "tanh"])
def test_slopes_match_50_digit_references(grad, references):
    ours, truth = grad(GRID), references[grad]
    normal = truth >= SMALLEST_NORMAL
    relative = np.abs(ours[normal] - truth[normal]) / truth[normal]
    assert relative.max() <= 1e-13, GRID[normal][relative.argmax()]
    # Below the normal range float64 numbers are 2**-1074 apart: a relative error
    # means nothing there, so the check is a few of those spacings.
    assert np.abs(ours[~normal] - truth[~normal]).max() <= 4 * SUBNORMAL_SPACING
    # The grid reaches both regions, and values that are truly non-zero stay so.
    assert normal.any() and (~normal & (truth > 0)).any()
    assert np.all(ours[truth > 0] > 0)


@pytest.mark.parametrize("grad", [core.sigmoid_grad, core.tanh_grad], ids=["sigmoid", "tanh"])
def test_slopes_are_even_float64_and_keep_shape(grad):
    np.testing.assert_array_equal(grad(GRID), grad(-GRID))
    assert isinstance(grad(40.0), np.float64)
    assert grad(np.zeros((2, 3))).shape == (2, 3)
    assert grad(np.zeros((2, 3))).dtype == np.float64


def test_textbook_forms_are_what_autograd_evaluates():
    # σ(40) rounds to 1, so σ(1 − σ) is 0 although σ(40)·σ(−40) = 4.2e-18.
    assert core.sigmoid(40.0) == 1.0
    assert sigmoid_grad_autograd(40.0) == 0.0
    assert core.sigmoid_grad(40.0) == pytest.approx(4.248354255291589e-18, rel=1e-14)
    assert core.tanh(19.0) == 1.0 and tanh_grad_autograd(19.0) == 0.0
    assert core.tanh_grad(19.0) == pytest.approx(1.2556531168192109e-16, rel=1e-13)
    # The textbook forms are accurate in absolute terms (to about 2**-52) and only
    # lose relative accuracy as the slope shrinks: at z = 5 already 2e-14 (σ') and
    # 3e-13 (tanh') relative.
    z = np.linspace(-40, 40, 801)
    eps = float(np.finfo(np.float64).eps)
    np.testing.assert_allclose(sigmoid_grad_autograd(z), core.sigmoid_grad(z), rtol=0, atol=eps)
    np.testing.assert_allclose(tanh_grad_autograd(z), core.tanh_grad(z), rtol=0, atol=2 * eps)
    for name in ("relu", "leaky_relu", "identity"):
        np.testing.assert_array_equal(activate_grad_autograd(name, z, 0.2),
                                      core.activate_grad(name, z, 0.2))  # fmt: skip
    assert activate_grad_autograd("sigmoid", 40.0) == 0.0


def invoke(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], env={"COLUMNS": "100"})
    print(repr(result.output))
    return result


def ok(*args):
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert "internal error" not in result.output
    return result.output


@pytest.mark.parametrize(
    "z", ["-745.2", "-745", "-720", "-711", "-709.5", "-700", "-745.2:-700:91"]
)
def test_sigmoid_far_left_does_not_error(z):
    ok("activation", "sigmoid", "--z", z)


EXTREME_Z = ["720", "-720", "745.2", "710", "360", "-370", "1000", "-1e308,1e308",
             "2.2250738585072014e-308,-1e-300", "-1000:1000:2001"]  # fmt: skip


@pytest.mark.parametrize("z", EXTREME_Z)
@pytest.mark.parametrize("name", list(core.ACTIVATIONS))
def test_every_activation_at_extreme_z(name, z):
    ok("activation", name, "--z", z, "--format", "json")


@pytest.mark.parametrize("slope", ["0", "2.2250738585072014e-308", "1e-300", "0.5", "0.9999"])
@pytest.mark.parametrize("z", ["-1e308,1e308", "-745.2", "0"])
def test_leaky_relu_and_compare_at_extreme_slopes(slope, z):
    ok("activation", "leaky_relu", "--z", z, "--slope", slope)
    ok("compare", *core.ACTIVATIONS, "--z", z, "--slope", slope)


def test_a_ratio_beyond_float64_is_said_as_more_than():
    # 0.25 / σ'(720) = 0.25 / 2.03e-313 is beyond the largest float64.
    text = ok("activation", "sigmoid", "--z", "720")
    assert "σ'(720) = 2.032e-313, more than 1.798e308× smaller than at z = 0" in text
    assert "∞×" not in text


def test_saturated_slope_shows_the_textbook_value_beside_the_true_one():
    text = " ".join(ok("activation", "sigmoid", "--z", "-3,40").split())
    assert "σ(40)·(1 − σ(40)) gives 0 in float64, because σ(40) rounds to 1" in text
    assert "the true slope is σ(40)·σ(−40) = 4.248e-18" in text
    assert "PyTorch's autograd" in text
    text = " ".join(ok("activation", "tanh", "--z", "-19").split())
    assert "1 − tanh(−19)² gives 0 in float64, because tanh(−19) rounds to −1" in text
    assert "tanh'(−19) = 1.256e-16" in text
    # Cancellation that does not reach 0 is quoted with how far off it is.
    text = " ".join(ok("activation", "sigmoid", "--z", "30").split())
    off = abs(sigmoid_grad_autograd(30.0) / core.sigmoid_grad(30.0) - 1)
    assert off > 1e-4
    assert "% off, because rounding σ(30) to float64" in text


def test_no_textbook_note_where_the_forms_agree():
    for args in (["activation", "sigmoid"], ["activation", "tanh", "--z", "-5:5:11"],
                 ["compare", "sigmoid", "tanh", "relu"], ["activation", "sigmoid", "--z", "-720"]):
        assert "textbook slope" not in ok(*args)


def test_many_noted_z_show_a_count_and_three_examples():
    text = " ".join(ok("activation", "sigmoid", "--z", "-50:50:101").split())
    z = np.linspace(-50, 50, 101)
    off = np.abs(sigmoid_grad_autograd(z) / core.sigmoid_grad(z) - 1) > 1e-4
    assert f"at {off.sum()} of your 101 z the textbook slope σ(z)·(1 − σ(z))" in text
    assert text.count("Example at z = ") == 3


def test_compare_notes_the_textbook_slope_of_each_function():
    text = " ".join(ok("compare", "sigmoid", "tanh", "--z", "40").split())
    assert "σ(40)·(1 − σ(40)) gives 0" in text and "1 − tanh(40)² gives 0" in text


def test_relu_saturation_is_qualified():
    for args in (["compare", *core.ACTIVATIONS], ["activation", "relu"],
                 ["compare", "relu", "leaky_relu", "--format", "markdown"]):
        text = " ".join(ok(*args).split())
        assert "never saturates" not in text
        for match in re.finditer(r"(does not|doesn't) saturate", text):
            assert text[match.end():].startswith(" for z > 0"), text[match.start():]


@pytest.mark.parametrize("name", ["relu", "leaky_relu"])
def test_slope_at_the_kink_is_called_a_convention(name):
    text = " ".join(ok("activation", name, "--z", "-1,0,1").split())
    assert "no derivative at z = 0" in text and "At your z = 0" in text
    assert "PyTorch and TensorFlow" in text
    assert "differentiable almost everywhere" in text
    # Without a z = 0 the table needs no note, but the properties still say it.
    text = " ".join(ok("activation", name, "--z", "-1,1").split())
    assert "At your z = 0" not in text and "no derivative at z = 0" in text
    compare = " ".join(ok("compare", "sigmoid", name, "--z", "0,1").split())
    assert "no derivative at 0" in compare and "At your z = 0" in compare
