"""The settings a figure is drawn and saved with: its style, dpi and background.

Kept apart from nnexplain.plot (which imports matplotlib) so that the command line
can name the styles and set them without loading matplotlib; plot.style and
plot.save read them when a figure is built and saved.

A style is a size and a theme combined: ``light`` and ``dark`` are document-sized
with a light or a dark background, ``slides`` and ``slides-dark`` the 16:9 slide
canvas with large type, light or dark.
"""

import contextlib
import contextvars
import dataclasses

# style: (size, theme)
STYLE_PARTS = {
    "light": ("document", "light"),
    "dark": ("document", "dark"),
    "slides": ("slides", "light"),
    "slides-dark": ("slides", "dark"),
}
STYLES = tuple(STYLE_PARTS)
THEMES = ("light", "dark")
DEFAULT_STYLE = "light"
DEFAULT_DPI = 150


@dataclasses.dataclass(frozen=True)
class FigureSettings:
    """The look (``style``) and how a figure is written (``dpi``, ``transparent``,
    and ``editable_text``: SVG text as <text> elements, not outlines)."""

    style: str = DEFAULT_STYLE
    dpi: int = DEFAULT_DPI
    transparent: bool = False
    editable_text: bool = False

    def __post_init__(self):
        if self.style not in STYLES:
            raise ValueError(f"unknown style {self.style!r}; expected one of {', '.join(STYLES)}")

    @property
    def size(self) -> str:
        """``document`` or ``slides`` (the 16:9 canvas)."""
        return STYLE_PARTS[self.style][0]

    @property
    def theme(self) -> str:
        """``light`` or ``dark``: the background."""
        return STYLE_PARTS[self.style][1]


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
