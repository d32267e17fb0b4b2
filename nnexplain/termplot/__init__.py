"""Figures drawn in the terminal (``--show``), with plotext, from the same data the
matplotlib figures are drawn from.

Importing this package imports neither matplotlib nor plotext: an example's drawing
recipe (``nnexplain.api.example.Drawing``) names the plot function and computes the
explain-layer data; ``render`` draws that data in characters (plotext, imported
there), choosing the drawing by the plot function's name.
"""

from __future__ import annotations

import os
import shutil
import sys

from dataclasses import dataclass
from typing import Any

# The size off a terminal (a pipe, a file, a test): columns × rows.
DEFAULT_SIZE = (80, 24)
# Smaller than this, a figure is not readable; it is drawn at this size anyway.
SMALLEST_SIZE = (40, 12)

__all__ = ["DEFAULT_SIZE", "Picture", "render", "terminal_size", "wants_colour"]


@dataclass(frozen=True)
class Picture:
    """A figure's data and which figure it is (the plot function's name)."""

    kind: str
    data: Any


def render(kind: str, data, width: int = DEFAULT_SIZE[0], height: int = DEFAULT_SIZE[1],
           colour: bool = False) -> str:
    """The figure the plot function ``kind`` would draw from ``data``, as text
    ``width`` columns by ``height`` rows; with ANSI colours when ``colour``."""
    from nnexplain.termplot.figures import draw_text

    width, height = max(int(width), SMALLEST_SIZE[0]), max(int(height), SMALLEST_SIZE[1])
    return draw_text(Picture(kind, data), width, height, bool(colour))


def _is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def terminal_size(stream=None) -> tuple[int, int]:
    """Columns and rows to draw in: the terminal's (less a row for the prompt) when
    ``stream`` is one, else DEFAULT_SIZE."""
    stream = sys.stdout if stream is None else stream
    if not _is_terminal(stream):
        return DEFAULT_SIZE
    columns, rows = shutil.get_terminal_size(DEFAULT_SIZE)
    return columns, max(rows - 1, 1)


def wants_colour(stream=None) -> bool:
    """Colours only on a terminal, and never with NO_COLOR set (https://no-color.org)
    or TERM=dumb."""
    stream = sys.stdout if stream is None else stream
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return _is_terminal(stream)
