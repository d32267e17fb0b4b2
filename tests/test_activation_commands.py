"""``nnexplain activation`` and ``nnexplain compare``: known values, the table against
the core, the computed properties, golden output, the figure and every error path."""

import json
import math
import os

import numpy as np
import pytest
from click.testing import CliRunner

from nnexplain import core
from nnexplain.cli import cli
from nnexplain.explain.activations import (
    CURVE_POINTS,
    MAX_MARKED,
    activation_curves,
    activation_example,
    compare_example,
)
from nnexplain.plot.activations import compare_figure
from nnexplain.plot.save import save_figure

from cli_checks import error_line

NAMES = tuple(core.ACTIVATIONS)


def invoke(*args):
    result = CliRunner().invoke(
        cli, [str(a) for a in args], env={"COLUMNS": "100"}, prog_name="nnexplain"
    )
    print(repr(result.output))
    return result


def run_json(*args):
    result = invoke(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- known values ------------------------------------------------------------------


def test_sigmoid_at_zero_is_a_half_with_slope_a_quarter():
    rows = run_json("activation", "sigmoid", "--z", "0")["rows"]
    assert rows["value"] == [0.5]
    assert rows["derivative"] == [0.25]


def test_tanh_slope_at_zero_is_one():
    rows = run_json("activation", "tanh", "--z", "0")["rows"]
    assert rows["value"] == [0.0]
    assert rows["derivative"] == [1.0]


def test_sigmoid_of_seven_to_full_precision():
    rows = run_json("activation", "sigmoid", "--z", "7")["rows"]
    assert rows["value"] == [1 / (1 + math.exp(-7))]
    assert rows["value_with_numbers"] == ["1 / (1 + e^(−7))"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("z", ["-5:5:11", "-2,0,0.5,3,1e-9,-40"])
def test_json_rows_are_the_core_values_exactly(name, z):
    document = run_json("activation", name, "--z", z, "--slope", "0.2")
    rows = document["rows"]
    points = np.array(rows["z"])
    assert rows["value"] == core.activate(name, points, 0.2).tolist()
    assert rows["derivative"] == core.activate_grad(name, points, 0.2).tolist()
    if name == "identity":  # nothing to work out: z and 1
        assert set(rows) == {"z", "value", "derivative"}
    else:
        assert len(rows["value_with_numbers"]) == len(rows["derivative_with_numbers"]) == points.size


def test_compare_json_rows_are_the_core_values_exactly():
    rows = run_json("compare", *NAMES, "--z", "-4:4:17", "--slope", "0.05")["rows"]
    z = np.linspace(-4, 4, 17)
    assert rows["z"] == z.tolist()
    for name in NAMES:
        assert rows[name] == core.activate(name, z, 0.05).tolist()
        assert rows[f"{name}_derivative"] == core.activate_grad(name, z, 0.05).tolist()


def test_typed_z_are_inputs_and_a_range_is_described_by_its_ends():
    assert run_json("activation", "relu", "--z", "-2,0.5")["inputs"] == {"z": [-2.0, 0.5]}
    assert run_json("activation", "leaky_relu", "--z", "-1:1:5", "--slope", "0.1")["inputs"] == {
        "z_start": -1.0, "z_stop": 1.0, "z_count": 5.0, "slope": 0.1,
    }  # fmt: skip


# --- the table against the core ----------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_derivative_column_is_the_core_slope_and_matches_finite_differences(name):
    z = np.array([-3.0, -1.3, -0.2, 0.4, 1.7, 4.0])  # away from ReLU's kink at 0
    worked = activation_example(name, z, typed=True, slope=0.1)
    derivative = worked.table.column("derivative").values
    np.testing.assert_array_equal(derivative, core.activate_grad(name, z, 0.1))
    np.testing.assert_array_equal(worked.table.column("value").values, core.activate(name, z, 0.1))
    h = 1e-6
    central = (core.activate(name, z + h, 0.1) - core.activate(name, z - h, 0.1)) / (2 * h)
    np.testing.assert_allclose(derivative, central, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", [n for n in NAMES if n != "identity"])
def test_each_arithmetic_cell_evaluates_to_its_value(name):
    # The cells' text, with the tool's notation turned back into Python, gives the
    # value column (to the digits the cell shows).
    z = np.array([-2.5, -1.0, 0.0, 0.75, 2.0])
    worked = activation_example(name, z, typed=True, slope=0.25)
    for key, values in (("value_with_numbers", "value"), ("derivative_with_numbers", "derivative")):
        column = worked.table.column(key)
        for i in range(column.rows):
            text = column.filled(i).fill(repr)
            assert evaluate(text) == pytest.approx(worked.table.column(values).values[i], rel=1e-12)


def evaluate(text):
    if "→" in text:  # "0.5 > 0 → 1": the chosen branch's value
        return float(text.split("→")[1])
    python = (
        text.replace("−", "-").replace("·", "*").replace("²", "**2").replace("^", "**")
        .replace("e**", "math.e**")
    )  # fmt: skip
    return eval(python, {"math": math, "max": max})


# --- computed properties -----------------------------------------------------------


def facts(worked, title=None):
    sections = [s for s in worked.sections if title is None or s.title == title]
    return {fact.label: fact.text for section in sections for fact in section.facts}


def text_of(filled):
    from nnexplain.render.numbers import format_exact, format_number

    return filled.fill(format_number, format_exact)


def test_sigmoid_vanishing_gradient_quotes_computed_numbers():
    fact = facts(activation_example("sigmoid", [0.0]))["Vanishing gradient"]
    far = core.sigmoid_grad(5.0)
    assert far in fact.numbers and 0.25 in fact.numbers
    assert round(0.25 / far) == 38 and 38.0 in fact.numbers
    assert "σ'(5) = 0.006648, 38× smaller than σ'(0) = 0.25" in text_of(fact)


def test_tanh_vanishing_gradient_ratio_is_rounded_to_a_whole_number():
    fact = facts(activation_example("tanh", [0.0]))["Vanishing gradient"]
    ratio = 1.0 / core.tanh_grad(5.0)
    assert f"{round(ratio)}× smaller than tanh'(0) = 1" in text_of(fact)


def test_ranges_follow_from_the_functions():
    def output_range(name, slope=0.01):
        return text_of(facts(activation_example(name, [0.0], slope=slope))["Output range"])

    assert output_range("sigmoid").startswith("(0, 1): σ(−10) = 4.54e-5")
    assert output_range("tanh").startswith("(−1, 1)")
    assert output_range("relu").startswith("[0, ∞)")
    assert output_range("leaky_relu").startswith("(−∞, ∞)")
    assert output_range("leaky_relu", slope=0.0).startswith("[0, ∞)")  # α = 0 is ReLU
    assert output_range("identity").startswith("(−∞, ∞)")


def test_zero_centred_or_not():
    def centred(name):
        return text_of(facts(activation_example(name, [0.0]))["Zero-centred"])

    assert centred("sigmoid").startswith("no: σ(0) = 0.5")
    assert centred("tanh").startswith("yes: tanh(0) = 0")
    assert centred("relu").startswith("no: ReLU(0) = 0")
    assert centred("leaky_relu").startswith("not quite")
    assert centred("identity").startswith("yes")


def test_largest_slopes():
    def top(name):
        return text_of(facts(activation_example(name, [0.0]))["Largest slope"])

    assert top("sigmoid").startswith("σ'(0) = 0.25, at z = 0 only")
    assert top("tanh").startswith("tanh'(0) = 1, at z = 0 only")
    assert top("relu").startswith("ReLU'(z) = 1 for every z > 0")
    assert top("identity") == "id'(z) = 1 for every z."


def test_relu_dead_zone_and_how_leaky_relu_avoids_it():
    relu = facts(activation_example("relu", [0.0]))
    assert "Dead zone" in relu and "Vanishing gradient" not in relu
    assert "ReLU'(z) = 0 for every z < 0 (ReLU'(−5) = 0)" in text_of(relu["Dead zone"])
    leaky = facts(activation_example("leaky_relu", [0.0], slope=0.1))
    assert "Dead zone" not in leaky
    text = text_of(leaky["Negative z"])
    assert "α = 0.1 for every z < 0, never 0" in text and "10× more slowly" in text
    # With α = 0 leaky ReLU is ReLU, and the panel says so.
    assert "Dead zone" in facts(activation_example("leaky_relu", [0.0], slope=0.0))


def test_identity_is_linear_regression():
    identity = facts(activation_example("identity", [0.0]))
    assert "linear regression" in text_of(identity["Linear"])


def test_your_z_saturation_is_counted():
    worked = activation_example("sigmoid", [-8.0, -1.0, 0.0, 6.0], typed=True)
    first, second = (text_of(line) for line in worked.interpretation)
    assert first.startswith("2 of your 4 z are saturated")
    assert core.sigmoid_grad(-8.0) < 0.01 * 0.25 and core.sigmoid_grad(6.0) < 0.01 * 0.25
    assert second.startswith("The flattest of them is z = −8: σ'(−8) = ")
    # σ'(40) = σ(40)·σ(−40) = 4.248e-18, not the 0 that σ(40)·(1 − σ(40)) gives.
    assert "σ'(40) = 4.248e-18, 5.885e16× smaller than at z = 0" in text_of(
        activation_example("sigmoid", [40.0], typed=True).interpretation[1]
    )
    assert "σ'(1000) = 0 in float64" in text_of(
        activation_example("sigmoid", [1000.0], typed=True).interpretation[1]
    )


def test_your_z_below_zero_are_counted_for_relu():
    line, kink = activation_example("relu", [-2.0, 0.0, 0.5, 3.0], typed=True).interpretation
    assert text_of(line).startswith("2 of your 4 z are ≤ 0: there the output is 0")
    assert text_of(kink).startswith("At your z = 0, ReLU has no derivative")
    (line,) = activation_example("relu", [1.0, 2.0], typed=True).interpretation
    assert text_of(line).startswith("None of your z is ≤ 0")


def test_guidance_quotes_core_numbers():
    worked = compare_example(["sigmoid", "relu"], [0.0, 1.0])
    guide = facts(worked, "Which to use where")
    assert set(guide) == {"Binary output", "Multi-class output", "Hidden layers", "Regression output"}
    sigma = core.sigmoid(2.2)
    assert sigma in guide["Binary output"].numbers
    assert "σ(2.2) = 0.9002, “90% sure it is a 7”" in text_of(guide["Binary output"])
    probabilities = core.softmax(np.array([2.0, 1.0, 0.1]))
    assert set(probabilities) <= set(guide["Multi-class output"].numbers)
    assert "sum 1" in text_of(guide["Multi-class output"])
    hidden = text_of(guide["Hidden layers"])
    assert "ReLU'(5) = 1 against σ'(5) = 0.006648" in hidden
    assert "does not saturate for z > 0" in hidden and "For z < 0 it is flat (slope 0)" in hidden
    assert "id(−3.7) = −3.7" in text_of(guide["Regression output"])


def test_compare_summarises_each_function():
    worked = compare_example(["sigmoid", "tanh", "relu", "leaky_relu", "identity"], [0.0, 1.0])
    summary = {label: text_of(text) for label, text in facts(worked, "How they differ").items()}
    assert list(summary) == ["Sigmoid", "Tanh", "ReLU", "Leaky ReLU", "Identity"]
    assert summary["Sigmoid"].startswith("outputs in (0, 1); not zero-centred, σ(0) = 0.5")
    assert summary["Tanh"].startswith("outputs in (−1, 1); zero-centred")
    assert "(dead zone)" in summary["ReLU"] and "(never 0)" in summary["Leaky ReLU"]
    assert "(linear)" in summary["Identity"]


def test_compare_needs_two_different_functions():
    with pytest.raises(ValueError):
        compare_example(["relu"], [0.0])
    with pytest.raises(ValueError):
        compare_example(["relu", "relu"], [0.0])


# --- what a learner sees -----------------------------------------------------------

GOLDEN = {
    "activation_sigmoid": ["activation", "sigmoid"],
    "activation_relu_list": ["activation", "relu", "--z", "-2,0,0.5,3"],
    "activation_leaky_relu_slope": ["activation", "leaky_relu", "--slope", "0.1"],
    "activation_identity": ["activation", "identity", "--z", "-1.5,0,2"],
    "activation_tanh_markdown": ["activation", "tanh", "--format", "markdown"],
    "activation_sigmoid_json": ["activation", "sigmoid", "--z", "-1,0,2.5", "--format", "json"],
    "activation_sigmoid_long": ["activation", "sigmoid", "--z", "-5:5:201"],
    "compare_default": ["compare", "sigmoid", "tanh", "relu"],
    "compare_leaky_identity": ["compare", "relu", "leaky_relu", "identity", "--z", "-2,-0.5,0,1.5"],
    "compare_latex": ["compare", "sigmoid", "tanh", "relu", "--format", "latex"],
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_output_matches_golden_file(name, golden):
    golden(name, GOLDEN[name])


def test_slope_is_ignored_by_functions_without_one():
    plain = invoke("activation", "sigmoid")
    sloped = invoke("activation", "sigmoid", "--slope", "0.3")
    assert plain.exit_code == sloped.exit_code == 0
    assert plain.stdout == sloped.stdout


@pytest.mark.parametrize("command", ["activation", "compare"])
def test_help(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    for text in ("Usage: nnexplain", "Example:", "--z", "-3:3:7", "--slope", "--plot", "--format",
                 "sigmoid, tanh, relu, leaky_relu"):  # fmt: skip
        assert text in result.output, text


# --- the figure --------------------------------------------------------------------


def labelled_lines(axes):
    return [line for line in axes.get_lines() if not line.get_label().startswith("_")]


def test_compare_figure_draws_each_function_and_slope_in_one_colour():
    data = activation_curves(["sigmoid", "tanh", "relu"], np.linspace(-5, 5, 11))
    figure = compare_figure(data)
    values, slopes = figure.axes
    assert [line.get_label() for line in labelled_lines(values)] == [
        r"$\sigma(z)$", r"$\tanh(z)$", r"$\mathrm{ReLU}(z)$",
    ]  # fmt: skip
    assert [line.get_label() for line in labelled_lines(slopes)] == [
        r"$\sigma'(z)$", r"$\tanh'(z)$", r"$\mathrm{ReLU}'(z)$",
    ]  # fmt: skip
    for curve, value_line, slope_line in zip(
        data.curves, labelled_lines(values), labelled_lines(slopes)
    ):
        np.testing.assert_array_equal(value_line.get_xdata(), curve.z)
        np.testing.assert_array_equal(value_line.get_ydata(), curve.value)
        np.testing.assert_array_equal(slope_line.get_ydata(), curve.derivative)
        np.testing.assert_array_equal(curve.value, core.activate(curve.name, curve.z))
        np.testing.assert_array_equal(curve.derivative, core.activate_grad(curve.name, curve.z))
        assert value_line.get_color() == slope_line.get_color()
    colours = {line.get_color() for line in labelled_lines(values)}
    assert len(colours) == 3
    assert (values.get_xlabel(), values.get_ylabel()) == ("$z$", "$f(z)$")
    assert (slopes.get_xlabel(), slopes.get_ylabel()) == ("$z$", "$f'(z)$")
    assert values.get_title() and slopes.get_title()
    assert figure.get_suptitle() == "Sigmoid, Tanh and ReLU: values and slopes"
    legend = [t.get_text() for t in slopes.get_legend().get_texts()]
    assert legend == [r"$\sigma'(z)$", r"$\tanh'(z)$", r"$\mathrm{ReLU}'(z)$"]
    assert tuple(figure.get_size_inches()) == (12, 5)


def test_leaky_relu_legend_names_its_slope():
    figure = compare_figure(activation_curves(["relu", "leaky_relu"], [-1.0, 1.0], slope=0.2))
    labels = [line.get_label() for line in labelled_lines(figure.axes[0])]
    assert labels[1] == r"$\mathrm{LeakyReLU}(z)$, $\alpha = 0.2$"


def test_activation_figure_marks_your_z():
    z = [-2.0, 0.0, 0.5, 3.0]
    data = activation_curves(["relu"], z, mark=True)
    figure = compare_figure(data)
    for axes, values in zip(figure.axes, (core.relu(z), core.relu_grad(z))):
        curve, points = labelled_lines(axes)
        assert points.get_label() == "your z"
        np.testing.assert_array_equal(points.get_xdata(), z)
        np.testing.assert_array_equal(points.get_ydata(), values)
    assert activation_curves(["relu"], np.zeros(MAX_MARKED + 1), mark=True).points is None
    assert activation_curves(["relu", "tanh"], z, mark=True).points is None


def test_curves_span_your_z():
    (curve,) = activation_curves(["tanh"], [-2.0, 0.5, 3.0]).curves
    assert curve.z.size == CURVE_POINTS and (curve.z[0], curve.z[-1]) == (-2.0, 3.0)
    (curve,) = activation_curves(["tanh"], [1.0]).curves
    assert (curve.z[0], curve.z[-1]) == (-4.0, 6.0)
    dense = np.linspace(-1, 1, 1001)
    (curve,) = activation_curves(["tanh"], dense).curves
    np.testing.assert_array_equal(curve.z, dense)
    (curve,) = activation_curves(["identity"], [-1e300, 1e300]).curves
    assert np.all(np.isfinite(curve.z)) and (curve.z[0], curve.z[-1]) == (-1e300, 1e300)


@pytest.mark.parametrize("extension", ["png", "svg", "pdf"])
def test_saving_twice_gives_identical_bytes(tmp_path, extension):
    paths = [tmp_path / f"{n}.{extension}" for n in ("a", "b")]
    for path in paths:
        save_figure(compare_figure(activation_curves(["sigmoid", "relu"], [-3.0, 3.0])), str(path))
    assert paths[0].read_bytes() == paths[1].read_bytes()


@pytest.mark.parametrize(
    "args", [["activation", "sigmoid"], ["compare", "sigmoid", "tanh", "relu", "--z", "-5:5:201"]]
)
def test_plot_option_saves_the_figure(tmp_path, args):
    target = tmp_path / "figure.png"
    result = invoke(*args, "--plot", target)
    assert result.exit_code == 0
    assert f"Figure saved to {target}" in result.stderr
    assert target.read_bytes().startswith(b"\x89PNG")
    assert os.listdir(tmp_path) == ["figure.png"]


# --- bad input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        pytest.param(["activation", "softmax"], ["'NAME'", "'softmax'", "'sigmoid'", "'leaky_relu'", "'identity'"], id="unknown-name"),
        pytest.param(["activation", "Sigmoid"], ["'NAME'", "'Sigmoid'", "'sigmoid'"], id="capitalised-name"),
        pytest.param(["activation"], ["Missing argument 'NAME'", "sigmoid, tanh, relu, leaky_relu, identity"], id="no-name"),
        pytest.param(["activation", "relu", "tanh"], ["unexpected extra argument", "tanh"], id="two-names"),
        pytest.param(["compare", "relu"], ["'NAME NAME...'", "at least two", "sigmoid, tanh"], id="compare-one"),
        pytest.param(["compare"], ["'NAME NAME...'", "at least two"], id="compare-none"),
        pytest.param(["compare", "relu", "tanh", "relu"], ["'NAME NAME...'", "relu is named twice"], id="compare-duplicate"),
        pytest.param(["compare", "relu", "softmax"], ["'softmax'", "'sigmoid'", "'identity'"], id="compare-unknown"),
    ],
)  # fmt: skip
def test_bad_names(args, mentions):
    error_line(invoke(*args), *mentions)


@pytest.mark.parametrize("command", [["activation", "sigmoid"], ["compare", "sigmoid", "relu"]], ids=["activation", "compare"])
@pytest.mark.parametrize(
    ("extra", "mentions"),
    [
        pytest.param(["--z", "-3:3"], ["'--z'", "START:STOP:COUNT"], id="range-two-parts"),
        pytest.param(["--z", "1:2:3:4"], ["'--z'", "START:STOP:COUNT"], id="range-four-parts"),
        pytest.param(["--z", "a:3:7"], ["'--z'", "'a' is not a number"], id="range-text"),
        pytest.param(["--z", "-3:3:0"], ["'--z'", "has 0 points"], id="count-0"),
        pytest.param(["--z", "-3:3:1"], ["'--z'", "has 1 point;"], id="count-1"),
        pytest.param(["--z", "-3:3:10001"], ["'--z'", "at most 10,000"], id="count-too-large"),
        pytest.param(["--z", "-3:3:1000000000"], ["'--z'", "at most 10,000"], id="count-absurd"),
        pytest.param(["--z", "-3:3:2.5"], ["'--z'", "whole number"], id="count-fraction"),
        pytest.param(["--z", "3:-3:7"], ["'--z'", "START must be less than STOP"], id="range-backwards"),
        pytest.param(["--z", "nan:3:7"], ["'--z'", "finite"], id="range-nan"),
        pytest.param(["--z", "-inf:3:7"], ["'--z'", "finite"], id="range-inf"),
        pytest.param(["--z", "1,nan"], ["'--z'", "item 2", "finite"], id="list-nan"),
        pytest.param(["--z", "inf"], ["'--z'", "finite"], id="list-inf"),
        pytest.param(["--z", "1e400"], ["'--z'", "too large"], id="list-overflows"),
        pytest.param(["--z", "1,,2"], ["'--z'", "item 2", "empty"], id="list-empty-item"),
        pytest.param(["--z", ""], ["'--z'", "comma-separated"], id="list-empty"),
        pytest.param(["--z", ",".join(["1"] * 10_001)], ["'--z'", "at most 10,000"], id="list-too-long"),
        pytest.param(["--slope", "-0.1"], ["'--slope'", "[0, 1)"], id="slope-negative"),
        pytest.param(["--slope", "1"], ["'--slope'", "[0, 1)"], id="slope-1"),
        pytest.param(["--slope", "nan"], ["'--slope'", "finite"], id="slope-nan"),
        pytest.param(["--slope", "inf"], ["'--slope'", "finite"], id="slope-inf"),
        pytest.param(["--slope", "steep"], ["'--slope'", "'steep'"], id="slope-text"),
        pytest.param(["--format", "xml"], ["'--format'", "'json'"], id="format"),
        pytest.param(["--precision", "0"], ["'--precision'", "1<=x<=15"], id="precision"),
    ],
)  # fmt: skip
def test_bad_options(command, extra, mentions):
    error_line(invoke(*command, *extra), *mentions)


@pytest.mark.parametrize("command", [["activation", "relu"], ["compare", "sigmoid", "relu"]], ids=["activation", "compare"])
@pytest.mark.parametrize(
    ("target", "mentions"),
    [
        pytest.param("missing/figure.png", ["'--plot'", "missing", "does not exist"], id="missing-folder"),
        pytest.param("figure.jpg", ["'--plot'", "figure.jpg", ".png, .svg, .pdf"], id="extension"),
        pytest.param("figure", ["'--plot'", ".png, .svg, .pdf"], id="no-extension"),
        pytest.param("folder.png", ["'--plot'", "folder.png", "folder"], id="is-a-folder"),
        pytest.param("locked/figure.png", ["'--plot'", "locked", "cannot be written"], id="unwritable"),
    ],
)  # fmt: skip
def test_bad_plot_paths_write_nothing(tmp_path, command, target, mentions):
    (tmp_path / "folder.png").mkdir()
    (tmp_path / "locked").mkdir(mode=0o555)
    try:
        if "locked" in target and os.access(tmp_path / "locked", os.W_OK):
            pytest.skip("running as a user (root) who can write into a chmod 555 folder")
        before = sorted(os.listdir(tmp_path))
        error_line(invoke(*command, "--plot", tmp_path / target), *mentions)
        assert sorted(os.listdir(tmp_path)) == before
    finally:
        (tmp_path / "locked").chmod(0o755)


@pytest.mark.parametrize("command", [["activation", "identity"], ["compare", "sigmoid", "identity"]], ids=["activation", "compare"])
def test_plot_refuses_z_matplotlib_cannot_draw(tmp_path, command):
    result = invoke(*command, "--z", "-1e308,1e308", "--plot", tmp_path / "figure.png")
    error_line(result, "'--plot'", "1e308", "1e300", "leave out --plot")
    assert os.listdir(tmp_path) == []
    assert invoke(*command, "--z", "-1e308,1e308").exit_code == 0  # the table alone is fine
