"""The doors to a small network worked by hand: the forward pass, one step of
backpropagation, and why stacked linear layers collapse into one.

Every rule about these commands' inputs lives here (and in
``nnexplain.inputs.weights_file`` for the network itself), so the command line, the
lesson engine and a notebook refuse the same inputs with the same message.
"""

from __future__ import annotations

import os
from typing import Any, Sequence, Union

from nnexplain.api.example import Drawing, Example
from nnexplain.inputs import InputError, option
from nnexplain.inputs.values import choice, count, number, number_list

LOSSES = ("log", "squared")
TOO_LARGE = "more than the largest float64 (about 1.8e308)"
# linear-collapse: one table row per input; more would not fit the screen without
# eliding rows. The example layers take INPUT_SIZE inputs.
MAX_INPUTS = 20
INPUT_SIZE = 2
DEFAULT_X = (2.0, 3.0)
# The backprop graph: at most this many boxes in a column fit a slide readably.
MAX_GRAPH_ROWS = 8
# A network: a weights file's path, a shipped example's name, or the layers themselves
# (each a mapping with W, b, activation, or a core Layer); None for the preset.
Weights = Union[str, os.PathLike, Sequence[Any], None]


def forward(x: Sequence[float] = DEFAULT_X, weights: Weights = None,
            diagram_values: bool = True, diagram_z: bool = False) -> Example:
    """A network's output worked neuron by neuron: each input times its weight, the
    sum, plus the bias, the activation, layer after layer. ``weights`` is None (the
    syllabus's trained 2-2-1 network), the path of a weights file (docs/weights.md), a
    shipped example's name such as ``"xor_sigmoid"``, or a list of layers, each
    ``{"W": rows (one per input), "b": one per unit, "activation": …}``.
    ``figure()`` draws the network (with the pass's values unless
    ``diagram_values=False``; with ``diagram_z=True``, each unit's z before its
    activation beside its output a).

    >>> nx.forward(x=[2, 3]).result
    13.940882152617359
    """
    x = number_list(x, "--x")
    if diagram_z and not diagram_values:
        raise InputError(
            "writes each unit's z beside its value, and --no-diagram-values leaves the values "
            "out; give one or the other.",
            option("--diagram-z"),
        )
    from nnexplain.inputs.weights_file import load_network

    network = load_network(weights)
    _check_forward(network, x)
    import numpy as np

    from nnexplain.core.network import forward as forward_pass
    from nnexplain.explain.network import forward_example

    layers = network.layers
    worked = forward_example(layers, x)
    output = forward_pass(layers, np.asarray(x, dtype=np.float64))[-1].a
    result = worked.result if output.size == 1 else output.copy()

    def data():
        from nnexplain.explain.diagram import diagram

        return diagram(layers, x if diagram_values else None, sums=diagram_z)

    return Example(worked, result=result, drawing=Drawing("nnexplain.plot.diagram:diagram_figure", data))


def backprop(x: Sequence[float] = DEFAULT_X, target: float = 1.0, loss: str = "squared",
             lr: float = 0.001, weights: Weights = None, unit: str | None = None) -> Example:
    """One step of backpropagation: every weight's and bias's gradient by the chain
    rule, the updated values w ← w − lr·∂L/∂w, and the loss before and after the step.
    ``weights`` as for ``forward``; the network needs one output unit, and
    ``loss="log"`` a sigmoid output and a target in [0, 1]. ``result`` is the loss
    before the step. ``figure()`` draws the computational graph: every product, sum,
    + b, activation and the loss with its value and gradient ∂L/∂(node); ``unit``
    (a unit's name such as ``"h2"``, or ``"LAYER:UNIT"`` such as ``"1:2"``) draws only
    that unit's chain, for networks too large to read whole.

    >>> nx.backprop(x=[2, 3], target=1).result
    167.4664308879305
    """
    x = number_list(x, "--x")
    target = number(target, "--target")
    loss = choice(loss, LOSSES, "--loss")
    lr = number(lr, "--lr")
    if not lr > 0:
        raise InputError(
            f"{lr:g} is not positive; the learning rate is the size of the step against the "
            "gradient, e.g. 0.01.",
            option("--lr"),
        )
    from nnexplain.inputs.weights_file import load_network

    network = load_network(weights)
    _check_forward(network, x)
    _check_backprop(network, x, target, loss, lr)
    chosen = _check_unit(network, unit)
    from nnexplain.explain.backprop import backprop_example

    layers = network.layers

    def data():
        from nnexplain.explain.backprop_graph import backprop_graph

        return backprop_graph(layers, x, target, loss, unit=chosen)

    def check_figure():
        from nnexplain.explain.backprop_graph import column_sizes

        tallest = max(column_sizes(data()))
        if tallest > MAX_GRAPH_ROWS:
            what = "the graph" if chosen is None else f"unit {unit}'s chain"
            hint = (" (--unit NAME, e.g. --unit " + _first_unit(layers) + ")") if chosen is None else ""
            raise InputError(
                f"{what} of {network.source} has {tallest} boxes in one column, more than the "
                f"{MAX_GRAPH_ROWS} a slide can show readably; draw one unit's chain instead{hint}, "
                "or read every gradient in the table.",
                option("--plot"),
            )

    return Example(backprop_example(layers, x, target, loss, lr),
                   drawing=Drawing("nnexplain.plot.backprop_graph:backprop_graph_figure", data),
                   check_figure=check_figure,
                   # The terminal's table has a row per node: no column to overfill.
                   check_terminal=lambda: None)


