"""The text view saved to a file (.svg, .html, .txt or .png) so the exact table a
learner sees can go on a slide.

.svg, .html and .txt come from rich's console recording; the SVG follows the figure
style's theme (light or dark background, no terminal-window chrome) and names only
fonts installed on the reader's machine, so it draws the same offline. .png is drawn
through matplotlib in a monospace font, sized for the style (the 16:9 canvas in the
slides styles), and saved by the figures' save_figure: atomic and byte-identical.

Importing this module is cheap (the CLI's option definitions read its constants);
rich and the text view load only when a table is saved, matplotlib only for .png.
"""

import io
import os

TABLE_FORMATS = ("svg", "html", "txt", "png")
# Fixed, not the terminal's width: the same command saves the same file everywhere.
TABLE_WIDTH = 100

# Fonts found on the machine, never fetched: the columns line up offline.
MONOSPACE_FONTS = ("ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'DejaVu Sans Mono', "
                   "'Liberation Mono', 'Noto Sans Mono', monospace")
# Width over height of a character in those fonts (DejaVu Sans Mono and Menlo 0.60);
# rich stretches each run of text to its columns, so they line up in any of them.
FONT_ASPECT_RATIO = 0.6
MARGIN = 9  # px around the table in the SVG (rich leaves this much on the right)

# The two themes, in the figure styles' colours (nnexplain/plot/*.mplstyle):
# (background, text, the 8 normal then 8 bright ANSI colours).
_THEME_COLOURS = {
    "light": ("#ffffff", "#000000",
              ["#000000", "#b3261e", "#1b6e20", "#8a5a00", "#0b4f8a", "#8e2d7a", "#006d6d", "#595959",
               "#404040", "#b3261e", "#1b6e20", "#8a5a00", "#0b4f8a", "#8e2d7a", "#006d6d", "#000000"]),
    "dark": ("#1b1f24", "#e8eaed",
             ["#1b1f24", "#ff8a80", "#7ee0a0", "#f0e442", "#56b4e9", "#e8a6d8", "#7fdbdb", "#c8cdd3",
              "#a0a7b0", "#ff8a80", "#7ee0a0", "#f0e442", "#56b4e9", "#e8a6d8", "#7fdbdb", "#ffffff"]),
}  # fmt: skip

# rich's own SVG template (its code_format) without the window, its title and the
# web fonts: the page in the theme's background and the text in local fonts. rich
# fills the {…} fields; @BACKGROUND@ is ours, filled before.
_SVG_FORMAT = """\
<svg class="nnexplain-table" viewBox="-{margin} -{margin} {{width}} {{terminal_height}}" \
xmlns="http://www.w3.org/2000/svg">
    <style>
    .{{unique_id}}-matrix {{{{
        font-family: {fonts};
        font-size: {{char_height}}px;
        line-height: {{line_height}}px;
        font-variant-east-asian: full-width;
    }}}}
    {{styles}}
    </style>
    <defs>
    <clipPath id="{{unique_id}}-clip-terminal">
      <rect x="0" y="0" width="{{terminal_width}}" height="{{terminal_height}}" />
    </clipPath>
    {{lines}}
    </defs>
    <rect x="-{margin}" y="-{margin}" width="{{width}}" height="{{terminal_height}}" fill="@BACKGROUND@"/>
    <g clip-path="url(#{{unique_id}}-clip-terminal)">
    {{backgrounds}}
    <g class="{{unique_id}}-matrix">
    {{matrix}}
    </g>
    </g>
</svg>
"""


def table_theme(theme: str):
    """rich's TerminalTheme for ``theme`` (light or dark)."""
    from rich.terminal_theme import TerminalTheme

    background, foreground, colours = _THEME_COLOURS[theme]

    def rgb(colour):
        return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))

    return TerminalTheme(rgb(background), rgb(foreground),
                         [rgb(c) for c in colours[:8]], [rgb(c) for c in colours[8:]])


def _current_theme() -> str:
    from nnexplain.figure_settings import current_settings

    return current_settings().theme


def _recording(worked, precision: int, width: int):
    from rich.console import Console

    from nnexplain.render.text import render_text

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
    return console


def plain_lines(worked, precision: int, width: int = TABLE_WIDTH) -> list[str]:
    """The text view, ``width`` columns wide, as lines without trailing spaces."""
    plain = _recording(worked, precision, width).export_text(clear=False)
    return [line.rstrip() for line in plain.splitlines()]


def table_document(worked, fmt: str, precision: int, width: int = TABLE_WIDTH) -> str:
    """The text view of ``worked``, ``width`` columns wide, as an SVG picture, an HTML
    page or plain text (no colour codes, no trailing spaces). The SVG and HTML take
    the current figure style's theme. The same input gives the same characters on
    every run."""
    import hashlib

    if fmt not in TABLE_FORMATS or fmt == "png":
        raise ValueError(f"unknown table format {fmt!r}; expected one of svg, html, txt")
    console = _recording(worked, precision, width)
    plain = console.export_text(clear=False)
    if fmt == "txt":
        # rich pads table rows to the full width; on a slide or in a diff the
        # padding is noise.
        return "".join(line.rstrip() + "\n" for line in plain.splitlines())
    theme = _current_theme()
    if fmt == "html":
        return console.export_html(theme=table_theme(theme))
    # rich's default id hashes repr(segments), which could change between rich
    # versions; a hash of the visible text is ours and stable.
    digest = hashlib.sha256(plain.encode("utf-8")).hexdigest()[:12]
    # One blank line more: the bottom margin (rich's height counts the lines only).
    console.line()
    code_format = _SVG_FORMAT.format(margin=MARGIN, fonts=MONOSPACE_FONTS).replace(
        "@BACKGROUND@", _THEME_COLOURS[theme][0])
    return console.export_svg(title=worked.title, unique_id=f"nnexplain-{digest}", theme=table_theme(theme),
                              code_format=code_format, font_aspect_ratio=FONT_ASPECT_RATIO)


def save_table(worked, path, precision: int, width: int = TABLE_WIDTH) -> None:
    """Write the text view of ``worked`` to ``path``, its format from the extension;
    the file is complete or not there at all. OSError if it cannot be written."""
    fmt = os.path.splitext(os.fspath(path))[1].lower().lstrip(".")
    if fmt == "png":
        from nnexplain.plot.save import save_figure
        from nnexplain.plot.table import table_figure

        save_figure(table_figure(plain_lines(worked, precision, width), worked.title), os.fspath(path))
        return
    from nnexplain.atomic import atomic_file

    document = table_document(worked, fmt, precision, width)
    with atomic_file(path) as stream:
        stream.write(document)
