"""The dense network in the core: the preset's numbers, gradients by finite differences."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnexplain.core.network import (
    backward,
    collapse_linear,
    forward,
    layer,
    network_cost,
    predict,
    updated,
)

# SYLLABUS.md section 7: a trained 2-2-1 network in Keras' layout.
PRESET = (
    layer([[-1.1044016, 0.9812743], [-0.5948815, 1.4780935]], [0, 0.3192987], "relu"),
    layer([[0.1048971], [2.0368812]], [0.2609277], "identity"),
)


def test_the_preset_gives_the_tutorials_numbers():
    hidden, output = forward(PRESET, [2, 3])
    assert hidden.z[0] < 0 and hidden.a[0] == 0.0
    assert hidden.a[1] == pytest.approx(6.716128, abs=5e-7)
    assert output.a[0] == pytest.approx(13.94088, abs=5e-6)
    assert sum(current.parameters for current in PRESET) == 9


def random_network(seed, sizes, activations):
    # Modest weights keep a sigmoid output away from 1: within ~1e-10 of it, ŷ is
    # quantised to steps of 1.1e-16 and a finite difference of the loss measures
    # the steps, not the slope.
    rng = np.random.default_rng(seed)
    return tuple(
        layer(rng.normal(scale=0.5, size=(n_in, n_out)), rng.normal(scale=0.5, size=n_out), activation)
        for n_in, n_out, activation in zip(sizes, sizes[1:], activations)
    )



def assert_gradients_match_finite_differences(layers, grads, x, y, loss, h=1e-6):
    """Every ∂J/∂W and ∂J/∂b of ``grads`` equals (J(p + h) − J(p − h)) / 2h."""
    for k, current in enumerate(layers):
        for name in ("W", "b"):
            array = getattr(current, name)
            analytic = getattr(grads[k], "d" + name)
            for index in np.ndindex(array.shape):
                def cost_with(delta):
                    changed = array.copy()
                    changed[index] += delta
                    trial = list(layers)
                    trial[k] = layer(
                        changed if name == "W" else current.W,
                        changed if name == "b" else current.b,
                        current.activation,
                    )
                    return network_cost(trial, x, y, loss)

                numeric = (cost_with(h) - cost_with(-h)) / (2 * h)
                assert analytic[index] == pytest.approx(numeric, rel=1e-5, abs=1e-7)

@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    hidden=st.integers(1, 4),
    # Smooth activations only: at ReLU's kink a finite difference straddles two
    # slopes and disagrees with either one-sided derivative.
    activation=st.sampled_from(["sigmoid", "tanh", "identity"]),
    loss=st.sampled_from(["squared", "log"]),
)
def test_gradients_match_central_finite_differences(seed, hidden, activation, loss):
    output = "sigmoid" if loss == "log" else "identity"
    layers = random_network(seed, (3, hidden, 1), (activation, output))
    rng = np.random.default_rng(seed + 1)
    x = rng.normal(size=(4, 3))
    y = rng.integers(0, 2, size=4).astype(float) if loss == "log" else rng.normal(size=4)
    grads = backward(layers, forward(layers, x), y, loss)
    assert_gradients_match_finite_differences(layers, grads, x, y, loss)


def test_a_small_step_lowers_the_cost():
    layers = random_network(7, (2, 3, 1), ("tanh", "identity"))
    x = np.array([[0.5, -1.0], [1.5, 2.0], [-0.3, 0.1]])
    y = np.array([1.0, -2.0, 0.5])
    before = network_cost(layers, x, y)
    after = network_cost(updated(layers, backward(layers, forward(layers, x), y), 0.01), x, y)
    assert after < before


def test_stacked_linear_layers_collapse_to_one():
    layers = random_network(3, (2, 3, 2), ("identity", "identity"))
    x = np.random.default_rng(4).normal(size=(6, 2))
    one = collapse_linear(layers)
    assert np.allclose(predict((one,), x), predict(layers, x), rtol=1e-13, atol=1e-13)


# --- the preset and the helpers the worked examples use -------------------------------


def test_preset_is_the_syllabus_network():
    from nnexplain.core.network import PRESET_X, parameter_count, preset

    layers = preset()
    for ours, theirs in zip(layers, PRESET):
        np.testing.assert_array_equal(ours.W, theirs.W)
        np.testing.assert_array_equal(ours.b, theirs.b)
        assert ours.activation == theirs.activation
    hidden, output = forward(layers, PRESET_X)
    np.testing.assert_allclose(hidden.a, [0.0, 6.716128], atol=5e-7)
    assert output.a[0] == pytest.approx(13.94088, abs=5e-6)
    assert parameter_count(layers) == 9
    assert [current.parameters for current in layers] == [6, 3]


def test_input_terms_add_up_to_the_weighted_sum():
    from nnexplain.core.network import input_terms

    layers = random_network(5, (3, 4, 1), ("tanh", "identity"))
    x = np.array([0.5, -2.0, 1.25])
    hidden = forward(layers, x)[0]
    terms = input_terms(x, layers[0].W)
    assert terms.shape == (3, 4)
    np.testing.assert_allclose(terms.sum(axis=0) + layers[0].b, hidden.z, rtol=1e-14)


def test_da_is_the_slope_in_each_layers_outputs():
    layers = random_network(9, (2, 3, 1), ("sigmoid", "identity"))
    x, y = np.array([0.3, -0.7]), np.array([2.0])
    passes = forward(layers, x)
    grads = backward(layers, passes, y)
    np.testing.assert_array_equal(grads[-1].da, -2.0 * (y - passes[-1].a))
    np.testing.assert_array_equal(grads[0].da, grads[1].dz @ layers[1].W.T)
    np.testing.assert_array_equal(grads[0].dz, grads[0].da * passes[0].a * (1 - passes[0].a))


# --- one example through random small networks ----------------------------------------

ONE_EXAMPLE_ACTIVATIONS = ["sigmoid", "tanh", "identity", "relu", "leaky_relu"]
# ReLU's slope jumps at z = 0; a central difference 1e-6 wide is exact only where
# every pre-activation is further than this from the kink.
KINK_MARGIN = 1e-3


@st.composite
def one_example_networks(draw):
    """(layers, x, y, loss): 1–3 inputs, 1–2 hidden layers of 1–3 units, 1 output."""
    sizes = [draw(st.integers(1, 3)) for _ in range(draw(st.integers(2, 3)))] + [1]
    hidden = [draw(st.sampled_from(ONE_EXAMPLE_ACTIVATIONS)) for _ in sizes[2:]]
    loss = draw(st.sampled_from(["squared", "log"]))
    output = "sigmoid" if loss == "log" else draw(st.sampled_from(["identity", "tanh", "sigmoid"]))
    seed = draw(st.integers(0, 2**32 - 1))
    layers = random_network(seed, sizes, hidden + [output])
    rng = np.random.default_rng(seed + 1)
    x = rng.normal(size=sizes[0])
    y = float(rng.integers(0, 2)) if loss == "log" else float(rng.normal())
    return layers, x, y, loss


def away_from_kinks(layers, x):
    return all(
        current.activation not in ("relu", "leaky_relu") or np.all(np.abs(step.z) > KINK_MARGIN)
        for current, step in zip(layers, forward(layers, x))
    )


@settings(max_examples=100, deadline=None)
@given(case=one_example_networks())
def test_one_example_gradients_match_central_finite_differences(case):
    from hypothesis import assume

    layers, x, y, loss = case
    assume(away_from_kinks(layers, x))
    grads = backward(layers, forward(layers, x), [y], loss)
    assert_gradients_match_finite_differences(layers, grads, x, [y], loss)


@settings(max_examples=100, deadline=None)
@given(case=one_example_networks())
def test_the_loss_falls_after_a_small_step(case):
    from hypothesis import assume

    layers, x, y, loss = case
    assume(away_from_kinks(layers, x))
    grads = backward(layers, forward(layers, x), [y], loss)
    squared_norm = sum(float(np.sum(g.dW**2) + np.sum(g.db**2)) for g in grads)
    assume(squared_norm > 1e-8)  # a flat spot: no step can lower the loss measurably
    # Small next to the curvature: the first-order drop lr·|g|² dominates.
    lr = 1e-3 / (1.0 + squared_norm)
    stepped = updated(layers, grads, lr)
    assume(away_from_kinks(stepped, x))  # the step did not move a ReLU across its kink
    before = network_cost(layers, x, [y], loss)
    after = network_cost(stepped, x, [y], loss)
    assert after < before
