"""Parameter types and the options every worked command shares, defined once.

Nothing here imports NumPy: ``--help`` and argument errors stay instant.
"""

import math
import os

import click

from nnexplain.render import DEFAULT_PRECISION, FORMATS
from nnexplain.render.table_file import TABLE_FORMATS, TABLE_WIDTH

FIGURE_FORMATS = ("png", "svg", "pdf")
SAVE_TABLE = "--save-table"
# ctx.meta keys: the table file asked for, and every output file named so far.
TABLE_META = "nnexplain.save_table"
OUTPUT_FILES = "nnexplain.output_files"
# matplotlib's autoscaling and tick placement overflow float64 for data near
# 1e308; a figure reaching further than this from 0 is refused (tables have no
# such limit), and would show nothing a learner could read anyway.
PLOT_LIMIT = 1e300


def parse_number(text: str) -> float:
    """A finite float from text, or ValueError saying what is wrong."""
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


class Number(click.ParamType):
    """A finite real number."""

    name = "number"

    def convert(self, value, param, ctx):
        if isinstance(value, float):
            return value
        try:
            return parse_number(value)
        except ValueError as error:
            self.fail(str(error), param, ctx)


class NumberList(click.ParamType):
    """Comma-separated finite numbers, e.g. ``1,0,1``."""

    name = "list"

    def convert(self, value, param, ctx):
        if isinstance(value, list):
            return value
        items = [item.strip() for item in str(value).split(",")]
        if not any(items):
            self.fail("expected a comma-separated list of numbers, e.g. 1,0,1", param, ctx)
        numbers = []
        for position, item in enumerate(items, start=1):
            if not item:
                self.fail(f"item {position} is empty (expected a number)", param, ctx)
            try:
                numbers.append(parse_number(item))
            except ValueError as error:
                self.fail(f"item {position}: {error}", param, ctx)
        return numbers


class FigurePath(click.ParamType):
    """A file to write a figure to: .png, .svg or .pdf, in a folder that exists and
    can be written. Checked before any work is done."""

    name = "file"
    formats = FIGURE_FORMATS
    kind = "figure"

    def convert(self, value, param, ctx):
        path = os.fspath(value)
        extension = os.path.splitext(path)[1].lower().lstrip(".")
        if extension not in self.formats:
            self.fail(
                f"{path!r} has no known {self.kind} extension; use one of "
                + ", ".join(f".{e}" for e in self.formats),
                param,
                ctx,
            )
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            self.fail(f"the folder {folder!r} does not exist", param, ctx)
        if not os.access(folder, os.W_OK | os.X_OK):
            self.fail(f"the folder {folder!r} cannot be written", param, ctx)
        if os.path.isdir(path):
            self.fail(f"{path!r} is a folder, not a file", param, ctx)
        self._claim(path, param, ctx)
        return path

    def _claim(self, path, param, ctx):
        # A figure and the saved table must not overwrite each other; whichever
        # option click reads second sees the first in ctx.meta.
        if ctx is None or param is None:
            return
        claimed = ctx.meta.setdefault(OUTPUT_FILES, {})
        key = os.path.abspath(path)
        other = claimed.get(key)
        mine = param.opts[0]
        if other is not None and SAVE_TABLE in (other, mine) and other != mine:
            self.fail(f"names the same file as {other} ({path}); give two files.", param, ctx)
        claimed[key] = mine


class TablePath(FigurePath):
    """A file to save the text view to: .svg, .html or .txt (a FigurePath, so a
    lesson refuses it like any other file option)."""

    formats = TABLE_FORMATS
    kind = "table"


NUMBER = Number()
NUMBER_LIST = NumberList()
FIGURE_PATH = FigurePath()
TABLE_PATH = TablePath()

LOSS_CHOICE = click.Choice(("log", "squared"))


def _remember_table(ctx, param, value):
    # Not passed to the command (expose_value=False): nnexplain.cli.output.show
    # finds it here, so no command's signature names it.
    if value is not None:
        ctx.meta[TABLE_META] = value
    return value


def output_options(command):
    """``--format``, ``--precision`` and ``--save-table``, shared by every worked command."""
    command = click.option(
        SAVE_TABLE,
        type=TABLE_PATH,
        default=None,
        metavar="FILE",
        expose_value=False,
        callback=_remember_table,
        help=f"Also save the text view, {TABLE_WIDTH} columns wide, to FILE (.svg or .html "
        "keep its bold and dim; .txt is plain), whatever --format prints.",
    )(command)
    command = click.option(
        "--precision",
        type=click.IntRange(1, 15),
        default=DEFAULT_PRECISION,
        show_default=True,
        help="Digits shown after the decimal point (significant digits below 1).",
    )(command)
    command = click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="text",
        show_default=True,
        help="text: tables for the terminal; json: every number at full precision; "
        "markdown: for notes; latex: an align* block for slides.",
    )(command)
    return command


def plot_option(command):
    """``--plot FILE``: also save a figure (.png, .svg or .pdf by extension), in the
    ``--style`` asked for."""
    command = style_option(command)
    return click.option(
        "--plot",
        "plot_path",
        type=FIGURE_PATH,
        default=None,
        metavar="FILE",
        help="Also draw a figure and save it to FILE (.png, .svg or .pdf).",
    )(command)


def _use_style(ctx, param, value):
    # The style holds while the command runs (click closes the resource with the
    # context); plot code reads it from nnexplain.figure_settings.
    if value is not None:
        from nnexplain.figure_settings import figure_settings

        ctx.with_resource(figure_settings(style=value))
    return value


