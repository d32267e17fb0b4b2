"""Numbers written into figure text, one way for every figure.

Inside mathtext (``$…$``) matplotlib wants an ASCII hyphen for minus and draws it as a
proper minus sign; the tables' U+2212 would be drawn from the text font instead and
look different from the axis ticks. Outside ``$…$`` the U+2212 is kept.
"""

from nnexplain.render.numbers import MINUS, format_exact, format_number


def math_number(value: float, precision: int = 4) -> str:
    """A computed number for mathtext, rounded as the tables round it."""
    return format_number(value, precision).replace(MINUS, "-")


def math_exact(value: float) -> str:
    """A number the learner typed, for mathtext: shown exactly, never rounded."""
    return format_exact(value).replace(MINUS, "-")
