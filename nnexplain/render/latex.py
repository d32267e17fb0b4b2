"""The LaTeX view: an align* block to drop into slides."""

import re

from nnexplain.explain import Worked
from nnexplain.render.numbers import MINUS, format_exact, format_number

# The formulas use a small, fixed set of symbols; each has one LaTeX spelling.
_SYMBOLS = (
    ("ŷ", r"\hat{y}"),
    ("·", r" \cdot "),
    (MINUS, "-"),
    ("ln(", r"\ln("),
    ("min(", r"\min("),
    ("max(", r"\max("),
    ("Σ", r"\sum "),
    ("ᵢ", "_i"),
    ("²", "^2"),
    ("∞", r"\infty "),
    ("ε", r"\varepsilon "),
    ("←", r"\leftarrow "),
    ("…", r"\dots "),
    ("[", r"\left["),
    ("]", r"\right]"),
)
_E_NOTATION = re.compile(r"(\d(?:\.\d+)?)e(-?\d+)")
_STEP_REFERENCE = re.compile(r"step (\d+)")
_TEXT_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$",
                  "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\~{}",
                  "^": r"\^{}"}


def to_latex_math(text: str) -> str:
    """A formula in the tool's notation as LaTeX math."""
    for symbol, latex in _SYMBOLS:
        text = text.replace(symbol, latex)
    text = _E_NOTATION.sub(r"\1 \\times 10^{\2}", text)
    text = _STEP_REFERENCE.sub(r"\\text{step \1}", text)
    return text.replace("  ", " ").strip()


def to_latex_text(text: str) -> str:
    """Plain words for a \\text{…} group: specials escaped, symbols as math."""
    text = "".join(_TEXT_SPECIALS.get(ch, ch) for ch in text)
    for symbol in ("ŷ", "ε", "∞", "Σ"):
        text = text.replace(symbol, f"${to_latex_math(symbol)}$")
    return text.replace(MINUS, "$-$")


def render_latex(worked: Worked, precision: int = 4) -> str:
    """\\begin{align*} … \\end{align*}: formula, substitution, each step, result."""

    def number(x):
        return to_latex_math(format_number(x, precision))

    def fill(filled):
        return to_latex_math(filled.fill(lambda x: format_number(x, precision), format_exact))

    lhs, _, rhs = worked.formula.partition(" = ")
    rows = [f"{to_latex_math(lhs)} &= {to_latex_math(rhs)}"]
    if worked.substituted is not None:
        rows.append(f"&= {fill(worked.substituted)}")
    for step in worked.steps:
        rows.append(
            f"{to_latex_math(step.formula)} &= {fill(step.substituted)} = {number(step.value)}"
            f" && \\text{{{to_latex_text(step.label)}}}"
        )
    rows.append(f"{to_latex_math(worked.result_symbol)} &= {number(worked.result)}")
    body = " \\\\\n".join(f"  {row}" for row in rows)
    return f"% {worked.title}\n\\begin{{align*}}\n{body}\n\\end{{align*}}\n"
