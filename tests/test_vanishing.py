"""The vanishing-gradient figure: f′(z) multiplied through d layers (explain.vanishing,
plot.vanishing), its door (``figure("vanishing")``) and its option (``--vanishing``)."""

from figure_checks import texts_off_the_canvas
import numpy as np
import pytest
from click.testing import CliRunner

import nnexplain as nx
from cli_checks import error_line
from nnexplain import core
from nnexplain.cli import cli
from nnexplain.explain.vanishing import SMALLEST_NORMAL, vanishing_chains
from nnexplain.inputs import InputError

STYLES = ("light", "dark", "slides")


def invoke(*args):
    return CliRunner().invoke(cli, [*map(str, args)], prog_name="nnexplain")


def chains_by(data):
    return {(chain.name, chain.case): chain for chain in data.chains}


# --- the numbers ------------------------------------------------------------------------


def test_every_product_is_the_power_of_the_slope_core_computes():
    data = vanishing_chains(["sigmoid", "tanh", "relu", "leaky_relu", "identity"], 40, 3.0, slope=0.1)
    np.testing.assert_array_equal(data.depth, np.arange(1, 41))
    for chain in data.chains:
        factor = float(core.activate_grad(chain.name, chain.z, 0.1))
        assert chain.factor == factor
        # d multiplications each round once: within d ulps of the exact power.
        np.testing.assert_allclose(chain.product, factor ** data.depth.astype(float), rtol=40 * 2.3e-16,
                                   atol=0)
    found = chains_by(data)
    # σ′(0) = 0.25 = 2⁻²: every product is exact.
    np.testing.assert_array_equal(found["sigmoid", "best"].product, 0.25 ** np.arange(1, 41))
    assert found["sigmoid", "saturated"].factor == float(core.activate_grad("sigmoid", 3.0))
    assert found["tanh", "best"].factor == 1.0 and found["tanh", "saturated"].z == 3.0
    np.testing.assert_array_equal(found["relu", "active"].product, 1.0)
    assert found["relu", "active"].z > 0 and found["relu", "off"].z <= 0
    np.testing.assert_array_equal(found["relu", "off"].product, 0.0)
    np.testing.assert_array_equal(found["leaky_relu", "off"].product, np.cumprod(np.full(40, 0.1)))
    assert [c.case for c in data.chains if c.name == "identity"] == ["best"]


def test_underflow_is_found_where_float64_says():
    data = vanishing_chains(["sigmoid", "relu"], 600, 3.0)
    best = chains_by(data)["sigmoid", "best"]
    # 0.25ᵈ = 2⁻²ᵈ: the smallest normal is 2⁻¹⁰²² (d = 511), the smallest subnormal 2⁻¹⁰⁷⁴ (d = 537).
    assert best.product[510] == SMALLEST_NORMAL and best.below_normal == 512
    assert best.product[536] > 0 and best.zero_from == 538
    assert np.isnan(best.drawn[537:]).all() and not np.isnan(best.drawn[:537]).any()
    dead = chains_by(data)["relu", "off"]
    assert dead.zero_from == 1 and dead.below_normal is None
    assert data.any_below_normal
    assert not vanishing_chains(["relu"], 600, 3.0).any_below_normal  # a dead unit is not underflow


def test_z_zero_has_no_saturated_case_and_relu_still_has_both_sides():
    data = vanishing_chains(["sigmoid", "relu"], 5, 0.0)
    assert [(c.name, c.case) for c in data.chains] == [
        ("sigmoid", "best"), ("relu", "active"), ("relu", "off")]
    assert data.saturated_z is None
    found = chains_by(data)
    assert found["relu", "active"].factor == 1.0 and found["relu", "off"].factor == 0.0


def test_the_door_takes_the_largest_z_and_checks_the_depth():
    example = nx.compare(["sigmoid", "relu"], z=[-5, 0, 2], depth=7)
    data = example._drawing_of("vanishing").data()
    assert data.saturated_z == 5.0 and data.depth[-1] == 7
    for bad in (0, 2001, 2.5, True):
        with pytest.raises(InputError, match="--depth"):
            nx.compare(["sigmoid", "relu"], depth=bad)
    with pytest.raises(InputError, match="vanishing"):
        example.figure("nonsense")
    assert nx.activation("tanh").figure("vanishing").axes[0].get_yscale() == "log"


# --- the figure -------------------------------------------------------------------------


