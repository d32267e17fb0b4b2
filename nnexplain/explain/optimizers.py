"""Optimisers worked: plain SGD, momentum, Nesterov, RMSprop and Adam with PyTorch's
update rules on a problem with two parameters — the first two updates with every
number in, sampled steps, and a side-by-side comparison with computed reasons.

Every number comes from ``nnexplain.core.optimizers``; nothing here re-implements
the maths.
"""

from dataclasses import dataclass

import numpy as np

from nnexplain.core import optimizers as opt
from nnexplain.explain.worked import (
    joined,
    Column,
    ExampleTable,
    Fact,
    LabelColumn,
    Section,
    Step,
    Worked,
    formula,
    sentence,
)

NAMES = {
    "sgd": "SGD",
    "momentum": "Momentum",
    "nesterov": "Nesterov",
    "rmsprop": "RMSprop",
    "adam": "Adam",
}
TORCH = {
    "sgd": "torch.optim.SGD(lr)",
    "momentum": "torch.optim.SGD(lr, momentum=μ)",
    "nesterov": "torch.optim.SGD(lr, momentum=μ, nesterov=True)",
    "rmsprop": "torch.optim.RMSprop(lr, alpha=α, eps=ε)",
    "adam": "torch.optim.Adam(lr, betas=(β₁, β₂), eps=ε)",
}
RULES = {
    "sgd": "θ ← θ − lr·g",
    "momentum": "v ← μ·v + g (v = g at step 1), θ ← θ − lr·v",
    "nesterov": "v ← μ·v + g (v = g at step 1), θ ← θ − lr·(g + μ·v)",
    "rmsprop": "s ← α·s + (1 − α)·g², θ ← θ − lr·g / (√s + ε)",
    "adam": "m ← β₁·m + (1 − β₁)·g, v ← β₂·v + (1 − β₂)·g², "
            "θ ← θ − lr·m̂ / (√v̂ + ε), m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ)",
}
PROBLEM_TITLES = {
    "line": "the line task's cost J(w, b)",
    "bowl": "an elongated bowl",
    "rosenbrock": "Rosenbrock's curved valley",
}
WORKED_UPDATES = 2


@dataclass(frozen=True)
class Comparison:
    """Everything the worked example and the figure are made from."""

    problem: str
    names: tuple[str, str]
    start: np.ndarray
    minimum: np.ndarray
    minimum_cost: float
    target: float
    steps: int
    runs: tuple  # of core.optimizers.Trajectory


def parameter_names(problem) -> tuple[str, str]:
    return ("w", "b") if problem == "line" else ("x", "y")


def compare(problem, settings, steps, start, target) -> Comparison:
    """Run every optimiser in ``settings`` (core.optimizers.Settings) from ``start``."""
    minimum = opt.problem_minimum(problem)
    runs = tuple(opt.optimize(problem, s, steps, start) for s in settings)
    return Comparison(problem, parameter_names(problem), np.asarray(start, dtype=np.float64),
                      minimum, opt.problem_cost(problem, minimum), float(target), steps, runs)


# --- the problem ---------------------------------------------------------------------


def _problem_formulas(problem):
    if problem == "line":
        return ("J(w, b) = (1/m)·Σ (w·xᵢ + b − yᵢ)²",
                ("∂J/∂w = (2/m)·Σ (w·xᵢ + b − yᵢ)·xᵢ", "∂J/∂b = (2/m)·Σ (w·xᵢ + b − yᵢ)"))
    if problem == "bowl":
        return (f"J(x, y) = ½·({opt.BOWL_A:g}·x² + {opt.BOWL_C:g}·y²)",
                (f"∂J/∂x = {opt.BOWL_A:g}·x", f"∂J/∂y = {opt.BOWL_C:g}·y"))
    a, b = opt.ROSENBROCK_A, opt.ROSENBROCK_B
    return (f"J(x, y) = ({a:g} − x)² + {b:g}·(y − x²)²",
            (f"∂J/∂x = −2·({a:g} − x) − {4 * b:g}·x·(y − x²)", f"∂J/∂y = {2 * b:g}·(y − x²)"))


