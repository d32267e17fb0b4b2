"""The worked softmax with cross-entropy: scores and a target in, the loss
L = −Σ yᵢ·ln pᵢ computed stably from the scores (log-sum-exp), its gradient p − y,
and binary cross-entropy as the two-class case.

Classes are numbered from 0, as PyTorch numbers them (the table's row numbers).
Every number comes from ``nnexplain.core``; nothing here re-implements the maths.
"""

from dataclasses import dataclass

import numpy as np

from nnexplain import core
from nnexplain.core import crossentropy as ce
from nnexplain.explain.worked import (
    Column,
    ExampleTable,
    Fact,
    Given,
    Percent,
    Section,
    Step,
    Worked,
    formula,
    sentence,
    written_call,
    written_sum,
)

LOSS_FORMULA = "L = −Σᵢ yᵢ·ln pᵢ"
LOG_P_FORMULA = "ln pᵢ = zᵢ − m − ln Σⱼ e^(zⱼ − m)"
GRADIENT_FORMULA = "∂L/∂zᵢ = pᵢ − yᵢ"
# Two numbers "agree" in a sentence when they differ by at most this, relative.
AGREE = 1e-12


@dataclass(frozen=True)
class CrossEntropyData:
    """What the figure draws: per class the probabilities, the target and the
    gradient p − y; the loss; the target class (None for a soft target)."""

    z: np.ndarray
    p: np.ndarray
    y: np.ndarray
    gradient: np.ndarray
    loss: float
    target: int | None
    predicted: int


def target_vector(z, target=None, y=None):
    """The target as a vector: one-hot for a class index, else ``y`` itself."""
    if target is not None:
        return ce.one_hot(target, len(z))
    return np.asarray(y, dtype=np.float64)


def crossentropy_data(z, target=None, y=None) -> CrossEntropyData:
    z = np.asarray(z, dtype=np.float64)
    y = target_vector(z, target, y)
    p = core.softmax(z)
    return CrossEntropyData(z, p, y, ce.cross_entropy_grad(z, y), ce.cross_entropy(z, y),
                            target, int(np.argmax(p)))


