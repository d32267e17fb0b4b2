"""The explorer's descent view, without a terminal (no Textual)."""

import json
import shlex
import statistics
import time

import numpy as np
import pytest
from click.testing import CliRunner

from nnexplain.cli import cli
from nnexplain.core import training as gd
from nnexplain.explore.views.descent import DescentView


@pytest.fixture(scope="module")
def view():
    return DescentView()


def fresh(**kwargs):
    return DescentView(**kwargs)


def values(v):
    return dict(v.example.worked.values)


def core_path(v, lr=None, w0=None, b0=None, epochs=None):
    p = v.problem
    lr = v.parameter("lr").value if lr is None else lr
    w0 = v.parameter("w0").value if w0 is None else w0
    b0 = v.parameter("b0").value if b0 is None else b0
    epochs = v.epochs if epochs is None else epochs
    return gd.train_neuron(p.x, p.y, np.array([w0]), b0, lr, epochs, record=range(epochs + 1))


def run_command(v):
    args = shlex.split(v.command().split("  #")[0])[1:]
    result = CliRunner().invoke(cli, [*args, "--format", "json"], prog_name="nnexplain")
    return result


def test_starts_where_train_starts():
    v = fresh()
    w, b = gd.starting_parameters(1, gd.DEFAULT_SEED)
    assert (v.parameter("w0").value, v.parameter("b0").value) == (float(w[0]), b)
    assert v.epoch == 0 and v.error is None and not v.running
    assert [k[0] for k in v.keys] == ["space", "r", "x"]


def test_stepping_advances_one_epoch_along_core_path():
    v = fresh()
    path = core_path(v, epochs=5)
    for k in range(1, 6):
        assert v.step()
        assert v.epoch == k
        got = values(v)
        assert got["epoch"] == k
        assert got["w"] == path.ws[k, 0] and got["b"] == path.bs[k]
        assert got["cost"] == path.costs[k]
        # The update shown is the gradient at (w, b) and the step to epoch k + 1.
        dw, db = gd.neuron_gradient(v.problem.x, v.problem.y, path.ws[k], path.bs[k])
        assert got["dw"] == float(dw[0]) and got["db"] == db
        assert got["new_w"] == pytest.approx(core_path(v, epochs=k + 1).ws[-1, 0], rel=1e-15)


def test_a_new_start_runs_from_there():
    v = fresh()
    assert v.set("w0", 1.5) and v.set("b0", "-0.5")
    v.set("epoch", 3)
    path = core_path(v, w0=1.5, b0=-0.5, epochs=3)
    assert values(v)["w"] == path.ws[3, 0] and values(v)["b"] == path.bs[3]
    assert "your start" in v.table(100)
    assert v.command() == "nnexplain train --task line --lr 0.1 --epochs 4 --start 1.5,-0.5"
    assert "#" not in v.command()


def test_command_from_a_moved_start_gives_the_views_numbers():
    """After moving the start, `c`'s command (with --start) has the view's numbers."""
    v = fresh()
    v.nudge("w0", 1)
    v.nudge("b0", -1, fine=True)
    v.set("lr", 0.25)
    for _ in range(5):
        v.step()
    w0, b0 = v.parameter("w0").value, v.parameter("b0").value
    assert (w0, b0) != v.seed_start and "--start" in v.command()
    result = run_command(v)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["inputs"]["start"] == [w0, b0]
    steps = {s["label"]: s["value"] for s in doc["steps"]}
    assert steps["Starting weight w"] == w0 and steps["Starting bias b"] == b0
    history = doc["history"]
    mine = values(v)
    assert history["epoch"][-1] == 6
    assert history["w"][-1] == mine["new_w"] and history["b"][-1] == mine["new_b"]
    row = history["epoch"].index(5)
    assert history["w"][row] == mine["w"] and history["b"][row] == mine["b"]
    assert history["cost"][row] == mine["cost"]
    # Epoch 0: train's first update is the view's.
    v.set("epoch", 0)
    doc = json.loads(run_command(v).output)
    steps = {s["label"]: s["value"] for s in doc["steps"]}
    assert steps["New w"] == values(v)["new_w"] and steps["New b"] == values(v)["new_b"]
    # Back at train's own start, no --start.
    v.set("w0", v.seed_start[0])
    v.set("b0", v.seed_start[1])
    assert "--start" not in v.command()


def test_a_start_whose_cost_overflows_is_refused_with_trains_message():
    v = fresh()
    before = v.command()
    assert not v.set("w0", "1e300")
    assert "already at the start (epoch 0): from --start 1e+300," in v.error
    assert v.command() == before and v.parameter("w0").value == v.seed_start[0]
    args = ["train", "--task", "line", "--epochs", "1", "--start", f"1e300,{v.seed_start[1]!r}"]
    result = CliRunner().invoke(cli, args, prog_name="nnexplain")
    assert result.exit_code == 1
    assert " ".join(result.output.split()) == "Error: " + " ".join(v.error.split())


def test_run_and_tick_stop_at_the_end():
    v = fresh(epochs=30)
    v.toggle_run()
    assert v.running
    ticks = 0
    while v.running:
        before = v.epoch
        v.tick()
        assert v.epoch > before
        ticks += 1
        assert ticks <= 30
    assert v.epoch == 30 and not v.running
    v.tick()  # not running: nothing moves
    assert v.epoch == 30
    assert not v.step() and v.epoch == 30
    v.toggle_run()  # at the end, run again from the start
    assert v.running and v.epoch == 0
    v.toggle_run()
    assert not v.running


