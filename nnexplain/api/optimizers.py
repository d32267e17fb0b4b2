"""The door to the optimisers: SGD, momentum, Nesterov, RMSprop and Adam, with
PyTorch's update rules, worked side by side on a problem with two parameters."""

from __future__ import annotations

from nnexplain.api.example import Drawing, Example
from nnexplain.inputs import InputError, option, typed_number
from nnexplain.inputs.training import check_count, whole_number
from nnexplain.inputs.values import count, number, number_list

# Written here so the door's signature needs no NumPy (tests keep them equal to
# nnexplain.core.optimizers).
PROBLEMS = ("line", "bowl", "rosenbrock")
OPTIMIZERS = ("sgd", "momentum", "nesterov", "rmsprop", "adam")
MAX_STEPS = 100_000
# A starting coordinate beyond this puts the paths off any useful picture.
MAX_START = 1e6


def _problem(value):
    if value not in PROBLEMS:
        raise InputError(f"{value!r} is not a problem; choose one of {', '.join(PROBLEMS)}.",
                         option("--problem"))
    return value


def _optimizers(value):
    if isinstance(value, str):
        items = [item.strip() for item in value.split(",")]
    else:
        items = list(value)
    if not items or items == [""]:
        raise InputError(f"names no optimiser; choose from {', '.join(OPTIMIZERS)}.",
                         option("--optimizer"))
    for item in items:
        if item not in OPTIMIZERS:
            raise InputError(f"{item!r} is not an optimiser; choose from {', '.join(OPTIMIZERS)} "
                             "(comma-separated).", option("--optimizer"))
    for item in items:
        if items.count(item) > 1:
            raise InputError(f"names {item!r} twice; name each optimiser once.", option("--optimizer"))
    return tuple(items)


def _positive(value, name, what):
    value = number(value, name)
    if not value > 0:
        raise InputError(f"{typed_number(value)} is not {what}: it must be greater than 0.",
                         option(name))
    return value


def _fraction(value, name, what):
    value = number(value, name)
    if not 0 <= value < 1:
        raise InputError(f"{typed_number(value)} is out of range: {what} is at least 0 and "
                         "below 1 (0 ≤ x < 1).", option(name))
    return value


def _start(value):
    values = number_list(value, "--start")
    if len(values) != 2:
        raise InputError(f"has {count(len(values))}; give the two starting parameters, "
                         "e.g. -4,1.", option("--start"))
    for v in values:
        if abs(v) > MAX_START:
            raise InputError(f"{typed_number(v)} is too far out: each starting parameter is "
                             f"between −{MAX_START:g} and {MAX_START:g}.", option("--start"))
    return values


def optimize(problem: str = "bowl", optimizer="sgd,momentum,nesterov,rmsprop,adam", lr=None,
             steps=None, momentum=0.9, alpha=0.99, beta1=0.9, beta2=0.999, eps=1e-8, start=None,
             target_cost=None) -> Example:
    """Optimisers worked side by side with PyTorch's update rules (torch.optim.SGD with
    and without momentum/Nesterov, RMSprop, Adam): the first two updates of each with
    the numbers in, sampled steps, and the steps each needs to reach ``target_cost``.
    ``problem``: "line" (the train command's line task), "bowl" (½·(x² + 25·y²)) or
    "rosenbrock"; ``optimizer``: the optimisers' names, a list or comma-separated text; ``lr``: one
    learning rate for all (default: each optimiser's own for the problem); ``steps``:
    1 to 100,000 (default 200, 2,000 for rosenbrock); ``start``: two numbers.
    ``.result``: the final cost of each optimiser, in order, an array.

    >>> nx.optimize(problem="bowl", optimizer="sgd,adam", steps=50).result
    array([0.04736423, 0.04879054])
    """
    problem = _problem(problem)
    names = _optimizers(optimizer)
    lr = None if lr is None else _positive(lr, "--lr", "a learning rate")
    momentum = _fraction(momentum, "--momentum", "the momentum μ")
    alpha = _fraction(alpha, "--alpha", "RMSprop's α")
    beta1 = _fraction(beta1, "--beta1", "Adam's β₁")
    beta2 = _fraction(beta2, "--beta2", "Adam's β₂")
    eps = _positive(eps, "--eps", "an ε")
    if "nesterov" in names and momentum == 0:
        raise InputError("Nesterov momentum needs a momentum above 0 (PyTorch refuses "
                         "nesterov=True with momentum 0); give --momentum 0.9, say.",
                         option("--momentum"))
    import numpy as np

    from nnexplain.core import optimizers as opt

    if steps is None:
        steps = opt.DEFAULT_STEPS[problem]
    steps = check_count(whole_number(steps, "--steps"), 1, MAX_STEPS, "steps", "--steps")
    start = opt.problem_start(problem) if start is None else np.array(_start(start))
    minimum_cost = opt.problem_cost(problem, opt.problem_minimum(problem))
    if target_cost is None:
        target = minimum_cost + opt.DEFAULT_TARGET_GAP
    else:
        target = number(target_cost, "--target-cost")
        if not target > minimum_cost:
            raise InputError(f"{typed_number(target)} can never be reached: the lowest cost of "
                             f"the {problem} problem is {minimum_cost:.6g}; give a larger one.",
                             option("--target-cost"))
    settings = tuple(
        opt.Settings(name, opt.DEFAULT_LRS[problem][name] if lr is None else lr, momentum=momentum,
                     alpha=alpha, beta1=beta1, beta2=beta2, eps=eps)
        for name in names
    )  # fmt: skip
    from nnexplain.explain.optimizers import compare, optimizer_paths, optimizers_example

    comparison = compare(problem, settings, steps, start, target)

    def data():
        return optimizer_paths(comparison)

    finals = np.array([run.costs[-1] for run in comparison.runs], dtype=np.float64)
    return Example(optimizers_example(comparison), result=finals,
                   drawing=Drawing("nnexplain.plot.optimizers:optimizers_figure", data))
