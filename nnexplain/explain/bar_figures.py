"""Data for the bar figures (cost as an average, softmax): computed by the core,
ready for the plot layer to draw."""

from dataclasses import dataclass

import numpy as np

from nnexplain import core

# Up to this many examples each bar gets its label and its value; beyond it the
# bars become a strip read by their height alone.
LABELLED_BARS = 12


@dataclass(frozen=True)
class CostBars:
    """One bar per example (its loss) and the mean of them all, the cost J."""

    loss: str  # "log" or "squared"
    y: np.ndarray
    y_hat: np.ndarray
    losses: np.ndarray  # may hold inf (y = 1, ŷ = 0 with exact log loss)
    cost: float  # inf when any loss is
    labelled: bool  # few enough examples to label each bar


def cost_bars(y, y_hat, loss="log", eps=None) -> CostBars:
    y = np.asarray(y, dtype=np.float64)
    y_hat = np.asarray(y_hat, dtype=np.float64)
    losses = core.per_example_loss(y, y_hat, loss=loss, eps=eps)
    return CostBars(loss, y, y_hat, losses, float(core.cost(y, y_hat, loss=loss, eps=eps)),
                    labelled=y.size <= LABELLED_BARS)


@dataclass(frozen=True)
class SoftmaxBars:
    """The scores z and the probabilities softmax(z), one bar each."""

    z: np.ndarray
    shifted: np.ndarray  # z − max z: what the exponentials are taken of
    p: np.ndarray
    largest: int  # the index of the largest probability
    labelled: bool
    # The scores' axis: from the data, with room for the values written on the bars,
    # and no empty band below 0 when no score is negative (none above 0 when none is positive).
    score_limits: tuple[float, float] = (0.0, 1.0)


# Room above (below) the tallest (deepest) bar for its label, as a share of the span.
LABEL_ROOM = 0.15


def softmax_bars(z) -> SoftmaxBars:
    z = np.asarray(z, dtype=np.float64)
    p = core.softmax(z)
    return SoftmaxBars(z, core.softmax_shift(z), p, int(np.argmax(p)),
                       labelled=z.size <= LABELLED_BARS, score_limits=_score_limits(z))


def _score_limits(z):
    """Bars grow from 0: the axis spans 0 and every score, plus room for the labels."""
    low, high = min(float(z.min()), 0.0), max(float(z.max()), 0.0)
    room = LABEL_ROOM * ((high - low) or 1.0)
    lower = low - room if low < 0.0 else 0.0
    upper = high + room if high > 0.0 or low == 0.0 else 0.0
    return lower, upper
