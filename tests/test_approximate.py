"""``approximate``: the constructed ReLU network is the piecewise-linear interpolant,
core.network evaluates it as the direct formula does (and as torch does), the error
table follows the rates the theory gives, and every bad option gets one Error line."""

import json
import subprocess
import sys

import numpy as np
import pytest
from click.testing import CliRunner

from nnexplain.api.approximation import FUNCTIONS as DOOR_FUNCTIONS
from nnexplain.api.approximation import MAX_UNITS, approximate
from nnexplain.cli import cli
from nnexplain.cli.approximate import FUNCTIONS as CLI_FUNCTIONS
from nnexplain.core.approximation import (
    DEFAULT_INTERVALS,
    FUNCTIONS,
    GRID_POINTS,
    construct,
    direct_output,
    error_report,
    error_table,
    network_output,
    target,
    unit_contributions,
)
from nnexplain.inputs import InputError

from cli_checks import error_line

pytestmark = pytest.mark.filterwarnings("error")


def invoke(*args):
    result = CliRunner().invoke(cli, ["approximate", *map(str, args)], prog_name="nnexplain")
    print(repr(result.output))
    return result


# --- core -------------------------------------------------------------------------------


def test_the_function_lists_agree():
    assert FUNCTIONS == DOOR_FUNCTIONS == CLI_FUNCTIONS


@pytest.mark.parametrize("function", FUNCTIONS)
@pytest.mark.parametrize("n", [1, 2, 7, 8, 33, 256])
def test_the_network_is_the_interpolant(function, n):
    a, b = DEFAULT_INTERVALS[function]
    built = construct(function, a, b, n)
    x = np.linspace(a, b, 2001)
    scale = max(1.0, float(np.max(np.abs(built.c))) * (b - a))
    np.testing.assert_allclose(network_output(built, x), np.interp(x, built.x, built.fx),
                               rtol=0, atol=1e-12 * scale)
    # core.network's forward pass and the formula written out agree
    np.testing.assert_allclose(network_output(built, x), direct_output(built, x),
                               rtol=0, atol=1e-12 * scale)


def test_the_layers_are_what_the_brief_says():
    built = construct("sin", 0.0, 2 * np.pi, 8)
    hidden, output = built.layers
    assert hidden.activation == "relu" and output.activation == "identity"
    assert hidden.W.shape == (1, 8) and output.W.shape == (8, 1)
    np.testing.assert_array_equal(hidden.W, 1.0)
    np.testing.assert_array_equal(hidden.b, -built.x[:-1])
    s = np.diff(built.fx) / np.diff(built.x)
    np.testing.assert_array_equal(output.W[:, 0], np.concatenate(([s[0]], np.diff(s))))
    assert output.b[0] == built.fx[0] == 0.0
    # the contributions add up to g
    x = np.linspace(0, 2 * np.pi, 101)
    np.testing.assert_allclose(built.fx[0] + unit_contributions(built, x).sum(axis=0),
                               network_output(built, x), atol=1e-15)


@pytest.mark.parametrize("function", FUNCTIONS)
def test_the_network_passes_through_every_knot(function):
    a, b = DEFAULT_INTERVALS[function]
    report = error_report(construct(function, a, b, 8))
    assert report.knot_error < 1e-14


# torch 2.13.0 (CPU, float64): nn.Sequential(Linear(1, 8), ReLU(), Linear(8, 1)) with the
# weights of construct("sin", 0, 2π, 8), at these x (tests/test_approximate.py made them
# with /work/venv-torch; test_torch_live checks again when torch is installed).
TORCH_X = [0.0, 0.3, 1.0, 2.5, 3.14159, 4.0, 5.5, 6.2]
TORCH_SIN_8 = [0.0, 0.2700948948471318, 0.7871367909511516, 0.5776363343534251,
               2.3890701875139975e-06, -0.7343336014315117, -0.7051145106282963,
               -0.07489308931832211]


def test_agrees_with_stored_torch_values():
    built = construct("sin", 0.0, 2 * np.pi, 8)
    np.testing.assert_allclose(network_output(built, TORCH_X), TORCH_SIN_8, rtol=1e-12, atol=1e-15)


def test_torch_live():
    torch = pytest.importorskip("torch")
    built = construct("step", -1.0, 1.0, 16)
    net = torch.nn.Sequential(torch.nn.Linear(1, 16, dtype=torch.float64), torch.nn.ReLU(),
                              torch.nn.Linear(16, 1, dtype=torch.float64))
    with torch.no_grad():
        net[0].weight.copy_(torch.tensor(built.layers[0].W.T))
        net[0].bias.copy_(torch.tensor(built.layers[0].b))
        net[2].weight.copy_(torch.tensor(built.layers[1].W.T))
        net[2].bias.copy_(torch.tensor(built.layers[1].b))
        x = np.linspace(-1, 1, 301)
        theirs = net(torch.tensor(x[:, None]))[:, 0].numpy()
    np.testing.assert_allclose(network_output(built, x), theirs, rtol=1e-12, atol=1e-15)