def _gradient_written(problem, theta, k):
    """The gradient's component k with the numbers of θ in."""
    t1, t2 = float(theta[0]), float(theta[1])
    if problem == "line":
        return sentence("the sum over the m = {0} examples at w = {1}, b = {2}",
                        opt.LINE_EXAMPLES, t1, t2)
    if problem == "bowl":
        return formula("{0}·{1}", (opt.BOWL_A, opt.BOWL_C)[k], (t1, t2)[k])
    a, b = opt.ROSENBROCK_A, opt.ROSENBROCK_B
    if k == 0:
        return formula("−2·({0} − {1}) − {2}·{1}·({3} − {1}²)", a, t1, 4 * b, t2)
    return formula("{0}·({1} − {2}²)", 2 * b, t2, t1)


def _gradient_formula(problem, k):
    return _problem_formulas(problem)[1][k]


# --- the first updates, in full ------------------------------------------------------


def _update_steps(c, run):
    s = run.settings
    name, group_name = s.optimizer, NAMES[s.optimizer]
    p = c.names
    steps = []
    for t in range(1, min(WORKED_UPDATES, run.steps) + 1):
        group = f"{group_name}, update {t} (lr = {s.lr:g})"
        before, after, g = run.params[t - 1], run.params[t], run.grads[t - 1]
        st = {key: values[t - 1] for key, values in run.state.items()}
        if name == "adam":
            steps += [
                Step("Bias correction for m", "1 − β₁ᵗ", formula("1 − {0}^{1}", s.beta1, t),
                     float(st["bias_correction1"]), group=group),
                Step("Bias correction for v", "1 − β₂ᵗ", formula("1 − {0}^{1}", s.beta2, t),
                     float(st["bias_correction2"]), group=group),
            ]
        for k in range(2):
            q = p[k]
            steps.append(Step(f"Gradient for {q}", _gradient_formula(c.problem, k),
                              _gradient_written(c.problem, before, k), float(g[k]), group=group))
            if name in ("momentum", "nesterov"):
                v = float(st["velocity"][k])
                if t == 1:
                    steps.append(Step(f"Velocity for {q}", f"v_{q} = ∂J/∂{q} (first step)",
                                      formula("{0}", g[k]), v, group=group))
                else:
                    v_old = float(run.state["velocity"][t - 2][k])
                    steps.append(Step(f"Velocity for {q}", f"v_{q} ← μ·v_{q} + ∂J/∂{q}",
                                      formula("{0}·{1} + {2}", s.momentum, v_old, g[k]), v,
                                      group=group))
                if name == "momentum":
                    steps.append(Step(f"New {q}", f"{q} ← {q} − lr·v_{q}",
                                      formula("{0} − {1}·{2}", before[k], s.lr, v),
                                      float(after[k]), group=group))
                else:
                    steps.append(Step(f"New {q}", f"{q} ← {q} − lr·(∂J/∂{q} + μ·v_{q})",
                                      formula("{0} − {1}·({2} + {3}·{4})", before[k], s.lr, g[k],
                                              s.momentum, v), float(after[k]), group=group))
            elif name == "rmsprop":
                sq = float(st["square_avg"][k])
                sq_old = 0.0 if t == 1 else float(run.state["square_avg"][t - 2][k])
                steps.append(Step(f"Squared-gradient average for {q}",
                                  f"s_{q} ← α·s_{q} + (1 − α)·(∂J/∂{q})²",
                                  formula("{0}·{1} + {2}·{3}²", s.alpha, sq_old, 1 - s.alpha, g[k]),
                                  sq, group=group))
                steps.append(Step(f"New {q}", f"{q} ← {q} − lr·∂J/∂{q} / (√s_{q} + ε)",
                                  formula("{0} − {1}·{2} / (√{3} + {4})", before[k], s.lr, g[k], sq,
                                          s.eps), float(after[k]), group=group))
            elif name == "adam":
                m_old = 0.0 if t == 1 else float(run.state["m"][t - 2][k])
                v_old = 0.0 if t == 1 else float(run.state["v"][t - 2][k])
                m, v = float(st["m"][k]), float(st["v"][k])
                steps += [
                    Step(f"First moment m for {q}", f"m_{q} ← β₁·m_{q} + (1 − β₁)·∂J/∂{q}",
                         formula("{0}·{1} + {2}·{3}", s.beta1, m_old, 1 - s.beta1, g[k]), m,
                         group=group),
                    Step(f"Second moment v for {q}", f"v_{q} ← β₂·v_{q} + (1 − β₂)·(∂J/∂{q})²",
                         formula("{0}·{1} + {2}·{3}²", s.beta2, v_old, 1 - s.beta2, g[k]), v,
                         group=group),
                    Step(f"Corrected m̂ for {q}", f"m̂_{q} = m_{q} / (1 − β₁ᵗ)",
                         formula("{0} / {1}", m, st["bias_correction1"]), float(st["m_hat"][k]),
                         group=group),
                    Step(f"Corrected v̂ for {q}", f"v̂_{q} = v_{q} / (1 − β₂ᵗ)",
                         formula("{0} / {1}", v, st["bias_correction2"]), float(st["v_hat"][k]),
                         group=group),
                    Step(f"New {q}", f"{q} ← {q} − lr·m̂_{q} / (√v̂_{q} + ε)",
                         formula("{0} − {1}·{2} / (√{3} + {4})", before[k], s.lr, st["m_hat"][k],
                                 st["v_hat"][k], s.eps), float(after[k]), group=group),
                ]
            else:
                steps.append(Step(f"New {q}", f"{q} ← {q} − lr·∂J/∂{q}",
                                  formula("{0} − {1}·{2}", before[k], s.lr, g[k]), float(after[k]),
                                  group=group))
        steps.append(Step("Cost after the update", _problem_formulas(c.problem)[0].split(" = ")[0],
                          formula("J({0}, {1})", after[0], after[1]), float(run.costs[t]),
                          group=group))
    return steps


