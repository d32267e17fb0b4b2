"""``nnexplain train`` diagnoses how gradient descent behaved from the cost's
curvatures (the eigenvalues of its Hessian): stable only when lr < 2/λmax, bouncing
for ever at the edge, growing beyond it, slow (with the epochs it still needs), a
line of minima, or no minimum at all; and it never says more epochs would help
when they cannot."""

import json

import numpy as np
import pytest
from click.testing import CliRunner

from nnexplain.cli import cli
from nnexplain.core import training as gd
from nnexplain.explain import training as explain

MORE_EPOCHS_HELP = "would close the gap"


def invoke(*args):
    result = CliRunner().invoke(cli, ["train", *map(str, args)], prog_name="nnexplain")
    print(repr(result.output))
    return result


def diagnosis_json(*args):
    result = invoke(*args, "--format", "json")
    assert result.exit_code == 0
    return json.loads(result.output)["values"]


def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def problem(x, y, lr, epochs, task="line", fit_bias=True):
    return explain.Problem(task, np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64),
                           gd.DEFAULT_SEED, lr, epochs, fit_bias, source="data.csv")


# --- the core: Hessian, curvatures, predicted epochs ----------------------------------------


@pytest.mark.parametrize("k, fit_bias", [(1, True), (1, False), (2, True), (3, False)])
def test_the_hessian_is_the_costs_second_derivative(k, fit_bias):
    rng = np.random.default_rng(k)
    x, y = rng.normal(size=(7, k)), rng.normal(size=7)
    theta = rng.normal(size=k + fit_bias)

    def cost(t):
        return gd.neuron_cost(x, y, t[:k], float(t[k]) if fit_bias else 0.0)

    h, n = 1e-3, theta.size
    numeric = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            e_i, e_j = np.eye(n)[i] * h, np.eye(n)[j] * h
            numeric[i, j] = (cost(theta + e_i + e_j) - cost(theta + e_i - e_j)
                             - cost(theta - e_i + e_j) + cost(theta - e_i - e_j)) / (4 * h * h)
    np.testing.assert_allclose(gd.cost_hessian(x, "line", fit_bias), numeric, rtol=1e-6, atol=1e-8)


def test_the_user_reports_data_have_lambda_max_20_and_sit_on_the_edge_at_lr_0_1():
    x = np.arange(-5.0, 6.0).reshape(-1, 1)
    lambdas = gd.curvatures(gd.cost_hessian(x))
    np.testing.assert_allclose(lambdas, [2.0, 20.0])
    assert gd.stability(lambdas, 0.1) == "edge"
    assert gd.stability(lambdas, 0.0999) == "stable" and gd.stability(lambdas, 0.1001) == "unstable"


def test_predicted_epochs_match_iterating_the_quadratic():
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=(20, 2)), rng.normal(size=20)
    hessian = gd.cost_hessian(x)
    w, b = gd.least_squares(x, y)
    star, theta = np.append(w, b), np.append(w, b) + rng.normal(size=3)
    lr = 0.3 / gd.curvatures(hessian)[-1]
    target = 1e-6 * gd.quadratic_gap(hessian, theta, star)
    needed = int(gd.epochs_to_reach(hessian, theta, star, lr, target))
    point = theta.copy()
    for _ in range(needed - 1):
        point -= lr * hessian @ (point - star)
    assert gd.quadratic_gap(hessian, point, star) > target
    point -= lr * hessian @ (point - star)
    assert gd.quadratic_gap(hessian, point, star) <= target


# --- stability: lr < 2/λmax ---------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_the_edge_is_at_lr_2_over_lambda_max_for_random_data(seed):
    rng = np.random.default_rng(seed)
    k = 1 + seed % 3
    x = rng.normal(size=(15, k)) * rng.uniform(0.5, 3.0, size=k)
    y = x @ rng.normal(size=k) + rng.normal(size=15)
    limit = 2.0 / gd.curvatures(gd.cost_hessian(x))[-1]
    below = explain.train(problem(x, y, 0.97 * limit, 400))
    assert below.diagnosis.outcome in ("converged", "slow")
    assert below.run.final_cost < below.run.costs[0]
    assert np.isclose(below.diagnosis.lr_limit, limit, rtol=1e-12)
    assert explain.train(problem(x, y, limit, 50)).diagnosis.outcome == "edge"
    above = explain.train(problem(x, y, 1.03 * limit, 400))
    assert above.diagnosis.outcome == "diverged"
    assert above.run.diverged_at is not None or above.run.final_cost > above.run.costs[0]


def test_the_user_reports_csv_says_edge_and_never_more_epochs(tmp_path):
    rows = "".join(f"{x},{3 * x - 2}\n" for x in range(-5, 6))
    path = write(tmp_path, "x,y\n" + rows)
    result = invoke("--data", path, "--epochs", "5000")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert MORE_EPOCHS_HELP not in text and "more epochs cannot close the gap" in text
    assert "stability limit 2/λmax = 0.1" in text and "λmax = 20" in text
    assert "bounce between two points for ever" in text
    assert "Try --lr 0.09091 = 2/(λmin + λmax)" in text
    facts = diagnosis_json("--data", path, "--epochs", "5000")
    assert facts["outcome"] == "edge" and facts["stable"] is False
    assert facts["lambda_max"] == pytest.approx(20.0) and facts["lambda_min"] == pytest.approx(2.0)
    assert facts["lr_limit"] == pytest.approx(0.1) and facts["epochs_needed"] == "inf"
    assert facts["gap_to_minimum"] > 1.0


