"""Parameter types and the options every worked command shares, defined once.

Nothing here imports NumPy: ``--help`` and argument errors stay instant.
"""

import math
import os

import click

from nnexplain.inputs import shown
from nnexplain.inputs.numbers import parse_number_list, check_length, parse_number
from nnexplain.render import DEFAULT_PRECISION, FORMATS
from nnexplain.render.table_file import TABLE_FORMATS, TABLE_WIDTH

FIGURE_FORMATS = ("png", "svg", "pdf")
SAVE_TABLE = "--save-table"
# ctx.meta keys: the table file asked for, and every output file named so far
# ({option: path}).
TABLE_META = "nnexplain.save_table"
OUTPUT_FILES = "nnexplain.output_files"


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


class _BoundedText:
    """Mixed into click's integer types: the text is bounded before conversion, so a
    5,000-digit number gets one short Error line naming the option, not Python's
    4,300-digit internal error nor a message quoting every digit."""

    def convert(self, value, param, ctx):
        if isinstance(value, str):
            try:
                check_length(value)
            except ValueError as error:
                self.fail(str(error), param, ctx)
        return super().convert(value, param, ctx)


class Integer(_BoundedText, click.types.IntParamType):
    """A whole number (click's ``int``, its text bounded)."""


class IntegerRange(_BoundedText, click.IntRange):
    """A whole number in a range (click.IntRange, its text bounded)."""


INTEGER = Integer()


class NumberList(click.ParamType):
    """Comma-separated finite numbers, e.g. ``1,0,1``."""

    name = "list"

    def convert(self, value, param, ctx):
        if isinstance(value, list):
            return value
        try:
            return parse_number_list(value)
        except ValueError as error:
            self.fail(str(error), param, ctx)


class FigurePath(click.ParamType):
    """A file to write a figure to: .png, .svg or .pdf, in a folder that exists and
    can be written, with a name the folder can hold, and not a file the command
    reads nor one another option writes. Checked before any work is done."""

    name = "file"
    formats = FIGURE_FORMATS
    kind = "figure"

    def convert(self, value, param, ctx):
        path = os.fspath(value)
        extension = os.path.splitext(path)[1].lower().lstrip(".")
        if extension not in self.formats:
            self.fail(
                f"{shown(path)} has no known {self.kind} extension; use one of "
                + ", ".join(f".{e}" for e in self.formats),
                param,
                ctx,
            )
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            self.fail(f"the folder {shown(folder)} does not exist", param, ctx)
        if not os.access(folder, os.W_OK | os.X_OK):
            self.fail(f"the folder {shown(folder)} cannot be written", param, ctx)
        size, limit = len(os.fsencode(os.path.basename(path))), _name_limit(folder)
        if size > limit:
            self.fail(f"the file name {shown(os.path.basename(path))} is {size:,} bytes long; "
                      f"a file name in {shown(folder)} can have at most {limit}", param, ctx)
        if os.path.isdir(path):
            self.fail(f"{shown(path)} is a folder, not a file", param, ctx)
        self._claim(path, param, ctx)
        return path

    def _claim(self, path, param, ctx):
        # No two options may name the same file, and no output may name a file the
        # command reads: whichever option click reads second sees the first, here
        # (the outputs named so far, in ctx.meta) or in InputPath (ctx.params).
        if ctx is None or param is None:
            return
        claimed = ctx.meta.setdefault(OUTPUT_FILES, {})
        mine = param.opts[0]
        for other, other_path in claimed.items():
            if other != mine and same_file(path, other_path):
                self.fail(f"names the same file as {other} ({shown(path)}); give two files.", param, ctx)
        check_not_an_input(ctx, mine, path)
        claimed[mine] = path


def _name_limit(folder) -> int:
    """The longest file name, in bytes, ``folder``'s file system allows (255 where it
    cannot say)."""
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return 255


def same_file(a, b) -> bool:
    """Whether two paths name one file: the same inode when both exist (so a hard
    link or a symlink counts), else the same resolved path."""
    try:
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.realpath(a) == os.path.realpath(b)


def _reads_file(param) -> bool:
    return isinstance(param.type, InputPath) or (isinstance(param.type, click.Path) and not param.type.dir_okay)


def check_not_an_input(ctx, option: str, path) -> None:
    """BadParameter naming ``option`` if ``path`` is a file the command reads (every
    file-reading option already parsed: --data, --weights …). Called when an output
    option is parsed, and again by the writers themselves (cli.output.show,
    cli.figures.save), so an input parsed after its output is caught before
    anything is written too."""
    if ctx is None:
        return
    for param in ctx.command.params:
        value = ctx.params.get(param.name)
        if value is None or not _reads_file(param) or option in param.opts:
            continue
        if same_file(path, os.fspath(value)):
            raise _replaces_input(ctx, option, path, param.opts[0])


def _replaces_input(ctx, output_option: str, path, input_option: str) -> click.BadParameter:
    """The refusal of an output that names the file an input option reads."""
    return click.BadParameter(
        f"{shown(os.fspath(path))} is the file {input_option} reads; choose another name "
        "(writing it would replace that file).",
        ctx=ctx,
        param_hint=f"'{output_option}'",
    )


