"""The worked softmax: scores in, probabilities that sum to 1 out, computed the
stable way (subtract the largest score first) and told why.

Every number comes from ``nnexplain.core``; nothing here re-implements the maths.
"""

import numpy as np

from nnexplain import core
from nnexplain.core import softmax_numerators, softmax_shift, softmax_unshifted
from nnexplain.explain.worked import (
    Column,
    ExampleTable,
    Fact,
    FormulaColumn,
    Given,
    Percent,
    Section,
    Step,
    Worked,
    sentence,
    written_call,
    written_sum,
)

SOFTMAX_FORMULA = "pᵢ = e^(zᵢ) / Σⱼ e^(zⱼ)"
STABLE_FORMULA = "pᵢ = e^(zᵢ − m) / Σⱼ e^(zⱼ − m)"


def softmax_example(z) -> Worked:
    """Softmax of the scores z: the largest score m, each e^(zᵢ − m), their sum,
    each probability, and the check that they add up to 1."""
    scores = tuple(Given(v) for v in z)
    z = np.asarray(scores, dtype=np.float64)
    top = int(np.argmax(z))
    m = scores[top]
    shifted = softmax_shift(z)
    numerators = softmax_numerators(z)
    total = float(np.sum(numerators))
    p = core.softmax(z)
    check = float(np.sum(p))
    steps = (
        Step("The largest score", "m = max(z)", written_call("max", scores), m),
        Step("Add up the shifted exponentials", "Σⱼ eⱼ", written_sum(numerators), total),
        Step("Check: they add up to 1", "Σ pᵢ", written_sum(p), check,
             _check_note(check)),
    )  # fmt: skip
    table = ExampleTable(
        label="Each score's probability",
        formula="eᵢ = e^(zᵢ − m), pᵢ = eᵢ / Σⱼ eⱼ",
        columns=(
            Column("zᵢ", "z", z, given=True),
            Column("zᵢ − m", "z_minus_m", shifted),
            # zᵢ − m ≤ 0 is bracketed when negative: e^(−1), and e^0 for the largest.
            FormulaColumn("e^(zᵢ − m)", "exp_written", ("e^{0}",), (shifted,)),
            Column("eᵢ", "exp", numerators),
            FormulaColumn("eᵢ / Σⱼ eⱼ", "p_written", ("{0} / {1}",),
                          (numerators, np.full_like(numerators, total))),
            Column("pᵢ", "p", p),
        ),
        key="classes",
    )  # fmt: skip
    return Worked(
        name="softmax",
        title=f"Softmax of {len(scores)} scores: probabilities that sum to 1",
        inputs=(("z", scores),),
        formula="p = softmax(z)",
        substituted=written_call("softmax", scores),
        more_formulas=(SOFTMAX_FORMULA, "m = max(z)", STABLE_FORMULA),
        steps=steps,
        result_symbol="p",
        result=None,
        table=table,
        sections=(_why_shift(z, m, p),),
        interpretation=_interpretation(z, p),
    )


def _check_note(check):
    """Whether Σ pᵢ (the step's value) came out exactly 1."""
    if check == 1.0:
        return sentence("exactly 1 in float64")
    return sentence("1 up to float64 rounding")