def test_the_figure_draws_each_product_on_a_log_axis_with_its_numbers():
    figure = nx.compare(["sigmoid", "tanh", "relu", "leaky_relu"]).figure("vanishing")
    axes = figure.axes[0]
    assert axes.get_yscale() == "log"
    assert "depth" in axes.get_xlabel() and "f'(z)^d" in axes.get_ylabel()
    labels = [text.get_text() for text in figure.legends[0].get_texts()]  # below the axes
    assert labels[0].startswith(r"$\sigma'(0)^d = 0.25^d$") and r"9.095\times10^{-13}" in labels[0]
    assert any(r"\sigma'(3)^d = 0.04518^d" in label for label in labels)
    dead = [label for label in labels if "ReLU}'(z)^d = 0^d" in label]
    assert len(dead) == 1 and "dead unit" in dead[0] and "not drawn on a log axis" in dead[0]
    assert any(r"\alpha^d = 0.01^d$, $z \leq 0$" in label for label in labels)
    assert not any("smallest normal" in label for label in labels)  # nothing falls below at d = 20
    data = nx.compare(["sigmoid", "tanh", "relu", "leaky_relu"])._drawing_of("vanishing").data()
    drawn = {line.get_label(): line.get_ydata() for line in axes.lines}
    for chain, label in zip(data.chains, labels):
        if chain.zero_from == 1:
            assert len(drawn[label]) == 0  # the legend entry only
        else:
            np.testing.assert_array_equal(drawn[label], chain.drawn)


def test_underflow_is_marked_with_the_smallest_normal():
    figure = nx.compare(["sigmoid", "relu"], depth=600).figure("vanishing")
    axes = figure.axes[0]
    labels = [text.get_text() for text in figure.legends[0].get_texts()]  # below the axes
    assert any("smallest normal float64" in label and "2.225" in label for label in labels)
    assert any(r"0.25^d$ $\to$ 0 from $d = 538$" in label for label in labels)
    rule = [line for line in axes.lines if "smallest normal" in line.get_label()]
    assert len(rule) == 1 and rule[0].get_ydata()[0] == SMALLEST_NORMAL
    dots = [line for line in axes.lines if line.get_label() == "_below"]
    assert sorted(int(line.get_xdata()[0]) for line in dots) == [229, 512]


@pytest.mark.parametrize("style", STYLES)
def test_no_text_leaves_the_canvas(style):
    for depth in (20, 600):
        figure = nx.compare(["sigmoid", "tanh", "relu", "leaky_relu", "identity"], z="-4:4:9",
                            depth=depth).figure("vanishing", style=style)
        assert texts_off_the_canvas(figure) == [], (style, depth)


# --- the command ------------------------------------------------------------------------


@pytest.mark.parametrize("extension", ["png", "svg"])
def test_vanishing_saves_the_same_bytes_twice(tmp_path, extension):
    first, second = tmp_path / f"a.{extension}", tmp_path / f"b.{extension}"
    for target in (first, second):
        result = invoke("compare", "sigmoid", "tanh", "relu", "--depth", "30", "--vanishing", target)
        assert result.exit_code == 0 and f"Figure saved to {target}" in result.stderr
    assert first.read_bytes() == second.read_bytes() and first.stat().st_size > 1000


def test_plot_and_vanishing_save_two_figures(tmp_path):
    plot, vanishing = tmp_path / "p.png", tmp_path / "v.png"
    result = invoke("activation", "sigmoid", "--plot", plot, "--vanishing", vanishing)
    assert result.exit_code == 0 and plot.exists() and vanishing.exists()
    assert plot.read_bytes() != vanishing.read_bytes()


def test_vanishing_errors_name_the_option(tmp_path):
    error_line(invoke("compare", "sigmoid", "relu", "--vanishing", tmp_path / "v.txt"), "'--vanishing'")
    error_line(invoke("compare", "sigmoid", "relu", "--depth", "0", "--vanishing", tmp_path / "v.png"),
               "'--depth'")
    assert not (tmp_path / "v.png").exists()


def test_show_draws_the_vanishing_figure_only_when_asked(tmp_path):
    plain = invoke("compare", "sigmoid", "relu", "--show")
    assert plain.exit_code == 0 and "Vanishing gradients" not in plain.stdout
    asked = invoke("compare", "sigmoid", "relu", "--show", "--vanishing", tmp_path / "v.png")
    assert asked.exit_code == 0 and "Vanishing gradients" in asked.stdout
    assert "0 at every depth (a dead unit)" in asked.stdout


def test_the_help_documents_the_options_with_an_example():
    for command in ("compare", "activation"):
        text = invoke(command, "--help").output
        assert "--vanishing FILE" in text and "--depth N" in text
        assert "--vanishing" in text.split("Example:")[1]