def linear_collapse(x: Sequence[Sequence[float]] | Sequence[float] | None = None) -> Example:
    """Two linear layers (2 inputs → 3 hidden → 1 output, no activation) are one
    layer, W = W1·W2 and b = b1·W2 + b2, checked on each input; then XOR, which no
    linear model fits, against a 2-2-1 ReLU network. ``x`` is a list of inputs, each
    two numbers (None: three example inputs); ``result`` is ŷ for each input.
    ``figure()`` draws the linear model's plane, the network's classes, and the corners
    in its hidden units' space, where one line separates them.

    >>> nx.linear_collapse(x=[[2, 3], [1, 0]]).result
    array([3.25, 3.75])
    """
    inputs = _check_inputs(_input_rows(x))
    from nnexplain.core import linear
    from nnexplain.explain.collapse import collapse_example

    worked = collapse_example(inputs)
    rows = linear.example_inputs() if inputs is None else inputs
    result = linear.collapse(linear.example_stack(), rows).stacked[:, 0].copy()

    def data():
        from nnexplain.core.linear import xor_surfaces

        return xor_surfaces()

    return Example(worked, result=result, drawing=Drawing("nnexplain.plot.collapse:xor_figure", data))


def example_networks() -> dict[str, str]:
    """Each shipped example network's name, and a line saying what it is: its shape
    and activations (read from its file) and what it is for."""
    from nnexplain import examples
    from nnexplain.explain.network import describe
    from nnexplain.inputs.weights_file import read_network

    return {name: f"{describe(read_network(examples.path(name)))}: {examples.ABOUT[name]}"
            for name in examples.names()}


# --- the rules ----------------------------------------------------------------------


def _check_forward(network, x):
    """x has one number per input, and every unit's z and output fit in float64."""
    layers = network.layers
    n_in = layers[0].n_in
    if len(x) != n_in:
        raise InputError(
            f"has {count(len(x))} but {network.source} takes {count(n_in, 'input')} (its first W "
            f"has {count(n_in, 'row')}); give --x with {n_in} comma-separated number"
            f"{'s' if n_in != 1 else ''}.",
            option("--x"),
        )
    import numpy as np

    from nnexplain.core.network import forward as forward_pass
    from nnexplain.core.network import input_terms
    from nnexplain.explain.network import Names

    names = Names(layers)
    with np.errstate(all="ignore"):
        passes = forward_pass(layers, np.asarray(x, dtype=np.float64))
        for l, (current, step) in enumerate(zip(layers, passes), start=1):
            terms = input_terms(step.a_prev, current.W)
            for j in range(current.n_out):
                if not (np.all(np.isfinite(terms[:, j])) and np.isfinite(step.z[j])):
                    raise InputError(
                        f"the weighted sum {names.z(l, j)} of unit {names.unit(l, j)} "
                        f"({names.layer_name(l).lower()}) is {TOO_LARGE}; use smaller inputs or "
                        "weights.",
                        network.blame,
                    )