def crossentropy_example(z, target=None, y=None) -> Worked:
    """L = −Σ yᵢ·ln pᵢ for the scores z and a class index ``target`` (0-based) or a
    target vector ``y``: the log-sum-exp, each ln pᵢ, the loss, the gradient p − y."""
    scores = tuple(Given(v) for v in z)
    z = np.asarray(scores, dtype=np.float64)
    y_vec = target_vector(z, target, y)
    k = len(scores)
    m = scores[int(np.argmax(z))]
    numerators = core.softmax_numerators(z)
    total = float(np.sum(numerators))
    lse = ce.log_sum_exp_shifted(z)
    p = core.softmax(z)
    log_p = ce.log_softmax(z)
    terms = ce.cross_entropy_terms(z, y_vec)
    loss = ce.cross_entropy(z, y_vec)
    gradient = ce.cross_entropy_grad(z, y_vec)
    gradient_sum = float(np.sum(gradient))
    used = np.flatnonzero(y_vec != 0.0)
    main = int(target) if target is not None else int(np.argmax(y_vec))
    predicted = int(np.argmax(p))

    steps = [
        Step("The largest score", "m = max(z)", written_call("max", scores), m),
        Step("Add up the shifted exponentials", "Σⱼ e^(zⱼ − m)", written_sum(numerators), total),
        Step("Its logarithm (log-sum-exp)", "ln Σⱼ e^(zⱼ − m)", formula("ln({0})", total), lse,
             sentence("as ln(1 + the rest): keeps a tiny rest's digits")),
    ]
    for i in used[:3]:
        steps.append(Step(f"ln p of class {i}", f"ln p{_sub(i)} = z{_sub(i)} − m − ln Σ",
                          formula("{0} − {1} − {2}", scores[i], m, lse), log_p[i]))
    steps.append(Step("The loss", LOSS_FORMULA, _written_terms(y_vec, log_p, used), loss,
                      _vanish_note(k, used.size)))
    steps.append(Step("Check: the gradients add up to 0", "Σᵢ (pᵢ − yᵢ)", written_sum(gradient),
                      gradient_sum, _zero_note(gradient_sum)))

    table = ExampleTable(
        label="Each class i (numbered from 0, as in PyTorch)",
        formula="pᵢ = softmax(z)ᵢ, ln pᵢ = zᵢ − m − ln Σⱼ e^(zⱼ − m)",
        columns=(
            Column("zᵢ", "z", z, given=True),
            Column("pᵢ", "p", p),
            Column("ln pᵢ", "log_p", log_p),
            Column("yᵢ", "y", y_vec, given=y is not None),
            Column("−yᵢ·ln pᵢ", "term", terms),
            Column("pᵢ − yᵢ", "gradient", gradient),
        ),
        key="classes",
        first=0,
    )
    if target is not None:
        target_input = ("target", Given(target))
        title = f"Softmax with cross-entropy: {k} scores, the true class is {target}"
    else:
        target_input = ("y", tuple(Given(v) for v in y_vec))
        title = f"Softmax with cross-entropy: {k} scores and a target vector"
    return Worked(
        name="crossentropy",
        title=title,
        inputs=(("z", scores), target_input),
        formula=LOSS_FORMULA + ",  p = softmax(z)",
        substituted=_written_terms(y_vec, log_p, used),
        more_formulas=("m = max(z)", LOG_P_FORMULA, GRADIENT_FORMULA),
        steps=tuple(steps),
        result_symbol="L",
        result=loss,
        table=table,
        sections=(
            _why_from_scores(z, y_vec, used, loss, main),
            _why_gradient(z, y_vec, p, main, predicted),
            _binary_case(z, y_vec, main, p, loss),
        ),
        interpretation=_interpretation(p, gradient, target, main, predicted, loss),
        values=(
            ("loss", loss),
            ("probabilities", tuple(float(v) for v in p)),
            ("log_probabilities", tuple(float(v) for v in log_p)),
            ("gradient", tuple(float(v) for v in gradient)),
            ("target", tuple(float(v) for v in y_vec)),
            ("target_class", None if target is None else int(target)),
            ("predicted_class", predicted),
            ("gradient_sum", gradient_sum),
        ),
    )


_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _sub(i) -> str:
    return str(int(i)).translate(_SUBSCRIPTS)


def _written_terms(y, log_p, used):
    """−(y·ln p + …) over the classes whose yᵢ is not 0 (the others vanish)."""
    shown = list(used[:4])
    parts = [f"{{{2 * n}}}·{{{2 * n + 1}}}" for n in range(len(shown))]
    numbers = [v for i in shown for v in (y[i], log_p[i])]
    if used.size > len(shown):
        parts.append("…")
    return formula("−(" + " + ".join(parts) + ")", *numbers)


def _vanish_note(k, nonzero):
    zero = k - nonzero
    if zero == 0:
        return None
    return sentence(f"{{0}} term{'s' if zero != 1 else ''} with yᵢ = 0 vanish{'es' if zero == 1 else ''}", zero)


def _zero_note(value):
    if value == 0.0:
        return sentence("exactly 0 in float64")
    return sentence("0 up to float64 rounding")


def _relative(a, b) -> float:
    """|a − b| / |b| (0 when both are equal, ∞ when one is infinite and the other not)."""
    if a == b:
        return 0.0
    if not (np.isfinite(a) and np.isfinite(b)):
        return float("inf")
    return float(abs(a - b) / max(abs(b), np.finfo(np.float64).tiny))


