"""Numbers as a learner types them: text to float64, refused with a reason when the
text is not a plain finite number float64 can hold as typed (shared by the command
line's options, CSV files and the lesson engine)."""

import math

from nnexplain.inputs import shown

# No number a learner types needs more characters than this (float64 holds 17
# significant digits; 1e-300 or 1.5e308 write any size briefly). A longer text is
# refused before conversion: Python's int() stops at 4,300 digits with an internal
# message, and an error quoting thousands of digits helps nobody.
MAX_NUMBER_TEXT = 400


def check_length(text: str) -> None:
    """ValueError if ``text`` is too long to be a number a learner typed."""
    if len(text.strip()) > MAX_NUMBER_TEXT:
        raise ValueError(
            f"{shown(text.strip(), 40)} is too long for a number: at most {MAX_NUMBER_TEXT} "
            "characters (write large or small numbers with an exponent, e.g. 1.5e300)"
        )


def parse_number(text: str) -> float:
    """A finite float from text, or ValueError saying what is wrong."""
    if isinstance(text, str):
        check_length(text)
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise ValueError(f"{text!r} is not a number") from None
    stripped = text.strip()
    if "_" in stripped or not stripped.isascii():
        # float() also takes 1_000 and non-ASCII digits; NumPy's CSV reader does
        # not, so --y and a CSV file accept the same numbers.
        raise ValueError(f"{text!r} is not a number (use plain digits 0-9, e.g. 1000 or 1e3)")
    if math.isinf(value) and "inf" not in stripped.lower():
        raise ValueError(f"{text!r} is too large (the largest float64 is about 1.8e308)")
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number (nan and inf are not allowed)")
    if abs(value) < SMALLEST_NORMAL and _has_nonzero_digit(stripped):
        # float() turns 1e-5000 into 0 and 1e-310 into a subnormal a little off,
        # both silently. A number the learner typed is shown exactly as typed, so
        # it must be held to float64's usual precision: a subnormal is accepted
        # only when it is (to 2⁻⁵³ relative) the number typed, as 5e-324 is.
        error = _relative_error(stripped, value)
        if error > 2.0**-53:
            what = (
                "rounds it to 0"
                if value == 0
                else f"keeps only some of its digits (a subnormal, off by {error:.1g} of its size)"
            )
            raise ValueError(
                f"{text!r} is so small that float64 {what}; use 0, or a number at least "
                "2.2251e-308 in size (the smallest normal float64)"
            )
    return value


# The smallest positive normal float64, 2⁻¹⁰²² ≈ 2.2250738585072014e-308.
SMALLEST_NORMAL = 2.0**-1022


def _relative_error(text: str, value: float) -> float:
    """|value − the number text names| / |that number|, exactly (via decimal)."""
    from decimal import Decimal, localcontext

    with localcontext() as context:
        context.prec = 40
        typed = Decimal(text)
        return float(abs(Decimal(value) - typed) / abs(typed))


def _has_nonzero_digit(text: str) -> bool:
    """Whether the mantissa of a number's text (before any exponent) has a digit 1-9."""
    mantissa = text.lower().split("e")[0]
    return any(c in "123456789" for c in mantissa)


def parse_number_list(text: str) -> list[float]:
    """Comma-separated finite numbers (``1,0,1``) from text; ValueError saying which
    item is wrong and why."""
    items = [item.strip() for item in str(text).split(",")]
    if not any(items):
        raise ValueError("expected a comma-separated list of numbers, e.g. 1,0,1")
    numbers = []
    for position, item in enumerate(items, start=1):
        if not item:
            raise ValueError(f"item {position} is empty (expected a number)")
        try:
            numbers.append(parse_number(item))
        except ValueError as error:
            raise ValueError(f"item {position}: {error}") from None
    return numbers
