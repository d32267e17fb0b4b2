"""``linear-collapse``: stacked linear layers equal one layer (for any layers, up to
float64 rounding), the best line on XOR is w = 0, b = 0.5 with MSE 0.25, the ReLU
network of Goodfellow et al. §6.1 gets XOR exactly, what a learner sees is pinned,
and every mistake gets one ``Error:`` line."""

import json

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from nnexplain.cli import cli
from nnexplain.core import linear, mse
from nnexplain.core.network import collapse_linear, layer, predict
from nnexplain.explain.collapse import collapse_example, xor_comparison
from nnexplain.render.numbers import MINUS, format_exact

from cli_checks import error_line

EPS = np.finfo(np.float64).eps
moderate = st.floats(-10, 10, allow_nan=False, allow_infinity=False)


def invoke(*args):
    result = CliRunner().invoke(cli, ["linear-collapse", *map(str, args)], prog_name="nnexplain")
    print(repr(result.output))
    return result


def evaluate(text: str) -> float:
    """A step's ``substituted`` text (at full precision) evaluated as Python."""
    return eval(text.replace(MINUS, "-").replace("·", "*"), {"__builtins__": {}})


@st.composite
def linear_stacks(draw):
    """2 to 4 linear layers of 1 to 4 units, and 1 to 5 inputs for them."""
    sizes = draw(st.lists(st.integers(1, 4), min_size=3, max_size=5))
    layers = []
    for n_in, n_out in zip(sizes, sizes[1:]):
        W = draw(st.lists(moderate, min_size=n_in * n_out, max_size=n_in * n_out))
        b = draw(st.lists(moderate, min_size=n_out, max_size=n_out))
        layers.append(layer(np.reshape(W, (n_in, n_out)), b))
    rows = draw(st.integers(1, 5))
    x = draw(st.lists(moderate, min_size=rows * sizes[0], max_size=rows * sizes[0]))
    return tuple(layers), np.reshape(x, (rows, sizes[0]))


# --- core ------------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(linear_stacks())
def test_the_collapsed_layer_equals_the_stack(case):
    layers, x = case
    run = linear.collapse(layers, x)
    np.testing.assert_array_equal(run.stacked, predict(layers, x))
    # Equal up to rounding: relative 1e-12 of the size of the terms added, and
    # within the bound the explanation quotes.
    size = run.bound / (2 * EPS * sum(current.n_in + 1 for current in layers))
    assert np.all(np.abs(run.stacked - run.collapsed) <= 1e-12 * size)
    assert np.all(np.abs(run.difference) <= run.bound)
    np.testing.assert_array_equal(run.difference, run.stacked - run.collapsed)


def test_collapse_is_w1_w2_and_b1_w2_plus_b2():
    first, second = linear.example_stack()
    one = collapse_linear((first, second))
    np.testing.assert_array_equal(one.W, first.W @ second.W)
    np.testing.assert_array_equal(one.b, first.b @ second.W + second.b)
    np.testing.assert_array_equal(one.W[:, 0], [4.0, -1.5])
    np.testing.assert_array_equal(one.b, [-0.25])


def test_best_line_on_xor_is_flat_at_one_half():
    x, y = linear.xor_data()
    w, b = linear.least_squares(x, y)
    assert np.all(np.abs(w) <= 1e-15) and b == pytest.approx(0.5, abs=1e-15)
    line = linear.linear_predict(x, w, b)
    np.testing.assert_allclose(line, 0.5, atol=1e-15)
    assert mse(y, line) == pytest.approx(0.25, abs=1e-15)
    # np.linalg.lstsq (SVD) agrees, with its own rounding left in w.
    theta = np.linalg.lstsq(np.column_stack([x, np.ones(4)]), y, rcond=None)[0]
    np.testing.assert_allclose(theta, [*w, b], atol=1e-15)


@settings(max_examples=50, deadline=None)
@given(st.lists(moderate, min_size=12, max_size=12), st.lists(moderate, min_size=6, max_size=6))
def test_least_squares_agrees_with_lstsq(xs, ys):
    x, y = np.reshape(xs, (6, 2)), np.array(ys)
    X = np.column_stack([x, np.ones(6)])
    if np.linalg.cond(X) > 1e6:  # the normal equations square the condition number
        return
    w, b = linear.least_squares(x, y)
    theta = np.linalg.lstsq(X, y, rcond=None)[0]
    np.testing.assert_allclose([*w, b], theta, rtol=1e-6, atol=1e-6 * max(1.0, np.abs(y).max()))


