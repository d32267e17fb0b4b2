"""``nnexplain softmax``: scores to probabilities, the stable way."""

import click

from nnexplain.cli.options import MAX_POINTS, NUMBER_LIST, PLOT_LIMIT, output_options, plot_option


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
    _check_scores(z)
    if plot_path is not None and max(abs(v) for v in z) > PLOT_LIMIT:
        raise click.BadParameter(
            f"a figure can show scores from −{PLOT_LIMIT:g} to {PLOT_LIMIT:g}; leave out --plot "
            "to see the numbers.",
            param_hint="'--plot'",
        )
    from nnexplain.explain.softmax import softmax_example
    from nnexplain.cli.output import show

    worked = softmax_example(z)
    if plot_path is not None:  # first, so a failed save prints nothing but the error
        from nnexplain.cli.figures import save
        from nnexplain.explain.bar_figures import softmax_bars
        from nnexplain.plot.bars import softmax_figure

        save(softmax_figure(softmax_bars(z)), plot_path)
    show(worked, fmt, precision)
    if plot_path is not None:
        click.echo(f"Figure saved to {plot_path}", err=True)


def _check_scores(z):
    """At least two scores and at most MAX_POINTS (scores more than float64 apart are
    fine: the far one's probability is 0 in float64, and the worked example says why)."""
    if len(z) < 2:
        raise click.BadParameter(
            "has 1 score; softmax needs at least 2 (with one class its probability is always 1).",
            param_hint="'--z'",
        )
    if len(z) > MAX_POINTS:
        raise click.BadParameter(
            f"has {len(z):,} scores; at most {MAX_POINTS:,} are allowed.", param_hint="'--z'"
        )
