"""``bias``, ``neuron`` and ``softmax``: the worked numbers are the core's, the
claims they make hold, what a learner sees is pinned, every mistake gets one
``Error:`` line, and the bias figure draws exactly the data it was given."""

import json
import math
import os

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from nnexplain import core
from nnexplain.cli import cli
from nnexplain.core.activations import (
    bias_shift,
    softmax_numerators,
    softmax_shift,
    softmax_unshifted,
)
from nnexplain.explain.neuron import (
    CURVE_POINTS,
    bias_curves,
    bias_example,
    default_bias_x,
    neuron_example,
)
from nnexplain.explain.softmax import softmax_example
from nnexplain.render.numbers import MINUS, format_exact

from cli_checks import error_line

ACTIVATIONS = tuple(core.ACTIVATIONS)
EPS = np.finfo(np.float64).eps
moderate = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
weight = moderate.filter(lambda w: abs(w) >= 1e-3)


def invoke(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], prog_name="nnexplain")
    print(repr(result.output))
    return result


def evaluate(text: str) -> float:
    """A step's ``substituted`` text (at full precision) evaluated as Python."""
    python = text.replace(MINUS, "-").replace("·", "*").replace("e^", "math.exp")
    return eval(python, {"__builtins__": {}}, {"math": math, "max": max})


# --- core additions -------------------------------------------------------------------


def test_softmax_intermediates_give_exactly_the_core_softmax():
    z = np.array([2.0, 1.0, 0.1, -3.5, 7.25])
    e = softmax_numerators(z)
    np.testing.assert_array_equal(softmax_shift(z), z - z.max())
    np.testing.assert_array_equal(e / np.sum(e), core.softmax(z))
    np.testing.assert_allclose(softmax_unshifted(z), core.softmax(z), rtol=1e-15)


def test_unshifted_softmax_fails_where_the_shift_is_needed():
    assert np.isnan(softmax_unshifted([1000.0, 1001.0, 1002.0])).all()
    assert np.isnan(softmax_unshifted([-1000.0, -1001.0])).all()


def test_bias_shift_is_minus_b_over_w():
    np.testing.assert_array_equal(bias_shift(2.0, [-1.0, 1.0]), [0.5, -0.5])
    assert bias_shift(1e-300, 1e300) == -math.inf  # overflow: callers must check


# --- bias -----------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(w=weight, b=moderate, activation=st.sampled_from(ACTIVATIONS))
def test_each_curve_passes_f0_at_its_shift(w, b, activation):
    worked = bias_example(w, [b], activation)
    x0 = worked.steps[0].value
    assert x0 == -b / w
    at_shift = core.activate(activation, core.weighted_sum(x0, w, b))
    # w·x₀ + b is 0 up to the rounding of x₀ (half an ulp of b/w, times w).
    assert at_shift == pytest.approx(core.activate(activation, 0.0), abs=4 * EPS * max(1.0, abs(b)))


@settings(max_examples=100, deadline=None)
@given(w=weight, biases=st.lists(moderate, min_size=1, max_size=4), activation=st.sampled_from(ACTIVATIONS))
def test_bias_table_is_the_core_activation_and_spans_every_shift(w, biases, activation):
    worked = bias_example(w, biases, activation)
    x = worked.table.column("x").values
    assert len(x) <= 12 and np.all(np.diff(x) > 0)
    shifts = [step.value for step in worked.steps]
    assert x[0] <= min(shifts) and max(shifts) <= x[-1]
    for k, b in enumerate(biases, start=1):
        expected = core.activate(activation, core.weighted_sum(x, w, b))
        np.testing.assert_array_equal(worked.table.column(f"a_b{k}").values, expected)


def test_default_x_is_round_and_short():
    np.testing.assert_array_equal(default_bias_x(1.0, [-2.0, 0.0, 2.0]), np.arange(-5.0, 6.0))
    np.testing.assert_array_equal(default_bias_x(2.0, [-1.0, 1.0]), np.arange(-4, 5) / 2)
    assert default_bias_x(0.1, [0.3]).tolist() == [-40.0, -30.0, -20.0, -10.0, 0.0, 10.0, 20.0, 30.0]


