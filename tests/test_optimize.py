"""``nnexplain optimize``: the optimisers follow torch.optim step for step (stored
fixture, and live when torch imports), the worked numbers are the core's, what a
learner sees is pinned, every bad option gets one ``Error:`` line, and the figure
draws every path and saves byte for byte the same twice."""

import importlib.util
import io
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from nnexplain.api import optimizers as door
from nnexplain.api.optimizers import optimize
from nnexplain.cli import cli
from nnexplain.core import optimizers as opt
from nnexplain.core.training import DEFAULT_SEED

from cli_checks import error_line

REFERENCE_DIR = Path(__file__).parent / "reference"
RTOL = 1e-12


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], prog_name="nnexplain")


# --- core against torch.optim ----------------------------------------------------------


def _check_against(reference):
    hyper = reference["hyper"]
    assert hyper == {"momentum": opt.DEFAULT_MOMENTUM, "alpha": opt.DEFAULT_ALPHA,
                     "beta1": opt.DEFAULT_BETA1, "beta2": opt.DEFAULT_BETA2, "eps": opt.DEFAULT_EPS}
    assert sorted(reference["runs"]) == sorted(opt.PROBLEMS)
    for problem, runs in reference["runs"].items():
        assert sorted(runs) == sorted(opt.OPTIMIZERS)
        for name, run in runs.items():
            expected = np.array(run["params"], dtype=np.float64)
            assert len(expected) == reference["steps"] + 1 >= 51
            got = opt.optimize(problem, opt.Settings(name, run["lr"]), reference["steps"]).params
            # Relative to each coordinate, with a floor of 1e-12 of the run's scale for
            # coordinates that pass through 0 (the bowl's minimum is (0, 0)).
            scale = float(np.max(np.abs(expected)))
            np.testing.assert_allclose(got, expected, rtol=RTOL, atol=RTOL * scale,
                                       err_msg=f"{problem} {name}")


def test_core_matches_stored_torch_trajectories():
    reference = json.loads((REFERENCE_DIR / "optimizers.json").read_text(encoding="utf-8"))
    _check_against(reference)


