"""The network doors (``nx.forward``, ``nx.backprop``, ``nx.linear_collapse``): the same
JSON and the same errors as their commands, results and figures; and the example
networks shipped as package data, named by ``--weights NAME`` from any folder."""

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import nnexplain as nx
from api_checks import cli_run, same_error_as_cli, same_json_as_cli
from nnexplain import examples
from nnexplain.cli import cli
from nnexplain.core import linear
from nnexplain.core.network import PRESET_X, forward as forward_pass, network_cost, preset
from nnexplain.inputs.weights_file import read_network

ROOT = Path(__file__).resolve().parent.parent
PACKAGED = ROOT / "nnexplain" / "examples"
XOR = PACKAGED / "xor_sigmoid.json"
XOR_LAYERS = json.loads(XOR.read_text(encoding="utf-8"))
TWO_OUT = [{"W": [[1, 2]], "b": [0, 0], "activation": "identity"}]


def write(tmp_path, layers, name="net.json"):
    path = tmp_path / name
    path.write_text(layers if isinstance(layers, str) else json.dumps(layers), encoding="utf-8")
    return path


# --- the same JSON as the command -------------------------------------------------------


@pytest.mark.parametrize(
    "args, call",
    [
        (["forward"], lambda: nx.forward()),
        (["forward", "--x", "1,0.5"], lambda: nx.forward(x=[1, 0.5])),
        (["forward", "--x", "-1,1"], lambda: nx.forward(np.array([-1.0, 1.0]))),
        (["forward", "--x", "-1,1"], lambda: nx.forward("-1,1")),
        (["forward", "--weights", "xor_sigmoid", "--x", "1,0"], lambda: nx.forward([1, 0], weights="xor_sigmoid")),
        (["forward", "--weights", str(XOR), "--x", "1,0"], lambda: nx.forward((1, 0), weights=XOR)),
        (["forward", "--weights", str(XOR), "--x", "1,0"], lambda: nx.forward([1, 0], weights=XOR_LAYERS)),
        (["forward", "--weights", "syllabus_2_2_1"], lambda: nx.forward(weights=preset())),
        (["forward", "--weights", "xor_sigmoid", "--x", "0,1"],
         lambda: nx.forward([0, 1], weights=[{"W": np.array(L["W"]), "b": np.array(L["b"]), "activation": L["activation"]}
                                            for L in XOR_LAYERS])),
        (["backprop"], lambda: nx.backprop()),
        (["backprop", "--target", "1", "--lr", "0.01"], lambda: nx.backprop(target=1, lr=0.01)),
        (["backprop", "--x", "-1,1", "--target", "-3.5"], lambda: nx.backprop(np.array([-1, 1]), target=-3.5)),
        (["backprop", "--weights", "xor_sigmoid", "--x", "1,1", "--target", "0", "--loss", "log"],
         lambda: nx.backprop([1, 1], target=0, loss="log", weights="xor_sigmoid")),
        (["backprop", "--weights", str(XOR), "--x", "2,0.5", "--target", "0.3"],
         lambda: nx.backprop(x=[2, 0.5], target="0.3", weights=XOR_LAYERS)),
        (["linear-collapse"], lambda: nx.linear_collapse()),
        (["linear-collapse", "--x", "1,2", "--x", "0.1,0.2"], lambda: nx.linear_collapse([[1, 2], [0.1, 0.2]])),
        (["linear-collapse", "--x", "1,2", "--x", "0.1,0.2"], lambda: nx.linear_collapse(np.array([[1, 2], [0.1, 0.2]]))),
        (["linear-collapse", "--x", "2,3"], lambda: nx.linear_collapse([2, 3])),
        (["linear-collapse", "--x", "2,3"], lambda: nx.linear_collapse("2,3")),
    ],
)
def test_the_doors_give_the_same_json_as_the_commands(args, call):
    same_json_as_cli(args, call())


def test_the_same_json_at_another_precision():
    same_json_as_cli(["backprop", "--weights", "xor_sigmoid", "--x", "1,0"],
                     nx.backprop([1, 0], weights="xor_sigmoid"), precision=8)


