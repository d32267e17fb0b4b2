"""forward --diagram-z: each unit's z (before its activation) written beside its output
a in the network diagram, from ``diagram(..., sums=True)``; the layout stays free of
overlaps for small, wide and deep networks, and the door and the command refuse z
without the values it is written beside."""

import numpy as np
import pytest
from click.testing import CliRunner

from nnexplain.api.networks import forward as forward_door
from nnexplain.cli import cli
from nnexplain.core.network import forward
from nnexplain.explain.diagram import diagram
from nnexplain.inputs import InputError
from nnexplain.inputs.weights_file import MAX_LAYERS, MAX_UNITS
from nnexplain.plot.diagram import diagram_figure
from nnexplain.plot.style import figure_settings
from nnexplain.render.numbers import format_number
from test_diagram_layout import FAST_DPI, network, overlaps

# Shapes not covered by test_diagram_layout's z case: one unit, deep, wide then narrow,
# and a deep chain of wide layers (the weight panel).
SHAPES = [(1, 1), (2,) * (MAX_LAYERS + 1), (1, MAX_UNITS, 1), (MAX_UNITS, 1), (5, 2, 5, 7, 3)]


def _written(figure):
    return [t.get_text() for t in figure.axes[0].texts]


@pytest.mark.parametrize("style", ["light", "dark", "slides"])
@pytest.mark.parametrize("sizes", SHAPES, ids=lambda s: "-".join(map(str, s)))
def test_z_beside_each_units_value_and_nothing_overlaps(sizes, style):
    layers = network(sizes, seed=7)
    x = np.linspace(-2.0, 1.5, sizes[0])
    with figure_settings(style=style):
        figure = diagram_figure(diagram(layers, x, sums=True))
    written = _written(figure)
    for p in forward(layers, x):
        for z, a in zip(p.z, p.a):
            assert f"z = {format_number(z)}, a = {format_number(a)}" in written
    figure.set_dpi(FAST_DPI)
    assert overlaps(figure) == []


def test_the_door_passes_diagram_z_and_keeps_it_off_by_default():
    plain = forward_door(x=[2, 3])._drawing.data()
    with_z = forward_door(x=[2, 3], diagram_z=True)._drawing.data()
    assert plain.sums is None
    layers = __import__("nnexplain.inputs.weights_file", fromlist=["x"]).load_network(None).layers
    expected = [p.z for p in forward(layers, np.array([2.0, 3.0]))]
    assert len(with_z.sums) == len(expected)
    for got, want in zip(with_z.sums, expected):
        np.testing.assert_array_equal(got, want)
    written = _written(forward_door(x=[2, 3], diagram_z=True).figure())
    assert f"z = {format_number(expected[0][0])}, a = 0" in written  # h₁ = ReLU(−3.9934)
    assert not any(t.startswith("z = ") for t in _written(forward_door(x=[2, 3]).figure()))


def test_z_without_the_values_is_refused_by_the_door_and_the_command():
    with pytest.raises(InputError, match="--no-diagram-values"):
        forward_door(diagram_values=False, diagram_z=True)
    result = CliRunner().invoke(cli, ["forward", "--diagram-z", "--no-diagram-values"])
    assert result.exit_code == 2 and "'--diagram-z'" in result.stderr and result.stdout == ""


def test_forward_diagram_z_saves_the_figure_with_z(tmp_path):
    path, without = tmp_path / "net.png", tmp_path / "plain.png"
    result = CliRunner().invoke(cli, ["forward", "--diagram", str(path), "--diagram-z"])
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(cli, ["forward", "--diagram", str(without)]).exit_code == 0
    assert path.read_bytes() != without.read_bytes()  # the z labels are drawn
    plain = CliRunner().invoke(cli, ["forward"]).stdout
    assert result.stdout == plain  # the text view is unchanged by the flag
