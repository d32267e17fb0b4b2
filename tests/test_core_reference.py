"""The NumPy core agrees with PyTorch and scikit-learn, in float64.

TestAgainstStoredReference reads tests/reference/reference.json (written by
tests/reference/make_reference.py), so it needs neither torch nor scikit-learn.
TestAgainstLiveTorch runs the very same tests on values computed by the installed torch
and scikit-learn; it skips when they are not installed (as in CI).

The tolerance is rtol=1e-12 throughout. An absolute tolerance appears only where the
comment next to it says why.
"""

import importlib.util
import json
import math
from pathlib import Path

import numpy as np
import pytest

from nnexplain import core

REFERENCE_DIR = Path(__file__).parent / "reference"
RTOL = 1e-12
EPS = float(np.finfo(np.float64).eps)  # 2**-52
SMALLEST_NORMAL = float(np.finfo(np.float64).smallest_normal)  # ≈ 2.2e-308
# Below the smallest normal, float64 numbers are evenly spaced 2**-1074 apart, so a
# relative tolerance means nothing there; one spacing is the finest possible agreement.
SUBNORMAL_SPACING = 2.0**-1074
# σ(z) ≈ e^z is subnormal (or 0) in float64 for z below ln(smallest normal) ≈ −708.4.
SIGMOID_SUBNORMAL_Z = math.log(SMALLEST_NORMAL)

ACTIVATIONS = ["sigmoid", "tanh", "relu", "leaky_relu_slope_0.01", "leaky_relu_slope_0.2"]


def floats(values):
    """A float64 array from a JSON list, where non-finite values are "inf", "-inf", "nan"."""
    return np.array([float(v) for v in values], dtype=np.float64)


def assert_close(actual, expected, atol=0.0):
    np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=atol)


