"""Shell completion through click's own mechanism (the _NNEXPLAIN_COMPLETE variable),
as bash, zsh and fish call it: lesson names, activation names, styles, figure names
and example networks complete; files stay possible where a file is allowed."""

import os
import subprocess
import sys

import pytest


def complete(words, shell="bash"):
    env = {**os.environ, "_NNEXPLAIN_COMPLETE": f"{shell}_complete", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - 1) if shell != "fish" else words.split()[-1]}
    result = subprocess.run([sys.executable, "-m", "nnexplain"], env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return result.stdout.split()


@pytest.mark.parametrize(
    "words, expected",
    [
        ("nnexplain lo", ["plain,loss"]),
        ("nnexplain lesson run ne", ["plain,neuron", "plain,network", "file,ne"]),
        ("nnexplain lesson export gr", ["plain,gradient-descent", "file,gr"]),
        ("nnexplain activation si", ["plain,sigmoid"]),
        ("nnexplain compare sigmoid le", ["plain,leaky_relu"]),
        ("nnexplain bias --activation ta", ["plain,tanh"]),
        ("nnexplain loss --y 1 --yhat 0.1 --style sl", ["plain,slides", "plain,slides-dark"]),
        ("nnexplain figures --only loss-", ["plain,loss-log", "plain,loss-squared"]),
        ("nnexplain forward --weights xo", ["plain,xor_sigmoid", "file,xo"]),
    ],
)
def test_bash_completes_names(words, expected):
    assert complete(words) == expected


def test_zsh_and_fish_get_the_same_names():
    assert complete("nnexplain lesson run bi", "zsh")[:2] == ["plain", "bias"]
    assert "plain,bias" in complete("nnexplain lesson run bi", "fish")
