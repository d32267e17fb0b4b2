"""Mini-batch and stochastic gradient descent (``train --batch-size B``): full batch is
unchanged to the bit, the shuffle is seeded, every update is the mean gradient of its
batch, the worked first update is the run's own, and every mistake is one Error line."""

import json

import numpy as np
import pytest
from click.testing import CliRunner

import nnexplain as nx
from nnexplain.api.training import train as door_train
from nnexplain.cli import cli
from nnexplain.core import training as gd
from nnexplain.explain import minibatch
from nnexplain.explain import training as explain
from nnexplain.inputs import InputError
from nnexplain.render.numbers import MINUS

from cli_checks import error_line


def invoke(*args):
    result = CliRunner().invoke(cli, ["train", *map(str, args)], prog_name="nnexplain")
    print(repr(result.output))
    return result


def line(m=50, seed=gd.DEFAULT_SEED):
    x, y = gd.line_data(m, 0.5, seed)
    w, b = gd.starting_parameters(1, seed)
    return x, y, w, b


def outcome_of(batch_size=10, **changes):
    settings = {"task": "line", "n": 50, "noise": 0.5, "seed": gd.DEFAULT_SEED, "lr": 0.1,
                "epochs": 60, "fit_bias": True, "batch_size": batch_size} | changes
    return explain.train(explain.generated_problem(**settings))


# --- core -------------------------------------------------------------------------------


@pytest.mark.parametrize("task", ["line", "logistic"])
def test_full_batch_is_bit_identical_with_none_or_m(task):
    x, y = gd.line_data(30, 0.5) if task == "line" else gd.logistic_data(30)
    w, b = gd.starting_parameters(x.shape[1])
    record = explain.recorded_epochs(80)
    before = gd.train_neuron(x, y, w, b, 0.1, 80, task, record=record)
    for batch in (None, 30, 31):
        again = gd.train_neuron(x, y, w, b, 0.1, 80, task, record=record, batch_size=batch, seed=7)
        np.testing.assert_array_equal(again.curve, before.curve)
        np.testing.assert_array_equal(again.ws, before.ws)
        np.testing.assert_array_equal(again.bs, before.bs)
        assert again.batch_size is None and again.update_curve is None


def test_the_same_seed_gives_the_same_run_and_another_seed_another_order():
    x, y, w, b = line()
    first = gd.train_neuron(x, y, w, b, 0.1, 20, batch_size=7, seed=3)
    again = gd.train_neuron(x, y, w, b, 0.1, 20, batch_size=7, seed=3)
    other = gd.train_neuron(x, y, w, b, 0.1, 20, batch_size=7, seed=4)
    np.testing.assert_array_equal(first.curve, again.curve)
    assert not np.array_equal(first.curve, other.curve)


def test_the_shuffle_stream_is_apart_from_the_data_and_the_start():
    data, start = np.random.default_rng(5).spawn(2)
    shuffle = gd.shuffle_stream(5)
    a, b_, c = data.random(4), start.random(4), shuffle.random(4)
    assert not np.array_equal(a, c) and not np.array_equal(b_, c)
    np.testing.assert_array_equal(c, gd.shuffle_stream(5).random(4))


@pytest.mark.parametrize("m, batch, expected", [(50, 1, 50), (50, 10, 5), (50, 7, 8), (3, 2, 2)])
def test_updates_per_epoch_is_m_over_b_rounded_up_the_last_batch_smaller(m, batch, expected):
    slices = gd.batch_slices(m, batch)
    assert len(slices) == expected == minibatch.updates_per_epoch(m, batch)
    assert slices[0] == (0, batch) and slices[-1][1] == m
    assert slices[-1][1] - slices[-1][0] == m - batch * (expected - 1)


def test_stochastic_makes_m_updates_per_epoch():
    x, y, w, b = line(12)
    run = gd.train_neuron(x, y, w, b, 0.05, 3, batch_size=1, update_costs=True)
    assert run.update_curve.size == 3 * 12 + 1
    # The cost after each epoch's last update is that epoch's recorded cost.
    np.testing.assert_allclose(run.update_curve[12::12], run.curve[1:], rtol=1e-13)


def test_every_update_is_the_mean_gradient_of_its_batch_by_hand():
    x, y, w, b = line(7)
    lr, B = 0.1, 3
    run = gd.train_neuron(x, y, w, b, lr, 2, batch_size=B, seed=9)
    rng = np.random.default_rng(9).spawn(3)[2]
    hand_w, hand_b = np.array(w, dtype=float), float(b)
    for _ in range(2):
        order = rng.permutation(7)
        for start in range(0, 7, B):
            rows = order[start:start + B]
            error = x[rows, 0] * hand_w[0] + hand_b - y[rows]
            gw = 2.0 * np.sum(error * x[rows, 0]) / len(rows)
            gb = 2.0 * np.sum(error) / len(rows)
            hand_w, hand_b = hand_w - lr * gw, hand_b - lr * gb
    np.testing.assert_allclose(run.w, hand_w, rtol=1e-13)
    assert run.b == pytest.approx(hand_b, rel=1e-13)


