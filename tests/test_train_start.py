"""``train --start W,B`` / ``nx.train(start=…)``: the run starts from the learner's
parameters, says so, and every comparison starts there too."""

import json

import numpy as np
import pytest
from click.testing import CliRunner

from nnexplain.api.training import train
from nnexplain.cli import cli
from nnexplain.core import training as gd
from nnexplain.explain import minibatch, training_figures
from nnexplain.inputs import InputError


def invoke(*args, width="100"):
    return CliRunner().invoke(cli, ["train", *args], env={"COLUMNS": width})


def test_the_run_starts_at_the_given_point_and_follows_core():
    example = train(task="line", epochs=20, start=[0.5, -1])
    o = example.outcome
    assert o.start_w.tolist() == [0.5] and o.start_b == -1.0
    p = o.problem
    path = gd.train_neuron(p.x, p.y, np.array([0.5]), -1.0, 0.1, 20, record=range(21))
    assert o.run.ws[0, 0] == 0.5 and o.run.bs[0] == -1.0
    assert o.run.final_cost == path.costs[-1] and o.run.w[0] == path.ws[-1, 0]
    # The same data as without --start: the seed still makes them.
    assert np.array_equal(p.x, train(task="line", epochs=20).problem.x)


def test_text_and_json_say_the_start_was_given_not_drawn():
    result = invoke("--start", "0.5,-1", "--epochs", "20")
    assert result.exit_code == 0, result.output
    text = result.output
    assert "given start" in text and "w = −0.5" not in text
    assert "Epoch 0 (random start)" not in text and "U(" not in text
    assert "w = 0.5, b = −1 given by --start (the seed makes only the data)" in " ".join(text.split())
    doc = json.loads(invoke("--start", "0.5,-1", "--epochs", "20", "--format", "json").output)
    assert doc["inputs"]["start"] == [0.5, -1.0]
    steps = {s["label"]: s for s in doc["steps"]}
    assert steps["Starting weight w"]["value"] == 0.5 and steps["Starting bias b"]["value"] == -1.0
    assert steps["Starting weight w"]["formula"] == "w = given"
    # Without --start nothing changes: random from the seed.
    plain = json.loads(invoke("--epochs", "20", "--format", "json").output)
    assert "start" not in plain["inputs"]
    assert {s["label"]: s for s in plain["steps"]}["Starting weight w"]["formula"] == "w = random"


def test_no_bias_takes_only_the_weights():
    o = train(task="line", epochs=10, no_bias=True, start=[1.25]).outcome
    assert o.start_w.tolist() == [1.25] and o.start_b == 0.0 and o.run.b == 0.0
    with pytest.raises(InputError) as error:
        train(task="line", no_bias=True, start=[1.0, 2.0])
    assert error.value.hint == "'--start'"
    assert "has 2 numbers" in error.value.message and "1 number: w (b stays 0" in error.value.message


def test_logistic_needs_two_weights_then_b_and_its_comparison_starts_there():
    o = train(task="logistic", epochs=30, start=[0.3, -0.2, 0.1]).outcome
    assert o.start_w.tolist() == [0.3, -0.2] and o.start_b == 0.1
    # --no-bias: the run with b learned (the comparison) starts from the same w and b = 0.
    o = train(task="logistic", epochs=30, no_bias=True, start=[0.3, -0.2]).outcome
    p = o.problem
    again = gd.train_neuron(p.x, p.y, np.array([0.3, -0.2]), 0.0, p.lr, p.epochs, "logistic", True)
    assert o.with_bias.cost == again.final_cost and o.with_bias.b == again.b
    result = invoke("--task", "logistic", "--start", "1,2")
    assert result.exit_code == 2
    assert "has 2 numbers; a neuron with 2 inputs starts from 3 numbers: w₁, w₂ then b" in result.output


def test_csv_data_one_weight_per_column(tmp_path):
    path = tmp_path / "points.csv"
    path.write_text("x1,x2,x3,y\n1,2,3,4\n2,3,4,5\n0,1,0,1\n")
    o = train(data=str(path), epochs=3, start="1,2,3,4").outcome
    assert o.start_w.tolist() == [1.0, 2.0, 3.0] and o.start_b == 4.0
    with pytest.raises(InputError, match="3 inputs starts from 4 numbers"):
        train(data=str(path), epochs=3, start=[1, 2])


@pytest.mark.parametrize("start, words", [
    ("1,nan", "item 2"), ("1,inf", "item 2"), ("1", "has 1 number"), ("1,2,3", "has 3 numbers"),
    ("1,,2", "item 2 is empty"),
])
def test_refusals_name_start(start, words):
    result = invoke("--start", start)
    assert result.exit_code == 2
    assert "'--start'" in result.output and words in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("task", ["xor", "spiral"])
def test_refused_for_the_network_tasks(task):
    result = invoke("--task", task, "--start", "1,2")
    assert result.exit_code == 2
    assert "'--start'" in result.output and "is for one neuron" in result.output
    with pytest.raises(InputError) as error:
        train(task=task, start=[1, 2])
    assert error.value.hint == "'--start'"


def test_a_start_so_large_the_cost_overflows_says_so():
    result = invoke("--start", "1e300,1e300")
    assert result.exit_code == 1
    message = " ".join(result.output.split())
    assert "already at the start (epoch 0): from --start 1e+300,1e+300" in message
    assert "rescale the inputs" not in message and "nan" not in message.lower()


def test_batches_rates_and_animation_start_there():
    example = train(task="line", epochs=40, batch_size=10, start=[-1.5, 3.0],
                    figures=("rates", "batches", "animation"))
    for path in example.outcome.minibatch.runs:
        assert path.run.ws[0, 0] == -1.5 and path.run.bs[0] == 3.0
    first = minibatch.first_batch(example.problem, example.outcome.start_w, example.outcome.start_b)
    dw, db = gd.neuron_gradient(example.problem.x[first.members], example.problem.y[first.members],
                                np.array([-1.5]), 3.0)
    assert first.w[0] == -1.5 - example.problem.lr * dw[0]
    rates = training_figures.learning_rates(example.outcome)
    assert all(r.path_w[0] == -1.5 and r.path_b[0] == 3.0 for r in rates.paths)
    frames = training_figures.descent_frames(example.outcome)
    assert frames.w[0] == -1.5 and frames.b[0] == 3.0
    land = training_figures.landscape(example.outcome)
    assert land.path_w[0] == -1.5 and land.path_b[0] == 3.0
    # The data panel's "start" line is ŷ from the given start.
    picture = training_figures.training_picture(example.outcome)
    line = next(line for line in picture.lines if line.role == "given start")
    assert np.allclose(line.y, -1.5 * line.x + 3.0, rtol=0, atol=1e-12)


def test_golden_at_width_80(update_golden):
    """A given start as an 80-column terminal shows it (train_start_80.txt)."""
    from conftest import GOLDEN

    result = invoke("--start", "0.5,-1", "--epochs", "20", width="80")
    assert result.exit_code == 0, result.output
    path = GOLDEN / "train_start_80.txt"
    if update_golden:
        path.write_text(result.stdout, encoding="utf-8")
        pytest.skip(f"rewrote {path.name}")
    assert result.stdout == path.read_text(encoding="utf-8")
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
