"""Which rows of a long table a view shows, and their cells' text."""

from nnexplain.explain.worked import FormulaColumn, LabelColumn
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


def header_text(column, format_number) -> str:
    """A column's header; numbers in it are the learner's, shown exactly."""
    header = column.header
    return header if isinstance(header, str) else header.fill(format_number, format_exact)


def is_formula(column) -> bool:
    """True for a column of arithmetic (left-aligned, set as maths)."""
    return isinstance(column, FormulaColumn)


def is_text(column) -> bool:
    """True for a column read as text (arithmetic or labels): left-aligned."""
    return isinstance(column, (FormulaColumn, LabelColumn))


def cell_text(column, i: int, format_number) -> str:
    """Row ``i`` of one column: the learner's own numbers exactly as given,
    computed numbers through ``format_number``, arithmetic with its numbers in."""
    if isinstance(column, FormulaColumn):
        return column.filled(i).fill(format_number, format_exact)
    if isinstance(column, LabelColumn):
        return column.labels[i]
    if column.given:
        return format_exact(column.values[i])
    return format_number(column.values[i])


def row_cells(table, i: int, format_number) -> list[str]:
    """The text of row ``i``, one string per column."""
    return [cell_text(column, i, format_number) for column in table.columns]


def step_groups(steps):
    """(index from 1, heading or None, step) for each step; the heading is the
    step's group where it differs from the previous step's."""
    previous = None
    for index, step in enumerate(steps, start=1):
        heading = step.group if step.group is not None and step.group != previous else None
        previous = step.group
        yield index, heading, step