# torch.optim.SGD(lr=0.1) on nn.Linear(1, 1) in float64 with F.mse_loss on the same batches
# (m = 7 line examples, seed 42; shuffle seed 9, B = 3; two epochs): computed once with
# PyTorch 2.13 by test_agrees_with_torch_sgd_on_the_same_batches below.
TORCH_W, TORCH_B = 2.331325018213031, 0.4063071916361993


def _torch_sgd(torch, x, y, w, b, order_rng):
    lin = torch.nn.Linear(1, 1).double()
    with torch.no_grad():
        lin.weight[:] = torch.tensor([[float(w[0])]], dtype=torch.float64)
        lin.bias[:] = float(b)
    optimiser = torch.optim.SGD(lin.parameters(), lr=0.1)
    X, Y = torch.tensor(x), torch.tensor(y)
    for _ in range(2):
        order = gd.epoch_order(order_rng, 7)
        for start, stop in gd.batch_slices(7, 3):
            rows = torch.tensor(order[start:stop])
            optimiser.zero_grad()
            torch.nn.functional.mse_loss(lin(X[rows]).squeeze(1), Y[rows]).backward()
            optimiser.step()
    return float(lin.weight.detach()[0, 0]), float(lin.bias.detach()[0])


def test_agrees_with_torch_sgd_on_the_same_batches():
    x, y, w, b = line(7)
    run = gd.train_neuron(x, y, w, b, 0.1, 2, batch_size=3, seed=9)
    assert float(run.w[0]) == pytest.approx(TORCH_W, rel=1e-12)
    assert run.b == pytest.approx(TORCH_B, rel=1e-12)
    torch = pytest.importorskip("torch")
    live_w, live_b = _torch_sgd(torch, x, y, w, b, gd.shuffle_stream(9))
    assert float(run.w[0]) == pytest.approx(live_w, rel=1e-12)
    assert run.b == pytest.approx(live_b, rel=1e-12)


def test_the_mean_of_the_batch_gradients_over_an_epoch_is_the_full_gradient():
    x, y, w, b = line(40)
    order = gd.epoch_order(gd.shuffle_stream(1), 40)
    slices = gd.batch_slices(40, 8)  # equal batches: the plain mean of the means
    grads = [gd.neuron_gradient(x[order[s:e]], y[order[s:e]], w, b) for s, e in slices]
    full_w, full_b = gd.neuron_gradient(x, y, w, b)
    np.testing.assert_allclose(np.mean([g[0] for g in grads], axis=0), full_w, rtol=1e-12)
    assert np.mean([g[1] for g in grads]) == pytest.approx(full_b, rel=1e-12)
    # Unequal batches: weighted by their sizes.
    slices = gd.batch_slices(40, 7)
    sizes = np.array([e - s for s, e in slices], dtype=float)
    grads = [gd.neuron_gradient(x[order[s:e]], y[order[s:e]], w, b) for s, e in slices]
    weighted = sum(n * g[0] for n, g in zip(sizes, grads)) / 40
    np.testing.assert_allclose(weighted, full_w, rtol=1e-12)


def test_a_mini_batch_run_that_overflows_stops_with_diverged_at():
    x, y, w, b = line(20)
    run = gd.train_neuron(x, y, w, b, 50.0, 100, batch_size=4)
    assert run.diverged_at is not None and not np.isfinite(run.curve[-1])


# --- explain ------------------------------------------------------------------------------


def test_the_worked_first_update_is_the_runs_own_first_update():
    o = outcome_of(10, epochs=3)
    f = o.minibatch.first
    assert f.members.size == 10
    np.testing.assert_array_equal(f.members, gd.epoch_order(gd.shuffle_stream(gd.DEFAULT_SEED), 50)[:10])
    # The run's cost after its first update is J at the worked step's parameters (the
    # run's per-update costs take the fast form: equal up to rounding).
    assert f.cost == gd.neuron_cost(o.problem.x, o.problem.y, f.w, f.b)
    assert o.run.update_curve[1] == pytest.approx(f.cost, rel=1e-14)
    full = gd.neuron_gradient(o.problem.x, o.problem.y, o.start_w, o.start_b)
    np.testing.assert_array_equal(f.full_gradient[0], full[0])


