"""``nnexplain practice`` in a pseudo-terminal, as a learner drives it: one answer
right, one wrong (answer and worked solution shown), then Ctrl-C saves and stops
with status 130; the record holds both problems."""

import json
import time

from pty_terminal import Terminal

from nnexplain.practice.record import file_key
from test_practice_drill import expected, write_template

PROMPT = "Your answer (or hint, skip, quit): "


def test_right_wrong_then_ctrl_c_saves(tmp_path):
    home, path = tmp_path / "home", write_template(tmp_path)
    first, second = expected(path, "log-loss", "squared-loss")
    terminal = Terminal(home, "practice", "--templates", path, "--seed", "3")
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
