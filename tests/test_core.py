"""The NumPy core: known values, derivatives against finite differences, properties.

Agreement with PyTorch and scikit-learn is in test_core_reference.py.
"""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnexplain import core
from nnexplain.core.activations import sigmoid_grad_autograd, tanh_grad_autograd

SLOPES = [0.01, 0.2]

# (forward, derivative, keyword arguments) for every activation with a derivative.
ACTIVATION_PAIRS = [
    pytest.param(core.sigmoid, core.sigmoid_grad, {}, id="sigmoid"),
    pytest.param(core.tanh, core.tanh_grad, {}, id="tanh"),
    pytest.param(core.relu, core.relu_grad, {}, id="relu"),
    *[
        pytest.param(core.leaky_relu, core.leaky_relu_grad, {"slope": s}, id=f"leaky_relu-{s}")
        for s in SLOPES
    ],
    pytest.param(core.identity, core.identity_grad, {}, id="identity"),
]
ELEMENTWISE = [
    core.sigmoid, core.sigmoid_grad, core.tanh, core.tanh_grad, core.relu,
    core.relu_grad, core.leaky_relu, core.leaky_relu_grad, core.identity,
    core.identity_grad, core.softmax, sigmoid_grad_autograd, tanh_grad_autograd,
]


def assert_within_one_ulp(actual, expected):
    """Full precision, allowing for one rounding difference between libm and NumPy."""
    assert abs(float(actual) - expected) <= math.ulp(expected), (float(actual), expected)


# --- Known values ----------------------------------------------------------------


def test_sigmoid_at_zero_is_one_half():
    assert core.sigmoid(0.0) == 0.5


def test_sigmoid_grad_at_zero_is_one_quarter():
    assert core.sigmoid_grad(0.0) == 0.25


def test_tanh_at_zero_is_zero_and_its_slope_is_one():
    assert core.tanh(0.0) == 0.0
    assert core.tanh_grad(0.0) == 1.0


def test_sigmoid_of_seven_to_full_precision():
    assert_within_one_ulp(core.sigmoid(7.0), 1.0 / (1.0 + math.exp(-7.0)))


def test_sigmoid_is_symmetric():
    z = np.array([-7.0, -1.0, 0.5, 3.0])
    # σ(−z) = 1 − σ(z); compared as a sum since 1 − σ(z) cancels for z > 0.
    np.testing.assert_allclose(core.sigmoid(-z) + core.sigmoid(z), 1.0, rtol=0, atol=2.3e-16)


def test_sigmoid_far_left_is_the_subnormal_e_to_the_z():
    # 1/(1 + e^(−z)) would give 0 here because e^(−z) overflows; σ(z) ≈ e^z is not 0.
    assert core.sigmoid(-720.0) == math.exp(-720.0) > 0.0
    assert core.sigmoid(-1000.0) == 0.0


def test_relu_grad_at_zero_is_zero():
    assert core.relu_grad(0.0) == 0.0


@pytest.mark.parametrize("slope", SLOPES)
def test_leaky_relu_grad_at_zero_is_the_slope(slope):
    assert core.leaky_relu_grad(0.0, slope=slope) == slope


@pytest.mark.parametrize("slope", SLOPES)
def test_leaky_relu_values(slope):
    np.testing.assert_array_equal(
        core.leaky_relu([-2.0, 0.0, 3.0], slope=slope), [-2.0 * slope, 0.0, 3.0]
    )


def test_leaky_relu_default_slope_is_one_hundredth():
    assert core.leaky_relu(-1.0) == -0.01
    assert core.leaky_relu_grad(-1.0) == 0.01


def test_identity_returns_a_copy():
    z = np.array([1.0, -2.0])
    out = core.identity(z)
    np.testing.assert_array_equal(out, z)
    assert out is not z
    np.testing.assert_array_equal(core.identity_grad(z), [1.0, 1.0])


def test_softmax_of_large_inputs_is_finite_and_sums_to_one():
    p = core.softmax([1000.0, 1001.0, 1002.0])
    assert np.all(np.isfinite(p))
    assert math.isclose(p.sum(), 1.0, rel_tol=1e-15)
    # Adding a constant to every input does not change softmax.
    np.testing.assert_allclose(p, core.softmax([0.0, 1.0, 2.0]), rtol=1e-15)


