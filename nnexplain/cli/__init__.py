"""The ``nnexplain`` command line: thin click commands over explain and render.

Importing this module loads click only. A command's module is imported only when
that command runs, and each command imports NumPy, the views and matplotlib inside
its body, so ``--help`` is instant and adding commands does not slow the others
down. The group's help lists the commands from the registry below, with the short
help written there, so it imports no command module at all.
"""

import contextlib
import importlib
import os
import sys

import click

from nnexplain import __version__


class Lazy(str):
    """Where a command lives, ``"module:attribute"`` (the string itself), and the
    one line the group's help shows for it (``short_help``). The short help is kept
    here, not taken from the command's docstring, so that listing the commands needs
    no import; it is also the command's ``short_help`` once it is loaded (one source).
    Each fits the help of an 80-column terminal on one line (tests/test_cli_group.py).
    """

    short_help: str

    def __new__(cls, target: str, short_help: str):
        entry = super().__new__(cls, target)
        entry.short_help = short_help
        return entry


# Command name -> where it lives and its short help; imported on first use.
COMMANDS = {
    "loss": Lazy("nnexplain.cli.loss:loss",
                 "Work out the loss of one prediction, step by step."),
    "cost": Lazy("nnexplain.cli.cost:cost",
                 "Work out the cost: the average loss over all m examples."),
    "activation": Lazy("nnexplain.cli.activation:activation",
                       "Work out an activation function and its slope at each z."),
    "compare": Lazy("nnexplain.cli.activation:compare",
                    "Compare activations side by side, and when to use which."),
    "bias": Lazy("nnexplain.cli.neuron:bias",
                 "Show how the bias b shifts the curve f(w·x + b)."),
    "neuron": Lazy("nnexplain.cli.neuron:neuron",
                   "Work out one neuron's output, a = f(Σ xᵢ·wᵢ + b)."),
    "softmax": Lazy("nnexplain.cli.softmax:softmax",
                    "Turn scores into probabilities that sum to 1."),
    "forward": Lazy("nnexplain.cli.network:forward",
                    "Work out a network's output, neuron by neuron."),
    "backprop": Lazy("nnexplain.cli.network:backprop",
                     "Backpropagation: every gradient, by the chain rule."),
    "train": Lazy("nnexplain.cli.train:train",
                  "Train a neuron or a small network by gradient descent."),
    "crossentropy": Lazy("nnexplain.cli.crossentropy:crossentropy",
                         "Softmax with cross-entropy, worked, and its gradient."),
    "optimize": Lazy("nnexplain.cli.optimize:optimize",
                     "Compare optimisers step by step: momentum, RMSprop, Adam."),
    "approximate": Lazy("nnexplain.cli.approximate:approximate",
                        "Build a ReLU network that traces a given function."),
    "linear-collapse": Lazy("nnexplain.cli.collapse:linear_collapse",
                            "Why two linear layers are one, and XOR needs a ReLU."),
    "explore": Lazy("nnexplain.cli.explore:explore",
                    "Move a value in the terminal and watch it all change."),
    "lesson": Lazy("nnexplain.cli.lesson:lesson",
                   "Self-study lessons: live examples, checked questions."),
    "practice": Lazy("nnexplain.cli.practice:practice",
                     "Drill a skill with fresh numbers, each answer checked."),
    "worksheet": Lazy("nnexplain.cli.worksheet:worksheet",
                      "Write problem sheets and answer keys for a class."),
    "figures": Lazy("nnexplain.cli.deck:figures",
                    "Draw every figure nnexplain can make, for slides."),
}


class _GroupContext(click.Context):
    """The group's context: its help is laid out without importing shutil (with
    zlib, bz2 and lzma behind it, ~2 ms of the ~40 ms ``--help`` may take), by
    reading the terminal's width exactly as ``shutil.get_terminal_size`` does.
    Commands' own contexts are click's, unchanged."""

    def make_formatter(self):
        if self.terminal_width is not None or click.formatting.FORCED_WIDTH is not None:
            return super().make_formatter()
        limit = self.max_content_width or 80
        width = max(min(terminal_columns(), limit) - 2, 50)  # as click.HelpFormatter
        return self.formatter_class(width=width, max_width=self.max_content_width)