def test_bias_notes_say_what_happens_at_the_shift():
    notes = {
        name: bias_example(1.0, [-2.0], name).steps[0].note.fill(format_exact)
        for name in ACTIVATIONS
    }
    assert notes["sigmoid"] == "σ(w·x₀ + b) = σ(0) = 0.5: crosses 0.5 here"
    assert notes["tanh"].endswith("tanh(0) = 0: crosses 0 here")
    assert "kink" in notes["relu"] and "kink" in notes["leaky_relu"]
    assert "line crosses 0" in notes["identity"]


def test_zero_input_quotes_f0_and_each_f_of_b():
    (section,) = bias_example(1.0, [-2.0, 0.0, 2.0], "sigmoid").sections
    without, with_bias, why = (fact.text.fill(repr) for fact in section.facts)
    assert "σ(0) = 0.5" in without
    assert f"σ(-2.0) = {float(core.sigmoid(-2.0))!r}" in with_bias
    assert "fixed at 1" in why


def test_bias_direction_is_stated_for_both_signs_of_w():
    positive = bias_example(1.0, [-2.0, 2.0]).interpretation[0].fill(repr)
    assert "positive bias moves the curve left" in positive
    negative = bias_example(-1.0, [-2.0, 2.0]).interpretation[0].fill(repr)
    assert "mirrored" in negative and "positive bias moves the curve right" in negative
    shifts = bias_example(-1.0, [-2.0, 2.0]).interpretation[1].fill(format_exact)
    assert "b = −2 → x₀ = −2" in shifts and "b = 2 → x₀ = 2" in shifts


def test_typed_x_is_shown_exactly():
    from nnexplain.cli.options import VALUES_OR_RANGE

    typed = bias_example(1.0, [0.0], x=VALUES_OR_RANGE.convert("0.123456789", None, None))
    assert typed.table.column("x").given
    spaced = bias_example(1.0, [0.0], x=VALUES_OR_RANGE.convert("-1:1:3", None, None))
    assert not spaced.table.column("x").given
    assert not bias_example(1.0, [0.0]).table.column("x").given


# --- neuron ---------------------------------------------------------------------------


def test_the_issue_example():
    worked = neuron_example([2.0, 3.0], [0.5, -1.0], 0.1, "relu")
    total, z, a = (step.value for step in worked.steps)
    assert total == -2.0
    assert z == pytest.approx(-1.9, abs=1e-15)
    assert a == 0.0 and worked.result == 0.0
    assert worked.substituted.fill(format_exact) == "ReLU(2·0.5 + 3·(−1) + 0.1)"
    text = worked.interpretation[0].fill(repr)
    assert "ReLU outputs 0.0" in text and "gradient is 0.0" in text


@settings(max_examples=200, deadline=None)
@given(
    pairs=st.lists(st.tuples(moderate, moderate), min_size=1, max_size=12),
    b=moderate,
    activation=st.sampled_from(ACTIVATIONS),
)
def test_neuron_steps_compute_and_end_at_the_core_result(pairs, b, activation):
    x, w = (list(column) for column in zip(*pairs))
    worked = neuron_example(x, w, b, activation)
    expected = core.activate(activation, core.weighted_sum(x, w, b))
    assert worked.steps[-1].value == expected and worked.result == expected
    assert worked.steps[1].value == core.weighted_sum(x, w, b)
    np.testing.assert_array_equal(worked.table.column("product").values, np.multiply(x, w))
    for step in worked.steps[:2]:
        if len(x) <= 6:  # longer sums are elided with "…"
            text = step.substituted.fill(format_exact)
            assert evaluate(text) == pytest.approx(step.value, rel=1e-12, abs=1e-9), text


