"""The text view as a picture (``--save-table FILE.png``): the table's lines in a
monospace font on the style's background, sized for the style."""

from nnexplain.plot.style import SLIDE_SIZE, ink, is_slides, new_figure, styled

# Both ship with matplotlib: the same glyphs on every machine. The few characters
# the monospace font lacks (⋮) come from DejaVu Sans.
FONT = ["DejaVu Sans Mono", "DejaVu Sans"]
CHAR_WIDTH = 0.602  # DejaVu Sans Mono's advance, in ems
LINE_HEIGHT = 1.25  # in ems
MARGIN = 0.3  # inches around the text
DOCUMENT_WIDTH = 8.0  # inches: the width of the light and dark figures
LARGEST_TYPE = {False: 11.0, True: 24.0}  # points, in documents and on slides


def table_layout(columns: int, rows: int, slides: bool):
    """(figure size in inches, font size in points) for ``rows`` lines of at most
    ``columns`` characters: the whole table fits, at the largest type that does
    (never above 11 pt in documents, 24 pt on slides). Documents are 8 inches wide and
    as tall as the table; slides the 16:9 canvas."""
    columns, rows = max(columns, 1), max(rows, 1)
    width = SLIDE_SIZE[0] if slides else DOCUMENT_WIDTH
    size = min(LARGEST_TYPE[slides], (width - 2 * MARGIN) * 72 / (columns * CHAR_WIDTH))
    if slides:
        size = min(size, (SLIDE_SIZE[1] - 2 * MARGIN) * 72 / (rows * LINE_HEIGHT))
        return SLIDE_SIZE, size
    return (width, rows * LINE_HEIGHT * size / 72 + 2 * MARGIN), size


def table_figure(lines, title: str | None = None):
    """A Figure showing ``lines`` (the text view, one string a line) in a monospace
    font, the line equal to ``title`` in bold; centred on the slides canvas."""
    lines = list(lines)
    columns = max((len(line) for line in lines), default=1)
    with styled():
        (width, height), size = table_layout(columns, len(lines), is_slides())
        figure = new_figure((width, height))
        block_width = columns * CHAR_WIDTH * size / 72
        block_height = len(lines) * LINE_HEIGHT * size / 72
        left = (width - block_width) / 2 / width
        top = 1 - (height - block_height) / 2 / height
        step = LINE_HEIGHT * size / 72 / height
        colour = ink()
        for row, line in enumerate(lines):
            if not line.strip():
                continue
            figure.text(left, top - row * step, line, fontfamily=FONT, fontsize=size, color=colour,
                        fontweight="bold" if line == title else "normal", va="top", ha="left")
    return figure