def test_softmax_of_two_inputs_is_the_sigmoid_of_their_difference():
    p = core.softmax([0.3, -1.2])
    np.testing.assert_allclose(p[0], core.sigmoid(0.3 - -1.2), rtol=1e-15)


def test_softmax_works_along_the_last_axis_of_a_batch():
    z = np.array([[1.0, 2.0, 3.0], [-1000.0, 0.0, 1000.0]])
    np.testing.assert_allclose(core.softmax(z).sum(axis=-1), [1.0, 1.0], rtol=1e-15)
    np.testing.assert_array_equal(core.softmax(z)[1], [0.0, 0.0, 1.0])


def test_log_loss_of_true_label_at_0_1_is_ln_10():
    assert_within_one_ulp(core.log_loss(1.0, 0.1), 2.302585092994046)


def test_log_loss_of_a_perfect_zero_is_positive_zero():
    loss = core.log_loss(0.0, 0.0)
    assert loss == 0.0
    assert math.copysign(1.0, loss) == 1.0  # +0.0, never −0.0


def test_log_loss_of_a_certain_wrong_prediction_is_infinite():
    assert core.log_loss(1.0, 0.0) == math.inf
    assert core.log_loss(0.0, 1.0) == math.inf


def test_log_loss_with_log_min_caps_like_pytorch():
    assert core.log_loss(1.0, 0.0, log_min=-100) == 100.0
    assert core.log_loss(0.0, 1.0, log_min=-100) == 100.0


def test_log_loss_with_eps_clips_the_prediction():
    assert math.isclose(core.log_loss(1.0, 0.0, eps=1e-7), -math.log(1e-7), rel_tol=1e-15)
    assert math.isclose(core.log_loss(0.0, 1.0, eps=1e-7), -math.log(1e-7), rel_tol=1e-9)


def test_clip_probability_keeps_predictions_inside_eps_and_one_minus_eps():
    clipped = core.clip_probability(np.array([0, 1e-9, 0.5, 1]), 1e-7)
    np.testing.assert_array_equal(clipped, [1e-7, 1e-7, 0.5, 1.0 - 1e-7])
    assert clipped.dtype == np.float64


def test_log_loss_terms_are_the_two_bracketed_products():
    term_true, term_false = core.log_loss_terms(0.25, 0.1)
    assert math.isclose(term_true, 0.25 * math.log(0.1), rel_tol=1e-15)
    assert math.isclose(term_false, 0.75 * math.log(0.9), rel_tol=1e-15)


def test_log_loss_terms_treat_zero_times_log_zero_as_zero():
    term_true, term_false = core.log_loss_terms([0.0, 1.0], [0.0, 1.0])
    np.testing.assert_array_equal(term_true, [0.0, 0.0])
    np.testing.assert_array_equal(term_false, [0.0, 0.0])
    assert core.log_loss_terms(1.0, 0.0)[0] == -math.inf


def test_log1m_matches_log1p_to_a_few_ulps_from_tiny_to_one():
    """log1m trades np.log1p for the faster np.log plus Goldberg's correction; it
    must stay as accurate as log1p everywhere, including where 1 − p rounds to 1."""
    rng = np.random.default_rng(7)
    p = np.concatenate(
        [
            [0.0, 5e-324, 1e-300, 1e-17, 2.0**-54, 2.0**-53, 2.0**-52, 1e-16, 1.2e-16],
            [1e-10, 1e-4, 0.1, 0.5, 0.75, 1 - 1e-10, 1 - 2.0**-53, 1.0],
            rng.uniform(0, 1, 100_000),
            rng.uniform(0, 1, 100_000) ** 12,
        ]
    )
    with np.errstate(divide="ignore"):
        expected = np.log1p(-p)
    got = core.log1m(p)
    finite = np.isfinite(expected)
    np.testing.assert_array_equal(got[~finite], expected[~finite])
    np.testing.assert_allclose(got[finite], expected[finite], rtol=4 * 2.0**-52, atol=0)
    assert core.log1m(0.25) == pytest.approx(math.log(0.75), rel=1e-15)
    assert np.ndim(core.log1m(0.25)) == 0


def test_squared_error_and_mse_known_values():
    np.testing.assert_array_equal(core.squared_error([1.0, 0.0], [0.5, 2.0]), [0.25, 4.0])
    assert core.mse([1.0, 0.0], [0.5, 2.0]) == 2.125


# --- Overflow and dtype ----------------------------------------------------------


