"""Why a network's cost is not convex: swapping two hidden units gives other weights
with the same output, and halfway between them the cost is higher."""

import json

import numpy as np
import pytest
from click.testing import CliRunner

from nnexplain.cli import cli
from nnexplain.core.losses import squared_error
from nnexplain.core.network import layer, network_cost, predict, preset
from nnexplain.core.symmetry import between, first_swappable, swap_units


def random_network(rng, sizes, activation="relu"):
    return tuple(
        layer(rng.normal(size=(n_in, n_out)), rng.normal(size=n_out), activation if k < len(sizes) - 2 else "identity")
        for k, (n_in, n_out) in enumerate(zip(sizes, sizes[1:]))
    )


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_swapping_two_hidden_units_keeps_every_output(seed, activation):
    rng = np.random.default_rng(seed)
    layers = random_network(rng, (3, 4, 2, 1), activation)
    x = rng.normal(size=(20, 3))
    for l in (0, 1):
        swapped = swap_units(layers, l, 0, 1)
        assert not np.array_equal(swapped[l].W, layers[l].W)  # a different point
        np.testing.assert_allclose(predict(swapped, x), predict(layers, x), rtol=1e-13, atol=1e-13)


def test_the_preset_network_costs_more_halfway_between_its_two_orders():
    layers = preset()
    x, y = np.array([[2.0, 3.0]]), predict(layers, np.array([[2.0, 3.0]]))
    swapped = swap_units(layers, 0, 0, 1)
    middle = between(layers, swapped, 0.5)
    assert network_cost(layers, x, y) == network_cost(swapped, x, y) == 0.0
    assert network_cost(middle, x, y) > 100  # (3.1766 − 13.9409)² ≈ 115.87
    # a convex cost is at most the average of the two ends on the segment: broken
    assert network_cost(middle, x, y) > 0.5 * (network_cost(layers, x, y) + network_cost(swapped, x, y))


def test_a_linear_model_has_no_such_pair_its_cost_is_convex():
    """The contrast the section draws: for a linear model (no hidden layer) the cost on
    the segment between any two weight settings never exceeds the chord."""
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=(30, 2)), rng.normal(size=30)
    for _ in range(20):
        a = (layer(rng.normal(size=(2, 1)), rng.normal(size=1)),)
        b = (layer(rng.normal(size=(2, 1)), rng.normal(size=1)),)
        for t in np.linspace(0, 1, 11):
            chord = (1 - t) * network_cost(a, x, y) + t * network_cost(b, x, y)
            assert network_cost(between(a, b, t), x, y) <= chord * (1 + 1e-12)


def test_identical_units_cannot_be_swapped_into_another_point():
    same = (layer([[1.0, 1.0]], [0.5, 0.5], "relu"), layer([[2.0], [2.0]], [0.0]))
    assert first_swappable(same) is None
    assert first_swappable(preset()) == 0
    with pytest.raises(ValueError, match="not a hidden layer"):
        swap_units(preset(), 1, 0, 1)


def test_forward_shows_the_swap_with_computed_numbers():
    result = CliRunner().invoke(cli, ["forward", "--format", "json"])
    document = json.loads(result.stdout)
    values = document["values"]
    assert values["swap_output"] == document["result"]
    assert values["swap_loss"] == 0.0
    expected = float(squared_error(document["result"], values["midpoint_output"]))
    assert values["midpoint_loss"] == expected and expected > 100
    text = CliRunner().invoke(cli, ["forward"], env={"COLUMNS": "100"}).stdout
    assert "why a network's cost is not convex" in text and "115.8694" in text


def test_no_swap_section_without_two_different_hidden_units(tmp_path):
    weights = tmp_path / "w.json"
    weights.write_text(json.dumps([
        {"W": [[1.0, 1.0]], "b": [0.5, 0.5], "activation": "relu"},
        {"W": [[2.0], [2.0]], "b": [0.0], "activation": "identity"},
    ]))
    result = CliRunner().invoke(cli, ["forward", "--x", "1", "--weights", str(weights), "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert "values" not in document
    assert all("convex" not in s["title"] for s in document["sections"])
