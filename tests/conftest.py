"""Shared test set-up: a fixed environment, and golden files regenerated on purpose."""

import pytest


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite tests/golden/* from the current output instead of comparing.",
    )


@pytest.fixture(autouse=True)
def fixed_environment(monkeypatch, tmp_path):
    """Colour, width and the user's own settings must not change what tests see."""
    for name in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "TERM", "NNEXPLAIN_DEBUG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def update_golden(request):
    return request.config.getoption("--update-golden")