# --- the error table ----------------------------------------------------------------------


def test_sin_error_falls_about_four_times_per_doubling_and_stays_under_the_bound():
    rows = error_table("sin", 0.0, 2 * np.pi)
    assert [r.units for r in rows] == [2, 4, 8, 16, 32]
    for r in rows:
        assert r.max_error <= r.bound
    ratios = [p.max_error / q.max_error for p, q in zip(rows[2:], rows[3:])]
    assert all(3.7 < ratio < 4.1 for ratio in ratios), ratios
    # N = 2: knots at 0, π, 2π where sin is 0: the network is flat and misses by 1
    assert rows[0].max_error == pytest.approx(1.0, abs=1e-12)


def test_square_error_is_exactly_the_bound_h_squared_over_4():
    for r in error_table("square", -1.0, 1.0):
        assert r.max_error == pytest.approx(r.h ** 2 / 4, rel=1e-12) == r.bound


def test_abs_is_exact_with_a_knot_on_zero_and_not_without():
    assert all(r.max_error < 1e-15 and r.knot_at_zero for r in error_table("abs", -1.0, 1.0))
    odd = error_report(construct("abs", -1.0, 1.0, 7))
    # knots ±1/7 around 0: the chord is at height 1/7 there
    assert odd.max_error == pytest.approx(1 / 7, rel=1e-12) and odd.max_error_at == 0.0


def test_step_error_stays_near_half_while_its_width_shrinks_like_one_over_n():
    rows = error_table("step", -1.0, 1.0)
    assert all(0.49 < r.max_error < 0.5 for r in rows)
    widths = [r.wide for r in rows]
    for p, q in zip(widths, widths[1:]):
        assert p / q == pytest.approx(2.0, rel=0.01)
    # the ramp reaches 0.1 from the jump at 0.8·h on each side: 1.6·h in all
    assert rows[2].wide == pytest.approx(1.6 * rows[2].h, abs=2 * 2 / (GRID_POINTS - 1))


# --- the command --------------------------------------------------------------------------

