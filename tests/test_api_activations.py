"""The doors nx.activation, nx.compare, nx.bias, nx.neuron and nx.softmax: the same
JSON as their commands, the same errors (message and exit kind), their results and
their figures."""

import math
import subprocess
import sys

import numpy as np
import pytest

import nnexplain as nx
from api_checks import same_error_as_cli, same_json_as_cli
from nnexplain import core

MANY = ",".join(["1"] * 10_001)


# --- the same JSON ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, call",
    [
        (["activation", "sigmoid"], lambda: nx.activation("sigmoid")),
        (["activation", "relu", "--z", "-2,0,0.5,3"], lambda: nx.activation("relu", z=[-2, 0, 0.5, 3])),
        (["activation", "tanh", "--z", "-1.5,0,2"], lambda: nx.activation("tanh", z=np.array([-1.5, 0.0, 2.0]))),
        (["activation", "leaky_relu", "--slope", "0.1"], lambda: nx.activation("leaky_relu", slope=0.1)),
        (["activation", "identity", "--z", "-5:5:11"], lambda: nx.activation("identity", z="-5:5:11")),
        (["activation", "sigmoid", "--z", "0.1,2"], lambda: nx.activation("sigmoid", z="0.1,2")),
        (["compare", "sigmoid", "tanh", "relu"], lambda: nx.compare(["sigmoid", "tanh", "relu"])),
        (["compare", "relu", "leaky_relu", "identity", "--z", "-2,-0.5,0,1.5", "--slope", "0.2"],
         lambda: nx.compare(("relu", "leaky_relu", "identity"), z=np.array([-2, -0.5, 0, 1.5]), slope=0.2)),
        (["compare", "tanh", "sigmoid", "--z", "-5:5:201"], lambda: nx.compare(["tanh", "sigmoid"], z="-5:5:201")),
        (["bias"], lambda: nx.bias()),
        (["bias", "--w", "2", "--b", "-1,1", "--activation", "relu"], lambda: nx.bias(w=2, b=[-1, 1], activation="relu")),
        (["bias", "--w", "-0.5", "--b", "3", "--x", "-3:3:7"], lambda: nx.bias(w=-0.5, b=np.array([3.0]), x="-3:3:7")),
        (["bias", "--b", "0,1", "--x", "-1,0.25,1", "--activation", "leaky_relu", "--slope", "0.3"],
         lambda: nx.bias(b=(0, 1), x=np.array([-1, 0.25, 1]), activation="leaky_relu", slope=0.3)),
        (["neuron", "--x", "2,3", "--w", "0.5,-1", "--b", "0.1", "--activation", "relu"],
         lambda: nx.neuron(x=[2, 3], w=[0.5, -1], b=0.1, activation="relu")),
        (["neuron", "--x", "2,3", "--w", "0.5,-1"], lambda: nx.neuron(np.array([2.0, 3.0]), np.array([0.5, -1.0]))),
        (["neuron", "--x", "1,2,3", "--w", "0.1,0.2,0.3", "--b", "-1", "--activation", "sigmoid"],
         lambda: nx.neuron((1, 2, 3), (0.1, 0.2, 0.3), b=-1, activation="sigmoid")),
        (["softmax", "--z", "2,1,0.1"], lambda: nx.softmax(z=[2, 1, 0.1])),
        (["softmax", "--z", "1000,1001,1002"], lambda: nx.softmax(np.array([1000.0, 1001.0, 1002.0]))),
        (["softmax", "--z", "1e308,-1e308,0"], lambda: nx.softmax("1e308,-1e308,0")),
    ],
)
def test_the_doors_give_the_same_json_as_the_commands(args, call):
    same_json_as_cli(args, call())


def test_the_same_json_at_another_precision():
    same_json_as_cli(["activation", "sigmoid", "--z", "-1,0,2.5"], nx.activation("sigmoid", z=[-1, 0, 2.5]),
                     precision=9)


# --- the same errors ---------------------------------------------------------------------

