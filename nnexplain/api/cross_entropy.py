"""The door to softmax with cross-entropy: scores and a target class (or a target
vector) in, the loss, its gradient and the two-class case worked out."""

from __future__ import annotations

import math
import numbers as _numbers

from nnexplain.api.example import Drawing, Example
from nnexplain.inputs import InputError, option
from nnexplain.inputs.values import number_list

# As many classes as softmax accepts (one table row each).
MAX_CLASSES = 10_000
# A target vector must add up to 1 within this (float64 sums of typed decimals such
# as 0.1 + 0.8 + 0.1 are off by an ulp or so).
SUM_TOLERANCE = 1e-9


def crossentropy(z, target: int | None = None, y=None) -> Example:
    """Softmax with cross-entropy, L = −Σ yᵢ·ln pᵢ, computed from the scores (log-sum-exp),
    with its gradient ∂L/∂zᵢ = pᵢ − yᵢ and binary cross-entropy as the two-class case.
    ``z``: at least 2 scores (a list or array). Exactly one of ``target``, the true
    class's index counted from 0 as in PyTorch, and ``y``, a target vector (one-hot or
    soft: each in [0, 1], adding up to 1). ``.result``: the loss L.

    >>> nx.crossentropy(z=[2, 1, 0.1], target=0).result
    0.41703001627783354
    """
    if z is None:
        raise InputError("Missing option '--z'.")
    z = number_list(z, "--z")
    check_classes(z)
    if (target is None) == (y is None):
        which = "both were given" if target is not None else "neither was given"
        raise InputError(f"give exactly one of '--target' (the true class's index) and '--y' "
                         f"(a target vector); {which}.")
    if target is not None:
        target = check_target(target, len(z))
    else:
        y = check_target_vector(y, len(z))
    from nnexplain.explain.crossentropy import crossentropy_example

    def data():
        from nnexplain.explain.crossentropy import crossentropy_data

        return crossentropy_data(z, target, y)

    return Example(crossentropy_example(z, target, y),
                   drawing=Drawing("nnexplain.plot.crossentropy:crossentropy_figure", data))


def check_classes(z) -> None:
    """At least 2 scores (one per class) and at most MAX_CLASSES."""
    if len(z) < 2:
        raise InputError(
            f"has {len(z)} score; cross-entropy needs at least 2 classes (with one class its "
            "probability is always 1 and the loss always 0).", option("--z"))
    if len(z) > MAX_CLASSES:
        raise InputError(f"has {len(z):,} scores; at most {MAX_CLASSES:,} are allowed.", option("--z"))


def check_target(target, classes: int) -> int:
    """A whole number from 0 to classes − 1 (the class's index, counted from 0)."""
    allowed = f"the classes are numbered 0 to {classes - 1} (counted from 0, as in PyTorch), one per score in --z"
    if isinstance(target, str):
        try:
            target = int(target.strip())
        except ValueError:
            raise InputError(f"{target[:40]!r} is not a whole number; {allowed}.", option("--target")) from None
    if isinstance(target, bool) or not isinstance(target, _numbers.Real):
        raise InputError(f"{target!r} is not a whole number; {allowed}.", option("--target"))
    if not isinstance(target, _numbers.Integral):
        value = float(target)
        if not (math.isfinite(value) and value == int(value)):
            raise InputError(f"{value!r} is not a whole number; {allowed}.", option("--target"))
        target = int(value)
    target = int(target)
    if not 0 <= target < classes:
        raise InputError(f"is {target}; {allowed}.", option("--target"))
    return target


def check_target_vector(y, classes: int) -> list[float]:
    """One number per class, each in [0, 1], adding up to 1 within SUM_TOLERANCE."""
    y = number_list(y, "--y")
    if len(y) != classes:
        raise InputError(f"has {len(y)} numbers but --z has {classes} scores; give one target "
                         "probability per class.", option("--y"))
    for position, value in enumerate(y, start=1):
        if not 0.0 <= value <= 1.0:
            raise InputError(f"item {position} is {value:g}; each target probability must be in [0, 1].",
                             option("--y"))
    total = math.fsum(y)
    if abs(total - 1.0) > SUM_TOLERANCE:
        raise InputError(f"adds up to {total:.12g}; a target vector must add up to 1 "
                         f"(within {SUM_TOLERANCE:g}), like 0,1,0 or 0.1,0.8,0.1.", option("--y"))
    return y
