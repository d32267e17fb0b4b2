"""``nnexplain forward`` and ``nnexplain backprop``: a small network, worked by hand."""

import click

from nnexplain.cli.options import (
    FIGURE_PATH,
    INPUT_PATH,
    LOSS_CHOICE,
    NUMBER,
    NUMBER_LIST,
    output_options,
    style_option,
)

TOO_LARGE = "more than the largest float64 (about 1.8e308)"


def _network_options(command):
    """``--x`` and ``--weights``, shared by both commands."""
    command = click.option(
        "--weights", "weights_path", type=INPUT_PATH, default=None, metavar="FILE.json",
        help="Load a network from a JSON list of layers, each {\"W\": rows (one per input), "
        "\"b\": one per unit, \"activation\": …} (docs/weights.md). "
        "Default: the trained 2-2-1 network of the syllabus.",
    )(command)  # fmt: skip
    command = click.option(
        "--x", "x", type=NUMBER_LIST, default="2,3", show_default=True,
        help="The input x₁, x₂, …: one number per input of the network.",
    )(command)  # fmt: skip
    return command


@click.command()
@_network_options
@click.option("--diagram", "diagram_path", type=FIGURE_PATH, default=None, metavar="FILE",
              help="Also draw the network and save it to FILE (.png, .svg or .pdf): units as "
              "circles, each connection labelled with its weight, biases as bias units.")
@click.option("--diagram-values/--no-diagram-values", default=True, show_default=True,
              help="Write the forward pass's values (x, and each unit's output) in the diagram.")
@style_option
@output_options
def forward(x, weights_path, diagram_path, diagram_values, fmt, precision):
    """Work out a network's output, neuron by neuron.

    A model summary (weights + biases = parameters per layer, as Keras shows
    it), then for every unit: each input times its weight, named by what it
    connects (w⁽¹⁾₁₂: x₁ → h₂), the sum, plus the bias, the activation; then the
    next layer from those outputs. Weights are in Keras' layout: W[i][j]
    connects input i to unit j.

    \b
    Example:
      nnexplain forward
      nnexplain forward --x 1,0.5
      nnexplain forward --weights docs/examples/xor_sigmoid.json --x 1,0
      nnexplain forward --diagram network.png
    """
    layers = _load(weights_path)
    _check_forward(layers, x, weights_path)
    from nnexplain.explain.network import forward_example
    from nnexplain.cli.output import show

    worked = forward_example(layers, x)
    if diagram_path is not None:  # first, so a failed save prints nothing but the error
        from nnexplain.cli.figures import save
        from nnexplain.explain.diagram import diagram
        from nnexplain.plot.diagram import diagram_figure

        save(diagram_figure(diagram(layers, x if diagram_values else None)), diagram_path,
             option="--diagram")
    show(worked, fmt, precision)
    if diagram_path is not None:
        click.echo(f"Figure saved to {diagram_path}", err=True)


@click.command()
@_network_options
@click.option("--target", type=NUMBER, default="1", show_default=True,
              help="The true value y for this input (in [0, 1] for --loss log).")
@click.option("--loss", type=LOSS_CHOICE, default="squared", show_default=True,
              help="squared: (y − ŷ)²; log: binary cross-entropy (needs a sigmoid output layer).")
@click.option("--lr", type=NUMBER, default="0.001", show_default=True,
              help="The learning rate of the one gradient-descent step: a positive number.")
@output_options
def backprop(x, weights_path, target, loss, lr, fmt, precision):
    """Backpropagation: the gradient of every weight and bias, by the chain rule.

    The forward pass, then, from the output back, each unit's error signal
    δ = ∂L/∂a·∂a/∂z and each parameter's gradient ∂L/∂w = ∂L/∂a·∂a/∂z·∂z/∂w
    as arithmetic; a table of every parameter, its gradient and its value after
    one step w ← w − lr·∂L/∂w; and the loss before and after that step.

    \b
    Example:
      nnexplain backprop --target 1
      nnexplain backprop --target 1 --lr 0.01
      nnexplain backprop --weights docs/examples/xor_sigmoid.json --x 1,1 --target 0 --loss log
    """
    if not lr > 0:
        raise click.BadParameter(
            f"{lr:g} is not positive; the learning rate is the size of the step against the "
            "gradient, e.g. 0.01.",
            param_hint="'--lr'",
        )
    layers = _load(weights_path)
    _check_forward(layers, x, weights_path)
    _check_backprop(layers, x, target, loss, lr, weights_path)
    from nnexplain.explain.backprop import backprop_example
    from nnexplain.cli.output import show

    show(backprop_example(layers, x, target, loss, lr), fmt, precision)


