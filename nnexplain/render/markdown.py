"""The Markdown view: tables to paste into notes and handouts."""

from nnexplain.explain import Worked
from nnexplain.render.numbers import format_exact, format_number
from nnexplain.render.rows import header_text, is_formula, is_text, row_cells, step_groups, visible_rows


def render_markdown(worked: Worked, precision: int = 4) -> str:
    """A heading, the derivation, the step table and the interpretation."""

    def number(x):
        return format_number(x, precision)

    def fill(filled):
        return filled.fill(number, format_exact)

    lines = [f"### {worked.title}", "", f"`{worked.formula}`  "]
    if worked.substituted is not None:
        lines.append(f"`= {fill(worked.substituted)}`  ")
    if worked.result is not None:
        lines.append(f"`= {number(worked.result)}`  ")
    lines += [f"`{more}`  " for more in worked.more_formulas]
    lines[-1] = lines[-1].rstrip()
    lines.append("")
    if worked.table is not None:
        lines += _example_table(worked.table, number) + [""]
    if worked.steps:
        lines += [
            "| Step | What | Formula | With numbers | Value |",
            "|---:|---|---|---|---:|",
        ]
        for index, heading, step in step_groups(worked.steps):
            if heading is not None:
                lines.append(f"| | **{_cell(heading)}** | | | |")
            what = step.label + (f" *({fill(step.note)})*" if step.note is not None else "")
            lines.append(
                f"| {index} | {_cell(what)} | `{_cell(step.formula)}` "
                f"| `{_cell(fill(step.substituted))}` | {number(step.value)} |"
            )
        lines.append("")
    for table in worked.tables_after:
        lines += _example_table(table, number) + [""]
    if worked.result is not None:
        lines += [f"**{worked.result_symbol} = {number(worked.result)}**", ""]
    for section in worked.sections:
        lines += [f"**{section.title}**", ""]
        lines += [f"- **{fact.label}**: {fill(fact.text)}" for fact in section.facts]
        lines.append("")
    if worked.interpretation:
        lines += [fill(line) for line in worked.interpretation] + [""]
    if worked.alternatives:
        lines += [
            "What frameworks report instead:",
            "",
            f"| Framework | Rule | {worked.result_symbol} |",
            "|---|---|---:|",
        ]
        lines += [
            f"| {_cell(a.name)} | {_cell(a.rule)} | {number(a.value)} |"
            for a in worked.alternatives
        ]
        lines.append("")
        if worked.alternatives_reason is not None:
            lines += [fill(worked.alternatives_reason), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _example_table(table, number):
    label = f"{table.label}: `{table.formula}`" if table.formula else table.label
    lines = [
        label,
        "",
        f"| {_cell(table.index)} | " + " | ".join(_cell(header_text(c, number)) for c in table.columns) + " |",
        "|---:|" + "".join("---|" if is_text(c) else "---:|" for c in table.columns),
    ]
    head, hidden, tail = visible_rows(table.rows)

    def row(i):
        cells = (
            f"`{_cell(text)}`" if is_formula(column) else text
            for column, text in zip(table.columns, row_cells(table, i, number))
        )
        return f"| {i + table.first} | " + " | ".join(cells) + " |"

    lines += [row(i) for i in head]
    if hidden:
        lines.append(f"| ⋮ | *{hidden:,} more rows* |" + " |" * (len(table.columns) - 1))
    lines += [row(i) for i in tail]
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
