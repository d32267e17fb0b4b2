"""Gradient descent as an animation (``train --animate FILE.gif``, ``--frames DIR``) and
the learning rates compared (``train --compare-rates FILE``): frame counts, byte-identical
files, rates computed from 2/λmax, one Error line for every refusal, the figures' labels."""

from figure_checks import texts_off_the_canvas
import os

import numpy as np
import pytest
from click.testing import CliRunner

import nnexplain as nx
from cli_checks import FAILED, error_line
from nnexplain.cli import cli
from nnexplain.core import training as gd
from nnexplain.explain import training_figures as tf
from nnexplain.figure_settings import STYLES


def invoke(*args):
    result = CliRunner().invoke(cli, ["train", *map(str, args)], prog_name="nnexplain")
    print(repr(result.output))
    return result


@pytest.fixture(scope="module")
def run():
    return nx.train()


def gif_frames(path):
    from PIL import Image

    with Image.open(path) as image:
        return image.n_frames


# --- frames -------------------------------------------------------------------------


@pytest.mark.parametrize("epochs", [1, 30, 120, 500, 100_000])
def test_frames_are_every_epoch_of_a_short_run_else_a_few_hundred_at_most(epochs):
    chosen = tf.frame_epochs(epochs)
    assert chosen[0] == 0 and chosen[-1] == epochs and list(chosen) == sorted(set(chosen))
    assert len(chosen) <= tf.MAX_FRAMES + 2
    if epochs <= tf.MAX_FRAMES:
        assert chosen == tuple(range(epochs + 1))


def test_each_frame_holds_the_run_at_its_epoch(run):
    frames = tf.descent_frames(run.outcome)
    assert frames.count == len(tf.frame_epochs(500)) == frames.w.size == frames.line_y.shape[0]
    # The same arithmetic as the run: the last frame is where training ended.
    assert frames.w[-1] == run.outcome.run.w[0] and frames.b[-1] == run.outcome.run.b
    assert frames.cost[-1] == run.result
    for k in (0, 10, frames.count - 1):
        expected = gd.neuron_output(frames.line_x.reshape(-1, 1), [frames.w[k]], frames.b[k])
        assert np.array_equal(frames.line_y[k], expected)
        assert frames.cost[k] == gd.neuron_cost(run.problem.x, run.problem.y, [frames.w[k]], frames.b[k])


def test_the_scene_moves_to_each_frame(run):
    from nnexplain.plot.animation import DescentScene

    frames = tf.descent_frames(run.outcome)
    scene = DescentScene(frames)
    scene.show(7)
    assert np.array_equal(scene.line.get_ydata(), frames.line_y[7])
    assert np.array_equal(scene.path.get_xdata(), frames.w[:8])
    assert scene.counter.get_text().startswith(f"Gradient descent: epoch {frames.epochs[7]} of 500, cost J = ")
    labels = [t.get_text() for axes in scene.figure.axes if axes.get_legend()
              for t in axes.get_legend().get_texts()]
    assert "data" in labels and "descent path" in labels and "$(w, b)$ now" in labels


def test_gif_and_frames_count_and_are_byte_identical_across_runs(tmp_path):
    first, second = tmp_path / "a.gif", tmp_path / "b.gif"
    folders = tmp_path / "one", tmp_path / "two"
    for gif, folder in zip((first, second), folders):
        result = invoke("--epochs", "5", "--animate", gif, "--frames", folder)
        assert result.exit_code == 0
        assert f"Animation saved to {gif} (6 frames)" in result.output
        assert f"6 frames saved to {folder} (frame-0001.png to frame-0006.png)" in result.output
    assert first.read_bytes() == second.read_bytes() and gif_frames(first) == 6
    names = sorted(os.listdir(folders[0]))
    assert names == [f"frame-{k:04d}.png" for k in range(1, 7)] == sorted(os.listdir(folders[1]))
    for name in names:
        assert (folders[0] / name).read_bytes() == (folders[1] / name).read_bytes()
        assert (folders[0] / name).read_bytes().startswith(b"\x89PNG")
    assert sorted(os.listdir(tmp_path)) == ["a.gif", "b.gif", "one", "two"]  # no temporaries


def test_the_door_writes_what_the_command_writes(tmp_path):
    assert invoke("--epochs", "3", "--animate", tmp_path / "cli.gif").exit_code == 0
    example = nx.train(epochs=3)
    assert example.animate(tmp_path / "door.gif") == 4
    assert (tmp_path / "door.gif").read_bytes() == (tmp_path / "cli.gif").read_bytes()
    written = example.frames(tmp_path / "new" / "folder")
    assert [os.path.basename(p) for p in written] == [f"frame-{k:04d}.png" for k in range(1, 5)]


def test_frames_of_an_earlier_longer_animation_are_removed(tmp_path):
    (tmp_path / "frame-0009.png").write_bytes(b"old")
    (tmp_path / "notes.txt").write_text("mine")
    nx.train(epochs=2).frames(tmp_path)
    assert sorted(os.listdir(tmp_path)) == ["frame-0001.png", "frame-0002.png", "frame-0003.png",
                                            "notes.txt"]


# --- learning rates compared ------------------------------------------------------------


