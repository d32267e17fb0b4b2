"""``forward`` and ``backprop``: the worked numbers are the core's, the preset gives
the syllabus's numbers, what a learner sees is pinned, and every bad weights file or
option gets one ``Error:`` line with nothing else printed."""

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from nnexplain import examples
from nnexplain.cli import cli
from nnexplain.inputs.weights_file import MAX_FILE_BYTES, MAX_LAYERS, MAX_UNITS, read_network
from nnexplain.core.network import PRESET_X, backward, forward, input_terms, network_cost, preset, updated
from nnexplain.explain.backprop import backprop_example
from nnexplain.explain.network import Names, forward_example
from nnexplain.render.numbers import MINUS, format_exact

from cli_checks import error_line

ROOT = Path(__file__).parent.parent
XOR = Path(examples.path("xor_sigmoid"))
SYLLABUS = Path(examples.path("syllabus_2_2_1"))


def invoke(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], prog_name="nnexplain")
    print(repr(result.output))
    return result


def evaluate(text: str) -> float:
    """A step's ``substituted`` text (at full precision) evaluated as Python."""
    python = text.replace(MINUS, "-").replace("·", "*").replace("e^", "math.exp")
    return eval(python, {"__builtins__": {}}, {"math": math, "max": max})


def write(tmp_path, content, name="net.json"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def good_layers():
    return [
        {"W": [[1, -1, 0.5], [0.25, 2, -1]], "b": [0, 0.1, -0.2], "activation": "tanh"},
        {"W": [[1], [-1], [0.5]], "b": [0.3], "activation": "sigmoid"},
    ]


# --- golden files ---------------------------------------------------------------------

GOLDEN = {
    "forward_default": ["forward"],
    "forward_x_both_active": ["forward", "--x", "-1,1"],
    "forward_markdown": ["forward", "--format", "markdown"],
    "backprop_squared_default": ["backprop", "--target", "1"],
    "backprop_log_xor": ["backprop", "--weights", str(XOR), "--x", "1,1", "--target", "0", "--loss", "log"],
    "backprop_json": ["backprop", "--format", "json"],
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_output_matches_golden_file(name, golden):
    golden(name, GOLDEN[name])


# --- the preset -----------------------------------------------------------------------


def test_forward_gives_the_syllabus_numbers():
    document = json.loads(invoke("forward", "--format", "json").stdout)
    assert document["result"] == pytest.approx(13.94088, abs=5e-6)
    values = {step["formula"]: step["value"] for step in document["steps"]}
    assert values["h₁ = ReLU(z⁽¹⁾₁)"] == 0.0
    assert values["h₂ = ReLU(z⁽¹⁾₂)"] == pytest.approx(6.716128, abs=5e-7)
    assert document["summary"]["parameters"] == [6, 3, 9]
    assert document["inputs"]["x"] == [2, 3]


def test_forward_names_what_each_weight_connects():
    worked = forward_example(preset(), PRESET_X)
    labels = [step.label for step in worked.steps]
    assert "w⁽¹⁾₁₂: x₁ → h₂" in labels and "w⁽²⁾₂₁: h₂ → ŷ" in labels
    section = worked.sections[0]  # which weight connects what
    example = section.facts[-1].text.fill(format_exact)
    # 0.9812743 is W1[0][1]: input 1 → hidden unit 2, computed from the layout.
    assert "0.9812743 = w⁽¹⁾₁₂: x₁ → h₂" in example and "wrongly make it x₂ → h₁" in example


def test_forward_explains_why_h1_is_zero_with_its_weighted_sum():
    worked = forward_example(preset(), PRESET_X)
    lines = [line.fill(format_exact) for line in worked.interpretation]
    z1 = float(forward(preset(), PRESET_X)[0].z[0])
    assert any(f"z⁽¹⁾₁ = {format_exact(z1)} is not positive" in line for line in lines)
    assert any("2·2 + 2 = 6, 2·1 + 1 = 3" in line and line.startswith("9 parameters") for line in lines)


@pytest.mark.parametrize("x", [(2.0, 3.0), (-1.0, 1.0), (0.5, -4.25), (0.0, 0.0)])
def test_forward_steps_are_the_core_numbers(x):
    layers = preset()
    worked = forward_example(layers, x)
    passes = forward(layers, np.array(x))
    assert worked.result == passes[-1].a[0] and worked.steps[-1].value == worked.result
    by_group = {}
    for step in worked.steps:
        by_group.setdefault(step.group, []).append(step)
        text = step.substituted.fill(format_exact)
        assert evaluate(text) == pytest.approx(step.value, rel=1e-12, abs=1e-12), text
    names = Names(layers)
    for l, (current, step) in enumerate(zip(layers, passes), start=1):
        terms = input_terms(step.a_prev, current.W)
        for j in range(current.n_out):
            unit_steps = by_group[names.group(l, j)]
            assert [s.value for s in unit_steps[: current.n_in]] == terms[:, j].tolist()
            assert unit_steps[-2].value == step.z[j] and unit_steps[-1].value == step.a[j]


def test_forward_with_several_outputs_shows_a_table(tmp_path):
    path = write(tmp_path, [{"W": [[1, 2, 3]], "b": [0, 0, 1], "activation": "identity"}])
    result = invoke("forward", "--weights", path, "--x", "2", "--format", "json")
    document = json.loads(result.stdout)
    assert document["result"] is None
    assert document["outputs"]["unit"] == ["ŷ₁", "ŷ₂", "ŷ₃"]
    assert document["outputs"]["output"] == [2, 4, 7]


def test_deeper_networks_name_hidden_layers(tmp_path):
    layers = good_layers()
    layers.insert(1, {"W": [[1, 0, 0], [0, 1, 0], [0, 0, 1]], "b": [0, 0, 0], "activation": "relu"})
    path = write(tmp_path, layers)
    document = json.loads(invoke("forward", "--weights", path, "--x", "1,2", "--format", "json").stdout)
    groups = [step["group"] for step in document["steps"]]
    assert groups[0] == "Hidden layer 1, unit h⁽¹⁾₁" and "Hidden layer 2, unit h⁽²⁾₃" in groups
    assert groups[-1] == "Output layer, unit ŷ"
    assert document["title"].startswith("Forward pass through a 2-3-3-1 network")


# --- backprop -------------------------------------------------------------------------


def test_backprop_json_carries_the_core_gradients():
    document = json.loads(invoke("backprop", "--format", "json").stdout)
    layers = preset()
    x = np.array(PRESET_X)
    grads = backward(layers, forward(layers, x), [1.0])
    for l, grad in enumerate(grads, start=1):
        table = document[f"layer{l}"]
        expected = np.concatenate([grad.dW.reshape(-1), grad.db])
        assert table["gradient"] == expected.tolist()  # full precision, bit for bit
        stepped = updated(layers, grads, 0.001)[l - 1]
        assert table["updated"] == np.concatenate([stepped.W.reshape(-1), stepped.b]).tolist()
    assert document["layer1"]["connects"][1] == "x₁ → h₂"
    assert document["result"] == network_cost(layers, x, [1.0])


@pytest.mark.parametrize(
    ("path", "x", "target", "loss"),
    [(None, (2.0, 3.0), 1.0, "squared"), (None, (-1.0, 1.0), -3.5, "squared"),
     (XOR, (1.0, 1.0), 0.0, "log"), (XOR, (0.5, 0.25), 1.0, "log"), (XOR, (2.0, 0.5), 0.3, "squared")],
)  # fmt: skip
def test_backprop_steps_compute_and_are_the_core_gradients(path, x, target, loss):
    layers = preset() if path is None else read_network(str(path))
    worked = backprop_example(layers, x, target, loss, 0.001)
    grads = backward(layers, forward(layers, np.array(x)), [target], loss)
    values = {step.label: step.value for step in worked.steps}
    for step in worked.steps:
        text = step.substituted.fill(format_exact)
        if "→" not in text:  # ReLU's slope is a rule (z > 0 → 1), not arithmetic
            assert evaluate(text) == pytest.approx(step.value, rel=1e-12, abs=1e-15), (step.label, text)
    assert values["∂L/∂w⁽¹⁾₁₂ (x₁ → h₂)"] == grads[0].dW[0, 1]
    assert values["∂L/∂b⁽²⁾₁ (bias of ŷ)"] == grads[1].db[0]
    assert values["Error signal of h₂"] == grads[0].dz[1]


def test_backprop_loss_goes_down_with_the_default_learning_rate():
    worked = backprop_example(preset(), PRESET_X, 1.0, "squared", 0.001)
    facts = {fact.label: fact.text.fill(format_exact) for fact in worked.sections[0].facts}
    after = network_cost(updated(preset(), backward(preset(), forward(preset(), np.array(PRESET_X)), [1.0]), 0.001),
                         np.array(PRESET_X), [1.0])
    assert after < worked.result
    assert facts["Change"].startswith("the loss went down by")
    assert format_exact(after) in facts["After"]


def test_backprop_says_honestly_when_the_loss_goes_up():
    worked = backprop_example(preset(), PRESET_X, 20.0, "squared", 0.01)
    change = {fact.label: fact.text.fill(format_exact) for fact in worked.sections[0].facts}["Change"]
    assert "went UP" in change and "smaller" in change


def test_backprop_notices_a_unit_the_step_switched_off():
    worked = backprop_example(preset(), PRESET_X, 1.0, "squared", 0.01)
    lines = [line.fill(format_exact) for line in worked.interpretation]
    assert any(line.startswith("The step switched h₂ off") for line in lines)
    quiet = backprop_example(preset(), PRESET_X, 1.0, "squared", 0.001)
    assert not any("switched" in line.fill(format_exact) for line in quiet.interpretation)


def test_log_loss_with_a_sigmoid_output_gives_the_plain_error():
    worked = backprop_example(read_network(str(XOR)), (1.0, 1.0), 0.0, "log", 0.001)
    delta = {step.label: step.value for step in worked.steps}["Error signal of ŷ"]
    y_hat = float(forward(read_network(str(XOR)), np.array([1.0, 1.0]))[-1].a[0])
    assert delta == pytest.approx(y_hat - 0.0, rel=1e-15)
    assert "ŷ − y" in worked.interpretation[0].template


def test_a_network_that_cannot_learn_from_this_example_says_so(tmp_path):
    path = write(tmp_path, [{"W": [[-1.0]], "b": [0.0], "activation": "relu"}])
    worked = backprop_example(read_network(str(path)), (2.0,), 1.0)
    lines = [line.fill(format_exact) for line in worked.interpretation]
    assert "Every gradient is 0: this example cannot change any parameter." in lines
    change = {fact.label: fact.text.fill(format_exact) for fact in worked.sections[0].facts}["Change"]
    assert change == "the loss did not change: no gradient could move it"


def test_dead_relu_unit_gets_no_gradient_and_is_explained():
    worked = backprop_example(preset(), PRESET_X, 1.0, "squared", 0.001)
    text = " ".join(line.fill(format_exact) for line in worked.interpretation)
    assert "w⁽¹⁾₁₁, w⁽¹⁾₂₁ and b⁽¹⁾₁ get no gradient" in text
    assert "h₁ = 0, so ∂z/∂w = h₁ = 0 for w⁽²⁾₁₁" in text


# --- weights files --------------------------------------------------------------------


def test_shipped_example_files_load():
    for ours, theirs in zip(read_network(str(SYLLABUS)), preset()):
        np.testing.assert_array_equal(ours.W, theirs.W)
        np.testing.assert_array_equal(ours.b, theirs.b)
        assert ours.activation == theirs.activation
    xor = read_network(str(XOR))
    outputs = [float(forward(xor, np.array(x))[-1].a[0]) for x in ((0, 0), (0, 1), (1, 0), (1, 1))]
    assert outputs[0] < 0.5 < outputs[1] and outputs[3] < 0.5 < outputs[2]


def test_the_docs_example_is_the_preset(tmp_path):
    text = (ROOT / "docs" / "weights.md").read_text(encoding="utf-8")
    block = re.search(r"```json\n(.*?)```", text, re.S).group(1)
    assert json.loads(block) == json.loads(SYLLABUS.read_text(encoding="utf-8"))
    for number in (MAX_LAYERS, MAX_UNITS):
        assert f"at most **{number} " in text


def test_weights_file_with_a_bom_and_integers_reads(tmp_path):
    path = write(tmp_path, b"\xef\xbb\xbf" + json.dumps(good_layers()).encode())
    layers = read_network(str(path))
    assert [c.activation for c in layers] == ["tanh", "sigmoid"]
    assert layers[0].W.dtype == np.float64 and layers[0].W.shape == (2, 3)


def weights_error(tmp_path, content, *mentions, args=("--x", "1,2")):
    path = write(tmp_path, content)
    result = invoke("forward", "--weights", path, *args)
    line = error_line(result, "'--weights'", str(path), *mentions)
    assert result.stdout == ""  # nothing printed before the error
    return line


def test_weights_file_must_be_valid_json(tmp_path):
    line = weights_error(tmp_path, '[{"W": [[1]], "b": [0],\n  "activation": "relu",}]', "not valid JSON")
    assert "line 2, column" in line


def test_weights_file_problems_name_the_layer_and_field(tmp_path):
    bad = good_layers()
    bad[1]["W"] = [[1], [2]]
    weights_error(tmp_path, bad, "layer 2, field 'W'", "2 rows", "layer 1 has 3 units", "do not chain")


@pytest.mark.parametrize(
    ("change", "mentions"),
    [
        (lambda L: L[0].pop("W"), ("layer 1", "no field 'W'")),
        (lambda L: L[1].pop("b"), ("layer 2", "no field 'b'")),
        (lambda L: L[1].pop("activation"), ("layer 2", "no field 'activation'")),
        (lambda L: L[0].update(bias=[1]), ("layer 1", "unknown field 'bias'")),
        (lambda L: L[0].update(W=5), ("layer 1, field 'W'", "a number", "list of rows")),
        (lambda L: L[0].update(W=[]), ("layer 1, field 'W'", "empty")),
        (lambda L: L[0].update(W=[1, 2]), ("layer 1, field 'W'", "flat list", "[[0.5], [-1]]")),
        (lambda L: L[0].update(W=[[1, 2, 3], 4]), ("layer 1, field 'W', row 2", "a number")),
        (lambda L: L[0].update(W=[[1, 2, 3], []]), ("layer 1, field 'W', row 2", "empty")),
        (lambda L: L[0].update(W=[[1, 2, 3], [1, 2]]), ("layer 1, field 'W', row 2", "2 numbers", "rectangular")),
        (lambda L: L[0].update(W=[[1, True, 3], [1, 2, 3]]), ("row 1, item 2", "true, not a number")),
        (lambda L: L[0].update(W=[[1, None, 3], [1, 2, 3]]), ("row 1, item 2", "null")),
        (lambda L: L[0].update(W=[[1, "2", 3], [1, 2, 3]]), ("row 1, item 2", 'string "2"')),
        (lambda L: L[0].update(W=[[1, [2], 3], [1, 2, 3]]), ("row 1, item 2", "a list, not a number")),
        (lambda L: L[0].update(b="0"), ("layer 1, field 'b'", "list of numbers")),
        (lambda L: L[0].update(b=[]), ("layer 1, field 'b'", "empty")),
        (lambda L: L[0].update(b=[0, 1]), ("layer 1, field 'b'", "2 numbers", "3 columns")),
        (lambda L: L[1].update(b=[False]), ("layer 2, field 'b', item 1", "false")),
        (lambda L: L[1].update(activation="softmax"), ("layer 2, field 'activation'", "'softmax'", "sigmoid, tanh, relu, leaky_relu, identity")),
        (lambda L: L[1].update(activation=1), ("layer 2, field 'activation'", "a number", "sigmoid")),
        (lambda L: L.__setitem__(1, [1, 2]), ("layer 2 is a list", "an object")),
        (lambda L: L.clear(), ("empty list",)),
        (lambda L: L.extend([{"W": [[1]], "b": [0], "activation": "relu"}] * MAX_LAYERS), (f"at most {MAX_LAYERS}",)),
    ],
)  # fmt: skip
def test_weights_file_errors(tmp_path, change, mentions):
    layers = good_layers()
    change(layers)
    weights_error(tmp_path, layers, *mentions)


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        ('[{"W": [[NaN, 1, 2], [1, 2, 3]], "b": [0, 0, 0], "activation": "relu"}]', ("row 1, item 1", "NaN", "finite")),
        ('[{"W": [[1, 1, 2], [1, 2, 3]], "b": [0, Infinity, 0], "activation": "relu"}]', ("field 'b', item 2", "Infinity")),
        ('[{"W": [[1e400, 1, 2], [1, 2, 3]], "b": [0, 0, 0], "activation": "relu"}]', ("row 1, item 1", "largest float64")),
        ('[{"W": [[1]], "W": [[2]], "b": [0], "activation": "relu"}]', ("layer 1", "'W' twice")),
        ('{"layers": []}', ("a JSON object", "list of layers")),
        ("3", ("holds a number", "list of layers")),
        ("   \n", ("is empty",)),
        ("[" * 100_000 + "]" * 100_000, ("nested too deeply",)),
    ],
)  # fmt: skip
def test_weights_file_text_errors(tmp_path, text, mentions):
    weights_error(tmp_path, text, *mentions)


