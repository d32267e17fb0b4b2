"""The HTML view: a worked example as a notebook shows it (``Example._repr_html_``).

The same content as the terminal view (render/text.py), in the same order: the
title, the derivation, the example table, the step table, the result, the sections,
the interpretation and what frameworks report instead. Every piece of text is
escaped; formulas are set in a monospace font so their alignment reads as in the
terminal. Styles are inline so the view survives a notebook's HTML sanitiser.
"""

from html import escape

from nnexplain.explain import Worked
from nnexplain.render.numbers import format_exact, format_number
from nnexplain.render.rows import header_text, is_formula, is_text, row_cells, step_groups, visible_rows

_MATH = "font-family: monospace; white-space: pre"
_CELL = "padding: 0.15em 0.6em; border: none; vertical-align: top"
_TABLE = "border-collapse: collapse; margin: 0.3em 0 0.6em 0"
_HEAD = "border-bottom: 1px solid currentColor"


def render_html(worked: Worked, precision: int = 4) -> str:
    """The worked example as one ``<div>`` of HTML."""

    def number(x):
        return format_number(x, precision)

    def fill(filled):
        return filled.fill(number, format_exact)

    parts = [f"<p><strong>{escape(worked.title)}</strong></p>", _derivation(worked, number, fill)]
    if worked.table is not None:
        parts += _titled_table(worked.table, number)
    if worked.steps:
        parts.append(_steps(worked.steps, number, fill))
    for table in worked.tables_after:
        parts += _titled_table(table, number)
    if worked.result is not None:
        parts.append(f"<p><strong>{escape(worked.result_symbol)} = {escape(number(worked.result))}</strong></p>")
    for section in worked.sections:
        parts.append(f"<p><strong>{escape(section.title)}</strong></p>")
        rows = [
            [f"<strong>{escape(fact.label)}</strong>", escape(fill(fact.text))] for fact in section.facts
        ]
        parts.append(_table(None, rows, ("left", "left")))
    if worked.interpretation:
        parts.append("<p>" + "<br>".join(escape(fill(line)) for line in worked.interpretation) + "</p>")
    if worked.alternatives:
        parts.append("<p><strong>What frameworks report instead</strong></p>")
        rows = [[escape(a.name), escape(a.rule), escape(number(a.value))] for a in worked.alternatives]
        parts.append(_table(("Framework", "Rule", worked.result_symbol), rows, ("left", "left", "right")))
        if worked.alternatives_reason is not None:
            parts.append(f"<p>{escape(fill(worked.alternatives_reason))}</p>")
    return '<div class="nnexplain-example">\n' + "\n".join(parts) + "\n</div>"


def _derivation(worked, number, fill):
    rows = []
    for index, text in enumerate((worked.formula, *worked.more_formulas)):
        lhs, _, rhs = text.partition(" = ")
        rows.append([_math(lhs), _math(f"= {rhs}")])
        if index == 0 and worked.substituted is not None:
            rows.append(["", _math(f"= {fill(worked.substituted)}")])
        if index == 0 and worked.result is not None:
            rows.append(["", f"<strong>{_math('= ' + number(worked.result))}</strong>"])
    return _table(None, rows, ("right", "left"))


def _steps(steps, number, fill):
    rows = []
    for index, heading, step in step_groups(steps):
        if heading is not None:
            rows.append(["", f"<strong>{escape(heading)}</strong>", "", "", ""])
        what = escape(step.label)
        if step.note is not None:
            what += f"<br><em>{escape(fill(step.note))}</em>"
        rows.append([
            str(index),
            what,
            _math(step.formula),
            _math(fill(step.substituted)),
            escape(number(step.value)),
        ])
    headers = ("Step", "What", "Formula", "With numbers", "Value")
    return _table(headers, rows, ("right", "left", "left", "left", "right"))


def _titled_table(table, number):
    title = f"{escape(table.label)}: {_math(table.formula)}" if table.formula else escape(table.label)
    headers = (table.index, *(header_text(column, number) for column in table.columns))
    align = ("right", *("left" if is_text(column) else "right" for column in table.columns))
    head, hidden, tail = visible_rows(table.rows)

    def row(i):
        cells = row_cells(table, i, number)
        return [str(i + table.first), *(_math(text) if is_formula(column) else escape(text)
                              for column, text in zip(table.columns, cells))]

    rows = [row(i) for i in head]
    if hidden:
        rows.append(["⋮"] * (len(table.columns) + 1))
    rows += [row(i) for i in tail]
    parts = [f"<p>{title}</p>", _table(headers, rows, align)]
    if hidden:
        parts.append(f"<p><em>⋮ rows {head.stop + 1}–{tail.start} not shown ({hidden:,} rows)</em></p>")
    return parts


def _math(text: str) -> str:
    return f'<code style="{_MATH}">{escape(text)}</code>'


def _table(headers, rows, align) -> str:
    """An HTML table; ``headers`` are plain text (escaped here), ``rows`` HTML already."""
    lines = [f'<table style="{_TABLE}">']
    if headers is not None:
        cells = "".join(
            f'<th style="{_CELL}; {_HEAD}; text-align: {side}">{escape(text)}</th>'
            for text, side in zip(headers, align)
        )
        lines.append(f"<thead><tr>{cells}</tr></thead>")
    lines.append("<tbody>")
    for row in rows:
        cells = "".join(f'<td style="{_CELL}; text-align: {side}">{cell}</td>' for cell, side in zip(row, align))
        lines.append(f"<tr>{cells}</tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)
