"""The JSON view: every number at full precision, for programs."""

import json
import math

from nnexplain.explain import FormulaColumn, LabelColumn, Worked
from nnexplain.render.numbers import format_exact, format_number, json_number


def render_json(worked: Worked, precision: int = 4) -> str:
    """One JSON object: inputs, steps, result (infinities as "inf" strings)."""

    def exact(filled):
        return filled.fill(format_exact)

    def readable(filled):
        return filled.fill(lambda x: format_number(x, precision), format_exact)

    document = {
        "name": worked.name,
        "title": worked.title,
        "inputs": {name: _json_value(value) for name, value in worked.inputs},
        "formula": worked.formula,
        **({"more_formulas": list(worked.more_formulas)} if worked.more_formulas else {}),
        "substituted": exact(worked.substituted) if worked.substituted else None,
        "steps": [
            {
                "label": step.label,
                "formula": step.formula,
                "substituted": exact(step.substituted),
                "value": json_number(step.value),
                **({"note": exact(step.note)} if step.note is not None else {}),
                **({"group": step.group} if step.group is not None else {}),
            }
            for step in worked.steps
        ],
        "result": None if worked.result is None else json_number(worked.result),
        "interpretation": [readable(line) for line in worked.interpretation],
    }
    if worked.sections:
        document["sections"] = [
            {
                "title": section.title,
                "facts": [
                    {"label": fact.label, "text": readable(fact.text)} for fact in section.facts
                ],
            }
            for section in worked.sections
        ]
    if worked.values:
        document["values"] = {key: _json_value(value) for key, value in worked.values}
    if worked.alternatives:
        document["alternatives"] = [
            {"name": a.name, "rule": a.rule, "value": json_number(a.value)}
            for a in worked.alternatives
        ]
        if worked.alternatives_reason is not None:
            document["alternatives_reason"] = readable(worked.alternatives_reason)
    text = json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False)
    tables = ((worked.table,) if worked.table is not None else ()) + worked.tables_after
    # Per-example arrays can hold millions of numbers: one compact line per array
    # keeps the file small and lets json's C encoder do the work.
    for table in tables:
        if table.key in document:  # a bug in the example, not the learner's input
            raise ValueError(f"table key {table.key!r} would overwrite another field")
        document[table.key] = None
        arrays = ",\n".join(
            f"    {json.dumps(column.key)}: {_compact_column(column)}" for column in table.columns
        )
        text = f'{text[:-2]},\n  {json.dumps(table.key)}: {{\n{arrays}\n  }}\n}}'
    return text


def _json_value(value):
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, (tuple, list)):
        return [json_number(v) for v in value]
    return json_number(value)


def _compact_column(column) -> str:
    if isinstance(column, LabelColumn):
        return json.dumps(list(column.labels), ensure_ascii=False, separators=(",", ":"))
    if isinstance(column, FormulaColumn):
        texts = [column.filled(i).fill(format_exact) for i in range(column.rows)]
        return json.dumps(texts, ensure_ascii=False, separators=(",", ":"))
    values = column.values.tolist()
    if not all(map(math.isfinite, values)):
        values = [json_number(v) for v in values]
    return json.dumps(values, separators=(",", ":"), allow_nan=False)