@pytest.mark.parametrize("function", ELEMENTWISE, ids=lambda f: f.__name__)
def test_no_runtime_warning_at_extreme_inputs(function):
    # pyproject already turns warnings into errors; say so here too.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = function(np.array([-1000.0, 1000.0]))
    assert np.all(np.isfinite(out))


def test_sigmoid_saturates_at_extreme_inputs():
    np.testing.assert_array_equal(core.sigmoid([-1000.0, 1000.0]), [0.0, 1.0])


@pytest.mark.parametrize("function", ELEMENTWISE, ids=lambda f: f.__name__)
def test_activations_return_float64_for_int_input(function):
    assert function(np.array([-2, 0, 3])).dtype == np.float64
    assert np.asarray(function(1)).dtype == np.float64


@pytest.mark.parametrize(
    "function",
    [core.log_loss, core.squared_error, core.mse, core.cost, core.per_example_loss],
    ids=lambda f: f.__name__,
)
def test_losses_return_float64_for_int_input(function):
    assert np.asarray(function(np.array([0, 1, 1]), np.array([0, 1, 0]))).dtype == np.float64


# --- Derivatives against central finite differences ------------------------------

# Away from the kink at 0 of ReLU and leaky ReLU.
FD_POINTS = np.array([-6.0, -2.5, -0.7, -0.1, 0.1, 0.3, 1.0, 2.2, 5.0])


@pytest.mark.parametrize(("forward", "derivative", "kwargs"), ACTIVATION_PAIRS)
def test_derivative_matches_central_finite_difference(forward, derivative, kwargs):
    h = 1e-6
    numeric = (forward(FD_POINTS + h, **kwargs) - forward(FD_POINTS - h, **kwargs)) / (2 * h)
    # Truncation error ~h²·f''' and rounding ~eps/h: both far below 1e-8.
    np.testing.assert_allclose(derivative(FD_POINTS, **kwargs), numeric, rtol=1e-7, atol=1e-9)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_slopes_are_in_range_and_even(z):
    # The accurate forms: σ' in [0, 0.25] and tanh' in [0, 1] for every float64 z,
    # the same at −z, and never below the textbook forms by more than rounding.
    for grad, top in ((core.sigmoid_grad, 0.25), (core.tanh_grad, 1.0)):
        assert 0.0 <= grad(z) <= top
        assert grad(z) == grad(-z)
    eps = float(np.finfo(np.float64).eps)
    assert abs(core.sigmoid_grad(z) - sigmoid_grad_autograd(z)) <= eps
    assert abs(core.tanh_grad(z) - tanh_grad_autograd(z)) <= 2 * eps


def test_saturated_slopes_are_not_rounded_to_zero():
    # σ(40) and tanh(19) round to 1, so the textbook forms give 0; the core does not.
    assert sigmoid_grad_autograd(40.0) == 0.0 < core.sigmoid_grad(40.0)
    assert tanh_grad_autograd(19.0) == 0.0 < core.tanh_grad(19.0)
    assert core.sigmoid_grad(-720.0) == core.sigmoid_grad(720.0) > 0.0  # a subnormal


# --- Cost ------------------------------------------------------------------------

Y = np.array([0.0, 1.0, 1.0, 0.0, 1.0])
Y_HAT = np.array([0.1, 0.8, 0.6, 0.3, 0.99])


@pytest.mark.parametrize("loss", ["log", "squared"])
def test_cost_is_the_mean_of_the_per_example_losses(loss):
    per_example = core.per_example_loss(Y, Y_HAT, loss=loss)
    assert per_example.shape == Y.shape
    assert core.cost(Y, Y_HAT, loss=loss) == np.mean(per_example)


def test_cost_of_log_loss_by_hand():
    by_hand = -sum(
        y * math.log(p) + (1 - y) * math.log(1 - p) for y, p in zip(Y, Y_HAT)
    ) / len(Y)
    assert math.isclose(core.cost(Y, Y_HAT), by_hand, rel_tol=1e-14)


def test_squared_cost_is_mse():
    assert core.cost(Y, Y_HAT, loss="squared") == core.mse(Y, Y_HAT)


def test_cost_passes_eps_and_log_min_on():
    assert core.cost([1.0], [0.0], eps=1e-7) == core.log_loss(1.0, 0.0, eps=1e-7)
    assert core.cost([1.0], [0.0], log_min=-100) == 100.0


