"""``nnexplain softmax``: scores to probabilities, the stable way."""

import click

from nnexplain.cli.options import NUMBER_LIST, output_options, plot_option


@click.command()
@click.option("--z", "z", type=NUMBER_LIST, required=True,
              help="The scores (logits) z₁, z₂, …, comma-separated; at least 2.")
@plot_option
@output_options
def softmax(z, plot_path, fmt, precision):
    """Turn scores into probabilities that sum to 1, step by step.

    Subtracts the largest score first (and shows why: e^1000 overflows float64),
    exponentiates, adds up and divides; then checks that the probabilities add
    up to 1 and says which class wins. --plot draws the scores and the
    probabilities as bars.

    \b
    Example:
      nnexplain softmax --z 2,1,0.1
      nnexplain softmax --z 1000,1001,1002
      nnexplain softmax --z 2,1,0.1 --plot softmax.png
    """
    from nnexplain import api

    example = api.softmax(z)
    from nnexplain.cli.figures import present

    present(example, fmt, precision, plot_path)