def _why_from_scores(z, y, used, loss, main) -> Section:
    """Why ln pᵢ is computed from the scores, with the naive ln(softmax) beside it."""
    naive_log_p = ce.log_softmax_naive(z)
    naive = ce.cross_entropy_naive(z, y)
    log_p = ce.log_softmax(z)
    p = core.softmax(z)
    facts = [Fact("From the scores", sentence(
        "ln pᵢ = ln(e^(zᵢ − m) / Σⱼ e^(zⱼ − m)) = zᵢ − m − ln Σⱼ e^(zⱼ − m): every exponent "
        "is at most 0, so nothing overflows, and no pᵢ is rounded before its logarithm is taken"))]
    broken = [i for i in used if not np.isfinite(naive_log_p[i])]
    if broken:
        i = broken[0]
        facts.append(Fact("The naive way", sentence(
            f"ln(softmax(z)) gives p{_sub(i)} = {{0}} and ln 0 = {{1}}, so L = {{2}}; here the "
            "scores are so far apart that even the stable form gives an infinite loss (below)",
            p[i], naive_log_p[i], naive) if not np.isfinite(log_p[i]) else sentence(
            f"ln(softmax(z)) first rounds p{_sub(i)} to float64: its true value e^({{0}}) is below "
            "the smallest float64, so p = {1} and ln 0 = {2}; the loss would be {3}. From the "
            "scores ln p = {0} and L = {4}.", log_p[i], p[i], naive_log_p[i], naive, loss)))
    else:
        gap = _relative(naive, loss)
        if gap <= AGREE:
            agree = "the same number" if gap == 0 else "the same to within {2} relative"
            facts.append(Fact("The naive way", sentence(
                "here every pᵢ with yᵢ > 0 is at least {0}, so ln(softmax(z)) also works: it "
                "gives L = {1}, " + agree + "; with scores further apart (try --z 1000,0,0 "
                "--target 1) a probability rounds to 0 and ln 0 = −∞",
                float(np.min(p[used])), naive, gap)))
        else:
            facts.append(Fact("The naive way", sentence(
                f"ln(softmax(z)) takes the logarithm of the probabilities after rounding them "
                f"to float64 (p{_sub(main)} = {{0}} there), so it gives L = {{1}}, while from the "
                "scores L = {2}: the rounding lost the digits", p[main], naive, loss)))
    if not np.isfinite(loss):
        facts.append(Fact("Beyond float64", sentence(
            "a class with yᵢ > 0 has a score more than the largest float64 ({0}) below the top, so "
            "even −ln p = m − zᵢ + ln Σ is beyond float64: L = ∞ is its correct rounding",
            float(np.finfo(np.float64).max))))
    zero = y.size - used.size
    if zero:
        facts.append(Fact("Zero targets", sentence(
            f"{{0}} of the {{1}} classes {'has' if zero == 1 else 'have'} yᵢ = 0: their terms "
            "−yᵢ·ln pᵢ are 0 and are left out, so L depends on those classes' scores only "
            "through the log-sum-exp", zero, y.size)))
    return Section("Why compute ln p from the scores (log-sum-exp)", tuple(facts))


