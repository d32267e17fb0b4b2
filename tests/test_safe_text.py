from nnexplain.safe_text import control_characters, strip_controls


def test_escape_sequences_are_removed_and_named():
    hostile = "Title\x1b]0;owned\x07\x1b[2J\x9b1m and \x1b]52;c;aGk=\x07 ok\n\tnext"
    assert strip_controls(hostile) == "Title]0;owned[2J1m and ]52;c;aGk= ok\n\tnext"
    assert control_characters(hostile) == ["U+001B", "U+0007", "U+009B"]
    assert control_characters("plain − σ ŷ\n\t") == []
