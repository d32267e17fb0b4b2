"""The practice skills of the first half of the syllabus (lessons/practice/ loss,
cost, activations, neuron, bias, softmax, multiclass): for a few fixed seeds each
drawn answer equals an independent computation with nnexplain.core (not through the
command), and a typical slip's wrong answer is diagnosed as that slip."""

import math
from pathlib import Path

import numpy as np
import pytest

from nnexplain.core import activations as act
from nnexplain.core import crossentropy as ce
from nnexplain.core import losses
from nnexplain.lesson import answers
from nnexplain.practice import catalog, problems

FOLDER = Path(__file__).resolve().parent.parent / "lessons" / "practice"
FILES = ("loss", "cost", "activations", "neuron", "bias", "softmax", "multiclass")
SEEDS = (0, 1, 7)


@pytest.fixture(scope="module")
def skills():
    found = {}
    for name in FILES:
        found.update(catalog.load_file(str(FOLDER / f"{name}.toml")))
    return found


def _z(values):
    return float(np.dot(values["x"], values["w"]) + values["b"])


# skill name -> the answer computed from the drawn values with core alone
EXPECTED = {
    "log-loss": lambda v: float(losses.log_loss([v["y"]], [v["yhat"]])[0]),
    "squared-loss": lambda v: float(losses.squared_error(v["y"], v["yhat"])),
    "cost-log": lambda v: float(np.mean(-np.log([p if y == 1 else 1 - p for y, p in zip(v["y"], v["yhat"])]))),
    "cost-mse": lambda v: float(np.mean((np.array(v["y"]) - np.array(v["yhat"])) ** 2)),
    "sigmoid-value": lambda v: 1 / (1 + math.exp(-v["z"])),
    "tanh-value": lambda v: math.tanh(v["z"]),
    "leaky-relu-value": lambda v: v["z"] if v["z"] > 0 else v["alpha"] * v["z"],
    "sigmoid-slope": lambda v: float(act.sigmoid(v["z"]) * (1 - act.sigmoid(v["z"]))),
    "neuron-z": _z,
    "neuron-sigmoid": lambda v: float(act.sigmoid(_z(v))),
    "neuron-relu": lambda v: max(0.0, _z(v)),
    "bias-midpoint": lambda v: -v["b"] / v["w"],
    "bias-zero-input": lambda v: float(act.sigmoid(v["b"])),
    "softmax-probability": lambda v: math.exp(v["z"][v["k"] - 1]) / sum(math.exp(s) for s in v["z"]),
    "crossentropy-target": lambda v: -float(ce.log_softmax(v["z"])[v["k"]]),
}

# skill name -> (slip name, the wrong answer it names, computed with core alone)
SLIPS = {
    "log-loss": ("other_class", lambda v: float(losses.log_loss([1 - v["y"]], [v["yhat"]])[0])),
    "cost-log": ("sum_not_mean", lambda v: float(np.sum(losses.log_loss(v["y"], v["yhat"])))),
    "cost-mse": ("sum_not_mean", lambda v: float(np.sum(losses.squared_error(v["y"], v["yhat"])))),
    "sigmoid-value": ("sign", lambda v: float(act.sigmoid(-v["z"]))),
    "tanh-value": ("sign", lambda v: -math.tanh(v["z"])),
    "leaky-relu-value": ("sign", lambda v: -float(act.leaky_relu(v["z"], v["alpha"]))),
    "neuron-z": ("no_bias", lambda v: float(np.dot(v["x"], v["w"]))),
    "neuron-sigmoid": ("no_bias", lambda v: float(act.sigmoid(np.dot(v["x"], v["w"])))),
    "neuron-relu": ("no_bias", lambda v: max(0.0, float(np.dot(v["x"], v["w"])))),
    "bias-midpoint": ("swapped", lambda v: -v["w"] / v["b"]),
    "bias-zero-input": ("no_bias", lambda v: float(act.sigmoid(0.0))),
    "softmax-probability": ("percent", lambda v: 100 * float(act.softmax(v["z"])[v["k"] - 1])),
    "crossentropy-target": ("other_class", lambda v: -float(np.max(ce.log_softmax(v["z"])))),
}


# More slips, each with its wrong answer from core alone. A slip whose number
# coincides with an earlier slip's is named as that one, so these are checked on the
# first seeds where the two differ.
MORE_SLIPS = {
    "sigmoid-slope": ("value_not_slope", lambda v: float(act.sigmoid(v["z"]))),
    "crossentropy-target": ("counted_from_one", lambda v: -float(ce.log_softmax(v["z"])[v["k"] - 1])),
}


