"""Checking what a learner gives, below every front end.

The command line, the Python API, the lesson engine and the figure deck all hand
their inputs to the same doors (``nnexplain.api``); the rules about inputs live here
and raise one error type, ``InputError``, whose text is what the command line prints
after ``Error:``. Nothing here imports click, NumPy or rich at import time.
"""


class InputError(ValueError):
    """An input that cannot be worked out, with the reason.

    ``message`` says what is wrong and what is allowed; ``hint`` names the option(s)
    at fault as the command line writes them (``'--y'``, ``'--x' / '--weights'``), or
    is None for a mistake about how options combine (a usage error). ``usage=False``
    marks inputs that are well formed but cannot be worked out (training that
    diverges): the command line exits with status 1 rather than 2. ``str(error)`` is
    the text the command line prints after ``Error:``.
    """

    def __init__(self, message: str, hint: str | None = None, usage: bool = True):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.usage = usage

    def __str__(self) -> str:
        if self.hint is None:
            return self.message
        return f"Invalid value for {self.hint}: {self.message}"


def option(name: str) -> str:
    """The hint for one option: ``'--y'``."""
    return f"'{name}'"


def typed_number(value) -> str:
    """A number as the learner would type it: 2 rather than 2.0, ASCII minus."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def shown(text, limit: int = 200) -> str:
    """``repr(text)``, or for a text longer than ``limit`` its start and end around
    "…" and its length, so an error message stays short."""
    text = str(text)
    if len(text) <= limit:
        return repr(text)
    tail = limit // 4
    return f"{text[:limit - tail]!r}…{text[-tail:]!r} ({len(text):,} characters)"