def _check_backprop(network, x, target, loss, lr):
    """A loss that fits the network's output, and every gradient, updated value and
    new loss finite: never a nan or an infinity in a worked step."""
    import numpy as np

    from nnexplain.core import activate_grad
    from nnexplain.core.network import backward, network_cost, updated
    from nnexplain.core.network import forward as forward_pass

    layers = network.layers
    last = layers[-1]
    if last.n_out != 1:
        raise InputError(
            f"{network.source} has {last.n_out} output units; backprop works one "
            "example with one output unit (the last W needs exactly 1 column).",
            option("--weights"),
        )
    if loss == "log":
        if last.activation != "sigmoid":
            raise InputError(
                f"--loss log needs an output in (0, 1): the output layer's activation is "
                f"{last.activation}; use --loss squared or a --weights file whose last layer is "
                "sigmoid.",
                option("--loss"),
            )
        if not 0.0 <= target <= 1.0:
            raise InputError(
                f"{target:g} is outside [0, 1]; log loss needs a label in [0, 1] (use --loss "
                "squared for any real number).",
                option("--target"),
            )
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(all="ignore"):
        passes = forward_pass(layers, x)
        y_hat = float(passes[-1].a[0])
        # Log loss on the sigmoid output is worked from z (L, and δ = ŷ − y), so it is
        # finite for every finite z, even where ŷ rounds to 0 or 1.
        before = network_cost(layers, x, [target], loss)
        if not np.isfinite(before):
            raise InputError(
                f"the loss for y = {target:g} and ŷ = {y_hat:.6g} is {TOO_LARGE}; use a target "
                "closer to the output, or smaller inputs or weights.",
                "'--target' / " + network.blame,
            )
        grads = backward(layers, passes, [target], loss)
        slopes = [activate_grad(c.activation, p.z) for c, p in zip(layers, passes)]
        # Under log loss the output's ∂L/∂ŷ = 1/(1 − ŷ) passes float64's largest for z
        # above about 709.78; the worked example says so, and δ = ŷ − y does not use it.
        slopes_in_a = [g.da for g in (grads[:-1] if loss == "log" else grads)]
        arrays = [a for g in grads for a in (g.dW, g.db, g.dz)] + slopes_in_a + slopes
        if not all(np.all(np.isfinite(a)) for a in arrays):
            raise InputError(
                f"a gradient is {TOO_LARGE}; use smaller weights, inputs or target.",
                network.blame,
            )
        stepped = updated(layers, grads, lr)
        after = network_cost(stepped, x, [target], loss)
        finite = all(np.all(np.isfinite(c.W)) and np.all(np.isfinite(c.b)) for c in stepped)
    if not (finite and np.isfinite(after)):
        raise InputError(
            f"with --lr {lr:g} the step overshoots so far that the updated network's numbers (or "
            f"its loss) leave float64; use a smaller --lr, e.g. {lr / 100:g}.",
            option("--lr"),
        )


def _check_unit(network, unit):
    """None (the whole graph), or (layer from 1, unit from 0) for a unit's name."""
    if unit is None:
        return None
    from nnexplain.explain.backprop_graph import unit_names

    known = unit_names(network.layers)
    name = str(unit).strip()
    if name not in known:
        listed = ", ".join(n for n in known if ":" not in n and n.isascii())
        raise InputError(
            f"{unit!r} is not a unit of {network.source}; its units are {listed} "
            "(or LAYER:UNIT, e.g. 1:2).",
            option("--unit"),
        )
    return known[name]


def _first_unit(layers):
    from nnexplain.explain.backprop_graph import plain
    from nnexplain.explain.network import Names

    return plain(Names(layers).unit(1, 0))


def _input_rows(x):
    """linear-collapse's inputs as lists of numbers: None (or nothing) for the default,
    else one list per input (a flat list of numbers is one input)."""
    if x is None:
        return None
    if isinstance(x, str):
        return [number_list(x, "--x")]
    import numpy as np

    try:
        array = np.asarray(x, dtype=object)
    except Exception:  # ragged in a way NumPy cannot even hold
        array = None
    if array is not None and array.ndim == 1 and len(array) and all(
            not isinstance(item, (list, tuple, str)) and np.ndim(item) == 0 for item in array):
        return [number_list(list(array), "--x")]  # one input given flat
    if array is not None and array.ndim == 2:
        return [number_list(list(row), "--x") for row in array]
    return [number_list(item, "--x") for item in x]


def _check_inputs(x):
    """None for the default inputs, else rows of INPUT_SIZE numbers whose values
    stay within float64 through both layers."""
    if not x:
        return None
    if len(x) > MAX_INPUTS:
        raise InputError(
            f"is given {len(x)} times; at most {MAX_INPUTS} inputs are allowed (one table row each).",
            option("--x"),
        )
    for position, item in enumerate(x, start=1):
        if len(item) != INPUT_SIZE:
            raise InputError(
                f"input {position} has {len(item)} number{'s' if len(item) != 1 else ''}; "
                f"expected {INPUT_SIZE} (x₁,x₂), e.g. --x 2,3.",
                option("--x"),
            )
    import numpy as np

    from nnexplain.core import linear

    run = linear.collapse(linear.example_stack(), x)
    values = (run.passes[0].z, run.stacked, run.collapsed, run.bound)
    bad = ~np.all(np.isfinite(np.column_stack(values)), axis=1)
    if bad.any():
        position = int(np.flatnonzero(bad)[0]) + 1
        raise InputError(
            f"input {position} makes a hidden or output value larger than float64 can hold "
            "(about 1.8e308); use numbers below about 1e300.",
            option("--x"),
        )
    return np.asarray(x, dtype=np.float64)
