"""How each activation is written: its name, symbol, formulas, and the arithmetic
for one z with the numbers in. Shared by every worked example that applies an
activation (the activation table, the bias family, a neuron).

Templates are filled with the operands ``(z, f(z), slope)`` — ``{0}`` is z,
``{1}`` the activation's value, ``{2}`` leaky ReLU's slope α — through
``FormulaColumn`` or ``formula``; where the arithmetic depends on the sign of z
(ReLU's two pieces), ``pick`` says which template each z uses.
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ActivationForm:
    name: str  # as typed: "leaky_relu"
    title: str  # "Leaky ReLU"
    symbol: str  # "LeakyReLU", used as symbol(z)
    mathtext: str  # the symbol for matplotlib labels, e.g. r"\sigma"
    formula: str  # "σ(z) = 1 / (1 + e^(−z))"
    derivative: str  # "σ'(z) = σ(z)·(1 − σ(z))"
    value_templates: tuple[str, ...]
    grad_templates: tuple[str, ...]
    piecewise: bool = False  # True: template 0 for z > 0, template 1 for z ≤ 0

    def pick(self, z) -> np.ndarray | None:
        """Per z, which template applies (None when there is only one)."""
        if not self.piecewise:
            return None
        return np.where(np.asarray(z, dtype=np.float64) > 0, 0, 1)

    def of(self, argument: str = "z") -> str:
        """The activation applied to ``argument``, e.g. ``σ(w·x + b)``."""
        return f"{self.symbol}({argument})"


FORMS = {
    "sigmoid": ActivationForm(
        "sigmoid", "Sigmoid", "σ", r"\sigma",
        "σ(z) = 1 / (1 + e^(−z))",
        "σ'(z) = σ(z)·(1 − σ(z))",
        ("1 / (1 + e^(−{0}))",),
        ("{1}·(1 − {1})",),
    ),
    "tanh": ActivationForm(
        "tanh", "Tanh", "tanh", r"\tanh",
        "tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z))",
        "tanh'(z) = 1 − tanh(z)²",
        ("(e^{0} − e^(−{0})) / (e^{0} + e^(−{0}))",),
        ("1 − {1}²",),
    ),
    "relu": ActivationForm(
        "relu", "ReLU", "ReLU", r"\mathrm{ReLU}",
        "ReLU(z) = max(0, z)",
        "ReLU'(z) = 1 if z > 0, else 0",
        ("max(0, {0})", "max(0, {0})"),
        ("{0} > 0 → 1", "{0} ≤ 0 → 0"),
        piecewise=True,
    ),
    "leaky_relu": ActivationForm(
        "leaky_relu", "Leaky ReLU", "LeakyReLU", r"\mathrm{LeakyReLU}",
        "LeakyReLU(z) = z if z > 0, else α·z",
        "LeakyReLU'(z) = 1 if z > 0, else α",
        ("{0}", "{2}·{0}"),
        ("{0} > 0 → 1", "{0} ≤ 0 → {2}"),
        piecewise=True,
    ),
    "identity": ActivationForm(
        "identity", "Identity (no activation)", "id", r"\mathrm{id}",
        "id(z) = z",
        "id'(z) = 1",
        ("{0}",),
        ("1",),
    ),
}  # fmt: skip
