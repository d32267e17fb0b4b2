"""The LaTeX view: an align* block to drop into slides."""

import re

from nnexplain.explain import Worked
from nnexplain.render.numbers import MINUS, format_exact, format_number
from nnexplain.render.rows import header_text, is_formula, is_text, row_cells, step_groups, visible_rows

# The formulas use a small, fixed set of symbols; each has one LaTeX spelling.
_SYMBOLS = (
    ("ŷ", r"\hat{y}"),
    ("·", r" \cdot "),
    (MINUS, "-"),
    ("ln(", r"\ln("),
    (" if ", r" \text{ if } "),
    (", else ", r", \text{ else } "),
    ("tanh", r"\tanh "),
    ("LeakyReLU", r"\operatorname{LeakyReLU}"),
    ("ReLU", r"\operatorname{ReLU}"),
    ("softmax", r"\operatorname{softmax}"),
    ("σ", r"\sigma "),
    ("α", r"\alpha "),
    ("×", r"\times "),
    ("≈", r"\approx "),
    ("≤", r"\le "),
    ("≥", r"\ge "),
    ("→", r"\to "),
    ("min(", r"\min("),
    ("max(", r"\max("),
    ("Σ", r"\sum "),
    ("∞", r"\infty "),
    ("ε", r"\varepsilon "),
    ("←", r"\leftarrow "),
    ("∂", r"\partial "),
    ("δ", r"\delta "),
    ("η", r"\eta "),
    ("id(", r"\operatorname{id}("),
    ("…", r"\dots "),
    ("[", r"\left["),
    ("]", r"\right]"),
)
_SYMBOL_LATEX = dict(_SYMBOLS)
_SYMBOL_PATTERN = re.compile(
    "|".join(re.escape(symbol) for symbol in sorted(_SYMBOL_LATEX, key=len, reverse=True))
)
# e^(…) with at most one level of brackets inside: the exponent becomes a group.
_POWER = re.compile(r"e\^\(((?:[^()]|\([^()]*\))*)\)")
_E_NOTATION = re.compile(r"(\d(?:\.\d+)?)e(-?\d+)")
_STEP_REFERENCE = re.compile(r"step (\d+)")
_TEXT_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$",
                  "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\~{}",
                  "^": r"\^{}", "§": r"\S{}"}


# Runs of subscript or superscript characters become one group: w⁽¹⁾₁₂ is
# w^{(1)}_{12}, never w^(1)_1_2 (a double subscript LaTeX refuses).
_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉ᵢⱼₖₗ", "0123456789ijkl"))
_SUPERSCRIPTS = dict(zip("⁽⁾⁰¹²³⁴⁵⁶⁷⁸⁹ˡ⁻", "()0123456789l-"))
_SUBSCRIPT_RUN = re.compile(f"[{''.join(_SUBSCRIPTS)}]+(?:,[{''.join(_SUBSCRIPTS)}]+)*")
_SUPERSCRIPT_RUN = re.compile(f"[{''.join(_SUPERSCRIPTS)}]+")


def _scripts(text: str) -> str:
    text = _SUBSCRIPT_RUN.sub(
        lambda m: "_{" + "".join(_SUBSCRIPTS.get(ch, ch) for ch in m.group()) + "}", text
    )
    return _SUPERSCRIPT_RUN.sub(
        lambda m: "^{" + "".join(_SUPERSCRIPTS[ch] for ch in m.group()) + "}", text
    )


def to_latex_math(text: str) -> str:
    """A formula in the tool's notation as LaTeX math."""
    text = _POWER.sub(r"e^{\1}", text)
    text = _scripts(text)
    # One pass, longest symbol first, so no replacement is rewritten by another
    # (LeakyReLU must not become Leaky + ReLU).
    text = _SYMBOL_PATTERN.sub(lambda match: _SYMBOL_LATEX[match.group()], text)
    text = _E_NOTATION.sub(r"\1 \\times 10^{\2}", text)
    text = _STEP_REFERENCE.sub(r"\\text{step \1}", text)
    return text.replace("  ", " ").strip()


# Symbols that are maths even inside a sentence; each becomes a small $…$.
_TEXT_MATH = "ŷεΣσα×≈≤≥→·∞…∂δη" + "".join(_SUBSCRIPTS) + "".join(_SUPERSCRIPTS)


def to_latex_text(text: str) -> str:
    """Plain words for running text or a \\text{…} group: specials escaped,
    symbols and powers such as e^(−z) set as math."""
    pieces, start = [], 0
    for match in _POWER.finditer(text):
        pieces.append(_escape_text(text[start : match.start()]))
        pieces.append(f"${to_latex_math(match.group())}$")
        start = match.end()
    pieces.append(_escape_text(text[start:]))
    return "".join(pieces)


_TEXT_MATH_RUN = re.compile(f"[{re.escape(_TEXT_MATH)}]+")


