"""The maths of nnexplain: pure NumPy, float64, array in and array out.

Nothing here prints, formats or rounds; the explain layer builds worked steps from
these functions so that the table a learner reads and the vectorised answer agree.
"""

from nnexplain.core.activations import (
    ACTIVATIONS,
    DEFAULT_SLOPE,
    EXP_MAX,
    activate,
    activate_grad,
    identity,
    identity_grad,
    leaky_relu,
    leaky_relu_grad,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    softmax,
    tanh,
    tanh_grad,
    weighted_sum,
)
from nnexplain.core.losses import (
    LOSSES,
    clip_probability,
    cost,
    log1m,
    log_loss,
    log_loss_terms,
    mse,
    per_example_loss,
    squared_error,
)

__all__ = [
    "ACTIVATIONS",
    "DEFAULT_SLOPE",
    "EXP_MAX",
    "activate",
    "activate_grad",
    "LOSSES",
    "clip_probability",
    "cost",
    "identity",
    "identity_grad",
    "leaky_relu",
    "leaky_relu_grad",
    "log1m",
    "log_loss",
    "log_loss_terms",
    "mse",
    "per_example_loss",
    "relu",
    "relu_grad",
    "sigmoid",
    "sigmoid_grad",
    "softmax",
    "squared_error",
    "tanh",
    "tanh_grad",
    "weighted_sum",
]