def test_a_weights_file_of_several_outputs(tmp_path):
    path = write(tmp_path, TWO_OUT + [])
    same_json_as_cli(["forward", "--weights", str(path), "--x", "2"], nx.forward([2], weights=path))
    example = nx.forward([2], weights=TWO_OUT)
    assert isinstance(example.result, np.ndarray) and example.result.tolist() == [2.0, 4.0]


# --- the same errors as the command -----------------------------------------------------


def _error_cases(tmp):
    """(args, call, mention) for every error path; the files are written in ``tmp``
    (None: only count the cases)."""
    counting = tmp is None
    folder = Path("/nowhere") if counting else tmp

    def file(layers, name):
        return folder / name if counting else write(folder, layers, name)

    tmp = folder
    huge = file([{"W": [[1e160]], "b": [0], "activation": "identity"},
                 {"W": [[1e-10]], "b": [0], "activation": "identity"}], "huge.json")
    two = file(TWO_OUT, "two.json")
    bad_json = file('[{"W": [[1]], "b": [0],\n  "activation": "relu",}]', "bad.json")
    swish = file([{"W": [[1]], "b": [0], "activation": "swish"}], "swish.json")
    missing = tmp / "missing.json"
    return [
        (["forward", "--x", "1,2,3"], lambda: nx.forward([1, 2, 3]), "takes 2 inputs"),
        (["forward", "--weights", str(two), "--x", "1,2"], lambda: nx.forward([1, 2], weights=two), "takes 1 input"),
        (["forward", "--x", "1e308,1e308"], lambda: nx.forward([1e308, 1e308]), "largest float64"),
        (["forward", "--weights", str(huge), "--x", "1e200"], lambda: nx.forward([1e200], weights=huge), "'--x' / '--weights'"),
        (["forward", "--weights", str(bad_json)], lambda: nx.forward(weights=bad_json), "not valid JSON"),
        (["forward", "--weights", str(swish)], lambda: nx.forward(weights=str(swish)), "'swish'"),
        (["forward", "--weights", str(missing)], lambda: nx.forward(weights=missing), "does not exist"),
        (["forward", "--weights", ""], lambda: nx.forward(weights=""), "file name is empty"),
        (["forward", "--weights", "xor"], lambda: nx.forward(weights="xor"), "syllabus_2_2_1, xor_sigmoid"),
        (["forward", "--x", "1,,2"], lambda: nx.forward("1,,2"), "item 2 is empty"),
        (["backprop", "--weights", "nope-1"], lambda: nx.backprop(weights="nope-1"), "neither a file"),
        (["backprop", "--lr", "0"], lambda: nx.backprop(lr=0), "not positive"),
        (["backprop", "--lr", "-0.1"], lambda: nx.backprop(lr=-0.1), "not positive"),
        (["backprop", "--lr", "nan"], lambda: nx.backprop(lr="nan"), "not a finite number"),
        (["backprop", "--lr", "1e300"], lambda: nx.backprop(lr=1e300), "overshoots"),
        (["backprop", "--loss", "log"], lambda: nx.backprop(loss="log"), "output in (0, 1)"),
        (["backprop", "--loss", "cross"], lambda: nx.backprop(loss="cross"), "'cross'"),
        (["backprop", "--weights", "xor_sigmoid", "--loss", "log", "--target", "2"],
         lambda: nx.backprop(target=2, loss="log", weights="xor_sigmoid"), "[0, 1]"),
        (["backprop", "--target", "1e300"], lambda: nx.backprop(target=1e300), "'--target' / '--x'"),
        (["backprop", "--weights", str(huge), "--x", "1"], lambda: nx.backprop([1], weights=huge), "gradient"),
        (["backprop", "--weights", str(two), "--x", "1"], lambda: nx.backprop([1], weights=two), "2 output units"),
        (["backprop", "--x", "1"], lambda: nx.backprop([1]), "takes 2 inputs"),
        (["linear-collapse", *["--x", "1,2"] * 21], lambda: nx.linear_collapse([[1, 2]] * 21), "at most 20"),
        (["linear-collapse", "--x", "1,2,3"], lambda: nx.linear_collapse([[1, 2, 3]]), "expected 2"),
        (["linear-collapse", "--x", "1,2", "--x", "1"], lambda: nx.linear_collapse([[1, 2], [1]]), "input 2 has 1 number"),
        (["linear-collapse", "--x", "1e308,1e308"], lambda: nx.linear_collapse([[1e308, 1e308]]), "float64"),
    ]


