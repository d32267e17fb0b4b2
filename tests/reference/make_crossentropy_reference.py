"""Regenerate tests/reference/crossentropy.json: PyTorch's cross-entropy, its log-softmax
and its gradient (autograd) for the scores and targets the tests use, in float64.

Run by hand, from the repository root, in an environment that has torch:

    /work/venv-torch/bin/python tests/reference/make_crossentropy_reference.py

tests/test_crossentropy.py reads the file (no torch needed) and, when torch is
importable, repeats the same comparisons live using ``case_values`` below.
"""

import json
from pathlib import Path

import torch
import torch.nn.functional as F

OUTPUT = Path(__file__).with_name("crossentropy.json")

# (scores, class index) cases: the brief's edges, large ranges, ties, many classes.
INDEX_CASES = [
    ([2.0, 1.0, 0.1], 0),
    ([2.0, 1.0, 0.1], 1),
    ([2.0, 1.0, 0.1], 2),
    ([1000.0, 0.0, 0.0], 0),
    ([1000.0, 0.0, 0.0], 1),
    ([-1000.0, 0.0, 1000.0], 0),
    ([-1000.0, 0.0, 1000.0], 1),
    ([-1000.0, 0.0, 1000.0], 2),
    ([1e5, -1e5, 3.0, 0.5], 2),
    ([1e300, -1e300], 0),
    ([20.0, 0.0, 0.0], 0),
    ([40.0, 0.0], 0),
    ([0.5, 0.5, 0.5, 0.5], 3),
    ([-3.5, 7.25, 0.0, 1e-8, -1e-8, 2.0, 700.0, 710.0], 6),
    ([0.0, 0.0], 1),
    ([-745.5, 0.0], 0),
]
# (scores, probability target) cases: one-hot and soft targets.
PROBABILITY_CASES = [
    ([2.0, 1.0, 0.1], [0.0, 1.0, 0.0]),
    ([2.0, 1.0, 0.1], [0.1, 0.8, 0.1]),
    ([1000.0, 0.0, 0.0], [0.0, 1.0, 0.0]),
    ([1000.0, 0.0, 0.0], [0.25, 0.5, 0.25]),
    ([-1000.0, 0.0, 1000.0], [0.5, 0.0, 0.5]),
    ([3.0, -2.0], [0.75, 0.25]),
    ([1e5, -1e5, 3.0, 0.5], [0.125, 0.125, 0.5, 0.25]),
    ([20.0, 0.0, 0.0], [1.0, 0.0, 0.0]),
]


def case_values(z, target):
    """torch's loss, log-softmax and ∂L/∂z for scores z and a class index or a
    probability vector ``target``, in float64."""
    scores = torch.tensor([z], dtype=torch.float64, requires_grad=True)
    if isinstance(target, int):
        goal = torch.tensor([target], dtype=torch.long)
    else:
        goal = torch.tensor([target], dtype=torch.float64)
    loss = F.cross_entropy(scores, goal)
    loss.backward()
    return {
        "loss": float(loss.item()),
        "log_softmax": F.log_softmax(scores.detach(), dim=-1)[0].tolist(),
        "gradient": scores.grad[0].tolist(),
    }


def encode(value):
    if isinstance(value, float) and value != value:
        return "nan"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return "inf" if value > 0 else "-inf"
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    return value


def build():
    return {
        "source": "torch.nn.functional.cross_entropy (reduction='mean' over one row), "
                  "F.log_softmax, autograd; float64",
        "torch": torch.__version__,
        "index": [{"z": z, "target": t, **case_values(z, t)} for z, t in INDEX_CASES],
        "probability": [{"z": z, "y": y, **case_values(z, y)} for z, y in PROBABILITY_CASES],
    }


def main():
    OUTPUT.write_text(json.dumps(encode(build()), indent=1, allow_nan=False) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
