"""The explain layer: every worked number is the core's, and every written-out
step computes to the value shown beside it."""

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnexplain import core, explain
from nnexplain.render.numbers import MINUS, format_exact

probability = st.floats(0.0, 1.0, allow_nan=False)
real = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


def evaluate(text: str) -> float:
    """Evaluate a step's ``substituted`` text (written at full precision)."""
    python = (
        text.replace(MINUS, "-")
        .replace("·", "*")
        .replace("[", "(")
        .replace("]", ")")
        .replace("²", "**2")
        .replace("∞", "inf")
        .replace("…", "")
    )

    def ln(x):
        return -math.inf if x == 0 else math.log(x)

    return eval(python, {"__builtins__": {}}, {"ln": ln, "inf": math.inf, "min": min, "max": max})


def check_steps(worked):
    for step in worked.steps:
        text = step.substituted.fill(format_exact)
        got = evaluate(text)
        if math.isnan(got):
            # 0·ln(0): Python says nan, the convention (the limit) says 0, and the
            # step must carry a note saying so.
            assert step.value == 0 and step.note is not None and "counts as 0" in step.note.template
        elif math.isinf(step.value):
            assert got == step.value, (text, got, step.value)
        else:
            # abs: evaluating "ln(1 − ŷ)" as written rounds 1 − ŷ to float64 (error
            # up to 1.1e-16), where the core uses log1p and keeps tiny values exact.
            assert got == pytest.approx(step.value, rel=1e-12, abs=1e-15), (text, got)


@settings(max_examples=300, deadline=None)
@given(probability, probability)
def test_log_loss_steps_compute_and_end_at_the_core_result(y, y_hat):
    worked = explain.loss_example(y, y_hat)
    check_steps(worked)
    expected = core.log_loss(y, y_hat)
    assert worked.steps[-1].value == expected or (
        math.isinf(expected) and worked.steps[-1].value == expected
    )
    assert worked.result == worked.steps[-1].value


@settings(max_examples=200, deadline=None)
@given(probability, probability, st.sampled_from([1e-7, 1e-3, 0.25]))
def test_clipped_log_loss_steps_end_at_the_core_result(y, y_hat, eps):
    worked = explain.loss_example(y, y_hat, eps=eps)
    check_steps(worked)
    assert worked.result == core.log_loss(y, y_hat, eps=eps)
    assert math.isfinite(worked.result)


@settings(max_examples=200, deadline=None)
@given(real, real)
def test_squared_loss_steps_end_at_the_core_result(y, y_hat):
    worked = explain.loss_example(y, y_hat, loss="squared")
    check_steps(worked)
    assert worked.result == core.squared_error(y, y_hat)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(probability, probability), min_size=1, max_size=40),
    st.sampled_from(["log", "squared"]),
)
def test_cost_is_the_core_cost_and_the_steps_compute(pairs, loss):
    y, y_hat = (np.array(column) for column in zip(*pairs))
    worked = explain.cost_example(y, y_hat, loss=loss)
    expected = core.cost(y, y_hat, loss=loss)
    assert worked.result == expected or (math.isinf(expected) and worked.result == expected)
    assert worked.steps[-1].value == worked.result
    losses = worked.table.column("loss").values
    np.testing.assert_array_equal(losses, core.per_example_loss(y, y_hat, loss=loss))
    if len(pairs) <= 6 and np.isfinite(losses).all():
        check_steps(worked)


def test_known_value_y1_yhat_0_1():
    worked = explain.loss_example(1, 0.1)
    assert worked.result == pytest.approx(2.302585092994046, rel=1e-15)
    assert worked.result == -math.log(0.1)


def test_y0_yhat0_is_exactly_zero_with_the_convention_noted():
    worked = explain.loss_example(0, 0)
    assert worked.result == 0.0 and math.copysign(1, worked.result) == 1
    assert any(step.note and "0·ln(0)" in step.note.template for step in worked.steps)


def test_confident_wrong_prediction_is_infinite_with_framework_values():
    worked = explain.loss_example(1, 0)
    assert worked.result == math.inf
    values = {a.name.split()[0]: a.value for a in worked.alternatives}
    assert values["true"] == math.inf
    assert values["PyTorch"] == 100.0
    assert values["Keras"] == pytest.approx(-math.log(1e-7), rel=1e-12)
    assert values["scikit-learn"] == pytest.approx(-math.log(np.finfo(float).eps), rel=1e-12)
    assert worked.alternatives_reason is not None


def test_finite_loss_has_no_framework_table():
    assert explain.loss_example(1, 0.1).alternatives == ()


def test_interpretation_quotes_computed_numbers():
    lines = [line.fill(repr) for line in explain.loss_example(1, 0.1).interpretation]
    assert "far from" in lines[0]
    assert repr(float(core.log_loss(1, 0.99))) in lines[0]
    close = [line.fill(repr) for line in explain.loss_example(1, 0.9).interpretation]
    assert "close to" in close[0] and repr(float(core.log_loss(1, 0.5))) in close[0]


def test_soft_label_interpretation_names_the_smallest_possible_loss():
    worked = explain.loss_example(0.3, 0.8)
    text = worked.interpretation[0].fill(repr)
    assert "soft label" in text and repr(float(core.log_loss(0.3, 0.3))) in text


def test_given_numbers_are_marked_and_computed_ones_are_not():
    worked = explain.loss_example(1, 0.123456789)
    first = worked.steps[0].substituted
    assert isinstance(first.numbers[1], explain.Given)
    assert first.fill(lambda x: "R", lambda x: "G") == "G·ln(G)"
    last = worked.steps[-1].substituted
    assert not any(isinstance(n, explain.Given) for n in last.numbers)


def test_steps_are_frozen():
    step = explain.loss_example(1, 0.1).steps[0]
    with pytest.raises(AttributeError):
        step.value = 0  # type: ignore[misc]


def test_long_sums_are_elided_but_cover_every_term():
    worked = explain.cost_example(np.ones(100), np.full(100, 0.5))
    sum_step = worked.steps[0]
    assert "…" in sum_step.substituted.template
    assert sum_step.value == pytest.approx(100 * math.log(2), rel=1e-13)


def test_unknown_loss_is_refused():
    with pytest.raises(ValueError):
        explain.loss_example(1, 0.5, loss="hinge")


def test_json_view_is_valid_json_with_infinity_as_text():
    from nnexplain.render.json_view import render_json

    document = json.loads(render_json(explain.loss_example(1, 0)))
    assert document["result"] == "inf"
    assert [s["value"] for s in document["steps"]] == ["-inf", 0.0, "inf"]
    assert document["inputs"] == {"y": 1.0, "y_hat": 0.0}
    assert document["alternatives"][1]["value"] == 100.0
