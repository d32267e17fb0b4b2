"""The network view's diagram with weights (key d), the chosen point marked on the
decision regions, the status line after w, and every key in the footer at 100 columns."""

import asyncio
import re

import numpy as np
import pytest

from nnexplain.explore.views.network import CHOSEN_MARK, DIAGRAM, REGIONS, NetworkView
from nnexplain.inputs.weights_file import read_network
from nnexplain.render.numbers import MINUS, format_number

SIZE = (100, 30)


def _units(text: str) -> dict:
    """The diagram's lines joined unit by unit: name -> (terms, bias, value), each a
    (sign, number text, source) as written."""
    blocks, current = [], None
    for line in text.splitlines()[1:]:
        if line.startswith("(lines"):
            continue
        if re.match(r"^(▶ |  )\S+ = ", line):
            current = [line[2:]]
            blocks.append(current)
        elif current is not None:
            current.append(line.strip())
    units = {}
    for block in blocks:
        joined = " ".join(block)
        if ") = " not in joined:
            continue  # cut off at the panel's last line
        name, rest = joined.split(" = ", 1)
        inside, value = rest.split("(", 1)[1].rsplit(") = ", 1)
        tokens = re.split(r" ([+−]) ", inside)
        first = tokens[0]
        signs = ["−" if first.startswith(MINUS) else "+"] + tokens[1::2]
        parts = [first.lstrip(MINUS)] + tokens[2::2]
        terms = [(sign, *part.split("·")) for sign, part in zip(signs[:-1], parts[:-1])]
        units[name] = (terms, (signs[-1], parts[-1]), value)
    return units


def _written(sign: str, text: str) -> str:
    return text if sign == "+" else MINUS + text


def _check(view, text, layers):
    """Every weight and bias in the text is the layers' number as the forward command
    writes it, beside the right source; every value the forward pass's."""
    from nnexplain.core.network import forward

    from nnexplain.explain.network import Names

    names = Names(layers)
    x = view.run.problem.x[view.values()["example"] - 1]
    passes = forward(layers, np.asarray(x, dtype=np.float64))
    units = _units(text)
    checked = 0
    for l, layer in enumerate(layers, start=1):
        for j in range(layer.n_out):
            name = names.unit(l, j)
            if name not in units:
                continue
            terms, bias, value = units[name]
            assert [source for _, _, source in terms] == [names.source(l, i) for i in range(layer.n_in)]
            for i, (sign, number, _) in enumerate(terms):
                assert _written(sign, number) == format_number(layer.W[i, j])
                assert abs(float(_written(sign, number).replace(MINUS, "-")) - layer.W[i, j]) <= \
                    5.1e-4 * abs(layer.W[i, j]) + 1e-12
            assert _written(*bias) == format_number(layer.b[j])
            assert value == format_number(passes[l - 1].a[j])
            checked += 1
    return checked


def test_the_diagrams_numbers_are_the_views_weights_and_the_saved_files(tmp_path):
    view = NetworkView()
    view.train(40)
    assert view.set("example", 7)
    view.toggle_diagram()
    assert view.showing == DIAGRAM
    text = view.figure(70, 12, False)
    assert text.splitlines()[0].startswith("2-8-1 after 41 epochs; point 7: x₁ = ")
    assert _check(view, text, view.run.network.layers) == 9  # every unit of 2-8-1 fits
    path = view.save_weights(tmp_path / "w.json")
    saved = read_network(path)
    assert _check(view, text, saved) == 9
    from nnexplain.api.networks import forward

    result = forward(x=list(view.run.problem.x[6]), weights=str(path)).result
    assert _units(text)["ŷ"][2] == format_number(result)


def test_d_toggles_and_s_saves_the_diagram_through_the_forward_door(tmp_path):
    view = NetworkView()
    regions = view.figure(70, 12, False)
    view.toggle_diagram()
    assert view.figure_example().worked.name != view.example.worked.name
    view.save_figure(tmp_path / "d.png")
    assert (tmp_path / "d.png").stat().st_size > 1000
    view.toggle_diagram()
    assert view.showing == REGIONS and view.figure(70, 12, False) == regions


def test_a_large_network_shows_the_chosen_units_line_and_says_which_lines():
    view = NetworkView()
    assert view.set("hidden", "16,16")
    assert view.set("unit", "h(2)9")
    view.toggle_diagram()
    text = view.figure(70, 12, False)
    lines = text.splitlines()
    assert len(lines) <= 12 and all(len(line) <= 70 for line in lines)
    assert any(line.startswith("▶ h⁽²⁾₉ = tanh(") for line in lines)
    assert re.fullmatch(r"\(lines \d+–\d+ of \d+; a chosen unit's line stays in view\)", lines[-1])
    assert _check(view, text, view.run.network.layers) >= 1