def test_reset():
    v = fresh()
    v.set("lr", 0.05)
    for _ in range(4):
        v.step()
    v.running = True
    assert v.reset()
    assert v.epoch == 0 and not v.running and v.parameter("lr").value == 0.05
    assert values(v)["w"] == v.parameter("w0").value


@pytest.mark.parametrize("lr", [0, -0.1, "0", "-1"])
def test_lr_refusals_carry_trains_message(lr):
    v = fresh()
    runner = CliRunner().invoke(cli, ["train", "--task", "line", "--lr", str(lr)], prog_name="nnexplain")
    assert runner.exit_code == 2
    before = v.table(100)
    assert not v.set("lr", lr)
    assert v.error is not None and v.error.split(": ", 1)[1] in runner.output.replace("\n", " ")
    assert "is not a learning rate" in v.error
    assert v.table(100) == before and v.parameter("lr").value == 0.1


def test_epoch_out_of_range_and_not_whole_refused():
    v = fresh(epochs=20)
    assert not v.set("epoch", 21) and "epochs 0 to 20" in v.error
    assert not v.set("epoch", "2.5") and "whole number" in v.error
    assert v.set("epoch", "7") and v.epoch == 7


def test_stability_warning_exactly_when_lr_reaches_two_over_lambda_max(view):
    limit = 2.0 / view.lambda_max
    # The same numbers as train's diagnosis.
    lambdas = gd.curvatures(gd.cost_hessian(view.problem.x, "line"))
    assert view.lambda_max == float(lambdas[-1])
    for lr in (0.1, round(limit * 0.999, 6), round(limit * 1.001, 6), 0.5, 1.0):
        v = fresh(epochs=20)
        assert v.set("lr", lr)
        warned = "Warning" in v.table(100)
        assert warned == (lr >= limit), lr
        assert values(v)["stable"] == (lr < limit)
        assert values(v)["lr_limit"] == limit


def test_command_json_agrees_with_view():
    v = fresh()
    v.set("lr", 0.2)
    for _ in range(3):
        v.step()
    assert v.command() == "nnexplain train --task line --lr 0.2 --epochs 4"
    result = run_command(v)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    got = doc["values"]
    mine = values(v)
    for key in ("lambda_max", "lr_limit", "lr_times_lambda_max", "stable"):
        assert got[key] == mine[key], key
    # train's last row (epoch 4) is the view's new w, b after the update shown; its
    # epoch-2 row is the view's path.
    history = doc["history"]
    assert history["epoch"][-1] == 4
    assert history["w"][-1] == mine["new_w"] and history["b"][-1] == mine["new_b"]
    row = history["epoch"].index(2)
    v.set("epoch", 2)
    assert history["w"][row] == values(v)["w"] and history["cost"][row] == values(v)["cost"]


def test_command_at_epoch_zero_is_trains_first_update():
    v = fresh()
    result = run_command(v)
    assert result.exit_code == 0
    doc = json.loads(result.output)
    steps = {s["label"]: s["value"] for s in doc["steps"]}
    mine = values(v)
    assert steps["Gradient for w"] == pytest.approx(mine["dw"], rel=1e-14)
    assert steps["Gradient for b"] == pytest.approx(mine["db"], rel=1e-14)
    assert steps["New w"] == pytest.approx(mine["new_w"], rel=1e-14)
    assert steps["New b"] == pytest.approx(mine["new_b"], rel=1e-14)


def test_diverging_lr_shows_no_nan_and_says_it_diverged():
    v = fresh()
    v.set("epoch", v.epochs)
    assert v.set("lr", 3.0)
    mine = values(v)
    assert mine["diverged_at"] is not None
    assert v.epoch == mine["epoch"] == mine["diverged_at"] - 1 == v.end
    text = v.table(100)
    figure = v.figure(100, 30, False)
    for shown in (text, figure, v.command()):
        assert "nan" not in shown.lower()
    assert "diverge" in text and "overflowed at epoch" in text
    # train's own message for the run, word for word (the command says the same).
    result = run_command(v)
    assert result.exit_code == 1
    message = " ".join(result.output.split("Error: ", 1)[1].split())
    assert message[0].upper() + message[1:] in " ".join(text.split())
    assert all(np.isfinite(v) for k, v in mine.items() if isinstance(v, float))


def test_figure_grows_the_path(view):
    v = fresh()
    assert v.landscape().path_w.size == 1
    for _ in range(7):
        v.step()
    data = v.landscape()
    assert data.path_w.size == 8
    assert data.path_w[-1] == values(v)["w"] and data.path_b[-1] == values(v)["b"]
    assert "end (epoch 7)" in v.figure(100, 30, False)
    assert v.figure_example().draws


def test_csv_data(tmp_path):
    path = tmp_path / "points.csv"
    path.write_text("x,y\n0,1\n1,3\n2,5.5\n3,6.5\n")
    v = fresh(data=str(path))
    assert v.problem.m == 4 and "--data" in v.command()
    v.step()
    assert values(v)["w"] == core_path(v, epochs=1).ws[1, 0]
    assert "from " + str(path) in v.table(120).replace("\n", " ")


def test_nudging_lr_is_fast():
    v = fresh()
    v.set("epoch", v.epochs)
    times = []
    for _ in range(50):
        start = time.perf_counter()
        v.nudge("lr", 1, fine=True)  # a new lr each time: nothing cached
        times.append(time.perf_counter() - start)
    assert v.parameter("lr").value == pytest.approx(0.15)
    assert statistics.median(times) < 0.05
