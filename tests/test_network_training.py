"""Training a whole network (issue 17 §4): the data sets per seed, the trainer's
gradients against ``core.network.backward``, the XOR lesson (a hidden layer learns
it, no hidden layer stalls), what a learner sees (golden text), the JSON values, every
bad input through the door, and the figure."""

import warnings
from pathlib import Path

import numpy as np
import pytest

from nnexplain.api import network_training as door
from nnexplain.api.network_training import train_network
from nnexplain.core import network_training as nt
from nnexplain.core.network import backward, forward, log_loss_from_logit, network_cost
from nnexplain.inputs import InputError

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(autouse=True)
def warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# --- data ----------------------------------------------------------------------------


@pytest.mark.parametrize("task", nt.TASKS)
def test_data_are_the_same_for_a_seed_and_differ_for_another(task):
    x, y = nt.make_data(task, 50, seed=3)
    again_x, again_y = nt.make_data(task, 50, seed=3)
    other_x, _ = nt.make_data(task, 50, seed=4)
    assert x.shape == (50, 2) and x.dtype == np.float64
    np.testing.assert_array_equal(x, again_x)
    np.testing.assert_array_equal(y, again_y)
    assert not np.array_equal(x, other_x)
    assert set(np.unique(y)) == {0.0, 1.0}
    assert abs(int(y.sum()) - 25) <= 1


def test_xor_with_four_points_and_no_noise_is_the_four_corners():
    x, y = nt.make_data("xor", 4, noise=0.0)
    np.testing.assert_array_equal(x, [[0, 0], [0, 1], [1, 1], [1, 0]])
    np.testing.assert_array_equal(y, [0, 1, 0, 1])


def test_xor_clouds_sit_around_their_corners():
    x, y = nt.make_data("xor", 400)
    corners = np.asarray(nt.XOR_CORNERS)[np.arange(400) % 4]
    spread = np.std(x - corners)
    assert abs(spread - nt.DEFAULT_NOISE["xor"]) < 0.02
    np.testing.assert_array_equal(y, (corners[:, 0] != corners[:, 1]).astype(float))


def test_circles_lie_on_their_rings_without_noise():
    x, y = nt.make_data("circles", 20, noise=0.0)
    radius = np.hypot(x[:, 0], x[:, 1])
    np.testing.assert_allclose(radius, np.where(y == 0, 1.0, 0.5), rtol=1e-15)


def test_starting_weights_depend_on_the_seed_alone_and_biases_are_zero():
    first = nt.starting_layers((8,), "relu", seed=5)
    again = nt.starting_layers((8,), "relu", seed=5)
    np.testing.assert_array_equal(first[0].W, again[0].W)
    assert [l.activation for l in first] == ["relu", "sigmoid"]
    assert all(not l.b.any() for l in first)
    # He for the ReLU layer, Glorot for the sigmoid output.
    assert nt.starting_scale("relu", 2, 8) == pytest.approx(1.0)
    assert nt.starting_scale("sigmoid", 8, 1) == pytest.approx((2 / 9) ** 0.5)
    big = nt.starting_layers((64,), "tanh", seed=1)[0].W
    assert np.std(big) == pytest.approx(nt.starting_scale("tanh", 2, 64), rel=0.2)


# --- one maths: the trainer's gradients are core.network.backward's -------------------


