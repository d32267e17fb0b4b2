"""Data for figures: arrays computed by the core, ready for the plot layer to draw."""

from dataclasses import dataclass

import numpy as np

from nnexplain import core

# Points along the ŷ axis; ends kept off 0 and 1, where one log-loss curve is ∞.
CURVE_POINTS = 999


@dataclass(frozen=True)
class Curve:
    """One member of a family: the parameter's value and the curve it gives."""

    parameter: float
    x: np.ndarray
    y: np.ndarray


@dataclass(frozen=True)
class MarkedPoint:
    """The learner's own point on the curve of their parameter value."""

    parameter: float
    x: float
    y: float  # may be inf: the figure then marks it at the top edge


@dataclass(frozen=True)
class CurveFamily:
    """Curves y = f(x; parameter) on shared axes, and one marked point. Symbols
    are matplotlib mathtext, such as the prediction's hat-y."""

    title: str
    x_symbol: str
    x_words: str
    y_symbol: str
    y_words: str
    parameter_symbol: str
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
        Curve(label, x, core.per_example_loss(np.full_like(x, label), x, loss=loss, eps=eps))
        for label in labels
    )
    value = float(core.per_example_loss(y, y_hat, loss=loss, eps=eps))
    return CurveFamily(
        title=f"{name} of one prediction",
        x_symbol=r"\hat{y}",
        x_words="prediction",
        y_symbol=symbol,
        y_words="loss",
        parameter_symbol="y",
        curves=curves,
        point=MarkedPoint(y, y_hat, value),
    )
