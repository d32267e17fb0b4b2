"""The loss, cost and neuron commands at float64's edges: what frameworks report,
underflow, overflow on the way to a finite sum, and inputs float64 cannot hold."""

import json
import math

import mpmath
import numpy as np
import pytest
from click.testing import CliRunner

from nnexplain import explain
from nnexplain.cli import cli
from nnexplain.cli.options import parse_number
from nnexplain.core.losses import log_loss_keras, log_loss_pytorch, log_loss_sklearn
from nnexplain.explain.losses import framework_values
from nnexplain.explain.neuron import neuron_example, neuron_sums
from nnexplain.render.numbers import format_number

# (y, ŷ, PyTorch BCELoss float32, Keras 3 float32, Keras 3 float64, scikit-learn).
# PyTorch and Keras: made by _model_pytorch / _model_keras below, which follow each
# library's formula (torch's CPU kernel (y − 1)·max(log1p(−ŷ), −100) − y·max(ln ŷ, −100);
# Keras 3's clip to [1e-7, 1 − 1e-7], then y·ln ŷ + (1 − y)·ln(1 − ŷ)) with every
# operation correctly rounded to the library's float type by mpmath at 200 bits
# (test_fixture_is_what_mpmath_gives recomputes them). torch was not importable here.
# scikit-learn: sklearn.metrics.log_loss([y], [ŷ], labels=[0, 1]) run with scikit-learn
# 1.9.1; None where it raises ValueError (a label other than 0 or 1).
FRAMEWORKS = [
    (1, 0, 100.0, 16.11809539794922, 16.11809565095832, 36.04365338911715),
    (0, 1, 100.0, 15.942384719848633, 16.118095651484676, 36.04365338911715),
    (1, 1e-300, 100.0, 16.11809539794922, 16.11809565095832, 36.04365338911715),
    (0, 1e-300, 0.0, 1.1920930376163597e-07, 1.0000000494736474e-07, 2.220446049250313e-16),
    (0, 0, 0.0, 1.1920930376163597e-07, 1.0000000494736474e-07, 2.220446049250313e-16),
    (1, 1, 0.0, 1.1920930376163597e-07, 1.0000000494736474e-07, 2.220446049250313e-16),
    (0.3, 1, 70.0, 11.159668922424316, 11.282666986039274, None),
    (1, 0.1, 2.3025851249694824, 2.3025851249694824, 2.3025850929940455, 2.3025850929940455),
    (0, 0.9999, 9.210174560546875, 9.210174560546875, 9.210340371976294, 9.210340371976294),
    (0, 0.9999999999, 100.0, 15.942384719848633, 16.118095651484676, 23.02585084720009),
    (0.3, 0.8, 1.193549633026123, 1.193549633026123, 1.193549604098133, None),
]
# NumPy's float32 log is not always correctly rounded: allow two float32 ulps.
F32 = 2.0**-22


def _f32(v):
    return float(np.float32(float(v)))


def _ln(v):
    return -mpmath.inf if v == 0 else mpmath.log(mpmath.mpf(v))


def _r32(v):
    return float(v) if mpmath.isinf(v) else _f32(v)


def _model_pytorch(y, p):
    y, p = _f32(y), _f32(p)
    log_false = max(_r32(mpmath.log1p(-mpmath.mpf(p)) if p != 1 else -mpmath.inf), -100.0)
    log_true = max(_r32(_ln(p)), -100.0)
    return _f32(_f32((y - 1) * log_false) - _f32(y * log_true)) + 0.0


def _model_keras(y, p, bits):
    r = _f32 if bits == 32 else float
    y, p = r(y), r(p)
    q = min(max(p, r(1e-7)), r(1.0 - 1e-7))
    bce = r(y * r(_ln(q)))
    bce = r(bce + r(r(1 - y) * r(_ln(r(1 - q)))))
    return -bce


def test_fixture_is_what_mpmath_gives():
    with mpmath.workprec(200):
        for y, p, torch32, keras32, keras64, _ in FRAMEWORKS:
            assert _model_pytorch(y, p) == torch32
            assert _model_keras(y, p, 32) == keras32
            assert _model_keras(y, p, 64) == keras64


