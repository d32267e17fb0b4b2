"""nx.problem: the practice door (the same templates, draws and checker as the drill)."""

import re

import numpy as np
import pytest

import nnexplain as nx
from nnexplain.lesson.catalog import shipped_folder
from nnexplain.practice import catalog, problems


def test_the_door_draws_what_the_engine_draws():
    for name in ("log-loss", "neuron-z", "updates-per-epoch"):
        mine = nx.problem(name, seed=5)
        engine = problems.draw(catalog.shipped_skills()[name], np.random.default_rng(5))
        assert (mine.prompt, mine.command, mine.answer) == (engine.prompt, engine.command, engine.answer)
    fresh = {nx.problem("log-loss").prompt for _ in range(6)}
    assert len(fresh) > 1  # no seed: fresh numbers


def test_the_door_checks_answers_and_names_slips():
    p = nx.problem("squared-loss", seed=2)
    assert p.judge(p.shown_answer()).right
    verdict = p.judge(f"{p.answer ** 0.5:.2f}")
    assert (verdict.right, verdict.slip) == (False, "not_squared")


@pytest.mark.parametrize("args, message", [
    (("loss",), "skill: 'loss' is a topic; name one of its skills"),
    (("lgo-loss",), "skill: no skill or topic 'lgo-loss' (did you mean 'log-loss'?)"),
    ((3,), "skill: expected a skill's name such as 'log-loss', got 3"),
    (("log-loss", -1), "seed: expected a whole number ≥ 0, got -1"),
    (("log-loss", True), "seed: expected a whole number ≥ 0, got True"),
])
def test_bad_arguments_are_input_errors(args, message):
    with pytest.raises(nx.InputError, match=re.escape(message)):
        nx.problem(*args)


def test_a_teachers_template_file(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(shipped_folder().joinpath("practice", "loss.toml").read_text(encoding="utf-8"), encoding="utf-8")
    assert nx.problem("log-loss", seed=1, templates=path).prompt == nx.problem("log-loss", seed=1).prompt
    with pytest.raises(nx.InputError, match="templates: cannot read"):
        nx.problem("log-loss", templates=tmp_path / "missing.toml")
