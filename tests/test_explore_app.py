"""``nnexplain explore`` driven by Textual's pilot at 100×30: keys change the view, the
panels show what the matching command computes, refusals stay in place, s saves the
figure, c shows the command, ? helps, q quits; first screens as SVG snapshots
(colours off); and the command's refusals off a terminal or in a small one."""

import asyncio
import json

import pytest
from click.testing import CliRunner

from nnexplain.cli import cli
from nnexplain.render.numbers import format_number

SIZE = (100, 30)


def screen_text(app) -> str:
    """What the terminal shows, as plain text."""
    return "\n".join("".join(segment.text for segment in strip)
                     for strip in app.screen._compositor.render_strips())


def command_result(command: str):
    done = CliRunner().invoke(cli, [*command.split()[1:], "--format", "json"])
    assert done.exit_code == 0, done.output
    return json.loads(done.output)["result"]


async def _session(cwd):
    """One app, one pass through every key the tests check; what was seen at each."""
    from nnexplain.explore.app import ExploreApp, HelpScreen, ViewScreen
    from nnexplain.explore.views import BiasView

    seen = {}
    app = ExploreApp(BiasView())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ViewScreen)
        view = screen.view
        await pilot.press("right", "right")  # w: 1 → 2
        await pilot.pause()
        seen["after_right"] = (view.command(), view.example.result,
                               screen.query_one("#table").text, screen_text(app))
        await pilot.press("down", "shift+left")  # b: −2 → −2.1
        await pilot.pause()
        seen["fine"] = view.parameter("b").value
        await pilot.press("up", "0", "enter")  # type w = 0: refused
        await pilot.pause()
        seen["refused"] = (view.command(), screen.query_one("#status").text, screen_text(app))
        await pilot.press("enter", "minus", "3", ".", "5", "enter")  # type w = −3.5
        await pilot.pause()
        seen["typed"] = (view.parameter("w").value, view.error, screen.query_one("#status").text)
        await pilot.press("z")  # the zero-input case
        await pilot.pause()
        seen["zero"] = (view.parameter("x").value, screen.query_one("#table").text)
        await pilot.press("c")
        await pilot.pause()
        seen["command"] = (view.command(), screen.query_one("#status").text)
        await pilot.press("s")
        await pilot.pause()
        seen["saved"] = (cwd / "explore-bias.png", screen.query_one("#status").text)
        await pilot.press("question_mark")
        await pilot.pause()
        seen["help"] = (isinstance(app.screen, HelpScreen), screen_text(app))
        await pilot.press("escape")
        await pilot.pause()
        seen["help_closed"] = app.screen is screen
        await pilot.press("escape")  # back to the menu, then open loss from it
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        seen["menu_loss"] = getattr(app.screen, "view", None) and app.screen.view.name
        await pilot.press("q")
        await pilot.pause()
        seen["quit"] = not app.is_running
    return seen


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    import os

    cwd = tmp_path_factory.mktemp("explore")
    here = os.getcwd()
    os.chdir(cwd)
    try:
        return asyncio.run(_session(cwd))
    finally:
        os.chdir(here)


def test_keys_change_the_view_and_the_table_shows_the_commands_numbers(session):
    command, result, table, screen = session["after_right"]
    assert command == "nnexplain neuron --x 1 --w 2 --b -2 --activation sigmoid"
    assert command_result(command) == result
    shown = f"= {format_number(result)}"
    assert shown in table and shown in screen


def test_shift_gives_the_fine_step(session):
    assert session["fine"] == -2.1


def test_a_typed_bad_value_is_refused_in_place_and_the_state_kept(session):
    command, status, screen = session["refused"]
    assert "--w 2 " in command
    assert status.startswith("Refused: '--w': is 0")
    assert "Refused: '--w': is 0" in screen


def test_a_typed_value_is_set_exactly(session):
    assert session["typed"] == (-3.5, None, "")


def test_zero_input_key(session):
    x, table = session["zero"]
    assert x == 0 and "Without the bias" in table


def test_c_shows_the_command(session):
    command, status = session["command"]
    assert command in status and command.startswith("nnexplain neuron ")


def test_s_saves_the_figure_and_says_where(session):
    path, status = session["saved"]
    assert path.stat().st_size > 1000
    assert status == f"Saved the figure to {path}"


def test_help_and_menu_and_quit(session):
    shown, text = session["help"]
    assert shown and "save the figure" in text and "zero input" in text
    assert session["help_closed"]
    assert session["menu_loss"] == "loss"
    assert session["quit"]


# --- first screens, colours off ----------------------------------------------------


@pytest.mark.parametrize("name", ["bias", "loss", "descent", "network"])
def test_first_screen_snapshot(name, snap_compare, monkeypatch):
    """Each view as it starts (its default state; the network's seeded start), drawn
    once: no timer runs before a key is pressed, so two runs give the same screen."""
    monkeypatch.setenv("NO_COLOR", "1")
    from nnexplain.explore.app import ExploreApp
    from nnexplain.explore.views import VIEWS

    app = ExploreApp(VIEWS[name]())
    assert app.no_color
    assert snap_compare(app, terminal_size=SIZE)


