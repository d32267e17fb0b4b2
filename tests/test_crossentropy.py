"""``nnexplain crossentropy``: softmax with cross-entropy, its gradient, worked.

The core is checked against PyTorch's ``torch.nn.functional.cross_entropy`` and its
autograd gradient, from the stored fixture tests/reference/crossentropy.json (written
by tests/reference/make_crossentropy_reference.py) and live when torch imports, and
against mpmath at 60 digits.
"""

import importlib.util
import json
import math
from pathlib import Path

import mpmath
import numpy as np
import pytest
from click.testing import CliRunner

from cli_checks import error_line
from figure_checks import texts_off_the_canvas
from nnexplain.api.cross_entropy import crossentropy as door
from nnexplain.cli import cli
from nnexplain.core import crossentropy as ce
from nnexplain import core

REFERENCE_DIR = Path(__file__).parent / "reference"
GOLDEN = Path(__file__).parent / "golden"
RTOL = 1e-12
# Where the loss is tiny (the true class far ahead: L = ln(1 + Σ e^(zⱼ − m)) ≈ 4e-9),
# torch computes ln of the rounded sum 1 + ε, off by up to an ulp of 1 (2.2e-16)
# absolute; the core uses log1p and is exact there (checked against mpmath below).
TORCH_LOSS_ATOL = 2 * float(np.finfo(np.float64).eps)


def floats(values):
    return np.array([float(v) for v in values], dtype=np.float64)


def target_of(case, classes):
    return ce.one_hot(case["target"], classes) if "target" in case else np.array(case["y"], dtype=np.float64)


def _cases(reference):
    return [(kind, case) for kind in ("index", "probability") for case in reference[kind]]


def _check_against(kind, case, values):
    z = case["z"]
    y = target_of(case, len(z))
    np.testing.assert_allclose(ce.cross_entropy(z, y), values["loss"], rtol=RTOL, atol=TORCH_LOSS_ATOL)
    np.testing.assert_allclose(ce.log_softmax(z), floats(values["log_softmax"]), rtol=RTOL,
                               atol=TORCH_LOSS_ATOL)
    # torch's gradient is p − y as written: 0 for the true class once p rounds to 1, where
    # the core keeps −(1 − p) (4.2e-18 for [40, 0]; checked against mpmath below).
    np.testing.assert_allclose(ce.cross_entropy_grad(z, y), floats(values["gradient"]), rtol=RTOL,
                               atol=TORCH_LOSS_ATOL)