def _why_shift(z, m, p) -> Section:
    """Why softmax subtracts the largest score: the same answer, and no overflow."""
    unshifted = softmax_unshifted(z)
    facts = [
        Fact(
            "Same answer",
            sentence(
                "e^(zᵢ − m) / Σⱼ e^(zⱼ − m) = e^(zᵢ)·e^(−m) / (Σⱼ e^(zⱼ)·e^(−m)): the factor "
                "e^(−m) cancels, so subtracting m = {0} changes no probability",
                m,
            ),
        ),
        Fact(
            "No overflow",
            sentence(
                "after the shift every exponent zᵢ − m is at most 0, so every e^(zᵢ − m) is in "
                "(0, 1] and their sum is between 1 and n; e^(zᵢ) itself overflows float64 "
                "once zᵢ > {0}",
                core.EXP_MAX,
            ),
        ),
    ]
    if m > core.EXP_MAX:
        without = sentence(
            "e^{0} overflows to ∞ in float64 ({0} > {1}), and ∞/∞ is undefined: the "
            "formula as written gives no answer for these scores",
            m,
            core.EXP_MAX,
        )
    elif not np.all(np.isfinite(unshifted)):
        without = sentence(
            "the largest score is {0}, so every e^(zᵢ) underflows to 0 in float64, and 0/0 "
            "is undefined: the formula as written gives no answer for these scores",
            m,
        )
    else:
        with np.errstate(over="ignore"):
            gap = float(np.max(np.abs(unshifted - p)))
        agree = (
            "exactly the same probabilities" if gap == 0
            else "the same probabilities to within {2}"
        )  # fmt: skip
        without = sentence(
            "the largest score is {0} ≤ {1}, so every e^(zᵢ) fits in float64 and the formula "
            "as written also works here: it gives " + agree,
            m,
            core.EXP_MAX,
            gap,
        )
    facts.append(Fact("Without the shift", without))
    shifted = softmax_shift(z)
    beyond = np.flatnonzero(~np.isfinite(shifted))
    if beyond.size:
        low = Given(z[beyond[0]])
        facts.append(Fact("Beyond float64", sentence(
            "zᵢ − m = {0} − {1} is below −{2}, the most negative float64, so the table shows −∞ "
            "there; e^(zᵢ − m) is 0 in float64 either way, because the true value is below the "
            "smallest positive float64 ({3}): pᵢ = 0 is the correctly rounded probability, "
            "though not exactly 0", low, m, float(np.finfo(np.float64).max),
            float(np.nextafter(0.0, 1.0)))))  # fmt: skip
    return Section("Why subtract the largest score", tuple(facts))


def _interpretation(z, p):
    n = len(z)
    top = int(np.argmax(p))
    ties = np.flatnonzero(z == z[top])
    lines = []
    if ties.size == n:
        lines.append(sentence("All {0} scores are equal, so every class gets 1/{0} = {1}.", n, p[top]))
    elif ties.size > 1:
        k = ties.size
        classes = ", ".join(f"{{{i}}}" for i in range(k - 1)) + f" and {{{k - 1}}}"
        lines.append(sentence(
            f"Classes {classes} tie for the largest score z = {{{k}}}: each gets p = {{{k + 1}}} "
            f"({{{k + 2}}}%).", *(ties + 1), Given(z[top]), p[top], Percent(100.0 * p[top])))
    else:
        lines.append(sentence(
            "Class {0} has the largest score (z = {1}), so it gets the largest probability: "
            "p = {2} ({3}%).", top + 1, Given(z[top]), p[top], Percent(100.0 * p[top])))
    lines.append(_order_line(z, p))
    lines.append(sentence(
        "For a multi-class output softmax pairs with cross-entropy: the loss is −ln of the "
        "true class's probability, so if class {0} is the true one it is −ln({1}) = {2}.",
        top + 1, p[top], core.log_loss(1.0, p[top])))
    return tuple(lines)


def _order_line(z, p):
    """Softmax keeps the order of the scores; the top two with numbers."""
    order = np.argsort(-z, kind="stable")
    first, second = int(order[0]), int(order[1])
    with np.errstate(over="ignore"):
        gap = z[first] - z[second]
    if gap == 0 or not np.isfinite(gap):
        return sentence(
            "Softmax keeps the order of the scores: a larger zᵢ always gets a larger pᵢ "
            "(e^z grows with z), and equal scores get equal probabilities."
        )
    if p[second] == 0:
        return sentence(
            "Softmax keeps the order of the scores (e^z grows with z). Class {0}'s score is "
            "{1} below the top, so its probability e^(−{1})/Σ is below the smallest float64 "
            "and shows as 0, although it is not exactly 0.",
            second + 1, gap)  # fmt: skip
    with np.errstate(over="ignore"):
        ratio = p[first] / p[second]
    if not np.isfinite(ratio):
        return sentence(
            "Softmax keeps the order of the scores (e^z grows with z): the top two differ by "
            "{0}, so the second gets p = {1}, tiny but not 0 (the factor e^{0} between them "
            "is beyond float64).",
            gap, p[second])  # fmt: skip
    return sentence(
        "Softmax keeps the order of the scores (e^z grows with z): the top two differ by {0}, "
        "so their probabilities differ by a factor e^{0} = {1}.",
        gap, ratio)  # fmt: skip