GOLDEN = {
    "approximate_default": [],
    "approximate_step": ["--function", "step", "--units", "16"],
    "approximate_abs_odd": ["--function", "abs", "--units", "7", "--interval", "-1,2"],
    "approximate_square_markdown": ["--function", "square", "--units", "4", "--format", "markdown"],
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_output_matches_golden_file(name, golden):
    golden(name, ["approximate", *GOLDEN[name]])


def test_json_carries_the_units_and_the_error_table():
    result = invoke("--function", "square", "--units", "4", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    values = document["values"]
    assert values["knots"] == [-1.0, -0.5, 0.0, 0.5, 1.0]
    assert values["hidden_weights"] == [1.0] * 4
    assert values["hidden_biases"] == [1.0, 0.5, 0.0, -0.5]
    assert values["output_weights"] == [-1.5, 1.0, 1.0, 1.0]
    assert values["output_bias"] == 1.0
    assert values["max_error"] == 0.0625
    assert values["error_table_units"] == [2, 4, 8, 16, 32]
    assert values["error_table_max_error"] == [0.25, 0.0625, 0.015625, 0.00390625, 0.0009765625]
    assert document["units"]["output_weights"] == [-1.5, 1.0, 1.0, 1.0]
    assert document["error_table"]["ratio"] == ["—", "4", "4", "4", "4"]
    assert document["inputs"] == {"function": "square", "units": 4, "interval": [-1, 1]}


def test_api_result_is_the_largest_error():
    example = approximate("square", units=4)
    assert example.result == 0.0625
    assert approximate("sin", units="8").result == pytest.approx(0.07037761355799466, rel=1e-12)


@pytest.mark.parametrize("args, mentions", [
    (["--function", "cos"], ["'--function'", "'sin'", "'square'", "'abs'", "'step'"]),
    (["--units", "0"], ["'--units'", "between 1 and 256"]),
    (["--units", "257"], ["'--units'", "between 1 and 256"]),
    (["--units", "2.5"], ["'--units'", "not a valid integer"]),
    (["--interval", "1,1"], ["'--interval'", "a < b"]),
    (["--interval", "2,1"], ["'--interval'", "a < b"]),
    (["--interval", "1"], ["'--interval'", "give two"]),
    (["--interval", "0,1,2"], ["'--interval'", "give two"]),
    (["--interval", "0,inf"], ["'--interval'"]),
    (["--interval", "nan,1"], ["'--interval'"]),
    (["--interval", "0,1e7"], ["'--interval'", "1e+06"]),
    (["--interval", "0,1e-9"], ["'--interval'", "at least 1e-06 long"]),
])
def test_every_bad_option_is_one_error_line(args, mentions):
    error_line(invoke(*args), *mentions)


@pytest.mark.parametrize("kwargs, name", [
    ({"function": "cos"}, "--function"),
    ({"units": 0}, "--units"),
    ({"units": 2.5}, "--units"),
    ({"units": True}, "--units"),
    ({"interval": (1, 0)}, "--interval"),
    ({"interval": (0, float("inf"))}, "--interval"),
])
def test_the_door_refuses_the_same(kwargs, name):
    with pytest.raises(InputError) as caught:
        approximate(**kwargs)
    assert caught.value.hint == f"'{name}'"


def test_the_limit_itself_works():
    assert approximate("step", units=MAX_UNITS).result < 0.5


def test_help_has_an_example():
    result = invoke("--help")
    assert result.exit_code == 0 and "Example:" in result.output and "1 to 256" in result.output


def test_the_text_command_does_not_import_matplotlib():
    probe = ("import sys\nfrom nnexplain.cli import main\nsys.argv = ['nnexplain', 'approximate']\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "sys.stderr.write(str('matplotlib' in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stderr.strip().endswith("False"), done.stderr


# --- the figure ---------------------------------------------------------------------------


def test_the_figure_draws_f_g_the_knots_and_each_unit():
    figure = approximate("sin", units=8).figure()
    left, right = figure.axes
    f, g, knots = left.get_lines()
    x = f.get_xdata()
    np.testing.assert_allclose(f.get_ydata(), np.sin(x))
    np.testing.assert_allclose(g.get_ydata(), np.interp(x, knots.get_xdata(), knots.get_ydata()),
                               atol=1e-12)
    assert len(knots.get_xdata()) == 9
    np.testing.assert_allclose(knots.get_ydata(), target("sin", knots.get_xdata()), atol=1e-15)
    contributions = [line for line in right.get_lines() if len(line.get_xdata()) == len(x)]
    assert len(contributions) == 8
    total = sum(line.get_ydata() for line in contributions)
    np.testing.assert_allclose(total, g.get_ydata(), atol=1e-12)
    assert "0.07038" in left.get_title()
    from figure_checks import texts_off_the_canvas

    assert texts_off_the_canvas(figure) == []


@pytest.mark.parametrize("function, units", [("sin", 8), ("step", 100), ("square", 1)])
def test_the_figure_fits_a_slide_and_says_how_g_is_made(function, units):
    # The title names the contributions; the y label says g is f(x0) plus their sum
    # (of all N when only the first 64 are drawn); nothing leaves the slide or overlaps.
    from figure_checks import text_overlaps, texts_off_the_canvas
    from nnexplain.plot.labels import math_number
    from nnexplain.plot.style import figure_settings

    example = approximate(function, units=units)
    offset = example._drawing.data().offset
    with figure_settings(style="slides", dpi=50):
        figure = example.figure()
        left, right = figure.axes
        assert "ReLU" in right.get_title()
        assert ("first 64 of 100" in right.get_title()) == (units == 100)
        assert right.get_ylabel().startswith(f"$g(x) = {math_number(offset)}$ + the sum of ")
        assert right.get_ylabel().endswith("all 100" if units == 100 else "these")
        assert [t.get_text() for t in figure.legends[0].get_texts()][1].startswith("network g(x)")
        assert texts_off_the_canvas(figure, ticks=True) == []
        assert text_overlaps(figure) == []


def test_the_saved_figure_is_byte_identical_twice(tmp_path):
    first, second = tmp_path / "a.png", tmp_path / "b.png"
    for path in (first, second):
        result = invoke("--function", "step", "--units", "4", "--plot", path)
        assert result.exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_show_draws_f_g_and_the_knots_in_the_terminal():
    result = invoke("--function", "abs", "--units", "5", "--show")
    assert result.exit_code == 0
    assert "max |f − g| = 0.2" in result.stdout
    assert "f(x) = |x|" in result.stdout and "6 knots" in result.stdout
    text = approximate("sin", units=3).terminal_figure(width=60, height=20)
    assert len(text.splitlines()) == 20 and max(map(len, text.splitlines())) <= 60


def test_step_with_the_jump_at_an_end_speaks_of_that_side_only():
    facts = {fact.label: fact.text for section in approximate("step", 8, (0, 1)).sections
             for fact in section.facts}
    text = facts["A jump no network can make"].template
    assert "1 just right" in text and "0 just left" not in text
