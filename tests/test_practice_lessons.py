"""A lesson can end by pointing to its practice skills (``practice = [...]``)."""

from click.testing import CliRunner

from nnexplain.cli import cli

LESSON = """
format = 1
name = "tiny"
title = "Tiny"
summary = "One question."
minutes = 1
practice = ["log-loss", "squared-loss"]

[[steps]]
kind = "question"
prompt = "What is 1 + 1?"
answer = 2
whole = true
hint = "Count."
explanation = "Two."
"""


def run(*args, input=None, env=None):
    return CliRunner().invoke(cli, list(args), input=input, env=env)


def test_a_lesson_ends_by_pointing_to_its_skills(tmp_path):
    path = tmp_path / "tiny.toml"
    path.write_text(LESSON)
    through = run("lesson", "run", str(path), "--no-input")
    assert through.exit_code == 0, through.output
    assert through.output.rstrip().endswith("Practise this with fresh numbers: nnexplain practice log-loss squared-loss")
    live = run("lesson", "run", str(path), "--input", input="2\n", env={"NNEXPLAIN_HOME": str(tmp_path / "home")})
    assert live.exit_code == 0, live.output
    assert "Lesson complete" in live.output
    assert "Practise this with fresh numbers: nnexplain practice log-loss squared-loss" in live.output
    assert run("lesson", "check", str(path)).exit_code == 0


def test_lesson_check_refuses_a_skill_that_does_not_exist(tmp_path):
    path = tmp_path / "tiny.toml"
    path.write_text(LESSON.replace('"squared-loss"', '"squared-lost"'))
    result = run("lesson", "check", str(path))
    assert result.exit_code == 1
    assert "practice: 'squared-lost' is not a practice skill (nnexplain practice --list shows them)" in result.output


def test_a_malformed_practice_list_is_named(tmp_path):
    path = tmp_path / "tiny.toml"
    path.write_text(LESSON.replace('practice = ["log-loss", "squared-loss"]', 'practice = "log-loss"'))
    result = run("lesson", "check", str(path))
    assert result.exit_code == 1
    assert "practice: expected a list of 1 to 12 practice skill names" in result.output


def test_every_shipped_lesson_with_skills_points_to_all_of_them():
    from nnexplain.lesson.catalog import load_shipped, shipped_names
    from nnexplain.practice.catalog import shipped_skills

    by_topic = {}
    for skill in shipped_skills().values():
        by_topic.setdefault(skill.topic, []).append(skill.name)
    for name in shipped_names():
        assert list(load_shipped(name).practice) == by_topic.get(name, []), name


def test_a_handout_names_the_skills_before_its_answer_key(tmp_path):
    path = tmp_path / "tiny.toml"
    path.write_text(LESSON)
    result = run("lesson", "export", str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "tiny.md").read_text(encoding="utf-8")
    practise = text.index("## Practise this\n\nWith fresh numbers every problem, each answer checked: "
                          "`nnexplain practice log-loss squared-loss`")
    assert practise < text.index("## Answer key")
