"""The settings a figure is drawn and saved with: its style, dpi and background.

Kept apart from nnexplain.plot (which imports matplotlib) so that the command line
can name the styles and set them without loading matplotlib; plot.style and
plot.save read them when a figure is built and saved.
"""

import contextlib
import contextvars
import dataclasses

STYLES = ("light", "dark", "slides")
DEFAULT_STYLE = "light"
DEFAULT_DPI = 150


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
