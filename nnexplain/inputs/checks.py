"""Checks of inputs that depend on more than one of them (the loss's ranges, sizes
that must fit float64), raising InputError with the option at fault."""

from nnexplain.inputs import InputError, option, typed_number

# matplotlib's autoscaling and tick placement overflow float64 for data near
# 1e308; a figure reaching further than this from 0 is refused (tables have no
# such limit), and would show nothing a learner could read anyway.
PLOT_LIMIT = 1e300



def check_loss_inputs(loss, ys, y_hats, eps, y_name, y_hat_name, where=None):
    """Ranges the chosen loss allows. ``where(i)`` describes where item ``i`` came
    from (for example a CSV line), so the message can point at it."""
    if eps is not None and loss != "log":
        raise InputError("--eps applies only to --loss log (it clips probabilities).")
    import numpy as np

    if loss != "log":
        _check_squared_fits(ys, y_hats, y_hat_name, where)
        return

    for name, values, what in ((y_name, ys, "a label"), (y_hat_name, y_hats, "a probability")):
        values = np.asarray(values, dtype=np.float64)
        outside = np.flatnonzero((values < 0.0) | (values > 1.0))
        if outside.size:
            i = int(outside[0])
            place = f" ({where(i)})" if where else ""
            raise InputError(
                f"{typed_number(values[i])}{place} is outside [0, 1]; log loss needs {what} "
                "in [0, 1] (use --loss squared for any real numbers).",
                option(name),
            )


def _check_squared_fits(ys, y_hats, y_hat_name, where):
    """(y − ŷ)² and the sum of them must stay below the largest float64 (~1.8e308);
    past it the answer would be an artefact of float64, not the maths."""
    import numpy as np

    from nnexplain import core

    squared = core.squared_error(ys, y_hats)
    with np.errstate(over="ignore"):
        total = np.sum(squared)
    too_big = np.flatnonzero(~np.isfinite(squared))
    if too_big.size:
        i = int(too_big[0])
        place = f" ({where(i)})" if where else ""
        raise InputError(
            f"{typed_number(y_hats[i])}{place} is too far from y = {typed_number(ys[i])}: "
            "(y − ŷ)² is more than the largest float64 (about 1.8e308); "
            "keep |y − ŷ| below about 1e154.",
            option(y_hat_name),
        )
    if not np.isfinite(total):
        raise InputError(
            "the squared errors add up to more than the largest float64 (about 1.8e308); "
            "use smaller numbers.",
            option(y_hat_name),
        )