@pytest.mark.parametrize("row", FRAMEWORKS, ids=lambda r: f"y={r[0]},yhat={r[1]}")
def test_framework_models_match_the_stored_values(row):
    y, p, torch32, keras32, keras64, sklearn = row
    assert float(log_loss_pytorch(y, p)) == pytest.approx(torch32, rel=F32, abs=1e-300)
    assert float(log_loss_keras(y, p)) == pytest.approx(keras32, rel=F32, abs=1e-300)
    assert float(log_loss_keras(y, p, dtype=np.float64)) == pytest.approx(keras64, rel=1e-15)
    if sklearn is not None:
        assert float(log_loss_sklearn(y, p)) == pytest.approx(sklearn, rel=1e-15)
    values = framework_values(y, p)
    assert (values["sklearn"] is None) == (sklearn is None)


def test_keras_float32_gives_15_94_not_16_12_for_a_certain_wrong_one():
    # 1 − 1e-7 is not a float32: it rounds to 1 − 2⁻²³, and −ln(2⁻²³) = 15.9424.
    assert float(np.float32(1 - 1e-7)) == 1 - 2.0**-23
    assert float(log_loss_keras(0, 1)) == pytest.approx(23 * math.log(2), rel=F32)
    assert format_number(float(log_loss_keras(0, 1))) == "15.9424"
    assert format_number(float(log_loss_keras(0, 1, dtype=np.float64))) == "16.1181"


def test_live_sklearn_agrees_and_refuses_soft_labels():
    try:
        from sklearn.metrics import log_loss
    except ImportError as error:
        pytest.skip(f"scikit-learn cannot be imported here: {error}")
    for y, p, *_, stored in FRAMEWORKS:
        if stored is None:
            with pytest.raises(ValueError):
                log_loss([y], [p], labels=[0, 1])
        else:
            assert float(log_loss([y], [p], labels=[0, 1])) == pytest.approx(stored, rel=1e-15)


def _alternatives(worked):
    return {a.name: a.value for a in worked.alternatives}


def test_table_appears_for_a_finite_loss_frameworks_get_wrong():
    worked = explain.loss_example(1, 1e-300)
    values = _alternatives(worked)
    assert values["true value"] == pytest.approx(690.7755278982137, rel=1e-15)
    assert values["PyTorch (BCELoss)"] == 100.0
    assert values["Keras 3 (binary_crossentropy)"] == pytest.approx(16.118095, rel=F32)
    assert values["scikit-learn (log_loss)"] == pytest.approx(36.04365338911715, rel=1e-15)
    reason = worked.alternatives_reason.fill(format_number)
    assert "still ∞" not in reason and "690.7755" in reason
    assert "In float32, ŷ = 1e-300 is stored as 0." in reason


@pytest.mark.parametrize(("y", "y_hat"), [(1, 0.1), (0, 0.99), (0.3, 0.8), (1, 0.5)])
def test_no_table_where_frameworks_agree_to_float32_rounding(y, y_hat):
    assert explain.loss_example(y, y_hat).alternatives == ()


@pytest.mark.parametrize(("y", "y_hat"), [(0, 0.9999), (0, 0), (1, 1), (0, 1e-300)])
def test_table_where_a_framework_differs_visibly(y, y_hat):
    worked = explain.loss_example(y, y_hat)
    true = worked.result
    shown = {format_number(v) for v in _alternatives(worked).values()}
    assert len(shown) > 1, shown  # some framework's value reads differently
    assert format_number(true) in shown


def test_infinite_keras_row_is_float32_and_float64_is_labelled():
    names = [a.name for a in explain.loss_example(0, 1).alternatives]
    assert names == [
        "true value",
        "PyTorch (BCELoss)",
        "Keras 3 (binary_crossentropy)",
        "Keras 3 in float64",
        "scikit-learn (log_loss)",
    ]
    rules = {a.name: a.rule for a in explain.loss_example(0, 1).alternatives}
    assert "float32" in rules["Keras 3 (binary_crossentropy)"]
    assert "float32" in rules["PyTorch (BCELoss)"]
    assert _alternatives(explain.loss_example(0, 1))["Keras 3 (binary_crossentropy)"] == (
        pytest.approx(15.942384719848633, rel=F32)
    )


