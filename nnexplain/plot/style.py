"""The packaged style sheet, applied while a figure is built."""

import contextlib
from importlib import resources

import matplotlib.style

STYLE_SHEET = resources.files("nnexplain.plot") / "nnexplain.mplstyle"


@contextlib.contextmanager
def styled():
    """Build figures inside this block to give them nnexplain's look."""
    with resources.as_file(STYLE_SHEET) as path, matplotlib.style.context(path):
        yield