# --- tables --------------------------------------------------------------------------


def _sampled_table(c):
    labels, steps, first, second, costs = [], [], [], [], []
    for run in c.runs:
        for t in opt.sampled_steps(run.steps):
            labels.append(NAMES[run.settings.optimizer])
            steps.append(t)
            first.append(run.params[t][0])
            second.append(run.params[t][1])
            costs.append(run.costs[t])
    p = c.names
    return ExampleTable(
        label="Sampled steps: the parameters and J after that many updates",
        formula="each optimiser's own rule, above",
        columns=(
            LabelColumn("optimiser", "optimizer", tuple(labels)),
            Column("step", "step", np.array(steps, dtype=np.float64)),
            Column(p[0], p[0], np.array(first, dtype=np.float64)),
            Column(p[1], p[1], np.array(second, dtype=np.float64)),
            Column("J", "cost", np.array(costs, dtype=np.float64)),
        ),
        key="trajectory",
    )


def _reached_text(run, target):
    reached = run.steps_to(target)
    if reached is not None:
        return str(reached)
    if run.diverged_at is not None:
        return f"diverged at {run.diverged_at}"
    return f"not within {run.steps}"


def _comparison_table(c):
    runs = c.runs
    return ExampleTable(
        label="Side by side: steps until J reaches the target, and where each ended",
        formula="distance = ‖θ − θ*‖",
        columns=(
            LabelColumn("optimiser", "optimizer", tuple(NAMES[r.settings.optimizer] for r in runs)),
            Column("lr", "lr", np.array([r.settings.lr for r in runs])),
            LabelColumn("steps to target", "steps_to_target",
                        tuple(_reached_text(r, c.target) for r in runs)),
            Column("final J", "final_cost", np.array([r.costs[-1] for r in runs])),
            Column("distance to θ*", "final_distance",
                   np.array([opt.distance(r.params[-1], c.minimum) for r in runs])),
        ),
        key="comparison",
    )


