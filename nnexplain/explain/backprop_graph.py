"""Backpropagation as a computational graph, as data: one node for every operation of
one example's forward pass (each product aᵢ·wᵢⱼ, each sum, each + b, each activation,
the loss) and for every input and parameter, each with its forward value and its
gradient ∂L/∂(node); one edge for every operand, carrying the local derivative
∂(head)/∂(tail).

Every value and gradient is ``nnexplain.core.network``'s: the forward pass's
products (``input_terms``), z and a; ``backward``'s ∂L/∂W, ∂L/∂b, ∂L/∂z (δ) and ∂L/∂a.
Nothing is recomputed here, so a test can check the chain rule on the data: a node's
gradient is the sum, over its outgoing edges, of the head's gradient times the local
derivative. The plot layer (``nnexplain.plot.backprop_graph``) only places and draws.

The inputs x are data, not parameters: ``backward`` stops at the first layer, and so
do the gradients here (an input node has none).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from nnexplain.core import DEFAULT_SLOPE, activate_grad
from nnexplain.core.activations import weighted_sum
from nnexplain.core.network import (
    backward,
    forward,
    input_terms,
    log_loss_slope_from_logit,
    loss_grad,
    network_cost,
)
from nnexplain.explain.network import ACTIVATION_WORDS, Names

# The kinds of node, in the order an operation's inputs are listed.
LEAVES = ("input", "weight", "bias")
OPERATIONS = ("product", "sum", "add_bias", "activation", "loss")
LOSS_TITLES = {"squared": "L = (y − ŷ)²", "log": "L = log loss"}


@dataclass(frozen=True)
class Node:
    key: str  # unique: "x1", "w1_1_2" (layer, i, j from 1), "p1_1_2", "s1_2", "z1_2", "a1_2", "L"
    kind: str  # one of LEAVES or OPERATIONS
    name: str  # what a learner calls it: "x₁", "w⁽¹⁾₁₂", "x₁·w⁽¹⁾₁₂", "z⁽¹⁾₂", "h₂", "L"
    label: str  # its short title in a figure: "×", "Σ", "+ → z⁽¹⁾₂", "ReLU → h₂"
    value: float  # the forward value
    grad: float | None  # ∂L/∂(node); None for an input (data, not a parameter)
    column: int  # left to right: an operation after its operands, a leaf just before its use
    # False where the node is used by operations this graph does not draw (a unit's
    # chain stops at the next layer's sums): its gradient then also has other terms.
    complete: bool = True
    # Which input i (from 0) of a product or a weight, for ordering a figure's rows.
    source: int = -1


@dataclass(frozen=True)
class Edge:
    tail: str  # an operand's node key
    head: str  # the operation's node key
    local: float  # ∂head/∂tail, the local derivative
    symbol: str  # what it is: "w⁽¹⁾₁₁", "x₁", "1", "ReLU′(z⁽¹⁾₁)", "∂L/∂ŷ"
    # The sign (+1, −1 or 0) of the gradient this edge carries back, ∂L/∂head·∂head/∂tail.
    sign: int = 0

    @property
    def trivial(self) -> bool:
        """A sum's or a bias's edge: ∂(a + b)/∂a = 1 whatever the numbers."""
        return self.symbol == "1"


@dataclass(frozen=True)
class BackpropGraph:
    shape: str  # "2-2-1"
    x: tuple[float, ...]
    target: float
    loss: str  # "squared" or "log"
    loss_value: float
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    unit: str | None  # the unit whose chain this is; None: the whole network
    columns: int

    def node(self, key: str) -> Node:
        return next(n for n in self.nodes if n.key == key)

    @property
    def parameters(self) -> tuple[Node, ...]:
        return tuple(n for n in self.nodes if n.kind in ("weight", "bias"))


def unit_names(layers) -> dict[str, tuple[int, int]]:
    """Every unit a chain can start from, by the names a learner may type for it:
    the printed name (h₂, h⁽²⁾₁, ŷ), the same in plain characters (h2, h(2)1, y) and
    "LAYER:UNIT" counted from 1 ("1:2"); each gives (layer from 1, unit from 0)."""
    names = Names(layers)
    found = {}
    for l, current in enumerate(layers, start=1):
        for j in range(current.n_out):
            printed = names.unit(l, j)
            for name in (printed, plain(printed), f"{l}:{j + 1}"):
                found[name] = (l, j)
    return found


def plain(name: str) -> str:
    """A unit's name in characters any keyboard has: h⁽²⁾₁ → h(2)1, ŷ₂ → y2."""
    table = str.maketrans("₀₁₂₃₄₅₆₇₈₉⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾", "01234567890123456789()")
    return name.replace("ŷ", "y").translate(table)