def terminal_columns() -> int:
    """``shutil.get_terminal_size().columns`` without importing shutil: $COLUMNS if it
    is a positive integer, else the width of the terminal on the original standard
    output, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


class LazyGroup(click.Group):
    """A group that imports a command's module only when the command is wanted.

    With no arguments it prints its help to standard output and exits 0 (so
    ``nnexplain | less`` shows it); an unknown command names the closest one.
    """

    context_class = _GroupContext

    def __init__(self, *args, lazy_commands=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx, name):
        if name not in self.commands and name in self.lazy_commands:
            entry = self.lazy_commands[name]
            module_name, attribute = entry.split(":")
            module = importlib.import_module(module_name)
            from nnexplain.cli.doors import translating

            command = translating(getattr(module, attribute))
            short_help = getattr(entry, "short_help", None)
            if short_help:
                command.short_help = short_help
            self.add_command(command, name)
        return super().get_command(ctx, name)

    def format_commands(self, ctx, formatter):
        """The command list, with each lazy command's short help from the registry:
        the group's help imports no command module."""
        rows = []
        for name in self.list_commands(ctx):
            short_help = getattr(self.lazy_commands.get(name), "short_help", None)
            if short_help is None:
                command = self.get_command(ctx, name)
                if command is None or command.hidden:
                    continue
                short_help = command  # its own short help, cut to fit below
            rows.append((name, short_help))
        if not rows:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in rows)
        rows = [(name, text if isinstance(text, str) else text.get_short_help_str(limit))
                for name, text in rows]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def parse_args(self, ctx, args):
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            click.echo(ctx.get_help(), color=ctx.color)
            ctx.exit(0)
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except click.NoSuchOption:  # an option where the command should be
            raise
        except click.UsageError:
            if ctx.resilient_parsing:
                raise
            name = click.utils.make_str(args[0])
            raise click.UsageError(no_such_command(name, self.list_commands(ctx)), ctx) from None

    # Every "Error: ..." line click prints comes from a ClickException raised while
    # the arguments are parsed (make_context) or a command runs (invoke). Its message
    # may quote a file's name or content: it reaches the terminal without control
    # characters, so no file can retitle the window or clear the screen.
    def make_context(self, *args, **kwargs):
        with _clean_error_messages():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx):
        with _clean_error_messages():
            return super().invoke(ctx)


def no_such_command(name: str, names) -> str:
    """The error for an unknown command, naming the closest known one if any is close
    (``difflib.get_close_matches``, case ignored): "No such command 'los'. Did you
    mean 'loss'?"."""
    import difflib

    message = f"No such command {name!r}."
    closest = difflib.get_close_matches(name.lower(), list(names), n=1)
    return f"{message} Did you mean {closest[0]!r}?" if closest else message


@contextlib.contextmanager
def _clean_error_messages():
    try:
        yield
    except click.ClickException as error:
        from nnexplain.safe_text import strip_controls

        error.message = strip_controls(error.message)
        raise


@click.group(cls=LazyGroup, lazy_commands=COMMANDS, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="nnexplain")
def cli():
    """Worked, step-by-step explanations of neural-network arithmetic.

    Every number shown is computed, with the formula, the formula with your
    numbers in, and each intermediate step.

    \b
    Example:
      nnexplain loss --y 1 --yhat 0.1
    """


def main() -> None:
    """Console-script entry point: run the CLI, never show a traceback.

    The standard streams are guarded first: a closed or
    full standard output, or a closed standard input that a command reads, ends in
    one "Error:" line and status 1 instead of an internal error or a silent exit 0;
    a reader that goes away (``| head``) ends the run quietly with status 1; and a
    terminal whose encoding cannot show the text gets an ASCII rendering.
    """
    stdout = _guard_streams()
    try:
        status = _run()
        stdout.flush()  # a full disk shows itself here, when the last output is written
    except StreamError:
        status = 1
    except BrokenPipeError:
        status = 1
    if stdout.failure is not None:
        status = _report(stdout.failure)
        stdout.reported = True
    if stdout.broken:
        _silence(1)
        status = status or 1
    sys.exit(status)


def _run() -> int:
    """Run the command line; return its exit status."""
    from nnexplain.safe_text import strip_controls

    try:
        cli.main(prog_name="nnexplain")
    except SystemExit as done:
        code = done.code
        if code is None:
            return 0
        return code if isinstance(code, int) else 1
    except (StreamError, BrokenPipeError):
        raise
    except Exception as error:  # a bug, not a user mistake: say so in one line
        if os.environ.get("NNEXPLAIN_DEBUG"):
            raise
        click.echo(
            strip_controls(
                f"Error: internal error ({type(error).__name__}: {error}). This is a bug in "
                "nnexplain; set NNEXPLAIN_DEBUG=1 to see the traceback and please report it."
            ),
            err=True,
        )
        return 70
    return 0


# --- The standard streams ---------------------------------------------------------


