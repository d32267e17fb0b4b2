"""Regenerate tests/reference/reference.json: PyTorch and scikit-learn values for the core.

Run by hand, from the repository root, in an environment that has torch and scikit-learn
(neither is a dependency of nnexplain, and the tests that read the JSON need neither):

    python tests/reference/make_reference.py

It also runs make_crossentropy_reference.py (crossentropy.json: torch's cross_entropy
with class and probability targets) and make_optimizers_reference.py (optimizers.json:
torch.optim trajectories), so one command regenerates every stored reference.

Everything is computed in float64. The JSON holds the inputs, the outputs and the library
versions that produced them. Non-finite floats are written as the strings "inf", "-inf"
and "nan" so the file is valid JSON; finite floats are written with ``repr`` precision
(the ``json`` module's default), so they read back bit for bit.

tests/test_core_reference.py also imports ``build_reference`` from this file to run the
same comparisons live against the installed torch, when it is available.
"""

import inspect
import json
import math
import platform
from pathlib import Path

import numpy as np
import sklearn
import torch
import torch.nn.functional as F
from sklearn.metrics import log_loss, mean_squared_error

OUTPUT = Path(__file__).with_name("reference.json")
SEED = 20240607

# Ordinary and extreme pre-activations. Around −709 and −745 float64 exp(−z) overflows
# and exp(z) turns subnormal, then 0; ±1e−8 probe the neighbourhood of the kinks.
Z_GRID = [
    -1000.0, -745.0, -720.0, -709.0, -100.0, -40.0, -10.0, -1.0, -1e-8,
    0.0, 1e-8, 0.5, 1.0, 7.0, 10.0, 40.0, 100.0, 709.0, 1000.0,
]
Y_HAT_GRID = [
    0.0, 1e-300, 1e-16, 1e-10, 1e-4, 0.1, 0.3, 0.5, 0.9, 1.0 - 1e-10, 1.0 - 1e-16, 1.0,
]
Y_GRID = [0.0, 0.25, 0.5, 1.0]
SOFTMAX_ROWS = [
    [1000.0, 1001.0, 1002.0],
    [-1000.0, 0.0, 1000.0],
    [2.0, 1.0, 0.1],
    [0.0, 0.0, 0.0, 0.0],
    [-1e-8, 0.0, 1e-8],
    [5.0],
    [-745.0, -720.0, 0.0, 709.0],
]
LEAKY_SLOPES = [0.01, 0.2]
BCE_LOG_MIN = -100.0  # torch.nn.functional.binary_cross_entropy clamps each log at −100

# Small dense networks (Keras layout: W[i][j] connects input i to unit j), one example
# each: the syllabus's 2-2-1 preset, the docs' XOR example with a sigmoid output, and
# random networks over every activation. Layer sizes and seeds are fixed; inputs keep
# every ReLU/leaky ReLU pre-activation away from its kink at 0.
NETWORK_LR = 0.001
NETWORK_CASES = [
    # name, layer sizes, activations, loss, target (None: random)
    ("random_tanh_sigmoid_log", (3, 4, 1), ("tanh", "sigmoid"), "log", 1.0),
    ("random_sigmoid_identity_squared", (2, 3, 1), ("sigmoid", "identity"), "squared", None),
    ("random_deep_squared", (3, 4, 3, 1), ("leaky_relu", "tanh", "identity"), "squared", None),
    ("random_relu_sigmoid_log", (4, 3, 2, 1), ("relu", "relu", "sigmoid"), "log", 0.0),
]


def _tensor(values):
    return torch.tensor(values, dtype=torch.float64)


def _values_and_grad(forward, z):
    """forward(z) and d/dz of forward(z).sum(), by autograd, as Python lists."""
    leaf = _tensor(z).requires_grad_(True)
    out = forward(leaf)
    out.sum().backward()
    return out.detach().tolist(), leaf.grad.tolist()