def test_the_relu_network_gets_xor_exactly():
    x, y = linear.xor_data()
    network = linear.xor_network()
    np.testing.assert_array_equal(predict(network, x)[:, 0], y)
    flat = collapse_linear(linear.without_activations(network))
    np.testing.assert_array_equal(flat.W[:, 0], [-1.0, -1.0])
    np.testing.assert_array_equal(flat.b, [2.0])


@settings(max_examples=50, deadline=None)
@given(moderate, moderate, moderate)
def test_any_line_gives_equal_diagonal_sums(w1, w2, b):
    x, y = linear.xor_data()
    on, off = linear.diagonal_sums(x, linear.linear_predict(x, [w1, w2], b))
    assert on == pytest.approx(off, abs=1e-13)
    assert linear.diagonal_sums(x, y) == (0.0, 2.0)


# --- explain ---------------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(moderate, moderate), min_size=1, max_size=5))
def test_every_step_computes_and_matches_the_core(rows):
    x = np.array(rows)
    worked = collapse_example(x)
    for step in worked.steps:
        value = evaluate(step.substituted.fill(format_exact))
        assert value == pytest.approx(step.value, rel=1e-12, abs=1e-12), step.label
    run = linear.collapse(linear.example_stack(), x)
    assert [s.value for s in worked.steps[:3]] == [*run.layer.W[:, 0], run.layer.b[0]]
    assert worked.steps[-1].value == run.difference[0, 0]
    assert worked.steps[-2].value == run.collapsed[0, 0]
    np.testing.assert_array_equal(worked.tables_after[1].column("difference").values, run.difference[:, 0])


def test_groups_and_tables_have_distinct_keys():
    worked = collapse_example()
    groups = list(dict.fromkeys(step.group for step in worked.steps))
    assert groups == ["Collapse: W = W1·W2", "Collapse: b = b1·W2 + b2",
                      "Input 1: layer by layer", "Input 1: the one layer"]
    keys = [worked.table.key] + [table.key for table in worked.tables_after]
    assert keys == ["layers", "collapsed", "comparison", "xor"]


def test_xor_sections_quote_the_computed_numbers():
    line_section, network_section = xor_comparison().sections
    facts = {f.label: f.text.fill(format_exact) for f in line_section.facts + network_section.facts}
    assert facts["Solution"].startswith("w₁ = 0, w₂ = 0, b = 0.5")
    assert facts["Normal equations"].startswith("2·w₁ + 1·w₂ + 2·b = 1")
    assert line_section.facts[2].text.fill(format_exact).endswith("/ 4 = 0.25")
    assert "0.5 + 0.5 = 1 and 0.5 + 0.5 = 1" in facts["Why"]
    assert "h₂ = ReLU(1·x₁ + 1·x₂ + (−1))" in facts["Hidden units"]
    assert facts["Without ReLU"].endswith("MSE 1; being linear, it cannot beat the best line's MSE 0.25")


def test_rounding_is_named_as_rounding():
    worked = collapse_example(np.array([[0.1, 0.2]]))
    assert worked.steps[-1].value != 0  # 0.1 and 0.2 are not exact in float64
    assert "float64 rounding" in worked.steps[-1].note.fill(format_exact)
    same = worked.sections[0].facts[0].text.fill(format_exact)
    assert "float64 rounding" in same and "within its rounding bound" in same


# --- command ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, args",
    [
        ("collapse_default", []),
        ("collapse_x_rounding", ["--x", "0.1,0.2", "--x", "0.3,0.7"]),
        ("collapse_markdown", ["--format", "markdown"]),
        ("collapse_json", ["--format", "json"]),
    ],
)
def test_golden(golden, name, args):
    golden(name, ["linear-collapse", *args])


