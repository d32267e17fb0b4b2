"""How figures look: the packaged styles, and the settings a figure is drawn and
saved with.

Three styles ship in the package: ``light`` (documents and handouts), ``dark``
(dark slide decks) and ``slides`` (a 16:9 canvas, large type, thick lines). Each is
the base sheet ``nnexplain.mplstyle`` plus an overlay ``<style>.mplstyle``. Plot
functions never take a style argument: they build inside ``styled()`` and ask this
module for sizes and colours, and whoever wants another look (``nnexplain figures
--style dark``) wraps the drawing in ``figure_settings(style="dark")``.
"""

import contextlib
import contextvars
import dataclasses
from importlib import resources

import matplotlib
import matplotlib.style
from matplotlib.figure import Figure

STYLES = ("light", "dark", "slides")
DEFAULT_STYLE = "light"
DEFAULT_DPI = 150
# The slides canvas: 16:9, the shape of a modern projector, at PowerPoint's size.
SLIDE_SIZE = (40 / 3, 7.5)
_SHEETS = resources.files("nnexplain.plot")
STYLE_SHEET = _SHEETS / "nnexplain.mplstyle"


@dataclasses.dataclass(frozen=True)
class FigureSettings:
    """The look (``style``) and how a figure is written (``dpi``, ``transparent``)."""

    style: str = DEFAULT_STYLE
    dpi: int = DEFAULT_DPI
    transparent: bool = False

    def __post_init__(self):
        if self.style not in STYLES:
            raise ValueError(f"unknown style {self.style!r}; expected one of {', '.join(STYLES)}")


_current = contextvars.ContextVar("nnexplain_figure_settings", default=FigureSettings())


def current_settings() -> FigureSettings:
    return _current.get()


@contextlib.contextmanager
def figure_settings(**changes):
    """Draw and save figures inside this block with other settings, e.g.
    ``figure_settings(style="slides", dpi=200)``."""
    token = _current.set(dataclasses.replace(_current.get(), **changes))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


@contextlib.contextmanager
def styled():
    """Build figures inside this block to give them the current style's look.

    Colours named "C0", "C1"… are looked up when the figure is *drawn* (at save
    time, after this block has exited) and would fall back to matplotlib's default
    palette: use ``palette()``, ``ink()`` and ``guide()`` instead.
    """
    style = _current.get().style
    with contextlib.ExitStack() as stack:
        sheets = [stack.enter_context(resources.as_file(STYLE_SHEET))]
        if style != DEFAULT_STYLE:
            sheets.append(stack.enter_context(resources.as_file(_SHEETS / f"{style}.mplstyle")))
        stack.enter_context(matplotlib.style.context(sheets))
        yield


def new_figure(size=None) -> Figure:
    """A Figure of ``size`` inches (the style's default when None); in the slides
    style always the 16:9 slide canvas, whatever size the figure would have had."""
    if _current.get().style == "slides":
        size = SLIDE_SIZE
    elif size is None:
        size = tuple(matplotlib.rcParams["figure.figsize"])
    return Figure(figsize=size)


def palette() -> list[str]:
    """The style's colour cycle as hex colours (Okabe–Ito; colour-blind-safe). The
    last colour is the foreground (black on light, white on dark). Call inside ``styled()``."""
    colours = matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]
    return [c if c.startswith("#") else f"#{c}" for c in colours]


def ink() -> str:
    """The text colour: for marks that must stand out against the background."""
    return matplotlib.rcParams["text.color"]


def paper() -> str:
    """The background colour of the axes (for outlines that separate marks)."""
    return matplotlib.rcParams["axes.facecolor"]


def guide() -> str:
    """A quiet colour for guide lines such as the axes through zero."""
    return matplotlib.rcParams["axes.edgecolor"]
