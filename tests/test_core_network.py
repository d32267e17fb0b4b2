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
    h = 1e-6
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