def test_weights_file_too_many_units(tmp_path):
    wide = [{"W": [[0.0] * (MAX_UNITS + 1)] * 2, "b": [0.0] * (MAX_UNITS + 1), "activation": "relu"}]
    weights_error(tmp_path, wide, "layer 1, field 'W'", f"{MAX_UNITS + 1} columns", f"at most {MAX_UNITS}")
    tall = [{"W": [[0.0]] * (MAX_UNITS + 1), "b": [0.0], "activation": "relu"}]
    weights_error(tmp_path, tall, "layer 1, field 'W'", f"{MAX_UNITS + 1} rows", f"at most {MAX_UNITS}")


def test_weights_file_that_fails_in_its_last_layer_prints_nothing(tmp_path):
    layers = good_layers() + [{"W": [[1.0]], "b": [0.0], "activation": "swish"}]
    for command in ("forward", "backprop"):
        path = write(tmp_path, layers)
        result = invoke(command, "--weights", path, "--x", "1,2")
        error_line(result, "layer 3, field 'activation'", "'swish'")
        assert result.stdout == ""


def test_weights_file_cannot_be_read(tmp_path, monkeypatch):
    missing = tmp_path / "missing.json"
    error_line(invoke("forward", "--weights", missing), "'--weights'", str(missing), "does not exist")
    error_line(invoke("forward", "--weights", tmp_path), "'--weights'", "is a folder")
    error_line(invoke("forward", "--weights", ""), "'--weights'", "file name is empty")
    path = write(tmp_path, b"[\xff\xfe]")
    error_line(invoke("forward", "--weights", path), "'--weights'", "not a UTF-8 text file", "byte 2")
    big = write(tmp_path, b" " * (MAX_FILE_BYTES + 1), "big.json")
    error_line(invoke("forward", "--weights", big), "'--weights'", "larger than 1,000,000 bytes")

    def locked(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("nnexplain.reading._open", locked)
    error_line(invoke("forward", "--weights", path), "'--weights'", "permission denied")


# --- option errors --------------------------------------------------------------------


def test_x_of_the_wrong_length_says_the_expected_length(tmp_path):
    line = error_line(invoke("forward", "--x", "1,2,3"), "'--x'", "3 numbers", "takes 2 inputs")
    assert "give --x with 2" in line
    path = write(tmp_path, good_layers())
    error_line(invoke("backprop", "--weights", path, "--x", "1"), "'--x'", "1 number", "2 inputs", str(path))
    error_line(invoke("forward", "--x", "1,,2"), "'--x'", "item 2 is empty")


def test_numbers_beyond_float64_are_refused_never_printed(tmp_path):
    for command in ("forward", "backprop"):
        result = invoke(command, "--x", "1e308,1e308")
        line = error_line(result, "'--x'", "z⁽¹⁾₂", "largest float64")
        assert "nan" not in result.output and "inf" not in line.lower().replace("info", "")
    error_line(invoke("backprop", "--target", "1e300"), "'--target'", "loss", "largest float64")
    huge = write(tmp_path, [{"W": [[1e160]], "b": [0], "activation": "identity"},
                            {"W": [[1e-10]], "b": [0], "activation": "identity"}])  # fmt: skip
    error_line(invoke("backprop", "--weights", huge, "--x", "1"), "'--weights'", "gradient", "largest float64")
    # ŷ rounds to 1 here, but log loss is worked from z: a finite answer, not a refusal
    # (tests/test_backprop_edges.py checks its numbers).
    saturated = write(tmp_path, [{"W": [[1000]], "b": [0], "activation": "sigmoid"}], "saturated.json")
    result = invoke("backprop", "--weights", saturated, "--x", "1", "--loss", "log", "--target", "0")
    assert result.exit_code == 0 and "divides by 0" not in result.output and "L = 1000" in result.output
    error_line(invoke("backprop", "--lr", "1e300"), "'--lr'", "overshoots", "smaller --lr")


def test_learning_rate_must_be_positive():
    for lr in ("0", "-0.1"):
        error_line(invoke("backprop", "--lr", lr), "'--lr'", "not positive")
    error_line(invoke("backprop", "--lr", "nan"), "'--lr'", "not a finite number")


def test_log_loss_needs_a_sigmoid_output_and_a_label_in_0_1():
    line = error_line(invoke("backprop", "--loss", "log"), "'--loss'", "output in (0, 1)", "identity")
    assert "--loss squared" in line and "sigmoid" in line
    error_line(invoke("backprop", "--weights", XOR, "--loss", "log", "--target", "2"), "'--target'", "[0, 1]")
    error_line(invoke("backprop", "--loss", "cross"), "'--loss'")


def test_backprop_needs_one_output_unit(tmp_path):
    path = write(tmp_path, [{"W": [[1, 2]], "b": [0, 0], "activation": "identity"}])
    error_line(invoke("backprop", "--weights", path, "--x", "1"), "'--weights'", "2 output units", str(path))


@pytest.mark.parametrize("command", ["forward", "backprop"])
def test_help_has_a_summary_and_an_example(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output and f"nnexplain {command}" in result.output
    assert "--weights FILE.json" in result.output



# --- --show and --diagram-z ----------------------------------------------------------


def test_backprop_show_with_json_keeps_stdout_a_document_and_draws_the_graph_on_stderr():
    result = CliRunner().invoke(cli, ["backprop", "--show", "--format", "json"])
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)
    assert "Backpropagation through a 2-2-1 network" in result.stderr
    assert "g = ∂L/∂node" in result.stderr


def test_backprop_show_draws_a_graph_too_tall_for_a_slide(tmp_path):
    # --plot refuses a column of more boxes than a slide holds; the terminal's table
    # has a row per node, so --show draws it.
    wide = tmp_path / "wide.json"
    rng = np.random.default_rng(0)
    wide.write_text(json.dumps([
        {"W": rng.normal(size=(9, 2)).round(2).tolist(), "b": [0, 0], "activation": "relu"},
        {"W": [[1], [1]], "b": [0], "activation": "identity"}]), encoding="utf-8")
    x = ",".join(["1"] * 9)
    args = ["backprop", "--weights", str(wide), "--x", x]
    refused = CliRunner().invoke(cli, [*args, "--plot", str(tmp_path / "g.png")])
    assert refused.exit_code == 2 and "a slide can show" in refused.stderr
    shown = CliRunner().invoke(cli, [*args, "--show"])
    assert shown.exit_code == 0, shown.output
    assert "Backpropagation through a 9-2-1 network" in shown.stdout
    assert "x₉·w⁽¹⁾₉₂" in shown.stdout


def test_forward_help_offers_diagram_z():
    result = CliRunner().invoke(cli, ["forward", "--help"])
    assert "--diagram-z" in result.stdout and "before the activation" in result.stdout
