"""Checks of what the learner typed that depend on more than one option."""

import click


def check_loss_inputs(loss, ys, y_hats, eps, y_name, y_hat_name, where=None):
    """Ranges the chosen loss allows. ``where(i)`` describes where item ``i`` came
    from (for example a CSV line), so the message can point at it."""
    if eps is not None and loss != "log":
        raise click.UsageError("--eps applies only to --loss log (it clips probabilities).")
    if loss != "log":
        return
    import numpy as np

    for name, values, what in ((y_name, ys, "a label"), (y_hat_name, y_hats, "a probability")):
        values = np.asarray(values, dtype=np.float64)
        outside = np.flatnonzero((values < 0.0) | (values > 1.0))
        if outside.size:
            i = int(outside[0])
            place = f" ({where(i)})" if where else ""
            raise click.BadParameter(
                f"{float(values[i])!r}{place} is outside [0, 1]; log loss needs {what} "
                "in [0, 1] (use --loss squared for any real numbers).",
                param_hint=f"'{name}'",
            )
