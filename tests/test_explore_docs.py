"""docs/explore.md stays in step with the app: every key bound in the app (its
screens' bindings and each view's own keys) and every view's option is on the page."""

from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parent.parent / "docs" / "explore.md"
# A binding's key as the page writes it.
WRITTEN = {"up": "↑", "down": "↓", "left": "←", "right": "→", "minus": "−", "plus": "+",
           "shift+left": "shift+←", "shift+right": "shift+→", "pageup": "PgUp",
           "pagedown": "PgDn", "question_mark": "?", "escape": "Esc", "enter": "Enter"}


def _bound_keys():
    from nnexplain.explore.app import ExploreApp, HelpScreen, MenuScreen, ViewScreen

    keys = set()
    for owner in (ExploreApp, HelpScreen, MenuScreen, ViewScreen):
        for binding in owner.BINDINGS:
            keys.update(binding.key.split(","))
    return keys


def test_every_key_the_app_binds_is_on_the_page():
    page = PAGE.read_text(encoding="utf-8")
    keys = _bound_keys()
    assert {"up", "s", "c", "q", "ctrl+c", "escape"} <= keys  # the tables were read
    missing = [key for key in sorted(keys) if f"`{WRITTEN.get(key, key)}`" not in page]
    assert not missing, missing


@pytest.mark.parametrize("name", ["bias", "loss", "descent", "network"])
def test_every_views_key_and_option_is_on_the_page(name):
    from nnexplain.explore.views import VIEWS

    page = PAGE.read_text(encoding="utf-8")
    view = VIEWS[name]()
    rows = [line for line in page.splitlines() if line.startswith(f"| {name} | ")]
    for key, _, _ in view.keys:
        assert any(f"| `{key}` |" in row for row in rows), (name, key)
    assert len(rows) == len(view.keys)  # no key on the page the view lacks
    for parameter in view.parameters:
        assert f"`{parameter.option}`" in page, parameter.option


def test_every_view_is_on_the_page():
    from nnexplain.explore.views import VIEWS

    page = PAGE.read_text(encoding="utf-8")
    for name in VIEWS:
        assert f"| `{name}` |" in page


def test_the_shared_keys_of_the_help_are_on_the_page():
    from nnexplain.explore.app import SHARED_KEYS

    page = PAGE.read_text(encoding="utf-8")
    for _, what in SHARED_KEYS:
        if what == "this help":
            continue
        assert what.split(" (")[0] in page, what


def test_the_pages_examples_are_what_the_explorer_shows():
    """The diagram line quoted is the default network's (seeded start, 1 epoch, point
    1), and the refusal quoted is the command's."""
    from click.testing import CliRunner

    from nnexplain.cli import cli
    from nnexplain.explore.views.network import NetworkView

    page = PAGE.read_text(encoding="utf-8")
    view = NetworkView()
    view.toggle_diagram()
    line = "h₁ = tanh(0.561·x₁ − 0.00231·x₂ − 4.77e-5) = 0.03493"
    assert f"`{line}`" in page
    assert f"  {line}" in view.figure(70, 12, False).splitlines()
    done = CliRunner().invoke(cli, ["explore", "bias", "--w", "0"])
    assert done.exit_code != 0
    error = done.output.strip().splitlines()[-1]
    assert error.startswith("Error: '--w': is 0") and error in page
