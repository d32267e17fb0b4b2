"""Training one neuron with plain gradient descent, vectorised over examples."""

import numpy as np

from nnexplain.core.activations import sigmoid
from nnexplain.core.losses import per_example_loss


def neuron_gradient_descent(x, y, w, b, lr, epochs, loss="squared", fit_bias=True,
                            record=None):
    """Train one neuron ŷ = f(x·w + b) (identity for squared loss, sigmoid for log
    loss) with plain gradient descent on the mean loss, vectorised over examples.

    x: (m, n) inputs, y: (m,) targets; w: (n,), b: float. ``record``: epochs
    (0 = before training) at which to keep (w, b, cost). Returns (w, b, history)
    with history a list of (epoch, w, b, cost). For these two pairings the gradient
    of the mean loss with respect to z is (ŷ − y)·(2 for squared, 1 for log) / m.
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    w = np.array(w, dtype=np.float64)
    b = float(b)
    m = y.shape[0]
    scale = (2.0 if loss == "squared" else 1.0) / m
    wanted = set(record or ())
    history = []
    xt = x.T
    for epoch in range(epochs + 1):
        z = x @ w + b
        y_hat = z if loss == "squared" else sigmoid(z)
        if epoch in wanted:
            history.append((epoch, w.copy(), b, float(np.mean(per_example_loss(y, y_hat, loss=loss)))))
        if epoch == epochs:
            break
        dz = (y_hat - y) * scale
        w -= lr * (xt @ dz)
        if fit_bias:
            b -= lr * float(dz.sum())
    return w, b, history