def _escape_text(text: str) -> str:
    """Words escaped; each run of maths symbols (w⁽¹⁾₁₂, ∂L/∂ŷ's symbols) one $…$."""
    out, start = [], 0
    for match in _TEXT_MATH_RUN.finditer(text):
        out.append(_escape_words(text[start : match.start()]))
        out.append(f"${to_latex_math(match.group())}$")
        start = match.end()
    out.append(_escape_words(text[start:]))
    return "".join(out)


def _escape_words(text: str) -> str:
    return "".join("$-$" if ch == MINUS else _TEXT_SPECIALS.get(ch, ch) for ch in text)


def _latex_header(header: str) -> str:
    """A column header: words as text ("With numbers"), symbols as math."""
    words = len(header) > 1 and all(ch.isascii() and (ch.isalpha() or ch == " ") for ch in header)
    if words and not _SYMBOL_PATTERN.search(header):  # "Value", not "tanh"
        return to_latex_text(header)
    return f"${to_latex_math(header)}$"


def render_latex(worked: Worked, precision: int = 4) -> str:
    """\\begin{align*} … \\end{align*}: formula, substitution, each step, result."""

    def number(x):
        return to_latex_math(format_number(x, precision))

    def fill(filled):
        return to_latex_math(filled.fill(lambda x: format_number(x, precision), format_exact))

    rows = []
    for index, text in enumerate((worked.formula, *worked.more_formulas)):
        lhs, _, rhs = text.partition(" = ")
        rows.append(f"{to_latex_math(lhs)} &= {to_latex_math(rhs)}")
        if index == 0 and worked.substituted is not None:
            rows.append(f"&= {fill(worked.substituted)}")
    for _, heading, step in step_groups(worked.steps):
        if heading is not None:
            rows.append(f"\\intertext{{{to_latex_text(heading)}}}")
        rows.append(
            f"{to_latex_math(step.formula)} &= {fill(step.substituted)} = {number(step.value)}"
            f" && \\text{{{to_latex_text(step.label)}}}"
        )
    if worked.result is not None:
        rows.append(f"{to_latex_math(worked.result_symbol)} &= {number(worked.result)}")
    body = _align_body(rows)
    text = f"% {worked.title}\n\\begin{{align*}}\n{body}\n\\end{{align*}}\n"
    tables = ((worked.table,) if worked.table is not None else ()) + worked.tables_after
    for table in tables:
        text += _tabular(table, lambda x: format_number(x, precision))
    for section in worked.sections:
        items = "\n".join(
            f"  \\item \\textbf{{{to_latex_text(fact.label)}}}: "
            f"{to_latex_text(fact.text.fill(lambda x: format_number(x, precision), format_exact))}"
            for fact in section.facts
        )
        text += (
            f"\\paragraph{{{to_latex_text(section.title)}}}\n"
            f"\\begin{{itemize}}\n{items}\n\\end{{itemize}}\n"
        )
    if worked.interpretation:
        text += "\n".join(
            to_latex_text(line.fill(lambda x: format_number(x, precision), format_exact))
            for line in worked.interpretation
        ) + "\n"
    if worked.alternatives:
        body = "\n".join(
            f"  {to_latex_text(a.name)} & {to_latex_text(a.rule)} & ${number(a.value)}$ \\\\"
            for a in worked.alternatives
        )
        text += (
            "\\paragraph{What frameworks report instead}\n"
            "\\begin{tabular}{llr}\n"
            f"  Framework & Rule & ${to_latex_math(worked.result_symbol)}$ \\\\\n  \\hline\n{body}\n"
            "\\end{tabular}\n"
        )
        if worked.alternatives_reason is not None:
            text += to_latex_text(worked.alternatives_reason.fill(lambda x: format_number(x, precision), format_exact)) + "\n"
    return text


def _align_body(rows) -> str:
    """Rows joined by line breaks; an \\intertext follows a break and needs none."""
    out = []
    for row in rows:
        if out and not out[-1].lstrip().startswith("\\intertext"):
            out[-1] += " \\\\"
        out.append(f"  {row}")
    return "\n".join(out)


def _tabular(table, number) -> str:
    """The table's visible rows as a tabular (numbers right, text left)."""
    spec = "r" + "".join("l" if is_text(c) else "r" for c in table.columns)
    header = " & ".join(
        [_latex_header(table.index)] + [_latex_header(header_text(column, number)) for column in table.columns]
    )
    head, hidden, tail = visible_rows(table.rows)

    def row(i):
        cells = [str(i + table.first)] + [
            f"${to_latex_math(t)}$" if is_formula(c) or not is_text(c) else to_latex_text(t)
            for c, t in zip(table.columns, row_cells(table, i, number))
        ]
        return " & ".join(cells) + r" \\"

    rows = [row(i) for i in head]
    if hidden:
        rows.append(
            rf"\vdots & \multicolumn{{{len(table.columns)}}}{{l}}{{\emph{{{hidden:,} more rows}}}} \\"
        )
    rows += [row(i) for i in tail]
    body = "\n".join(f"  {r}" for r in rows)
    return (
        f"% {to_latex_text(table.label)}\n\\begin{{tabular}}{{{spec}}}\n"
        f"  {header} \\\\\n  \\hline\n{body}\n\\end{{tabular}}\n"
    )
