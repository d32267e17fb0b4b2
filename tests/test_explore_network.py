"""The explorer's network view (no Textual) and the decision regions in the terminal:
chunks continue training exactly, the view's numbers are the command's, refusals
keep the last good state, and the drawer draws what it is given without matplotlib."""

import json
import re
import shlex
import subprocess
import sys

import numpy as np
import pytest
from click.testing import CliRunner

import nnexplain.api.network_training as door
from nnexplain.api.network_training import train_network
from nnexplain.cli import cli
from nnexplain.core import network_training as nt
from nnexplain.explore.views.network import HIDDEN_CHOICES, START_EPOCHS, NetworkView
from test_imports import PROBE

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _layers_close(left, right, tol=1e-12):
    assert len(left) == len(right)
    for a, b in zip(left, right):
        assert a.activation == b.activation
        np.testing.assert_allclose(a.W, b.W, rtol=0, atol=tol)
        np.testing.assert_allclose(a.b, b.b, rtol=0, atol=tol)


# --- training in chunks -------------------------------------------------------------


@pytest.mark.parametrize("hidden,activation", [("8", "tanh"), ("8,8", "relu"), ("none", "tanh")])
def test_k_chunks_of_n_epochs_are_one_run_of_k_times_n(hidden, activation):
    view = NetworkView()
    view.set("hidden", hidden)
    view.set("activation", activation)
    for _ in range(7):
        assert view.train(13)
    epochs = START_EPOCHS + 7 * 13
    problem = door.prepare(task="xor", hidden=hidden, activation=activation, epochs=epochs)
    whole = nt.train_network(problem.x, problem.y, problem.start, problem.lr, epochs)
    _layers_close(view.run.network.layers, whole.final_layers)
    np.testing.assert_allclose(np.concatenate(view.run.network.curve), whole.curve, rtol=0, atol=1e-12)
    assert view.run.epochs == epochs


def test_the_view_after_k_epochs_is_the_doors_example_for_k_epochs():
    view = NetworkView()
    view.set("task", "moons")
    for size in (4, 5, 40, 150):  # crosses the kept epochs 5, 10, 20, 50, 100, 200
        view.train(size)
    epochs = START_EPOCHS + 199
    assert view.command().endswith(f"--epochs {epochs}")
    example = train_network(task="moons", epochs=epochs)
    assert view.example.to_json() == example.to_json()
    _layers_close(view.example.outcome.line.final_layers, example.outcome.line.final_layers)


def test_the_command_prints_the_views_numbers():
    view = NetworkView()
    view.set("hidden", "4")
    view.nudge("lr", +1)  # 0.6
    view.train(60)
    argv = shlex.split(view.command())
    assert argv[:2] == ["nnexplain", "train"] and "--lr" in argv and "0.6" in argv
    done = CliRunner().invoke(cli, [*argv[1:], "--format", "json"], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout) == json.loads(view.example.to_json())


def test_ticks_train_only_while_running_and_chunks_are_sized():
    view = NetworkView()
    view.tick()
    assert view.run.epochs == START_EPOCHS
    view.toggle()
    assert view.running
    for _ in range(3):
        view.tick()
        view.figure(100, 30, color=False)
        view.table(100)
    assert view.run.epochs > START_EPOCHS
    assert view.chunk_size() >= 1 and view._draw_seconds > 0
    view.toggle()
    before = view.run.epochs
    view.tick()
    assert view.run.epochs == before
    view.step()
    assert view.run.epochs > before


def test_reset_goes_back_to_the_start_and_pauses():
    view = NetworkView()
    start = view.run.network.layers
    view.toggle()
    view.train(300)
    view.reset()
    assert not view.running and view.run.epochs == START_EPOCHS
    _layers_close(view.run.network.layers, start, tol=0)
    assert view.command().endswith(f"--epochs {START_EPOCHS}")


def test_choices_cycle_and_each_change_starts_a_new_run():
    view = NetworkView()
    view.train(50)
    seen = []
    for _ in HIDDEN_CHOICES:
        assert view.nudge("hidden", +1)
        seen.append(view.parameter("hidden").value)
        assert view.run.epochs == START_EPOCHS
        sizes = view.run.problem.hidden
        assert sizes == door.check_hidden(view.parameter("hidden").value)
    assert sorted(seen) == sorted(HIDDEN_CHOICES)
    assert view.nudge("task", +1) and view.parameter("task").value == "circles"
    assert "--task circles" in view.command()
    assert view.nudge("activation", -1) and view.parameter("activation").value == "relu"


# --- refusals --------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["0", "-1", "101", "abc"])
def test_a_refused_learning_rate_keeps_the_last_good_state(typed):
    view = NetworkView()
    view.train(30)
    command, epochs = view.command(), view.run.epochs
    assert not view.set("lr", typed)
    assert view.error and "--lr" in view.error
    assert view.command() == command and view.run.epochs == epochs
    if typed != "abc":
        with pytest.raises(door.InputError) as refusal:
            door.prepare(lr=float(typed))
        assert refusal.value.message in view.error