@pytest.mark.parametrize("function", [core.cost, core.per_example_loss])
def test_unknown_loss_name_raises_value_error(function):
    with pytest.raises(ValueError, match="unknown loss 'hinge'"):
        function(Y, Y_HAT, loss="hinge")


def test_losses_constant_names_every_loss():
    for loss in core.LOSSES:
        assert np.all(np.isfinite(core.per_example_loss(Y, Y_HAT, loss=loss)))


# --- Properties ------------------------------------------------------------------

finite_z = st.floats(allow_nan=False, allow_infinity=False)
probability = st.floats(min_value=0.0, max_value=1.0)
hard_label = st.sampled_from([0.0, 1.0])


@given(finite_z)
def test_sigmoid_is_in_the_closed_unit_interval(z):
    assert 0.0 <= core.sigmoid(z) <= 1.0


@given(st.floats(min_value=-30.0, max_value=30.0))
def test_sigmoid_is_strictly_inside_the_unit_interval_for_moderate_z(z):
    assert 0.0 < core.sigmoid(z) < 1.0


@given(finite_z)
def test_tanh_is_in_minus_one_to_one(z):
    assert -1.0 <= core.tanh(z) <= 1.0


@given(
    hnp.arrays(
        np.float64,
        hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=8),
        elements=st.floats(min_value=-1e3, max_value=1e3),
    )
)
def test_softmax_rows_sum_to_one(z):
    p = core.softmax(z)
    assert np.all((p >= 0.0) & (p <= 1.0))
    # Each of at most 8 terms carries a relative rounding error of a few eps.
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=0, atol=1e-14)


@given(probability, probability)
def test_log_loss_is_not_negative(y, y_hat):
    assert core.log_loss(y, y_hat) >= 0.0


@given(hnp.arrays(np.float64, st.integers(1, 10), elements=hard_label))
def test_log_loss_is_zero_at_a_perfect_hard_label_prediction(y):
    loss = core.log_loss(y, y.copy())
    np.testing.assert_array_equal(loss, 0.0)
    assert np.all(np.copysign(1.0, loss) == 1.0)


@given(probability, probability)
def test_log_loss_grows_as_y_hat_moves_away_from_the_label(a, b):
    low, high = min(a, b), max(a, b)
    # For y = 1 the loss falls as ŷ rises; for y = 0 it rises with ŷ.
    assert core.log_loss(1.0, low) >= core.log_loss(1.0, high)
    assert core.log_loss(0.0, low) <= core.log_loss(0.0, high)


@given(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6))
def test_squared_error_is_not_negative(y, y_hat):
    assert core.squared_error(y, y_hat) >= 0.0


@given(st.floats(-1e6, 1e6))
def test_squared_error_is_zero_at_a_perfect_prediction(y):
    assert core.squared_error(y, y) == 0.0


# A fixed linear-regression problem for the descent property.
_rng = np.random.default_rng(0)
X = _rng.normal(size=(20, 3))
TARGETS = X @ np.array([1.5, -2.0, 0.5]) + 0.3 + 0.1 * _rng.normal(size=20)
# The squared cost's gradient is Lipschitz with constant 2·λ_max(XᵀX)/m; any step
# below 1/L cannot increase a convex quadratic.
LR = 0.5 / (2.0 * np.linalg.eigvalsh(X.T @ X).max() / len(X))


@given(hnp.arrays(np.float64, 3, elements=st.floats(-10.0, 10.0)), st.floats(-10.0, 10.0))
def test_a_small_gradient_step_does_not_increase_the_squared_cost(w, b):
    m = len(X)
    y_hat = X @ w + b
    cost_before = core.cost(TARGETS, y_hat, loss="squared")
    dL_dw = (2.0 / m) * X.T @ (y_hat - TARGETS)
    cost_after = core.cost(TARGETS, X @ (w - LR * dL_dw) + b, loss="squared")
    # At (or next to) the minimum the step is ~0 and rounding alone may move the cost
    # by an ulp or two.
    assert cost_after <= cost_before * (1.0 + 1e-12)


def test_soft_label_at_a_certain_prediction_is_infinite_not_nan():
    """A soft label puts weight on both classes, so ŷ = 0 or 1 costs ∞ (never nan)."""
    np.testing.assert_array_equal(
        core.log_loss([0.5, 0.5, 0.25], [1.0, 0.0, 1.0]), [math.inf, math.inf, math.inf]
    )
