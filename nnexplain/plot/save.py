"""The one way a figure reaches disk: atomic, byte-identical, styled."""

import os

from matplotlib import rc_context

from nnexplain.atomic import atomic_file
from nnexplain.plot.style import DEFAULT_DPI, current_settings, styled

FORMATS = ("png", "svg", "pdf")
__all__ = ["DEFAULT_DPI", "FORMATS", "save_figure"]

# Metadata that would differ from run to run (dates, the software's version) is
# blanked, and SVG ids are salted with a constant, so the same figure always
# gives the same bytes.
_STABLE_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None},
    "pdf": {"CreationDate": None, "Producer": None},
}


def save_figure(figure, path, dpi: int | None = None, transparent: bool | None = None) -> None:
    """Write ``figure`` to ``path`` (format from the extension), atomically:
    a temporary file in the same folder, renamed into place only when complete.
    ``dpi`` and ``transparent`` default to the current figure settings."""
    fmt = os.path.splitext(path)[1].lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"unknown figure format {fmt!r}; expected one of {', '.join(FORMATS)}")
    settings = current_settings()
    dpi = settings.dpi if dpi is None else dpi
    transparent = settings.transparent if transparent is None else transparent
    # The style again while saving: font embedding and other save-time settings
    # are read now, not when the figure was built.
    with styled(), rc_context({"svg.hashsalt": "nnexplain"}), atomic_file(path, "wb") as stream:
        figure.savefig(stream, format=fmt, dpi=dpi, metadata=_STABLE_METADATA[fmt],
                       transparent=transparent)
