"""``nnexplain optimize``: SGD, momentum, Nesterov, RMSprop and Adam, worked side by side
with PyTorch's update rules."""

import click

from nnexplain.cli.options import INTEGER, NUMBER, NUMBER_LIST, output_options, plot_option

_PROBLEMS = ("line", "bowl", "rosenbrock")
_ALL = "sgd,momentum,nesterov,rmsprop,adam"


@click.command()
@click.option("--problem", default="bowl", show_default=True,
              help="line (the train command's line task, parameters w, b), bowl "
              "(½·(x² + 25·y²), condition number 25) or rosenbrock ((1 − x)² + 100·(y − x²)²).")
@click.option("--optimizer", "optimizers", default=_ALL, show_default=True,
              help="Optimisers to compare, comma-separated: sgd, momentum, nesterov, rmsprop, adam.")
@click.option("--lr", type=NUMBER, default=None,
              help="One learning rate (> 0) for every optimiser. Default: each optimiser's own "
              "for the problem (shown in the output).")
@click.option("--steps", type=INTEGER, default=None,
              help="Updates per optimiser, 1 to 100,000. Default: 200 (2,000 for rosenbrock).")
@click.option("--momentum", type=NUMBER, default="0.9", show_default=True,
              help="Momentum μ of momentum and nesterov, 0 ≤ μ < 1.")
@click.option("--beta1", type=NUMBER, default="0.9", show_default=True,
              help="Adam's β₁ (first-moment decay), 0 ≤ β₁ < 1.")
@click.option("--beta2", type=NUMBER, default="0.999", show_default=True,
              help="Adam's β₂ (second-moment decay), 0 ≤ β₂ < 1.")
@click.option("--alpha", type=NUMBER, default="0.99", show_default=True,
              help="RMSprop's α (squared-gradient decay), 0 ≤ α < 1.")
@click.option("--eps", type=NUMBER, default="1e-8", show_default=True,
              help="ε of RMSprop and Adam, greater than 0.")
@click.option("--start", type=NUMBER_LIST, default=None,
              help="The starting parameters, two numbers, e.g. -4,1. Default: the problem's own.")
@click.option("--target-cost", "target_cost", type=NUMBER, default=None,
              help="The cost the comparison counts steps to. Default: the lowest cost + 0.001.")
@plot_option
@output_options
def optimize(problem, optimizers, lr, steps, momentum, beta1, beta2, alpha, eps, start,
             target_cost, plot_path, fmt, precision):
    """Compare optimisers on one problem with two parameters, PyTorch's rules.

    Works the first two updates of each optimiser with every number in (gradient,
    velocity, squared-gradient average, Adam's m, v and their bias corrections),
    then sampled steps, then a side-by-side table: steps to reach the target cost,
    final cost and distance to the minimum, and why they differ. --plot draws
    every path on the cost's contour map.

    \b
    Example:
      nnexplain optimize
      nnexplain optimize --problem rosenbrock --optimizer momentum,adam
      nnexplain optimize --problem line --lr 0.05 --plot paths.png
    """
    from nnexplain.api.optimizers import optimize as door

    example = door(problem=problem, optimizer=optimizers, lr=lr, steps=steps, momentum=momentum,
                   alpha=alpha, beta1=beta1, beta2=beta2, eps=eps, start=start,
                   target_cost=target_cost)
    from nnexplain.cli.figures import present

    present(example, fmt, precision, plot_path)