class StreamError(Exception):
    """A standard stream cannot be used: closed, or the disk behind it is full."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"cannot {'read' if name == 'input' else 'write to'} standard {name}: {reason}")
        self.name = name


class _Output:
    """sys.stdout or sys.stderr as the commands see it: writes go to the real stream
    (``None`` when the file descriptor was closed); a failure becomes a StreamError
    for standard output and is ignored for standard error (there is nowhere left to
    say it). A broken pipe stays a BrokenPipeError, which click and main() end
    quietly. No ``buffer`` attribute: click would otherwise write around the
    encoding fallback."""

    def __init__(self, stream, name: str):
        self._stream = stream
        self._name = name
        self.broken = False
        # The first failure, until main() has reported it: every later write raises
        # it again, so a caller that swallows one exception (click probes a stream
        # with a test write) cannot turn it into a silent exit 0.
        self.failure: StreamError | None = None
        self.reported = False

    def _fail(self, error: OSError):
        self.broken = True
        if self._name == "error":
            return None
        if isinstance(error, BrokenPipeError):
            raise error
        self._stream = None
        self.failure = StreamError(self._name, f"{error.strerror or error}")
        raise self.failure from None

    def _call(self, method, *args):
        if self._stream is None:
            if self._name == "error" or self.reported:
                return None
            self.broken = True
            self.failure = self.failure or StreamError(self._name, "it is closed")
            raise self.failure
        try:
            return getattr(self._stream, method)(*args)
        except OSError as error:
            return self._fail(error)

    def write(self, text):
        if isinstance(text, (bytes, bytearray)):
            # click writes bytes where it finds no binary stream (shell completion
            # does): they are UTF-8 text, written through the same checks.
            text = bytes(text).decode("utf-8", "replace")
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        result = self._call("write", text)
        return len(text) if result is None else result

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        if self._stream is not None:
            self._call("flush")

    def isatty(self):
        return self._stream is not None and self._stream.isatty()

    def fileno(self):
        if self._stream is None:
            raise OSError(9, "standard stream is closed")
        return self._stream.fileno()

    def writable(self):
        return True

    def readable(self):
        return False

    @property
    def closed(self):
        return False

    @property
    def encoding(self):
        return getattr(self._stream, "encoding", None) or "utf-8"

    @property
    def errors(self):
        return getattr(self._stream, "errors", None) or "strict"

    def __getattr__(self, name):
        if name == "buffer" or name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._stream, name)


class _ClosedInput:
    """sys.stdin when its file descriptor was closed: not a terminal, and reading it
    is a clean error rather than an AttributeError on None."""

    encoding = "utf-8"
    errors = "strict"
    closed = False

    def isatty(self):
        return False

    def readable(self):
        return True

    def fileno(self):
        raise OSError(9, "standard input is closed")

    def _closed(self, *args):
        raise StreamError("input", "it is closed")

    read = readline = readlines = __next__ = _closed

    def __iter__(self):
        return self


def _guard_streams() -> _Output:
    """Install the guarded streams; return the guarded standard output."""
    from nnexplain.render import ascii

    ascii.register()
    for fd in (0, 1, 2):
        _occupy_if_closed(fd)
    if sys.stdin is None:
        sys.stdin = _ClosedInput()
    guarded = []
    for attr, name in (("stdout", "output"), ("stderr", "error")):
        stream = getattr(sys, attr)
        if stream is not None and not _shows_unicode(stream):
            try:
                stream.reconfigure(errors=ascii.ERRORS)
            except (AttributeError, ValueError, OSError):
                pass
        wrapper = _Output(stream, name)
        setattr(sys, attr, wrapper)
        guarded.append(wrapper)
    return guarded[0]


def _shows_unicode(stream) -> bool:
    """Whether ``stream``'s encoding is a UTF codec (it can show every character)."""
    import codecs

    try:
        return codecs.lookup(stream.encoding or "ascii").name.startswith("utf")
    except (LookupError, TypeError):
        return False


def _occupy_if_closed(fd: int) -> None:
    """A closed standard descriptor gets /dev/null, so no file the tool opens later
    takes its number (and output meant for the terminal cannot land in it)."""
    try:
        os.fstat(fd)
    except OSError:
        try:
            null = os.open(os.devnull, os.O_RDWR)
        except OSError:
            return
        if null != fd:
            os.dup2(null, fd)
            os.close(null)


def _report(error: StreamError) -> int:
    """One Error line on standard error (if it is there) for a stream that failed."""
    try:
        sys.stderr.write(f"Error: {error}.\n")
        sys.stderr.flush()
    except Exception:  # nowhere left to say it: the status tells
        pass
    return 1


def _silence(fd: int) -> None:
    """Point ``fd`` at /dev/null, so output still buffered for a stream that failed
    is not written again (and reported as an ignored exception) when Python exits."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
    except OSError:
        pass
