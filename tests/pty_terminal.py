"""Driving nnexplain through a pseudo-terminal as a person does (lessons, practice)."""

import codecs
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

TIMEOUT = 10.0
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Terminal:
    """``nnexplain ARGS`` in a pseudo-terminal of ``rows`` × ``columns``: a fork of the
    test process (no new interpreter) whose terminal is the pty, read as the screen
    shows it."""

    def __init__(self, home: Path, *args, rows=40, columns=100):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the learner's terminal is the pty
            code = 1
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
                os.environ.update(NNEXPLAIN_HOME=str(home), COLUMNS=str(columns), LINES=str(rows),
                                  NO_COLOR="1", TERM="xterm")
                # pytest replaced the standard streams; the learner's are the pty's.
                sys.stdin = os.fdopen(0, "r", encoding="utf-8", closefd=False)
                sys.stdout = os.fdopen(1, "w", encoding="utf-8", buffering=1, closefd=False)
                sys.stderr = os.fdopen(2, "w", encoding="utf-8", buffering=1, closefd=False)
                from nnexplain.cli import cli

                try:
                    cli.main(list(args), prog_name="nnexplain", standalone_mode=True)
                    code = 0
                except SystemExit as done:
                    code = done.code if isinstance(done.code, int) else 1
            finally:
                os._exit(code)
        self.seen = ""
        self.pending = b""
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")  # a character may come in two reads
        self.mark = 0  # where the last expect matched

    def _read(self, deadline: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # the child has gone
            return False
        if not data:
            return False
        self._feed(data)
        return True

    def _feed(self, data: bytes) -> None:
        """Add output as the screen shows it: escape sequences dropped, and a carriage
        return starting its line again (readline redraws its prompt that way)."""
        raw = self.pending + data
        cut = raw.rfind(b"\x1b")
        if cut != -1 and cut > len(raw) - 8 and not re.search(rb"\x1b\[[0-9;?]*[A-Za-z]", raw[cut:]):
            raw, self.pending = raw[:cut], raw[cut:]  # an escape sequence cut in two: wait for its end
        else:
            self.pending = b""
        text = _ANSI.sub("", self.decoder.decode(raw)).replace("\r\n", "\n")
        for part in re.split("(\r)", text):
            if part == "\r":
                self.seen = self.seen[: self.seen.rfind("\n") + 1]
            else:
                self.seen += part

    def expect(self, text: str) -> str:
        """Wait until ``text`` appears after the last match; return what came before it."""
        deadline = time.monotonic() + TIMEOUT
        while text not in self.seen[self.mark:]:
            if not self._read(deadline) and time.monotonic() >= deadline:
                os.kill(self.pid, signal.SIGKILL)  # never leave a session waiting
                os.waitpid(self.pid, 0)
                raise AssertionError(f"{text!r} never came; the screen ends:\n{self.seen[-2000:]}")
        start = self.seen.index(text, self.mark)
        before, self.mark = self.seen[self.mark:start], start + len(text)
        return before

    def expect_any(self, *texts: str) -> str:
        """Wait for whichever of ``texts`` comes first after the last match; return it."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            found = [(self.seen.find(t, self.mark), t) for t in texts if t in self.seen[self.mark:]]
            if found:
                first = min(found)[1]
                self.expect(first)
                return first
            if not self._read(deadline) and time.monotonic() >= deadline:
                return self.expect(texts[0])  # fails, showing the screen

    def send(self, line: str) -> None:
        os.write(self.fd, line.encode())

    def answer(self, line: str) -> None:
        self.send(line + "\n")

    def finish(self) -> int:
        deadline = time.monotonic() + TIMEOUT
        while self._read(deadline):
            pass
        done, status = os.waitpid(self.pid, os.WNOHANG)
        while done == 0 and time.monotonic() < deadline:  # it may still be exiting
            time.sleep(0.01)
            done, status = os.waitpid(self.pid, os.WNOHANG)
        if done == 0:  # still running: it was waiting for more input than the test gave
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            os.close(self.fd)
            raise AssertionError(f"the session did not end; the screen ends:\n{self.seen[-1500:]}")
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)
