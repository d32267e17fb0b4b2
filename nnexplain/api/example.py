"""What every door returns: the worked example, ready for any front end.

An ``Example`` holds the frozen worked example (``.worked``: formula, steps, values)
and, for examples that draw, how to draw its figure. Views are made on request and
import what they need only then (rich for text, matplotlib for figures), so
``nx.loss(1, 0.1)`` costs the arithmetic and nothing more.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any, Callable

from nnexplain.inputs import InputError
from nnexplain.render import DEFAULT_PRECISION


@dataclass(frozen=True)
class Drawing:
    """How an example draws: ``plot``, the plot-layer function that makes the
    matplotlib figure ("nnexplain.plot.losses:loss_curve_figure"), and ``data``, a
    zero-argument function computing the explain-layer data it is drawn from. The
    terminal view (``--show``) draws the same data by the plot function's name."""

    plot: str
    data: Callable[[], Any]

    @property
    def kind(self) -> str:
        """The plot function's name (which terminal drawing to use)."""
        return self.plot.rsplit(":", 1)[1]

    def figure(self):
        """The matplotlib figure (imports the plot layer, and so matplotlib)."""
        import importlib

        module, name = self.plot.split(":")
        return getattr(importlib.import_module(module), name)(self.data())

    def text(self, width: int, height: int, color: bool) -> str:
        """The figure drawn in characters by plotext (no matplotlib)."""
        from nnexplain.termplot import render

        return render(self.kind, self.data(), width, height, color)


class Example:
    """A worked example returned by ``nnexplain.loss``, ``nnexplain.cost``, ….

    ``result`` is the answer (a number, or an array for answers that are a whole
    table, such as an activation over many z); ``worked`` is the frozen worked
    example every view is made from. Its fields (``title``, ``steps``, ``formula``,
    ``values`` …) can be read on the example directly.
    """

    def __init__(self, worked, result: Any = None, drawing: Drawing | None = None,
                 check_figure: Callable | None = None, check_terminal: Callable | None = None):
        self.worked = worked
        self._result = worked.result if result is None else result
        self._drawing = drawing
        self._check_figure = check_figure
        # What the terminal drawing cannot show (default: what the figure cannot).
        self._check_terminal = check_figure if check_terminal is None else check_terminal
        if _inline["pending"]:
            _show_figures_inline_in_ipython()

    @property
    def result(self):
        """The answer: a float, or a NumPy array for a table-valued answer."""
        return self._result

    # --- views -------------------------------------------------------------------

    def to_json(self, precision: int = DEFAULT_PRECISION) -> str:
        """The JSON document ``--format json`` prints (every number at full precision)."""
        from nnexplain.render.json_view import render_json

        return render_json(self.worked, precision)

    def to_dict(self, precision: int = DEFAULT_PRECISION) -> dict:
        """The JSON document as Python objects (infinities as "inf" / "-inf")."""
        import json

        return json.loads(self.to_json(precision))

    def to_markdown(self, precision: int = DEFAULT_PRECISION) -> str:
        """The Markdown view (``--format markdown``)."""
        from nnexplain.render.markdown import render_markdown

        return render_markdown(self.worked, precision)

    def to_latex(self, precision: int = DEFAULT_PRECISION) -> str:
        """The LaTeX view (``--format latex``)."""
        from nnexplain.render.latex import render_latex

        return render_latex(self.worked, precision)

    def to_text(self, width: int = 100, precision: int = DEFAULT_PRECISION) -> str:
        """The terminal view as plain text, ``width`` columns wide (no colour codes)."""
        from rich.console import Console

        from nnexplain.render.text import render_text

        console = Console(file=io.StringIO(), width=width, highlight=False, color_system=None,
                          legacy_windows=False, _environ={})
        render_text(self.worked, console, precision)
        # As the command prints it off a terminal: no trailing spaces.
        return "".join(line.rstrip(" ") + "\n" for line in console.file.getvalue().splitlines())

    # --- figures -----------------------------------------------------------------

    @property
    def draws(self) -> bool:
        """Whether this example has a figure."""
        return self._drawing is not None

    def check_figure(self) -> None:
        """InputError if this example cannot be drawn (no figure, or values a figure
        cannot show); nothing is drawn."""
        if self._drawing is None:
            raise InputError(f"the {self.worked.name} example has no figure")
        if self._check_figure is not None:
            self._check_figure()

    def figure(self, style: str | None = None):
        """The example's matplotlib ``Figure`` in the style ``light``, ``dark`` or
        ``slides`` (default: the current figure settings, light unless changed)."""
        self.check_figure()
        with _style(style):
            return self._drawing.figure()

    def save_figure(self, path, style: str | None = None, dpi: int | None = None) -> None:
        """Draw the figure and save it to ``path`` (.png, .svg or .pdf), atomically."""
        from nnexplain.plot import save_figure

        with _style(style):
            save_figure(self.figure(), str(path), dpi=dpi)

    def terminal_figure(self, width: int = 80, height: int = 24, color: bool = False) -> str:
        """The figure drawn in characters (``--show``), ``width`` columns by ``height``
        rows, with ANSI colours when ``color``: from the data ``figure()`` draws, by
        plotext, without matplotlib."""
        if self._drawing is None:
            raise InputError(f"the {self.worked.name} example has no figure")
        if self._check_terminal is not None:
            self._check_terminal()
        return self._drawing.text(width, height, color)

    # --- in a console --------------------------------------------------------------

    def __repr__(self) -> str:
        from nnexplain.render.numbers import format_number

        worked = self.worked
        if worked.result is None:
            return f"<nnexplain example {worked.name}: {worked.title}>"
        return (f"<nnexplain example {worked.name}: {worked.result_symbol} = "
                f"{format_number(worked.result)} — {worked.title}>")

    def _repr_html_(self) -> str:
        """The notebook view: the terminal view's content as an HTML table."""
        from nnexplain.render.html import render_html

        return render_html(self.worked)

    def __rich_console__(self, console, options):
        """In rich's console (``rich.print(example)``): the terminal view, fitted to
        the space given, in the console's colours and character set."""
        from rich.console import Console
        from rich.text import Text

        from nnexplain.render.text import render_text

        inner = Console(file=_Stream(console.encoding), width=options.max_width, force_terminal=True,
                        color_system="truecolor", highlight=False, legacy_windows=False, _environ={})
        render_text(self.worked, inner)
        yield Text.from_ansi(inner.file.getvalue().rstrip("\n"))

    def __getattr__(self, name: str):
        # The worked example's fields (title, steps, values …) on the example itself.
        if name.startswith("_") or name == "worked":
            raise AttributeError(name)
        return getattr(self.worked, name)


