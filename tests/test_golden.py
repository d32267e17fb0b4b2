"""What a learner sees, pinned: golden files of real output at a fixed width.

Regenerate on purpose with ``pytest tests/test_golden.py --update-golden`` and
read the diff before committing it.
"""

import pytest
from click.testing import CliRunner

from nnexplain.cli import cli

WIDTH = "100"

CASES = {
    "loss_log_y1_yhat0.1": ["loss", "--y", "1", "--yhat", "0.1"],
    "loss_log_y0_yhat0": ["loss", "--y", "0", "--yhat", "0"],
    "loss_log_infinite": ["loss", "--y", "1", "--yhat", "0"],
    "loss_log_eps": ["loss", "--y", "1", "--yhat", "0", "--eps", "1e-7"],
    "loss_log_soft_label": ["loss", "--y", "0.3", "--yhat", "0.8"],
    "loss_log_close": ["loss", "--y", "0", "--yhat", "0.2", "--precision", "6"],
    "loss_squared": ["loss", "--y", "1", "--yhat", "0.1", "--loss", "squared"],
    "loss_squared_regression": ["loss", "--y", "3.5", "--yhat", "-1.25", "--loss", "squared"],
    "cost_log": ["cost", "--y", "1,0,1", "--yhat", "0.9,0.2,0.6"],
    "cost_long": [
        "cost",
        "--y",
        ",".join(["1", "0", "1"] * 10),
        "--yhat",
        ",".join(["0.9", "0.2", "0.6"] * 10),
    ],
    "loss_json": ["loss", "--y", "1", "--yhat", "0", "--format", "json"],
    "loss_markdown": ["loss", "--y", "1", "--yhat", "0.1", "--format", "markdown"],
    "loss_latex": ["loss", "--y", "1", "--yhat", "0.1", "--format", "latex"],
    "cost_json": ["cost", "--y", "1,0", "--yhat", "0.9,0.2", "--format", "json"],
    "cost_markdown": ["cost", "--y", "1,0,1", "--yhat", "0.9,0.2,0.6", "--format", "markdown"],
    # at the edges of float64 (tests/test_loss_edges.py checks the facts behind them)
    "loss_log_far_finite": ["loss", "--y", "1", "--yhat", "1e-300"],
    "loss_log_vanishing": ["loss", "--y", "0", "--yhat", "1e-300"],
    "loss_log_soft_infinite": ["loss", "--y", "0.3", "--yhat", "1"],
    "loss_squared_underflow": ["loss", "--y", "1e-200", "--yhat", "0", "--loss", "squared"],
    "cost_soft_infinite": ["cost", "--y", "1,0.5,0", "--yhat", "0,0.5,0.2"],
    "neuron_sum_passes_max": ["neuron", "--x", "1,1,1", "--w", "1e308,1e308,-1e308",
                              "--activation", "identity"],
}


def run(args):
    result = CliRunner().invoke(cli, args, env={"COLUMNS": WIDTH}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_golden_file(name, golden):
    golden(name, CASES[name])


def test_text_output_has_no_colour_codes_when_piped():
    assert "\x1b[" not in run(["loss", "--y", "1", "--yhat", "0.1"])


def test_force_colour_is_respected():
    result = CliRunner().invoke(
        cli, ["loss", "--y", "1", "--yhat", "0.1"], env={"FORCE_COLOR": "1", "COLUMNS": WIDTH}
    )
    assert "\x1b[" in result.stdout


def test_no_color_wins_over_force_colour_styles():
    result = CliRunner().invoke(
        cli,
        ["loss", "--y", "1", "--yhat", "0.1"],
        env={"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": WIDTH},
    )
    # NO_COLOR removes colour; bold (a style, not a colour) may remain.
    assert "\x1b[3" not in result.stdout and "\x1b[9" not in result.stdout


def test_piped_text_has_no_trailing_spaces():
    """rich pads lines to the width; off a terminal nnexplain drops the padding (every
    text-view golden file is such output, so none may hold a line ending in a space;
    Markdown keeps its two-space line breaks)."""
    from conftest import GOLDEN

    text_views = [path for path in sorted(GOLDEN.glob("*.txt"))
                  if not any(view in path.stem for view in ("json", "markdown", "latex"))]
    assert len(text_views) > 30
    padded = [f"{path.name}:{number}" for path in text_views
              for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
              if line.endswith(" ")]
    assert padded == []
    assert not any(line.endswith(" ") for line in run(["loss", "--y", "1", "--yhat", "0.1"]).splitlines())
