"""Figures: checked through the returned Figure's data and labels, not pixels;
saving is atomic and byte-identical."""

import math
import os

import numpy as np
import pytest
from click.testing import CliRunner

from nnexplain import core
from nnexplain.cli import cli
from nnexplain.explain.curves import loss_curves
from nnexplain.plot import loss_curve_figure, save_figure


def test_log_loss_figure_draws_both_labels_and_marks_the_point():
    figure = loss_curve_figure(loss_curves(1, 0.1))
    (axes,) = figure.axes
    lines = axes.get_lines()
    labels = [line.get_label() for line in lines]
    assert labels[:2] == ["$y = 0$", "$y = 1$"]
    for line, label in zip(lines[:2], (0.0, 1.0)):
        x, y = line.get_data()
        np.testing.assert_array_equal(y, core.log_loss(np.full_like(x, label), x))
    point = lines[2]
    assert point.get_xdata()[0] == 0.1
    assert point.get_ydata()[0] == pytest.approx(-math.log(0.1))
    assert "2.3026" in point.get_label()
    assert axes.get_xlabel() == r"prediction $\hat{y}$"
    legend_texts = [t.get_text() for t in axes.get_legend().get_texts()]
    assert len(legend_texts) == 3


def test_soft_label_adds_its_own_curve():
    figure = loss_curve_figure(loss_curves(0.3, 0.8))
    labels = [line.get_label() for line in figure.axes[0].get_lines()]
    assert "$y = 0.3$" in labels


def test_infinite_point_is_annotated_at_the_top_edge():
    figure = loss_curve_figure(loss_curves(1, 0))
    (axes,) = figure.axes
    texts = [child.get_text() for child in axes.texts]
    assert r"$L = \infty$" in texts
    assert math.isfinite(axes.get_ylim()[1])


def test_squared_loss_figure_spans_regression_values():
    family = loss_curves(3.5, -1.25, loss="squared")
    figure = loss_curve_figure(family)
    x, _ = figure.axes[0].get_lines()[0].get_data()
    assert x.min() <= -1.25 and x.max() >= 3.5


@pytest.mark.parametrize("extension", ["png", "svg", "pdf"])
def test_saving_twice_gives_identical_bytes(tmp_path, extension):
    first, second = tmp_path / f"a.{extension}", tmp_path / f"b.{extension}"
    save_figure(loss_curve_figure(loss_curves(1, 0.1)), str(first))
    save_figure(loss_curve_figure(loss_curves(1, 0.1)), str(second))
    assert first.read_bytes() == second.read_bytes()
    assert first.stat().st_size > 1000


def test_a_failed_save_leaves_nothing_behind(tmp_path, monkeypatch):
    figure = loss_curve_figure(loss_curves(1, 0.1))

    def broken_savefig(stream, **kwargs):
        stream.write(b"half a figure")
        raise KeyboardInterrupt

    monkeypatch.setattr(figure, "savefig", broken_savefig)
    target = tmp_path / "figure.png"
    with pytest.raises(KeyboardInterrupt):
        save_figure(figure, str(target))
    assert os.listdir(tmp_path) == []


def test_a_failed_save_keeps_the_previous_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "figure.svg"
    target.write_text("previous complete figure")
    figure = loss_curve_figure(loss_curves(1, 0.1))
    monkeypatch.setattr(figure, "savefig", lambda stream, **kw: (_ for _ in ()).throw(OSError(28, "No space left")))
    with pytest.raises(OSError):
        save_figure(figure, str(target))
    assert target.read_text() == "previous complete figure"
    assert os.listdir(tmp_path) == ["figure.svg"]


@pytest.mark.parametrize("extension", ["png", "svg", "pdf"])
def test_loss_command_writes_the_figure(tmp_path, extension):
    target = tmp_path / f"loss.{extension}"
    result = CliRunner().invoke(cli, ["loss", "--y", "1", "--yhat", "0.1", "--plot", str(target)])
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 1000
    assert f"Figure saved to {target}" in result.stderr
    assert "2.3026" in result.stdout