def test_identity_neuron_is_linear_regression():
    worked = neuron_example([2.0, 3.0], [0.5, -1.0], 0.1, "identity")
    text = worked.interpretation[0].fill(repr)
    assert "exactly linear regression" in text and repr(worked.result) in text


def test_sigmoid_neuron_is_logistic_regression():
    text = neuron_example([1.0], [2.0], 0.0, "sigmoid").interpretation[0].fill(repr)
    assert "logistic regression" in text and "probability" in text


def test_neuron_quotes_the_output_without_the_bias():
    worked = neuron_example([1.0], [2.0], -0.5, "identity")
    text = worked.interpretation[-1].fill(repr)
    assert "Without the bias the output would be" in text and "= 2.0" in text


def test_long_neuron_sums_are_elided_but_cover_every_input():
    worked = neuron_example(np.ones(50), np.full(50, 0.5), 1.0, "identity")
    assert "…" in worked.substituted.template and "…" in worked.steps[0].substituted.template
    assert worked.result == 26.0


# --- softmax --------------------------------------------------------------------------

scores = st.lists(st.floats(-100, 100, allow_nan=False), min_size=2, max_size=10)


@settings(max_examples=200, deadline=None)
@given(z=scores)
def test_softmax_probabilities_sum_to_1_and_are_the_core_softmax(z):
    worked = softmax_example(z)
    p = worked.table.column("p").values
    np.testing.assert_array_equal(p, core.softmax(z))
    e, total = worked.table.column("exp").values, worked.steps[1].value
    np.testing.assert_array_equal(p, e / total)
    assert worked.steps[-1].value == pytest.approx(1.0, abs=len(z) * EPS)
    assert worked.steps[0].value == max(z)


@settings(max_examples=200, deadline=None)
@given(z=scores, c=st.integers(-100, 100))
def test_softmax_is_invariant_to_adding_a_constant(z, c):
    p = softmax_example(z).table.column("p").values
    moved = softmax_example([v + c for v in z]).table.column("p").values
    # z + c rounds to float64 (an error up to half an ulp of 200), nothing more.
    np.testing.assert_allclose(moved, p, rtol=1e-12, atol=1e-300)


def test_softmax_matches_an_independent_computation():
    z = [2.0, 1.0, 0.1]
    e = [math.exp(v - 2.0) for v in z]
    expected = [v / math.fsum(e) for v in e]
    got = softmax_example(z).table.column("p").values
    for a, b in zip(got, expected):
        assert a == pytest.approx(b, rel=1e-15)


def test_softmax_is_right_for_huge_scores():
    p = softmax_example([1000.0, 1001.0, 1002.0]).table.column("p").values
    # The shifted scores are exactly −2, −1, 0, so the answer is that of (0, 1, 2).
    np.testing.assert_array_equal(p, core.softmax([0.0, 1.0, 2.0]))
    np.testing.assert_allclose(p, [0.0900306, 0.2447285, 0.6652410], atol=5e-8)
    e = [math.exp(-2), math.exp(-1), 1.0]
    for a, b in zip(p, e):
        assert a == pytest.approx(b / math.fsum(e), rel=1e-15)


def test_softmax_with_a_score_far_below_the_rest():
    worked = softmax_example([-1000.0, 0.0])
    np.testing.assert_array_equal(worked.table.column("p").values, [0.0, 1.0])
    assert worked.steps[-1].value == 1.0
    assert "not exactly 0" in worked.interpretation[1].fill(repr)


def test_why_subtract_the_max_says_what_overflows():
    facts = {f.label: f.text.fill(format_exact) for f in softmax_example([1000.0, 1002.0]).sections[0].facts}
    assert "e^1002 overflows to ∞" in facts["Without the shift"]
    assert format_exact(core.EXP_MAX) in facts["Without the shift"]
    small = {f.label: f.text.fill(format_exact) for f in softmax_example([2.0, 1.0]).sections[0].facts}
    assert "also works" in small["Without the shift"]
    tiny = {f.label: f.text.fill(format_exact) for f in softmax_example([-1000.0, -1001.0]).sections[0].facts}
    assert "underflows to 0" in tiny["Without the shift"]