def _seeds_where_slip_is_first(skill, slip, count=3):
    found = []
    for seed in range(100):
        problem = problems.draw(skill, np.random.default_rng(seed))
        names = [s.name for s in problem.step.slips]
        values = [answers.slip_value(s, problem.answer) for s in problem.step.slips]
        mine = values[names.index(slip)]
        earlier = values[: names.index(slip)]
        if not any(answers.is_close(mine, other, problem.step) for other in earlier if other is not None):
            found.append(problem)
        if len(found) == count:
            return found
    raise AssertionError(f"fewer than {count} seeds where {slip} is its own slip")


def test_every_skill_of_these_files_is_covered(skills):
    assert set(skills) == set(EXPECTED)
    assert len(skills) - 2 >= 11  # log-loss and squared-loss were there before


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_answer_equals_core(skills, name):
    skill = skills[name]
    for seed in SEEDS:
        problem = problems.draw(skill, np.random.default_rng(seed))
        expected = EXPECTED[name](problem.values)
        assert problem.answer == pytest.approx(expected, rel=1e-12, abs=1e-12), (seed, problem.values)
        assert problem.judge(problem.shown_answer()).right
        assert "{" not in problem.prompt and all("{" not in h for h in problem.step.hints)


@pytest.mark.parametrize("name", sorted(SLIPS))
def test_typical_slip_is_named(skills, name):
    slip, wrong = SLIPS[name]
    for seed in SEEDS:
        problem = problems.draw(skills[name], np.random.default_rng(seed))
        typed = answers.show_expected(wrong(problem.values), problem.step)
        verdict = problem.judge(typed)
        assert not verdict.right and verdict.slip == slip, (seed, problem.values, typed, verdict)
        assert "-" not in verdict.message  # numbers in prose use the typographic minus


def test_drawing_is_seeded(skills):
    for skill in skills.values():
        one = problems.draw(skill, np.random.default_rng(3))
        two = problems.draw(skill, np.random.default_rng(3))
        assert (one.values, one.answer, one.prompt) == (two.values, two.answer, two.prompt)


def test_crossentropy_slip_is_the_most_likely_class(skills):
    # the derived 'top' is the index of the largest score; the true class is never it
    for seed in range(10):
        problem = problems.draw(skills["crossentropy-target"], np.random.default_rng(seed))
        assert problem.values["top"] == int(np.argmax(problem.values["z"]))
        assert problem.values["k"] != problem.values["top"]


@pytest.mark.parametrize("name", sorted(MORE_SLIPS))
def test_more_slips_are_named(skills, name):
    slip, wrong = MORE_SLIPS[name]
    for problem in _seeds_where_slip_is_first(skills[name], slip):
        typed = answers.show_expected(wrong(problem.values), problem.step)
        verdict = problem.judge(typed)
        assert not verdict.right and verdict.slip == slip, (problem.values, typed, verdict)
        assert "-" not in verdict.message


def test_softmax_asks_about_a_drawn_score_numbered_as_its_command_numbers_them(skills):
    # `nnexplain softmax` numbers the scores i = 1 to n, so the question does too
    # (crossentropy --target counts classes from 0, as PyTorch; its skill says so).
    asked = set()
    for seed in range(30):
        problem = problems.draw(skills["softmax-probability"], np.random.default_rng(seed))
        k, z = problem.values["k"], problem.values["z"]
        assert 1 <= k <= len(z)
        assert f"What is pᵢ for i = {k}, the probability of the score z{'₁₂₃₄'[k - 1]} = " in problem.prompt
        assert problem.step.answer.path == f"classes.p.{k - 1}"
        assert problem.answer == pytest.approx(float(act.softmax(z)[k - 1]), rel=1e-12)
        asked.add(k)
    assert asked == {1, 2, 3, 4}


def test_counted_from_one_message_names_the_class_taken(skills):
    problem = _seeds_where_slip_is_first(skills["crossentropy-target"], "counted_from_one", 1)[0]
    k, z = problem.values["k"], problem.values["z"]
    typed = answers.show_expected(-float(ce.log_softmax(z)[k - 1]), problem.step)
    verdict = problem.judge(typed)
    assert verdict.slip == "counted_from_one" and not verdict.right


def test_signed_numbers_are_quoted_in_prose(skills):
    # says texts are filled with the prose minus: a negative bias is quoted as −b
    for seed in range(30):
        problem = problems.draw(skills["neuron-z"], np.random.default_rng(seed))
        if problem.values["b"] < 0:
            break
    else:
        raise AssertionError("no negative bias drawn")
    wrong = float(np.dot(problem.values["x"], problem.values["w"]))
    message = problem.judge(answers.show_expected(wrong, problem.step)).message
    assert f"b = −{abs(problem.values['b']):g}" in message