def test_the_rates_are_computed_from_the_largest_curvature(run):
    data = tf.learning_rates(run.outcome)
    lambda_max = run.outcome.diagnosis.lambda_max
    assert lambda_max == gd.smoothness(run.problem.x)
    assert data.limit == 2.0 / lambda_max
    assert [p.lr for p in data.paths] == [m * (2.0 / lambda_max) for _, m in tf.RATE_MULTIPLES]
    assert data.paths[2].lr == 2.0 / lambda_max
    assert [p.stability for p in data.paths] == ["stable", "stable", "edge", "unstable"]
    small, good, edge, diverging = data.paths
    assert small.arrived_at is None and good.arrived_at is not None
    assert edge.arrived_at is None and edge.final_cost > 10 * data.minimum_cost
    assert diverging.leaves_at is not None and diverging.exit is not None
    w, b = diverging.exit
    assert data.w[0] <= w <= data.w[-1] and data.b[0] <= b <= data.b[-1]
    assert w in (data.w[0], data.w[-1]) or b in (data.b[0], data.b[-1])
    # Every path starts at the run's start.
    assert all(p.path_w[0] == run.outcome.start_w[0] and p.path_b[0] == run.outcome.start_b
               for p in data.paths)


def test_the_rates_figure_labels_each_rate_with_its_value_and_what_it_did(run):
    from nnexplain.plot.labels import math_number

    figure = run.figure("rates")
    data = tf.learning_rates(run.outcome)
    labels = [t.get_text() for t in figure.legends[0].get_texts()]
    for path, label in zip(data.paths, labels):
        assert label.startswith(f"{path.name}: $lr = {math_number(path.lr)}$ ({path.multiple:g} × 2/λmax)")
    assert f"reaches the minimum by epoch {data.paths[1].arrived_at}" in labels[1]
    assert "still" in labels[0] and "bounces across the valley" in labels[2]
    assert "diverges: ×1.2 a step" in labels[3]
    from matplotlib.text import Text

    texts = [t.get_text() for t in figure.findobj(Text)]
    assert f"leaves the map\n(epoch {data.paths[3].leaves_at})" in texts
    assert math_number(data.limit) in figure._suptitle.get_text()


def test_the_rates_figure_is_saved_byte_identically(tmp_path):
    for name in ("a.png", "b.png"):
        assert invoke("--epochs", "50", "--compare-rates", tmp_path / name).exit_code == 0
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()


@pytest.mark.parametrize("style", STYLES)
def test_no_text_falls_off_the_canvas(run, style):
    for kind in ("rates", "animation"):
        assert texts_off_the_canvas(run.figure(kind, style=style)) == [], (kind, style)


# --- refusals: one Error line -------------------------------------------------------------


@pytest.mark.parametrize("option, value", [("--animate", "d.gif"), ("--frames", "out"),
                                           ("--compare-rates", "r.png")])
def test_a_task_the_map_cannot_show_is_refused(tmp_path, option, value):
    result = invoke("--task", "logistic", option, tmp_path / value)
    error_line(result, f"'{option}'", "--task line")
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("option, value", [("--animate", "d.gif"), ("--frames", "out"),
                                           ("--compare-rates", "r.png")])
def test_data_with_two_inputs_is_refused(tmp_path, option, value):
    data = tmp_path / "two.csv"
    data.write_text("x1,x2,y\n1,2,3\n2,3,4\n3,1,2\n", encoding="utf-8")
    error_line(invoke("--data", data, option, tmp_path / value), f"'{option}'", "2 input columns")


def test_an_animation_file_must_be_a_gif(tmp_path):
    error_line(invoke("--animate", tmp_path / "d.png"), "'--animate'", ".gif")
    error_line(invoke("--animate", tmp_path / "missing" / "d.gif"), "'--animate'", "does not exist")


def test_frames_into_a_file_are_refused(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    error_line(invoke("--epochs", "2", "--frames", target), "'--frames'")


def test_an_unwritable_frames_folder_is_refused(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        error_line(invoke("--epochs", "2", "--frames", folder), "'--frames'", "cannot be written")
    finally:
        folder.chmod(0o700)


def test_a_failed_gif_write_is_one_error_line(tmp_path, monkeypatch):
    import nnexplain.plot.animation as animation

    def refuse(*args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(animation, "save_gif", refuse)
    error_line(invoke("--epochs", "2", "--animate", tmp_path / "d.gif"), "could not write --animate",
               "Permission denied", exit_code=FAILED)


def test_the_door_refuses_what_it_cannot_draw(tmp_path):
    logistic = nx.train(task="logistic", epochs=3)
    for call in (lambda: logistic.animate(tmp_path / "d.gif"), lambda: logistic.frames(tmp_path),
                 lambda: logistic.figure("rates")):
        with pytest.raises(nx.InputError, match="--task line"):
            call()
    line = nx.train(epochs=3)
    with pytest.raises(nx.InputError, match="no .gif extension"):
        line.animate(tmp_path / "d.png")
    with pytest.raises(nx.InputError, match="cannot be drawn in the terminal"):
        line.terminal_figure("animation")
    assert "Learning rates compared" in line.terminal_figure("rates")
    with pytest.raises(nx.InputError, match="'--compare-rates'"):
        nx.train(task="logistic", figures=("rates",))
    assert os.listdir(tmp_path) == []


def test_without_a_bias_the_rates_use_the_one_curvature_and_say_b_is_0():
    example = nx.train(no_bias=True, epochs=50)
    data = tf.learning_rates(example.outcome)
    assert data.bias_fixed and data.limit == 2.0 / gd.smoothness(example.problem.x, fit_bias=False)
    assert all(np.all(p.path_b == 0.0) for p in data.paths)
    assert data.levels[0] == example.outcome.with_bias.cost  # the map's colours start at its floor
    labels = [t.get_text() for t in example.figure("rates").legends[0].get_texts()]
    assert "lowest with $b = 0$" in labels[-1]
