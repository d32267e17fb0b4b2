"""Training one neuron: the core's gradient descent, its worked example and its
figures. The run recovers the line it was generated from, agrees with the network
code's backward pass and with a plain NumPy loop, and is reproducible."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnexplain.core import network
from nnexplain.core import training as gd
from nnexplain.core.losses import cost
from nnexplain.explain import training as explain
from nnexplain.explain import training_figures
from nnexplain.render.numbers import MINUS

SEEDS = st.integers(0, 2**32 - 1)
FAST = settings(max_examples=40, deadline=None)


def default_line_run(**changes):
    settings_ = {"task": "line", "n": 50, "noise": 0.5, "seed": gd.DEFAULT_SEED, "lr": 0.1,
                 "epochs": 500, "fit_bias": True} | changes
    return explain.train(explain.generated_problem(**settings_))


# --- data and the starting point ------------------------------------------------------


def test_line_data_follow_y_equals_2x_plus_1():
    x, y = gd.line_data(200, 0.0, seed=3)
    assert x.shape == (200, 1) and y.shape == (200,)
    assert x.dtype == y.dtype == np.float64
    assert gd.LINE_X_RANGE[0] <= x.min() and x.max() <= gd.LINE_X_RANGE[1]
    np.testing.assert_allclose(y, 2.0 * x[:, 0] + 1.0, rtol=1e-15)


def test_logistic_data_have_both_classes_for_any_size():
    for n in (2, 3, 51):
        x, y = gd.logistic_data(n, seed=5)
        assert x.shape == (n, 2)
        assert set(np.unique(y)) == {0.0, 1.0}


@FAST
@given(seed=SEEDS)
def test_the_same_seed_gives_the_same_data_and_start(seed):
    for first, second in ((gd.line_data(20, 0.5, seed), gd.line_data(20, 0.5, seed)),
                          (gd.starting_parameters(2, seed), gd.starting_parameters(2, seed))):
        np.testing.assert_array_equal(first[0], second[0])
        np.testing.assert_array_equal(first[1], second[1])


def test_a_different_seed_gives_different_data_and_start():
    assert not np.array_equal(gd.line_data(20, 0.5, 1)[1], gd.line_data(20, 0.5, 2)[1])
    assert gd.starting_parameters(1, 1)[1] != gd.starting_parameters(1, 2)[1]


def test_the_start_depends_on_the_seed_alone_and_no_bias_starts_at_zero():
    # Separate streams: drawing more data does not move the starting point.
    w, b = gd.starting_parameters(1, 9)
    assert gd.START_RANGE[0] <= w[0] <= gd.START_RANGE[1]
    assert gd.starting_parameters(1, 9, fit_bias=False) == (pytest.approx(w), 0.0)


# --- gradient descent ---------------------------------------------------------------------


def test_default_run_recovers_w_2_and_b_1():
    outcome = default_line_run()
    run, p = outcome.run, outcome.problem
    # Gradient descent reaches the least-squares line itself …
    np.testing.assert_allclose(run.w, outcome.optimum.w, atol=1e-6)
    assert run.b == pytest.approx(outcome.optimum.b, abs=1e-6)
    # … which misses the truth only by the noise: within three standard errors of
    # the least-squares estimates, σ/√(m·var x) for w and σ·√(1/m + x̄²/(m·var x)) for b.
    x = p.x[:, 0]
    spread = p.m * np.var(x)
    assert abs(run.w[0] - gd.TRUE_W) < 3 * 0.5 / math.sqrt(spread)
    assert abs(run.b - gd.TRUE_B) < 3 * 0.5 * math.sqrt(1 / p.m + x.mean() ** 2 / spread)
    assert run.w[0] == pytest.approx(2.0, abs=0.05) and run.b == pytest.approx(1.0, abs=0.05)


@FAST
@given(seed=SEEDS, n=st.integers(2, 60), fraction=st.floats(0.05, 1.0))
def test_the_cost_never_rises_when_lr_is_at_most_one_over_l(seed, n, fraction):
    x, y = gd.line_data(n, 0.5, seed)
    w, b = gd.starting_parameters(1, seed)
    lr = fraction / gd.smoothness(x)
    run = gd.train_neuron(x, y, w, b, lr, 60)
    assert run.diverged_at is None
    assert np.all(np.diff(run.curve) <= 1e-12 * run.curve[:-1])


@pytest.mark.parametrize("task", ["line", "logistic"])
def test_the_gradient_equals_the_network_backward_pass(task):
    rng = np.random.default_rng(4)
    for k in (1, 2, 3):
        x = rng.normal(size=(7, k))
        y = (rng.uniform(size=7) > 0.5).astype(float) if task == "logistic" else rng.normal(size=7)
        w, b = rng.normal(size=k), float(rng.normal())
        activation, loss, _ = gd.TASKS[task]
        layers = (network.layer(w.reshape(k, 1), [b], activation),)
        grads = network.backward(layers, network.forward(layers, x), y.reshape(-1, 1), loss)
        dw, db = gd.neuron_gradient(x, y, w, b, task)
        np.testing.assert_allclose(dw, grads[0].dW[:, 0], rtol=1e-12, atol=1e-15)
        assert db == pytest.approx(float(grads[0].db[0]), rel=1e-12, abs=1e-15)
        assert gd.neuron_cost(x, y, w, b, task) == pytest.approx(network.network_cost(layers, x, y, loss), rel=1e-15)


@pytest.mark.parametrize("task", ["line", "logistic"])
def test_each_recorded_step_is_one_gradient_step(task):
    x, y = (gd.line_data(9, 0.5, 1) if task == "line" else gd.logistic_data(9, 1))
    w, b = gd.starting_parameters(x.shape[1], 1)
    run = gd.train_neuron(x, y, w, b, 0.3, 4, task, record=range(5))
    for e in range(4):
        dw, db = gd.neuron_gradient(x, y, run.ws[e], run.bs[e], task)
        np.testing.assert_allclose(run.ws[e + 1], run.ws[e] - 0.3 * dw, rtol=1e-13)
        assert run.bs[e + 1] == pytest.approx(run.bs[e] - 0.3 * db, rel=1e-13, abs=1e-15)


@pytest.mark.parametrize("task", ["line", "logistic"])
def test_the_cost_of_every_epoch_is_the_cost_commands_cost(task):
    x, y = (gd.line_data(30, 0.5, 2) if task == "line" else gd.logistic_data(30, 2))
    w, b = gd.starting_parameters(x.shape[1], 2)
    run = gd.train_neuron(x, y, w, b, 0.2, 40, task, record=range(41))
    _, loss, _ = gd.TASKS[task]
    exact = [float(cost(y, gd.neuron_output(x, ws, bs, task), loss=loss)) for ws, bs in zip(run.ws, run.bs)]
    np.testing.assert_array_equal(run.costs, exact)  # recorded: the core's own cost
    np.testing.assert_allclose(run.curve, exact, rtol=1e-13)  # every epoch: to rounding


def test_the_run_matches_a_plain_numpy_loop():
    x, y = gd.line_data(100, 0.5, 3)
    w0, b0 = gd.starting_parameters(1, 3)
    w, b = w0.copy(), b0
    for _ in range(300):
        dz = 2 * (x @ w + b - y) / len(y)
        w -= 0.1 * (x.T @ dz)
        b -= 0.1 * dz.sum()
    run = gd.train_neuron(x, y, w0, b0, 0.1, 300)
    np.testing.assert_allclose(run.w, w, rtol=1e-12)
    assert run.b == pytest.approx(b, rel=1e-12)


def test_a_too_large_learning_rate_stops_at_the_first_infinite_cost_without_warnings():
    x, y = gd.line_data(50, 0.5, gd.DEFAULT_SEED)
    w, b = gd.starting_parameters(1, gd.DEFAULT_SEED)
    run = gd.train_neuron(x, y, w, b, 2.0, 500, record=gd.table_epochs(500))
    assert run.diverged_at is not None and 0 < run.diverged_at < 500
    assert math.isinf(run.curve[-1]) and np.all(np.isfinite(run.curve[:-1]))
    assert len(run.curve) == run.diverged_at + 1
    suggestion = gd.suggested_lr(x, "line", True, 2.0)
    assert suggestion == 0.2
    assert gd.train_neuron(x, y, w, b, suggestion, 500).diverged_at is None


def test_without_a_bias_b_stays_zero():
    x, y = gd.line_data(30, 0.5, 1)
    run = gd.train_neuron(x, y, [0.5], 0.7, 0.1, 50, fit_bias=False, record=range(51))
    assert np.all(run.bs == 0.0)


@FAST
@given(seed=SEEDS)
def test_no_bias_never_ends_below_the_best_line_with_a_bias(seed):
    outcome = default_line_run(seed=seed, fit_bias=False, epochs=200)
    assert outcome.run.final_cost >= outcome.with_bias.cost * (1 - 1e-12)
    assert outcome.optimum.cost >= outcome.with_bias.cost * (1 - 1e-12)


def test_the_default_logistic_run_separates_its_classes():
    outcome = explain.train(explain.generated_problem("logistic", 50, None, gd.DEFAULT_SEED, 0.1, 500))
    p, run = outcome.problem, outcome.run
    assert gd.accuracy(p.x, p.y, run.w, run.b) == 1.0
    assert run.final_cost < 0.2 < run.costs[0]


def test_least_squares_is_where_the_gradient_vanishes():
    x, y = gd.line_data(40, 0.5, 6)
    w, b = gd.least_squares(x, y)
    dw, db = gd.neuron_gradient(x, y, w, b)
    assert abs(dw[0]) < 1e-12 and abs(db) < 1e-12


def test_the_cost_grid_is_the_cost_at_each_point():
    x, y = gd.line_data(25, 0.5, 8)
    ws, bs = np.array([0.5, 2.0, 3.0]), np.array([-1.0, 1.0])
    grid = gd.cost_grid(x, y, ws, bs)
    for i, b in enumerate(bs):
        for j, w in enumerate(ws):
            assert grid[i, j] == pytest.approx(gd.neuron_cost(x, y, [w], b), rel=1e-12)


@pytest.mark.parametrize("epochs", [1, 2, 7, 500, 12_345, 1_000_000])
def test_sampled_epochs_are_round_and_few(epochs):
    chosen = gd.table_epochs(epochs)
    assert chosen[0] == 0 and chosen[-1] == epochs and len(chosen) <= 20
    assert list(chosen) == sorted(set(chosen))
    path = gd.path_epochs(epochs)
    assert path[0] == 0 and path[-1] == epochs and len(path) <= 402


# --- the worked example -----------------------------------------------------------------


def _evaluate(text):
    return eval(text.replace(MINUS, "-").replace("·", "*"), {"__builtins__": {}})


@pytest.mark.parametrize("task", ["line", "logistic"])
def test_every_arithmetic_step_evaluates_to_its_value(task):
    from nnexplain.render.numbers import format_exact

    outcome = explain.train(explain.generated_problem(task, 5, 0.5, 11, 0.1, 30))
    worked = explain.training_example(outcome)
    checked = 0
    for step in worked.steps:
        if "random" in step.formula or step.label == "Cost after one update":
            continue
        assert _evaluate(step.substituted.fill(format_exact)) == pytest.approx(step.value, rel=1e-12)
        checked += 1
    assert checked >= 6
    # The last step is the core's cost after one update.
    assert worked.steps[-1].value == outcome.run.costs[1]
    assert worked.steps[-1].value < outcome.run.costs[0]


def test_the_history_table_holds_the_recorded_epochs_at_full_precision():
    outcome = default_line_run(epochs=50)
    history = explain.training_example(outcome).tables_after[0]
    run = outcome.run
    shown = np.isin(run.epochs, gd.table_epochs(50))
    np.testing.assert_array_equal(history.column("epoch").values, [0, 1, 2, 5, 10, 20, 50])
    np.testing.assert_array_equal(history.column("w").values, run.ws[shown, 0])
    np.testing.assert_array_equal(history.column("cost").values, run.costs[shown])


# --- figures --------------------------------------------------------------------------------


def test_the_training_figure_draws_the_cost_of_every_epoch_and_the_fitted_line():
    from nnexplain.plot.training import training_figure

    outcome = default_line_run(epochs=80)
    figure = training_figure(training_figures.training_picture(outcome))
    cost_axes, data_axes = figure.axes
    (curve,) = cost_axes.get_lines()
    np.testing.assert_array_equal(curve.get_xdata(), np.arange(81))
    np.testing.assert_array_equal(curve.get_ydata(), outcome.run.curve)
    assert cost_axes.get_yscale() == "log"
    lines = {line.get_label(): line for line in data_axes.get_lines()}
    np.testing.assert_array_equal(lines["data"].get_ydata(), outcome.problem.y)
    fitted = next(line for label, line in lines.items() if label.startswith("learned"))
    x, y = fitted.get_data()
    np.testing.assert_allclose(y, outcome.run.w[0] * x + outcome.run.b, rtol=1e-12)
    assert x[0] == 0.0  # the intercept is in view
    assert "truth $y = 2x + 1$" in lines


def test_the_logistic_figure_draws_both_classes_and_the_boundary():
    from nnexplain.plot.training import training_figure

    outcome = explain.train(explain.generated_problem("logistic", 40, None, 3, 0.1, 200))
    _, data_axes = training_figure(training_figures.training_picture(outcome)).axes
    lines = {line.get_label(): line for line in data_axes.get_lines()}
    assert len(lines["class 0"].get_xdata()) == len(lines["class 1"].get_xdata()) == 20
    boundary = next(line for label, line in lines.items() if label.startswith("decision"))
    x1, x2 = boundary.get_data()
    w, b = outcome.run.w, outcome.run.b
    np.testing.assert_allclose(w[0] * x1 + w[1] * x2 + b, 0.0, atol=1e-12)


@pytest.mark.parametrize("fit_bias", [True, False])
def test_the_landscape_draws_the_path_of_every_recorded_epoch(fit_bias):
    from nnexplain.plot.training import landscape_figure

    outcome = default_line_run(fit_bias=fit_bias, epochs=60)
    data = training_figures.landscape(outcome)
    axes = landscape_figure(data).axes[0]
    path = next(line for line in axes.get_lines() if line.get_label() == "descent path")
    np.testing.assert_array_equal(path.get_xdata(), outcome.run.ws[:, 0])
    np.testing.assert_array_equal(path.get_ydata(), outcome.run.bs)
    np.testing.assert_array_equal(outcome.run.epochs, np.arange(61))
    # One bowl: the grid's lowest value is next to the least-squares minimum.
    i, j = np.unravel_index(np.argmin(data.cost), data.cost.shape)
    assert abs(data.w[j] - data.minimum[0]) <= data.w[1] - data.w[0]
    assert abs(data.b[i] - data.minimum[1]) <= data.b[1] - data.b[0]
    assert (data.through_origin is None) == fit_bias


@pytest.mark.parametrize("extension", ["png", "svg", "pdf"])
def test_saving_a_training_figure_twice_gives_identical_bytes(tmp_path, extension):
    from nnexplain.plot import save_figure
    from nnexplain.plot.training import landscape_figure, training_figure

    outcome = default_line_run(epochs=30)
    for name, draw in (("fit", lambda: training_figure(training_figures.training_picture(outcome))),
                       ("bowl", lambda: landscape_figure(training_figures.landscape(outcome)))):
        first, second = tmp_path / f"{name}1.{extension}", tmp_path / f"{name}2.{extension}"
        save_figure(draw(), str(first))
        save_figure(draw(), str(second))
        assert first.read_bytes() == second.read_bytes()
