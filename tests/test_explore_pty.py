"""``nnexplain explore`` as a learner runs it: the real command in a pseudo-terminal
(the standard library's ``pty``), keys typed as a terminal sends them, the screen read
back. It starts on the state given on the command line, → changes w, q quits with
status 0 and the terminal restored (the alternate screen left, the terminal's modes as
before); a terminal smaller than 80×24 is refused before anything is drawn."""

import os
import re
import subprocess
import sys
import time

import pytest

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("no pseudo-terminals here", allow_module_level=True)
pty = pytest.importorskip("pty")
termios = pytest.importorskip("termios")
fcntl = pytest.importorskip("fcntl")

import select  # noqa: E402
import struct  # noqa: E402

# Escape sequences: CSI (colours, moves, modes), OSC (titles, colours), and lone ESC + char.
ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")
LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"
RIGHT = b"\x1b[C"
TIMEOUT = 8.0  # seconds to wait for any one thing


def nnexplain_command() -> list[str]:
    """The console script next to this interpreter, else ``python -m nnexplain``."""
    script = os.path.join(os.path.dirname(sys.executable), "nnexplain")
    if os.path.isfile(script) and os.access(script, os.X_OK):
        return [script]
    return [sys.executable, "-m", "nnexplain"]


class Terminal:
    """A pseudo-terminal of ``columns``×``rows`` running ``args`` of nnexplain."""

    def __init__(self, args, columns, rows):
        self.leader, self.follower = pty.openpty()
        fcntl.ioctl(self.follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.modes = termios.tcgetattr(self.follower)  # as the shell left them
        env = {k: v for k, v in os.environ.items() if not k.startswith("NNEXPLAIN_")}
        env.update(TERM="xterm-256color", NO_COLOR="1", COLUMNS=str(columns), LINES=str(rows))
        self.process = subprocess.Popen(nnexplain_command() + args, stdin=self.follower,
                                        stdout=self.follower, stderr=self.follower, env=env,
                                        start_new_session=True)
        self.output = bytearray()
        self.closed = False

    def read_for(self, seconds: float) -> None:
        """Read what the program writes, for at most ``seconds``."""
        end = time.monotonic() + seconds
        while not self.closed and (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.leader], [], [], left)
            if not ready:
                return
            try:
                chunk = os.read(self.leader, 65536)
            except OSError:  # EIO: the program has gone
                chunk = b""
            if not chunk:
                self.closed = True
                return
            self.output += chunk

    def text(self, since: int = 0) -> str:
        """What was written from byte ``since`` on, escape sequences taken out."""
        return ESCAPES.sub("", bytes(self.output[since:]).decode("utf-8", "replace"))

    def wait_for(self, *texts: str, since: int = 0) -> str:
        """Read until every one of ``texts`` has been shown (after byte ``since``)."""
        end = time.monotonic() + TIMEOUT
        while not all(t in self.text(since) for t in texts):
            if self.closed or time.monotonic() > end:
                missing = [t for t in texts if t not in self.text(since)]
                raise AssertionError(f"not shown: {missing}; the screen had:\n{self.text(since)[-3000:]}")
            self.read_for(0.1)
        return self.text(since)

    def press(self, keys: bytes) -> int:
        """Type ``keys``; the output position before them."""
        mark = len(self.output)
        os.write(self.leader, keys)
        return mark

    def finish(self) -> int:
        """Read to the end; the exit status."""
        end = time.monotonic() + TIMEOUT
        while not self.closed and time.monotonic() < end:
            self.read_for(0.2)
            if self.process.poll() is not None:
                self.read_for(0.2)
                break
        return self.process.wait(timeout=TIMEOUT)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for fd in (self.leader, self.follower):
            try:
                os.close(fd)
            except OSError:
                pass


@pytest.fixture
def terminal():
    opened = []

    def open_(args, columns, rows):
        opened.append(Terminal(args, columns, rows))
        return opened[-1]

    yield open_
    for each in opened:
        each.close()


def test_starts_on_the_given_state_a_key_changes_it_and_q_restores_the_terminal(terminal):
    term = terminal(["explore", "bias", "--w", "2", "--b", "-4"], 100, 30)
    # The first screen: the values given, and the neuron worked with them.
    term.wait_for("--w 2 ", "--b -4", "= σ(1·2 + (−4))", "= 0.1192", "q quit")
    assert LEAVE_ALTERNATE_SCREEN not in term.output
    mark = term.press(RIGHT)  # w: 2 → 2.5 (a step of 0.5)
    term.wait_for("--w 2.5", "= σ(1·2.5 + (−4))", since=mark)
    mark = term.press(b"q")
    status = term.finish()
    assert status == 0, term.text()[-2000:]
    after_q = bytes(term.output[mark:])
    assert LEAVE_ALTERNATE_SCREEN in after_q
    assert "Traceback" not in term.text() and "nan" not in term.text(mark)
    # The terminal's modes (echo, canonical input …) are as they were before it started.
    assert termios.tcgetattr(term.follower) == term.modes


def test_refuses_a_terminal_smaller_than_80_by_24(terminal):
    term = terminal(["explore", "bias", "--w", "2", "--b", "-4"], 70, 20)
    status = term.finish()
    assert status == 1
    shown = term.text()
    assert "Error: the terminal is 70×20; nnexplain explore needs at least 80×24" in shown
    assert b"\x1b[?1049h" not in term.output  # the full screen never entered
