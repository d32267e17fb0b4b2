"""The views render every part of the worked-example model: grouped steps, label
columns and tables after the steps, in all four formats."""

import io
import json

import numpy as np
from rich.console import Console

from nnexplain.explain import Column, ExampleTable, LabelColumn, Step, Worked
from nnexplain.explain.worked import formula
from nnexplain.render.json_view import render_json
from nnexplain.render.latex import render_latex
from nnexplain.render.markdown import render_markdown
from nnexplain.render.text import render_text


def grouped():
    def step(label, value, group):
        return Step(label, "z = x·w", formula("{0}·{1}", value, 2.0), 2 * value, group=group)

    summary = ExampleTable(
        "Every parameter",
        "",
        (LabelColumn("Parameter", "parameter", ("w₁ (x → h)", "b")),
         Column("Value", "value", np.array([0.5, -1.25]))),
        key="parameters",
    )
    examples = ExampleTable("Examples", "", (Column("x", "x", np.array([1.0, 2.0])),))
    return Worked(
        name="grouped", title="Grouped steps", inputs=(("x", 1.0),), formula="a = f(z)",
        substituted=None,
        steps=(step("first", 1.0, "Unit h₁"), step("second", 3.0, "Unit h₁"),
               step("third", 5.0, "Unit h₂")),
        result_symbol="a", result=10.0, table=examples, tables_after=(summary,),
    )


def test_text_shows_each_group_heading_once_and_the_summary_after_the_steps():
    console = Console(file=io.StringIO(), width=100, color_system=None)
    render_text(grouped(), console)
    out = console.file.getvalue()
    assert out.count("Unit h₁") == 1 and out.count("Unit h₂") == 1
    assert out.index("Examples") < out.index("first") < out.index("Unit h₂") < out.index("third")
    assert out.index("third") < out.index("Every parameter") < out.index("w₁ (x → h)")


def test_json_writes_groups_labels_and_every_table_under_its_key():
    document = json.loads(render_json(grouped()))
    assert [s.get("group") for s in document["steps"]] == ["Unit h₁", "Unit h₁", "Unit h₂"]
    assert document["parameters"] == {"parameter": ["w₁ (x → h)", "b"], "value": [0.5, -1.25]}
    assert document["examples"] == {"x": [1.0, 2.0]}


def test_markdown_has_a_heading_row_per_group_and_a_left_aligned_label_column():
    text = render_markdown(grouped())
    assert text.count("| | **Unit h₁** | | | |") == 1
    assert "|---:|---|---:|" in text  # i, labels (left), values (right)
    assert "| 1 | w₁ (x → h) | 0.5 |" in text


def test_latex_intertext_sits_between_line_breaks():
    text = render_latex(grouped())
    body = text[text.index("\\begin{align*}"):text.index("\\end{align*}")]
    lines = body.splitlines()[1:]
    for line, following in zip(lines, lines[1:]):
        if following.lstrip().startswith("\\intertext"):
            assert line.endswith("\\\\"), line  # the break comes before \intertext …
        if line.lstrip().startswith("\\intertext"):
            assert not line.endswith("\\\\"), line  # … and not after it
    assert not lines[-1].endswith("\\\\")
    assert "w$_{1}$ (x $\\to$ h)" in text  # labels are text, their symbols maths
    assert "Parameter & Value" in text  # word headers are text, not math italics


def test_json_carries_named_values_for_programs_and_lessons():
    from dataclasses import replace

    worked = replace(grouped(), values=(("loss_after", 0.25), ("ratio", float("inf")),
                                        ("outcome", "edge"), ("stable", False), ("epochs", None)))
    document = json.loads(render_json(worked))
    assert document["values"] == {"loss_after": 0.25, "ratio": "inf", "outcome": "edge",
                                  "stable": False, "epochs": None}
    assert "values" not in json.loads(render_json(grouped()))  # only when there are some


def test_every_view_shows_what_frameworks_report_and_why():
    from nnexplain.explain.losses import loss_example
    from nnexplain.render.latex import render_latex
    from nnexplain.render.markdown import render_markdown

    worked = loss_example(0.3, 1.0)  # infinite true loss, soft label: scikit-learn refuses it
    reason = worked.alternatives_reason.fill(str)
    assert "refuses y = 0.3" in reason
    document = json.loads(render_json(worked))
    assert [a["name"] for a in document["alternatives"]] == [a.name for a in worked.alternatives]
    assert "refuses y = 0.3" in document["alternatives_reason"]
    latex = render_latex(worked)
    assert "What frameworks report instead" in latex and "log\\_loss is not listed" in latex
    assert all(a.name.split(" (")[0] in latex for a in worked.alternatives)
    assert "refuses y = 0.3" in render_markdown(worked)