Z_ERRORS = [
    (["--z", "-3:3"], "-3:3"),
    (["--z", "1:2:3:4"], "1:2:3:4"),
    (["--z", "a:3:7"], "a:3:7"),
    (["--z", "-3:3:0"], "-3:3:0"),
    (["--z", "-3:3:1"], "-3:3:1"),
    (["--z", "-3:3:10001"], "-3:3:10001"),
    (["--z", "-3:3:1000000000"], "-3:3:1000000000"),
    (["--z", "-3:3:2.5"], "-3:3:2.5"),
    (["--z", "3:-3:7"], "3:-3:7"),
    (["--z", "nan:3:7"], "nan:3:7"),
    (["--z", "-1e308:1e308:3"], "-1e308:1e308:3"),
    (["--z", "1,nan"], "1,nan"),
    (["--z", "inf"], "inf"),
    (["--z", "1e400"], "1e400"),
    (["--z", MANY], MANY),
    (["--z", MANY], [1.0] * 10_001),
]


@pytest.mark.parametrize("args, z", Z_ERRORS, ids=range(len(Z_ERRORS)))
def test_bad_z_is_the_same_error_for_activation_and_compare(args, z):
    error = same_error_as_cli(["activation", "sigmoid", *args], lambda: nx.activation("sigmoid", z=z))
    assert error.hint == "'--z'"
    same_error_as_cli(["compare", "sigmoid", "relu", *args], lambda: nx.compare(["sigmoid", "relu"], z=z))


@pytest.mark.parametrize(
    "text, value",
    [("-0.1", -0.1), ("1", 1), ("1", 1.0), ("nan", "nan"), ("inf", "inf"), ("steep", "steep")],
)
def test_a_bad_slope_is_the_same_error_in_every_command(text, value):
    for args, call in (
        (["activation", "leaky_relu"], lambda: nx.activation("leaky_relu", slope=value)),
        (["compare", "relu", "leaky_relu"], lambda: nx.compare(["relu", "leaky_relu"], slope=value)),
        (["bias"], lambda: nx.bias(slope=value)),
        (["neuron", "--x", "1", "--w", "1"], lambda: nx.neuron([1], [1], slope=value)),
    ):
        error = same_error_as_cli([*args, "--slope", text], call)
        assert error.hint == "'--slope'"


