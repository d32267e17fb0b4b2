"""Screens that fit: every worked command at 60, 80, 100 and 120 columns, and no
number ever split across lines.

The width golden files live in tests/golden/width/NAME_wWIDTH.txt (100 columns is
pinned by the existing golden files). Regenerate on purpose with
``pytest tests/test_widths.py --update-golden`` and read every diff.
"""

import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from nnexplain.cli import cli
from nnexplain.render.text import NARROW_WIDTH

WIDTH_GOLDEN = Path(__file__).parent / "golden" / "width"

# A default invocation of every worked command (the same arguments as its
# 100-column golden file).
COMMANDS = {
    "loss": ["loss", "--y", "1", "--yhat", "0.1"],
    "cost": ["cost", "--y", "1,0,1", "--yhat", "0.9,0.2,0.6"],
    "activation": ["activation", "sigmoid"],
    "compare": ["compare", "sigmoid", "tanh", "relu"],
    "bias": ["bias"],
    "neuron": ["neuron", "--x", "2,3", "--w", "0.5,-1", "--b", "0.1"],
    "softmax": ["softmax", "--z", "2,1,0.1"],
    "forward": ["forward"],
    "backprop": ["backprop", "--target", "1"],
    "train": ["train"],
    "linear-collapse": ["linear-collapse"],
}
GOLDEN_WIDTHS = (60, 80, 120)
# Wide enough that no table or sentence wraps: the reference every token is read from.
WIDE = 400

# A number as the text view writes it: optional minus (typographic or ASCII),
# digits, decimals, exponent.
NUMBER = re.compile(r"[−-]?\d+(?:\.\d+)?(?:e[+−-]?\d+)?")


def render(args, width):
    result = CliRunner().invoke(cli, args, env={"COLUMNS": str(width)}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def broken_numbers(wide: str, narrow: str) -> list[str]:
    """Numbers of the wide rendering that the narrow one no longer holds whole:
    a number split across lines leaves two shorter tokens in its place, so it
    is counted fewer times."""
    missing = Counter(NUMBER.findall(wide)) - Counter(NUMBER.findall(narrow))
    return sorted(missing)


def test_the_check_finds_a_split_number():
    wide = "   7   Slope of L in h₁   0.1048971·25.8818    2.7149\n"
    narrow = "   7   Slope of L   0.1048971·25.881   2.7149\n       in h₁        8\n"
    assert broken_numbers(wide, narrow) == ["25.8818"]
    assert broken_numbers(wide, wide) == []


# --- golden files at 60, 80 and 120 columns -----------------------------------------


@pytest.mark.parametrize("width", GOLDEN_WIDTHS)
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_width_golden(name, width, update_golden):
    output = render(COMMANDS[name], width)
    path = WIDTH_GOLDEN / f"{name}_w{width}.txt"
    if update_golden:
        path.parent.mkdir(exist_ok=True)
        path.write_text(output, encoding="utf-8")
        pytest.skip(f"rewrote {path.name}")
    expected = path.read_text(encoding="utf-8")
    if output != expected:
        print(repr(output))
        print(repr(expected))
    assert output == expected


@pytest.mark.parametrize("width", GOLDEN_WIDTHS)
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_width_golden_fits_and_keeps_numbers_whole(name, width):
    """The stored file itself: no line wider than its width, no number split."""
    text = (WIDTH_GOLDEN / f"{name}_w{width}.txt").read_text(encoding="utf-8")
    assert max(len(line) for line in text.splitlines()) <= width
    assert broken_numbers(render(COMMANDS[name], WIDE), text) == []


# --- no number split, at any width from 60 up, for every golden case ------------------


def _text_golden_cases():
    """Every text-view golden case of the other test files (name → arguments)."""
    import test_activation_commands
    import test_golden
    import test_network_commands
    import test_neuron_commands

    cases = {}
    for table in (test_golden.CASES, test_activation_commands.GOLDEN,
                  test_neuron_commands.GOLDEN, test_network_commands.GOLDEN):
        cases.update(table)
    cases.update({
        "train_line_no_bias": ["train", "--no-bias"],
        "train_logistic": ["train", "--task", "logistic"],
        "collapse_x_rounding": ["linear-collapse", "--x", "0.1,0.2", "--x", "0.3,0.7"],
    })
    return {name: args for name, args in cases.items()
            if "--format" not in args}


@pytest.mark.parametrize("width", (NARROW_WIDTH, 67, 80, 100, 120))
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_no_number_is_split_across_lines(name, width):
    narrow = render(COMMANDS[name], width)
    assert broken_numbers(render(COMMANDS[name], WIDE), narrow) == []
    assert max(len(line) for line in narrow.splitlines()) <= width


def test_no_number_is_split_in_any_golden_case():
    """Every text golden case of the suite, at the golden width and at 60 and 80."""
    cases = _text_golden_cases()
    assert len(cases) > 30
    broken = {}
    for name, args in sorted(cases.items()):
        wide = render(args, WIDE)
        for width in (60, 80, 100):
            missing = broken_numbers(wide, render(args, width))
            if missing:
                broken[f"{name}@{width}"] = missing
    assert broken == {}


def test_the_issue_examples_stay_whole():
    """backprop at 80 printed "25.881" then "8"; compare at 60 split "0.009866"."""
    backprop = render(COMMANDS["backprop"], 80)
    assert "0.1048971·25.8818" in backprop
    compare = render(COMMANDS["compare"], 60)
    wide = render(COMMANDS["compare"], WIDE)
    for number in ("0.04743", "0.009866", "0.07065"):
        assert compare.count(number) == wide.count(number) > 0


# --- tables that do not fit are stacked ---------------------------------------------


def test_a_wide_table_is_a_table_and_a_narrow_one_is_stacked():
    wide = render(COMMANDS["loss"], 100)
    assert "Step   What" in wide and "Step 1 — " not in wide
    narrow = render(COMMANDS["loss"], 60)
    assert "Step 1 — Class-1 term" in narrow and "Step   What" not in narrow
    # each step a block: its formula, the formula with numbers, the value
    block = narrow[narrow.index("Step 1 — "):narrow.index("Step 2 — ")].splitlines()
    assert [line.split()[0] for line in block[1:]] == ["Formula", "With", "Value"]
    assert block[-1].split()[-1] == "−2.3026"


@pytest.mark.parametrize("width", (59, 52, 45))
def test_below_60_columns_says_so_once_and_stacks_every_table(width):
    text = render(COMMANDS["backprop"], width)
    notice = f"narrow terminal ({width} columns): tables stacked"
    assert text.splitlines()[0] == notice
    assert text.count("narrow terminal") == 1
    assert "───" not in text  # no table header rule: every table is stacked
    assert "Step 18 — " in text and "i = 3" in text
    assert broken_numbers(render(COMMANDS["backprop"], WIDE), text) == []


def test_from_60_columns_no_notice():
    assert "narrow terminal" not in render(COMMANDS["backprop"], NARROW_WIDTH)


def test_a_long_table_stacked_keeps_its_elision_note():
    text = render(["cost", "--y", ",".join(["1", "0", "1"] * 10),
                   "--yhat", ",".join(["0.9", "0.2", "0.6"] * 10)], 50)
    assert "i = 10" in text and "i = 26" in text and "i = 11" not in text
    assert "⋮ rows 11–25 not shown (15 rows)" in text