def test_a_diverging_run_stops_with_the_commands_message():
    view = NetworkView()
    for name, value in (("task", "spiral"), ("hidden", "16,16"), ("activation", "leaky_relu"),
                        ("lr", "50")):
        assert view.set(name, value), view.error
    view.toggle()
    view.train(5)
    epochs = view.run.epochs
    assert not view.train(100)
    assert not view.running
    with pytest.raises(door.InputError) as refusal:
        train_network(task="spiral", hidden="16,16", activation="leaky_relu", lr=50, epochs=200)
    assert refusal.value.message in view.error
    assert view.run.epochs == epochs  # the last good state
    assert "nan" not in view.figure(80, 24, color=False) + view.table(80)


def test_training_stops_at_the_commands_limit(monkeypatch):
    monkeypatch.setattr(door, "MAX_EPOCHS", 40)
    view = NetworkView()
    view.toggle()
    for _ in range(10):
        view.train(7)
    assert view.run.epochs == 40 and not view.running
    assert "41 is out of range" in view.error
    view.toggle()
    assert not view.running


# --- the table and the figure -----------------------------------------------------------


def test_the_running_table_shows_the_examples_numbers():
    from nnexplain.render.numbers import format_number

    view = NetworkView()
    view.train(400)
    values = dict(view.example.worked.values)
    view.toggle()
    compact = view.table(100)
    assert re.search(rf"^epoch +{START_EPOCHS + 400}$", compact, re.M)
    assert format_number(values["final_cost"]) in compact
    assert f"{format_number(100 * values['no_hidden_accuracy'])}% correct" in compact
    view.toggle()
    assert view.table(100) == view.example.to_text(width=100)


def test_the_views_picture_is_the_doors_network_on_a_terminal_sized_grid():
    view = NetworkView()
    view.train(200)
    picture = view.picture(100, 30)
    example = train_network(task="xor", epochs=START_EPOCHS + 200)
    assert picture.probability.shape == (31, 101)
    np.testing.assert_array_equal(
        picture.probability,
        nt.probability_grid(example.outcome.run.final_layers, picture.axis_1, picture.axis_2))
    assert picture.accuracy == example.outcome.run.final_accuracy
    assert picture.line_accuracy == example.outcome.line.final_accuracy
    assert picture.cost[-1] == example.result


@pytest.mark.parametrize("task", ["xor", "circles", "moons", "spiral"])
@pytest.mark.parametrize("size", [(80, 24), (100, 30), (60, 20), (62, 12)])
def test_every_cell_of_the_regions_is_drawn_in_colour(task, size):
    text = ANSI.sub("", _view(task).figure(*size, color=True))
    rows = [match.group(1).split("│")[0] for match in
            (re.match(r"^[ \-0-9.]*[┤│](.*)$", line) for line in text.split("\n")) if match]
    assert len(rows) >= size[1] // 2
    for inside in rows:
        assert inside and " " not in inside, text


def _view(task):
    view = NetworkView()
    view.set("task", task)
    view.train(100)
    return view


def test_plain_figure_fits_and_explains_its_characters():
    view = _view("circles")
    text = view.figure(80, 24, color=False)
    assert "\x1b" not in text and "nan" not in text
    lines = text.rstrip("\n").split("\n")
    assert len(lines) <= 24 and max(len(line) for line in lines) <= 80
    words = " ".join(text.split())
    assert "'#' the boundary ŷ = 0.5" in words and "'o' class 0, 'x' class 1" in words
    assert "2-8-1:" in text and "% correct" in text


@pytest.mark.parametrize("color", [False, True])
def test_a_small_panel_keeps_its_rows_for_the_plane(color):
    view = _view("xor")
    text = view.figure(62, 12, color=color)
    lines = ANSI.sub("", text).rstrip("\n").split("\n")
    assert len(lines) <= 12
    assert "Training a" not in text and "x1 (x2 up)" not in text
    words = " ".join(ANSI.sub("", text).split())
    assert "'#' ŷ = 0.5; 'o'/'x' class 0/1; cost:" in words
    plane = [line for line in lines if re.match(r"^[ \-0-9.]*┤", line)]
    assert len(plane) >= 6


def test_saving_draws_the_current_epochs_figure(tmp_path):
    view = _view("xor")
    path = tmp_path / "network.png"
    view.save_figure(path)
    assert path.stat().st_size > 1000
    assert view.figure_example().outcome.problem.epochs == view.run.epochs


def test_golden_terminal_network_xor(golden):
    golden("terminal_network_xor", ["train", "--task", "xor", "--show"])


def test_the_terminal_drawer_and_the_view_never_import_matplotlib_or_textual(tmp_path):
    listing = tmp_path / "modules.txt"
    done = subprocess.run([sys.executable, "-c", PROBE, str(listing), "train", "--task", "xor",
                           "--epochs", "20", "--show"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    modules = set(listing.read_text(encoding="utf-8").split("\n"))
    assert "plotext" in modules and "nnexplain.termplot.network_training" in modules
    assert not any(m.split(".")[0] in ("matplotlib", "textual") for m in modules)
    code = ("import sys; from nnexplain.explore.views.network import NetworkView; "
            "v = NetworkView(); v.train(5); v.figure(80, 24, False); v.table(80); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'matplotlib', 'textual'}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
