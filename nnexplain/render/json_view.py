"""The JSON view: every number at full precision, for programs."""

import json
import math

from nnexplain.explain import Worked
from nnexplain.render.numbers import format_exact, format_number, json_number


def render_json(worked: Worked, precision: int = 4) -> str:
    """One JSON object: inputs, steps, result (infinities as "inf" strings)."""

    def exact(filled):
        return filled.fill(format_exact)

    document = {
        "name": worked.name,
        "title": worked.title,
        "inputs": {name: json_number(value) for name, value in worked.inputs},
        "formula": worked.formula,
        "substituted": exact(worked.substituted) if worked.substituted else None,
        "steps": [
            {
                "label": step.label,
                "formula": step.formula,
                "substituted": exact(step.substituted),
                "value": json_number(step.value),
                **({"note": exact(step.note)} if step.note is not None else {}),
            }
            for step in worked.steps
        ],
        "result": json_number(worked.result),
        "interpretation": [
            line.fill(lambda x: format_number(x, precision), format_exact)
            for line in worked.interpretation
        ],
    }
    if worked.alternatives:
        document["alternatives"] = [
            {"name": a.name, "rule": a.rule, "value": json_number(a.value)}
            for a in worked.alternatives
        ]
    text = json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False)
    if worked.table is None:
        return text
    # Per-example arrays can hold millions of numbers: one compact line per array
    # keeps the file small and lets json's C encoder do the work.
    arrays = ",\n".join(
        f"    {json.dumps(key)}: {_compact_array(array)}"
        for key, array in zip(worked.table.keys, worked.table.arrays)
    )
    return f'{text[:-2]},\n  "examples": {{\n{arrays}\n  }}\n}}'


def _compact_array(array) -> str:
    values = array.tolist()
    if not all(map(math.isfinite, values)):
        values = [json_number(v) for v in values]
    return json.dumps(values, separators=(",", ":"), allow_nan=False)