class InputPath(click.Path):
    """A file a command reads (``--data``): a click.Path that also refuses to be a
    file an output option of the same command writes (see FigurePath._claim)."""

    def __init__(self, **kwargs):
        # No checks of click's own: the reader (nnexplain.reading) refuses folders,
        # special files and missing files with the tool's messages, when it reads.
        kwargs.setdefault("path_type", str)
        super().__init__(**kwargs)

    def get_metavar(self, *args, **kwargs):
        return "FILE"

    def convert(self, value, param, ctx):
        path = super().convert(value, param, ctx)
        if ctx is not None and param is not None:
            for other, output in ctx.meta.get(OUTPUT_FILES, {}).items():
                if same_file(output, os.fspath(path)):
                    raise _replaces_input(ctx, other, output, param.opts[0])
        return path


class TablePath(FigurePath):
    """A file to save the text view to: .svg, .html, .txt or .png (a FigurePath, so a
    lesson refuses it like any other file option)."""

    formats = TABLE_FORMATS
    kind = "table"


NUMBER = Number()
NUMBER_LIST = NumberList()
FIGURE_PATH = FigurePath()
TABLE_PATH = TablePath()
INPUT_PATH = InputPath()

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
        "keep its bold and dim; .txt is plain; .png is a picture for slides), whatever "
        "--format prints. .svg, .html and .png follow --style: light or dark, slide-sized.",
    )(command)
    command = click.option(
        "--precision",
        type=IntegerRange(1, 15),
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


def _use_editable_text(ctx, param, value):
    if value:
        from nnexplain.figure_settings import figure_settings

        ctx.with_resource(figure_settings(editable_text=True))
    return value


STYLE_HELP = ("The look: light (the default; documents), dark (the same on a dark background), "
              "slides (a 16:9 canvas, large type, thick lines) or slides-dark (the slides on a "
              "dark background). A --save-table file follows it too.")
EDITABLE_TEXT_HELP = ("SVG figures keep their text as text, in the style's font, to edit in "
                      "Inkscape or PowerPoint (otherwise drawn as outlines, the same on every "
                      "screen). PNG and PDF are unchanged.")


# ctx.meta key: --show was given (nnexplain.cli.figures draws in the terminal).
SHOW_META = "nnexplain.show"


def _remember_show(ctx, param, value):
    if value:
        ctx.meta[SHOW_META] = True
    return value


def style_option(command):
    """``--style light|dark|slides|slides-dark``: the look of the figures (and the
    saved table) the command saves; ``--editable-text`` for SVG figures; and
    ``--show``, which draws them in the terminal instead (every drawing command)."""
    from nnexplain.figure_settings import STYLES

    command = click.option(
        "--show",
        is_flag=True,
        expose_value=False,
        callback=_remember_show,
        help="Draw the figure in the terminal instead of a file: after the text view (on "
        "stderr with --format json, markdown or latex), sized to the terminal (80×24 off one), "
        "in colour on a terminal unless NO_COLOR is set, else in plain characters. With a "
        "file option too (--plot FILE), does both.",
    )(command)
    command = click.option(
        "--editable-text",
        is_flag=True,
        expose_value=False,
        callback=_use_editable_text,
        help=EDITABLE_TEXT_HELP,
    )(command)
    return click.option(
        "--style",
        type=click.Choice(STYLES),
        default=None,
        expose_value=False,
        callback=_use_style,
        help=STYLE_HELP,
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


# The activation names, the LIST|RANGE values, their limits and leaky ReLU's slope are
# rules the doors (nnexplain.api) share: they live in nnexplain.inputs.activations.
from nnexplain.inputs import InputError  # noqa: E402
from nnexplain.inputs.activations import (  # noqa: E402,F401 (names shared with the commands)
    ACTIVATION_NAMES,
    MAX_POINTS,
    PointList,
    check_point_count,
    check_slope,
    check_text_size,
    point_range,
)

ACTIVATION = click.Choice(ACTIVATION_NAMES)


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
        try:
            check_text_size(text, "")
            if ":" not in text:
                numbers = NUMBER_LIST.convert(text, param, ctx)
                check_point_count(numbers, "")
                return PointList(numbers, typed=True)
            return point_range(text, "")
        except InputError as error:
            self.fail(error.message, param, ctx)


VALUES_OR_RANGE = ValuesOrRange()


def _check_slope(ctx, param, value):
    try:
        return check_slope(value)
    except InputError as error:
        raise click.BadParameter(error.message, ctx, param) from None


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
    file, a folder that cannot be created (a name too long included) and a read-only
    folder are refused with one Error line naming ``option``."""
    hint = f"'{option}'"
    try:
        if path.exists() and not path.is_dir():
            raise click.BadParameter(f"{shown(str(path))} is a file, not a folder", param_hint=hint)
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise click.BadParameter(f"cannot create the folder {shown(str(path))}: {error.strerror or error}",
                                 param_hint=hint) from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise click.BadParameter(f"the folder {shown(str(path))} cannot be written", param_hint=hint)
    return path