@pytest.mark.parametrize("case", range(len(_error_cases(None))))
def test_a_bad_input_is_the_same_error_everywhere(case, tmp_path):
    args, call, mention = _error_cases(tmp_path)[case]
    error = same_error_as_cli(args, call)
    assert mention in str(error) and isinstance(error, ValueError)


@pytest.mark.parametrize(
    "layers, mention",
    [
        ([{"W": [[float("nan")]], "b": [0], "activation": "relu"}], "the layers given, layer 1, field 'W', row 1, item 1 is NaN"),
        ([{"W": [1, 2], "b": [0], "activation": "relu"}], "flat list"),
        ({"W": [[1]], "b": [0], "activation": "relu"}, "the top level must be a list of layers"),
        ([{"W": [[1]], "b": [0], "activation": "relu", "bias": 1}], "unknown field 'bias'"),
        ([{"W": [[1]], "b": [0], "activation": "relu"}, {"W": [[1, 2]], "b": [0, 0], "activation": "relu"}],
         "the network given has 2 output units"),
        ([{"W": [[1]], "b": [0], "activation": object()}], "not a network"),
        ([], "empty list"),
    ],
)
def test_layers_from_python_follow_the_rules_of_a_file(layers, mention):
    with pytest.raises(nx.InputError, match=re.escape(mention)) as caught:
        nx.backprop([1], weights=layers)
    assert caught.value.hint == "'--weights'"


def test_x_that_is_not_numbers_names_x():
    for bad in ([1, "a"], [[1, 2]], [True, 1], None):
        with pytest.raises(nx.InputError, match="'--x'"):
            nx.forward(bad)
    with pytest.raises(nx.InputError, match="'--x'"):
        nx.linear_collapse([[1, "a"]])


# --- results and figures ---------------------------------------------------------------


def test_results_are_the_core_numbers():
    layers = preset()
    assert nx.forward().result == float(forward_pass(layers, np.array(PRESET_X))[-1].a[0])
    assert nx.forward().result == pytest.approx(13.94088, abs=5e-6)
    assert nx.backprop().result == network_cost(layers, np.array(PRESET_X), [1.0])
    rows = np.array([[1.0, 2.0], [0.1, 0.2]])
    result = nx.linear_collapse(rows).result
    np.testing.assert_array_equal(result, linear.collapse(linear.example_stack(), rows).stacked[:, 0])
    assert result.shape == (2,)
    assert nx.linear_collapse().result.shape == (len(linear.example_inputs()),)


@pytest.mark.parametrize("door", [nx.forward, nx.backprop, nx.linear_collapse])
def test_each_docstring_example_is_what_the_door_gives(door):
    (call, shown), = re.findall(r">>> (.+)\n\s+(.+)\n", door.__doc__)
    assert repr(eval(call, {"nx": nx})) == shown  # noqa: S307 (our own docstring)
    assert door.__annotations__["return"] in ("Example", nx.Example)


def test_forward_linear_collapse_and_backprop_draw():
    from matplotlib.figure import Figure

    assert isinstance(nx.forward().figure(), Figure)
    assert isinstance(nx.forward([1, 0], weights="xor_sigmoid", diagram_values=False).figure(style="dark"), Figure)
    assert isinstance(nx.linear_collapse().figure(), Figure)
    assert isinstance(nx.backprop().figure(), Figure)  # the computational graph
    with pytest.raises(nx.InputError, match="no figure"):
        nx.neuron(x=[1], w=[1]).figure()