REFERENCE = json.loads((REFERENCE_DIR / "crossentropy.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("kind", "case"), _cases(REFERENCE),
                         ids=[f"{k}-{i}" for i, (k, _) in enumerate(_cases(REFERENCE))])
def test_core_agrees_with_stored_torch(kind, case):
    _check_against(kind, case, case)


def test_the_fixture_covers_the_brief_edges():
    index = [(tuple(c["z"]), c["target"]) for c in REFERENCE["index"]]
    assert ((1000.0, 0.0, 0.0), 1) in index
    assert ((-1000.0, 0.0, 1000.0), 0) in index
    assert any(max(c["z"]) - min(c["z"]) > 1e5 for c in REFERENCE["index"])


@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="torch is not installed")
@pytest.mark.parametrize(("kind", "case"), _cases(REFERENCE))
def test_core_agrees_with_live_torch(kind, case):
    spec = importlib.util.spec_from_file_location("make_ce", REFERENCE_DIR / "make_crossentropy_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    target = case["target"] if "target" in case else case["y"]
    _check_against(kind, case, module.case_values(case["z"], target))


def _true_loss(z, y):
    mpmath.mp.dps = 60
    zs = [mpmath.mpf(v) for v in z]
    lse = mpmath.log(mpmath.fsum(mpmath.exp(v) for v in zs))
    return float(-mpmath.fsum(mpmath.mpf(w) * (v - lse) for w, v in zip(y, zs) if w))


@pytest.mark.parametrize(("z", "target"), [([20.0, 0.0, 0.0], 0), ([40.0, 0.0], 0), ([2.0, 1.0, 0.1], 2),
                                           ([1e5, -1e5, 3.0], 2), ([0.3, 0.1, 0.2, 0.4], 1)])
def test_the_loss_is_correctly_rounded_even_where_torch_is_not(z, target):
    # [40, 0]: torch gives 0, the true loss is ln(1 + e^−40) = 4.25e-18.
    y = ce.one_hot(target, len(z))
    np.testing.assert_allclose(ce.cross_entropy(z, y), _true_loss(z, y), rtol=4e-16, atol=0)


def _true_gradient(z, y):
    mpmath.mp.dps = 50
    zs = [mpmath.mpf(v) for v in z]
    total = mpmath.fsum(mpmath.exp(v) for v in zs)
    return [float(mpmath.exp(v) / total - mpmath.mpf(w)) for v, w in zip(zs, y)]


@pytest.mark.parametrize(("z", "y"), [([40.0, 0.0], [1, 0]), ([20.0, 0.0, 0.0], [1, 0, 0]),
                                      ([2.0, 1.0, 0.1], [0.1, 0.8, 0.1]), ([1000.0, 0.0, 0.0], [0, 1, 0]),
                                      ([0.3, 0.1, 0.2, 0.4], [0, 0, 0, 1]), ([50.0, 10.0, -3.0], [0.5, 0.5, 0])])
def test_the_gradient_keeps_its_digits_where_p_rounds_to_1(z, y):
    """p − y as written loses the true class's gradient once p rounds to 1 (torch: 0);
    −(1 − p) from the other classes' share keeps it (mpmath, 50 digits)."""
    # Where pᵢ is near a soft yᵢ the difference itself is small: pᵢ's own rounding (an ulp
    # of pᵢ, ≤ 1.1e-16) bounds its absolute error there.
    soft = np.count_nonzero(y) > 1
    np.testing.assert_allclose(ce.cross_entropy_grad(z, y), _true_gradient(z, y), rtol=4e-15,
                               atol=1.2e-16 if soft else 0)


def test_naive_log_softmax_fails_where_the_stable_one_does_not():
    z = [1000.0, 0.0, 0.0]
    assert ce.log_softmax_naive(z)[1] == -math.inf
    assert ce.cross_entropy_naive(z, ce.one_hot(1, 3)) == math.inf
    assert ce.cross_entropy(z, ce.one_hot(1, 3)) == 1000.0


def test_the_chain_rule_through_the_jacobian_is_p_minus_y():
    z, y = [2.0, -1.0, 0.5, 3.0], [0.1, 0.2, 0.3, 0.4]
    np.testing.assert_allclose(ce.cross_entropy_grad_via_jacobian(z, y), ce.cross_entropy_grad(z, y),
                               rtol=1e-13, atol=1e-16)
    # and p − y is the numerical derivative of the loss
    h = 1e-6
    numeric = [(ce.cross_entropy(np.add(z, h * np.eye(4)[i]), y) - ce.cross_entropy(np.subtract(z, h * np.eye(4)[i]), y))
               / (2 * h) for i in range(4)]
    np.testing.assert_allclose(numeric, ce.cross_entropy_grad(z, y), rtol=1e-7)


def test_binary_cross_entropy_is_the_two_class_case():
    for s, y1 in ((-1.0, 1.0), (2.5, 0.25), (0.0, 0.5)):
        assert math.isclose(ce.cross_entropy([0.0, s], [1 - y1, y1]),
                            float(core.log_loss(y1, core.sigmoid(s))), rel_tol=1e-14)


# --- the worked example and its views ----------------------------------------------

def run(*args):
    return CliRunner().invoke(cli, ["crossentropy", *args], env={"COLUMNS": "80"})


@pytest.mark.parametrize(("name", "args"), [
    ("crossentropy", ["--z", "2,1,0.1", "--target", "1"]),
    ("crossentropy-underflow", ["--z", "1000,0,0", "--target", "1"]),
    ("crossentropy-soft", ["--z", "2,1,0.1", "--y", "0.1,0.8,0.1"]),
    ("crossentropy-binary", ["--z", "3,-2", "--y", "0.75,0.25"]),
])
def test_golden_text(update_golden, name, args):
    # At width 80 (the conftest golden fixture runs at 100): regenerate with
    # pytest tests/test_crossentropy.py -k golden --update-golden.
    result = CliRunner().invoke(cli, ["crossentropy", *args], env={"COLUMNS": "80"},
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    path = GOLDEN / f"{name}.txt"
    if update_golden:
        path.write_text(result.stdout, encoding="utf-8")
        pytest.skip(f"rewrote {path.name}")
    assert result.stdout == path.read_text(encoding="utf-8")
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_json_values():
    result = run("--z", "1000,0,0", "--target", "1", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    values = doc["values"]
    assert values["loss"] == 1000.0 == doc["result"]
    assert values["probabilities"] == [1.0, 0.0, 0.0]
    assert values["log_probabilities"] == [0.0, -1000.0, -1000.0]
    assert values["gradient"] == [1.0, -1.0, 0.0]
    assert values["target"] == [0.0, 1.0, 0.0]
    assert values["target_class"] == 1 and values["predicted_class"] == 0
    assert "class" not in doc["classes"]  # the row number is the class: JSON arrays count from 0
    text = json.dumps(doc, ensure_ascii=False)
    assert "−∞" in text and "1000" in text  # the naive ln 0 shown, and the stable answer


def test_json_soft_target_matches_core():
    z, y = [2.0, 1.0, 0.1], [0.1, 0.8, 0.1]
    doc = door(z, y=y).to_dict()
    assert doc["values"]["loss"] == ce.cross_entropy(z, y)
    assert doc["values"]["gradient"] == ce.cross_entropy_grad(z, y).tolist()
    assert doc["values"]["target_class"] is None
    assert doc["values"]["predicted_class"] == 0


def test_the_last_step_is_the_core_loss_and_the_gradients_sum_step_is_computed():
    example = door([0.3, -1.2, 2.2, 0.0], target=3)
    loss_step = [s for s in example.steps if s.label == "The loss"][0]
    assert loss_step.value == example.result == ce.cross_entropy([0.3, -1.2, 2.2, 0.0], ce.one_hot(3, 4))
    assert example.steps[-1].value == float(np.sum(ce.cross_entropy_grad([0.3, -1.2, 2.2, 0.0], ce.one_hot(3, 4))))


def test_a_binary_loss_that_rounds_differently_is_not_called_the_same():
    text = door([0.0, -1000.0], target=1).to_text(width=100)
    assert "the same number" not in text.split("Binary cross-entropy")[1]
    assert "∞" in text


def test_every_view_renders():
    example = door([2, 1, 0.1], target=0)
    assert "L = " in example.to_markdown()
    assert "\\begin" in example.to_latex()


# --- errors ------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "mentions"), [
    (["--z", "3", "--target", "0"], ["'--z'", "at least 2"]),
    (["--z", "1,nan", "--target", "0"], ["'--z'", "finite"]),
    (["--z", "1,inf", "--target", "0"], ["'--z'"]),
    (["--z", "1,2,3", "--target", "3"], ["'--target'", "0 to 2"]),
    (["--z", "1,2,3", "--target", "-1"], ["'--target'", "0 to 2"]),
    (["--z", "1,2,3", "--target", "1.5"], ["'--target'", "whole number"]),
    (["--z", "1,2,3", "--target", "one"], ["'--target'", "whole number"]),
    (["--z", "1,2,3", "--y", "0,1"], ["'--y'", "3 scores"]),
    (["--z", "1,2,3", "--y", "-0.5,1,0.5"], ["'--y'", "[0, 1]"]),
    (["--z", "1,2,3", "--y", "0.2,0.2,0.2"], ["'--y'", "add up to 1"]),
    (["--z", "1,2,3", "--y", "0,nan,1"], ["'--y'"]),
    (["--z", "1,2,3", "--target", "1", "--y", "0,1,0"], ["--target", "--y", "both"]),
    (["--z", "1,2,3"], ["--target", "--y", "neither"]),
    (["--target", "1"], ["--z"]),
])
def test_errors(args, mentions):
    error_line(run(*args), *mentions)


def test_python_errors_are_input_errors():
    from nnexplain.inputs import InputError

    for call in (lambda: door([1, 2], target=True), lambda: door([1, 2], target=2.5),
                 lambda: door([1, 2], target=None, y=None), lambda: door(None, target=0)):
        with pytest.raises(InputError):
            call()
    assert door([1, 2], target=1.0).result == door([1, 2], target=1).result


def test_a_sum_within_the_tolerance_is_accepted():
    assert math.isclose(door([1, 2, 3], y=[0.1, 0.2, 0.7 + 1e-10]).result,
                        ce.cross_entropy([1, 2, 3], [0.1, 0.2, 0.7 + 1e-10]), rel_tol=1e-15)


# --- the figure ---------------------------------------------------------------------

def test_the_figure(tmp_path):
    from nnexplain.plot import save_figure

    figure = door([2, 1, 0.1], target=1).figure()
    left, right = figure.axes[:2]
    heights = [p.get_height() for p in left.patches]
    np.testing.assert_allclose(heights[:3], core.softmax(np.array([2, 1, 0.1])))
    assert heights[3:6] == [0.0, 1.0, 0.0]
    np.testing.assert_allclose([p.get_height() for p in right.patches],
                               ce.cross_entropy_grad([2, 1, 0.1], [0, 1, 0]))
    colours = {p.get_facecolor() for p in right.patches}
    assert len(colours) == 2  # sign-coloured
    assert "1.417" in figure._suptitle.get_text()
    assert texts_off_the_canvas(figure) == []
    first, second = tmp_path / "a.png", tmp_path / "b.png"
    save_figure(door([2, 1, 0.1], target=1).figure(), str(first))
    save_figure(door([2, 1, 0.1], target=1).figure(), str(second))
    assert first.read_bytes() == second.read_bytes()


def test_plot_option_saves_a_file(tmp_path):
    target = tmp_path / "ce.svg"
    result = run("--z", "1000,0,0", "--target", "1", "--plot", str(target))
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 1000


def test_terminal_drawing(monkeypatch):
    from nnexplain.termplot import figures
    from nnexplain.termplot.crossentropy import crossentropy_text

    # Until termplot/figures.py lists it, hook it in here to test the drawing itself.
    monkeypatch.setitem(figures.DRAWERS, "crossentropy_figure", crossentropy_text)
    text = door([2, 1, 0.1], target=1).terminal_figure(80, 24)
    assert "L = −Σ yᵢ·ln pᵢ = 1.417" in text
    assert "−0.7576" in text and "0.659" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    assert door([1000, 0, 0], target=1).terminal_figure(60, 20, color=True)


def test_text_views_do_not_import_matplotlib():
    import subprocess
    import sys

    code = ("import sys; from nnexplain.cli import cli; from click.testing import CliRunner; "
            "r = CliRunner().invoke(cli, ['crossentropy', '--z', '2,1,0.1', '--target', '1']); "
            "assert r.exit_code == 0, r.output; print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
