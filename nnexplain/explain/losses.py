"""Worked examples for the loss of one example and the cost over many.

Each function calls ``nnexplain.core`` for every number it shows; nothing here
re-implements the maths.
"""

import re
from dataclasses import replace

import numpy as np

from nnexplain import core
from nnexplain.core.losses import log_loss_keras, log_loss_pytorch, log_loss_sklearn
from nnexplain.explain.worked import (
    Alternative,
    Column,
    ExampleTable,
    Filled,
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

# The smallest positive float64 (a subnormal) and the smallest normal one.
SMALLEST_FLOAT = float(np.finfo(np.float64).smallest_subnormal)  # ≈ 4.9e-324
SMALLEST_NORMAL = float(np.finfo(np.float64).smallest_normal)  # ≈ 2.2e-308

# "What frameworks report" is shown when some framework's value differs from the
# true one by more than this, relatively (or is non-zero where the truth is 0).
# The default view shows at least 4-5 significant digits of a loss, so a gap this
# big is about what it can reveal; the frameworks' own float32 rounding (a few
# units of 2⁻²⁴ ≈ 6e-8, relatively) stays far below it and would otherwise put
# four identical numbers on every example. The gaps that matter are far larger:
# clipping, the −100 cap, ŷ rounding to 0 or 1 in float32, 1 − ŷ cancelling.
FRAMEWORK_TOLERANCE = 1e-5


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
            _log_note("y", y, p),
        ),
        Step(
            "Class-0 term: the log of 1 − ŷ, weighted by 1 − y",
            "(1 − y)·ln(1 − ŷ)",
            formula("(1 − {0})·ln(1 − {1})", y, p),
            term_false,
            _log_note("1 − y", 1.0 - y, 1.0 - p) or _vanishing_note(1.0 - y, p),
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
    return _with_framework_values(worked, y, y_hat, exact)


def _log_note(weight_name, weight, probability):
    if probability == 0 and weight == 0:
        return sentence(
            f"{weight_name} = 0 switches this term off, so it counts as 0; literally it is "
            "0·ln(0) = 0·(−∞), undefined, and the convention 0·ln(0) = 0 (t·ln(t) → 0 as "
            "t → 0) makes the formula agree"
        )
    if probability == 0:
        return sentence("ln(0) = −∞: this term is infinite")
    return None


def _vanishing_note(weight, p):
    """Where 1 − ŷ rounds to 1, say how ln(1 − ŷ) is still right."""
    if weight == 0 or p == 0 or 1.0 - p != 1.0:
        return None
    return sentence(
        "1 − ŷ rounds to 1 in float64, so the tool uses ln(1 − ŷ) ≈ −ŷ: exact to float64 "
        "precision, as the next term, −ŷ²/2, is {0} of it",
        p / 2,
    )


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
        if np.isfinite(exact) and truth == 0 and y_hat != 0 and p_true == 1.0:
            lines.append(
                sentence(
                    "With a hard label the loss is −ln of the probability given to the "
                    "true class: −ln(1 − {0}) = {1}. 1 − ŷ rounds to 1 in float64, so "
                    "the tool uses ln(1 − ŷ) ≈ −ŷ, exact to float64 precision here.",
                    y_hat,
                    exact,
                )
            )
        elif np.isfinite(exact):
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


def framework_values(y, y_hat):
    """What PyTorch, Keras and scikit-learn report for the log loss (one example)
    or the cost (arrays), each computed their way; scikit-learn's row is None when
    it refuses a label other than 0 or 1."""
    y = np.asarray(y, dtype=np.float64)
    y_hat = np.asarray(y_hat, dtype=np.float64)

    def mean(values, dtype):
        # Summed in float64, then rounded to the library's type: within float32's
        # rounding of what the library's own float32 sum gives.
        return float(dtype(np.mean(np.asarray(values, dtype=np.float64))))

    hard = bool(np.all((y == 0.0) | (y == 1.0)))
    return {
        "pytorch": mean(log_loss_pytorch(y, y_hat), np.float32),
        "keras": mean(log_loss_keras(y, y_hat), np.float32),
        "keras64": mean(log_loss_keras(y, y_hat, dtype=np.float64), np.float64),
        "sklearn": mean(log_loss_sklearn(y, y_hat), np.float64) if hard else None,
    }


def _differs(value, true):
    if value == true:
        return False
    if not (np.isfinite(value) and np.isfinite(true)) or true == 0:
        return True
    return abs(value - true) > FRAMEWORK_TOLERANCE * abs(true)


def _with_framework_values(worked, y, y_hat, true):
    """``worked`` with the values frameworks report beside the true one, when any of
    them differs from it (see FRAMEWORK_TOLERANCE); ``worked`` itself otherwise."""
    values = framework_values(y, y_hat)
    if not any(_differs(v, true) for v in values.values() if v is not None):
        return worked
    alternatives = [
        Alternative("true value", "no clipping, float64", float(true)),
        Alternative(
            "PyTorch (BCELoss)",
            "float32, its default; each ln capped at −100",
            values["pytorch"],
        ),
        Alternative(
            "Keras 3 (binary_crossentropy)",
            "float32, its default; ŷ clipped to [1e-7, 1 − 1e-7]",
            values["keras"],
        ),
        Alternative(
            "Keras 3 in float64",
            "the same clipping, with floatx set to float64",
            values["keras64"],
        ),
    ]
    if values["sklearn"] is not None:
        alternatives.append(
            Alternative(
                "scikit-learn (log_loss)",
                "ŷ clipped to [ε, 1 − ε], ε = float64 machine epsilon",
                values["sklearn"],
            )
        )
    if np.isinf(true):
        parts = [
            sentence(
                "An infinite loss would turn every gradient into nan and stop training, "
                "so frameworks clip ŷ or cap each logarithm and report a large finite "
                "number instead; the true value is still ∞."
            )
        ]
    else:
        parts = [
            sentence(
                "Frameworks clip ŷ or cap each logarithm so that no loss is ever ∞, and "
                "PyTorch and Keras compute in float32 (about 7 significant digits) by "
                "default; either can move what they report away from the true value, "
                "{0}, as it does here.",
                true,
            )
        ]
    y_arr = np.atleast_1d(np.asarray(y, dtype=np.float64))
    y_hat_arr = np.atleast_1d(np.asarray(y_hat, dtype=np.float64))
    single = y_arr.size == 1
    if single:
        stored = float(np.float32(y_hat_arr[0]))
        if stored != y_hat_arr[0] and stored in (0.0, 1.0):
            shown = y_hat if isinstance(y_hat, Given) else y_hat_arr[0]
            parts.append(sentence("In float32, ŷ = {0} is stored as {1}.", shown, stored))
    if values["sklearn"] is None:
        soft = int(np.flatnonzero((y_arr != 0.0) & (y_arr != 1.0))[0])
        where = "" if single else f" (example {soft + 1})"
        parts.append(
            sentence(
                "scikit-learn's log_loss is not listed: it refuses y = {0}" + where
                + ", as its labels must be 0 or 1.",
                Given(y_arr[soft]) if single else y_arr[soft],
            )
        )
    return replace(worked, alternatives=tuple(alternatives), alternatives_reason=_joined(parts))


def _joined(parts) -> Filled:
    """Sentences as one, their numbered slots renumbered in order."""
    template, numbers = [], []
    for part in parts:
        template.append(_shifted(part.template, len(numbers)))
        numbers += part.numbers
    return sentence(" ".join(template), *numbers)


def _shifted(template, offset):
    return re.sub(r"\{(\d+)\}", lambda m: "{" + str(int(m.group(1)) + offset) + "}", template)


def squared_loss_example(y, y_hat) -> Worked:
    """Squared (L2) loss of one example: the error, then its square."""
    y, y_hat = Given(y), Given(y_hat)
    error = y - y_hat
    value = float(core.squared_error(y, y_hat))
    steps = (
        Step("The miss: how far the prediction is from the truth", "y − ŷ",
             formula("{0} − {1}", y, y_hat), error),
        Step("Square it: the sign goes, big misses count more", "(y − ŷ)²",
             formula("{0}²", error), value, _underflow_note(error, value)),
    )  # fmt: skip
    half = float(core.squared_error(error / 2, 0.0))
    if error != 0 and value == 0:
        lines = [
            sentence(
                "The square of the error {0} is below the smallest positive float64 "
                "(about {1}), so it underflows to 0: the true loss is positive, but too "
                "small for float64 to hold.",
                abs(error),
                SMALLEST_FLOAT,
            )
        ]
    elif error != 0 and value < SMALLEST_NORMAL:
        lines = [
            sentence(
                "An error of {0} costs {1}: below the smallest normal float64 (about "
                "{2}), where float64 keeps only some of a number's digits.",
                abs(error),
                value,
                SMALLEST_NORMAL,
            )
        ]
    elif error != 0 and half < SMALLEST_NORMAL:  # a quarter of it would not be exact
        lines = [sentence("An error of {0} costs {1}.", abs(error), value)]
    else:
        lines = [
            sentence(
                "An error of {0} costs {1}; half that error ({2}) would cost a quarter "
                "as much ({3}).",
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


def _underflow_note(error, value):
    """Where (y − ŷ)² underflows, say so: the step would otherwise read 1e-200² = 0."""
    if error == 0 or value >= SMALLEST_NORMAL:
        return None
    if value == 0:
        return sentence(
            "underflow: the true square is below the smallest positive float64 (about "
            "{0}), so float64 rounds it to 0",
            SMALLEST_FLOAT,
        )
    return sentence(
        "the square is below the smallest normal float64 (about {0}): float64 keeps "
        "only some of its digits",
        SMALLEST_NORMAL,
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
    if loss == "squared":
        vanished = int(np.count_nonzero((losses == 0) & (y != y_hat)))
        if vanished:
            lines.append(
                sentence(
                    "{0} of the {1} squared errors underflowed to 0: y ≠ ŷ there, but "
                    "(y − ŷ)² is below the smallest positive float64 (about {2}).",
                    vanished,
                    m,
                    SMALLEST_FLOAT,
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
    if loss == "log" and eps is None:
        return _with_framework_values(worked, y, y_hat, value)
    return worked
