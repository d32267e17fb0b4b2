"""``nnexplain crossentropy``: softmax with cross-entropy, its gradient, worked."""

import click

from nnexplain.cli.options import NUMBER_LIST, output_options, plot_option


@click.command()
@click.option("--z", "z", type=NUMBER_LIST, required=True,
              help="The scores (logits) z₀, z₁, …, one per class, comma-separated; at least 2.")
@click.option("--target", "target", type=str, default=None, metavar="CLASS",
              help="The true class's index, counted from 0 as in PyTorch (0 to K−1 for K "
                   "scores). Give this or --y.")
@click.option("--y", "y", type=NUMBER_LIST, default=None,
              help="A target vector instead of --target: one-hot (0,1,0) or soft (0.1,0.8,0.1), "
                   "each in [0, 1], adding up to 1.")
@plot_option
@output_options
def crossentropy(z, target, y, plot_path, fmt, precision):
    """Softmax with cross-entropy for many classes, and its gradient, step by step.

    Turns the scores into probabilities, then works out L = −Σ yᵢ·ln pᵢ from
    the scores (log-sum-exp, so --z 1000,0,0 works), the gradient pᵢ − yᵢ and
    why it is so simple, and binary cross-entropy as the two-class case.
    Classes are numbered from 0, as in PyTorch. --plot draws the probabilities
    beside the target and the gradient.

    \b
    Example:
      nnexplain crossentropy --z 2,1,0.1 --target 0
      nnexplain crossentropy --z 2,1,0.1 --y 0.1,0.8,0.1
      nnexplain crossentropy --z 1000,0,0 --target 1 --plot ce.png
    """
    from nnexplain.api.cross_entropy import crossentropy as door

    example = door(z, target=target, y=y)
    from nnexplain.cli.figures import present

    present(example, fmt, precision, plot_path)