def test_softmax_interpretation_names_the_winner_as_a_percentage():
    lines = [line.fill(repr) for line in softmax_example([2.0, 1.0, 0.1]).interpretation]
    p = core.softmax([2.0, 1.0, 0.1])
    assert "Class 1" in lines[0] and repr(float(100 * p[0])) in lines[0]
    assert "keeps the order" in lines[1]
    assert "cross-entropy" in lines[2]
    ties = softmax_example([3.0, 1.0, 3.0]).interpretation[0].fill(format_exact)
    assert "Classes 1 and 3 tie" in ties


# --- JSON -----------------------------------------------------------------------------


def test_softmax_json_carries_full_precision():
    result = invoke("softmax", "--z", "2,1,0.1", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["classes"]["p"] == core.softmax([2.0, 1.0, 0.1]).tolist()
    assert document["result"] is None
    assert document["steps"][1]["value"] == float(np.sum(softmax_numerators([2.0, 1.0, 0.1])))


def test_neuron_and_bias_json_parse_with_full_precision():
    neuron = json.loads(invoke("neuron", "--x", "2,3", "--w", "0.5,-1", "--b", "0.1",
                               "--activation", "sigmoid", "--format", "json").stdout)
    assert neuron["result"] == float(core.sigmoid(core.weighted_sum([2, 3], [0.5, -1], 0.1)))
    assert neuron["inputs"] == {"x": [2.0, 3.0], "w": [0.5, -1.0], "b": 0.1}
    assert neuron["terms"]["product"] == [1.0, -3.0]
    bias = json.loads(invoke("bias", "--format", "json").stdout)
    x = np.array(bias["examples"]["x"])
    assert bias["examples"]["a_b1"] == core.sigmoid(x - 2.0).tolist()
    assert [step["value"] for step in bias["steps"]] == [2.0, 0.0, -2.0]


# --- what a learner sees --------------------------------------------------------------

GOLDEN = {
    "bias_default": ["bias"],
    "bias_relu": ["bias", "--w", "2", "--b", "-1,1", "--activation", "relu"],
    "bias_negative_w": ["bias", "--w", "-1", "--b", "-2,0,2"],
    "bias_markdown": ["bias", "--format", "markdown"],
    "neuron_default": ["neuron", "--x", "2,3", "--w", "0.5,-1", "--b", "0.1"],
    "neuron_identity": ["neuron", "--x", "2,3", "--w", "0.5,-1", "--b", "0.1", "--activation", "identity"],
    "neuron_sigmoid_latex": ["neuron", "--x", "2,3", "--w", "0.5,-1", "--b", "0.1",
                             "--activation", "sigmoid", "--format", "latex"],
    "softmax_2_1_0.1": ["softmax", "--z", "2,1,0.1"],
    "softmax_1000_1001_1002": ["softmax", "--z", "1000,1001,1002"],
    "softmax_json": ["softmax", "--z", "2,1,0.1", "--format", "json"],
}  # fmt: skip


@pytest.mark.parametrize("name", GOLDEN)
def test_golden(golden, name):
    golden(name, GOLDEN[name])


@pytest.mark.parametrize("command", ["bias", "neuron", "softmax"])
def test_help(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output and f"nnexplain {command} --" in result.output


# --- every mistake: one Error line ----------------------------------------------------



@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        pytest.param(["bias", "--w", "0"], ["'--w'", "w = 0", "no shift −b/w"], id="bias-w-0"),
        pytest.param(["bias", "--w", "-0"], ["'--w'", "no shift"], id="bias-w-minus-0"),
        pytest.param(["bias", "--w", "nan"], ["'--w'", "finite"], id="bias-w-nan"),
        pytest.param(["bias", "--b", "1,inf"], ["'--b'", "finite"], id="bias-b-inf"),
        pytest.param(["bias", "--b", "1e400"], ["'--b'", "too large"], id="bias-b-too-large"),
        pytest.param(["bias", "--x", "nan"], ["'--x'", "finite"], id="bias-x-nan"),
        pytest.param(["bias", "--b", "1,2,3,4,5"], ["'--b'", "5 biases", "at most 4"], id="bias-too-many"),
        pytest.param(["bias", "--w", "1e-300", "--b", "1e300"], ["'--b'", "shift", "1.8e308"], id="bias-shift-overflows"),
        pytest.param(["bias", "--w", "1", "--b", "1e20"], ["'--b'", "give --x"], id="bias-no-room-for-x"),
        pytest.param(["bias", "--w", "5e-324", "--b", "0"], ["'--w'", "so small"], id="bias-tiny-w"),
        pytest.param(["bias", "--w", "10", "--x", "1e308"], ["'--x'", "1.8e308"], id="bias-z-overflows"),
        pytest.param(["bias", "--activation", "softmax"], ["'--activation'", "sigmoid", "leaky_relu"], id="bias-unknown-activation"),
        pytest.param(["bias", "--x", "1:2"], ["'--x'", "START:STOP:COUNT"], id="bias-bad-range"),
        pytest.param(["neuron", "--x", "2,3", "--w", "1,2,3"], ["'--w'", "3 numbers", "--x has 2 numbers"], id="neuron-lengths"),
        pytest.param(["neuron", "--x", "2", "--w", "1,2"], ["'--w'", "2 numbers", "--x has 1 number"], id="neuron-lengths-1"),
        pytest.param(["neuron", "--x", "nan", "--w", "1"], ["'--x'", "finite"], id="neuron-x-nan"),
        pytest.param(["neuron", "--x", "1", "--w", "-inf"], ["'--w'", "finite"], id="neuron-w-inf"),
        pytest.param(["neuron", "--x", "1", "--w", "1", "--b", "1e999"], ["'--b'", "too large"], id="neuron-b-too-large"),
        pytest.param(["neuron", "--x", "1e200,1", "--w", "1e200,1"], ["'--w'", "x₁·w₁", "1.8e308"], id="neuron-product-overflows"),
        pytest.param(["neuron", "--x", "1e308,1e308", "--w", "1,1"], ["'--w'", "Σ xᵢ·wᵢ + b", "1.8e308"], id="neuron-sum-overflows"),
        pytest.param(["neuron", "--x", "1", "--w", "1", "--activation", "relu6"], ["'--activation'", "identity"], id="neuron-unknown-activation"),
        pytest.param(["neuron", "--w", "1"], ["'--x'"], id="neuron-missing-x"),
        pytest.param(["neuron", "--x", "1", "--w", "1", "--activation", "leaky_relu", "--slope", "2"], ["'--slope'", "[0, 1)"], id="neuron-bad-slope"),
        pytest.param(["softmax", "--z", "3"], ["'--z'", "1 score", "at least 2"], id="softmax-one-score"),
        pytest.param(["softmax", "--z", "1,nan"], ["'--z'", "finite"], id="softmax-nan"),
        pytest.param(["softmax", "--z", "1,1e400"], ["'--z'", "too large"], id="softmax-too-large"),
        pytest.param(["softmax"], ["'--z'"], id="softmax-missing-z"),
    ],
)  # fmt: skip
def test_bad_input_gets_one_error_line(args, mentions):
    error_line(invoke(*args), *mentions)


