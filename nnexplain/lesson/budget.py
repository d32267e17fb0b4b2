"""A lesson's total work, estimated from its run lines before anything is run.

Each command caps its own work (``train`` at about half a minute), but a lesson
could repeat a capped command many times: ten ``train --n 999999 --epochs 1000``
steps would keep ``lesson check`` busy for hours. So a lesson as a whole has a
budget, MAX_LESSON_WORK, checked by ``lesson check``, ``lesson run`` and ``lesson
export`` before the first command runs.

Work is counted in units of about one value through one elementary step of the
maths (measured: about 10 ns of computing): ``train`` costs epochs × (examples +
the fixed cost of an epoch) × features, ``cost`` one unit per value, ``activation``
and ``compare`` one per z value (and function), and so on. Every run also costs
RUN_COST (starting the command and laying out its table) and every figure
FIGURE_COST (drawing and saving it). Only the options are parsed, with the
command's own parser; a run line that does not parse costs RUN_COST here and is
reported by the check that runs it.
"""

import click

from nnexplain.lesson import runs

# About half a minute of computing in all; the shipped lessons need under a tenth of it.
MAX_LESSON_WORK = 2_000_000_000
RUN_COST = 300_000  # a few milliseconds: parsing, explaining, rendering one table
FIGURE_COST = 30_000_000  # a few tenths of a second: drawing and saving one figure
# As in ``train``: one epoch costs about as much as this many examples on top.
EPOCH_COST_IN_EXAMPLES = 1_000
# The features of train's generated tasks.
TASK_FEATURES = {"line": 1, "logistic": 2}
# forward and backprop run the small fixed network (a lesson may not read --weights):
# a few dozen multiplications, far below RUN_COST.
SMALL_NETWORK_WORK = 1_000


def problems(lesson) -> list[str]:
    """``[]``, or one line saying the lesson asks for more work than MAX_LESSON_WORK
    (with its estimate, the budget and the costliest run line)."""
    total, costliest = estimate(lesson)
    if total <= MAX_LESSON_WORK:
        return []
    where, line, work = costliest
    return [
        f"{lesson.source}: asks for about {total:,} units of work in all, over the budget of "
        f"{MAX_LESSON_WORK:,} for one lesson (about half a minute of computing); the costliest run is "
        f"{where}: {line!r} ({work:,} units). Use fewer examples, epochs or values."
    ]


def estimate(lesson) -> tuple[int, tuple[str, str, int]]:
    """``(total work, (where, run line, work) of the costliest run)`` of a lesson:
    every [runs] line, every worked and figure step, every computed answer, each
    counted as often as it appears."""
    total, costliest = 0, ("", "", -1)
    for where, line, figure in run_lines(lesson):
        work = line_work(line) + (FIGURE_COST if figure else 0)
        total += work
        if work > costliest[2]:
            costliest = (where, line, work)
    return total, costliest


def run_lines(lesson):
    """``(where, run line, draws a figure)`` for every command the lesson runs."""
    for name, line in lesson.runs:
        yield f"runs.{name}", line, False
    for step in lesson.steps:
        where = f"step {step.number} ({step.kind})"
        if step.kind in ("worked", "figure") and isinstance(step.run, str):
            yield where, step.run, step.kind == "figure"
        answer_run = getattr(step.answer, "run", None)
        if step.kind == "question" and isinstance(answer_run, str):
            yield f"{where} answer", answer_run, False


def line_work(line: str) -> int:
    """The estimated work of one run line (RUN_COST if it cannot be parsed)."""
    try:
        argv = runs.parse_run(line)
        values = _parsed(argv)
    except (runs.RunError, click.ClickException, click.exceptions.Exit, click.Abort):
        return RUN_COST
    return RUN_COST + command_work(argv[0], values)


def command_work(name: str, values: dict) -> int:
    """The work of the command ``name`` with its parsed option ``values``."""
    if name == "train":
        n, epochs = _int(values.get("n"), 50), _int(values.get("epochs"), 500)
        features = TASK_FEATURES.get(values.get("task"), max(TASK_FEATURES.values()))
        return epochs * (n + EPOCH_COST_IN_EXAMPLES) * features
    if name in ("forward", "backprop"):
        return SMALL_NETWORK_WORK + _count(values.get("x"))
    if name == "cost":
        return _count(values.get("y")) + _count(values.get("yhat"))
    if name == "activation":
        return _count(values.get("z"))
    if name == "compare":
        return _count(values.get("z")) * max(1, _count(values.get("names")))
    if name == "bias":
        return max(1, _count(values.get("b"))) * max(1, _count(values.get("x")))
    if name in ("neuron", "softmax"):
        return _count(values.get("x")) + _count(values.get("w")) + _count(values.get("z"))
    if name == "linear-collapse":
        rows = values.get("x") or ()
        return SMALL_NETWORK_WORK + sum(_count(row) for row in rows)
    return 1  # loss: one value


def _parsed(argv) -> dict:
    """The command's option values, parsed and checked by its own parser; nothing runs."""
    from nnexplain.cli import cli

    command = runs._command(argv[0])
    # The group's settings (-h as well as --help): click caches a command's help option
    # from the first context it sees, so a bare parent would lose -h for later calls.
    parent = click.Context(cli, info_name="nnexplain", **cli.context_settings)
    with command.make_context(argv[0], list(argv[1:]), parent=parent) as context:
        values = dict(context.params)
    # Keyed as the learner writes them (--yhat is "yhat"), whatever the function calls them.
    return {
        (param.opts[0].lstrip("-") if isinstance(param, click.Option) else param.name): values.get(param.name)
        for param in command.params
    }


def _count(value) -> int:
    if value is None or isinstance(value, (str, bytes)):
        return 1 if value else 0
    try:
        return len(value)
    except TypeError:
        return 1


def _int(value, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default
