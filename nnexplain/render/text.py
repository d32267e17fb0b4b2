"""The terminal view: rich tables a learner reads."""

import contextvars

from rich import box
from rich.console import Console, Group
from rich.measure import Measurement
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

# Below this many columns every table is shown stacked (one block per row), and
# the view says so once at the top.
NARROW_WIDTH = 60
# Between two columns of a table without edges: padding, divider, padding.
_COLUMN_GAP = 3
# A column of text squeezed narrower than this reads as a word per line: such a
# table is shown stacked instead.
_LEAST_TEXT_WIDTH = 12


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
    width = console.width
    parts = []
    has_table = bool(worked.table is not None or worked.steps or worked.tables_after
                     or worked.alternatives)
    if width < NARROW_WIDTH and has_table:
        parts.append(_text(f"narrow terminal ({width} columns): tables stacked",
                           style="italic dim"))
    parts.append(_text(worked.title, style="bold"))
    derivation = Table.grid(padding=(0, 1))
    derivation.add_column(justify="right", no_wrap=True)
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
        parts += _titled_table(worked.table, number, console)
    if worked.steps:
        parts.append(_fitted(console, _steps(worked.steps, number, fill),
                             lambda: _stacked_steps(worked.steps, number, fill)))
    for table in worked.tables_after:
        parts += _titled_table(table, number, console)
    if worked.result is not None:
        parts.append(_text(f"{worked.result_symbol} = {number(worked.result)}", style="bold"))
    for section in worked.sections:
        parts.append(_text(section.title, style="bold"))
        parts.append(_facts(section, fill))
    if worked.interpretation:
        parts.append(_text("\n".join(fill(line) for line in worked.interpretation)))
    if worked.alternatives:
        parts.append(_text("What frameworks report instead", style="bold"))
        parts.append(_fitted(console, _alternatives(worked, number),
                             lambda: _stacked_alternatives(worked, number)))
        if worked.alternatives_reason is not None:
            parts.append(_text(fill(worked.alternatives_reason)))
    console.print(Group(*_spaced(parts)))


_STEP_HEADERS = ("Step", "What", "Formula", "With numbers", "Value")


def _steps(steps, number, fill):
    grid = _table(*_STEP_HEADERS)
    grid.columns[0].justify = "right"
    grid.columns[0].style = "dim"
    grid.columns[0].no_wrap = True
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


def _stacked_steps(steps, number, fill):
    """The step table as one block per step: "Step 1 — label", then its formula,
    the formula with numbers and the value, each on its own line."""
    blocks = []
    for index, heading, step in step_groups(steps):
        if heading is not None:
            blocks.append(_text(heading, style="bold"))
        title = _text(f"{_STEP_HEADERS[0]} {index} — ", style="bold")
        title.append(_shown.get()(step.label))
        blocks.append(title)
        if step.note is not None:
            blocks.append(Padding(_text(fill(step.note), style="italic dim"), (0, 0, 0, 2)))
        blocks.append(_block(zip(_STEP_HEADERS[2:], (step.formula, fill(step.substituted),
                                                     number(step.value)))))
    return Group(*blocks)


def _block(pairs):
    """Label–text pairs, one a line, indented: a table row shown stacked. Each
    label stays whole; the text wraps at its spaces, so no number is split."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for label, text in pairs:
        grid.add_row(_text(label), _text(text))
    return Padding(grid, (0, 0, 0, 2))


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
        # A text column wraps at its spaces; _fitted keeps every column at least
        # as wide as its longest word, so "fold" never splits a number.
        table.add_column(_text(header), overflow="fold")
    return table


def _fitted(console, table, stacked):
    """``table`` if it fits the console without breaking a word or a number,
    else ``stacked()``: the same rows as blocks. Columns set ``no_wrap`` (the
    numbers) keep their full width; the others wrap at spaces only. A table a
    little too wide first tries narrower gaps between its columns."""
    width = console.width
    if width < NARROW_WIDTH:
        return stacked()
    options = console.options.update_width(10**6)
    least, most = [], []
    for column in table.columns:
        cells = [Measurement.get(console, options, cell) for cell in (column.header, *column.cells)]
        widest = max(cell.maximum for cell in cells)
        most.append(widest)
        longest_word = max(cell.minimum for cell in cells)
        least.append(widest if column.no_wrap
                     else max(longest_word, min(widest, _LEAST_TEXT_WIDTH)))
    for gap in (_COLUMN_GAP, _COLUMN_GAP - 1):
        room = width - gap * (len(table.columns) - 1)
        if sum(least) <= room:
            break
    else:
        return stacked()
    # Padding on one side of each divider only: one column fewer between cells.
    table.collapse_padding = gap < _COLUMN_GAP
    if sum(most) <= room:
        return table  # rich lays it out whole
    # Narrow the widest column that can still wrap, one cell at a time (what rich
    # does, but never below a column's longest word).
    widths = list(most)
    for _ in range(sum(most) - room):
        i = max((i for i in range(len(widths)) if widths[i] > least[i]), key=widths.__getitem__)
        widths[i] -= 1
    for column, shown in zip(table.columns, widths):
        column.width = shown
    return table


def _titled_table(table, number, console):
    title = f"{table.label}: {table.formula}" if table.formula else table.label
    return [_text(title), _example_table(table, number, console)]


def _example_table(table, number, console):
    headers = [header_text(column, number) for column in table.columns]
    grid = _table(table.index, *headers)
    for shown, column in zip(grid.columns[1:], table.columns):
        shown.justify = "left" if is_text(column) else "right"
        # Numbers never wrap; text and arithmetic wrap at their spaces.
        shown.no_wrap = not is_text(column)
    grid.columns[0].justify = "right"
    grid.columns[0].style = "dim"
    grid.columns[0].no_wrap = True
    head, hidden, tail = visible_rows(table.rows)

    def add(i):
        grid.add_row(_text(str(i + table.first)), *(_text(cell) for cell in row_cells(table, i, number)))

    for i in head:
        add(i)
    if hidden:
        grid.add_row(*[_text("⋮")] * (len(table.columns) + 1))
    for i in tail:
        add(i)

    def stacked():
        blocks = []
        for i in head:
            blocks += _row_block(table, headers, i, number)
        if hidden:
            blocks.append(_text("⋮"))
        for i in tail:
            blocks += _row_block(table, headers, i, number)
        return Group(*blocks)

    shown = _fitted(console, grid, stacked)
    if hidden:
        note = _text(f"⋮ rows {head.stop + 1}–{tail.start} not shown ({hidden:,} rows)", style="italic")
        return Group(shown, note)
    return shown


def _row_block(table, headers, i, number):
    return [_text(f"i = {i + 1}", style="bold"), _block(zip(headers, row_cells(table, i, number)))]


def _alternatives(worked, number):
    grid = _table("Framework", "Rule", worked.result_symbol)
    grid.columns[2].justify = "right"
    grid.columns[2].no_wrap = True
    for alternative in worked.alternatives:
        grid.add_row(
            _text(alternative.name), _text(alternative.rule), _text(number(alternative.value))
        )
    return grid


def _stacked_alternatives(worked, number):
    blocks = []
    for alternative in worked.alternatives:
        blocks.append(_text(alternative.name, style="bold"))
        blocks.append(_block((("Rule", alternative.rule),
                              (worked.result_symbol, number(alternative.value)))))
    return Group(*blocks)


def _spaced(parts):
    """One blank line between consecutive parts."""
    spaced = []
    for part in parts:
        if spaced:
            spaced.append(_text(""))
        spaced.append(part)
    return spaced