def test_every_arithmetic_step_evaluates_to_its_value():
    from nnexplain.render.numbers import format_exact

    worked = explain.training_example(outcome_of(4, n=9, epochs=5))
    checked = 0
    for step in worked.steps:
        text = step.substituted.fill(format_exact)
        if "random" in step.formula or not any(c.isdigit() for c in text) or "examples" in text \
                or "…" in text \
                or "comparison" in text or "parameters" in text:
            continue
        value = eval(text.replace(MINUS, "-").replace("·", "*"), {"__builtins__": {}})  # noqa: S307
        assert value == pytest.approx(step.value, rel=1e-12), step.label
        checked += 1
    assert checked >= 7


def test_the_comparison_starts_from_the_same_point_and_counts_updates():
    o = outcome_of(10, epochs=20)
    s = o.minibatch
    assert [r.batch_size for r in s.runs] == [50, 10, 1]
    assert [r.updates for r in s.runs] == [20, 100, 1000]
    assert len({float(r.run.curve[0]) for r in s.runs}) == 1
    assert s.checkpoints == (1, 5, 20)
    assert s.of(10).run is o.run
    # Without update costs, examples seen step by whole epochs.
    cheap = minibatch.batch_run(o.problem, o.start_w, o.start_b, 50, (0, 20))
    np.testing.assert_array_equal(cheap.seen, np.arange(21) * 50.0)


def test_batch_of_one_or_m_is_not_listed_twice():
    assert [r.batch_size for r in outcome_of(1, epochs=5).minibatch.runs] == [50, 1]
    assert [r.batch_size for r in outcome_of(50, epochs=5).minibatch.runs] == [50, 1]


def test_batch_of_m_trains_exactly_like_full_batch():
    plain = explain.train(explain.generated_problem("line", 50, 0.5, 42, 0.1, 60))
    full = outcome_of(50)
    np.testing.assert_array_equal(full.run.curve, plain.run.curve)
    # Its worked update is the full-batch one, examples in order, bit for bit.
    np.testing.assert_array_equal(full.minibatch.first.members, np.arange(50))
    assert full.minibatch.first.cost == plain.run.costs[1]
    worked = explain.training_example(full)
    assert "no shuffle" in worked.steps[4].substituted.fill(str)


def test_the_door_takes_batch_size_and_its_docstring_example_holds():
    example = door_train(epochs=50, batch_size=10)
    assert dict(example.worked.values)["updates_per_epoch"] == 5
    with pytest.raises(InputError, match="larger than the data"):
        door_train(n=20, batch_size=21)
    with pytest.raises(InputError, match="not a whole number"):
        door_train(batch_size=2.5)
    assert nx.train(epochs=50).result == door_train(epochs=50, batch_size=50).result


# --- command line ---------------------------------------------------------------------------


def test_golden(golden):
    golden("train_minibatch", ["train", "--task", "line", "--batch-size", "10"])