@pytest.mark.parametrize(
    "args, call, mention",
    [
        (["activation", "softmax"], lambda: nx.activation("softmax"), "'NAME'"),
        (["activation", "Sigmoid"], lambda: nx.activation("Sigmoid"), "'Sigmoid'"),
        (["activation"], lambda: nx.activation(None), "Missing argument 'NAME'"),
        (["compare", "relu"], lambda: nx.compare(["relu"]), "at least two"),
        (["compare", "relu"], lambda: nx.compare("relu"), "at least two"),
        (["compare"], lambda: nx.compare([]), "at least two"),
        (["compare", "relu", "tanh", "relu"], lambda: nx.compare(["relu", "tanh", "relu"]), "named twice"),
        (["compare", "relu", "softmax"], lambda: nx.compare(["relu", "softmax"]), "'softmax'"),
        (["bias", "--w", "0"], lambda: nx.bias(w=0), "no shift −b/w"),
        (["bias", "--w", "-0"], lambda: nx.bias(w=-0.0), "no shift"),
        (["bias", "--w", "nan"], lambda: nx.bias(w="nan"), "finite"),
        (["bias", "--b", "1,inf"], lambda: nx.bias(b="1,inf"), "finite"),
        (["bias", "--b", "1e400"], lambda: nx.bias(b="1e400"), "too large"),
        (["bias", "--x", "nan"], lambda: nx.bias(x="nan"), "finite"),
        (["bias", "--b", "1,2,3,4,5"], lambda: nx.bias(b=[1, 2, 3, 4, 5]), "at most 4"),
        (["bias", "--w", "1e-300", "--b", "1e300"], lambda: nx.bias(w=1e-300, b=[1e300]), "shift"),
        (["bias", "--w", "1", "--b", "1e20"], lambda: nx.bias(w=1, b=[1e20]), "give --x"),
        (["bias", "--w", "5e-324", "--b", "0"], lambda: nx.bias(w="5e-324", b=[0]), "so small"),
        (["bias", "--w", "1e-308", "--b", "0"], lambda: nx.bias(w=1e-308, b=[0]), "rise spans"),
        (["bias", "--w", "10", "--x", "1e308"], lambda: nx.bias(w=10, x=[1e308]), "1.8e308"),
        (["bias", "--activation", "softmax"], lambda: nx.bias(activation="softmax"), "'--activation'"),
        (["bias", "--x", "1:2"], lambda: nx.bias(x="1:2"), "START:STOP:COUNT"),
        (["neuron", "--x", "2,3", "--w", "1,2,3"], lambda: nx.neuron([2, 3], [1, 2, 3]), "--x has 2 numbers"),
        (["neuron", "--x", "2", "--w", "1,2"], lambda: nx.neuron([2], np.array([1, 2])), "--x has 1 number"),
        (["neuron", "--x", "nan", "--w", "1"], lambda: nx.neuron("nan", [1]), "finite"),
        (["neuron", "--x", "1", "--w", "-inf"], lambda: nx.neuron([1], "-inf"), "finite"),
        (["neuron", "--x", "1", "--w", "1", "--b", "1e999"], lambda: nx.neuron([1], [1], b="1e999"), "too large"),
        (["neuron", "--x", "1e200,1", "--w", "1e200,1"], lambda: nx.neuron([1e200, 1], [1e200, 1]), "x₁·w₁"),
        (["neuron", "--x", "1e308,1e308", "--w", "1,1"], lambda: nx.neuron([1e308, 1e308], [1, 1]), "Σ xᵢ·wᵢ + b"),
        (["neuron", "--x", "1e308,1e308", "--w", "1,1", "--b", "-1e308"],
         lambda: nx.neuron([1e308, 1e308], [1, 1], b=-1e308), "even added exactly"),
        (["neuron", "--x", "1", "--w", "1", "--activation", "relu6"], lambda: nx.neuron([1], [1], activation="relu6"),
         "'--activation'"),
        (["neuron", "--w", "1"], lambda: nx.neuron(None, [1]), "Missing option '--x'"),
        (["neuron", "--x", "1"], lambda: nx.neuron([1], None), "Missing option '--w'"),
        (["neuron", "--x", MANY, "--w", MANY], lambda: nx.neuron(np.ones(10_001), np.ones(10_001)), "10,001 inputs"),
        (["softmax", "--z", "3"], lambda: nx.softmax([3]), "at least 2"),
        (["softmax", "--z", "3"], lambda: nx.softmax(3), "at least 2"),
        (["softmax", "--z", "1,nan"], lambda: nx.softmax("1,nan"), "finite"),
        (["softmax", "--z", "1,1e400"], lambda: nx.softmax("1,1e400"), "too large"),
        (["softmax"], lambda: nx.softmax(None), "Missing option '--z'"),
        (["softmax", "--z", MANY], lambda: nx.softmax([1.0] * 10_001), "10,001 scores"),
    ],
)
def test_a_bad_input_is_the_same_message_as_the_command(args, call, mention):
    error = same_error_as_cli(args, call)
    assert mention in str(error) and isinstance(error, ValueError)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), True, None, "abc", [[1, 2], [3, 4]]])
def test_python_values_that_are_not_numbers_are_input_errors(bad):
    with pytest.raises(nx.InputError, match="'--z'"):
        nx.activation("relu", z=[0, bad] if bad is not None and not isinstance(bad, list) else bad)
    with pytest.raises(nx.InputError, match="'--z'"):
        nx.softmax([1, bad] if not isinstance(bad, list) else bad)
    with pytest.raises(nx.InputError, match="'--w'"):
        nx.neuron([1, 2], [1, bad] if not isinstance(bad, list) else bad)
    with pytest.raises(nx.InputError, match="'--b'"):
        nx.bias(b=[bad] if not isinstance(bad, list) else bad)


# --- results --------------------------------------------------------------------------------


def test_activation_result_is_the_core_values_at_each_z():
    example = nx.activation("sigmoid", z=[-2, 0, 2])
    assert example.result.dtype == np.float64
    np.testing.assert_array_equal(example.result, core.sigmoid(np.array([-2.0, 0.0, 2.0])))
    assert example.result[1] == 0.5
    assert example.result[2] == pytest.approx(1 / (1 + math.exp(-2)), rel=1e-15)
    spaced = nx.activation("leaky_relu", slope=0.1).result  # the default z: -3:3:7
    np.testing.assert_allclose(spaced, [-0.3, -0.2, -0.1, 0, 1, 2, 3], rtol=1e-15)


