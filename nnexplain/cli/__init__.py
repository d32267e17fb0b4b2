"""The ``nnexplain`` command line: thin click commands over explain and render.

Importing this module loads click only. A command's module is imported only when
that command runs (or when the group's help lists them all), and each command
imports NumPy, the views and matplotlib inside its body, so ``--help`` is instant
and adding commands does not slow the others down.
"""

import contextlib
import importlib
import os
import sys

import click

from nnexplain import __version__

# Command name -> "module:attribute", imported on first use.
COMMANDS = {
    "loss": "nnexplain.cli.loss:loss",
    "cost": "nnexplain.cli.cost:cost",
    "activation": "nnexplain.cli.activation:activation",
    "compare": "nnexplain.cli.activation:compare",
    "bias": "nnexplain.cli.neuron:bias",
    "neuron": "nnexplain.cli.neuron:neuron",
    "softmax": "nnexplain.cli.softmax:softmax",
    "forward": "nnexplain.cli.network:forward",
    "backprop": "nnexplain.cli.network:backprop",
    "train": "nnexplain.cli.train:train",
    "linear-collapse": "nnexplain.cli.collapse:linear_collapse",
    "lesson": "nnexplain.cli.lesson:lesson",
    "figures": "nnexplain.cli.deck:figures",
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when the command is wanted."""

    def __init__(self, *args, lazy_commands=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx, name):
        if name not in self.commands and name in self.lazy_commands:
            module_name, attribute = self.lazy_commands[name].split(":")
            module = importlib.import_module(module_name)
            from nnexplain.cli.doors import translating

            self.add_command(translating(getattr(module, attribute)), name)
        return super().get_command(ctx, name)

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
