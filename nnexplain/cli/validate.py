"""Checks of what the learner typed that depend on more than one option."""

import contextlib

import click



def check_loss_inputs(loss, ys, y_hats, eps, y_name, y_hat_name, where=None):
    """Ranges the chosen loss allows. ``where(i)`` describes where item ``i`` came
    from (for example a CSV line), so the message can point at it."""
    if eps is not None and loss != "log":
        raise click.UsageError("--eps applies only to --loss log (it clips probabilities).")
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
            raise click.BadParameter(
                f"{typed_number(values[i])}{place} is outside [0, 1]; log loss needs {what} "
                "in [0, 1] (use --loss squared for any real numbers).",
                param_hint=f"'{name}'",
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
        raise click.BadParameter(
            f"{typed_number(y_hats[i])}{place} is too far from y = {typed_number(ys[i])}: "
            "(y − ŷ)² is more than the largest float64 (about 1.8e308); "
            "keep |y − ŷ| below about 1e154.",
            param_hint=f"'{y_hat_name}'",
        )
    if not np.isfinite(total):
        raise click.BadParameter(
            "the squared errors add up to more than the largest float64 (about 1.8e308); "
            "use smaller numbers.",
            param_hint=f"'{y_hat_name}'",
        )


def typed_number(value) -> str:
    """A number as the learner would type it: 2 rather than 2.0, ASCII minus."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


@contextlib.contextmanager
def reading_errors(path, fail, kind):
    """Turn the ways opening or reading the file ``path`` (``kind``, e.g. "a CSV
    file") can fail into one clear message through ``fail``. The file itself is
    read with nnexplain.reading.read_bytes_limited (bounded, never blocking)."""
    from nnexplain.reading import ReadError

    try:
        yield
    except ReadError as error:
        fail(f"{path} {error}")
    except FileNotFoundError:
        fail(f"{path} does not exist")
    except IsADirectoryError:
        fail(f"{path} is a folder, not {kind}")
    except PermissionError:
        fail(f"{path} cannot be read (permission denied)")
    except UnicodeDecodeError:
        fail(f"{path} is not a UTF-8 text file")
    except OSError as error:
        fail(f"{path} cannot be read ({error.strerror or error})")
