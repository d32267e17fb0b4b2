"""The one place numbers become text."""

import math

MINUS = "−"  # U+2212, the typographic minus used in every formula

# Below this magnitude fixed decimals would hide the number: use e-notation.
_SMALL = 1e-4
# From this magnitude up, e-notation is easier to read than a long row of digits.
_LARGE = 1e9
# A percentage (explain's ``Percent``) is a fraction ×100: it shows this many fewer
# decimals than the numbers around it, and at least one ("35.8% lower", not 35.7546%).
PERCENT_FEWER = 3


def format_number(x: float, precision: int = 4) -> str:
    """A number for a learner to read: ``precision`` decimals (significant digits
    below 1), trailing zeros dropped, e-notation for the very small or large,
    ∞ for infinity. A number that is not whole never shows as a whole number:
    0.99999 stays 0.99999 rather than rounding to a misleading 1. A percentage
    (``Percent``) gets ``PERCENT_FEWER`` fewer decimals, at least one.

    >>> format_number(2.302585092994046), format_number(0.1), format_number(1.0)
    ('2.3026', '0.1', '1')
    """
    if _is_percent(x):
        precision = max(precision - PERCENT_FEWER, 1)
    x = float(x)
    special = _special(x, nan="undefined")
    if special is not None:
        return special
    whole = x == int(x)
    for digits in range(precision, 18):
        text = _format_magnitude(abs(x), digits)
        if whole or not text.replace(".", "").isdigit() or "." in text:
            break
    return f"{MINUS}{text}" if x < 0 else text


def _is_percent(x) -> bool:
    if type(x) is float or not isinstance(x, float):
        return False
    from nnexplain.explain.worked import Percent  # only for float subclasses

    return isinstance(x, Percent)


def _format_magnitude(magnitude: float, precision: int) -> str:
    if magnitude < _SMALL or magnitude >= _LARGE:
        mantissa, exponent = f"{magnitude:.{max(precision - 1, 0)}e}".split("e")
        return f"{_strip_zeros(mantissa)}e{int(exponent)}"
    if magnitude < 1:
        text = f"{magnitude:.{precision}g}"
        if "e" in text:  # 'g' chose e-notation; keep fixed decimals instead
            text = f"{magnitude:.{precision + 4}f}"
        return _strip_zeros(text)
    return _strip_zeros(f"{magnitude:.{precision}f}")


def format_exact(x: float) -> str:
    """A number at full precision (the shortest text that reads back as the same
    float64), for JSON text fields and machine-checkable substitutions."""
    x = float(x)
    special = _special(x, nan="nan")
    if special is not None:
        return special
    text = repr(abs(x))
    if text.endswith(".0"):
        text = text[:-2]
    if "e" in text:  # 1e-07 → 1e-7, as format_number writes it
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return f"{MINUS}{text}" if x < 0 else text


def json_number(x: float):
    """A float as JSON can carry it: a number, or "inf" / "-inf" / "nan" as text."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x + 0.0  # turns −0.0 into 0.0


def _special(x: float, nan: str) -> str | None:
    """The text of nan, ±∞ and zero (±0 both as "0"); None for other numbers."""
    if math.isnan(x):
        return nan
    if math.isinf(x):
        return "∞" if x > 0 else f"{MINUS}∞"
    if x == 0:
        return "0"
    return None


def _strip_zeros(text: str) -> str:
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