def _why_gradient(z, y, p, main, predicted) -> Section:
    """Why ∂L/∂zᵢ = pᵢ − yᵢ: the chain rule through softmax's Jacobian collapses."""
    jacobian = ce.softmax_jacobian(z)
    gradient = ce.cross_entropy_grad(z, y)
    facts = [Fact("The chain rule", sentence(
        "∂L/∂pᵢ = −yᵢ/pᵢ and ∂pᵢ/∂zⱼ = pᵢ·(δᵢⱼ − pⱼ), so ∂L/∂zⱼ = Σᵢ (−yᵢ/pᵢ)·pᵢ·(δᵢⱼ − pⱼ) "
        "= −yⱼ + pⱼ·Σᵢ yᵢ = pⱼ − yⱼ: each pᵢ cancels its own 1/pᵢ, and Σ yᵢ = 1"))]
    one_hot = np.count_nonzero(y) == 1
    other = int(np.argmax(np.where(np.arange(y.size) == main, -np.inf, p)))
    written = ce.cross_entropy_grad_as_written(z, y)
    if one_hot and written[main] != gradient[main] and _relative(written[main], gradient[main]) > 1e-12:
        t = main
        chain = float(ce.cross_entropy_grad_via_jacobian(z, y)[t])
        also = ("; so does the chain rule through the Jacobian" if chain == written[t] else
                "; the chain rule through the Jacobian gives {3}")
        facts.append(Fact(f"Class {t} (true)", sentence(
            f"p{_sub(t)} rounds to {{0}} in float64, so p{_sub(t)} − 1 as written gives {{1}} "
            f"(as PyTorch's autograd does){also}; "
            f"the true gradient is −(1 − p{_sub(t)}) = −Σⱼ≠{t} pⱼ = {{2}}, taken from the other "
            "classes' share without subtracting from 1: the table shows it",
            p[t], written[t], gradient[t], chain)))
    elif one_hot and p[main] > 0:
        t = main
        facts.append(Fact(f"Class {t} (true)", sentence(
            f"(−1/p{_sub(t)})·p{_sub(t)}·(1 − p{_sub(t)}) = (−1/{{0}})·{{1}} = {{2}}, "
            f"which is p{_sub(t)} − 1 = {{0}} − 1 = {{3}}",
            p[t], jacobian[t, t], -jacobian[t, t] / p[t], gradient[t])))
        facts.append(Fact(f"Class {other}", sentence(
            f"(−1/p{_sub(t)})·(−p{_sub(t)}·p{_sub(other)}) = (−1/{{0}})·({{1}}) = {{2}}, "
            f"which is p{_sub(other)} − 0 = {{3}}: raising a wrong class's score raises the loss",
            p[t], jacobian[t, other], -jacobian[t, other] / p[t], gradient[other])))
    elif one_hot:
        facts.append(Fact(f"Class {main} (true)", sentence(
            f"p{_sub(main)} = {{0}} in float64, so the chain rule's −1/p{_sub(main)} cannot be "
            f"evaluated; p − y needs no division: ∂L/∂z{_sub(main)} = {{0}} − 1 = {{1}}",
            p[main], gradient[main])))
    else:
        chain = ce.cross_entropy_grad_via_jacobian(z, y)
        if np.all(np.isfinite(chain)):
            gap = float(np.max(np.abs(chain - gradient)))
            facts.append(Fact("Checked", sentence(
                "the chain rule evaluated term by term gives exactly the same gradient as p − y"
                if gap == 0 else "the chain rule evaluated term by term gives the same gradient "
                "as p − y to within {0} (float64 rounding)", gap)))
        facts.append(Fact(f"Class {main}", sentence(
            f"p{_sub(main)} − y{_sub(main)} = {{0}} − {{1}} = {{2}}", p[main], y[main], gradient[main])))
    total = float(np.sum(gradient))
    facts.append(Fact("They add up to 0", sentence(
        "Σᵢ (pᵢ − yᵢ) = Σ pᵢ − Σ yᵢ = 1 − 1 = 0 (computed: {0}): adding the same number to "
        "every score changes no probability, so the loss cannot change in that direction",
        total)))
    return Section("Why the gradient is p − y", tuple(facts))


