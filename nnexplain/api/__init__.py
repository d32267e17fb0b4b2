"""The Python API: one door per worked command, shared by every front end.

``import nnexplain as nx``, then ``nx.loss(y=1, yhat=0.1)``: each function takes the
command's options as arguments (lists or arrays wherever the command takes a list),
checks them (``nnexplain.InputError``, a ValueError, with the message the command
line prints after ``Error:``), and returns an ``Example``: the worked example with its
result, its views (``to_json``, ``to_markdown``, ``to_latex``, ``to_text``) and, for
examples that draw, ``figure()`` and ``save_figure()``. The command line, the lesson
engine and the figure deck call these same functions.
"""

import importlib

from nnexplain.api.example import Drawing, Example
from nnexplain.inputs import InputError

# Each door's module, imported on first use: a command loads only its own door (the
# start-up of a text command is measured against its imports; bench/startup.py).
_DOORS = {
    "ActivationExample": "activations", "activation": "activations", "compare": "activations",
    "approximate": "approximation", "crossentropy": "cross_entropy",
    "cost": "losses", "loss": "losses",
    "backprop": "networks", "forward": "networks", "linear_collapse": "networks",
    "bias": "neurons", "neuron": "neurons", "softmax": "neurons",
    "optimize": "optimizers", "problem": "practice",
    "NetworkTrainingExample": "network_training", "train_network": "network_training",
    "TrainingExample": "training", "train": "training",
}

__all__ = sorted(["Drawing", "Example", "InputError", *_DOORS])


def __getattr__(name):
    if name in _DOORS:
        value = getattr(importlib.import_module(f"nnexplain.api.{_DOORS[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'nnexplain.api' has no attribute {name!r}")


def __dir__():
    return sorted({*globals(), *_DOORS})