def _sklearn_eps():
    """The clipping constant sklearn.metrics.log_loss uses, read from its source.

    scikit-learn 1.9 clips the predicted probabilities of *both* columns [1 − ŷ, ŷ]
    to [eps, 1 − eps] with eps = xp.finfo(y_proba.dtype).eps, i.e. the float64 machine
    epsilon 2**-52, and then takes log of each column. Fail loudly if that changes.
    """
    from sklearn.metrics import _classification

    source = inspect.getsource(_classification._log_loss)
    if "finfo(y_proba.dtype).eps" not in source or "clip(y_proba, eps, 1 - eps)" not in source:
        raise RuntimeError(
            "sklearn.metrics.log_loss no longer clips to [finfo.eps, 1 − finfo.eps]; "
            "read its source and update _sklearn_eps()."
        )
    return float(np.finfo(np.float64).eps)


_TORCH_ACTIVATIONS = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "leaky_relu": lambda t: F.leaky_relu(t, 0.01),  # nnexplain's DEFAULT_SLOPE
    "identity": lambda t: t,
}


def _network_loss(layers, x, y, loss):
    """The loss of one example through layers of (W, b, activation) tensors."""
    a = _tensor(x)
    for W, b, activation in layers:
        a = _TORCH_ACTIVATIONS[activation](a @ W + b)
    if loss == "log":
        return F.binary_cross_entropy(a, _tensor([y]))
    return F.mse_loss(a, _tensor([y]))


def _network_case(layers, x, y, loss):
    """Autograd gradients of one example's loss, and the loss after one step."""
    tensors = [
        (_tensor(W).requires_grad_(True), _tensor(b).requires_grad_(True), activation)
        for W, b, activation in layers
    ]
    value = _network_loss(tensors, x, y, loss)
    value.backward()
    with torch.no_grad():
        stepped = [(W - NETWORK_LR * W.grad, b - NETWORK_LR * b.grad, f) for W, b, f in tensors]
        after = _network_loss(stepped, x, y, loss).item()
    return {
        "layers": [{"W": W, "b": b, "activation": f} for W, b, f in layers],
        "x": list(x),
        "y": y,
        "loss": loss,
        "lr": NETWORK_LR,
        "value": value.item(),
        "dW": [W.grad.tolist() for W, _, _ in tensors],
        "db": [b.grad.tolist() for _, b, _ in tensors],
        "after": after,
    }


def _networks(rng):
    preset = [
        ([[-1.1044016, 0.9812743], [-0.5948815, 1.4780935]], [0.0, 0.3192987], "relu"),
        ([[0.1048971], [2.0368812]], [0.2609277], "identity"),
    ]
    xor = [([[1.0, 1.0], [1.0, 1.0]], [0.0, -1.0], "relu"), ([[2.0], [-4.0]], [-1.0], "sigmoid")]
    cases = {
        "preset_squared": _network_case(preset, [2.0, 3.0], 1.0, "squared"),
        "xor_sigmoid_log": _network_case(xor, [1.0, 1.0], 0.0, "log"),
    }
    for name, sizes, activations, loss, target in NETWORK_CASES:
        layers = [
            (rng.normal(scale=0.8, size=(n_in, n_out)).tolist(), rng.normal(scale=0.5, size=n_out).tolist(), f)
            for n_in, n_out, f in zip(sizes, sizes[1:], activations)
        ]
        x = rng.normal(size=sizes[0]).tolist()
        y = float(rng.normal()) if target is None else target
        cases[name] = _network_case(layers, x, y, loss)
    return cases


