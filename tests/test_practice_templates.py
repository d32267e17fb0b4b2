"""Problem templates: the format's checks (every problem named with file, skill and
field), drawing (one seeded generator, the same problems on every run and in a fresh
process, numbers exactly on their grid), constraints and slips, and every shipped
template checked for many seeds."""

import json
import math
import subprocess
import sys

import numpy as np
import pytest

from nnexplain.lesson import answers
from nnexplain.lesson.catalog import shipped_names
from nnexplain.practice import catalog, check, problems
from nnexplain.practice.templates import read_templates

GOOD = """
format = 1
topic = "loss"

[[skills]]
name = "demo"
title = "Log loss"
prompt = "y = {y}, ŷ = {yhat}, w = {w}. What is the log loss?"
run = "loss --y {y} --yhat {yhat}"
path = "result"
decimals = 3
hints = ["With y = {y} one term is left.", "It is {{answer.steps.0.value:.2f}} before the sign."]
slips = ["log10"]
require = ["answer >= 0.01"]
[skills.params]
y = { choices = [0, 1] }
yhat = { low = 0.05, high = 0.95, decimals = 2 }
w = { low = -2, high = 2, decimals = 1, exclude = [0] }
[skills.derived]
other = "1 - y"
[[skills.slip]]
name = "other_class"
run = "loss --y {other} --yhat {yhat}"
path = "result"
"""


def parse(text: str):
    return read_templates(text.encode(), "t.toml")


def one(text: str = GOOD):
    skills, found = parse(text)
    assert found == []
    return skills[0]


def test_a_good_template_reads():
    skill = one()
    assert (skill.name, skill.topic, skill.decimals, len(skill.hints)) == ("demo", "loss", 3, 2)
    assert [p.name for p in skill.params] == ["y", "yhat", "w"]
    assert [s.name for s in skill.slips] == ["log10", "other_class"]


@pytest.mark.parametrize("change, expected", [
    (('name = "demo"', 'name = "Demo!"'), "t.toml: skill 1: name: expected lowercase letters"),
    (('decimals = 3', ''), "decimals: a numeric question needs exactly one of"),
    (('prompt = "y = {y},', 'prompt = "y = {z},'), "skill 1 (demo): prompt: {z} is not a parameter or derived value"),
    (('ŷ = {yhat}, w', 'ŷ = {yhat x}, w'), "prompt: {yhat x} is not a slot"),
    (('{{answer.steps.0.value:.2f}}', '{{answer steps}}'), "is not a placeholder"),
    (('high = 0.95, decimals = 2', 'high = 0.01, decimals = 2'), "params.yhat: low, high: no number with 2 decimals"),
    (('choices = [0, 1]', 'choices = []'), "params.y: choices: expected a list of 1 to 20"),
    (('other = "1 - y"', 'answer = "1 - y"'), "'answer' is reserved"),
    (('other = "1 - y"', 'other = "1 - q"'), "derived.other: 'q' is not a parameter"),
    (('require = ["answer >= 0.01"]', 'require = ["answer >="]'), "require 1: 'answer >=' is not an expression"),
    (('slips = ["log10"]', 'slips = ["typo"]'), "slips: expected a list of slips the engine computes"),
    (('name = "other_class"', 'name = "Other class"'), "name: expected one of no_bias"),
    (('name = "other_class"', 'name = "my_own_slip"'), "says: a slip of your own ('my_own_slip') needs says"),
    (('path = "result"\ndecimals', 'path = "result"\nspeed = 1\ndecimals'), "speed: unknown field"),
    (('topic = "loss"', 'topic = 3'), "t.toml: topic: expected the name of the lesson"),
    (('size', 'size'), None),
])
def test_every_problem_names_file_skill_and_field(change, expected):
    old, new = change
    skills, found = parse(GOOD.replace(old, new, 1))
    if expected is None:
        assert found == []
        return
    assert any(expected in line for line in found), found
    assert skills == ()


def test_two_skills_with_one_name_are_refused():
    twice = GOOD + GOOD[GOOD.index("[[skills]]"):]
    assert any("'demo' is used by two skills" in line for line in parse(twice)[1])


def test_a_list_parameter_takes_its_size_from_a_whole_number_parameter():
    text = GOOD.replace('w = { low = -2, high = 2, decimals = 1, exclude = [0] }',
                        'n = { low = 2, high = 4 }\nw = { low = -2, high = 2, decimals = 1, size = "n" }')
    skill = one(text)
    for seed in range(5):
        values = problems.draw_values(skill, np.random.default_rng(seed))
        assert len(values["w"]) == values["n"]
    bad = GOOD.replace('w = { low = -2, high = 2, decimals = 1, exclude = [0] }',
                       'w = { low = -2, high = 2, decimals = 1, size = "yhat" }')
    assert any("size: expected a whole number from 1 to 8, or the name of an earlier whole-number" in line
               for line in parse(bad)[1])