def backprop_graph(layers, x, target, loss="squared", unit=None, slope=DEFAULT_SLOPE) -> BackpropGraph:
    """The graph of one example's forward pass and backward pass through ``layers``
    (one output unit); ``unit`` = (layer from 1, unit from 0) draws only that unit's
    chain: its inputs, weights, products, sum, bias and activation, then where its
    output goes (the next layer's products and sums, or the loss)."""
    names = Names(layers)
    x = np.asarray(x, dtype=np.float64)
    passes = forward(layers, x, slope)
    grads = backward(layers, passes, [target], loss, slope)
    depth = len(layers)
    nodes, edges = {}, []

    def add(node):
        nodes.setdefault(node.key, node)

    def source_key(l, i):
        return f"x{i + 1}" if l == 1 else f"a{l - 1}_{i + 1}"

    def unit_nodes(l, j, column, sources_known=True):
        """Unit j of layer l from its operands: products, sum, + b, activation."""
        current, step, grad = layers[l - 1], passes[l - 1], grads[l - 1]
        terms = input_terms(step.a_prev, current.W)
        dz = float(grad.dz[j])
        for i in range(current.n_in):
            src = source_key(l, i)
            if src not in nodes:
                if l == 1:
                    add(Node(src, "input", names.source(1, i), names.source(1, i), float(x[i]), None, column))
                else:
                    # In a unit's chain the previous layer's units are only its inputs.
                    add(Node(src, "input", names.source(l, i), names.source(l, i),
                             float(step.a_prev[i]), None, column, complete=False))
            w_key, p_key = f"w{l}_{i + 1}_{j + 1}", f"p{l}_{i + 1}_{j + 1}"
            w_name = names.weight(l, i, j)
            add(Node(w_key, "weight", w_name, w_name, float(current.W[i, j]), float(grad.dW[i, j]), column,
                     source=i))
            add(Node(p_key, "product", f"{names.source(l, i)}·{w_name}", "×", float(terms[i, j]), dz,
                     column + 1, source=i))
            edges.append(Edge(src, p_key, float(current.W[i, j]), w_name))
            edges.append(Edge(w_key, p_key, float(step.a_prev[i]), names.source(l, i)))
        s_key = f"s{l}_{j + 1}"
        add(Node(s_key, "sum", f"the sum in {names.z(l, j)}", "Σ",
                 float(weighted_sum(step.a_prev, current.W[:, j], 0.0)), dz, column + 2))
        for i in range(current.n_in):
            edges.append(Edge(f"p{l}_{i + 1}_{j + 1}", s_key, 1.0, "1"))
        b_key, z_key = f"b{l}_{j + 1}", f"z{l}_{j + 1}"
        add(Node(b_key, "bias", names.bias(l, j), names.bias(l, j), float(current.b[j]), float(grad.db[j]),
                 column + 2))
        add(Node(z_key, "add_bias", names.z(l, j), f"+ → {names.z(l, j)}", float(step.z[j]), dz, column + 3))
        edges.append(Edge(s_key, z_key, 1.0, "1"))
        edges.append(Edge(b_key, z_key, 1.0, "1"))
        a_key = f"a{l}_{j + 1}"
        word = ACTIVATION_WORDS[current.activation]
        add(Node(a_key, "activation", names.unit(l, j), f"{word} → {names.unit(l, j)}", float(step.a[j]),
                 float(grad.da[j]), column + 4))
        slope_j = float(activate_grad(current.activation, step.z, slope)[j])
        edges.append(Edge(z_key, a_key, slope_j, f"{word}′({names.z(l, j)})"))
        return a_key

    def loss_node(column):
        value = network_cost(layers, x, [target], loss, slope)
        add(Node("L", "loss", LOSS_TITLES[loss], "L", value, 1.0, column))
        y_hat = passes[-1].a
        if loss == "log" and layers[-1].activation == "sigmoid":  # as backward: from z
            local = float(log_loss_slope_from_logit(target, passes[-1].z[0]))
        else:
            local = float(loss_grad(target, y_hat[0], loss))
        edges.append(Edge(f"a{depth}_1", "L", local, "∂L/∂ŷ"))
        return value

    if unit is None:
        for l, current in enumerate(layers, start=1):
            for j in range(current.n_out):
                unit_nodes(l, j, 4 * (l - 1))
        value = loss_node(4 * depth + 1)
        chosen = None
    else:
        l, j = unit
        chosen = names.unit(l, j)
        a_key = unit_nodes(l, j, 0)
        if l == depth:
            value = loss_node(5)
        else:
            value = network_cost(layers, x, [target], loss, slope)
            after, step, grad = layers[l], passes[l], grads[l]
            terms = input_terms(step.a_prev, after.W)
            for k in range(after.n_out):
                w_key, p_key, s_key = f"w{l + 1}_{j + 1}_{k + 1}", f"p{l + 1}_{j + 1}_{k + 1}", f"s{l + 1}_{k + 1}"
                w_name = names.weight(l + 1, j, k)
                dz = float(grad.dz[k])
                add(Node(w_key, "weight", w_name, w_name, float(after.W[j, k]), float(grad.dW[j, k]), 4,
                         source=j))
                add(Node(p_key, "product", f"{names.unit(l, j)}·{w_name}", "×", float(terms[j, k]), dz, 5,
                         source=j))
                # The next layer's sum, with its other terms and everything after it left out.
                add(Node(s_key, "sum", f"the sum in {names.z(l + 1, k)}", "Σ + …",
                         float(weighted_sum(step.a_prev, after.W[:, k], 0.0)), dz, 6, complete=False))
                edges.append(Edge(a_key, p_key, float(after.W[j, k]), w_name))
                edges.append(Edge(w_key, p_key, float(step.a_prev[j]), names.unit(l, j)))
                edges.append(Edge(p_key, s_key, 1.0, "1"))
    ordered = tuple(nodes.values())
    edges = [replace(e, sign=int(np.sign(nodes[e.head].grad) * np.sign(e.local))) for e in edges]
    return BackpropGraph(
        shape=names.shape(),
        x=tuple(float(v) for v in x),
        target=float(target),
        loss=loss,
        loss_value=float(value),
        nodes=ordered,
        edges=tuple(edges),
        unit=chosen,
        columns=max(n.column for n in ordered) + 1,
    )


def column_sizes(graph: BackpropGraph) -> list[int]:
    """How many nodes each column holds (the tallest decides whether it fits a slide)."""
    sizes = [0] * graph.columns
    for node in graph.nodes:
        sizes[node.column] += 1
    return sizes
