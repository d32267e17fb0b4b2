"""``nnexplain explore``'s full-screen app (Textual): a menu of views, and a view's
screen with its values, figure, worked table and every key in the footer.

The app computes nothing: each key changes a value of the view
(``nnexplain.explore.state.View``), which recomputes through the same door as the
command, and the panels draw what it made. Textual is imported only here, in
``widgets`` and in the command's body.
"""

from __future__ import annotations

import os
from pathlib import Path

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from nnexplain.explore.widgets import FigurePanel, ParameterPanel, Status, TablePanel
from nnexplain.inputs import InputError

# Set to a file's path, the app writes to that file the time (``time.time()``) at which
# its first screen (the view's figure and table, or the menu) has been painted, and
# leaves at once (exit status 0): bench/explore.py times start-up this way. Nothing else
# reads it.
FIRST_SCREEN_ENV = "NNEXPLAIN_EXPLORE_FIRST_SCREEN"

# The keys every view has: (key as written in help, what it does).
SHARED_KEYS = (
    ("↑ / ↓", "select a value"),
    ("← / → or − / +", "change it by one step"),
    ("shift+← / shift+→", "change it by a fine step"),
    ("0-9 … Enter", "type a number and set it exactly (Enter first to type a sign)"),
    ("PgUp / PgDn", "scroll the worked table"),
    ("s", "save the figure (PNG, current folder)"),
    ("c", "show the command that prints this table"),
    ("?", "this help"),
    ("Esc", "back to the menu"),
    ("q / ctrl+c", "quit"),
)


def figure_name(view) -> str:
    """The file a view's figure is saved to, in the current folder."""
    return f"explore-{view.name}.png"


