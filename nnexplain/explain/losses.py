"""Worked examples for the loss of one example and the cost over many.

Each function calls ``nnexplain.core`` for every number it shows; nothing here
re-implements the maths.
"""

from dataclasses import replace

import numpy as np

from nnexplain import core
from nnexplain.explain.worked import (
    Alternative,
    Column,
    ExampleTable,
    Given,
    Step,
    Worked,
    formula,
    sentence,
    written_sum,
)

LOG_LOSS_FORMULA = "L = −[y·ln(ŷ) + (1 − y)·ln(1 − ŷ)]"
SQUARED_LOSS_FORMULA = "L = (y − ŷ)²"
PER_EXAMPLE_FORMULAS = {
    "log": "Lᵢ = −[yᵢ·ln(ŷᵢ) + (1 − yᵢ)·ln(1 − ŷᵢ)]",
    "squared": "Lᵢ = (yᵢ − ŷᵢ)²",
}

# The clipping rules of well-known frameworks, applied with the core's own options.
KERAS_EPSILON = 1e-7
SKLEARN_EPSILON = float(np.finfo(np.float64).eps)
PYTORCH_LOG_MIN = -100.0


def loss_example(y, y_hat, loss="log", eps=None) -> Worked:
    """The worked loss of one example under the named loss ("log" or "squared")."""
    if loss == "log":
        return log_loss_example(y, y_hat, eps=eps)
    if loss == "squared":
        return squared_loss_example(y, y_hat)
    raise ValueError(f"unknown loss {loss!r}; expected one of {', '.join(core.LOSSES)}")


def log_loss_example(y, y_hat, eps=None) -> Worked:
    """Log loss of one example: each term of −[y·ln(ŷ) + (1 − y)·ln(1 − ŷ)], then L."""
    y, y_hat = Given(y), Given(y_hat)
    steps = []
    p = y_hat
    if eps is not None:
        eps = Given(eps)
        p = float(core.clip_probability(y_hat, eps))
        p = y_hat if p == y_hat else p
        steps.append(
            Step(
                "Clip ŷ into [ε, 1 − ε] so that no logarithm is −∞",
                "ŷ ← min(max(ŷ, ε), 1 − ε)",
                formula("min(max({0}, {1}), 1 − {1})", y_hat, eps),
                p,
            )
        )
    term_true, term_false = (float(t) for t in core.log_loss_terms(y, p))
    value = float(core.log_loss(y, y_hat, eps=eps))
    exact = value if eps is None else float(core.log_loss(y, y_hat))
    first = len(steps) + 1  # the step number of the first term
    steps += [
        Step(
            "Class-1 term: the log of ŷ, weighted by y",
            "y·ln(ŷ)",
            formula("{0}·ln({1})", y, p),
            term_true,
            _log_note(y, p),
        ),
        Step(
            "Class-0 term: the log of 1 − ŷ, weighted by 1 − y",
            "(1 − y)·ln(1 − ŷ)",
            formula("(1 − {0})·ln(1 − {1})", y, p),
            term_false,
            _log_note(1.0 - y, 1.0 - p),
        ),
        Step(
            "Add the terms and flip the sign",
            f"−[step {first} + step {first + 1}]",
            formula("−[{0} + {1}]", term_true, term_false),
            value,
        ),
    ]
    worked = Worked(
        name="log_loss",
        title="Log loss (binary cross-entropy) of one example",
        inputs=(("y", y), ("y_hat", y_hat)) + ((("eps", eps),) if eps is not None else ()),
        formula=LOG_LOSS_FORMULA,
        substituted=formula("−[{0}·ln({1}) + (1 − {0})·ln(1 − {1})]", y, p),
        steps=tuple(steps),
        result_symbol="L",
        result=value,
        interpretation=_log_loss_interpretation(y, y_hat, eps, value, exact),
    )
    if np.isinf(exact):
        return _with_framework_values(worked, lambda **options: core.log_loss(y, y_hat, **options))
    return worked


def _log_note(weight, probability):
    if probability == 0 and weight == 0:
        return sentence("0·ln(0) counts as 0: t·ln(t) → 0 as t → 0")
    if probability == 0:
        return sentence("ln(0) = −∞: this term is infinite")
    return None


def _log_loss_interpretation(y, y_hat, eps, value, exact):
    """Sentences on what the loss means; ``value`` is the (possibly clipped) loss
    shown, ``exact`` the unclipped true value."""
    lines = []
    if y in (0.0, 1.0):
        truth = int(y)
        p_true = y_hat if truth == 1 else 1.0 - y_hat
        if np.isinf(exact):
            lines.append(
                sentence(
                    "ŷ = {0} says class {1} is certain, but the true class is y = {2}: "
                    "the loss is −ln(0) = ∞, the harshest possible verdict.",
                    y_hat,
                    1 - truth,
                    truth,
                )
            )
        elif exact == 0:
            lines.append(
                sentence(
                    "ŷ = {0} matches y = {1} exactly: a perfect, fully confident "
                    "prediction costs nothing.",
                    y_hat,
                    y,
                )
            )
        elif p_true >= 0.5:
            lines.append(
                sentence(
                    "ŷ = {0} is close to y = {1}, so the loss is small; a coin-toss "
                    "prediction of 0.5 would cost {2}.",
                    y_hat,
                    y,
                    core.log_loss(y, 0.5),
                )
            )
        else:
            better = 0.99 if truth == 1 else 0.01
            lines.append(
                sentence(
                    "ŷ = {0} is far from y = {1}, so the loss is large; a prediction "
                    "of {2} would cost {3}.",
                    y_hat,
                    y,
                    better,
                    core.log_loss(y, better),
                )
            )
        if np.isfinite(exact):
            lines.append(
                sentence(
                    "With a hard label the loss is −ln of the probability given to the "
                    "true class: −ln({0}) = {1}.",
                    p_true,
                    exact,
                )
            )
    else:
        best = float(core.log_loss(y, y))
        lines.append(
            sentence(
                "y = {0} is a soft label: even the best prediction, ŷ = y, costs {1}, "
                "not 0; this prediction costs {2} more than that.",
                y,
                best,
                exact - best if np.isfinite(exact) else exact,
            )
        )
    if eps is not None and exact != value:
        lines.append(
            sentence(
                "Clipping at ε = {0} gives {1}; without clipping the loss is {2}.",
                eps,
                value,
                exact,
            )
        )
    return tuple(lines)