# --- why they differ -----------------------------------------------------------------


def _why_section(c):
    facts = []
    by_name = {r.settings.optimizer: r for r in c.runs}
    p = c.names
    reached = [(r.steps_to(c.target), r) for r in c.runs if r.steps_to(c.target) is not None]
    if reached:
        best = min(steps for steps, _ in reached)
        first = [NAMES[r.settings.optimizer] for steps, r in reached if steps == best]
        who = (f"{first[0]} reached J ≤ {{0}} first" if len(first) == 1 else
               f"{joined(first)} reached J ≤ {{0}} first, tied")
        facts.append(Fact("Fastest here", sentence(
            f"{who}, after {{1}} steps; "
            f"{len(reached)} of the {len(c.runs)} optimisers reached it within their steps",
            c.target, best)))
    else:
        facts.append(Fact("Fastest here", sentence(
            "none of the optimisers reached J ≤ {0} within {1} steps", c.target, c.steps)))
    for name in ("momentum", "nesterov"):
        run = by_name.get(name)
        if run is None or run.steps < 2 or run.diverged_at is not None:
            continue
        lengths = np.hypot(run.deltas[:, 0], run.deltas[:, 1])
        if not np.all(np.isfinite(lengths)):
            continue
        longest = int(np.argmax(lengths))
        if lengths[0] > 0 and longest > 0:
            facts.append(Fact(f"{NAMES[name]}'s speed", sentence(
                "the velocity adds up successive gradients: while they point the same way the "
                "steps grow, up to 1/(1 − {0}) times a plain step; its longest step "
                "(update {1}, length {2}) is {3} times its first (length {4})",
                run.settings.momentum, longest + 1, lengths[longest],
                lengths[longest] / lengths[0], lengths[0])))
        elif lengths[0] > 0:
            facts.append(Fact(f"{NAMES[name]}'s speed", sentence(
                "the velocity adds up successive gradients, but here no later step was longer "
                "than its first (length {0})", lengths[0])))
    for name in ("rmsprop", "adam"):
        run = by_name.get(name)
        if (run is None or run.steps < 1 or not np.all(run.deltas[0] != 0) or not np.all(run.grads[0] != 0)
                or not np.all(np.isfinite(run.deltas[0])) or not np.all(np.isfinite(run.grads[0]))):
            continue
        d, g = np.abs(run.deltas[0]), np.abs(run.grads[0])
        big, small = (0, 1) if g[0] >= g[1] else (1, 0)
        facts.append(Fact(f"{NAMES[name]}'s per-parameter scale", sentence(
            f"dividing by the root of its squared-gradient average gives each parameter its own "
            f"step size: the first update moves {p[0]} by {{0}} and {p[1]} by {{1}}, so "
            f"{p[big]}, whose gradient is {{2}} times larger, moves {{3}} times as far; plain "
            f"gradient descent would move it {{2}} times as far",
            d[0], d[1], g[big] / g[small], d[big] / d[small])))
    return Section("Why they differ", tuple(facts))


