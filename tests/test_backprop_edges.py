"""``backprop`` at the edges: log loss worked from z (exact where ŷ rounds to 1),
δ = ŷ − y without a division, truthful sentences about zero gradients, the loss
before and after as JSON numbers, and a clean refusal for a step that leaves float64."""

import json
import math
import re
from pathlib import Path

import mpmath
import numpy as np
import pytest
from click.testing import CliRunner

from nnexplain import examples
from nnexplain.cli import cli
from nnexplain.core import sigmoid, sigmoid_grad
from nnexplain.core.losses import log_loss_pytorch
from nnexplain.core.network import (
    BCE_DRIFT_Z,
    SIGMOID_ONE_Z,
    backward,
    exact_zero_gradients,
    forward,
    layer,
    log_loss_delta,
    log_loss_from_logit,
    log_loss_slope_from_logit,
    network_cost,
    updated,
)
from nnexplain.explain.backprop import backprop_example
from nnexplain.render.numbers import MINUS, format_exact

from cli_checks import error_line

XOR = Path(examples.path("xor_sigmoid"))
# z from −1000 to 1000: dense near 0, where the terms trade places, and out to
# where e^(−|z|) underflows (|z| > 745).
Z = sorted({0.0, *np.linspace(-40, 40, 161), *(s * v for s in (1, -1)
            for v in (50, 100, 300, 700, 709.5, 745, 800, 1000))})  # fmt: skip
LABELS = (0.0, 0.3, 1.0)
TINY = 1e-320  # below it a true value can only round to a subnormal or 0


def invoke(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], prog_name="nnexplain")
    print(repr(result.output))
    return result


def one_unit(tmp_path, w, b=0.0, activation="sigmoid"):
    path = tmp_path / "one_unit.json"
    path.write_text(json.dumps([{"W": [[w]], "b": [b], "activation": activation}]), encoding="utf-8")
    return path


def evaluate(text):
    python = text.replace(MINUS, "-").replace("·", "*")
    return eval(python, {"__builtins__": {}}, {})


def digits(z):
    """mp.dps = 50 plus the digits 1 − σ(z) ≈ e^(−|z|) needs to survive beside 1."""
    return 50 + int(abs(z) / 2.302585) + 1


def true_loss(y, z):
    """−[y·ln σ(z) + (1 − y)·ln(1 − σ(z))], the textbook definition, to 50 digits."""
    with mpmath.workdps(digits(z)):
        z, y = mpmath.mpf(z), mpmath.mpf(y)
        p = 1 / (1 + mpmath.exp(-z))
        return -(y * mpmath.log(p) + (1 - y) * mpmath.log(1 - p))


def true_delta(y, z):
    with mpmath.workdps(digits(z)):
        z, y = mpmath.mpf(z), mpmath.mpf(y)
        return 1 / (1 + mpmath.exp(-z)) - y


# --- the core: L, ∂L/∂ŷ and δ from z --------------------------------------------------


@pytest.mark.parametrize("y", LABELS)
def test_log_loss_from_z_matches_mpmath_everywhere(y):
    for z in Z:
        expected = float(true_loss(y, z))
        assert log_loss_from_logit(y, z) == pytest.approx(expected, rel=1e-13, abs=TINY), z


@pytest.mark.parametrize("y", LABELS)
def test_delta_from_z_matches_mpmath_everywhere(y):
    for z in Z:
        expected = float(true_delta(y, z))
        assert log_loss_delta(y, z) == pytest.approx(expected, rel=1e-13, abs=TINY), z


def test_the_slope_in_y_hat_is_exact_or_beyond_float64():
    for y in LABELS:
        for z in Z:
            with mpmath.workdps(digits(z)):
                p = 1 / (1 + mpmath.exp(-mpmath.mpf(z)))
                expected = -mpmath.mpf(y) / p + (1 - mpmath.mpf(y)) / (1 - p)
            got = log_loss_slope_from_logit(y, z)
            if abs(expected) > np.finfo(np.float64).max:
                assert math.isinf(got) and (got > 0) == (expected > 0)
            else:
                assert got == pytest.approx(float(expected), rel=1e-13), (y, z)


def test_vectorised_as_well():
    z = np.array([-800.0, -30.0, 0.0, 30.0, 800.0])
    y = np.array([1.0, 0.3, 0.5, 0.0, 0.0])
    for k in range(z.size):
        assert log_loss_from_logit(y, z)[k] == log_loss_from_logit(y[k], z[k])
        assert log_loss_delta(y, z)[k] == log_loss_delta(y[k], z[k])


# --- the w = 30 example: L = softplus(30), not the rounded ŷ's 30.001 ----------------