def _load(weights_path):
    if weights_path is None:
        from nnexplain.core.network import preset

        return preset()
    from nnexplain.cli.weights_input import read_network

    return read_network(weights_path)


def _blame(weights_path):
    """Which option a number too large for float64 can come from."""
    return "'--x'" if weights_path is None else "'--x' / '--weights'"


def _check_forward(layers, x, weights_path):
    """--x has one number per input, and every unit's z and output fit in float64."""
    n_in = layers[0].n_in
    if len(x) != n_in:
        source = "the preset network" if weights_path is None else f"the network in {weights_path}"
        raise click.BadParameter(
            f"has {_count(len(x))} but {source} takes {_count(n_in, 'input')} (its first W has "
            f"{_count(n_in, 'row')}); give --x with {n_in} comma-separated number"
            f"{'s' if n_in != 1 else ''}.",
            param_hint="'--x'",
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
                    raise click.BadParameter(
                        f"the weighted sum {names.z(l, j)} of unit {names.unit(l, j)} "
                        f"({names.layer_name(l).lower()}) is {TOO_LARGE}; use smaller inputs or "
                        "weights.",
                        param_hint=_blame(weights_path),
                    )


def _check_backprop(layers, x, target, loss, lr, weights_path):
    """A loss that fits the network's output, and every gradient, updated value and
    new loss finite: never a nan or an infinity in a worked step."""
    import numpy as np

    from nnexplain.core import activate_grad
    from nnexplain.core.network import backward, network_cost, updated
    from nnexplain.core.network import forward as forward_pass

    last = layers[-1]
    if last.n_out != 1:
        raise click.BadParameter(
            f"the network in {weights_path} has {last.n_out} output units; backprop works one "
            "example with one output unit (the last W needs exactly 1 column).",
            param_hint="'--weights'",
        )
    if loss == "log":
        if last.activation != "sigmoid":
            raise click.BadParameter(
                f"--loss log needs an output in (0, 1): the output layer's activation is "
                f"{last.activation}; use --loss squared or a --weights file whose last layer is "
                "sigmoid.",
                param_hint="'--loss'",
            )
        if not 0.0 <= target <= 1.0:
            raise click.BadParameter(
                f"{target:g} is outside [0, 1]; log loss needs a label in [0, 1] (use --loss "
                "squared for any real number).",
                param_hint="'--target'",
            )
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(all="ignore"):
        passes = forward_pass(layers, x)
        y_hat = float(passes[-1].a[0])
        # Log loss on the sigmoid output is worked from z (L, and δ = ŷ − y), so it is
        # finite for every finite z, even where ŷ rounds to 0 or 1.
        before = network_cost(layers, x, [target], loss)
        if not np.isfinite(before):
            raise click.BadParameter(
                f"the loss for y = {target:g} and ŷ = {y_hat:.6g} is {TOO_LARGE}; use a target "
                "closer to the output, or smaller inputs or weights.",
                param_hint="'--target' / " + _blame(weights_path),
            )
        grads = backward(layers, passes, [target], loss)
        slopes = [activate_grad(c.activation, p.z) for c, p in zip(layers, passes)]
        # Under log loss the output's ∂L/∂ŷ = 1/(1 − ŷ) passes float64's largest for z
        # above about 709.78; the worked example says so, and δ = ŷ − y does not use it.
        slopes_in_a = [g.da for g in (grads[:-1] if loss == "log" else grads)]
        arrays = [a for g in grads for a in (g.dW, g.db, g.dz)] + slopes_in_a + slopes
        if not all(np.all(np.isfinite(a)) for a in arrays):
            raise click.BadParameter(
                f"a gradient is {TOO_LARGE}; use smaller weights, inputs or target.",
                param_hint=_blame(weights_path),
            )
        stepped = updated(layers, grads, lr)
        after = network_cost(stepped, x, [target], loss)
        finite = all(np.all(np.isfinite(c.W)) and np.all(np.isfinite(c.b)) for c in stepped)
    if not (finite and np.isfinite(after)):
        raise click.BadParameter(
            f"with --lr {lr:g} the step overshoots so far that the updated network's numbers (or "
            f"its loss) leave float64; use a smaller --lr, e.g. {lr / 100:g}.",
            param_hint="'--lr'",
        )


def _count(n, noun="number"):
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
