"""``nnexplain practice`` options: --stats and --list (with and without progress),
--check (OK line, every problem listed, exit 1), and bad input as one Error: line."""

import pytest
from click.testing import CliRunner

from cli_checks import FAILED, error_line
from nnexplain.cli import cli
from test_practice_drill import TEMPLATE, expected, home, practise, skills_file, write_template  # noqa: F401

pytestmark = pytest.mark.usefixtures("home")  # no test touches the real data folder


def invoke(*args, input=None):
    return CliRunner().invoke(cli, ["practice", *args], input=input, env={"COLUMNS": "100"})


def rows(output) -> dict:
    """Table rows by their first word that names a skill."""
    found = {}
    for line in output.splitlines():
        words = line.split()
        if words and words[0] in ("log-loss", "squared-loss"):
            found[words[0]] = words
    return found


def test_stats_with_no_progress_yet(skills_file):
    result = invoke("--stats", "--templates", skills_file)
    assert result.exit_code == 0, result.output
    assert rows(result.stdout) == {}
    assert result.stdout.startswith("No practice yet: start with nnexplain practice") and result.stderr == ""


def test_stats_after_practice(skills_file):
    first, second, third = expected(skills_file, "log-loss", "squared-loss", "squared-loss")
    practise(skills_file, f"{first.shown_answer()}\nskip\n{third.shown_answer()}\n", count=3)
    result = invoke("--stats", "--templates", skills_file)
    table = rows(result.stdout)
    # log-loss: right at 1 (box 2, due 5); squared-loss: missed at 2, right at 3 (box 2, due 7).
    assert table["log-loss"] == ["log-loss", "2", "1", "1", "100%", "1", "1", "in", "1"]
    assert table["squared-loss"] == ["squared-loss", "2", "2", "1", "50%", "1", "1", "in", "3"]
    assert "3 problems answered in all" in result.stdout


def test_stats_of_chosen_skills_only(skills_file):
    result = invoke("squared-loss", "--stats", "--templates", skills_file)
    assert rows(result.stdout) == {"squared-loss": ["squared-loss", "1", "0", "0", "—", "0", "0", "new"]}


def test_list_by_topic_with_accuracy(skills_file):
    (first,) = expected(skills_file, "log-loss")
    practise(skills_file, first.shown_answer() + "\n")
    result = invoke("--list", "--templates", skills_file)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[2].strip() == "loss"  # the topic heads its skills
    assert rows(result.stdout)["log-loss"][-2:] == ["1", "100%"]
    assert rows(result.stdout)["squared-loss"][-2:] == ["0", "—"]
    assert "2 skills in 1 topic (in bold: a lesson" in result.stdout


def test_list_of_the_shipped_skills():
    result = invoke("--list")
    assert result.exit_code == 0, result.output
    assert "log-loss" in result.stdout and "Log loss of one example" in result.stdout


def test_check_a_good_file(skills_file):
    result = invoke("--check", "--seeds", "4", "--templates", skills_file)
    assert result.exit_code == 0, result.output
    assert result.stdout == "OK: 2 skills in 1 file, 8 draws checked.\n"


def test_check_lists_every_problem_and_fails(tmp_path):
    path = tmp_path / "broken.toml"
    broken = TEMPLATE.replace('topic = "loss"', 'topic = "nosuchlesson"').replace(
        'require = ["answer >= 0.05"]', 'require = ["answer >= 0.05", "answer < 0"]')
    path.write_text(broken, encoding="utf-8")
    result = invoke("--check", "--seeds", "3", "--templates", str(path))
    assert result.exit_code == FAILED
    problems = [line for line in result.stderr.splitlines() if not line.startswith("Error:")]
    assert any("'nosuchlesson' is not a lesson" in line for line in problems)
    assert any("log-loss" in line and "no acceptable problem" in line for line in problems)
    assert error_line(result, "problems in the practice templates", exit_code=FAILED)


@pytest.mark.parametrize("args, mentions", [
    (["lossy"], ["no skill or topic 'lossy'", "did you mean 'loss'", "--list"]),
    (["--stats", "--list"], ["--stats, --list"]),
    (["--seeds", "3"], ["--seeds is for --check"]),
    (["--stats", "--count", "2"], ["--seed and --count are for the drill"]),
    (["--check", "log-loss"], ["give no SKILL with it"]),
    (["--count", "0"], ["--count"]),
    (["--seed", "-1"], ["--seed"]),
    (["--templates", "/no/such/file.toml"], ["--templates", "does not exist"]),
])
def test_bad_input_is_one_usage_error(skills_file, args, mentions):
    extra = [] if "--templates" in args else ["--templates", skills_file]
    error_line(invoke(*args, *extra), *mentions)


def test_a_broken_template_file_lists_its_problems(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(TEMPLATE.replace('path = "result"\ndecimals = 3', 'decimals = 3'), encoding="utf-8")
    result = invoke("--templates", str(path))
    assert "skill 1 (log-loss)" in result.stderr or "log-loss" in result.stderr
    error_line(result, "has 1 problem", exit_code=FAILED)


def test_end_of_input_before_any_answer(skills_file):
    result = invoke("--templates", skills_file, "--seed", "1", input="")
    assert result.exit_code == 0 and "End of input: 0 of 0 right" in result.stderr


PROBE = """
import sys
sys.argv = ["nnexplain", "practice", *sys.argv[1:]]
from nnexplain.cli import main
try:
    main()
except SystemExit as done:
    assert not done.code, done.code
print("matplotlib" in sys.modules)
"""


def test_the_drill_and_stats_never_import_matplotlib(skills_file, home):
    import os
    import subprocess
    import sys

    env = os.environ | {"NNEXPLAIN_HOME": str(home)}
    for args in (["--templates", skills_file, "--seed", "1", "--count", "1"], ["--stats", "--templates", skills_file]):
        done = subprocess.run([sys.executable, "-c", PROBE, *args], input="skip\n", capture_output=True,
                              text=True, env=env, timeout=60)
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[-1] == "False", args