def test_too_many_inputs_and_scores_are_refused():
    many = ",".join(["1"] * 10_001)
    error_line(invoke("neuron", "--x", many, "--w", many), "'--x'", "10,001 inputs", "10,000")
    error_line(invoke("softmax", "--z", many), "'--z'", "10,001 scores", "10,000")


@pytest.mark.parametrize(
    ("name", "mentions"),
    [("missing/figure.png", ["'--plot'", "does not exist"]), ("figure.jpg", ["'--plot'", ".png"])],
)
def test_bad_plot_path_writes_nothing(tmp_path, name, mentions):
    result = invoke("bias", "--plot", tmp_path / name)
    error_line(result, *mentions)
    assert os.listdir(tmp_path) == []
    assert result.stdout == ""


def test_an_undrawable_figure_is_refused_before_anything_is_written(tmp_path):
    result = invoke("bias", "--x", "1e301", "--plot", tmp_path / "figure.png")
    error_line(result, "'--plot'", "1e+300")
    assert os.listdir(tmp_path) == []


# --- the bias figure ------------------------------------------------------------------


def test_bias_curves_are_the_core_activation_over_the_table_and_the_shifts():
    data = bias_curves(1.0, [-2.0, 0.0, 2.0], "sigmoid")
    assert data.shifts == (2.0, -0.0, -2.0) and data.level == 0.5
    for curve in data.curves:
        assert curve.x.size >= CURVE_POINTS and curve.x[0] == -5.0 and curve.x[-1] == 5.0
        assert set(data.shifts) <= set(curve.x.tolist())
        np.testing.assert_array_equal(curve.y, core.sigmoid(curve.x * 1.0 + curve.parameter))


