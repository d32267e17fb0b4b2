"""Which rows of a long per-example table a view shows, and their cells' text."""

from nnexplain.render.numbers import format_exact

# Up to this many rows a table is shown whole; a longer one shows its first
# HEAD_ROWS and last TAIL_ROWS rows and says how many lie between.
MAX_ROWS = 20
HEAD_ROWS = 10
TAIL_ROWS = 5


def visible_rows(n: int) -> tuple[range, int, range]:
    """(first rows, number elided, last rows) for a table of ``n`` rows."""
    if n <= MAX_ROWS:
        return range(n), 0, range(0)
    return range(HEAD_ROWS), n - HEAD_ROWS - TAIL_ROWS, range(n - TAIL_ROWS, n)


def row_cells(table, i: int, format_number) -> list[str]:
    """The text of row ``i``: the learner's own data exactly as given, computed
    columns through ``format_number``."""
    return [
        format_exact(array[i]) if given else format_number(array[i])
        for array, given in zip(table.arrays, table.given)
    ]