def test_soft_label_has_no_sklearn_number_and_says_why():
    worked = explain.loss_example(0.3, 1)
    assert not any("scikit-learn" in a.name for a in worked.alternatives)
    reason = worked.alternatives_reason.fill(format_number, lambda v: repr(float(v)))
    assert "refuses y = 0.3" in reason and "labels must be 0 or 1" in reason
    cost = explain.cost_example([1, 0.5, 0], [0, 0.5, 0.2])
    assert not any("scikit-learn" in a.name for a in cost.alternatives)
    assert "refuses y = 0.5 (example 2)" in cost.alternatives_reason.fill(format_number)


def test_json_lists_the_rows_and_no_sklearn_for_a_soft_label():
    result = CliRunner().invoke(cli, ["loss", "--y", "0.3", "--yhat", "1", "--format", "json"])
    assert result.exit_code == 0, result.output
    names = [a["name"] for a in json.loads(result.stdout)["alternatives"]]
    assert names[:2] == ["true value", "PyTorch (BCELoss)"] and len(names) == 4


def test_vanishing_one_minus_yhat_is_explained_and_every_equation_true():
    worked = explain.loss_example(0, 1e-300)
    note = worked.steps[1].note.fill(format_number)
    assert "1 − ŷ rounds to 1 in float64" in note and "ln(1 − ŷ) ≈ −ŷ" in note
    lines = [line.fill(format_number, lambda v: repr(float(v))) for line in worked.interpretation]
    assert not any("−ln(1) =" in line for line in lines)
    assert any("−ln(1 − 1e-300) = 1e-300" in line for line in lines)
    # The true value, to mpmath's precision: −ln(1 − 1e-300) = 1e-300 (1 + 5e-301 + …).
    with mpmath.workprec(2000):
        exact = -mpmath.log(1 - mpmath.mpf("1e-300"))
    assert worked.result == float(exact)
    # No note where 1 − ŷ keeps digits.
    assert explain.loss_example(0, 1e-10).steps[1].note is None


def test_zero_log_zero_note_says_the_weight_switches_the_term_off_first():
    note = explain.loss_example(0, 0).steps[0].note.template
    assert note.startswith("y = 0 switches this term off")
    assert "convention" in note and "0·ln(0)" in note
    other = explain.loss_example(1, 1).steps[1].note.template
    assert other.startswith("1 − y = 0 switches this term off")


def test_squared_loss_that_underflows_says_so():
    worked = explain.loss_example(1e-200, 0, loss="squared")
    assert worked.result == 0.0
    assert "underflow" in worked.steps[1].note.fill(format_number)
    text = worked.interpretation[0].fill(format_number)
    assert "underflows to 0" in text and "costs 0" not in text
    subnormal = explain.loss_example(1e-160, 0, loss="squared")
    assert 0 < subnormal.result < 2.2250738585072014e-308
    assert "keeps only some" in subnormal.steps[1].note.fill(format_number)
    assert explain.loss_example(1, 0.5, loss="squared").steps[1].note is None


def test_cost_counts_squared_errors_that_underflowed():
    worked = explain.cost_example([1e-200, 1, 0], [0, 0, 0], loss="squared")
    assert any("1 of the 3 squared errors underflowed" in line.fill(format_number)
               for line in worked.interpretation)  # fmt: skip


# --- inputs float64 cannot hold ------------------------------------------------------


@pytest.mark.parametrize("text", ["1e-5000", "-1e-400", "1e-310", "-1e-310", "5e-324", "7e-324",
                                  "1.5e-320"])  # fmt: skip
def test_parse_number_refuses_numbers_that_underflow(text):
    with pytest.raises(ValueError, match="so small"):
        parse_number(text)


# 2⁻¹⁰⁷⁴ and 2⁻¹⁰²³ written to 17 digits are subnormals float64 holds to 2⁻⁵³ relative.
@pytest.mark.parametrize("text", ["0", "-0", "0.000", "0e5", "0E-999", "2.2251e-308", "1e-300",
                                  "4.9406564584124654e-324", "1.1125369292536007e-308"])  # fmt: skip
