"""The Python API: ``import nnexplain as nx``; one door per command, the same checks,
the same JSON, and views and figures on the returned example."""

import json
import subprocess
import sys

import numpy as np
import pytest

import nnexplain as nx
from api_checks import same_error_as_cli, same_json_as_cli


def test_import_nnexplain_loads_neither_numpy_nor_matplotlib_nor_rich():
    code = ("import sys, nnexplain; heavy = [m for m in ('numpy', 'matplotlib', 'rich.console', 'click') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_loss_without_matplotlib_or_rich():
    code = ("import sys, nnexplain as nx; nx.loss(1, 0.1).to_json(); "
            "print([m for m in ('matplotlib', 'rich.console') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "args, call",
    [
        (["loss", "--y", "1", "--yhat", "0.1"], lambda: nx.loss(y=1, yhat=0.1)),
        (["loss", "--y", "1", "--yhat", "0.1", "--loss", "squared"], lambda: nx.loss(1, 0.1, loss="squared")),
        (["loss", "--y", "1", "--yhat", "0", "--eps", "1e-7"], lambda: nx.loss(1, 0.0, eps=1e-7)),
        (["loss", "--y", "0.3", "--yhat", "1"], lambda: nx.loss("0.3", "1")),
        (["cost", "--y", "1,0,1", "--yhat", "0.9,0.2,0.6"], lambda: nx.cost(y=[1, 0, 1], yhat=[0.9, 0.2, 0.6])),
        (["cost", "--y", "1,0", "--yhat", "0.9,0.2", "--loss", "squared"],
         lambda: nx.cost(np.array([1.0, 0.0]), np.array([0.9, 0.2]), loss="squared")),
    ],
)
def test_the_api_gives_the_same_json_as_the_command(args, call):
    same_json_as_cli(args, call())


def test_cost_reads_the_same_csv_file(tmp_path):
    data = tmp_path / "p.csv"
    data.write_text("y,y_hat\n1,0.9\n0,0.2\n")
    same_json_as_cli(["cost", "--data", str(data)], nx.cost(data=data))


@pytest.mark.parametrize(
    "args, call, mention",
    [
        (["loss", "--y", "2", "--yhat", "0.1"], lambda: nx.loss(2, 0.1), "outside [0, 1]"),
        (["loss", "--y", "1", "--yhat", "0.1", "--loss", "squared", "--eps", "0.1"],
         lambda: nx.loss(1, 0.1, loss="squared", eps=0.1), "--eps applies only"),
        (["cost", "--y", "1,0", "--yhat", "0.9"], lambda: nx.cost([1, 0], [0.9]), "one prediction per example"),
        (["cost", "--y", "1"], lambda: nx.cost([1]), "Give --y and --yhat"),
    ],
)
def test_a_bad_input_is_the_same_message_everywhere(args, call, mention):
    error = same_error_as_cli(args, call)
    assert mention in str(error) and isinstance(error, ValueError)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), True, "abc", None, [1, 2]])
def test_python_values_that_are_not_numbers_are_input_errors(bad):
    with pytest.raises(nx.InputError, match="'--yhat'"):
        nx.loss(1, bad)


def test_the_example_carries_result_views_and_fields():
    example = nx.loss(y=1, yhat=0.1)
    assert example.result == pytest.approx(2.302585092994046, rel=1e-15)
    assert example.title.startswith("Log loss") and len(example.steps) == 3
    assert json.loads(example.to_json()) == example.to_dict()
    assert example.to_markdown().startswith("###") or "L =" in example.to_markdown()
    assert "\\begin{align*}" in example.to_latex()
    text = example.to_text(width=80)
    assert "2.3026" in text and "\x1b[" not in text and max(map(len, text.splitlines())) <= 80
    assert "L = 2.3026" in repr(example) and len(repr(example)) < 120


def test_figures_from_the_example(tmp_path):
    example = nx.loss(1, 0.1)
    figure = example.figure(style="dark")
    assert figure.axes and figure.get_facecolor() != (1.0, 1.0, 1.0, 1.0)
    path = tmp_path / "loss.png"
    example.save_figure(path)
    assert path.read_bytes().startswith(b"\x89PNG")
    with pytest.raises(nx.InputError, match="unknown style"):
        example.figure(style="neon")


def test_a_figure_the_data_cannot_fill_is_refused():
    example = nx.cost(y=[0.0] * 2001, yhat=[0.5] * 2001)
    with pytest.raises(nx.InputError, match="at most 2,000 examples"):
        example.figure()


def test_each_door_is_loaded_on_first_use_and_never_shadowed_by_its_module():
    """nnexplain.api imports a door's module only when the door is used (a text
    command loads its own door alone); importing every door module first must not
    turn a door into a module (a module named like its door would)."""
    import importlib
    import subprocess
    import sys
    import types

    from nnexplain import api

    code = ("import sys, nnexplain.api as a; a.loss; "
            "print(sorted(m for m in sys.modules if m.startswith('nnexplain.api.')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "['nnexplain.api.example', 'nnexplain.api.losses']"
    for module in set(api._DOORS.values()):
        importlib.import_module(f"nnexplain.api.{module}")
    for name in api._DOORS:
        assert not isinstance(getattr(api, name), types.ModuleType), name
    assert sorted(api.__all__) == sorted(n for n in dir(api) if n in api._DOORS or n in ("Drawing", "Example", "InputError"))
