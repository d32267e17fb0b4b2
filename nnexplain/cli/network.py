"""``nnexplain forward`` and ``nnexplain backprop``: a small network, worked by hand."""

import click

from nnexplain.cli.completion import network_or_file

from nnexplain.cli.options import (
    FIGURE_PATH,
    INPUT_PATH,
    LOSS_CHOICE,
    NUMBER,
    NUMBER_LIST,
    output_options,
    plot_option,
    style_option,
)


def _list_examples(ctx, param, value):
    """``--list-examples``: each shipped network's name and what it is, then stop."""
    if not value or ctx.resilient_parsing:
        return
    from nnexplain.api.networks import example_networks

    networks = example_networks()
    width = max(map(len, networks))
    click.echo("Example networks, for --weights NAME:")
    for name, about in networks.items():
        click.echo(f"  {name:<{width}}  {about}")
    ctx.exit()


def _network_options(command):
    """``--x``, ``--weights`` and ``--list-examples``, shared by both commands."""
    command = click.option(
        "--list-examples", is_flag=True, expose_value=False, is_eager=True, callback=_list_examples,
        help="List the example networks --weights can name, and stop.",
    )(command)  # fmt: skip
    command = click.option(
        "--weights", "weights_path", type=INPUT_PATH, default=None, metavar="FILE.json",
        shell_complete=network_or_file,
        help="Load a network from a JSON list of layers, each {\"W\": rows (one per input), "
        "\"b\": one per unit, \"activation\": …} (docs/weights.md), or name a shipped "
        "example (--list-examples), e.g. --weights xor_sigmoid. "
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
@click.option("--diagram-z", is_flag=True, default=False,
              help="Also write each unit's z (its weighted sum plus bias, before the activation) "
              "beside its output a in the diagram.")
@style_option
@output_options
def forward(x, weights_path, diagram_path, diagram_values, diagram_z, fmt, precision):
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
      nnexplain forward --weights xor_sigmoid --x 1,0
      nnexplain forward --list-examples
      nnexplain forward --diagram network.png
      nnexplain forward --diagram network.png --diagram-z
    """
    from nnexplain import api
    from nnexplain.cli.output import show

    example = api.forward(x, weights=weights_path, diagram_values=diagram_values, diagram_z=diagram_z)
    from nnexplain.cli.figures import echo_figures, save, terminal_figures

    drawn = terminal_figures(fmt, ("--diagram", example.terminal_figure))
    if diagram_path is not None:  # first, so a failed save prints nothing but the error
        save(example.figure(), diagram_path, option="--diagram")
    show(example.worked, fmt, precision)
    echo_figures(drawn, fmt)
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
@click.option("--unit", default=None, metavar="NAME",
              help="With --plot: draw only this unit's chain (its products, sum, bias and "
              "activation, and where its output goes), e.g. --unit h2 or --unit 1:2 (layer 1, "
              "unit 2); for networks too large to read whole.")
@plot_option
@output_options
def backprop(x, weights_path, target, loss, lr, unit, plot_path, fmt, precision):
    """Backpropagation: the gradient of every weight and bias, by the chain rule.

    The forward pass, then, from the output back, each unit's error signal
    δ = ∂L/∂a·∂a/∂z and each parameter's gradient ∂L/∂w = ∂L/∂a·∂a/∂z·∂z/∂w
    as arithmetic; a table of every parameter, its gradient and its value after
    one step w ← w − lr·∂L/∂w; and the loss before and after that step. --plot
    draws it all as a computational graph: every operation with its value and
    its gradient ∂L/∂(node), every edge with its local derivative.

    \b
    Example:
      nnexplain backprop --target 1
      nnexplain backprop --target 1 --lr 0.01
      nnexplain backprop --weights xor_sigmoid --x 1,1 --target 0 --loss log
      nnexplain backprop --plot backprop.png --style slides
      nnexplain backprop --plot chain.png --unit h2
    """
    from nnexplain import api

    example = api.backprop(x, target=target, loss=loss, lr=lr, weights=weights_path, unit=unit)
    from nnexplain.cli.figures import present

    present(example, fmt, precision, plot_path)
