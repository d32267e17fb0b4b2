"""The explorer's bias and loss views without Textual: keys change the state through
the same doors as the commands, refusals keep the last good state, and the command
shown prints the very numbers the view shows."""

import json
import math

import pytest
from click.testing import CliRunner

from nnexplain.cli import cli
from nnexplain.explore.views import VIEWS
from nnexplain.explore.views.loss import LossView
from nnexplain.explore.views.neuron import BiasView


def command_json(view):
    """The JSON document of the command the view says reproduces its table."""
    argv = view.command().split()[1:]
    done = CliRunner().invoke(cli, [*argv, "--format", "json"])
    assert done.exit_code == 0, done.output
    return json.loads(done.output)


def test_menu_order():
    assert list(VIEWS)[:2] == ["bias", "loss"]


def test_bias_nudge_and_command_match_the_neuron_command():
    view = BiasView()
    assert view.nudge("w", +1) and view.nudge("w", +1)
    assert view.parameter("w").value == 2.0
    assert view.command() == "nnexplain neuron --x 1 --w 2 --b -2 --activation sigmoid"
    document = command_json(view)
    assert document["result"] == view.example.result
    assert view.example.result == pytest.approx(0.5)  # σ(1·2 − 2) = σ(0)


def test_bias_fine_step_and_choice_cycle():
    view = BiasView()
    assert view.nudge("b", -1, fine=True)
    assert view.parameter("b").value == -2.1
    assert view.nudge("activation", +1)
    assert view.parameter("activation").value == "tanh"
    assert "--activation tanh" in view.command()


def test_bias_weight_steps_over_zero():
    view = BiasView()
    view.set("w", 0.5)
    assert view.nudge("w", -1)
    assert view.parameter("w").value == -0.5 and view.error is None


def test_bias_refusal_keeps_state_and_says_why():
    view = BiasView()
    before = view.command()
    assert not view.set("w", "0")
    assert "is 0" in view.error and "'--w'" in view.error
    assert view.command() == before
    assert not view.set("b", "abc")
    assert "not a number" in view.error
    assert view.set("b", "-1") and view.error is None


def test_bias_zero_input_key_toggles_x():
    view = BiasView()
    view.set("x", 3.0)
    view.zero_input()
    assert view.parameter("x").value == 0
    assert view.example.result == pytest.approx(1 / (1 + math.exp(2)))  # σ(b), b = −2
    assert "changes it" in view.table(100)  # the bias is what moves the output
    view.zero_input()
    assert view.parameter("x").value == 3.0


def test_bias_figure_is_the_bias_curve_with_the_shift():
    view = BiasView()
    view.set("w", 2.0)
    view.set("b", -4.0)
    drawn = view.figure(70, 16, False)
    assert "x₀ = 2" in drawn  # −b/w = 2
    assert "\x1b[" not in drawn


def test_bias_saves_the_bias_figure(tmp_path):
    view = BiasView()
    view.save_figure(tmp_path / "b.png")
    assert (tmp_path / "b.png").stat().st_size > 1000


def test_loss_nudge_refusal_and_command():
    view = LossView()
    assert view.command() == "nnexplain loss --y 1 --yhat 0.1 --loss log"
    assert view.nudge("yhat", -1) and view.nudge("yhat", -1)
    assert view.parameter("yhat").value == 0
    assert view.example.result == math.inf
    assert "What frameworks report" in view.table(100)
    assert not view.nudge("yhat", -1)
    assert "outside [0, 1]" in view.error
    assert view.parameter("yhat").value == 0


def test_loss_matches_command_json_and_switches_loss():
    view = LossView()
    view.set("yhat", "0.3")
    assert command_json(view)["result"] == view.example.result
    assert view.nudge("loss", +1)
    assert view.parameter("loss").value == "squared"
    assert command_json(view)["result"] == pytest.approx((1 - 0.3) ** 2)
    assert view.set("yhat", "2.5")  # any real number for squared loss
    assert view.example.result == pytest.approx(2.25)


def _figure_data(view):
    return view.figure_example()._drawing.data()


def test_bias_figure_has_the_neurons_point_x_a():
    view = BiasView()
    view.set("x", 1.5)
    view.set("b", -1.0)
    data = _figure_data(view)
    assert data.point == (1.5, view.example.result)  # a is the neuron table's a, exactly
    assert command_json(view)["result"] == data.point[1]
    assert len(data.curves) == 1 and data.curves[0].parameter == -1.0
    drawn = view.figure(100, 30, False)
    assert f"X: the neuron, x = 1.5, a = {view.example.result:.4f}" in drawn
    plot_area = [line for line in drawn.splitlines() if "│" in line and "neuron" not in line]
    assert any("X" in line for line in plot_area)
    # The bias command's own figure has no point.
    from nnexplain import api

    assert api.bias(1.0, [-1.0])._drawing.data().point is None


def test_bias_figure_reaches_a_far_x_and_drops_the_point_only_when_undrawable():
    view = BiasView()
    view.set("x", 15.0)
    data = _figure_data(view)
    assert data.point[0] == 15.0 and max(c.x.max() for c in data.curves) >= 15.0
    assert data.point[1] == view.example.result
    assert view.set("x", "1e305")  # neuron accepts it; the figure cannot reach it
    assert _figure_data(view).point is None
    assert "nan" not in view.figure(100, 30, False).lower()


def test_bias_saved_figure_marks_x_a(tmp_path):
    view = BiasView()
    view.set("x", 2.5)
    figure = view.figure_example().figure()
    marks = [line for line in figure.axes[0].get_lines() if line.get_marker() == "X"]
    assert len(marks) == 1
    assert list(marks[0].get_xdata()) == [2.5]
    assert list(marks[0].get_ydata()) == [view.example.result]
    view.save_figure(tmp_path / "point.svg")
    assert (tmp_path / "point.svg").stat().st_size > 1000
