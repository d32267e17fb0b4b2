"""The one way a figure reaches disk: atomic, byte-identical, styled."""

import contextlib
import logging
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


def save_figure(figure, path, dpi: int | None = None, transparent: bool | None = None,
                editable_text: bool | None = None) -> None:
    """Write ``figure`` to ``path`` (format from the extension), atomically:
    a temporary file in the same folder, renamed into place only when complete.
    ``dpi``, ``transparent`` and ``editable_text`` (SVG text kept as <text>
    elements an editor can change, not drawn as outlines) default to the current
    figure settings."""
    fmt = os.path.splitext(path)[1].lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"unknown figure format {fmt!r}; expected one of {', '.join(FORMATS)}")
    settings = current_settings()
    dpi = settings.dpi if dpi is None else dpi
    transparent = settings.transparent if transparent is None else transparent
    editable_text = settings.editable_text if editable_text is None else editable_text
    saving = {"svg.hashsalt": "nnexplain"}
    if editable_text:
        # The text as characters in the style's font family: Inkscape, PowerPoint
        # and a browser set it in that font (or the nearest one installed).
        saving["svg.fonttype"] = "none"
    # The style again while saving: font embedding and other save-time settings
    # are read now, not when the figure was built.
    with styled(), rc_context(saving), _quiet_font_timestamps(), \
            atomic_file(path, "wb") as stream:
        figure.savefig(stream, format=fmt, dpi=dpi, metadata=_STABLE_METADATA[fmt],
                       transparent=transparent)


class _FontTimestampFilter(logging.Filter):
    """Drops fontTools' "'created' timestamp seems very low" warnings: the fonts
    matplotlib subsets into a PDF carry a fixed, early timestamp on purpose (that is
    what keeps the bytes identical), so the warning tells the user nothing."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "timestamp seems very low" not in str(record.msg)


_FONT_TIMESTAMP_LOGGER = "fontTools.ttLib.tables._h_e_a_d"


@contextlib.contextmanager
def _quiet_font_timestamps():
    """The timestamp warning silenced while a figure is saved, and only then."""
    logger = logging.getLogger(_FONT_TIMESTAMP_LOGGER)
    quiet = _FontTimestampFilter()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)
