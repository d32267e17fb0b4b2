"""How figures look: the packaged styles, and the settings a figure is drawn and
saved with.

Four styles ship in the package, each a size and a theme: ``light`` (documents and
handouts), ``dark`` (the same on a dark background), ``slides`` (a 16:9 canvas, large
type, thick lines) and ``slides-dark`` (the slides on a dark background). Each is the
base sheet ``nnexplain.mplstyle`` plus overlays: ``dark.mplstyle`` for the dark theme
(colours only), ``slides.mplstyle`` for the slide size (sizes only), and the style's
own ``<style>.mplstyle`` when it has one. Plot
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
from nnexplain.figure_settings import STYLE_PARTS

__all__ = [
    "DEFAULT_DPI", "DEFAULT_STYLE", "DOCUMENT_SIZE", "DOCUMENT_TALL_SIZE", "STYLES", "SLIDE_SIZE", "FigureSettings", "class_colours",
    "contrast", "current_settings", "figure_settings", "guide", "ink", "is_dark", "is_slides",
    "new_figure", "palette", "paper", "readable", "style_sheets", "styled",
]  # fmt: skip

# The slides canvas: 16:9, the shape of a modern projector, at PowerPoint's size.
SLIDE_SIZE = (40 / 3, 7.5)
# The one canvas of the document styles (light, dark): 1800 × 750 pixels at the saved
# 150 dpi, wide enough for two panels side by side. Every figure takes it; the one
# exception is the network diagram, which keeps this width and grows taller when a
# large network needs the room (nnexplain.plot.diagram).
DOCUMENT_SIZE = (12, 5)
# The document canvas at 16:9, for a figure that needs the height: the computational
# graph of backpropagation (27 boxes in 5 rows for a 2-2-1 network; at 12 × 5 its type
# falls to the 7-point floor).
DOCUMENT_TALL_SIZE = (12, 6.75)
_SHEETS = resources.files("nnexplain.plot")
STYLE_SHEET = _SHEETS / "nnexplain.mplstyle"


@contextlib.contextmanager
def styled():
    """Build figures inside this block to give them the current style's look.

    Colours named "C0", "C1"… are looked up when the figure is *drawn* (at save
    time, after this block has exited) and would fall back to matplotlib's default
    palette: use ``palette()``, ``ink()`` and ``guide()`` instead.
    """
    with contextlib.ExitStack() as stack:
        # "default" first: matplotlib's own defaults, so a matplotlibrc in the
        # current folder or in MPLCONFIGDIR (or anything else that changed rcParams)
        # cannot restyle a figure; the same command gives the same bytes anywhere.
        sheets = ["default"] + [stack.enter_context(resources.as_file(_SHEETS / name))
                                for name in style_sheets(current_settings().style)]
        stack.enter_context(matplotlib.style.context(sheets))
        yield


def style_sheets(style: str) -> list[str]:
    """The packaged sheets that make ``style``, in the order they apply: the base,
    the theme's colours, the size's type and lines, then the style's own sheet."""
    size, theme = STYLE_PARTS[style]
    names = ["nnexplain.mplstyle"]
    names += [f"{theme}.mplstyle"] if theme != "light" else []
    names += [f"{size}.mplstyle"] if size != "document" else []
    own = f"{style}.mplstyle"
    if style != DEFAULT_STYLE and own not in names and (_SHEETS / own).is_file():
        names.append(own)
    return names


def is_slides() -> bool:
    """True in the slide-sized styles (``slides``, ``slides-dark``): plot code asks
    this, never the style's name, so every theme of the slides gets the same layout."""
    return current_settings().size == "slides"


def is_dark() -> bool:
    """True in the dark-background styles (``dark``, ``slides-dark``)."""
    return current_settings().theme == "dark"


def new_figure(size=None) -> Figure:
    """A Figure on the style's one canvas: DOCUMENT_SIZE in light and dark, the 16:9
    SLIDE_SIZE in the slides styles. ``size`` (inches) is for what is not a figure
    of the deck's kind (a table sized to its rows), for the network diagram's
    taller canvas and for DOCUMENT_TALL_SIZE; the slides ignore it. Margins come from the style sheets (the
    constrained layout's pads), the same for every figure."""
    if is_slides():
        size = SLIDE_SIZE
    elif size is None:
        size = DOCUMENT_SIZE
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


def contrast(colour, background) -> float:
    """WCAG's contrast ratio of two colours, 1 (the same) to 21 (black on white);
    4.5 is the least for normal text. Transparency is ignored."""
    from matplotlib.colors import to_rgb

    def luminance(c):
        def channel(v):
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(v) for v in to_rgb(c))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(colour), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


TEXT_CONTRAST = 4.5


def readable(colour) -> str:
    """``colour`` as a hex colour text can be written in on the style's background:
    unchanged when it already reaches 4.5:1, else mixed with the ink (darker on a
    light background, lighter on a dark one) in the smallest step that does."""
    from matplotlib.colors import to_hex, to_rgb

    background, towards = paper(), to_rgb(ink())
    start = to_rgb(colour)
    for step in range(21):
        share = step / 20
        mixed = tuple((1 - share) * c + share * t for c, t in zip(start, towards))
        if contrast(mixed, background) >= TEXT_CONTRAST:
            return to_hex(mixed)
    return to_hex(towards)


def class_colours() -> tuple[str, str]:
    """The colours of class 0 and class 1 (y = 0, y = 1) in every figure: the first
    two palette colours, made readable for text on the style's background."""
    colours = palette()
    return readable(colours[0]), readable(colours[1])