def test_compare_result_has_one_row_per_function():
    result = nx.compare(["sigmoid", "tanh", "relu"], z=[-1, 0, 1]).result
    assert result.shape == (3, 3)
    np.testing.assert_array_equal(result[1], np.tanh([-1.0, 0.0, 1.0]))
    np.testing.assert_array_equal(result[2], [0.0, 0.0, 1.0])


def test_bias_result_is_each_shift_minus_b_over_w():
    np.testing.assert_array_equal(nx.bias(w=2, b=[-1, 1, 3]).result, [0.5, -0.5, -1.5])
    np.testing.assert_array_equal(nx.bias().result, [2.0, -0.0, -2.0])


def test_neuron_result_is_the_output():
    assert nx.neuron([2, 3], [0.5, -1], b=0.1, activation="relu").result == 0.0
    assert nx.neuron([2, 3], [0.5, -1], b=0.1, activation="identity").result == pytest.approx(-1.9, rel=1e-15)
    assert nx.neuron([1], [2], b=0.5, activation="sigmoid").result == pytest.approx(1 / (1 + math.exp(-2.5)), rel=1e-15)


def test_softmax_result_is_the_probabilities():
    p = nx.softmax([2, 1, 0.1]).result
    expected = np.exp([2, 1, 0.1]) / np.sum(np.exp([2, 1, 0.1]))
    np.testing.assert_allclose(p, expected, rtol=1e-15)
    np.testing.assert_allclose(nx.softmax([1000, 1001, 1002]).result, nx.softmax([0, 1, 2]).result, rtol=1e-15)


# --- figures ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, lines",
    [
        (lambda: nx.activation("relu", z=[-2, 0, 3]), 2),
        (lambda: nx.compare(["sigmoid", "tanh"]), 4),
        (lambda: nx.bias(w=2, b=[-1, 1], activation="relu"), 2),
        (lambda: nx.softmax([2, 1, 0.1]), 0),
    ],
    ids=["activation", "compare", "bias", "softmax"],
)
def test_the_doors_that_draw_return_a_figure(call, lines):
    from matplotlib.figure import Figure

    figure = call().figure()
    assert isinstance(figure, Figure) and figure.axes
    assert sum(len(axes.get_lines()) for axes in figure.axes) >= lines


def test_a_neuron_has_no_figure():
    example = nx.neuron([1], [1])
    assert not example.draws
    with pytest.raises(nx.InputError, match="no figure"):
        example.figure()


@pytest.mark.parametrize(
    "args, call",
    [
        (["activation", "relu", "--z", "-1,1e301"], lambda: nx.activation("relu", z=[-1, 1e301])),
        (["compare", "relu", "tanh", "--z", "-1e301,0"], lambda: nx.compare(["relu", "tanh"], z=[-1e301, 0])),
        (["bias", "--x", "1e301"], lambda: nx.bias(x=[1e301])),
        (["softmax", "--z", "1,1e301"], lambda: nx.softmax([1, 1e301])),
    ],
    ids=["activation", "compare", "bias", "softmax"],
)
def test_the_figure_the_command_refuses_is_refused_by_the_door(args, call, tmp_path):
    example = call()  # the worked example itself has no such limit
    assert example.to_json()
    error = same_error_as_cli([*args, "--plot", str(tmp_path / "figure.png")], example.figure)
    assert error.hint == "'--plot'"
    assert not (tmp_path / "figure.png").exists()


# --- the shared rules -------------------------------------------------------------------------


def test_the_rules_import_neither_click_nor_numpy():
    code = ("import sys, nnexplain.inputs.activations; "
            "print([m for m in ('click', 'numpy') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_command_line_lists_the_names_the_core_knows():
    from nnexplain.cli.options import ACTIVATION
    from nnexplain.inputs.activations import ACTIVATION_NAMES

    assert tuple(ACTIVATION.choices) == ACTIVATION_NAMES == tuple(core.ACTIVATIONS)