def _mark(text: str) -> tuple[int, int]:
    """(row, column) of the chosen point's mark: exactly one in the figure."""
    found = [(r, line.index(CHOSEN_MARK)) for r, line in enumerate(text.splitlines())
             if CHOSEN_MARK in line and "point" not in line]
    assert len(found) == 1, text
    return found[0]


def test_the_chosen_point_is_marked_on_the_regions_where_it_lies():
    view = NetworkView()
    x = view.run.problem.x
    text = view.figure(70, 12, False)
    assert f"'{CHOSEN_MARK}' point 1." in text.replace("\n", " ")
    marks = {}
    for axis in (0, 1):
        for end, k in (("low", int(np.argmin(x[:, axis]))), ("high", int(np.argmax(x[:, axis])))):
            assert view.set("example", k + 1)
            shown = view.figure(70, 12, False)
            assert f"point {k + 1}." in shown.replace("\n", " ")
            marks[axis, end] = _mark(shown)
    assert marks[0, "low"][1] < marks[0, "high"][1]  # further right
    assert marks[1, "low"][0] > marks[1, "high"][0]  # further up (fewer rows down)


def test_the_mark_is_in_the_colour_figure_too():
    view = NetworkView()
    assert CHOSEN_MARK in view.figure(70, 12, True)


def _screen_text(app) -> str:
    return "\n".join("".join(segment.text for segment in strip)
                     for strip in app.screen._compositor.render_strips())


async def _network_session():
    from nnexplain.explore.app import ExploreApp
    from nnexplain.explore.widgets import FigurePanel

    seen = {}
    app = ExploreApp(NetworkView())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        view = screen.view
        figure = screen.query_one(FigurePanel)
        seen["regions"] = figure.drawn
        await pilot.press("d")
        await pilot.pause()
        seen["diagram"] = (figure.drawn, format_number(view.run.network.layers[0].W[0, 0]))
        await pilot.press("w")
        await pilot.pause()
        await pilot.pause(0.2)
        seen["w"] = screen.query_one("#status").text
        await pilot.press("d")  # the next key: the message goes
        await pilot.pause()
        seen["after"] = (screen.query_one("#status").text, figure.drawn)
        await pilot.press("r", "w")  # while running: redraws keep it until a key
        await pilot.pause(0.4)
        seen["running"] = (screen.query_one("#status").text, view.run.epochs)
        await pilot.press("r")
        await pilot.pause()
        seen["paused"] = screen.query_one("#status").text
    return seen


@pytest.fixture(scope="module")
def network_session(tmp_path_factory):
    import os

    here = os.getcwd()
    os.chdir(tmp_path_factory.mktemp("explore-network"))
    try:
        return asyncio.run(_network_session())
    finally:
        os.chdir(here)


def test_d_shows_the_diagram_in_the_app(network_session):
    assert "'@' point 1" in network_session["regions"].replace("\n", " ")
    drawn, weight = network_session["diagram"]
    assert drawn.startswith("2-8-1 after 1 epoch; point 1:")
    assert "ŷ = sigmoid(" in drawn
    assert f"h₁ = tanh({weight}·x₁" in drawn


def test_w_says_where_the_weights_went_until_the_next_key(network_session):
    status = network_session["w"]
    assert status.startswith("Saved the weights after 1 epoch to ") and status.endswith(
        "explore-network-weights.json")
    after, drawn = network_session["after"]
    assert after == "" and "'@' point 1" in drawn.replace("\n", " ")
    running, epochs = network_session["running"]
    assert epochs > 1 and running.startswith("Saved the weights after ")
    assert network_session["paused"] == ""


async def _footers():
    from nnexplain.explore.app import ExploreApp
    from nnexplain.explore.views import VIEWS

    lines = {}
    for name in VIEWS:
        app = ExploreApp(VIEWS[name]())
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            lines[name] = (_screen_text(app).splitlines()[-1], app.screen.view.keys)
    return lines


def test_every_key_fits_in_the_footer_at_100_columns():
    for name, (footer, keys) in asyncio.run(_footers()).items():
        words = footer.split()
        for key, _, what in keys:
            assert f"{key} {what}" in footer, (name, footer)
        assert words[-len(keys[-1][2].split()):] == keys[-1][2].split() if keys else "q quit" in footer


def test_the_views_mark_is_the_drawers():
    from nnexplain.termplot.network_training import CHOSEN

    assert CHOSEN_MARK == CHOSEN[0]