def _binary_case(z, y, main, p, loss) -> Section:
    """Binary cross-entropy as the two-class case, with the learner's numbers."""
    k = y.size
    if k == 2:
        true, other = 1, 0
        pair_z, pair_y = z, y
        intro = sentence("with two classes, p₁ = e^(z₁) / (e^(z₀) + e^(z₁)) = 1 / (1 + e^(−(z₁ − z₀))) "
                         "= σ(s) with s = z₁ − z₀, and p₀ = 1 − σ(s)")
    else:
        true = main
        others = np.where(np.arange(k) == main, -np.inf, z)
        other = int(np.argmax(others))
        pair_z = np.array([z[other], z[true]])
        pair_y = np.array([0.0, 1.0])
        intro = sentence(
            f"keep only class {true} (as the true class) and class {other} (the most likely "
            f"other): p = e^(z{_sub(true)}) / (e^(z{_sub(other)}) + e^(z{_sub(true)})) = σ(s) "
            f"with s = z{_sub(true)} − z{_sub(other)}")
    s = ce.two_class_score(pair_z[0], pair_z[1])
    y1 = float(pair_y[1])
    sigma = float(core.sigmoid(s))
    from_softmax = float(core.softmax(pair_z)[1])
    pair_loss = ce.cross_entropy(pair_z, pair_y)
    bce = float(core.log_loss(y1, sigma))
    facts = [
        Fact("Two classes", intro),
        Fact("One sigmoid", sentence("s = {0}: σ(s) = {1}, and softmax of the two scores gives {2}",
                                     s, sigma, from_softmax)),
    ]
    gap = _relative(bce, pair_loss)
    if gap <= AGREE:
        same = sentence(
            "the binary log loss −[y·ln ŷ + (1 − y)·ln(1 − ŷ)] with y = {0} and ŷ = σ(s) "
            "(what nnexplain loss computes) is {1}; the two-class cross-entropy is {2}"
            + (": the same number" if gap == 0 else ", the same to within {3} relative"),
            y1, bce, pair_loss, gap)
    else:
        same = sentence(
            "the binary log loss −[y·ln ŷ + (1 − y)·ln(1 − ŷ)] with y = {0} and ŷ = σ(s) = {1} "
            "(what nnexplain loss computes) is {2}; the two-class cross-entropy from the scores "
            "is {3}: the same quantity, but σ(s) has been rounded in float64 before its "
            "logarithm, so only the form computed from the scores keeps its digits",
            y1, sigma, bce, pair_loss)
    facts.append(Fact("The same loss", same))
    if k == 2:
        facts.append(Fact("So", sentence(
            "binary cross-entropy with one output σ(s) is softmax cross-entropy with two "
            "scores whose difference is s; frameworks offer it from the score too "
            "(PyTorch's binary_cross_entropy_with_logits) for the same reason as log-sum-exp")))
    return Section("Binary cross-entropy: the two-class case", tuple(facts))


def _interpretation(p, gradient, target, main, predicted, loss):
    lines = []
    if target is not None:
        if p[target] == 0:  # underflowed: its logarithm, −L, is still finite
            lines.append(sentence(
                f"The true class is {target} (classes are numbered from 0, as PyTorch numbers "
                f"them); the model gives it p = e^(−{{0}}), too small for float64, where it "
                f"rounds to 0; from the scores L = −ln p{_sub(target)} = {{0}}.", loss))
        else:
            lines.append(sentence(
                f"The true class is {target} (classes are numbered from 0, as PyTorch numbers "
                f"them); the model gives it p = {{0}} ({{1}}%), so L = −ln p{_sub(target)} = {{2}}.",
                p[target], Percent(100.0 * p[target]), loss))
    else:
        lines.append(sentence(
            "The target is a probability vector, so every class with yᵢ > 0 counts, weighted "
            "by yᵢ: L = {0}.", loss))
    which = "true" if target is not None else "largest target"
    if predicted != main:
        lines.append(sentence(
            f"The most likely class is {predicted} (p = {{0}}), not class {main}: a gradient "
            f"step lowers z{_sub(predicted)} (∂L/∂z{_sub(predicted)} = {{1}} > 0) and raises "
            f"z{_sub(main)} (∂L/∂z{_sub(main)} = {{2}} < 0).",
            p[predicted], gradient[predicted], gradient[main]))
    elif gradient[main] < 0:
        lines.append(sentence(
            f"The most likely class is {predicted}, the {which} one (p = {{0}}); the gradient "
            f"∂L/∂z{_sub(main)} = {{1}} < 0 still pushes its score up, towards p = y.",
            p[predicted], gradient[main]))
    elif gradient[main] == 0:
        lines.append(sentence(
            f"The most likely class is {predicted}, the {which} one, and p{_sub(main)} = {{0}} "
            f"equals y{_sub(main)} in float64: ∂L/∂z{_sub(main)} = 0.", p[main]))
    else:
        lines.append(sentence(
            f"The most likely class is {predicted}, the {which} one (p = {{0}}), but p already "
            f"exceeds its target: ∂L/∂z{_sub(main)} = {{1}} > 0 lowers its score, towards p = y.",
            p[predicted], gradient[main]))
    return tuple(lines)
