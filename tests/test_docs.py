"""Docs stay true: the CLI reference, the README's sample and its quick start."""

import importlib.util
import re
from pathlib import Path

from click.testing import CliRunner

from nnexplain.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def load_generator():
    path = ROOT / "docs" / "generate_cli_reference.py"
    spec = importlib.util.spec_from_file_location("generate_cli_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_current():
    generated = load_generator().reference()
    on_disk = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert on_disk == generated, "docs/cli.md is stale: run python docs/generate_cli_reference.py"


def test_cli_reference_covers_every_command():
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in cli.list_commands(None):
        assert f"## `nnexplain {name}`" in text


def readme():
    return (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_sample_is_real_output():
    block = re.search(r"`nnexplain loss --y 1 --yhat 0\.1` in an 80-column terminal:\n\n```text\n(.*?)```", readme(), re.S)
    assert block, "README lost its sample output"
    result = CliRunner().invoke(cli, ["loss", "--y", "1", "--yhat", "0.1"], env={"COLUMNS": "80"})
    actual = "\n".join(line.rstrip() for line in result.stdout.splitlines()) + "\n"
    assert block.group(1) == actual


def test_quick_start_is_two_commands_and_ci_runs_the_second():
    section = readme().split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", section, re.S)
    assert commands == [
        "pip install . && nnexplain loss --y 1 --yhat 0.1",
        "pip install '.[test]' && pytest",
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()