def style_option(command):
    """``--style light|dark|slides``: the look of the figures the command saves."""
    from nnexplain.figure_settings import STYLES

    return click.option(
        "--style",
        type=click.Choice(STYLES),
        default=None,
        expose_value=False,
        callback=_use_style,
        help="The figure's look: light (the default; documents), dark (dark slides) or slides "
        "(a 16:9 canvas, large type, thick lines).",
    )(command)


def _reject_nan(ctx, param, value):
    # click's FloatRange lets nan through (every comparison with nan is false).
    if value is not None and math.isnan(value):
        raise click.BadParameter("nan is not a number in the range 0<x<0.5.", ctx, param)
    return value


def eps_option(command):
    """``--eps``: clip ŷ to [eps, 1 − eps] before the log loss, as frameworks do."""
    return click.option(
        "--eps",
        type=click.FloatRange(0, 0.5, min_open=True, max_open=True),
        default=None,
        callback=_reject_nan,
        help="Clip ŷ to [eps, 1 − eps] before taking logs, as frameworks do "
        "(Keras uses 1e-7). Log loss only; 0 < eps < 0.5.",
    )(command)


# The activations a learner can name (the core's registry; a test keeps them equal).
ACTIVATION_NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "identity")
ACTIVATION = click.Choice(ACTIVATION_NAMES)

# A range or list of z values longer than this is refused: no table or figure a
# learner reads needs more points.
MAX_POINTS = 10_000


class ValuesOrRange(click.ParamType):
    """Comma-separated numbers (``-2,0,2``) or an evenly spaced range
    ``START:STOP:COUNT`` (``-3:3:7`` is −3, −2, …, 3), at most MAX_POINTS values.

    Converts to a ``PointList``: a list of floats that remembers whether the
    learner typed each number (a list, shown exactly) or the tool spaced them (a
    range, formatted like any computed number).
    """

    name = "list|range"

    def convert(self, value, param, ctx):
        if isinstance(value, PointList):
            return value
        text = str(value).strip()
        if ":" not in text:
            numbers = NUMBER_LIST.convert(text, param, ctx)
            if len(numbers) > MAX_POINTS:
                self.fail(f"has {len(numbers):,} values; at most {MAX_POINTS:,} are allowed", param, ctx)
            return PointList(numbers, typed=True)
        parts = text.split(":")
        if len(parts) != 3:
            self.fail(f"{text!r} is not a range; write START:STOP:COUNT, e.g. -3:3:7", param, ctx)
        try:
            start, stop = parse_number(parts[0]), parse_number(parts[1])
        except ValueError as error:
            self.fail(f"in the range {text!r}: {error} (write START:STOP:COUNT, e.g. -3:3:7)", param, ctx)
        count_text = parts[2].strip()
        if not count_text.isascii() or not count_text.isdigit():
            self.fail(f"in the range {text!r}: COUNT {count_text!r} must be a whole number of points, e.g. 7", param, ctx)
        count = int(count_text)
        if count < 2:
            self.fail(f"the range {text!r} has {count} point{'s' if count != 1 else ''}; COUNT must be at least 2 (for a single z, give the number itself)", param, ctx)
        if count > MAX_POINTS:
            self.fail(f"the range {text!r} asks for {count:,} points; at most {MAX_POINTS:,} are allowed", param, ctx)
        if not start < stop:
            self.fail(f"in the range {text!r}, START must be less than STOP", param, ctx)
        if not math.isfinite(stop - start):
            self.fail(f"the range {text!r} is wider than float64 can hold; keep STOP − START below about 1e308", param, ctx)
        step = (stop - start) / (count - 1)
        # The same numbers np.linspace gives, without importing NumPy here.
        points = [start + i * step for i in range(count - 1)] + [stop]
        return PointList(points, typed=False)


class PointList(list):
    """A list of floats, marked as typed by the learner or spaced by the tool."""

    def __init__(self, values, typed: bool):
        super().__init__(values)
        self.typed = typed


VALUES_OR_RANGE = ValuesOrRange()


def _check_slope(ctx, param, value):
    if not 0.0 <= value < 1.0:
        raise click.BadParameter(
            f"{value:g} is not in [0, 1): leaky ReLU's slope is small and non-negative "
            "(0.01 is usual; 0 gives plain ReLU, 1 would be no activation at all).",
            ctx,
            param,
        )
    return value


def slope_option(command):
    """``--slope``: leaky ReLU's slope α for z ≤ 0."""
    return click.option(
        "--slope",
        type=NUMBER,
        default=0.01,
        show_default=True,
        callback=_check_slope,
        help="Leaky ReLU's slope α for z ≤ 0 (leaky_relu only); 0 ≤ α < 1.",
    )(command)


def output_folder(path, option: str):
    """A folder to write into (a ``pathlib.Path``): created if missing, parents too; a
    file, a folder that cannot be created and a read-only folder are refused with
    one Error line naming ``option``."""
    if path.exists() and not path.is_dir():
        raise click.BadParameter(f"{str(path)!r} is a file, not a folder", param_hint=f"'{option}'")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise click.BadParameter(f"cannot create the folder {str(path)!r}: {error.strerror or error}",
                                 param_hint=f"'{option}'") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise click.BadParameter(f"the folder {str(path)!r} cannot be written", param_hint=f"'{option}'")
    return path
