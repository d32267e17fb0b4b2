"""The explorer's network view, one unit at a time (no Textual): a chosen unit's
forward arithmetic and backprop gradients for a chosen point are the rows of the
``forward`` and ``backprop`` commands run on the weights file the key w writes."""

import json
import math
import shlex

import numpy as np
import pytest
from click.testing import CliRunner

from nnexplain.cli import cli
from nnexplain.cli.explore import starting_view
from nnexplain.explain.backprop_graph import unit_names
from nnexplain.explain.network import Names
from nnexplain.explore.views.network import NO_UNIT, WEIGHTS_FILE, NetworkView
from nnexplain.inputs.weights_file import read_network


def _json(argv):
    done = CliRunner().invoke(cli, [*argv, "--format", "json"], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    return json.loads(done.output)


def _group(view):
    layers = view.run.network.layers
    return Names(layers).group(*unit_names(layers)[view.values()["unit"]])


def _rows(steps, group):
    return [(s["label"], s["formula"], s["substituted"], s["value"]) for s in steps if s["group"] == group]


@pytest.mark.parametrize("hidden,unit,point", [("8", "h2", 7), ("8", "ŷ", 200), ("8,8", "h(1)3", 1),
                                               ("8,8", "h(2)8", 42), ("none", "ŷ", 3)])
def test_the_units_rows_are_the_commands_on_the_saved_weights(tmp_path, monkeypatch, hidden, unit, point):
    monkeypatch.chdir(tmp_path)
    view = NetworkView()
    assert view.set("task", "circles") and view.set("hidden", hidden)
    view.train(30)
    assert view.set("unit", unit) and view.set("example", point)
    assert view.save_weights() == str(tmp_path / WEIGHTS_FILE)
    group = _group(view)
    shown = view.unit_example().to_dict()["steps"]
    assert all(s["group"] == group for s in shown)

    argv = shlex.split(view.command())
    assert argv[:4] == ["nnexplain", "backprop", "--weights", WEIGHTS_FILE]
    x, y = view.run.problem.x[point - 1], view.run.problem.y[point - 1]
    assert [float(v) for v in argv[argv.index("--x") + 1].split(",")] == x.tolist()  # exactly the point
    assert float(argv[argv.index("--target") + 1]) == y
    backward = _rows(_json(argv[1:])["steps"], group)
    forward = _rows(_json(["forward", "--weights", WEIGHTS_FILE, "--x", argv[argv.index("--x") + 1]])["steps"],
                    group)
    assert forward and backward
    assert _rows(shown, group) == forward + backward
    # δ, every incoming weight's ∂L/∂w and ∂L/∂b are there, as the backprop command says.
    labels = [row[0] for row in backward]
    n_in = view.run.network.layers[unit_names(view.run.network.layers)[unit][0] - 1].n_in
    assert sum(label.startswith("∂L/∂w") for label in labels) == n_in
    assert sum(label.startswith("∂L/∂b") for label in labels) == 1
    assert any(label.startswith("Error signal") for label in labels)
    # The products, the sum, + b and the activation, as the forward command says.
    assert sum("·" in row[1] and ":" in row[0] for row in forward) == n_in
    assert [row[0] for row in forward[n_in:]][0] == "Add up the products"
    assert view.unit_example().result == next(r[3] for r in backward if r[0].startswith("Error signal"))


def test_every_unit_can_be_chosen_and_the_table_shows_it():
    view = NetworkView()
    assert view.set("hidden", "8,8")
    choices = view.parameter("unit").choices
    assert choices[0] == NO_UNIT and choices[-1] == "ŷ" and len(choices) == 1 + 8 + 8 + 1
    layers = view.run.network.layers
    for choice in choices[1:]:
        assert view.set("unit", choice), view.error
        text = " ".join(view.table(100).split())
        printed = Names(layers).unit(*unit_names(layers)[choice])
        assert text.startswith(f"Unit {printed} on point 1")
        labels = [step.label for step in view.unit_example().steps]
        assert "Apply the activation" in labels and f"Error signal of {printed}" in labels
        assert "Error signal" in text
        assert ("Hidden layer" in text) == (choice != "ŷ") and ("Output layer" in text) == (choice == "ŷ")
        assert "nan" not in text and "inf" not in text.replace("information", "")
    # Pressing +/− cycles through them, "none" included.
    assert view.set("unit", NO_UNIT)
    assert view.nudge("unit", 1) and view.values()["unit"] == "h(1)1"
    assert view.nudge("unit", -1) and view.nudge("unit", -1) and view.values()["unit"] == "ŷ"
    # Another name backprop --unit takes for the same unit is that unit.
    assert view.set("unit", "2:3") and view.values()["unit"] == "h(2)3"
    assert view.set("unit", "h⁽¹⁾₂") and view.values()["unit"] == "h(1)2"


def test_no_unit_keeps_the_training_table_and_command():
    view = NetworkView()
    before = view.table(100)
    assert view.set("unit", "h1") and view.table(100) != before
    assert view.set("unit", NO_UNIT)
    assert view.table(100) == before
    assert view.command().startswith("nnexplain train ")


def test_choosing_a_unit_or_a_point_does_not_restart_training():
    view = NetworkView()
    view.train(25)
    run, epochs = view.run, view.run.epochs
    assert view.set("unit", "h3") and view.set("example", 9) and view.nudge("example", 1)
    assert view.run is run and view.run.epochs == epochs and view.values()["example"] == 10
    assert "the weights after 26 epochs" in view.table(120).replace("\n", " ")


@pytest.mark.parametrize("typed", [0, 201, -3, 2.5, "0", "201", "2.5", "abc", "nan", "inf", math.inf])
def test_a_point_out_of_range_is_refused_in_place(typed):
    view = NetworkView()
    assert view.set("unit", "h1") and view.set("example", 5)
    table = view.table(100)
    assert not view.set("example", typed)
    assert view.error is not None and view.error.startswith("'--example'")
    if typed not in ("abc", "nan", "inf", math.inf):
        assert "the xor task has 200 points" in view.error and "whole number from 1 to 200" in view.error
    assert view.values()["example"] == 5 and view.table(100) == table
    assert view.set("example", 200) and view.error is None


def test_the_keys_stop_at_the_ends_of_the_data():
    view = NetworkView()
    assert view.nudge("example", -1) and view.values()["example"] == 1
    assert view.set("example", "200") and view.nudge("example", 1) and view.values()["example"] == 200


def test_a_unit_the_network_lacks_is_refused_and_a_new_shape_resets_it():
    view = NetworkView()
    assert not view.set("unit", "h9")
    assert view.error.startswith("'--unit'") and "h1, h2" in view.error and "2-8-1" in view.error
    assert view.values()["unit"] == NO_UNIT
    assert view.set("unit", "h5") and view.set("hidden", "2")
    assert view.parameter("unit").choices == (NO_UNIT, "h1", "h2", "ŷ")
    assert view.values()["unit"] == NO_UNIT  # h5 is gone
    assert view.set("unit", "ŷ") and view.set("hidden", "4") and view.values()["unit"] == "ŷ"


def test_saving_the_weights_writes_a_file_the_loader_reads_back_exactly(tmp_path):
    view = NetworkView()
    view.set("hidden", "8,8")
    view.train(40)
    path = tmp_path / "w.json"
    assert view.save_weights(path) == str(path) and view.error is None
    loaded = read_network(str(path))
    assert len(loaded) == len(view.run.network.layers)
    for got, want in zip(loaded, view.run.network.layers):
        assert got.activation == want.activation
        assert np.array_equal(got.W, want.W) and np.array_equal(got.b, want.b)
    assert [p.name for p in tmp_path.iterdir()] == ["w.json"]  # no temporary left


def test_the_note_says_whether_the_file_holds_the_weights_shown(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    view = NetworkView()
    view.set("unit", "h1")
    flat = lambda: " ".join(view.table(200).split())  # noqa: E731
    assert "press w to write it in the current folder" in flat()
    view.save_weights()
    assert f"w wrote these weights to {tmp_path / WEIGHTS_FILE}" in flat()
    view.train(5)
    assert "holds other weights" in flat() and "press w again" in flat()
    view.reset()  # back to the weights written: the file holds them again
    assert f"w wrote these weights to {tmp_path / WEIGHTS_FILE}" in flat()


def test_saving_where_it_cannot_is_an_error_in_place(tmp_path):
    view = NetworkView()
    assert view.save_weights(tmp_path / "missing" / WEIGHTS_FILE)
    assert view.error.startswith("cannot write the weights to ")
    assert not (tmp_path / "missing").exists()


def test_w_is_a_key_of_the_view():
    assert ("w", "save_weights", "weights") in NetworkView().keys


def test_running_shows_the_compact_table_and_says_what_pausing_shows():
    view = NetworkView()
    view.set("unit", "h2")
    view.toggle()
    assert "pause with r for unit h2's arithmetic" in view.table(120)
    view.toggle()
    assert view.table(120).startswith("Unit h₂ on point 1")


def test_the_explore_command_starts_at_a_unit_and_a_point():
    view = starting_view("network", ["--hidden", "2", "--unit", "h2", "--example", "17"])
    assert view.values()["unit"] == "h2" and view.values()["example"] == 17
    import click

    with pytest.raises(click.UsageError, match="whole number from 1 to 200"):
        starting_view("network", ["--example", "999"])
