"""The explorer's panels: the parameters, the figure, the worked table, the status line.

Each panel draws what its view (``nnexplain.explore.state.View``) computed; none
computes a number itself.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from nnexplain.inputs import InputError

# What may be typed into a number: digits, a sign, a decimal point, an exponent.
TYPED = set("0123456789.-+eE")


class ParameterPanel(Static, can_focus=True):
    """The view's parameters, one a line, the selected one highlighted; typing a
    number (digits, or Enter first for a sign) and Enter sets the selected one."""

    WIDTH = 28  # columns, borders included
    DEFAULT_CSS = f"""
    ParameterPanel {{ width: {WIDTH}; height: 100%; border: round $primary; padding: 0 1; }}
    """

    class Typed(Message):
        """A value typed for the selected parameter (Enter pressed)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, view, **kwargs) -> None:
        super().__init__(**kwargs)
        self.view = view
        self.selected = 0
        self.typing: str | None = None  # the text being typed, None when not typing
        self.border_title = "Values"
        self._shown: Text | None = None  # the text shown last (not redrawn when equal)

    @property
    def chosen(self):
        return self.view.parameters[self.selected]

    def show(self) -> None:
        lines = Text()
        for i, parameter in enumerate(self.view.parameters):
            here = i == self.selected
            value = parameter.shown()
            if here and self.typing is not None:
                value = self.typing + "▏"
            line = Text(f"{'▶' if here else ' '} {parameter.label}\n", style="bold" if here else "")
            line.append(f"    {parameter.option} ", style="dim")
            line.append(f"{value}\n", style="reverse bold" if here else "bold")
            lines.append(line)
        worked = self.view.example.worked
        if getattr(worked, "result_symbol", None) and isinstance(worked.result, (int, float)):
            from nnexplain.render.numbers import format_number

            lines.append(f"\n{worked.result_symbol} = {format_number(worked.result)}\n", style="bold")
        if self.typing is not None:
            lines.append("\nEnter sets, Esc cancels", style="italic")
        elif self.chosen.kind == "number":
            lines.append("\ntype a number + Enter", style="dim")
        if lines == self._shown:
            return
        self._shown = lines
        # The panel's size is fixed by its CSS: a new text needs no new layout.
        self.update(lines, layout=False)

    def on_key(self, event: events.Key) -> None:
        if self.chosen.kind != "number":
            return
        if self.typing is None:
            if event.character is not None and event.character in "0123456789.":
                self.typing = event.character
            elif event.key == "enter":
                self.typing = ""
            else:
                return
        elif event.key == "enter":
            text, self.typing = self.typing, None
            if text:
                self.post_message(self.Typed(text))
        elif event.key == "escape":
            self.typing = None
        elif event.key == "backspace":
            self.typing = self.typing[:-1]
        elif event.character is not None and event.character in TYPED:
            self.typing += event.character
        else:
            self.typing = None  # any other key ends typing and does what it does
            self.show()
            return
        event.stop()
        event.prevent_default()
        self.show()


class FigurePanel(Static):
    """The view's figure in characters, drawn to fit the panel."""

    DEFAULT_CSS = """
    FigurePanel { width: 1fr; height: 100%; border: round $primary; }
    """

    def __init__(self, view, color: bool, **kwargs) -> None:
        super().__init__(**kwargs)
        self.view = view
        self.color = color
        self.border_title = "Figure"
        self.drawn = ""  # the figure as drawn last (plain text), for tests
        self.draws = 0  # how many times the view drew it (one per change), for tests
        self._picture: tuple | None = None  # (width, height, characters) shown last

    def show(self, size: tuple[int, int] | None = None) -> None:
        """Draw the figure at the panel's size (``size``: at this one, before the panel
        has been laid out; drawn again if its size turns out otherwise)."""
        width, height = size or (self.content_size.width, self.content_size.height)
        if width <= 0 or height <= 0:
            return
        self.draws += 1
        try:
            picture = self.view.figure(width, height, self.color)
        except InputError as refusal:
            picture = f"No figure: {refusal.message}"
        if self._picture == (width, height, picture):
            return
        self._picture = (width, height, picture)
        shown = Text.from_ansi(picture, no_wrap=True, overflow="crop")
        self.drawn = shown.plain
        # The panel's size is fixed by its CSS (a share of the top row): no new layout.
        self.update(shown, layout=False)

    def on_resize(self, event: events.Resize) -> None:
        # Drawn again only when the panel's size changed, not on every resize event.
        if self._picture is None or self._picture[:2] != tuple(self.content_size):
            self.show()


class TablePanel(VerticalScroll, can_focus=False):
    """The worked table, as the command prints it at the panel's width; scrolls."""

    DEFAULT_CSS = """
    TablePanel { height: 1fr; border: round $primary; }
    TablePanel > Static { width: 100%; }
    """

    def __init__(self, view, **kwargs) -> None:
        super().__init__(**kwargs)
        self.view = view
        self.text = ""  # the table as shown last, for tests
        self.border_title = "Worked"
        self._width = 0  # the width the table was drawn at last

    def compose(self):
        yield Static(id="table-text")

    def show(self) -> None:
        # Before the first layout (no size yet), the width it will have: the app's less
        # the borders; drawn again if it turns out otherwise.
        width = self.content_size.width or (self.app.size.width - 2)
        # Leave room for the scroll bar (2 columns), so no line wraps.
        width = max(width - 3, 40)
        text = self.view.table(width)
        if text == self.text and width == self._width:
            return
        # A new layout only when the number of lines (the scrolled height) changes.
        layout = text.count("\n") != self.text.count("\n") or width != self._width
        self.text, self._width = text, width
        self.query_one("#table-text", Static).update(Text(text, no_wrap=True, overflow="crop"),
                                                     layout=layout)

    def on_resize(self, event: events.Resize) -> None:
        if self.content_size.width and max(self.content_size.width - 3, 40) != self._width:
            self.show()


class Status(Static):
    """One line: the refusal of the last value, the command, or where a figure went."""

    DEFAULT_CSS = """
    Status { height: auto; max-height: 3; padding: 0 1; }
    Status.error { color: $error; text-style: bold; }
    """

    text = None  # the line shown, for tests (None before the first)

    def say(self, text: str, error: bool = False) -> None:
        if text == self.text and error == self.has_class("error"):
            return
        self.text = text
        self.set_class(error, "error")
        self.update(Text(text))
