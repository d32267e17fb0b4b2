"""The practice skills of the second half of the syllabus (lessons/practice/ network,
backprop, gradient-descent, minibatch, optimizers, approximation, stability,
training-networks): for a few fixed seeds each drawn answer equals an independent
computation with nnexplain.core or plain arithmetic (not through the command), and a
typical slip's wrong answer is diagnosed as that slip."""

import math
import re
from pathlib import Path

import numpy as np
import pytest

from nnexplain.core import activations as act
from nnexplain.core import crossentropy as ce
from nnexplain.core import network, training
from nnexplain.lesson import answers, runs
from nnexplain.practice import catalog, problems

FOLDER = Path(__file__).resolve().parent.parent / "lessons" / "practice"
FILES = ("network", "backprop", "gradient-descent", "minibatch", "optimizers", "approximation",
         "stability", "training-networks")
SEEDS = (0, 1, 7)
LINE_NOISE = 0.5  # the train command's default noise for the line task


@pytest.fixture(scope="module")
def skills():
    found = {}
    for name in FILES:
        found.update(catalog.load_file(str(FOLDER / f"{name}.toml")))
    return found


def _passes(v):
    return network.forward(network.preset(), np.array([v["x1"], v["x2"]], dtype=np.float64))


def _y_hat(v):
    return float(_passes(v)[-1].a[0])


def _delta(v):
    return 2.0 * (_y_hat(v) - v["y"])


def _line(v):
    x, y = training.line_data(4, LINE_NOISE, v["seed"])
    return training.neuron_gradient(x, y, np.array([v["w"]]), v["b"])


def _momentum(v):
    x0, lr, mu = v["x0"], v["lr"], v["mu"]
    g1 = x0  # ∂J/∂x = x on the bowl's x axis
    x1 = x0 - lr * g1
    return mu * g1 + x1


def _adam(v):
    x0, lr, b1 = v["x0"], v["lr"], v["beta1"]
    b2, eps = 0.999, 1e-8
    m1, s1 = (1 - b1) * x0, (1 - b2) * x0**2
    x1 = x0 - lr * (m1 / (1 - b1)) / (math.sqrt(s1 / (1 - b2)) + eps)
    m2 = b1 * m1 + (1 - b1) * x1
    return m2 / (1 - b1**2)


def _sin_change(v):
    h = v["b"] / v["units"]
    s0, s1 = math.sin(h) / h, (math.sin(2 * h) - math.sin(h)) / h
    return s1 - s0


def _lse(z):
    return ce.log_sum_exp(np.array(z, dtype=np.float64))


