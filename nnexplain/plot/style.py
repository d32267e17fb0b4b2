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
from importlib import resources

import matplotlib
import matplotlib.style
from matplotlib.figure import Figure

# Re-exported: plot code and tests find everything about the look here.
from nnexplain.figure_settings import (
    DEFAULT_DPI,
    DEFAULT_STYLE,
    STYLES,
    FigureSettings,
    current_settings,
    figure_settings,
)

__all__ = [
    "DEFAULT_DPI", "DEFAULT_STYLE", "STYLES", "SLIDE_SIZE", "FigureSettings", "current_settings",
    "figure_settings", "guide", "ink", "new_figure", "palette", "paper", "styled",
]  # fmt: skip

# The slides canvas: 16:9, the shape of a modern projector, at PowerPoint's size.
SLIDE_SIZE = (40 / 3, 7.5)
_SHEETS = resources.files("nnexplain.plot")
STYLE_SHEET = _SHEETS / "nnexplain.mplstyle"


@contextlib.contextmanager
def styled():
    """Build figures inside this block to give them the current style's look.

    Colours named "C0", "C1"… are looked up when the figure is *drawn* (at save
    time, after this block has exited) and would fall back to matplotlib's default
    palette: use ``palette()``, ``ink()`` and ``guide()`` instead.
    """
    style = current_settings().style
    with contextlib.ExitStack() as stack:
        # "default" first: matplotlib's own defaults, so a matplotlibrc in the
        # current folder or in MPLCONFIGDIR (or anything else that changed rcParams)
        # cannot restyle a figure; the same command gives the same bytes anywhere.
        sheets = ["default", stack.enter_context(resources.as_file(STYLE_SHEET))]
        if style != DEFAULT_STYLE:
            sheets.append(stack.enter_context(resources.as_file(_SHEETS / f"{style}.mplstyle")))
        stack.enter_context(matplotlib.style.context(sheets))
        yield


def new_figure(size=None) -> Figure:
    """A Figure of ``size`` inches (the style's default when None); in the slides
    style always the 16:9 slide canvas, whatever size the figure would have had."""
    if current_settings().style == "slides":
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