def test_parse_number_accepts_zero_normal_numbers_and_exact_subnormals(text):
    assert parse_number(text) == float(text)


def test_subnormal_refusal_says_how_far_off_float64_would_be():
    with pytest.raises(ValueError, match=r"off by 0\.01 of its size"):
        parse_number("5e-324")  # stored as 4.94e-324


def _error(args):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.output
    return errors[0]


@pytest.mark.parametrize(
    ("args", "option", "words"),
    [
        (["loss", "--y", "1", "--yhat", "1e-5000"], "'--yhat'", "rounds it to 0"),
        (["loss", "--y", "1e-310", "--yhat", "0.5"], "'--y'", "subnormal"),
        (["cost", "--y", "1,0", "--yhat", "0.5,1e-400"], "'--yhat'", "item 2"),
        (["neuron", "--x", "1,1e-320", "--w", "1,1"], "'--x'", "item 2"),
        (["neuron", "--x", "1", "--w", "1", "--b", "-1e-330"], "'--b'", "so small"),
    ],
)
def test_cli_refuses_underflowing_numbers(args, option, words):
    line = _error(args)
    assert option in line and words in line and "2.2251e-308" in line


@pytest.mark.parametrize(
    "body",
    [
        "y,y_hat\n1,0.5\n0,1e-5000\n",  # the fast path (exactly the wanted columns)
        "y_hat,y,note\n0.5,1,3\n\n1e-5000,0,2\n",  # the careful path, a blank line
    ],
)
def test_csv_refuses_underflowing_numbers_with_their_line(tmp_path, body):
    path = tmp_path / "data.csv"
    path.write_text(body, encoding="utf-8")
    line = _error(["cost", "--data", str(path)])
    where = "line 3" if body.startswith("y,") else "line 4"
    assert "'--data'" in line and where in line and "column y_hat" in line and "1e-5000" in line


def test_csv_with_zeros_and_small_normal_numbers_is_read(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("y,y_hat\n0,0\n1,1e-300\n0,1e-100\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["cost", "--data", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["examples"]["y_hat"] == [0.0, 1e-300, 1e-100]


# --- neuron: a finite sum whose running total overflows -----------------------------


def test_neuron_sum_that_overflows_on_the_way_is_added_exactly():
    worked = neuron_example([1, 1, 1], [1e308, 1e308, -1e308], 0.0, "identity")
    assert worked.steps[0].value == 1e308 and worked.result == 1e308
    note = worked.steps[0].note.fill(format_number)
    assert "after product 2" in note and "added exactly" in note
    assert neuron_example([1, 2], [3, 4], 0.0).steps[0].note is None


def test_neuron_exact_sum_is_correctly_rounded():
    # 1e308 + 1e308 − 1e308 − 1e308 + 1e-300: float64 in order gives inf then nan.
    sums = neuron_sums([1, 1, 1, 1, 1], [1e308, 1e308, -1e308, -1e308, 1e-300], 0.0)
    assert sums.exact and sums.total == 1e-300


def test_neuron_cli_works_out_the_finite_sum():
    result = CliRunner().invoke(
        cli, ["neuron", "--x", "1,1,1", "--w", "1e308,1e308,-1e308", "--activation", "identity"]
    )
    assert result.exit_code == 0, result.output
    assert "a = 1e308" in result.stdout


@pytest.mark.parametrize(
    ("args", "option", "words"),
    [
        (["neuron", "--x", "1e308,1e308", "--w", "1,1"], "'--w'", "even added exactly"),
        (["neuron", "--x", "1e308", "--w", "1", "--b", "1e308"], "'--b'", "Σ xᵢ·wᵢ + b = 1e+308 + 1e+308"),
    ],
)
def test_neuron_says_which_sum_overflows(args, option, words):
    line = _error(args)
    assert option in line and words in line and "1.8e308" in line


def test_neuron_says_when_a_product_underflows():
    lines = neuron_example([1e-200, 1], [1e-200, 2], 0.0).interpretation
    text = " ".join(line.fill(format_number, lambda v: repr(float(v))) for line in lines)
    assert "x₁·w₁ = 1e-200·1e-200 is below the smallest normal float64" in text
    assert "rounds it to 0" in text
