"""The console that prints to standard output.

On a terminal it is rich's own. Anywhere else (a pipe, a file, a test runner) rich
still pads every line to the width with spaces; here those trailing spaces are
dropped as each line is written, so `nnexplain … > out.txt` and `| diff` see only
what a learner reads. A line still open when rich flushes (a prompt) is written as
it is.
"""

from rich.console import Console


class _TrimmedLines:
    """A text stream that writes each finished line without its trailing spaces."""

    def __init__(self, stream):
        self._stream = stream
        self._pending = ""

    def write(self, text: str) -> int:
        *lines, self._pending = (self._pending + text).split("\n")
        if lines:
            self._stream.write("".join(line.rstrip(" ") + "\n" for line in lines))
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self._stream.write(self._pending)
            self._pending = ""
        self._stream.flush()

    def __getattr__(self, name):  # encoding, isatty, fileno … as the stream has them
        return getattr(self._stream, name)


def stdout_console(**options) -> Console:
    """A rich Console on standard output; off a terminal, lines lose trailing spaces."""
    console = Console(**options)
    if not console.is_terminal:
        console.file = _TrimmedLines(console.file)
    return console