def test_the_diagram_is_the_one_the_command_saves(tmp_path):
    for values in ("--diagram-values", "--no-diagram-values"):
        path = tmp_path / f"cli{values}.svg"
        result = cli_run(["forward", "--weights", "xor_sigmoid", "--x", "1,0", values, "--diagram", str(path)])
        assert result.exit_code == 0, result.output
        ours = tmp_path / f"api{values}.svg"
        nx.forward([1, 0], weights="xor_sigmoid", diagram_values=values == "--diagram-values").save_figure(ours)
        strip = lambda p: re.sub(r"<dc:date>.*?</dc:date>|id=\"[^\"]*\"|#[a-z0-9]{10,}", "", p.read_text())  # noqa: E731
        assert strip(ours) == strip(path)


# --- the shipped examples --------------------------------------------------------------


def test_the_examples_are_the_files_shipped():
    assert sorted(p.stem for p in PACKAGED.glob("*.json")) == list(examples.names())
    for name in examples.names():
        assert Path(examples.path(name)).read_bytes() == (PACKAGED / f"{name}.json").read_bytes()
    assert not (ROOT / "docs" / "examples").exists()  # one copy, in the package


def test_the_pyproject_installs_the_examples():
    import tomllib

    setup = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "nnexplain.examples" in setup["packages"]
    assert "*.json" in setup["package-data"]["nnexplain.examples"]


def test_what_the_listing_says_of_each_example_is_true():
    syllabus = read_network(examples.path("syllabus_2_2_1"))
    for ours, theirs in zip(syllabus, preset(), strict=True):  # "the default"
        np.testing.assert_array_equal(ours.W, theirs.W)
        np.testing.assert_array_equal(ours.b, theirs.b)
        assert ours.activation == theirs.activation
    xor = read_network(examples.path("xor_sigmoid"))
    above = {x for x in ((0, 0), (0, 1), (1, 0), (1, 1)) if forward_pass(xor, np.array(x, float))[-1].a[0] > 0.5}
    assert above == {(1, 0), (0, 1)} and xor[-1].activation == "sigmoid"  # "--loss log applies"


def test_list_examples_prints_each_name_and_what_it_is():
    for command in ("forward", "backprop"):
        result = cli_run([command, "--list-examples"])
        assert result.exit_code == 0 and result.stderr == ""
        lines = result.stdout.splitlines()
        assert lines[0] == "Example networks, for --weights NAME:"
        assert [line.split()[0] for line in lines[1:]] == list(examples.names())
    assert "xor_sigmoid     a 2-2-1 network (ReLU hidden layer, sigmoid output): fits XOR" in result.stdout


def test_a_file_that_exists_wins_over_an_example_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, [{"W": [[1]], "b": [0.5], "activation": "identity"}], "xor_sigmoid")
    example = nx.forward([2], weights="xor_sigmoid")
    assert example.result == 2.5
    assert json.loads(cli_run(["forward", "--weights", "xor_sigmoid", "--x", "2", "--format", "json"]).stdout)["result"] == 2.5


# --- every example in the help and in docs/weights.md works from any folder ------------


def _examples_in_help():
    commands = []
    for name in ("forward", "backprop", "linear-collapse"):
        text = CliRunner().invoke(cli, [name, "--help"]).stdout
        commands += re.findall(r"^\s+(nnexplain .+)$", text.split("Example:")[1].split("Options:")[0], re.M)
    return commands


def _examples_in_docs():
    text = (ROOT / "docs" / "weights.md").read_text(encoding="utf-8")
    return re.findall(r"^(nnexplain .+)$", text, re.M)


def test_the_help_and_docs_examples_name_no_repository_file():
    found = _examples_in_help() + _examples_in_docs()
    assert any("--weights xor_sigmoid" in c for c in found) and any("--weights syllabus_2_2_1" in c for c in found)
    assert not any("docs/" in c or ".json" in c for c in found)


@pytest.mark.parametrize("command", _examples_in_help() + _examples_in_docs())
def test_each_example_runs_from_another_folder(command, tmp_path):
    args = shlex.split(command)[1:]
    result = subprocess.run([sys.executable, "-m", "nnexplain", *args], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120, env={"COLUMNS": "100", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
                                                         "NNEXPLAIN_HOME": str(tmp_path / "home")})
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stderr and result.stdout.strip()