def _textbook_section():
    return Section("Where PyTorch's rules differ from textbooks", (
        Fact("Momentum", sentence(
            "PyTorch writes v ← μ·v + g, θ ← θ − lr·v (lr outside the velocity); CS231n and "
            "Sutskever et al. (2013) write v ← μ·v − lr·g, θ ← θ + v (lr inside). With a fixed "
            "lr both give the same path; they differ once lr changes during training, because "
            "PyTorch's lr then rescales the whole accumulated velocity at once")),
        Fact("Nesterov", sentence(
            "PyTorch uses the gradient at the current θ and steps by g + μ·v (Sutskever's "
            "rewriting); it never evaluates the gradient at the look-ahead point θ − lr·μ·v")),
        Fact("RMSprop", sentence(
            "PyTorch adds ε outside the square root, g/(√s + ε), and its default α is 0.99; "
            "tf.keras's RMSprop documents g/√(s + ε), ε inside, and its default ρ is 0.9")),
        Fact("Adam", sentence(
            "PyTorch adds ε to the bias-corrected √v̂; the paper's efficient form (used by "
            "TensorFlow) folds the corrections into the learning rate, lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ), "
            "and adds ε to √v, so its ε acts larger early on")),
    ))


# --- the whole example -----------------------------------------------------------------


def optimizers_example(c: Comparison) -> Worked:
    cost_formula, gradient_formulas = _problem_formulas(c.problem)
    p = c.names
    start = tuple(float(v) for v in c.start)
    steps = []
    steps.append(Step("Cost at the start", cost_formula.split(" = ")[0],
                      formula("J({0}, {1})", *start), float(c.runs[0].costs[0]), group="Start"))
    steps.append(Step("The minimum", "θ* = argmin J",
                      formula(f"{p[0]}* = {{0}}, {p[1]}* = {{1}}", *c.minimum), c.minimum_cost,
                      note=sentence("the value is J(θ*), the lowest cost there is"), group="Start"))
    for run in c.runs:
        steps += _update_steps(c, run)
    values = [("problem", c.problem), ("optimizers", ",".join(r.settings.optimizer for r in c.runs)),
              ("target_cost", c.target), ("minimum_cost", c.minimum_cost),
              (f"minimum_{p[0]}", float(c.minimum[0])), (f"minimum_{p[1]}", float(c.minimum[1]))]
    for run in c.runs:
        n = run.settings.optimizer
        values += [(f"{n}_lr", run.settings.lr),
                   (f"{n}_final_{p[0]}", float(run.params[-1][0])),
                   (f"{n}_final_{p[1]}", float(run.params[-1][1])),
                   (f"{n}_final_cost", float(run.costs[-1])),
                   (f"{n}_steps_to_target", run.steps_to(c.target)),
                   (f"{n}_diverged_at", run.diverged_at)]
    return Worked(
        name="optimize",
        title=f"Optimisers on {PROBLEM_TITLES[c.problem]}: PyTorch's update rules",
        inputs=(("start", start), ("steps", float(c.steps)), ("target_cost", c.target)),
        formula=cost_formula,
        substituted=None,
        more_formulas=gradient_formulas,
        steps=tuple(steps),
        result_symbol="J",
        result=None,
        sections=(_setup_section(c), _rules_section(c), _why_section(c), _textbook_section()),
        tables_after=(_sampled_table(c), _comparison_table(c)),
        interpretation=_interpretation(c),
        values=tuple(values),
    )


def _setup_section(c):
    facts = []
    if c.problem == "bowl":
        facts.append(Fact("Problem", sentence(
            "the bowl curves {0} times more steeply along y than along x (condition number "
            "c/a = {0}): a step size safe for y is slow along x", opt.BOWL_C / opt.BOWL_A)))
    elif c.problem == "rosenbrock":
        facts.append(Fact("Problem", sentence(
            "the minimum (1, 1) lies at the end of a narrow curved valley along y = x²; across "
            "the valley J curves {0} times more than along it at the minimum",
            _curvature_ratio(c))))
    else:
        facts.append(Fact("Problem", sentence(
            "the train command's line task: {0} points from y = 2x + 1 with noise 0.5 (seed "
            "42); J curves {1} times more steeply in its steepest direction than its flattest",
            opt.LINE_EXAMPLES, _curvature_ratio(c))))
    facts.append(Fact("Target", sentence(
        "the comparison counts the steps until J ≤ {0}; the lowest possible J is {1}",
        c.target, c.minimum_cost)))
    return Section("The problem", tuple(facts))