def test_numbers_are_drawn_exactly_on_their_grid_and_never_excluded():
    skill = one()
    rng = np.random.default_rng(0)
    seen = set()
    for _ in range(300):
        values = problems.draw_values(skill, rng)
        assert 0.05 <= values["yhat"] <= 0.95
        assert f"{values['yhat']:.2f}" == repr(values["yhat"]).ljust(4, "0")[:4] or float(f"{values['yhat']:.2f}") == values["yhat"]
        assert values["w"] != 0 and float(f"{values['w']:.1f}") == values["w"]
        assert values["other"] == 1 - values["y"]
        seen.add(values["yhat"])
    assert min(seen) == 0.05 and max(seen) == 0.95  # both ends can be drawn


def test_the_same_seed_gives_the_same_problems_and_another_seed_others():
    skill = one()

    def run(seed):
        rng = np.random.default_rng(seed)
        return [(p.values, p.prompt, p.answer) for p in (problems.draw(skill, rng) for _ in range(5))]

    assert run(7) == run(7)
    assert run(7) != run(8)


def test_a_fresh_process_draws_the_same_shipped_problems():
    # numpy's PCG64 stream is the same on every machine; the whole chain (draw,
    # command, answer) must not depend on anything else (hash seeds, dict order).
    code = ("import json, numpy as np; from nnexplain.practice import catalog, problems; "
            "rng = np.random.default_rng(2026); "
            "print(json.dumps([[problems.draw(s, rng).prompt, problems.draw(s, rng).answer] "
            "for s in catalog.shipped_skills().values()]))")
    here = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                     check=True, env={"PYTHONHASHSEED": "1", "PATH": ""}).stdout)
    rng = np.random.default_rng(2026)
    mine = [[problems.draw(s, rng).prompt, problems.draw(s, rng).answer] for s in catalog.shipped_skills().values()]
    assert [prompt for prompt, _ in here] == [prompt for prompt, _ in mine]
    # The answers agree to the last bits only: NumPy's summation may take another
    # SIMD path for another memory layout (seen: z = −0.41000000000000014 in one
    # process, −0.41000000000000036 in another), far below any precision asked.
    assert [answer for _, answer in here] == pytest.approx([answer for _, answer in mine], rel=1e-13, abs=1e-15)


def test_values_are_written_as_typed_in_commands_and_with_a_true_minus_in_prose():
    assert problems.write(-1.5) == "-1.5" and problems.write(-1.5, shown=True) == "−1.5"
    assert problems.write(2.0) == "2" and problems.write(0.1 + 0.2) == "0.3"
    assert problems.write((2, -0.5)) == "2,-0.5" and problems.write((2, -0.5), shown=True) == "(2, −0.5)"
    assert problems.fill("--x {x} first {x.0}", {"x": (3, -1)}) == "--x 3,-1 first 3"
    # after an operator a negative number is bracketed in prose, never in a command line
    assert problems.fill("y − ŷ = {y} − {yhat}, w·{yhat}", {"y": -1.6, "yhat": -1.1}, shown=True) == \
        "y − ŷ = −1.6 − (−1.1), w·(−1.1)"
    assert problems.fill("--y {y} --yhat {yhat}", {"y": -1.6, "yhat": -1.1}) == "--y -1.6 --yhat -1.1"
    assert problems._tidy(1 - 0.7) == 0.3 and problems._tidy(2.0) == 2


def test_a_problem_fills_every_text_and_checks_answers_with_the_lessons_checker():
    problem = problems.draw(one(), np.random.default_rng(3))
    y, yhat = problem.values["y"], problem.values["yhat"]
    expected = -math.log(yhat) if y == 1 else -math.log(1 - yhat)
    assert problem.answer == pytest.approx(expected, rel=1e-12)
    assert problem.command == f"nnexplain loss --y {y} --yhat {problems.write(yhat)}"
    assert "{" not in problem.prompt + "".join(problem.step.hints)
    assert problem.step.hints[1].startswith("It is −") or problem.step.hints[1].startswith("It is ")
    assert problem.judge(problem.shown_answer()).right
    log10 = problem.judge(f"{expected / math.log(10):.3f}")
    assert (log10.right, log10.slip) == (False, "log10")
    other = -math.log(1 - yhat) if y == 1 else -math.log(yhat)
    assert problem.judge(f"{other:.3f}").slip == "other_class"
    with pytest.raises(answers.AnswerError):
        problem.judge("0,5")


def test_constraints_reject_draws_and_an_impossible_template_says_why():
    skill = one(GOOD.replace('require = ["answer >= 0.01"]', 'require = ["answer >= 0.5", "y == 1"]'))
    rng = np.random.default_rng(0)
    for _ in range(20):
        problem = problems.draw(skill, rng)
        assert problem.values["y"] == 1 and problem.answer >= 0.5
    impossible = one(GOOD.replace('require = ["answer >= 0.01"]', 'require = ["answer > 100"]'))
    with pytest.raises(problems.DrawError, match=r"no acceptable problem in 200 draws; most often \(200×\): require 'answer > 100' fails"):
        problems.draw(impossible, rng)


