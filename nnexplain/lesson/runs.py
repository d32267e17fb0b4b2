"""A lesson's ``run`` lines: checked, then run in-process by nnexplain's own click group.

A run line is data, e.g. ``"loss --y 1 --yhat 0.1"``. It is split with ``shlex``
(no shell is involved), must name one of the worked commands, and may not use an
option that reads or writes a file or picks the view: the engine chooses the view
(text to show, json to read an answer, markdown to export) and adds ``--plot``
itself for figure steps. The command then parses its own options exactly as on the
command line, so every lesson gets the command's validation for free.
"""

import contextlib
import functools
import io
import json
import shlex

import click

from nnexplain.reading import excerpt

# The commands a lesson may run: the worked examples. Not `lesson` itself.
ALLOWED = (
    "loss", "cost", "activation", "compare", "bias", "neuron", "softmax", "crossentropy",
    "forward", "backprop", "train", "optimize", "approximate", "linear-collapse",
)  # fmt: skip
# Options the engine owns, or that touch files, with the reason a lesson may not give them.
REFUSED = {
    "--format": "the lesson picks the view itself (text to show, json to check answers, markdown to export)",
    "--plot": "figure steps save the plot themselves; use kind = \"figure\"",
    "--landscape": "a lesson may not write files; use kind = \"figure\" for plots",
    "--data": "a lesson may not read files; give the numbers in the command line",
    "--weights": "a lesson may not read files; give the numbers in the command line",
    "--help": "a lesson shows worked examples, not help text",
    "-h": "a lesson shows worked examples, not help text",
    "--version": "a lesson shows worked examples, not the version",
    "-V": "a lesson shows worked examples, not the version",
}
# A run line is one command, never a shell line: these would mean something to a
# shell, so they are refused rather than passed on as odd arguments.
SHELL_CHARACTERS = ";|&`$<>\n\r"


class RunError(Exception):
    """A run line that is not allowed, or a command that failed; the message says why."""


def command_line(argv) -> str:
    """The command a learner can type to see the same thing."""
    return "nnexplain " + shlex.join(argv)


def _quoted(argv) -> str:
    """The command line for a message: in full when short, else its start."""
    line = command_line(argv)
    return line if len(line) <= 200 else line[:200] + f"… ({len(line):,} characters)"


def parse_run(text: str) -> tuple[str, ...]:
    """The argument list of a run line, or RunError saying why it is refused."""
    bad = sorted({c for c in text if c in SHELL_CHARACTERS})
    if bad:
        shown = ", ".join(repr(c) for c in bad)
        raise RunError(f"{excerpt(text)} contains {shown}: a run line is one nnexplain command, not a shell line")
    try:
        argv = tuple(shlex.split(text))
    except ValueError as error:
        raise RunError(f"cannot split {excerpt(text)} into arguments: {error}") from None
    if not argv:
        raise RunError("is empty; write a command such as \"loss --y 1 --yhat 0.1\"")
    if argv[0] == "nnexplain":
        raise RunError(f"{excerpt(text)}: leave out the leading 'nnexplain' (write {excerpt(shlex.join(argv[1:]))})")
    if argv[0] not in ALLOWED:
        raise RunError(f"{excerpt(argv[0])} cannot be run from a lesson; the commands allowed are: {', '.join(ALLOWED)}")
    command = _command(argv[0])
    for token in argv[1:]:
        option = token.split("=", 1)[0]
        if option in REFUSED:
            raise RunError(f"{option} is not allowed in a run line: {REFUSED[option]}")
        if option.startswith("-") and _takes_file(command, option):
            raise RunError(f"{option} is not allowed in a run line: a lesson may not read or write files")
    return argv


def has_plot(name: str, option: str = "--plot") -> bool:
    """Whether the command can draw a figure with ``option`` (--plot, --landscape)."""
    return any(option in param.opts for param in _command(name).params)


def show(argv) -> None:
    """Run the command and let it print its normal text output."""
    _invoke(argv)


def markdown(argv) -> str:
    """The command's output as Markdown."""
    return capture([*argv, "--format", "markdown"])[0]


def document(argv) -> dict:
    """The command's JSON document (every number at full precision)."""
    return json.loads(_json_text(tuple(argv)))


@functools.lru_cache(maxsize=128)
def _json_text(argv: tuple[str, ...]) -> str:
    # Several questions often read the same run; the tool is deterministic.
    return capture([*argv, "--format", "json"])[0]


def draw(argv, path: str, option: str = "--plot") -> None:
    """Run the command with ``option path`` (--plot, --landscape), keeping its table
    and messages to itself."""
    _, errors = capture([*argv, option, path])
    for line in errors.splitlines():  # anything but the usual note is passed on
        if line.strip() and not line.startswith("Figure saved to"):
            click.echo(line, err=True)


def show_figure(argv, option: str = "--plot") -> None:
    """Run the command with ``--show`` and draw the figure ``option`` names (--plot,
    --landscape, --diagram) in the terminal, sized and coloured for it; the command's
    table and messages are kept to itself."""
    import sys

    from nnexplain.cli.figures import FIGURE_STREAM, SHOW_ONLY

    meta = {FIGURE_STREAM: sys.stdout, SHOW_ONLY: option}
    _, errors = capture([*argv, "--show"], meta)
    for line in errors.splitlines():
        if line.strip():
            click.echo(line, err=True)


def capture(argv, meta=None) -> tuple[str, str]:
    """Run the command in-process; return what it wrote to stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        _invoke(argv, meta)
    return out.getvalue(), err.getvalue()


def _invoke(argv, meta=None) -> None:
    from nnexplain.cli import cli

    try:
        with cli.make_context("nnexplain", list(argv)) as context:
            context.meta.update(meta or {})
            cli.invoke(context)
    except click.exceptions.Exit as done:
        if done.exit_code:
            raise RunError(f"{_quoted(argv)} stopped with status {done.exit_code}") from None
    except click.ClickException as error:
        raise RunError(f"{_quoted(argv)} failed: {error.format_message()}") from None
    except click.Abort:
        raise RunError(f"{_quoted(argv)} was aborted") from None


def _command(name: str) -> click.Command:
    from nnexplain.cli import cli

    try:
        command = cli.get_command(click.Context(cli), name)
    except ImportError as error:
        raise RunError(f"the command {name!r} is not available in this nnexplain ({error})") from None
    if command is None:
        raise RunError(f"the command {name!r} is not available in this nnexplain")
    return command


def _takes_file(command: click.Command, option: str) -> bool:
    """Whether ``option`` of ``command`` names a file or folder (generic, so a new
    file option on an allowed command is refused without a change here)."""
    from nnexplain.cli.options import FigurePath

    for param in command.params:
        if option in param.opts or option in param.secondary_opts:
            return isinstance(param.type, (click.Path, click.File, FigurePath))
    return False
