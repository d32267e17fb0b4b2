"""The Python API: one door per worked command, shared by every front end.

``import nnexplain as nx``, then ``nx.loss(y=1, yhat=0.1)``: each function takes the
command's options as arguments (lists or arrays wherever the command takes a list),
checks them (``nnexplain.InputError``, a ValueError, with the message the command
line prints after ``Error:``), and returns an ``Example``: the worked example with its
result, its views (``to_json``, ``to_markdown``, ``to_latex``, ``to_text``) and, for
examples that draw, ``figure()`` and ``save_figure()``. The command line, the lesson
engine and the figure deck call these same functions.
"""

from nnexplain.api.activations import ActivationExample, activation, compare
from nnexplain.api.approximation import approximate
from nnexplain.api.crossentropy import crossentropy
from nnexplain.api.example import Drawing, Example
from nnexplain.api.losses import cost, loss
from nnexplain.api.networks import backprop, forward, linear_collapse
from nnexplain.api.neurons import bias, neuron, softmax
from nnexplain.api.optimizers import optimize
from nnexplain.api.network_training import NetworkTrainingExample, train_network
from nnexplain.api.training import TrainingExample, train
from nnexplain.inputs import InputError

__all__ = [
    "ActivationExample", "Drawing", "Example", "InputError", "NetworkTrainingExample", "TrainingExample",
    "activation", "approximate", "backprop", "bias", "compare", "cost", "crossentropy", "forward", "linear_collapse",
    "loss", "neuron", "optimize", "softmax", "train", "train_network",
]
