"""Text from files (lessons, CSV headers, file names) on its way to a terminal:
control characters removed, so a file can never retitle the window, clear the
screen or set the clipboard (OSC 52).

Control characters here are C0 except newline and tab, DEL, and C1 (which includes
the 8-bit CSI and OSC); ESC is C0.
"""

import re

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def control_characters(text: str) -> list[str]:
    """The distinct control characters in ``text``, written as U+XXXX, in order of first appearance."""
    seen = []
    for match in _CONTROLS.finditer(text):
        code = f"U+{ord(match.group()):04X}"
        if code not in seen:
            seen.append(code)
    return seen


def strip_controls(text: str) -> str:
    """``text`` without control characters (newlines and tabs kept)."""
    return _CONTROLS.sub("", text)