def test_golden_at_width_80(update_golden):
    """The same run as a learner's 80-column terminal shows it (train_minibatch_80.txt)."""
    from conftest import GOLDEN

    result = CliRunner().invoke(cli, ["train", "--task", "line", "--batch-size", "10"],
                                env={"COLUMNS": "80"}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    path = GOLDEN / "train_minibatch_80.txt"
    if update_golden:
        path.write_text(result.stdout, encoding="utf-8")
        pytest.skip(f"rewrote {path.name}")
    print(repr(result.stdout))
    assert result.stdout == path.read_text(encoding="utf-8")
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_json_carries_batch_size_updates_and_the_comparison():
    result = invoke("--batch-size", "10", "--epochs", "30", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.output)
    values = document["values"]
    assert values["batch_size"] == 10 and values["updates_per_epoch"] == 5
    assert values["updates_made"] == 150 and values["last_batch_size"] == 10
    table = document["batch_comparison"]
    assert table["epochs"] == [1.0, 5.0, 20.0, 30.0]
    assert table["examples_seen"] == [50.0, 250.0, 1000.0, 1500.0]
    o = outcome_of(10, epochs=30)
    assert table["cost_batch_10"] == [float(o.run.curve[e]) for e in (1, 5, 20, 30)]
    assert table["cost_full_batch"][-1] == float(o.minibatch.of(50).run.curve[-1])
    assert len(table["cost_stochastic"]) == 4
    methods = document["batch_methods"]
    assert methods["updates"] == [30.0, 150.0, 1500.0]
    assert "outcome" not in values  # full-batch predictions are not claimed for SGD


@pytest.mark.parametrize(
    "args, mentions",
    [
        (["--batch-size", "0"], ["--batch-size", "at least 1"]),
        (["--batch-size", "-3"], ["--batch-size"]),
        (["--batch-size", "51"], ["--batch-size", "m = 50", "larger than the data"]),
        (["--batch-size", "x"], ["--batch-size"]),
        (["--n", "1000", "--epochs", "1000", "--batch-size", "10"], ["--batch-size", "500,000"]),
        (["--compare-batches", "c.png"], ["--compare-batches", "--batch-size"]),
        (["--task", "logistic", "--batch-size", "5", "--compare-batches", "c.png"],
         ["--compare-batches", "--task line"]),
    ],
)
def test_every_mistake_is_one_error_line_naming_the_option(args, mentions, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    error_line(invoke(*args), *mentions)


def test_batch_size_larger_than_a_csv_file_names_its_rows(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("x,y\n1,3\n2,5\n3,7\n", encoding="utf-8")
    error_line(invoke("--data", path, "--batch-size", "4"), "--batch-size", "m = 3", str(path))
    result = invoke("--data", path, "--batch-size", "2", "--epochs", "5")
    assert result.exit_code == 0 and "B = 2 of the m = 3 examples" in result.output


def test_a_learning_rate_too_large_still_stops_with_one_error_line():
    error_line(invoke("--batch-size", "5", "--lr", "50"), "--lr", exit_code=1)


def test_stochastic_divergence_below_the_full_batch_limit_blames_the_single_examples():
    x, _ = gd.line_data(50, 0.5)
    top, single = gd.smoothness(x), float(gd.example_curvatures(x).max())
    assert top < single
    # Every batch's largest curvature is at most the largest single example's.
    order = gd.epoch_order(gd.shuffle_stream(1), 50)
    for start, stop in gd.batch_slices(50, 7):
        assert gd.smoothness(x[order[start:stop]]) <= single * (1 + 1e-12)
    line = error_line(invoke("--batch-size", "1", "--lr", "0.44"), "--lr 0.44", "--batch-size 1",
                      "is below 2", "above 2, so steps on some batches overshoot", exit_code=1)
    assert f"{0.44 * top:.4g}" in line and f"{single:.4g}" in line


# --- figure ---------------------------------------------------------------------------------


def test_the_comparison_figure_draws_three_curves_and_three_paths():
    o = outcome_of(10, epochs=40)
    data = minibatch.batch_comparison(o)
    from nnexplain.plot.minibatch import batch_comparison_figure

    figure = batch_comparison_figure(data)
    curves, landscape = figure.axes[:2]
    assert curves.get_yscale() == "log"
    lines = {line.get_label(): line for line in curves.get_lines()}
    stochastic = lines["stochastic, $B = 1$"]
    np.testing.assert_array_equal(stochastic.get_ydata(), o.minibatch.of(1).run.update_curve)
    assert stochastic.get_xdata()[-1] == 40 * 50
    np.testing.assert_array_equal(lines["full batch, $B = 50$"].get_ydata(), o.minibatch.of(50).run.curve)
    paths = {line.get_label(): line for line in landscape.get_lines()}
    assert {"full batch", "mini-batch", "stochastic", "start", "minimum"} <= set(paths)
    np.testing.assert_array_equal(paths["mini-batch"].get_xdata(), o.run.ws[:, 0])


def test_the_comparison_figure_fits_a_slide_and_keeps_its_run_settings():
    # The long title is split: the methods above, lr and epochs over the cost panel; the
    # symlog axis ticks 0 then the powers of ten from one epoch on (10 would sit on 0).
    from figure_checks import text_overlaps, texts_off_the_canvas
    from nnexplain.plot.minibatch import batch_comparison_figure
    from nnexplain.plot.style import figure_settings

    data = minibatch.batch_comparison(outcome_of(10, epochs=40))
    with figure_settings(style="slides", dpi=50):
        figure = batch_comparison_figure(data)
        curves = figure.axes[0]
        assert figure.get_suptitle() == "Full batch, mini-batch and stochastic gradient descent"
        assert curves.get_title() == f"Cost over 40 epochs, lr = {data.lr:g}"
        assert list(curves.get_xticks()) == [0.0, 100.0, 1000.0]
        assert texts_off_the_canvas(figure, ticks=True) == []
        assert text_overlaps(figure) == []


def test_the_figure_saved_twice_is_byte_identical_and_announced(tmp_path):
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    for path in (first, second):
        result = invoke("--batch-size", "5", "--epochs", "20", "--compare-batches", path)
        assert result.exit_code == 0
        assert f"Figure saved to {path}" in result.stderr
    assert first.read_bytes() == second.read_bytes()


def test_text_runs_with_batch_size_do_not_import_matplotlib():
    import subprocess
    import sys

    code = ("import sys; from click.testing import CliRunner; from nnexplain.cli import cli; "
            "r = CliRunner().invoke(cli, ['train', '--batch-size', '5', '--epochs', '5']); "
            "assert r.exit_code == 0, r.output; print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