def test_the_edge_names_the_two_points_it_bounces_between():
    outcome = explain.train(explain.Problem(
        "line", np.arange(-5.0, 6.0).reshape(-1, 1), 3 * np.arange(-5.0, 6.0) - 2,
        gd.DEFAULT_SEED, 0.1, 5001, source="data.csv"))
    w_next, _ = outcome.diagnosis.bounce
    two_back = outcome.run.ws[np.searchsorted(outcome.run.epochs, 4999)]
    assert np.isclose(w_next[0], two_back[0], rtol=1e-9)  # back where it was
    assert not np.isclose(w_next[0], outcome.run.w[0])


def test_beyond_the_edge_says_the_cost_grows_and_more_epochs_make_it_worse():
    result = invoke("--lr", "0.45", "--epochs", "300")
    text = " ".join(result.output.split())
    assert "above the stability limit 2/λmax = 0.4471" in text and "more epochs make it worse" in text
    assert MORE_EPOCHS_HELP not in text and "reached" not in text
    facts = diagnosis_json("--lr", "0.45", "--epochs", "300")
    assert facts["outcome"] == "diverged" and facts["lr_times_lambda_max"] > 2


def test_an_overflow_error_gives_the_limit():
    result = invoke("--lr", "2")
    assert "2/λmax = 0.4471" in result.output and "try --lr 0.2" in result.output


# --- slow: the epochs still needed, computed -------------------------------------------------


@pytest.mark.parametrize("seed", [42, 7])
def test_a_slow_run_says_how_many_more_epochs_and_that_many_arrive(seed):
    base = explain.generated_problem("line", 50, 0.5, seed, 0.003, 300)
    slow = explain.train(base)
    assert slow.diagnosis.outcome == "slow"
    needed = int(slow.diagnosis.epochs_needed)
    assert needed > 100
    longer = explain.generated_problem("line", 50, 0.5, seed, 0.003, 300 + needed)
    assert explain.train(longer).diagnosis.outcome == "converged"
    shorter = explain.generated_problem("line", 50, 0.5, seed, 0.003, 300 + needed - 2)
    assert explain.train(shorter).diagnosis.outcome == "slow"


def test_the_slow_sentence_through_the_command():
    text = " ".join(invoke("--lr", "0.01").output.split())
    assert "About 955 more epochs (--epochs 1455)" in text and "ρ = |1 − lr·λ| = 0.9964" in text
    assert diagnosis_json("--lr", "0.01")["epochs_needed"] == 955


# --- no unique minimum; no minimum ------------------------------------------------------------


def test_equal_x_gives_a_line_of_minima(tmp_path):
    path = write(tmp_path, "x,y\n2,1\n2,3\n2,2\n2,5\n")
    text = " ".join(invoke("--data", path).output.split())
    assert "The minimum is a whole line" in text and "every x is 2" in text
    assert "depends on where it started" in text and "the exact minimum" not in text
    assert diagnosis_json("--data", path)["outcome"] == "no_unique_minimum"


def test_collinear_inputs_give_a_line_of_minima(tmp_path):
    path = write(tmp_path, "x1,x2,y\n1,2,1\n2,4,3\n3,6,2\n4,8,5\n")
    text = " ".join(invoke("--data", path, "--lr", "0.01").output.split())
    assert "linearly dependent" in text and "The minimum is a whole line" in text


def test_separable_classes_have_no_minimum():
    text = " ".join(invoke("--task", "logistic").output.split())
    assert "the classes are separable, so the cost has no minimum" in text
    facts = diagnosis_json("--task", "logistic")
    assert facts["outcome"] == "no_minimum" and facts["epochs_needed"] == "inf"
    x, y = gd.logistic_data(50)
    assert gd.logistic_minimum(x, y)[0] == "separable"


def test_overlapping_classes_converge_to_newtons_minimum(tmp_path):
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(40, 2)), (rng.uniform(size=40) < 0.5).astype(float)
    status, w, b = gd.logistic_minimum(x, y)
    assert status == "minimum"
    assert max(np.abs(gd.neuron_gradient(x, y, w, b, "logistic")[0])) < 1e-12
    rows = "".join(f"{float(a)!r},{float(c)!r},{int(t)}\n" for (a, c), t in zip(x, y))
    path = write(tmp_path, "x1,x2,y\n" + rows)
    facts = diagnosis_json("--task", "logistic", "--data", path)
    assert facts["outcome"] == "converged"
    assert facts["gap_to_minimum"] == pytest.approx(
        explain.train(problem(x, y, 0.1, 500, "logistic")).diagnosis.gap)


# --- the gap is always stated --------------------------------------------------------------


def test_a_tiny_gap_is_stated_not_rounded_to_exact():
    text = " ".join(invoke().output.split())
    assert "It got to within 2.203e-9 of the exact minimum" in text
    assert "reached the exact minimum" not in text
    facts = diagnosis_json()
    assert facts["outcome"] == "converged" and facts["epochs_needed"] == 0


def test_the_no_bias_cost_ratio_is_a_number():
    facts = diagnosis_json("--no-bias")
    assert facts["no_bias_cost_ratio"] == pytest.approx(0.5573 / 0.2576, rel=1e-3)
    assert "no_bias_cost_ratio" not in diagnosis_json()


def test_the_text_view_has_no_diagnosis_table_but_a_diagnosis_section():
    output = invoke().output
    assert "\nDiagnosis\n" in output and "lambda_max" not in output


def test_a_short_logistic_run_without_bias_never_claims_the_bias_lowered_the_cost():
    outcome = explain.train(explain.generated_problem("logistic", 50, None, 42, 1.0, 1, False))
    lines = [line.fill(str) for line in explain.training_example(outcome).interpretation]
    assert outcome.with_bias.cost > outcome.run.final_cost  # 1.0178 against 0.8563
    assert not any("instead of" in line for line in lines)
    assert any("no lower than" in line for line in lines)
