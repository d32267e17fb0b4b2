"""``nnexplain practice`` in a pseudo-terminal, as a learner drives it: one answer
right, one wrong (answer and worked solution shown), then Ctrl-C saves and stops
with status 130; the record holds both problems."""

import codecs
import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

from nnexplain.practice.record import file_key
from test_practice_drill import expected, write_template

TIMEOUT = 10.0
PROMPT = "Your answer (or hint, skip, quit): "
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Terminal:
    """``nnexplain practice ARGS`` in a forked child whose terminal is a pty."""

    def __init__(self, home, *args, rows=40, columns=100):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            code = 1
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
                os.environ.update(NNEXPLAIN_HOME=str(home), COLUMNS=str(columns), LINES=str(rows),
                                  NO_COLOR="1", TERM="xterm")
                sys.stdin = os.fdopen(0, "r", encoding="utf-8", closefd=False)
                sys.stdout = os.fdopen(1, "w", encoding="utf-8", buffering=1, closefd=False)
                sys.stderr = os.fdopen(2, "w", encoding="utf-8", buffering=1, closefd=False)
                from nnexplain.cli import cli

                try:
                    cli.main(["practice", *args], prog_name="nnexplain", standalone_mode=True)
                    code = 0
                except SystemExit as done:
                    code = done.code if isinstance(done.code, int) else 1
            finally:
                os._exit(code)
        self.seen, self.mark = "", 0
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def _read(self, deadline) -> bool:
        ready, _, _ = select.select([self.fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            return False
        if not data:
            return False
        text = _ANSI.sub("", self.decoder.decode(data)).replace("\r\n", "\n")
        self.seen += text.replace("\r", "")
        return True

    def expect(self, text: str) -> str:
        deadline = time.monotonic() + TIMEOUT
        while text not in self.seen[self.mark:]:
            if not self._read(deadline) and time.monotonic() >= deadline:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
                raise AssertionError(f"{text!r} never came; the screen ends:\n{self.seen[-2000:]}")
        start = self.seen.index(text, self.mark)
        before, self.mark = self.seen[self.mark:start], start + len(text)
        return before

    def send(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def finish(self) -> int:
        deadline = time.monotonic() + TIMEOUT
        while self._read(deadline):
            pass
        done, status = os.waitpid(self.pid, os.WNOHANG)
        while done == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
            done, status = os.waitpid(self.pid, os.WNOHANG)
        if done == 0:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            raise AssertionError(f"the drill did not end; the screen ends:\n{self.seen[-1500:]}")
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)


def test_right_wrong_then_ctrl_c_saves(tmp_path):
    home, path = tmp_path / "home", write_template(tmp_path)
    first, second = expected(path, "log-loss", "squared-loss")
    terminal = Terminal(home, "--templates", path, "--seed", "3")
    terminal.expect("Problem 1 · Log loss of one example · box 1")
    terminal.expect(PROMPT)
    terminal.send(first.shown_answer() + "\n")
    terminal.expect(f"Right! The answer is {first.shown_answer()}")
    terminal.expect("Problem 2 · Squared loss of one example · box 1")
    terminal.expect(PROMPT)
    terminal.send(f"{second.answer + 7:.2f}\n")
    terminal.expect("Not quite.")
    terminal.expect(f"The answer is {second.shown_answer()}")
    terminal.expect("The worked solution:")
    terminal.expect("Problem 3 · Squared loss of one example · box 1")  # missed: back within 2
    terminal.expect(PROMPT)
    time.sleep(0.3)  # let the line editor take the terminal first
    terminal.send("\x03")
    before = terminal.expect("Interrupted: 1 of 2 right at the first try this session; progress saved.")
    assert before.endswith("\n"), repr(before)  # on a line of its own after ^C
    assert terminal.finish() == 130
    record = json.loads((home / "practice.json").read_text(encoding="utf-8"))
    assert record["problems"] == 2
    assert record["skills"][file_key(path, "log-loss")]["box"] == 2
    assert record["skills"][file_key(path, "squared-loss")]["recent"] == "M"