def test_w30_prints_softplus_30_not_the_rounded_y_hats_loss(tmp_path):
    path = one_unit(tmp_path, 30.0)
    args = ("backprop", "--weights", path, "--x", "1", "--target", "0", "--loss", "log")
    document = json.loads(invoke(*args, "--format", "json").stdout)
    expected = float(true_loss(0.0, 30.0))  # 30.0000000000000936
    assert document["result"] == document["values"]["loss_before"] == expected
    text = invoke(*args, "--precision", "13").stdout
    assert "= 30.0000000000001" in text
    # 30.001 appears only as what BCELoss would give, never as L.
    assert [line for line in text.splitlines() if "30.001" in line and "BCELoss" not in line
            and "gives" not in line] == []  # fmt: skip


# --- z = 40: ŷ rounds to 1, every answer is still finite and right --------------------


@pytest.mark.parametrize("y", [0.0, 0.3, 1.0])
def test_z40_gives_the_true_delta_and_no_refusal(tmp_path, y):
    path = one_unit(tmp_path, 40.0)
    assert float(sigmoid(40.0)) == 1.0  # the case: ŷ is exactly 1 in float64
    result = invoke("backprop", "--weights", path, "--x", "1", "--target", y, "--loss", "log",
                    "--format", "json")  # fmt: skip
    assert result.exit_code == 0 and "divides by 0" not in result.output
    document = json.loads(result.stdout)
    delta = document["values"]["delta"]
    assert delta == pytest.approx(float(true_delta(y, 40.0)), rel=1e-14)
    assert document["layer1"]["gradient"] == [delta, delta]  # x = 1: ∂L/∂w = ∂L/∂b = δ
    assert document["values"]["loss_before"] == pytest.approx(float(true_loss(y, 40.0)), rel=1e-14)
    if y == 1.0:
        assert delta < 0  # tiny (−4.2e-18), not 0


@pytest.mark.parametrize(("w", "y"), [(40.0, 0.0), (40.0, 1.0), (-40.0, 0.0), (30.0, 0.3), (800.0, 0.0)])
def test_saturated_steps_compute_to_their_values(w, y):
    layers = (layer([[w]], [0.0], "sigmoid"),)
    worked = backprop_example(layers, (1.0,), y, "log", 0.001)
    for step in worked.steps:
        text = step.substituted.fill(format_exact)
        if re.search(r"/0(?![\d.])", text):  # 1/(1 − ŷ) beyond float64 (z = 800): said so in a note
            assert math.isinf(step.value) and step.note is not None
            continue
        assert evaluate(text) == pytest.approx(step.value, rel=1e-12, abs=1e-300), (step.label, text)
    values = {step.label: step.value for step in worked.steps}
    assert values["Slope of ŷ in z⁽¹⁾₁"] == sigmoid_grad(w)


# --- gradients against central finite differences, near saturation --------------------


def finite_difference_check(layers, x, y, h=1e-6):
    grads = backward(layers, forward(layers, x), [y], "log")
    for k, current in enumerate(layers):
        for name in ("W", "b"):
            array = getattr(current, name)
            for index in np.ndindex(array.shape):
                def cost(delta):
                    changed = array.copy()
                    changed[index] += delta
                    trial = list(layers)
                    W, b = (changed, current.b) if name == "W" else (current.W, changed)
                    trial[k] = layer(W, b, current.activation)
                    return network_cost(trial, x, [y], "log")

                numeric = (cost(h) - cost(-h)) / (2 * h)
                analytic = getattr(grads[k], "d" + name)[index]
                assert analytic == pytest.approx(numeric, rel=1e-5), (k, name, index)


@pytest.mark.parametrize(("scale", "y"), [(12.0, 1.0), (12.0, 0.0), (-12.0, 1.0), (8.0, 0.3)])
def test_gradients_match_finite_differences_near_saturation(scale, y):
    # z ≈ 20–30 at the output: ŷ is within 1e-9 of 1 or 0, where a loss taken from the
    # rounded ŷ is quantised and its finite differences are noise.
    layers = (
        layer([[0.5, -0.25], [0.75, 0.5]], [0.1, -0.2], "tanh"),
        layer([[2.0 * scale], [1.5 * scale]], [0.3 * scale], "sigmoid"),
    )
    x = np.array([1.5, 1.0])
    z = float(forward(layers, x)[-1].z[0])
    assert 15 < abs(z) < 40
    finite_difference_check(layers, x, y)


# --- "every gradient is 0" only when it is ---------------------------------------------


def sentences(worked):
    return [line.fill(format_exact) for line in worked.interpretation]


def test_underflowed_gradients_are_not_called_zero():
    layers = (layer([[1000.0]], [0.0], "sigmoid"),)
    worked = backprop_example(layers, (1.0,), 1.0, "log", 0.001)  # δ = −e^(−1000) → 0
    lines = sentences(worked)
    assert "Every gradient is 0: this example cannot change any parameter." not in lines
    assert any(line.startswith("Every gradient computes to 0 in float64, but not every one is 0")
               for line in lines)  # fmt: skip
    masks = exact_zero_gradients(layers, forward(layers, np.array([1.0])),
                                 backward(layers, forward(layers, np.array([1.0])), [1.0], "log"), [1.0], "log")
    assert not masks[0][0].any() and not masks[0][1].any()


