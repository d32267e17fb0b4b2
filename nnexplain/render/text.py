"""The terminal view: rich tables a learner reads."""

import contextvars

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from nnexplain.explain import Worked
from nnexplain.render.ascii import shown_by
from nnexplain.render.numbers import format_exact, format_number
from nnexplain.render.rows import header_text, is_text, row_cells, step_groups, visible_rows


# How the console's stream shows text: the identity on a UTF-8 terminal; on one
# whose encoding lacks "−" or "σ" (LC_ALL=C, PYTHONIOENCODING=latin-1), their ASCII
# rendering, applied before rich measures the columns so the table stays aligned.
_shown = contextvars.ContextVar("nnexplain_text_shown", default=str)


def _text(text: str = "", style: str = "") -> Text:
    return Text(_shown.get()(text), style=style)


def render_text(worked: Worked, console: Console, precision: int = 4) -> None:
    """Print a worked example: formula, substitution, step table, result, meaning."""

    def number(x):
        return format_number(x, precision)

    def fill(filled):
        return filled.fill(number, format_exact)

    token = _shown.set(shown_by(console.encoding))
    try:
        _render(worked, console, number, fill)
    finally:
        _shown.reset(token)


def _render(worked, console, number, fill):
    parts = [_text(worked.title, style="bold")]
    derivation = Table.grid(padding=(0, 1))
    derivation.add_column(justify="right")
    derivation.add_column()
    for index, text in enumerate((worked.formula, *worked.more_formulas)):
        lhs, _, rhs = text.partition(" = ")
        derivation.add_row(_text(lhs), _text(f"= {rhs}"))
        if index == 0 and worked.substituted is not None:
            derivation.add_row(_text(""), _text(f"= {fill(worked.substituted)}"))
        if index == 0 and worked.result is not None:
            derivation.add_row(_text(""), _text(f"= {number(worked.result)}", style="bold"))
    parts.append(Padding(derivation, (0, 0, 0, 2), expand=False))

    if worked.table is not None:
        parts += _titled_table(worked.table, number)
    if worked.steps:
        parts.append(_steps(worked.steps, number, fill))
    for table in worked.tables_after:
        parts += _titled_table(table, number)
    if worked.result is not None:
        parts.append(_text(f"{worked.result_symbol} = {number(worked.result)}", style="bold"))
    for section in worked.sections:
        parts.append(_text(section.title, style="bold"))
        parts.append(_facts(section, fill))
    if worked.interpretation:
        parts.append(_text("\n".join(fill(line) for line in worked.interpretation)))
    if worked.alternatives:
        parts.append(_text("What frameworks report instead", style="bold"))
        parts.append(_alternatives(worked, number))
        if worked.alternatives_reason is not None:
            parts.append(_text(fill(worked.alternatives_reason)))
    console.print(Group(*_spaced(parts)))


def _steps(steps, number, fill):
    grid = _table("Step", "What", "Formula", "With numbers", "Value")
    grid.columns[0].justify = "right"
    grid.columns[0].style = "dim"
    grid.columns[2].no_wrap = True
    grid.columns[4].justify = "right"
    grid.columns[4].no_wrap = True
    for index, heading, step in step_groups(steps):
        if heading is not None:
            grid.add_row(_text(""), _text(heading, style="bold"), end_section=False)
        what = _text(step.label)
        if step.note is not None:
            what.append(_shown.get()(f"\n{fill(step.note)}"), style="italic dim")
        grid.add_row(
            _text(str(index)),
            what,
            _text(step.formula),
            _text(fill(step.substituted)),
            _text(number(step.value)),
        )
    return grid


def _facts(section, fill):
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    for fact in section.facts:
        grid.add_row(_text(fact.label), _text(fill(fact.text)))
    return Padding(grid, (0, 0, 0, 2))


def _table(*headers):
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for header in headers:
        # A narrow terminal folds a long cell onto the next line; it never crops
        # a number with "…".
        table.add_column(_text(header), overflow="fold")
    return table


def _titled_table(table, number):
    title = f"{table.label}: {table.formula}" if table.formula else table.label
    return [_text(title), _example_table(table, number)]


def _example_table(table, number):
    grid = _table("i", *(header_text(column, number) for column in table.columns))
    for shown, column in zip(grid.columns[1:], table.columns):
        shown.justify = "left" if is_text(column) else "right"
    grid.columns[0].justify = "right"
    grid.columns[0].style = "dim"
    head, hidden, tail = visible_rows(table.rows)

    def add(i):
        grid.add_row(_text(str(i + 1)), *(_text(cell) for cell in row_cells(table, i, number)))

    for i in head:
        add(i)
    if hidden:
        grid.add_row(*[_text("⋮")] * (len(table.columns) + 1))
    for i in tail:
        add(i)
    if hidden:
        note = _text(f"⋮ rows {head.stop + 1}–{tail.start} not shown ({hidden:,} rows)", style="italic")
        return Group(grid, note)
    return grid


def _alternatives(worked, number):
    grid = _table("Framework", "Rule", worked.result_symbol)
    grid.columns[2].justify = "right"
    for alternative in worked.alternatives:
        grid.add_row(
            _text(alternative.name), _text(alternative.rule), _text(number(alternative.value))
        )
    return grid


def _spaced(parts):
    """One blank line between consecutive parts."""
    spaced = []
    for part in parts:
        if spaced:
            spaced.append(_text(""))
        spaced.append(part)
    return spaced
