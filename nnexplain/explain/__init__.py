"""Worked examples: ordered, frozen steps built by calling the core."""

from nnexplain.explain.losses import cost_example, log_loss_example, loss_example
from nnexplain.explain.worked import (
    Alternative,
    Column,
    ExampleTable,
    Fact,
    Filled,
    FormulaColumn,
    Given,
    LabelColumn,
    Percent,
    Section,
    Step,
    Worked,
)

__all__ = [
    "Alternative",
    "Column",
    "ExampleTable",
    "Fact",
    "Filled",
    "FormulaColumn",
    "Given",
    "LabelColumn",
    "Percent",
    "Section",
    "Step",
    "Worked",
    "cost_example",
    "log_loss_example",
    "loss_example",
]
