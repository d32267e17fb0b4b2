"""Vanishing gradients: the product of f′(z) through a stack of layers, against depth.

Backpropagation multiplies the error by one factor f′(z) per layer it passes back
through (times that layer's weight). With every weight 1 and every unit at the same
z, the gradient reaching a unit d layers down is f′(z)ᵈ: this module computes that
product layer by layer (``np.cumprod`` of the factors from ``core.activate_grad``,
the multiplications backpropagation does), for each function at the z where its
slope is largest and at a saturated (or, for the ReLUs, negative) z.
"""

from dataclasses import dataclass

import numpy as np

from nnexplain import core
from nnexplain.explain.activation_forms import FORMS

# The smallest normal float64 (2⁻¹⁰²², about 2.2e-308): below it, numbers are
# subnormal and lose precision; below 2⁻¹⁰⁷⁴ they are 0.
SMALLEST_NORMAL = float(np.finfo(np.float64).smallest_normal)
# The z where ReLU and leaky ReLU are on (z > 0) when the learner's z give none.
ACTIVE_Z = 1.0


@dataclass(frozen=True)
class Chain:
    """One function at one z: the factor f′(z) and its product over 1…depth layers."""

    name: str  # as typed: "sigmoid"
    title: str  # "Sigmoid"
    mathtext: str  # r"\sigma"
    slope: float | None  # leaky ReLU's α, else None
    case: str  # "best" (z = 0), "saturated" (z = the chosen z), "active" (z > 0), "off" (z ≤ 0)
    z: float  # the z the factor is taken at
    factor: float  # f′(z), from core.activate_grad
    product: np.ndarray  # f′(z)¹, f′(z)², …: the product through 1, 2, … layers
    drawn: np.ndarray  # product, with NaN where it is 0 (not on a log axis)
    below_normal: int | None  # the first depth where the product falls below SMALLEST_NORMAL
    zero_from: int | None  # the first depth where the product is exactly 0 (1 when f′(z) = 0)


@dataclass(frozen=True)
class VanishingChains:
    depth: np.ndarray  # 1, 2, …, depth
    chains: tuple[Chain, ...]
    saturated_z: float | None  # the chosen z (None when it is 0: no saturated case)
    smallest_normal: float
    any_below_normal: bool
    title: str


def vanishing_chains(names, depth, saturated_z, slope=core.DEFAULT_SLOPE) -> VanishingChains:
    """For each activation in ``names``: f′(z) multiplied through 1…``depth`` layers,
    at the z where the slope is largest and at ``saturated_z`` (sigmoid, tanh) or at
    z > 0 and z ≤ 0 (ReLU, leaky ReLU; ±|saturated_z|). Identity: z = 0 only (its
    slope is 1 everywhere)."""
    depths = np.arange(1, int(depth) + 1)
    s = abs(float(saturated_z))
    chains = []
    for name in names:
        for case, z in _cases(name, s):
            chains.append(_chain(name, case, z, depths.size, slope))
    any_below = any(c.below_normal is not None for c in chains)
    return VanishingChains(depths, tuple(chains), s if s > 0 else None, SMALLEST_NORMAL,
                           any_below, "Vanishing gradients: the product of f′(z) through d layers")


def _cases(name, s):
    if name in ("relu", "leaky_relu"):
        return (("active", s if s > 0 else ACTIVE_Z), ("off", -s))
    if name == "identity" or s == 0:
        return (("best", 0.0),)
    return (("best", 0.0), ("saturated", s))


def _chain(name, case, z, depth, slope):
    factor = float(core.activate_grad(name, np.float64(z), slope))
    with np.errstate(under="ignore"):  # products that underflow are the point
        product = np.cumprod(np.full(depth, factor, dtype=np.float64))
    drawn = np.where(product > 0, product, np.nan)
    # Falls below: a non-zero factor whose product underflows (a zero factor is 0 from
    # the first layer on, said by zero_from).
    below = np.flatnonzero(product < SMALLEST_NORMAL) if factor > 0 else np.array([], dtype=int)
    zero = np.flatnonzero(product == 0)
    form = FORMS[name]
    return Chain(
        name=name, title=form.title, mathtext=form.mathtext,
        slope=float(slope) if name == "leaky_relu" else None,
        case=case, z=float(z), factor=factor, product=product, drawn=drawn,
        below_normal=int(below[0]) + 1 if below.size else None,
        zero_from=int(zero[0]) + 1 if zero.size else None,
    )  # fmt: skip
