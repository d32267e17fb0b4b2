"""Plain values given to a door from Python (the API) or already parsed by the command
line: numbers, lists of numbers and choices, each checked once, here.

Text is accepted too and read exactly as the command line reads it
(``nnexplain.inputs.numbers.parse_number``), so ``nx.loss("1", "0.1")`` and
``--y 1 --yhat 0.1`` are one rule.
"""

import math
import numbers as _numbers

from nnexplain.inputs import InputError, option as hint


def number(value, name: str) -> float:
    """A finite float from a Python number, a NumPy scalar or number text; InputError
    naming the option ``name`` (e.g. "--y") otherwise."""
    if isinstance(value, str):
        from nnexplain.inputs.numbers import parse_number

        try:
            return parse_number(value)
        except ValueError as error:
            raise InputError(str(error), hint(name)) from None
    if isinstance(value, bool) or not isinstance(value, _numbers.Real):
        raise InputError(f"{value!r} is not a number", hint(name))
    value = float(value)
    if not math.isfinite(value):
        raise InputError(f"{value!r} is not a finite number (nan and inf are not allowed)", hint(name))
    return value


def number_list(values, name: str, minimum: int = 1) -> list[float]:
    """A list of finite floats from a list, tuple, 1-D array, a single number, or
    comma-separated text; at least ``minimum`` of them."""
    if isinstance(values, str):  # read exactly as the command line reads a list
        from nnexplain.inputs.numbers import parse_number_list

        try:
            items = parse_number_list(values)
        except ValueError as error:
            raise InputError(str(error), hint(name)) from None
    else:
        try:
            import numpy as np

            array = np.asarray(values, dtype=object)
        except Exception:  # anything NumPy cannot even hold
            raise InputError(f"{values!r} is not a list of numbers", hint(name)) from None
        if array.ndim == 0:
            items = [values]
        elif array.ndim == 1:
            items = list(array)
        else:
            raise InputError(f"expected a flat list of numbers, got an array of shape {array.shape}", hint(name))
    result = []
    for position, item in enumerate(items, start=1):
        try:
            result.append(number(item.strip() if isinstance(item, str) else item, name))
        except InputError as error:
            raise InputError(f"item {position}: {error.message}", error.hint) from None
    if len(result) < minimum:
        raise InputError(f"has {len(result)} numbers; at least {minimum} are needed", hint(name))
    return result


def choice(value, choices, name: str) -> str:
    """One of ``choices`` (as the command line's click.Choice allows)."""
    if value not in choices:
        raise InputError(f"{value!r} is not one of {', '.join(map(repr, choices))}.", hint(name))
    return value


def open_interval(value, low: float, high: float, name: str) -> float:
    """A finite number strictly between ``low`` and ``high``."""
    value = number(value, name)
    if not low < value < high:
        raise InputError(f"{value:g} is not in the range {low:g}<x<{high:g}.", hint(name))
    return value


def count(n: int, noun: str = "number") -> str:
    """"1 number", "3 numbers", "1,024 numbers": a count for a message."""
    return f"{n} {noun}" if n == 1 else f"{n:,} {noun}s"