class HelpScreen(ModalScreen):
    """Every key, the view's own keys, and its values' options."""

    BINDINGS = [Binding("escape,question_mark,q", "app.pop_screen", "Close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 80; height: auto; max-height: 90%; border: round $primary;
                                  background: $surface; padding: 0 1; }
    """

    def __init__(self, view=None) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        text = Text()
        text.append("nnexplain explore: keys\n\n", style="bold")
        keys = list(SHARED_KEYS)
        if self.view is not None:
            keys += [(key, what) for key, _, what in self.view.keys]
        for key, what in keys:
            text.append(f"  {key:<20}", style="bold")
            text.append(f"{what}\n")
        if self.view is not None:
            text.append(f"\n{self.view.title}\n", style="bold")
            for parameter in self.view.parameters:
                text.append(f"  {parameter.option:<20}{parameter.label}\n")
            text.append("\nEvery number is the one the command computes: press c for it.\n")
        text.append("Esc or ? closes this help.")
        with VerticalScroll():
            yield Static(text, id="help-text")


class MenuScreen(Screen):
    """The views to choose from."""

    BINDINGS = [Binding("question_mark", "help", "help"), Binding("q", "app.quit", "quit")]

    def __init__(self, views: dict) -> None:
        super().__init__()
        self.views = views

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Choose a view (↑/↓, Enter):", style="bold"), id="menu-title")
        options = []
        for name, kind in self.views.items():
            options.append(Option(f"{name:<10} {kind.title}", id=name))
        yield OptionList(*options, id="menu")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.app.first_screen_mounted()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.app.open_view(self.views[event.option.id]())

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())


class ViewScreen(Screen):
    """One view: values on the left, the figure on the right, the worked table below."""

    BINDINGS = [
        # Short words ("pick" a value, "set" it), so that every key fits in 100 columns.
        Binding("up", "select(-1)", "pick", key_display="↑↓"),
        Binding("down", "select(1)", "pick", show=False),
        # One footer entry for both ways, so that every key fits in 100 columns.
        Binding("left,minus", "change(-1)", "set", key_display="←→"),
        Binding("right,plus", "change(1)", "+", show=False),
        Binding("shift+left", "change(-1, True)", "fine −", show=False),
        Binding("shift+right", "change(1, True)", "fine +", show=False),
        Binding("pageup", "scroll(-1)", "scroll", show=False),
        Binding("pagedown", "scroll(1)", "scroll", show=False),
        Binding("s", "save", "save"),
        Binding("c", "command", "command"),
        Binding("question_mark", "help", "help"),
        Binding("escape", "menu", "menu"),
        Binding("q", "app.quit", "quit"),
    ]
    TOP = 14  # rows of the values and the figure
    DEFAULT_CSS = f"""
    #top {{ height: {TOP}; }}
    """

    def __init__(self, view) -> None:
        super().__init__()
        self.view = view
        self.sub_title = view.title
        # What the last key did (saved a file, the command): (text, error), shown in
        # the status line until the next key (``key_seen``); a refusal shows over it.
        self._said: tuple[str, bool] | None = None

    def compose(self) -> ComposeResult:
        color = not self.app.no_color
        yield Header()
        with Vertical():
            with Horizontal(id="top"):
                yield ParameterPanel(self.view, id="values")
                yield FigurePanel(self.view, color, id="figure")
            yield TablePanel(self.view, id="table")
            yield Status(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        values = self.query_one(ParameterPanel)
        values.focus()
        values.show()
        # Drawn now, at the size the layout will give them (the app's width less the
        # values and the borders), the first paint shows the figure and the table; a
        # panel whose size turns out otherwise draws itself again when resized.
        width, _ = self.app.size
        self.query_one(FigurePanel).show((width - ParameterPanel.WIDTH - 2, self.TOP - 2))
        self.query_one(TablePanel).show()
        # Ticks only while the view runs (the views size their own chunks, ~70 ms): no
        # timer wakes an idle screen, and a first screen is still until a key is pressed.
        self._timer = self.set_interval(0.05, self._tick, pause=not self.view.running)
        self.query_one(Status).say("")
        self.app.first_screen_mounted()

    # --- drawing --------------------------------------------------------------------

    def redraw(self) -> None:
        """Every panel again, from the view's current state; a refusal in the status.
        (A panel whose text is as before is not updated.)"""
        self.query_one(ParameterPanel).show()
        self.query_one(FigurePanel).show()
        self.query_one(TablePanel).show()
        status = self.query_one(Status)
        if self.view.error is not None:
            status.say(f"Refused: {self.view.error}", error=True)
        elif self._said is not None:
            status.say(*self._said)
        else:
            status.say("")
        if self.view.running:
            self._timer.resume()

    def _tick(self) -> None:
        if not self.view.running:
            self._timer.pause()
            return
        try:
            self.view.tick()
        except InputError as refusal:
            self.view.running = False
            self.view.error = refusal.message
        self.redraw()

    # --- keys -----------------------------------------------------------------------

    def action_select(self, direction: int) -> None:
        panel = self.query_one(ParameterPanel)
        panel.selected = (panel.selected + direction) % len(self.view.parameters)
        panel.show()

    def action_change(self, direction: int, fine: bool = False) -> None:
        panel = self.query_one(ParameterPanel)
        self.view.nudge(panel.chosen.name, direction, fine)
        self.redraw()

    def on_parameter_panel_typed(self, message: ParameterPanel.Typed) -> None:
        self.view.set(self.query_one(ParameterPanel).chosen.name, message.text)
        self.redraw()

    def key_seen(self) -> None:
        """A key was pressed: what the last key said leaves the status line at the
        next redraw (or now, if this key redraws nothing)."""
        if self._said is not None:
            self._said = None
            if self.view.error is None:
                self.query_one(Status).say("")

    def say(self, text: str, error: bool = False) -> None:
        """Show what this key did, until the next key."""
        self._said = (text, error)
        self.query_one(Status).say(text, error)

    def action_view_key(self, method: str) -> None:
        self.view.notice = None
        getattr(self.view, method)()
        notice, self.view.notice = self.view.notice, None
        if notice is not None and self.view.error is None:
            self._said = (notice, False)
        self.redraw()

    def action_scroll(self, direction: int) -> None:
        table = self.query_one(TablePanel)
        table.scroll_page_down() if direction > 0 else table.scroll_page_up()

    def action_save(self) -> None:
        path = Path.cwd() / figure_name(self.view)
        save = self.view.save_figure
        try:
            save(path)
        except InputError as refusal:
            self.say(f"Cannot save the figure: {refusal.message}", error=True)
        except OSError as failure:
            self.say(f"Cannot save the figure to {path}: {failure.strerror or failure}", error=True)
        else:
            self.say(f"Saved the figure to {path}")

    def action_command(self) -> None:
        self.say(f"This table: {self.view.command()}")

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.view))

    def action_menu(self) -> None:
        self.app.show_menu()


def screen_for(view) -> ViewScreen:
    """A ViewScreen with the view's own keys bound (and shown in the footer)."""
    if not view.keys:
        return ViewScreen(view)
    bindings = [Binding(key, f"view_key({method!r})", what) for key, method, what in view.keys]
    kind = type(f"ViewScreen_{view.name}", (ViewScreen,), {"BINDINGS": bindings})
    return kind(view)


class ExploreApp(App):
    """The explorer: the menu, and on it the view given (if any)."""

    TITLE = "nnexplain explore"
    BINDINGS = [Binding("ctrl+c", "quit", "quit", show=False, priority=True)]
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, view=None, views: dict | None = None) -> None:
        super().__init__()
        if views is None:
            from nnexplain.explore.views import VIEWS

            views = VIEWS
        self.views = views
        self.start = view
        self._leaving = False  # (FIRST_SCREEN_ENV) the first screen's leaving is scheduled

    def on_mount(self) -> None:
        # Started on a view, the menu is built only when asked for (Esc): a quicker start.
        if self.start is not None:
            self.open_view(self.start)
        else:
            self.push_screen(MenuScreen(self.views))

    def first_screen_mounted(self) -> None:
        """(FIRST_SCREEN_ENV) The first screen (a view's, its figure drawn, or the
        menu) is mounted: leave after the next refresh, which paints it."""
        if os.environ.get(FIRST_SCREEN_ENV) and not self._leaving:
            self._leaving = True
            self.call_after_refresh(self._leave_once_drawn)

    def _leave_once_drawn(self) -> None:
        """(FIRST_SCREEN_ENV) Called after a refresh, as the minimal app of
        bench/explore.py calls its leaving after the refresh that follows drawing its
        plot: the menu is painted; a view (its on_mount draws the figure) has been
        painted with its figure, unless its figure waited for the panel's size: then
        after the next refresh again."""
        screen = self.screen
        if isinstance(screen, ViewScreen) and not screen.query_one(FigurePanel).drawn:
            self.call_after_refresh(self._leave_once_drawn)
        else:
            self._leave()

    def _leave(self) -> None:
        import time

        Path(os.environ[FIRST_SCREEN_ENV]).write_text(repr(time.time()))
        self.exit()

    async def on_event(self, event) -> None:
        # Every key, before the focused widget or a binding sees it: the status line's
        # message from the last key is over (ctrl+c and all).
        if (isinstance(event, events.Key) and not event.is_forwarded
                and isinstance(self.screen, ViewScreen)):
            self.screen.key_seen()
        await super().on_event(event)

    def open_view(self, view) -> None:
        self.push_screen(screen_for(view))

    def show_menu(self) -> None:
        """Back to the menu: the one below the view, or a new one in the view's place."""
        below = self.screen_stack[-2] if len(self.screen_stack) > 1 else None
        if isinstance(below, MenuScreen):
            self.pop_screen()
        else:
            self.switch_screen(MenuScreen(self.views))