def test_bias_figure_draws_the_data_with_guides_at_the_shifts():
    from nnexplain.plot.bias import bias_figure

    data = bias_curves(2.0, [-1.0, 1.0], "relu", slope=0.01)
    figure = bias_figure(data)
    (axes,) = figure.axes
    lines = axes.get_lines()
    curves = [line for line in lines if not line.get_label().startswith("_")]
    assert [line.get_label() for line in curves] == ["$b = -1$", "$b = 1$"]
    for line, curve in zip(curves, data.curves):
        np.testing.assert_array_equal(line.get_xdata(), curve.x)
        np.testing.assert_array_equal(line.get_ydata(), curve.y)
    guides = [line for line in lines if line.get_linestyle() == "--"]
    assert [tuple(line.get_xdata()) for line in guides] == [(0.5, 0.5), (-0.5, -0.5)]
    dots = [line for line in lines if line.get_marker() == "o"]
    assert [(line.get_xdata()[0], line.get_ydata()[0]) for line in dots] == [(0.5, 0.0), (-0.5, 0.0)]
    for guide, dot, curve in zip(guides, dots, curves):
        assert guide.get_color() == dot.get_color() == curve.get_color()
    assert axes.get_xlabel() == "$x$"
    assert axes.get_ylabel() == r"$\mathrm{ReLU}(w \cdot x + b)$"
    assert "ReLU" in axes.get_title() and "$w = 2$" in axes.get_title()
    assert [t.get_text() for t in axes.get_legend().get_texts()] == ["$b = -1$", "$b = 1$"]


def test_sigmoid_axis_label_uses_mathtext():
    from nnexplain.plot.bias import bias_figure

    axes = bias_figure(bias_curves(1.0, [0.5], "sigmoid")).axes[0]
    assert axes.get_ylabel() == r"$\sigma(w \cdot x + b)$"
    assert [line.get_label() for line in axes.get_lines()][0] == "$b = 0.5$"


@pytest.mark.parametrize("extension", ["png", "svg", "pdf"])
def test_bias_figure_saves_byte_identical(tmp_path, extension):
    from nnexplain.plot import save_figure
    from nnexplain.plot.bias import bias_figure

    first, second = tmp_path / f"a.{extension}", tmp_path / f"b.{extension}"
    for path in (first, second):
        save_figure(bias_figure(bias_curves(1.0, [-2.0, 0.0, 2.0], "tanh")), str(path))
    assert first.read_bytes() == second.read_bytes()
    assert first.stat().st_size > 1000


def test_bias_command_writes_the_figure(tmp_path):
    target = tmp_path / "bias.svg"
    result = CliRunner().invoke(cli, ["bias", "--w", "-1", "--plot", str(target)])
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 1000
    assert f"Figure saved to {target}" in result.stderr
    assert "Shift" in result.stdout