class KindedExample(Example):
    """An example that draws more than one figure, chosen by ``kind`` (train's "plot"
    and "landscape", an activation's "plot" and "vanishing"). A subclass says which
    kinds it can draw (``check_figure(kind)``) and how (``_drawing_of(kind)``)."""

    def figure(self, kind: str = "plot", style: str | None = None):
        """The matplotlib ``Figure`` of ``kind`` in the style ``light``, ``dark`` or
        ``slides`` (default: the current figure settings)."""
        self.check_figure(kind)
        with _style(style):
            return self._drawing_of(kind).figure()

    def terminal_figure(self, kind: str = "plot", width: int = 80, height: int = 24,
                        color: bool = False) -> str:
        """The figure ``kind`` drawn in characters (``--show``), ``width`` columns by
        ``height`` rows, with ANSI colours when ``color``; without matplotlib. ``kind``
        comes first, as in ``figure(kind, style)``: ``terminal_figure("plot", 80, 24)``."""
        if not isinstance(kind, str):
            raise TypeError(f"terminal_figure's first argument is the figure's kind (e.g. \"plot\"), "
                            f"not {kind!r}; give the size as width=…, height=…")
        self.check_figure(kind)
        return self._drawing_of(kind).text(width, height, color)

    def save_figure(self, path, kind: str = "plot", style: str | None = None,
                    dpi: int | None = None) -> None:
        """Draw the figure ``kind`` and save it to ``path`` (.png, .svg or .pdf), atomically."""
        from nnexplain.plot import save_figure

        with _style(style):
            save_figure(self.figure(kind), str(path), dpi=dpi)


def _style(style):
    """A context in which figures are drawn in ``style`` (or the current settings)."""
    import contextlib

    if style is None:
        return contextlib.nullcontext()
    from nnexplain.figure_settings import STYLES, figure_settings

    if style not in STYLES:
        raise InputError(f"unknown style {style!r}; the styles are: {', '.join(STYLES)}")
    return figure_settings(style=style)


class _Stream(io.StringIO):
    """A text buffer that reports an encoding, so the text view picks the characters
    the console it is shown in can print."""

    def __init__(self, encoding: str):
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self):
        return self._encoding


# Whether figures still have to be made to show inline in IPython (checked once per
# example made, until an IPython shell is found).
_inline = {"pending": True}


def _show_figures_inline_in_ipython() -> None:
    """In IPython (Jupyter's kernel), make a matplotlib ``Figure`` display itself as
    a PNG, as ``.figure()`` promises.

    The figures are made without pyplot, so matplotlib's inline backend never loads
    and IPython would show only ``<Figure size …>``. The formatter is registered by
    the class's name, so nothing is imported (matplotlib loads only when a figure is
    drawn). Nothing happens outside IPython, or when figures already have a PNG
    formatter (e.g. after ``%matplotlib inline``).
    """
    import sys

    ipython = sys.modules.get("IPython")
    get_shell = getattr(ipython, "get_ipython", None)
    shell = get_shell() if get_shell is not None else None
    if shell is None:
        return
    _inline["pending"] = False
    formatters = getattr(getattr(shell, "display_formatter", None), "formatters", None) or {}
    png = formatters.get("image/png")
    if png is None:
        return
    if ("matplotlib.figure", "Figure") in png.deferred_printers:
        return
    for kind in png.type_printers:
        if getattr(kind, "__module__", None) == "matplotlib.figure" and kind.__name__ == "Figure":
            return
    png.for_type_by_name("matplotlib.figure", "Figure", _figure_png)


def _figure_png(figure) -> bytes:
    from IPython.core.pylabtools import print_figure

    return print_figure(figure, "png", bbox_inches="tight")