def _with_framework_values(worked, compute):
    """``worked`` with the values clipping frameworks report beside the true one;
    ``compute(**options)`` evaluates the same quantity with the core's options."""
    alternatives = (
        Alternative("true value", "no clipping", float(compute())),
        Alternative(
            "PyTorch (BCELoss)",
            "each ln capped at −100",
            float(compute(log_min=PYTORCH_LOG_MIN)),
        ),
        Alternative(
            "Keras (binary_crossentropy)",
            "ŷ clipped to [1e-7, 1 − 1e-7]",
            float(compute(eps=KERAS_EPSILON)),
        ),
        Alternative(
            "scikit-learn (log_loss)",
            "ŷ clipped to [ε, 1 − ε], ε = float64 machine epsilon",
            float(compute(eps=SKLEARN_EPSILON)),
        ),
    )
    reason = sentence(
        "An infinite loss would turn every gradient into nan and stop training, so "
        "frameworks report a large finite number instead; the true value is still ∞."
    )
    return replace(worked, alternatives=alternatives, alternatives_reason=reason)


def squared_loss_example(y, y_hat) -> Worked:
    """Squared (L2) loss of one example: the error, then its square."""
    y, y_hat = Given(y), Given(y_hat)
    error = y - y_hat
    value = float(core.squared_error(y, y_hat))
    steps = (
        Step("The miss: how far the prediction is from the truth", "y − ŷ",
             formula("{0} − {1}", y, y_hat), error),
        Step("Square it: the sign goes, big misses count more", "(y − ŷ)²",
             formula("{0}²", error), value),
    )
    half = float(core.squared_error(error / 2, 0.0))
    lines = [
        sentence(
            "An error of {0} costs {1}; half that error ({2}) would cost a quarter as "
            "much ({3}).",
            abs(error),
            value,
            abs(error) / 2,
            half,
        )
    ]
    if y in (0.0, 1.0) and 0.0 <= y_hat <= 1.0:
        lines.append(
            sentence(
                "For the same probability the log loss is {0}: log loss punishes a "
                "confident wrong answer far harder (the squared loss never exceeds 1 here).",
                core.log_loss(y, y_hat),
            )
        )
    return Worked(
        name="squared_loss",
        title="Squared (L2) loss of one example",
        inputs=(("y", y), ("y_hat", y_hat)),
        formula=SQUARED_LOSS_FORMULA,
        substituted=formula("({0} − {1})²", y, y_hat),
        steps=steps,
        result_symbol="L",
        result=value,
        interpretation=tuple(lines),
    )


def cost_example(y, y_hat, loss="log", eps=None) -> Worked:
    """Cost over m examples: each example's loss, their sum, the sum divided by m."""
    y = np.asarray(y, dtype=np.float64)
    y_hat = np.asarray(y_hat, dtype=np.float64)
    m = y.size
    losses = core.per_example_loss(y, y_hat, loss=loss, eps=eps)
    with np.errstate(over="ignore"):
        total = float(np.sum(losses))
    value = float(core.cost(y, y_hat, loss=loss, eps=eps))
    steps = (
        Step(
            f"Add up the {m} losses" if m > 1 else "Add up the losses (there is one)",
            "Σ Lᵢ",
            written_sum(losses),
            total,
        ),
        Step("Divide by the number of examples m", "J = (1/m)·Σ Lᵢ",
             formula("{0} / {1}", total, m), value),
    )
    name = "log loss" if loss == "log" else "squared loss"
    table = ExampleTable(
        label=f"Each example's {name}",
        formula=PER_EXAMPLE_FORMULAS[loss],
        columns=(
            Column("y", "y", y, given=True),
            Column("ŷ", "y_hat", y_hat, given=True),
            Column("L", "loss", losses),
        ),
    )
    worst = int(np.argmax(losses))
    lines = [
        sentence(
            "The cost is the average loss over all {0} examples: one number that says "
            "how well the parameters fit the whole data set.",
            m,
        )
        if m > 1
        else sentence(
            "With a single example the cost is just its loss; the cost averages over "
            "all m examples of a data set."
        ),
    ]
    if m > 1:
        lines.append(
            sentence(
                "The worst example is number {0} (L = {1}); it alone contributes {2} of "
                "the cost.",
                worst + 1,
                losses[worst],
                losses[worst] / m,
            )
        )
    worked = Worked(
        name="cost",
        title=f"Cost: the average {name} over m examples",
        inputs=(("m", float(m)),) + ((("eps", float(eps)),) if eps is not None else ()),
        formula="J = (1/m)·Σ Lᵢ",
        substituted=formula("{0} / {1}", total, m),
        steps=steps,
        result_symbol="J",
        result=value,
        interpretation=tuple(lines),
        table=table,
    )
    if loss == "log" and eps is None and np.isinf(value):
        return _with_framework_values(
            worked, lambda **options: core.cost(y, y_hat, loss="log", **options)
        )
    return worked