def _rules_section(c):
    return Section("The update rules (PyTorch's, default flags)", tuple(
        Fact(NAMES[r.settings.optimizer], sentence(
            RULES[r.settings.optimizer] + "; " + TORCH[r.settings.optimizer] + _hyper(r.settings),
            *_hyper_numbers(r.settings)))
        for r in c.runs))


def _hyper(s):
    if s.optimizer in ("momentum", "nesterov"):
        return ", lr = {0}, μ = {1}"
    if s.optimizer == "rmsprop":
        return ", lr = {0}, α = {1}, ε = {2}"
    if s.optimizer == "adam":
        return ", lr = {0}, β₁ = {1}, β₂ = {2}, ε = {3}"
    return ", lr = {0}"


def _hyper_numbers(s):
    return {"momentum": (s.lr, s.momentum), "nesterov": (s.lr, s.momentum),
            "rmsprop": (s.lr, s.alpha, s.eps), "adam": (s.lr, s.beta1, s.beta2, s.eps)}.get(
                s.optimizer, (s.lr,))


def _curvature_ratio(c):
    lambdas = np.linalg.eigvalsh(opt.problem_hessian(c.problem, c.minimum))
    return float(lambdas[-1] / lambdas[0])


def _interpretation(c):
    lines = []
    for run in c.runs:
        name = NAMES[run.settings.optimizer]
        if run.diverged_at is not None:
            lines.append(sentence(f"{name} diverged at step {{0}} with lr = {{1}}: J was no longer "
                                  "finite; try a smaller --lr.", run.diverged_at, run.settings.lr))
        elif run.costs[-1] > run.costs[0]:
            lines.append(sentence(f"{name} ended higher than it started, J = {{0}} after {{1}} steps "
                                  "against {2} at the start, with lr = {3}: its steps overshoot and "
                                  "grow; try a smaller --lr.", run.costs[-1], run.steps, run.costs[0],
                                  run.settings.lr))
    best = min(c.runs, key=lambda r: (r.costs[-1] if np.isfinite(r.costs[-1]) else np.inf))
    if len(c.runs) > 1 and np.isfinite(best.costs[-1]) and best.costs[-1] <= best.costs[0]:
        lines.append(sentence(f"Lowest final cost: {NAMES[best.settings.optimizer]}, J = {{0}} "
                              "after {1} steps ({2} above the minimum).", best.costs[-1],
                              best.steps, best.costs[-1] - c.minimum_cost))
    return tuple(lines)


def optimizer_paths(c: Comparison, points=120):
    """The figure's data: the contour grid of J around the paths and the minimum, and
    every optimiser's path (every step, or ``points`` evenly spaced ones)."""
    everything = np.vstack([c.minimum[None, :], *(r.params[np.all(np.isfinite(r.params), axis=1)]
                                                  for r in c.runs)])
    low, high = everything.min(axis=0), everything.max(axis=0)
    pad = np.maximum((high - low) * 0.15, 0.5)
    xs = np.linspace(low[0] - pad[0], high[0] + pad[0], points)
    ys = np.linspace(low[1] - pad[1], high[1] + pad[1], points)
    grid = opt.cost_grid(c.problem, xs, ys)
    gaps = grid[np.isfinite(grid)] - c.minimum_cost
    top = float(gaps.max())
    low = max(top * 1e-6, float(gaps[gaps > 0].min())) if np.any(gaps > 0) else top * 1e-6
    levels = c.minimum_cost + np.geomspace(low, top, 14)
    paths = tuple((NAMES[r.settings.optimizer], r.params[np.all(np.isfinite(r.params), axis=1)])
                  for r in c.runs)
    return {"problem": c.problem, "names": c.names, "xs": xs, "ys": ys, "grid": grid, "levels": levels,
            "minimum": c.minimum, "minimum_cost": c.minimum_cost, "paths": paths,
            "title": PROBLEM_TITLES[c.problem]}