def test_a_dead_relu_still_gets_every_gradient_is_0(tmp_path):
    layers = (layer([[-1.0]], [0.0], "relu"),)
    worked = backprop_example(layers, (2.0,), 1.0)
    assert "Every gradient is 0: this example cannot change any parameter." in sentences(worked)


def test_tiny_gradients_are_stated_with_their_value():
    layers = (layer([[40.0]], [0.0], "sigmoid"),)
    worked = backprop_example(layers, (1.0,), 1.0, "log", 0.001)
    largest = [line for line in sentences(worked) if line.startswith("The largest gradient")]
    assert largest and format_exact(-float(sigmoid(-40.0))) in largest[0]
    assert "too small to change it in float64: it stays 40" in largest[0]
    # The step is too small to move w = 40 in float64: said so, with its size.
    change = {f.label: f.text.fill(format_exact) for f in worked.sections[0].facts}["Change"]
    assert change.startswith("the loss did not change in float64: the largest move")
    assert format_exact(0.001 * float(sigmoid(-40.0))) in change


def test_a_saturated_sigmoid_hidden_unit_is_not_called_a_dead_relu():
    layers = (layer([[50.0]], [0.0], "sigmoid"), layer([[1.0]], [0.0], "identity"))
    worked = backprop_example(layers, (20.0,), 0.0)  # z = 1000: σ'(z) underflows to 0
    text = " ".join(sentences(worked))
    assert "dead" not in text and "is not positive" not in text


# --- JSON: the loss before and after as numbers ----------------------------------------


@pytest.mark.parametrize(("weights", "x", "target", "loss"), [(None, "2,3", 1, "squared"), (XOR, "1,1", 0, "log")])
def test_json_carries_the_loss_before_and_after(weights, x, target, loss):
    args = ["backprop", "--x", x, "--target", target, "--loss", loss, "--format", "json"]
    if weights is not None:
        args += ["--weights", weights]
    document = json.loads(invoke(*args).stdout)
    from nnexplain.inputs.weights_file import read_network
    from nnexplain.core.network import preset

    layers = preset() if weights is None else read_network(str(weights))
    x_array = np.array([float(v) for v in x.split(",")])
    grads = backward(layers, forward(layers, x_array), [float(target)], loss)
    stepped = updated(layers, grads, 0.001)
    values = document["values"]
    assert values["loss_before"] == network_cost(layers, x_array, [float(target)], loss) == document["result"]
    assert values["loss_after"] == network_cost(stepped, x_array, [float(target)], loss)
    assert values["loss_after"] < values["loss_before"]
    assert values["y_hat_after"] == float(forward(stepped, x_array)[-1].a[0])


# --- a step that leaves float64 ----------------------------------------------------------


@pytest.mark.parametrize("lr", ["1e300", "1e200"])
def test_a_huge_learning_rate_is_refused_cleanly(lr):
    # filterwarnings = error: a RuntimeWarning anywhere would fail this test.
    result = invoke("backprop", "--weights", XOR, "--x", "1,1", "--target", "0", "--loss", "log", "--lr", lr)
    error_line(result, "'--lr'", "overshoots", "smaller --lr")


def test_a_large_but_finite_learning_rate_runs():
    result = invoke("backprop", "--weights", XOR, "--x", "1,1", "--target", "0", "--loss", "log", "--lr", "1e100")
    assert result.exit_code == 0 and "nan" not in result.output


# --- the BCELoss thresholds the worked example states -----------------------------------


def test_the_stated_bce_thresholds_are_measured():
    z = np.arange(0.0, 40.0, 0.001)
    true = np.array([float(true_loss(0.0, v)) for v in z[(z > 10) & (z < 12)]])
    bce = log_loss_pytorch(0.0, sigmoid(z[(z > 10) & (z < 12)]), dtype=np.float64)
    first = z[(z > 10) & (z < 12)][np.argmax(np.abs(bce - true) > 1e-12 * true)]
    assert first == pytest.approx(BCE_DRIFT_Z, abs=0.05)
    assert float(z[np.argmax(sigmoid(z) == 1.0)]) == pytest.approx(SIGMOID_ONE_Z, abs=0.005)
    assert log_loss_pytorch(0.0, sigmoid(40.0), dtype=np.float64) == 100.0
    # y = 1: exact until ln σ(z) < −100, then the cap.
    assert log_loss_pytorch(1.0, sigmoid(-99.5), dtype=np.float64) == pytest.approx(float(true_loss(1.0, -99.5)), rel=1e-14)
    assert log_loss_pytorch(1.0, sigmoid(-100.5), dtype=np.float64) == 100.0