def test_json_gives_every_number_at_full_precision():
    result = invoke("--x", "0.1,0.2", "--x", "2,3", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["collapsed"]["name"] == ["W₁₁", "W₂₁", "b₁"]
    assert document["collapsed"]["value"] == [4.0, -1.5, -0.25]
    comparison = document["comparison"]
    x = np.column_stack([comparison["x1"], comparison["x2"]])
    run = linear.collapse(linear.example_stack(), x)
    assert comparison["stacked"] == run.stacked[:, 0].tolist()
    assert comparison["collapsed"] == run.collapsed[:, 0].tolist()
    assert comparison["difference"] == run.difference[:, 0].tolist()
    xor = document["xor"]
    assert xor["y"] == [0.0, 1.0, 1.0, 0.0] and xor["network"] == xor["y"]
    assert xor["linear"] == [0.5] * 4
    assert document["inputs"]["W1"] == [1.0, -1.0, 2.0, 0.5, 2.0, -1.0]


def test_help_has_an_example():
    result = invoke("--help")
    assert result.exit_code == 0
    assert "Example:" in result.output and "nnexplain linear-collapse --x" in result.output


@pytest.mark.parametrize(
    "args, mentions",
    [
        (["--x", "1,2,3"], ["'--x'", "input 1 has 3 numbers", "expected 2"]),
        (["--x", "1,2", "--x", "5"], ["'--x'", "input 2 has 1 number;", "expected 2"]),
        (["--x", "nan,1"], ["'--x'", "not a finite number"]),
        (["--x", "1,inf"], ["'--x'", "not a finite number"]),
        (["--x", "1,"], ["'--x'", "item 2 is empty"]),
        (["--x", "1e308,1e308"], ["'--x'", "input 1", "float64"]),
        (["--x", "1,2"] * 21, ["'--x'", "21 times", "at most 20"]),
        (["--weights", "w.json"], ["--weights"]),
        (["--x"], ["'--x'", "requires an argument"]),
        (["--precision", "0"], ["'--precision'"]),
    ],
)
def test_bad_input_gives_one_error_line(args, mentions):
    error_line(invoke(*args), *mentions)


# --- figure ----------------------------------------------------------------------------


def test_xor_figure_draws_exactly_the_surfaces_it_is_given():
    from nnexplain.plot.collapse import xor_figure

    data = linear.xor_surfaces(points=21)
    np.testing.assert_allclose(data.line, 0.5, atol=1e-15)
    x1, x2 = np.meshgrid(data.axis, data.axis)  # x₂ down the rows, x₁ across
    grid = np.column_stack([x1.ravel(), x2.ravel()])
    np.testing.assert_array_equal(data.network, predict(linear.xor_network(), grid).reshape(x1.shape))
    figure = xor_figure(data)
    left, right = figure.axes[:2]
    np.testing.assert_array_equal(left.images[0].get_array(), data.line)
    np.testing.assert_array_equal(right.images[0].get_array(), data.network)
    assert left.images[0].get_clim() == right.images[0].get_clim()  # one colour scale
    assert "0.5" in left.get_title() and "ReLU" in right.get_title()
    labels = [text.get_text() for text in figure.legends[0].get_texts()]
    assert labels[:3] == ["network's $\\hat{y} = 0.5$", "$y = 0$", "$y = 1$"]
    assert labels[3:] == ["predicted 0: $\\hat{y} < 0.5$", "predicted 1: $\\hat{y} \\geq 0.5$"]
    corners = {line.get_label(): np.column_stack(line.get_data()) for line in right.lines}
    np.testing.assert_array_equal(corners["$y = 1$"], [[0, 1], [1, 0]])


@pytest.mark.parametrize("extension", ["png", "svg"])
def test_plot_option_writes_the_same_bytes_twice(tmp_path, extension):
    first, second = tmp_path / f"a.{extension}", tmp_path / f"b.{extension}"
    for target in (first, second):
        result = invoke("--plot", target)
        assert result.exit_code == 0 and f"Figure saved to {target}" in result.stderr
    assert first.read_bytes() == second.read_bytes() and first.stat().st_size > 1000


def test_plot_errors_name_the_option(tmp_path):
    error_line(invoke("--plot", tmp_path / "xor.txt"), "'--plot'", ".png")
    error_line(invoke("--plot", tmp_path / "missing" / "xor.png"), "'--plot'", "does not exist")


def test_a_text_run_does_not_import_matplotlib():
    import subprocess
    import sys

    probe = ("import sys; from nnexplain.cli import main; sys.argv = ['nnexplain', 'linear-collapse']\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print('MATPLOTLIB' if 'matplotlib' in sys.modules else 'CLEAN', file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stderr.strip().endswith("CLEAN"), done.stderr