@pytest.mark.parametrize("activation", nt.HIDDEN_ACTIVATIONS)
@pytest.mark.parametrize("hidden", [(), (3,), (4, 3)])
def test_gradients_equal_core_backward_and_the_mean_of_per_example_ones(activation, hidden):
    x, y = nt.make_data("moons", 7, seed=11)
    layers = nt.starting_layers(hidden, activation, seed=2)
    ours = nt.mean_gradients(layers, x, y)
    batch = backward(layers, forward(layers, x), y, loss="log")
    per_example = [backward(layers, forward(layers, x[i]), y[i], loss="log") for i in range(7)]
    for k, (dW, db) in enumerate(ours):
        np.testing.assert_allclose(dW, batch[k].dW, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(db, batch[k].db, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(dW, np.mean([g[k].dW for g in per_example], axis=0),
                                   rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(db, np.mean([g[k].db for g in per_example], axis=0),
                                   rtol=1e-12, atol=1e-15)


def test_one_epoch_is_one_gradient_step_and_the_cost_is_core_network_cost():
    x, y = nt.make_data("circles", 30)
    layers = nt.starting_layers((5,), "tanh")
    run = nt.train_network(x, y, layers, 0.3, 1)
    grads = nt.mean_gradients(layers, x, y)
    for before, after, (dW, db) in zip(layers, run.final_layers, grads):
        np.testing.assert_array_equal(after.W, before.W - 0.3 * dW)
        np.testing.assert_array_equal(after.b, before.b - 0.3 * db)
    assert run.curve[0] == pytest.approx(network_cost(layers, x, y, loss="log"), rel=1e-12)
    assert run.curve[1] == pytest.approx(nt.cost_of(run.final_layers, x, y), rel=1e-12)


def test_training_records_the_asked_epochs_and_stops_at_an_infinite_cost():
    x, y = nt.make_data("xor", 20)
    run = nt.train_network(x, y, nt.starting_layers((4,), "tanh"), 0.5, 30, record=(5, 10, 99))
    assert run.epochs.tolist() == [0, 5, 10, 30]
    assert len(run.curve) == 31
    assert run.diverged_at is None
    huge = nt.starting_layers((4,), "relu")
    huge = tuple(type(l)(l.W * 1e200, l.b, l.activation) for l in huge)
    stopped = nt.train_network(x * 1e200, y, huge, 1.0, 10)
    assert stopped.diverged_at == 0 and len(stopped.curve) == 1


# --- the XOR lesson ---------------------------------------------------------------------


def test_the_network_learns_the_four_corners_and_no_hidden_layer_stalls():
    example = train_network(task="xor", n=4, noise=0, epochs=1000)
    values = dict(example.worked.values)
    assert values["accuracy"] == 1.0
    assert values["no_hidden_accuracy"] <= 0.75
    # Stalled at the cost of ŷ = 0.5 everywhere, ln 2.
    assert values["no_hidden_cost"] == pytest.approx(float(log_loss_from_logit(1.0, 0.0)), rel=1e-3)
    assert any("no line separates XOR" in line.template for line in example.worked.interpretation)


def test_the_network_learns_the_xor_clouds_and_no_hidden_layer_stalls():
    values = dict(train_network(task="xor").worked.values)
    assert values["accuracy"] >= 0.98
    assert values["no_hidden_accuracy"] <= 0.75


def test_the_line_lesson_is_not_claimed_where_a_line_does_as_well():
    # Moons: a line gets most points; the XOR sentence must not appear for it.
    example = train_network(task="moons", epochs=300)
    assert not any("XOR" in line.template for line in example.worked.interpretation)


# --- what a learner sees ------------------------------------------------------------------


def test_golden_text(update_golden):
    text = train_network().to_text(width=80)
    path = GOLDEN / "network_training_xor.txt"
    if update_golden:
        path.write_text(text, encoding="utf-8")
        pytest.skip(f"rewrote {path.name}")
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        print(repr(text))
    assert text == expected


def test_json_values_are_the_run_s():
    example = train_network(task="circles", hidden=(6,), activation="relu", epochs=300)
    document = example.to_dict()
    values = document["values"]
    run = example.outcome.run
    assert values["final_cost"] == run.final_cost == example.result
    assert values["accuracy"] == run.final_accuracy
    assert values["no_hidden_accuracy"] == example.outcome.line.final_accuracy
    assert values["epochs"] == 300
    assert values["parameter_count"] == 2 * 6 + 6 + 6 + 1
    history = document["history"]
    assert history["epoch"][-1] == 300 and history["cost"][-1] == run.final_cost
    # The last step is the core's cost after one update.
    assert document["steps"][-1]["value"] == pytest.approx(float(run.curve[1]), rel=1e-15)


def test_the_worked_first_update_is_the_run_s_second_recorded_layers():
    example = train_network(task="moons", epochs=10)
    steps = {s.label: s.value for s in example.worked.steps}
    after = example.outcome.run.at(1)[-1]
    assert steps["New output bias"] == float(after.b[0])
    assert steps["New weight from h₁"] == float(after.W[0, 0])


def test_a_weights_file_starts_the_run(tmp_path):
    layers = [{"W": [[1, -1], [0.5, 2]], "b": [0, 0.1], "activation": "relu"},
              {"W": [[1], [-1]], "b": [0.3], "activation": "sigmoid"}]
    example = train_network(task="xor", weights=layers, epochs=5)
    start = example.outcome.problem.start
    np.testing.assert_array_equal(start[0].W, [[1, -1], [0.5, 2]])
    assert example.outcome.run.curve[0] == pytest.approx(nt.cost_of(start, *nt.make_data("xor")))


# --- bad inputs ------------------------------------------------------------------------------

BAD = [
    (dict(task="ring"), "'--task'"),
    (dict(hidden=(0,)), "'--hidden'"),
    (dict(hidden=(65,)), "'--hidden'"),
    (dict(hidden=(2, 2, 2, 2, 2)), "'--hidden'"),
    (dict(hidden="8,x"), "'--hidden'"),
    (dict(activation="softmax"), "'--activation'"),
    (dict(lr=0), "'--lr'"),
    (dict(lr=-1), "'--lr'"),
    (dict(lr=float("nan")), "'--lr'"),
    (dict(lr=float("inf")), "'--lr'"),
    (dict(epochs=0), "'--epochs'"),
    (dict(epochs=100_001), "'--epochs'"),
    (dict(epochs=2.5), "'--epochs'"),
    (dict(n=3), "'--n'"),
    (dict(n=10_001), "'--n'"),
    (dict(noise=-0.1), "'--noise'"),
    (dict(noise=float("nan")), "'--noise'"),
    (dict(seed=-1), "'--seed'"),
    (dict(n=10_000, epochs=100_000), "'--epochs'"),
    (dict(weights=[{"W": [[1]], "b": [0], "activation": "sigmoid"}]), "'--weights'"),
    (dict(weights=[{"W": [[1], [1]], "b": [0], "activation": "identity"}]), "'--weights'"),
    (dict(weights="no-such-network"), "'--weights'"),
]


@pytest.mark.parametrize("arguments, hint", BAD)
def test_every_bad_input_is_one_error_naming_its_option(arguments, hint):
    with pytest.raises(InputError) as caught:
        door.prepare(**arguments)
    assert str(caught.value).startswith(f"Invalid value for {hint}: ")


def test_weights_with_hidden_sizes_is_a_usage_error():
    with pytest.raises(InputError, match="not both"):
        door.prepare(weights="xor_sigmoid", hidden=(4,))


def test_no_hidden_layer_is_allowed():
    example = train_network(hidden=(), epochs=20)
    assert example.outcome.problem.sizes == (2, 1)
    assert example.outcome.line is example.outcome.run


def test_the_docstring_example_runs():
    import doctest
    import types

    nx = types.SimpleNamespace(train_network=train_network)
    test = doctest.DocTestParser().get_doctest(train_network.__doc__, {"nx": nx}, "t", "t", 0)
    runner = doctest.DocTestRunner()
    runner.run(test)
    assert test.examples and runner.summarize(verbose=False).failed == 0


def test_the_door_default_seed_is_the_core_s():
    assert door.DEFAULT_SEED == nt.DEFAULT_SEED and door.TASKS == nt.TASKS


# --- the figure ------------------------------------------------------------------------------


def test_the_figure_draws_regions_boundary_points_and_both_costs(tmp_path):
    example = train_network(epochs=200)
    picture = example._drawing.data()
    assert picture.probability.shape == (picture.axis_2.size, picture.axis_1.size)
    assert np.all((picture.probability > 0) & (picture.probability < 1))
    figure = example.figure()
    regions, costs = figure.axes[:2]  # then the colour bar
    assert costs.get_title() == "Cost after each epoch"
    assert regions.get_xlabel() == "$x_1$"
    lines = costs.get_lines()
    np.testing.assert_array_equal(lines[0].get_ydata(), picture.cost)
    np.testing.assert_array_equal(lines[1].get_ydata(), picture.line_cost)
    points = [line for line in regions.get_lines() if line.get_marker() in ("o", "s")]
    assert sum(len(line.get_xdata()) for line in points) == 200
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert "class 0" in legend and "class 1" in legend
    first, second = tmp_path / "a.png", tmp_path / "b.png"
    example.save_figure(first)
    example.save_figure(second)
    assert first.read_bytes() == second.read_bytes()


def test_the_figure_ticks_do_not_touch_on_the_slides():
    # Slide-sized tick labels at matplotlib's own spacing ran into each other.
    from figure_checks import text_overlaps, texts_off_the_canvas
    from nnexplain.plot.style import figure_settings

    for task in ("xor", "circles"):
        with figure_settings(style="slides", dpi=50):
            figure = train_network(task=task, epochs=50).figure()
            regions, costs = figure.axes[:2]
            for axes in (regions, costs):
                low, high = axes.get_xlim()
                assert sum(low <= tick <= high for tick in axes.get_xticks()) <= 6
            assert texts_off_the_canvas(figure, ticks=True) == []
            assert text_overlaps(figure) == []


def test_the_door_imports_no_numpy_and_its_text_no_matplotlib():
    import subprocess
    import sys

    code = ("import sys, nnexplain.api.network_training as d; a = 'numpy' in sys.modules; "
            "d.train_network(epochs=5).to_text(); print(a, 'matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
