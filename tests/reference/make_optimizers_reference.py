"""Regenerate tests/reference/optimizers.json: torch.optim trajectories in float64.

Run by hand, from the repository root, with an environment that has torch:

    /work/venv-torch/bin/python tests/reference/make_optimizers_reference.py

For each problem of ``nnexplain optimize`` (line, bowl, rosenbrock) and each optimiser
(SGD, SGD with momentum, SGD with Nesterov momentum, RMSprop, Adam, all with torch's
default flags and nnexplain's default learning rates and hyper-parameters) it records
θ after every one of STEPS steps. The cost is computed by torch and its gradient by
autograd, so the reference checks nnexplain's gradients as well as its update rules.
Floats are written with ``repr`` precision, so they read back bit for bit.

tests/test_optimize.py imports ``build_reference`` to compare live when torch imports.
"""

import json
import platform
from pathlib import Path

import torch

from nnexplain.core import optimizers as opt
from nnexplain.core.training import DEFAULT_SEED, line_data

OUTPUT = Path(__file__).with_name("optimizers.json")
STEPS = 60


def _cost(problem):
    """J(θ) as a torch function of a 2-element float64 tensor."""
    if problem == "line":
        x, y = line_data(opt.LINE_EXAMPLES, opt.LINE_NOISE, DEFAULT_SEED)
        xt = torch.tensor(x[:, 0], dtype=torch.float64)
        yt = torch.tensor(y, dtype=torch.float64)
        return lambda th: torch.mean((xt * th[0] + th[1] - yt) ** 2)
    if problem == "bowl":
        return lambda th: 0.5 * (opt.BOWL_A * th[0] ** 2 + opt.BOWL_C * th[1] ** 2)
    return lambda th: (opt.ROSENBROCK_A - th[0]) ** 2 + opt.ROSENBROCK_B * (th[1] - th[0] ** 2) ** 2


def _optimizer(name, params, lr):
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr)
    if name == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=opt.DEFAULT_MOMENTUM)
    if name == "nesterov":
        return torch.optim.SGD(params, lr=lr, momentum=opt.DEFAULT_MOMENTUM, nesterov=True)
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=opt.DEFAULT_ALPHA, eps=opt.DEFAULT_EPS)
    return torch.optim.Adam(params, lr=lr, betas=(opt.DEFAULT_BETA1, opt.DEFAULT_BETA2),
                            eps=opt.DEFAULT_EPS)


def trajectory(problem, name, lr, steps=STEPS):
    """θ₀, θ₁, …, θ_steps from torch.optim, as lists of two floats."""
    theta = torch.tensor(opt.problem_start(problem).tolist(), dtype=torch.float64,
                         requires_grad=True)
    cost = _cost(problem)
    optimizer = _optimizer(name, [theta], lr)
    path = [theta.detach().tolist()]
    for _ in range(steps):
        optimizer.zero_grad()
        cost(theta).backward()
        optimizer.step()
        path.append(theta.detach().tolist())
    return path


def build_reference(steps=STEPS):
    runs = {
        problem: {name: {"lr": opt.DEFAULT_LRS[problem][name],
                         "params": trajectory(problem, name, opt.DEFAULT_LRS[problem][name], steps)}
                  for name in opt.OPTIMIZERS}
        for problem in opt.PROBLEMS
    }  # fmt: skip
    return {
        "torch": torch.__version__,
        "python": platform.python_version(),
        "steps": steps,
        "hyper": {"momentum": opt.DEFAULT_MOMENTUM, "alpha": opt.DEFAULT_ALPHA,
                  "beta1": opt.DEFAULT_BETA1, "beta2": opt.DEFAULT_BETA2, "eps": opt.DEFAULT_EPS},
        "runs": runs,
    }


if __name__ == "__main__":
    OUTPUT.write_text(json.dumps(build_reference(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT}")