@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="torch is not installed")
def test_core_matches_live_torch():
    spec = importlib.util.spec_from_file_location(
        "make_optimizers_reference", REFERENCE_DIR / "make_optimizers_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    _check_against(module.build_reference(steps=60))


def test_door_constants_equal_the_core():
    assert door.PROBLEMS == opt.PROBLEMS
    assert door.OPTIMIZERS == opt.OPTIMIZERS
    assert door.MAX_STEPS == opt.MAX_STEPS
    assert opt.DEFAULT_SEED == DEFAULT_SEED


def test_first_steps_by_hand():
    """The rules written out for the bowl's start (−4, 1), gradient (−4, 25)."""
    g = np.array([-4.0, 25.0])
    sgd = opt.optimize("bowl", opt.Settings("sgd", 0.05), 1)
    np.testing.assert_array_equal(sgd.params[1], np.array([-4.0, 1.0]) - 0.05 * g)
    mom = opt.optimize("bowl", opt.Settings("momentum", 0.01), 2)
    v1 = g
    v2 = 0.9 * v1 + opt.problem_gradient("bowl", mom.params[1])
    np.testing.assert_allclose(mom.state["velocity"][1], v2, rtol=1e-15)
    nes = opt.optimize("bowl", opt.Settings("nesterov", 0.01), 1)
    np.testing.assert_allclose(nes.params[1], np.array([-4.0, 1.0]) - 0.01 * (g + 0.9 * g), rtol=1e-15)
    rms = opt.optimize("bowl", opt.Settings("rmsprop", 0.01), 1)
    np.testing.assert_allclose(rms.state["square_avg"][0], 0.01 * g * g, rtol=1e-15)
    adam = opt.optimize("bowl", opt.Settings("adam", 0.1), 1)
    # At t = 1, m̂ = g and v̂ = g²: the first step is lr·sign(g), up to ε.
    np.testing.assert_allclose(adam.state["m_hat"][0], g, rtol=1e-14)
    np.testing.assert_allclose(adam.state["v_hat"][0], g * g, rtol=1e-12)
    np.testing.assert_allclose(adam.deltas[0], -0.1 * np.sign(g), rtol=1e-8)


def test_gradients_match_central_differences():
    for problem in opt.PROBLEMS:
        theta = opt.problem_start(problem) + np.array([0.3, -0.2])
        h = 1e-6
        numeric = [(opt.problem_cost(problem, theta + h * e) - opt.problem_cost(problem, theta - h * e))
                   / (2 * h) for e in np.eye(2)]
        np.testing.assert_allclose(opt.problem_gradient(problem, theta), numeric, rtol=1e-6)


def test_divergence_stops_the_run_without_warnings():
    run = opt.optimize("rosenbrock", opt.Settings("sgd", 0.1), 500)
    assert run.diverged_at is not None and run.steps == run.diverged_at
    text = optimize(problem="rosenbrock", optimizer="sgd", lr=0.1, steps=500).to_text(width=80)
    assert f"diverged at step {run.diverged_at}" in text


# --- worked example, JSON -------------------------------------------------------------


def test_json_values_are_the_cores():
    result = invoke("optimize", "--problem", "bowl", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    values = document["values"]
    target = values["target_cost"]
    assert target == pytest.approx(opt.DEFAULT_TARGET_GAP)
    for name in opt.OPTIMIZERS:
        run = opt.optimize("bowl", opt.Settings(name, opt.DEFAULT_LRS["bowl"][name]),
                           opt.DEFAULT_STEPS["bowl"])
        assert values[f"{name}_final_x"] == run.params[-1][0]
        assert values[f"{name}_final_y"] == run.params[-1][1]
        assert values[f"{name}_final_cost"] == run.costs[-1]
        assert values[f"{name}_steps_to_target"] == run.steps_to(target)
        reached = values[f"{name}_steps_to_target"]
        if reached is not None:
            reached = int(reached)
            assert run.costs[reached] <= target < run.costs[reached - 1]
    comparison = document["comparison"]
    assert comparison["optimizer"] == ["SGD", "Momentum", "Nesterov", "RMSprop", "Adam"]
    trajectory = document["trajectory"]
    assert set(trajectory) == {"optimizer", "step", "x", "y", "cost"}
    assert trajectory["step"][:3] == [0, 1, 2]


def test_worked_steps_evaluate_to_their_values():
    """Every update step's numbers, put back into its formula, give its value."""
    example = optimize(problem="bowl", optimizer="momentum,rmsprop,adam", steps=5)
    checked = 0
    for step in example.worked.steps:
        if not step.label.startswith(("New", "Velocity", "Squared", "First", "Second", "Corrected")):
            continue
        text = step.substituted.fill(repr)
        python = text.replace("−", "-").replace("·", "*").replace("²", "**2")
        python = re.sub(r"√([0-9.e+-]+)", r"math.sqrt(\1)", python)
        python = python.replace("^", "**")
        assert eval(python, {"__builtins__": {}, "math": math}) == pytest.approx(step.value, rel=1e-12)
        checked += 1
    assert checked >= 20


def test_lr_override_and_start():
    example = optimize(problem="line", optimizer="sgd,adam", lr=0.05, start="0,0", steps=10)
    values = dict(example.worked.values)
    assert values["sgd_lr"] == values["adam_lr"] == 0.05
    run = opt.optimize("line", opt.Settings("sgd", 0.05), 10, start=(0.0, 0.0))
    assert values["sgd_final_cost"] == run.costs[-1]


def test_golden_bowl(golden):
    golden("optimize_bowl", ["optimize"])


def test_golden_rosenbrock_two(golden):
    golden("optimize_rosenbrock", ["optimize", "--problem", "rosenbrock", "--optimizer",
                                   "momentum,adam", "--steps", "500"])


# --- errors -------------------------------------------------------------------------


@pytest.mark.parametrize("args, option, words", [
    (["--lr", "0"], "--lr", "greater than 0"),
    (["--lr", "-0.1"], "--lr", "greater than 0"),
    (["--lr", "nan"], "--lr", ""),
    (["--lr", "inf"], "--lr", ""),
    (["--momentum", "1"], "--momentum", "below 1"),
    (["--momentum", "-0.1"], "--momentum", "below 1"),
    (["--beta1", "1"], "--beta1", "below 1"),
    (["--beta2", "1.5"], "--beta2", "below 1"),
    (["--alpha", "-1"], "--alpha", "below 1"),
    (["--eps", "0"], "--eps", "greater than 0"),
    (["--steps", "0"], "--steps", "100,000"),
    (["--steps", "100001"], "--steps", "100,000"),
    (["--optimizer", "adagrad"], "--optimizer", "sgd, momentum, nesterov, rmsprop, adam"),
    (["--optimizer", "adam,adam"], "--optimizer", "twice"),
    (["--problem", "himmelblau"], "--problem", "line, bowl, rosenbrock"),
    (["--start", "1"], "--start", "two"),
    (["--start", "1,2,3"], "--start", "two"),
    (["--start", "1,x"], "--start", ""),
    (["--start", "1e300,0"], "--start", "too far"),
    (["--target-cost", "0"], "--target-cost", "never be reached"),
    (["--optimizer", "nesterov", "--momentum", "0"], "--momentum", "Nesterov"),
])  # fmt: skip
def test_errors(args, option, words):
    line = error_line(invoke("optimize", *args), option)
    assert words in line


# --- the figure -----------------------------------------------------------------------


def test_figure_draws_every_path_and_saves_identically(tmp_path):
    example = optimize(problem="bowl", steps=60)
    figure = example.figure()
    axes = figure.axes[0]
    labels = [line.get_label() for line in axes.get_lines()]
    assert labels == ["SGD", "Momentum", "Nesterov", "RMSprop", "Adam", "start", "minimum"]
    paths = axes.get_lines()[:5]
    assert len({line.get_marker() for line in paths}) == 5
    assert len({(line.get_linestyle(), line.get_marker()) for line in paths}) == 5
    assert len({line.get_linestyle() for line in paths}) >= 4
    assert len({line.get_color() for line in paths}) == 5
    np.testing.assert_array_equal(axes.get_lines()[6].get_xydata()[0], [0.0, 0.0])
    assert figure.legends  # outside the map, on the figure
    assert not axes.get_legend()
    saved = []
    for name in ("a.png", "b.png"):
        buffer = io.BytesIO()
        example.figure().savefig(buffer, format="png")
        saved.append(buffer.getvalue())
    assert saved[0] == saved[1]


def test_the_figure_title_fits_a_slide_and_says_what_the_contours_are():
    # The title alone fits the slides' canvas; what the contours are is said under it.
    from figure_checks import text_overlaps, texts_off_the_canvas
    from nnexplain.plot.style import figure_settings

    for problem in ("bowl", "rosenbrock"):
        with figure_settings(style="slides", dpi=50):
            figure = optimize(problem=problem, steps=30).figure()
            assert figure.get_suptitle().startswith("Optimiser paths on ")
            assert "log-spaced above the minimum" in figure.axes[0].get_title()
            assert texts_off_the_canvas(figure, ticks=True) == []
            assert text_overlaps(figure) == []


def test_plot_option_writes_the_file(tmp_path):
    path = tmp_path / "paths.png"
    result = invoke("optimize", "--problem", "line", "--steps", "20", "--plot", path)
    assert result.exit_code == 0, result.output
    assert path.stat().st_size > 0
