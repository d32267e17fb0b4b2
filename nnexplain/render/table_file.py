"""The text view saved to a file (.svg, .html or .txt) through rich's console recording,
so the exact table a learner sees can go on a slide.

Importing this module is cheap (the CLI's option definitions read its constants);
rich and the text view load only when a table is saved.
"""

import io
import os

TABLE_FORMATS = ("svg", "html", "txt")
# Fixed, not the terminal's width: the same command saves the same file everywhere.
TABLE_WIDTH = 100


def table_document(worked, fmt: str, precision: int, width: int = TABLE_WIDTH) -> str:
    """The text view of ``worked``, ``width`` columns wide, as an SVG picture, an HTML
    page or plain text (no colour codes, no trailing spaces). The same input gives
    the same characters on every run."""
    import hashlib

    from rich.console import Console

    from nnexplain.render.text import render_text

    if fmt not in TABLE_FORMATS:
        raise ValueError(f"unknown table format {fmt!r}; expected one of {', '.join(TABLE_FORMATS)}")
    console = Console(
        record=True,
        file=io.StringIO(),  # recorded, never shown
        width=width,
        highlight=False,
        color_system="truecolor",
        legacy_windows=False,
        _environ={},  # NO_COLOR, COLUMNS, TERM… must not change the file
    )
    render_text(worked, console, precision)
    plain = console.export_text(clear=False)
    if fmt == "txt":
        # rich pads table rows to the full width; on a slide or in a diff the
        # padding is noise.
        return "".join(line.rstrip() + "\n" for line in plain.splitlines())
    if fmt == "html":
        return console.export_html()
    # rich's default id hashes repr(segments), which could change between rich
    # versions; a hash of the visible text is ours and stable.
    digest = hashlib.sha256(plain.encode("utf-8")).hexdigest()[:12]
    return console.export_svg(title=worked.title, unique_id=f"nnexplain-{digest}")


def save_table(worked, path, precision: int, width: int = TABLE_WIDTH) -> None:
    """Write the text view of ``worked`` to ``path``, its format from the extension;
    the file is complete or not there at all. OSError if it cannot be written."""
    from nnexplain.atomic import atomic_file

    fmt = os.path.splitext(os.fspath(path))[1].lower().lstrip(".")
    document = table_document(worked, fmt, precision, width)
    with atomic_file(path) as stream:
        stream.write(document)