def test_a_slip_that_gives_the_right_answer_is_never_drawn():
    # Squared loss with y = ŷ is 0, and the sign slip gives −0 = 0: such a draw is
    # rejected, since the slip could never be told from the answer.
    text = GOOD.replace('run = "loss --y {y} --yhat {yhat}"', 'run = "loss --y {y} --yhat {y} --loss squared"')
    text = text.replace('slips = ["log10"]', 'slips = ["sign"]').replace('require = ["answer >= 0.01"]', "")
    text = text[: text.index("[[skills.slip]]")]
    with pytest.raises(problems.DrawError, match="slip sign gives the right answer"):
        problems.draw(one(text), np.random.default_rng(0))


def test_an_expression_error_is_a_rejected_draw_with_its_reason():
    skill = one(GOOD.replace('other = "1 - y"', 'other = "1 / (y - y)"'))
    with pytest.raises(problems.DrawError, match="division by zero"):
        problems.draw(skill, np.random.default_rng(0))


def test_expressions_cannot_reach_python():
    with pytest.raises(problems.ExpressionError):
        problems.evaluate("__import__('os').getcwd()", {})
    with pytest.raises(problems.ExpressionError):
        problems.evaluate("y.__class__", {"y": 1})


def test_check_reports_a_broken_template(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(GOOD.replace('topic = "loss"', 'topic = "losses"').replace('require = ["answer >= 0.01"]', 'require = ["answer > 100"]'))
    report = check.check_files([("mine.toml", path)], seeds=3)
    assert any("topic: 'losses' is not a lesson" in line for line in report.problems)
    assert any("skill 'demo': seed 0: no acceptable problem" in line for line in report.problems)


@pytest.fixture(scope="module")
def shipped_report():
    return check.check_shipped(seeds=60)


def test_every_shipped_template_draws_runs_and_answers_for_many_seeds(shipped_report):
    assert shipped_report.problems == []
    skills = shipped_report.skills
    assert len(skills) >= 20, [s.name for s in skills]
    assert shipped_report.draws == 60 * len(skills)
    assert {s.topic for s in skills} <= set(shipped_names())
    assert list(catalog.shipped_skills()) == [s.name for s in skills]


def test_shipped_prompts_state_the_numbers_they_are_drawn_with(shipped_report):
    for skill in shipped_report.skills:
        problem = problems.draw(skill, np.random.default_rng(11))
        for name, value in problem.values.items():
            written = problems.write(value, shown=True)
            if any(f"{{{name}" in text for text in (skill.prompt,)):
                assert written in problem.prompt, (skill.name, name, problem.prompt)


def test_a_slip_of_the_authors_own_says_what_it_means():
    text = GOOD.replace('name = "other_class"', 'name = "other_term"') + 'says = "That is the other term: {{slip.result:.3f}}."\n'
    problem = problems.draw(one(text), np.random.default_rng(3))
    y, yhat = problem.values["y"], problem.values["yhat"]
    other = -math.log(1 - yhat) if y == 1 else -math.log(yhat)
    verdict = problem.judge(f"{other:.3f}")
    assert verdict.slip == "other_term" and verdict.message.startswith(f"That is the other term: {other:.3f}.")


def test_a_slip_given_by_an_expression():
    text = GOOD + '[[skills.slip]]\nname = "halved"\nvalue = "answer / 2"\nsays = "Half of it: y was {y}."\n'
    skill = one(text)
    assert skill.name == "demo" and [s.name for s in skill.slips] == ["log10", "other_class", "halved"]
    problem = problems.draw(skill, np.random.default_rng(4))
    verdict = problem.judge(f"{problem.answer / 2:.3f}")
    assert verdict.slip == "halved" and verdict.message.startswith(f"Half of it: y was {problem.values['y']}.")
    for bad, message in ((text.replace('says = "Half of it: y was {y}."\n', ""), "a slip given by value needs says"),
                         (text.replace('"answer / 2"', '"answer / q"'), "slip value 1: 'q' is not a parameter"),
                         (text.replace('name = "halved"', 'name = "log10"'), "slips: 'log10' is declared twice")):
        assert any(message in line for line in parse(bad)[1]), parse(bad)[1]


@pytest.mark.parametrize("name, slip, wrong", [
    ("dense-parameters", "weights_only", lambda v, doc: 3 * v["hidden"]),
    ("deep-parameters", "weights_only", lambda v, doc: 2 * v["h1"] + v["h1"] * v["h2"] + v["h2"]),
    ("stability-limit", "one_over", lambda v, doc: 1 / doc["values"]["lambda_max"]),
    ("updates-per-epoch", "rounded_down", lambda v, doc: v["m"] // v["batch"]),
    ("last-batch-size", "full_batch", lambda v, doc: v["batch"]),
    ("updates-in-training", "one_epoch", lambda v, doc: -(-v["m"] // v["batch"])),
])
def test_shipped_slips_given_by_expressions_are_the_mistakes_they_name(name, slip, wrong):
    from nnexplain.lesson import runs

    for seed in range(3):
        problem = problems.draw(catalog.shipped_skills()[name], np.random.default_rng(seed))
        typed = answers.show_expected(wrong(problem.values, runs.document(problem.argv)), problem.step)
        assert problem.judge(typed).slip == slip, (problem.values, typed)
