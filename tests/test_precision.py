"""Precision that reads consistently on a screen: percentages with fewer decimals than
the numbers around them (marked ``Percent`` by explain, formatted by the one number
formatter), no "−0", and old and new values of the backprop update at one precision."""

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from nnexplain.cli import cli
from nnexplain.explain.worked import Given, Percent, formula, sentence
from nnexplain.render.numbers import format_exact, format_number

GOLDEN = Path(__file__).parent / "golden"
# A percentage as printed: digits, optional decimals, then "%" (LaTeX writes "\%").
PERCENT = re.compile(r"(?<![\d.])(\d+(?:\.(\d+))?)\\?%")
# A minus sign on a zero: "−0" not followed by more digits or a decimal point.
MINUS_ZERO = re.compile(r"−0(?![0-9.])")


def run(*args):
    result = CliRunner().invoke(cli, list(args), env={"COLUMNS": "100"}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def fill(filled, precision=4):
    return filled.fill(lambda x: format_number(x, precision), format_exact)


# --- the formatter ---------------------------------------------------------------------


@pytest.mark.parametrize("value, precision, text", [
    (35.754600, 4, "35.8"),  # was 35.7546
    (65.900100, 4, "65.9"),
    (1.514, 4, "1.5"),
    (100.0, 4, "100"),
    (50.0, 4, "50"),
    (99.96, 4, "99.96"),  # never a misleading whole 100
    (0.51234, 4, "0.5"),
    (35.754600, 6, "35.755"),  # --precision 6: three fewer, as for every percentage
    (35.754600, 2, "35.8"),  # at least one decimal
])
def test_a_percentage_has_fewer_decimals(value, precision, text):
    assert format_number(Percent(value), precision) == text
    assert format_exact(Percent(value)) == format_exact(value)  # the value is never rounded


def test_only_the_marker_changes_the_precision():
    assert format_number(35.7546) == "35.7546"
    assert format_number(Given(35.7546)) == "35.7546"
    assert type(Percent(2.0) * 3) is float  # arithmetic on it is a plain number
    assert isinstance(sentence("{0}%", Percent(3.25)).numbers[0], Percent)
    assert fill(sentence("({0}% lower)", Percent(35.7546))) == "(35.8% lower)"


def test_the_json_view_keeps_a_percentage_exact_in_numbers_and_short_in_text():
    data = json.loads(run("backprop", "--target", "1", "--format", "json"))
    change = data["sections"][0]["facts"][-1]["text"]
    assert change == "the loss went down by 59.877 (35.8% lower)"
    before, after = data["values"]["loss_before"], data["values"]["loss_after"]
    assert round(100 * (before - after) / before, 1) == 35.8


# --- percentages in every view ---------------------------------------------------------


@pytest.mark.parametrize("args, expected", [
    (("backprop", "--target", "1"), "(35.8% lower)"),
    (("backprop", "--target", "1", "--format", "markdown"), "(35.8% lower)"),
    (("softmax", "--z", "2,1,0.1"), "p = 0.659 (65.9%)"),
    (("softmax", "--z", "1000,1001,1002"), "(66.5%)"),
    (("neuron", "--x", "1", "--w", "1", "--b", "0", "--activation", "sigmoid"), "(73.1%)"),
    (("neuron", "--x", "1", "--w", "1", "--b", "0", "--activation", "sigmoid", "--format", "latex"), r"(73.1\%)"),
])
def test_percentages_in_sentences_are_short(args, expected):
    text = run(*args)
    assert expected in text
    for match in PERCENT.finditer(text):
        _short_enough(match)


def _short_enough(match):
    """At most one decimal, unless one decimal would make it look whole (13.01%, not 13%)."""
    decimals = match.group(2) or ""
    if len(decimals) > 1:
        assert f"{float(match.group(1)):.1f}".endswith(".0"), match.group(0)


def test_no_golden_output_has_a_long_percentage():
    for path in sorted(GOLDEN.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for match in PERCENT.finditer(text):
            if re.search(r"\d{4,}%", match.group(0)):  # an integer such as 100%, not decimals
                continue
            _short_enough(match)


# --- no "−0" ---------------------------------------------------------------------------


@pytest.mark.parametrize("template, numbers, text", [
    ("−{0} / {1}", (0.0, 1.0), "0 / 1"),
    ("−{0} / {1}", (0.0, -1.0), "0 / (−1)"),
    ("1 / (1 + e^(−{0}))", (0.0,), "1 / (1 + e^0)"),  # the bracket that held the sign goes too
    ("{0}·(−{1})", (1.0, 0.0), "1·0"),
    ("max(−{0})", (0.0,), "max(0)"),  # a call keeps its brackets
    ("−{0}/{1} + (1 − {0})/(1 − {1})", (0.0, 0.25), "0/0.25 + (1 − 0)/(1 − 0.25)"),
    ("2 − {0}", (0.0,), "2 − 0"),  # a minus between two numbers stays
    ("1 / (1 + e^(−{0}))", (-1.0,), "1 / (1 + e^(−(−1)))"),  # other numbers unchanged
    ("1 / (1 + e^(−{0}))", (2.5,), "1 / (1 + e^(−2.5))"),
])
def test_a_signed_zero_is_written_without_its_sign(template, numbers, text):
    assert fill(formula(template, *numbers)) == text
    assert formula(template, *numbers).fill(format_exact) == text  # the exact text too


@pytest.mark.parametrize("args", [
    ("bias",),
    ("bias", "--w", "-1"),
    ("activation", "sigmoid", "--z", "-1,0,2.5", "--format", "json"),
    ("activation", "tanh", "--z", "-3,-1,0,1,3", "--format", "markdown"),
    ("activation", "tanh", "--z", "0", "--format", "latex"),
])
def test_no_command_prints_minus_zero(args):
    assert not MINUS_ZERO.findall(run(*args))


def test_no_golden_output_has_minus_zero():
    found = [f"{path.name}: {line.strip()}" for path in sorted(GOLDEN.glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines() if MINUS_ZERO.search(line)]
    assert found == []


# --- old and new values of one update --------------------------------------------------


def test_backprop_shows_old_and_new_values_at_one_precision():
    text = run("backprop", "--target", "1", "--format", "markdown")
    row = next(line for line in text.splitlines() if "| w⁽²⁾₂₁ | h₂ → ŷ |" in line)
    # old value 2.0369 and new value 1.8631, both at 4 decimals (was 2.0368812 next to
    # 1.8631); the update formula keeps the weight exactly as given, to redo by hand
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert cells[3:5] == ["2.0369", "173.8252"] and cells[-1] == "1.8631"
    assert cells[5] == "`2.0368812 − 0.001·173.8252`"
    assert "moves it most, by −0.1738: from 2.0369 to 1.8631." in text
    plain = " ".join(run("backprop", "--target", "1").split())
    assert "moves it most, by −0.1738: from 2.0369 to 1.8631." in plain


def test_backprop_names_a_change_too_small_to_show():
    text = " ".join(run("backprop", "--target", "1", "--lr", "1e-9").split())
    assert "by −1.738e-7: from 2.0369 to 2.0369" in text


def test_the_json_view_still_carries_the_given_values_exactly():
    data = json.loads(run("backprop", "--target", "1", "--format", "json"))
    assert data["layer2"]["value"][1] == 2.0368812
    assert data["layer2"]["update_written"][1].startswith("2.0368812 − 0.001·")