def _load_make_reference():
    spec = importlib.util.spec_from_file_location(
        "make_reference", REFERENCE_DIR / "make_reference.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestAgainstStoredReference:
    @pytest.fixture(scope="class")
    @classmethod
    def reference(cls):
        return json.loads((REFERENCE_DIR / "reference.json").read_text(encoding="utf-8"))

    def test_reference_covers_exactly_the_tested_activations(self, reference):
        # A function added to the generator must also be added to ACTIVATIONS here.
        assert sorted(reference["activations"]["functions"]) == sorted(ACTIVATIONS)

    @pytest.mark.parametrize("name", ACTIVATIONS)
    def test_activation_values_match_torch(self, reference, name):
        z = floats(reference["activations"]["z"])
        entry = reference["activations"]["functions"][name]
        forward = getattr(core, entry["core"])
        ours = forward(z, **entry["kwargs"])
        theirs = floats(entry["value"])
        ours, theirs = _check_sigmoid_subnormal_tail(entry["core"], z, ours, theirs)
        assert_close(ours, theirs)

    @pytest.mark.parametrize("name", ACTIVATIONS)
    def test_activation_gradients_match_torch_autograd(self, reference, name):
        z = floats(reference["activations"]["z"])
        entry = reference["activations"]["functions"][name]
        derivative = getattr(core, entry["core"] + "_grad")
        ours = derivative(z, **entry["kwargs"])
        theirs = floats(entry["grad"])
        ours, theirs = _check_sigmoid_subnormal_tail(entry["core"], z, ours, theirs)
        # σ(1 − σ) and 1 − tanh² cancel where σ, |tanh| ≈ 1: there the values are
        # near 2**-53 apart, so an implementation of exp/tanh one ulp off (NumPy and
        # torch each have their own) moves the derivative by up to 2**-52 absolute,
        # however small the derivative itself (torch's tanh(−14.37) is one ulp from
        # NumPy's, and their 1 − tanh² differ by 1.7e-4 relative, 2.2e-16 absolute).
        atol = EPS if entry["core"] in ("sigmoid", "tanh") else 0.0
        assert_close(ours, theirs, atol=atol)

    def test_softmax_matches_torch(self, reference):
        rows = reference["softmax"]["rows"]
        assert len(rows) == len(reference["softmax"]["torch"])
        for row, expected in zip(rows, reference["softmax"]["torch"]):
            assert_close(core.softmax(floats(row)), floats(expected))

    def test_log_loss_with_log_min_matches_torch_bce(self, reference):
        bce = reference["binary_cross_entropy"]
        y, y_hat, theirs = floats(bce["y"]), floats(bce["y_hat"]), floats(bce["loss"])
        # torch caps each log at −100; log_min mirrors that cap.
        assert bce["log_min"] == -100.0
        assert_close(core.log_loss(y, y_hat, log_min=bce["log_min"]), theirs)

    def test_exact_log_loss_matches_torch_bce_where_the_cap_does_not_bind(self, reference):
        bce = reference["binary_cross_entropy"]
        y, y_hat, theirs = floats(bce["y"]), floats(bce["y_hat"]), floats(bce["loss"])
        with np.errstate(divide="ignore"):
            log_p, log_q = np.log(y_hat), np.log1p(-y_hat)
        # The cap changes a term only when its log is below −100 and its weight
        # (y or 1 − y) is non-zero.
        capped = ((y != 0) & (log_p < -100)) | ((y != 1) & (log_q < -100))
        assert capped.any() and not capped.all()  # the grid exercises both cases

        exact = core.log_loss(y, y_hat)
        assert_close(exact[~capped], theirs[~capped])
        # Without a binding cap, the exact and the capped core are the same arithmetic.
        np.testing.assert_array_equal(
            exact[~capped], core.log_loss(y, y_hat, log_min=-100.0)[~capped]
        )
        # Where the cap binds, it only ever lowers the loss.
        assert np.all(exact[capped] > theirs[capped])

    def test_sklearn_log_loss_clipping_is_machine_epsilon(self, reference):
        # nnexplain.core.losses documents this value; make_reference.py reads it
        # from scikit-learn's source.
        assert reference["sklearn_log_loss"]["eps"] == EPS == 2.220446049250313e-16

    def test_log_loss_with_eps_matches_sklearn_per_example(self, reference):
        sk = reference["sklearn_log_loss"]
        y, y_hat = floats(sk["y"]), floats(sk["y_hat"])
        assert set(y) == {0.0, 1.0}
        # scikit-learn forms 1 − ŷ in floating point and takes its log; the core uses
        # log1p(−ŷ), which is exact. For ŷ ≥ 0.5, 1 − ŷ is exact (Sterbenz); for ŷ < 0.5
        # its rounding error is at most 2**-54 on a number ≥ 0.5, which moves the log by
        # at most 2**-53 absolute (visible at ŷ = 1e-10, y = 0: sklearn 1.0000000828e-10,
        # exact 1.00000000005e-10).
        assert_close(core.log_loss(y, y_hat, eps=sk["eps"]), floats(sk["per_example"]), atol=EPS)

    def test_cost_with_eps_matches_sklearn_mean(self, reference):
        sk = reference["sklearn_log_loss"]
        y, y_hat = floats(sk["y"]), floats(sk["y_hat"])
        assert_close(core.cost(y, y_hat, loss="log", eps=sk["eps"]), sk["mean"])

    def test_squared_error_matches_torch_mse_loss_per_example(self, reference):
        sq = reference["squared_error"]
        y, y_hat = floats(sq["y"]), floats(sq["y_hat"])
        assert_close(core.squared_error(y, y_hat), floats(sq["torch_none"]))

    def test_mse_matches_torch_and_sklearn(self, reference):
        sq = reference["squared_error"]
        y, y_hat = floats(sq["y"]), floats(sq["y_hat"])
        assert_close(core.mse(y, y_hat), sq["torch_mean"])
        assert_close(core.mse(y, y_hat), sq["sklearn_mean_squared_error"])
        assert_close(core.cost(y, y_hat, loss="squared"), sq["sklearn_mean_squared_error"])

    def test_reference_covers_the_network_cases(self, reference):
        cases = reference["networks"]
        assert {"preset_squared", "xor_sigmoid_log"} <= set(cases)
        assert {case["loss"] for case in cases.values()} == {"log", "squared"}
        used = {layer["activation"] for case in cases.values() for layer in case["layers"]}
        assert used == set(core.ACTIVATIONS)

    @pytest.mark.parametrize(
        "name",
        ["preset_squared", "xor_sigmoid_log", "random_tanh_sigmoid_log",
         "random_sigmoid_identity_squared", "random_deep_squared", "random_relu_sigmoid_log"],
    )  # fmt: skip
    def test_network_gradients_match_torch_autograd(self, reference, name):
        from nnexplain.core.network import backward, forward, layer, network_cost, updated

        case = reference["networks"][name]
        layers = [layer(entry["W"], entry["b"], entry["activation"]) for entry in case["layers"]]
        x, y = np.array(case["x"]), [case["y"]]
        grads = backward(layers, forward(layers, x), y, case["loss"])
        for ours, dW, db in zip(grads, case["dW"], case["db"]):
            assert_close(ours.dW, np.array(dW))
            assert_close(ours.db, np.array(db))
        assert_close(network_cost(layers, x, y, case["loss"]), case["value"])
        stepped = updated(layers, grads, case["lr"])
        assert_close(network_cost(stepped, x, y, case["loss"]), case["after"])


def _import_or_skip(name):
    """Skip when ``name`` is missing *or* installed but broken (a CUDA build of torch
    without its libraries raises ImportError, which importorskip no longer skips)."""
    try:
        __import__(name)
    except ImportError as error:
        pytest.skip(f"{name} cannot be imported here: {error}")


class TestAgainstLiveTorch(TestAgainstStoredReference):
    """The same tests, on values the installed torch and scikit-learn compute now."""

    @pytest.fixture(scope="class")
    @classmethod
    def reference(cls):
        _import_or_skip("torch")
        _import_or_skip("sklearn")
        make_reference = _load_make_reference()
        built = make_reference.build_reference()
        # Through the same JSON encoding as the stored file.
        text = json.dumps(make_reference.encode_nonfinite(built), allow_nan=False)
        return json.loads(text)


def _check_sigmoid_subnormal_tail(core_name, z, ours, theirs):
    """Check sigmoid where σ(z) is subnormal; return the rest for the rtol comparison.

    For z < −709 torch evaluates 1/(1 + e^(−z)) with e^(−z) = inf and returns 0, while
    the core returns e^z: the true value, a subnormal down to z ≈ −745. So in this tail
    torch is only checked to be below the normal range, and the core is checked against
    e^z (σ(z) = e^z/(1 + e^z) and 1 + e^z rounds to 1; likewise σ' = σ(1 − σ) = σ).
    """
    if core_name != "sigmoid":
        return ours, theirs
    tail = z < SIGMOID_SUBNORMAL_Z
    assert tail.any()  # the grid reaches the tail
    assert np.all(theirs[tail] < SMALLEST_NORMAL)
    truth = np.array([math.exp(v) for v in z[tail]])
    np.testing.assert_allclose(ours[tail], truth, rtol=RTOL, atol=SUBNORMAL_SPACING)
    return ours[~tail], theirs[~tail]
