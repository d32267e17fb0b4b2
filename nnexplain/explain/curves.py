"""Data for figures: arrays computed by the core, ready for the plot layer to draw."""

from dataclasses import dataclass

import numpy as np

from nnexplain import core

# Points along the ŷ axis; ends kept off 0 and 1, where one log-loss curve is ∞.
CURVE_POINTS = 999


@dataclass(frozen=True)
class Curve:
    label: str
    x: np.ndarray
    y: np.ndarray


@dataclass(frozen=True)
class MarkedPoint:
    label: str
    x: float
    y: float  # may be inf: the figure then marks it at the top edge


@dataclass(frozen=True)
class CurveFamily:
    """Several curves on shared axes, and one marked point."""

    title: str
    x_label: str
    y_label: str
    curves: tuple[Curve, ...]
    point: MarkedPoint | None = None


def loss_curves(y, y_hat, loss="log", eps=None) -> CurveFamily:
    """L(ŷ) for y = 0 and y = 1 (and for the learner's y if it is soft)."""
    y, y_hat = float(y), float(y_hat)
    if loss == "log":
        x = np.linspace(0.001, 0.999, CURVE_POINTS)
        symbol, name = "L", "Log loss"
    else:
        low, high = min(0.0, y, y_hat), max(1.0, y, y_hat)
        x = np.linspace(low, high, CURVE_POINTS)
        symbol, name = "L", "Squared loss"
    labels = [0.0, 1.0] + ([y] if y not in (0.0, 1.0) else [])
    curves = tuple(
        Curve(
            f"$y = {label:g}$",
            x,
            core.per_example_loss(np.full_like(x, label), x, loss=loss, eps=eps),
        )
        for label in labels
    )
    value = float(core.per_example_loss(y, y_hat, loss=loss, eps=eps))
    return CurveFamily(
        title=f"{name} of one prediction",
        x_label=r"prediction $\hat{y}$",
        y_label=rf"loss ${symbol}(\hat{{y}})$",
        curves=curves,
        point=MarkedPoint(rf"$y = {y:g},\ \hat{{y}} = {y_hat:g}$", y_hat, value),
    )