# skill name -> the answer computed from the drawn values with core alone
EXPECTED = {
    "hidden-unit-output": lambda v: float(_passes(v)[0].a[1]),
    "network-output": _y_hat,
    "dense-parameters": lambda v: 2 * v["hidden"] + v["hidden"] + v["hidden"] + 1,
    "output-error-signal": _delta,
    "output-weight-gradient": lambda v: _delta(v) * float(_passes(v)[0].a[1]),
    "hidden-weight-gradient": lambda v: (_delta(v) * float(network.preset()[1].W[1, 0])
                                         * float(_passes(v)[0].z[1] > 0) * v["x1"]),
    "gradient-step-weight": lambda v: v["w"] - v["lr"] * float(_line(v)[0][0]),
    "gradient-step-bias": lambda v: v["b"] - v["lr"] * _line(v)[1],
    "stability-limit": lambda v: 2.0 / float(training.curvatures(training.cost_hessian(
        training.line_data(v["m"], LINE_NOISE, v["seed"])[0]))[-1]),
    "updates-per-epoch": lambda v: math.ceil(v["m"] / v["batch"]),
    "last-batch-size": lambda v: v["m"] - v["batch"] * (v["m"] // v["batch"]),
    "updates-in-training": lambda v: v["epochs"] * math.ceil(v["m"] / v["batch"]),
    "momentum-velocity": _momentum,
    "adam-corrected-moment": _adam,
    "relu-first-slope": lambda v: ((v["a"] + v["h"]) ** 2 - v["a"] ** 2) / v["h"],
    "relu-slope-change": _sin_change,
    "interpolation-error": lambda v: (v["length"] / v["units"]) ** 2 / 8 * 2,
    "cross-entropy-large-scores": lambda v: _lse([v["z0"], v["z1"], v["z2"]]) - v["z0"],
    "softmax-shifted": lambda v: float(act.softmax(np.array([v["z1"], v["z2"], v["z3"]], dtype=np.float64))[0]),
    "deep-parameters": lambda v: 2 * v["h1"] + v["h1"] + v["h1"] * v["h2"] + v["h2"] + v["h2"] + 1,
    "sigmoid-output-error": lambda v: float(act.sigmoid(v["z"])) - v["y"],
}

# skill name -> (slip name, the wrong answer it names, computed without the command)
SLIPS = {
    "hidden-unit-output": ("no_bias", lambda v: float(_passes(v)[0].z[1] - network.preset()[0].b[1])),
    "network-output": ("no_bias", lambda v: _y_hat(v) - float(network.preset()[1].b[0])),
    "output-error-signal": ("sign", lambda v: -_delta(v)),
    "output-weight-gradient": ("sign", lambda v: -EXPECTED["output-weight-gradient"](v)),
    "hidden-weight-gradient": ("sign", lambda v: -EXPECTED["hidden-weight-gradient"](v)),
    "gradient-step-weight": ("wrong_direction", lambda v: v["w"] + v["lr"] * float(_line(v)[0][0])),
    "gradient-step-bias": ("wrong_direction", lambda v: v["b"] + v["lr"] * _line(v)[1]),
    "momentum-velocity": ("sign", lambda v: -_momentum(v)),
    "adam-corrected-moment": ("sign", lambda v: -_adam(v)),
    "relu-first-slope": ("sign", lambda v: -EXPECTED["relu-first-slope"](v)),
    "relu-slope-change": ("sign", lambda v: -_sin_change(v)),
    "interpolation-error": ("not_squared", lambda v: math.sqrt(EXPECTED["interpolation-error"](v))),
    "cross-entropy-large-scores": ("log10", lambda v: EXPECTED["cross-entropy-large-scores"](v) / math.log(10)),
    "softmax-shifted": ("percent", lambda v: 100 * EXPECTED["softmax-shifted"](v)),
    "sigmoid-output-error": ("sign", lambda v: -EXPECTED["sigmoid-output-error"](v)),
}

# The max error is measured on the command's grid of points, a hair below h²/4
# when no grid point falls exactly in the middle of a segment.
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
TOLERANCE = {"interpolation-error": 1e-7}


def test_every_skill_is_covered(skills):
    assert set(skills) == set(EXPECTED)
    assert len(skills) >= 10
    assert set(SLIPS) <= set(EXPECTED)
    for name, skill in skills.items():
        if name in SLIPS:
            assert SLIPS[name][0] in {slip.name for slip in skill.slips}, name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_answer_matches_core(skills, name):
    for seed in SEEDS:
        problem = problems.draw(skills[name], np.random.default_rng(seed))
        expected = EXPECTED[name](problem.values)
        assert problem.answer == pytest.approx(expected, rel=1e-9, abs=TOLERANCE.get(name, 1e-9)), (name, seed)
        assert problem.judge(problem.shown_answer().replace("−", "-")).right


@pytest.mark.parametrize("name", sorted(SLIPS))
def test_slip_is_named(skills, name):
    slip_name, wrong_of = SLIPS[name]
    for seed in SEEDS:
        problem = problems.draw(skills[name], np.random.default_rng(seed))
        wrong = wrong_of(problem.values)
        verdict = problem.judge(f"{wrong:.6f}")
        assert not verdict.right, (name, seed)
        assert verdict.slip == slip_name, (name, seed, verdict)


@pytest.mark.parametrize("name", ["dense-parameters", "deep-parameters", "updates-per-epoch",
                                  "last-batch-size", "updates-in-training"])
def test_whole_answers_refuse_an_off_by_one(skills, name):
    problem = problems.draw(skills[name], np.random.default_rng(3))
    assert problem.answer == round(problem.answer)
    assert not problem.judge(str(int(problem.answer) + 1)).right
    assert problem.judge(str(int(problem.answer))).right


def test_hints_never_quote_the_answer(skills):
    """No number in a hint would be accepted as the answer."""
    for name, skill in skills.items():
        for seed in (*SEEDS, 143, 175, 176):  # seeds that once drew a hint holding the answer
            problem = problems.draw(skill, np.random.default_rng(seed))
            for hint in problem.step.hints:
                for token in NUMBER.findall(hint.replace("−", "-")):
                    assert not answers.is_close(float(token), problem.answer, problem.step), (name, seed, hint)


def test_same_seed_same_problem(skills):
    for skill in skills.values():
        first = problems.draw(skill, np.random.default_rng(11))
        again = problems.draw(skill, np.random.default_rng(11))
        assert (first.prompt, first.answer, first.command) == (again.prompt, again.answer, again.command)


def test_adams_uncorrected_moment_is_named():
    skill = catalog.shipped_skills()["adam-corrected-moment"]
    for seed in SEEDS:
        problem = problems.draw(skill, np.random.default_rng(seed))
        doc = runs.document(problem.argv)
        m, correction = doc["steps"][20]["value"], doc["steps"][17]["value"]
        assert problem.answer == pytest.approx(m / correction, rel=1e-12)
        verdict = problem.judge(answers.show_expected(m, problem.step))
        assert verdict.slip == "no_correction" and "before the bias correction" in verdict.message
