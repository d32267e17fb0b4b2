"""Shared test set-up: a fixed environment, and golden files regenerated on purpose."""

import os
from pathlib import Path

import pytest


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite tests/golden/* from the current output instead of comparing.",
    )


@pytest.fixture(autouse=True)
def fixed_environment(monkeypatch, tmp_path):
    """Colour, width and the user's own settings must not change what tests see,
    and no test reads or writes the user's real lesson progress."""
    for name in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "TERM", "NNEXPLAIN_DEBUG",
                 "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NNEXPLAIN_HOME", str(tmp_path / "nnexplain-home"))


@pytest.fixture
def update_golden(request):
    return request.config.getoption("--update-golden")


GOLDEN = Path(__file__).parent / "golden"
GOLDEN_WIDTH = "100"


@pytest.fixture
def golden(update_golden):
    """``golden(name, args)``: run the CLI at a fixed width and compare its
    standard output with tests/golden/NAME.txt (or rewrite it with --update-golden)."""
    from click.testing import CliRunner

    from nnexplain.cli import cli

    def check(name, args):
        result = CliRunner().invoke(
            cli, args, env={"COLUMNS": GOLDEN_WIDTH}, catch_exceptions=False
        )
        assert result.exit_code == 0, result.output
        path = GOLDEN / f"{name}.txt"
        if update_golden:
            path.write_text(result.stdout, encoding="utf-8")
            pytest.skip(f"rewrote {path.name}")
        expected = path.read_text(encoding="utf-8")
        if result.stdout != expected:
            print(repr(result.stdout))
            print(repr(expected))
        assert result.stdout == expected

    return check


@pytest.fixture
def locked_folder(tmp_path):
    """A folder that cannot be written into (chmod 555), unlocked again afterwards so
    pytest can remove it. Skips when the user (root) can write into it anyway."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user (root) who can write into a chmod 555 folder")
        yield folder
    finally:
        folder.chmod(0o755)
