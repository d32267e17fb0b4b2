"""The one way a figure reaches disk: atomic, byte-identical, styled."""

import os

from matplotlib import rc_context

from nnexplain.atomic import atomic_file

FORMATS = ("png", "svg", "pdf")
DEFAULT_DPI = 150

# Metadata that would differ from run to run (dates, the software's version) is
# blanked, and SVG ids are salted with a constant, so the same figure always
# gives the same bytes.
_STABLE_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "Producer": None},
}


def save_figure(figure, path, dpi: int = DEFAULT_DPI) -> None:
    """Write ``figure`` to ``path`` (format from the extension), atomically:
    a temporary file in the same folder, renamed into place only when complete."""
    fmt = os.path.splitext(path)[1].lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"unknown figure format {fmt!r}; expected one of {', '.join(FORMATS)}")
    with atomic_file(path, "wb") as stream, rc_context({"svg.hashsalt": "nnexplain"}):
        figure.savefig(stream, format=fmt, dpi=dpi, metadata=_STABLE_METADATA[fmt])
