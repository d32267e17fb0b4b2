"""The doors to the loss of one example and the cost of many."""

import os
from collections.abc import Sequence

from nnexplain.api.example import Drawing, Example
from nnexplain.inputs import InputError, option
from nnexplain.inputs.checks import check_loss_inputs
from nnexplain.inputs.values import choice, count, number, number_list, open_interval

LOSSES = ("log", "squared")
# One bar per example: beyond this many the bars are thinner than a pixel.
MAX_BARS = 2000


def loss(y: float, yhat: float, loss: str = "log", eps: float | None = None) -> Example:
    """The loss of one prediction ``yhat`` against the true value ``y``, worked step by
    step: log loss (binary cross-entropy, y and ŷ in [0, 1]) or squared loss.
    ``eps`` clips ŷ to [eps, 1 − eps] first, as Keras does (log loss only).

    >>> nx.loss(y=1, yhat=0.1).result
    2.3025850929940455
    """
    y, yhat = number(y, "--y"), number(yhat, "--yhat")
    loss = choice(loss, LOSSES, "--loss")
    eps = None if eps is None else open_interval(eps, 0.0, 0.5, "--eps")
    check_loss_inputs(loss, [y], [yhat], eps, y_name="--y", y_hat_name="--yhat")
    from nnexplain import explain

    def data():
        from nnexplain.explain.curves import loss_curves

        return loss_curves(y, yhat, loss=loss, eps=eps)

    return Example(explain.loss_example(y, yhat, loss=loss, eps=eps),
                   drawing=Drawing("nnexplain.plot.losses:loss_curve_figure", data))


def cost(y: Sequence[float] | None = None, yhat: Sequence[float] | None = None,
         data: str | os.PathLike | None = None, loss: str = "log", eps: float | None = None) -> Example:
    """The cost J = (1/m)·Σ Lᵢ: each example's loss, their sum, the sum divided by m.
    Give ``y`` and ``yhat`` (lists or arrays of the same length), or ``data``: the
    path of a CSV file with a header and the columns y,y_hat.

    >>> nx.cost(y=[1, 0, 1], yhat=[0.9, 0.2, 0.6]).result
    0.2797765635793423
    """
    loss = choice(loss, LOSSES, "--loss")
    eps = None if eps is None else open_interval(eps, 0.0, 0.5, "--eps")
    if data is not None:
        if y is not None or yhat is not None:
            raise InputError("Give either --data or --y and --yhat, not both.")
        from nnexplain.inputs.csv_file import line_of_row, read_columns

        data = str(data)
        ys, y_hats = read_columns(data, ("y", "y_hat"), option="--data")

        def where(row):
            return f"{data} line {line_of_row(data, row)}"

        names = ("--data", "--data")
    elif y is None or yhat is None:
        raise InputError("Give --y and --yhat (comma-separated lists), or --data FILE.csv.")
    else:
        ys, y_hats = number_list(y, "--y"), number_list(yhat, "--yhat")
        if len(ys) != len(y_hats):
            raise InputError(
                f"has {count(len(y_hats))} but --y has {count(len(ys))}; "
                "give one prediction per example.",
                option("--yhat"),
            )

        def where(i):
            return f"item {i + 1}"

        names = ("--y", "--yhat")
    check_loss_inputs(loss, ys, y_hats, eps, *names, where=where)
    from nnexplain import explain

    def check_figure():
        _check_cost_plot(ys, y_hats, loss)

    def data():
        from nnexplain.explain.bar_figures import cost_bars

        return cost_bars(ys, y_hats, loss=loss, eps=eps)

    return Example(explain.cost_example(ys, y_hats, loss=loss, eps=eps),
                   drawing=Drawing("nnexplain.plot.bars:cost_figure", data),
                   check_figure=check_figure)


def _check_cost_plot(ys, y_hats, loss):
    """A bar per example must fit on a figure, and so must its height."""
    import math

    from nnexplain.inputs.checks import PLOT_LIMIT

    if len(ys) > MAX_BARS:
        raise InputError(
            f"a figure shows at most {MAX_BARS:,} examples as bars, but there are {len(ys):,}; "
            "leave out --plot to see the cost of them all.",
            option("--plot"),
        )
    if loss == "squared" and max(abs(a - b) for a, b in zip(ys, y_hats)) > math.sqrt(PLOT_LIMIT):
        raise InputError(
            f"a figure can show losses up to {PLOT_LIMIT:g}, but some (y − ŷ)² is larger; "
            "leave out --plot to see the numbers.",
            option("--plot"),
        )
