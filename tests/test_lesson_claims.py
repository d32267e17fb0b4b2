"""Sentences in shipped lessons that describe a figure rather than quote a number:
each is checked here against the data the figure draws, so a change to the defaults
that makes the sentence false fails a test."""

import numpy as np

import nnexplain as nx


def test_gradient_descent_rates_step_describes_the_figure():
    """lessons/gradient-descent.toml, "Four learning rates on one bowl": the smallest
    rate is still above the minimum, half the limit reaches it, the limit bounces
    without settling and 1.1 × the limit diverges, after the run's epochs."""
    from nnexplain.explain.training_figures import learning_rates

    example = nx.train(task="line")
    comparison = learning_rates(example.outcome)
    small, good, edge, over = comparison.paths
    assert [p.multiple for p in comparison.paths] == [0.005, 0.5, 1.0, 1.1]
    assert small.arrived_at is None and small.final_cost > comparison.minimum_cost
    assert good.arrived_at is not None
    assert edge.stability == "edge" and edge.arrived_at is None
    assert edge.final_cost > edge.start_cost / 10  # still bouncing, not settling
    assert over.stability == "unstable" and over.final_cost > over.start_cost


def test_backprop_graph_step_follows_one_path():
    """lessons/backprop.toml, "The same pass as a graph": from L back to w⁽²⁾₂₁ the
    local derivatives are ∂L/∂ŷ, then 1s through the output's identity and sums, then
    h₂, and their product is the weight's gradient."""
    import math

    import numpy as np

    from nnexplain.core.network import preset
    from nnexplain.explain.backprop_graph import backprop_graph

    example = nx.backprop(target=1)
    graph = backprop_graph(preset(), np.array([2.0, 3.0]), 1.0)  # the lesson says x = (2, 3)
    into = {edge.tail: edge for edge in graph.edges}
    key, locals_ = "w2_2_1", []
    while key != "L":
        edge = into[key]
        locals_.append(edge.local)
        key = edge.head
    dl_dyhat, *ones, h2 = reversed(locals_)
    assert dl_dyhat == dict(example.worked.values)["delta"]
    assert ones == [1.0, 1.0, 1.0]  # identity′, + b and Σ
    assert h2 == graph.node("a1_2").value
    assert math.isclose(math.prod(locals_), graph.node("w2_2_1").grad, rel_tol=1e-15)


def test_minibatch_figure_step_describes_the_three_curves():
    """lessons/minibatch.toml, the --compare-batches figure: full batch ends on the
    minimum, B = 10 ends just above it, SGD (B = 1) is lowest after its first few dozen
    examples but ends far above the minimum."""
    from nnexplain.explain.minibatch import batch_comparison

    data = batch_comparison(nx.train(task="line", batch_size=10).outcome)
    full, mini, sgd = data.paths
    assert (full.batch_size, mini.batch_size, sgd.batch_size) == (50, 10, 1)
    gap = {path.batch_size: path.costs[-1] - data.minimum_cost for path in data.paths}
    assert gap[50] < 1e-9 < gap[10] < gap[1]

    def cost_after(path, seen):
        return path.costs[np.searchsorted(path.seen, seen)]

    assert cost_after(sgd, 30) < cost_after(mini, 30) < cost_after(full, 30)


def test_training_networks_spiral_steps_describe_the_runs():
    """lessons/training-networks.toml: the 2-2-2-1 network ends below the model with no
    hidden layer but far from 0; the 2-8-8-1 cost has sudden spikes (epochs where it rose)."""
    small = nx.train(task="spiral", hidden="2,2")
    values = dict(small.worked.values)
    assert values["final_cost"] < values["no_hidden_cost"] and values["final_cost"] > 0.3
    big = nx.train(task="spiral", hidden="8,8")
    curve = np.asarray(big.outcome.run.curve)
    rises = np.flatnonzero(np.diff(curve) > 0.05)
    assert 1 <= rises.size <= 20  # "a few sudden spikes"
    assert curve[-1] < curve[rises[-1] + 1]  # later steps recovered