def build_reference():
    """All inputs and reference outputs, as a JSON-ready dict of plain Python floats."""
    rng = np.random.default_rng(SEED)
    z = Z_GRID + (5.0 * rng.standard_normal(12)).tolist()

    activations = {}
    for name, forward, core, kwargs in [
        ("sigmoid", torch.sigmoid, "sigmoid", {}),
        ("tanh", torch.tanh, "tanh", {}),
        ("relu", torch.relu, "relu", {}),
        *[
            (f"leaky_relu_slope_{slope}", lambda t, s=slope: F.leaky_relu(t, s),
             "leaky_relu", {"slope": slope})
            for slope in LEAKY_SLOPES
        ],
    ]:
        value, grad = _values_and_grad(forward, z)
        activations[name] = {"core": core, "kwargs": kwargs, "value": value, "grad": grad}

    softmax_rows = SOFTMAX_ROWS + [(3.0 * rng.standard_normal(5)).tolist() for _ in range(3)]
    softmax = [torch.softmax(_tensor(row), dim=-1).tolist() for row in softmax_rows]

    pairs = [(y, y_hat) for y in Y_GRID for y_hat in Y_HAT_GRID]
    y = [p[0] for p in pairs]
    y_hat = [p[1] for p in pairs]
    bce = F.binary_cross_entropy(_tensor(y_hat), _tensor(y), reduction="none").tolist()

    # Squared error on the probability grid and on unbounded regression targets.
    y_sq = y + (10.0 * rng.standard_normal(8)).tolist()
    y_hat_sq = y_hat + (10.0 * rng.standard_normal(8)).tolist()
    mse_none = F.mse_loss(_tensor(y_hat_sq), _tensor(y_sq), reduction="none").tolist()
    mse_mean = F.mse_loss(_tensor(y_hat_sq), _tensor(y_sq), reduction="mean").item()
    sk_mse = float(mean_squared_error(y_sq, y_hat_sq))

    # sklearn's log_loss returns a mean; with labels=[0, 1] a single example is allowed,
    # which gives the per-example values.
    hard = [(yy, pp) for yy, pp in pairs if yy in (0.0, 1.0)]
    y_hard = [p[0] for p in hard]
    y_hat_hard = [p[1] for p in hard]
    sk_per_example = [
        float(log_loss([yy], np.array([pp]), labels=[0, 1])) for yy, pp in hard
    ]
    sk_mean = float(log_loss(y_hard, np.array(y_hat_hard), labels=[0, 1]))

    return {
        "generator": "tests/reference/make_reference.py",
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "torch": torch.__version__,
            "sklearn": sklearn.__version__,
        },
        "seed": SEED,
        "dtype": "float64",
        "activations": {"z": z, "functions": activations},
        "softmax": {"rows": softmax_rows, "torch": softmax},
        "binary_cross_entropy": {
            "source": "torch.nn.functional.binary_cross_entropy(y_hat, y, reduction='none')",
            "log_min": BCE_LOG_MIN,
            "y": y,
            "y_hat": y_hat,
            "loss": bce,
        },
        "squared_error": {
            "y": y_sq,
            "y_hat": y_hat_sq,
            "torch_none": mse_none,
            "torch_mean": mse_mean,
            "sklearn_mean_squared_error": sk_mse,
        },
        "networks": _networks(np.random.default_rng(SEED + 1)),
        "sklearn_log_loss": {
            "source": "sklearn.metrics.log_loss(y, y_hat, labels=[0, 1])",
            "clipping": (
                "columns [1 - y_hat, y_hat] are each clipped to [eps, 1 - eps], "
                "eps = numpy.finfo(float64).eps, then log is taken"
            ),
            "eps": _sklearn_eps(),
            "y": y_hard,
            "y_hat": y_hat_hard,
            "per_example": sk_per_example,
            "mean": sk_mean,
        },
    }


def encode_nonfinite(obj):
    """Replace inf, −inf and nan floats by strings so json.dumps(allow_nan=False) works."""
    if isinstance(obj, float) and not math.isfinite(obj):
        return "nan" if math.isnan(obj) else ("inf" if obj > 0 else "-inf")
    if isinstance(obj, dict):
        return {key: encode_nonfinite(value) for key, value in obj.items()}
    if isinstance(obj, list):
        return [encode_nonfinite(value) for value in obj]
    return obj


def main():
    text = json.dumps(encode_nonfinite(build_reference()), indent=1, allow_nan=False)
    OUTPUT.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT}")
    # The commands with references of their own: cross-entropy and the optimisers.
    import runpy

    for name in ("make_crossentropy_reference.py", "make_optimizers_reference.py"):
        runpy.run_path(str(Path(__file__).with_name(name)), run_name="__main__")


if __name__ == "__main__":
    main()
