"""The packaged style sheet, applied while a figure is built."""

import contextlib
from importlib import resources

import matplotlib.style

STYLE_SHEET = resources.files("nnexplain.plot") / "nnexplain.mplstyle"


@contextlib.contextmanager
def styled():
    """Build figures inside this block to give them nnexplain's look.

    Colours named "C0", "C1"… are looked up when the figure is *drawn* (at save
    time, after this block has exited) and would fall back to matplotlib's default
    palette: pass the palette's hex colours (or let the property cycle pick while
    inside the block) instead.
    """
    with resources.as_file(STYLE_SHEET) as path, matplotlib.style.context(path):
        yield