def test_menu_snapshot(snap_compare, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    from nnexplain.explore.app import ExploreApp

    assert snap_compare(ExploreApp(), terminal_size=SIZE)


def test_a_first_screen_is_still_until_a_key_is_pressed(monkeypatch):
    """No timer ticks an idle view, and the panels are drawn once: the figure at the
    size the layout gives it (predicted before the first layout, not drawn again)."""
    from nnexplain.explore.app import ExploreApp, ViewScreen
    from nnexplain.explore.views import VIEWS

    ticks = []
    tick = ViewScreen._tick
    monkeypatch.setattr(ViewScreen, "_tick", lambda screen: (ticks.append(1), tick(screen)))

    async def run(name):
        ticks.clear()
        view = VIEWS[name]()
        app = ExploreApp(view)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            figure, table = app.screen.query_one("#figure"), app.screen.query_one("#table")
            shown = (figure.drawn, table.text)
            await pilot.pause(0.3)  # six ticks of a running view's timer
            return (figure.draws, len(ticks), view.running,
                    (figure.drawn, table.text) == shown, tuple(figure.content_size) == figure._picture[:2])

    for name in VIEWS:
        assert asyncio.run(run(name)) == (1, 0, False, True, True), name


# --- the command's refusals ---------------------------------------------------------


def test_refuses_when_not_a_terminal():
    done = CliRunner().invoke(cli, ["explore", "bias", "--w", "2", "--b", "-4"])
    assert done.exit_code != 0
    lines = done.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: nnexplain explore needs a terminal")
    assert "nnexplain neuron --x 1 --w 2 --b -4 --activation sigmoid" in lines[0]


def test_refuses_a_small_terminal(monkeypatch):
    from nnexplain.cli import explore

    monkeypatch.setattr(explore, "is_terminal", lambda: True)
    monkeypatch.setattr(explore, "terminal_size", lambda: (79, 30))
    done = CliRunner().invoke(cli, ["explore", "loss"])
    assert done.exit_code != 0
    assert "the terminal is 79×30; nnexplain explore needs at least 80×24" in done.output


def test_unknown_view_lists_the_views():
    done = CliRunner().invoke(cli, ["explore", "nope"])
    assert done.exit_code == 2
    assert "the views are: bias, loss" in done.output


def test_view_options_are_checked_like_the_command():
    done = CliRunner().invoke(cli, ["explore", "loss", "--yhat", "2"])
    assert done.exit_code == 2 and "outside [0, 1]" in done.output
    done = CliRunner().invoke(cli, ["explore", "bias", "--q", "1"])
    assert done.exit_code == 2 and "--w, --b, --x, --activation" in done.output


def test_a_running_view_is_ticked_and_its_own_keys_are_bound():
    """The timer calls tick() while the view runs (the descent and network views
    train this way); a view's own key calls its method."""
    from dataclasses import dataclass

    from nnexplain.explore.app import ExploreApp
    from nnexplain.explore.views.loss import LossView

    @dataclass
    class Running(LossView):
        keys: tuple = (("space", "toggle", "run/pause"),)
        running: bool = True
        ticks: int = 0

        def tick(self):
            self.ticks += 1
            if self.ticks == 3:
                self.running = False

        def toggle(self):
            self.running = not self.running

    async def run():
        view = Running()
        app = ExploreApp(view)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(0.6)
            stopped_at = view.ticks
            await pilot.press("space")
            await pilot.pause()
            return stopped_at, view.running, "run/pause" in screen_text(app)

    assert asyncio.run(run()) == (3, True, True)


def test_a_refused_key_updates_only_the_status():
    """Panels whose text is as before are not updated (nor laid out) again: after a
    refused value only the status line changes."""
    from nnexplain.explore.app import ExploreApp
    from nnexplain.explore.views import BiasView

    async def run():
        view = BiasView()
        app = ExploreApp(view)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            panels = [screen.query_one("#figure"), screen.query_one("#table-text")]
            before = [panel.visual for panel in panels]
            await pilot.press("0", "enter")  # type w = 0: refused
            await pilot.pause()
            return (view.parameter("w").value, screen.query_one("#status").text,
                    [panel.visual is shown for panel, shown in zip(panels, before)])

    w, status, same = asyncio.run(run())
    assert w == 1 and status.startswith("Refused: '--w': is 0")
    assert same == [True, True]


def test_first_screen_hook_writes_the_time_and_leaves(tmp_path, monkeypatch):
    """With FIRST_SCREEN_ENV naming a file (bench/explore.py's start-up timing), the app
    writes the time its first screen was painted there and exits by itself; started on
    a view, the menu is built only when asked for."""
    import time

    from nnexplain.explore.app import FIRST_SCREEN_ENV, ExploreApp, MenuScreen
    from nnexplain.explore.views import VIEWS

    stamp = tmp_path / "first-screen"
    monkeypatch.setenv(FIRST_SCREEN_ENV, str(stamp))

    async def run(view):
        app = ExploreApp(view)
        began = time.time()
        async with app.run_test(size=SIZE) as pilot:
            menus = sum(isinstance(screen, MenuScreen) for screen in app.screen_stack)
            for _ in range(100):
                if not app.is_running:
                    break
                await pilot.pause(0.02)
            figure = app.screen.query("#figure")
            return began, not app.is_running, menus, figure and figure.first().drawn

    for view in (VIEWS["bias"](), None):
        began, left, menus, drawn = asyncio.run(run(view))
        assert left and began <= float(stamp.read_text()) <= time.time()
        assert menus == (0 if view else 1)
        stamp.unlink()
