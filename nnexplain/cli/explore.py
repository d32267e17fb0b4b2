"""``nnexplain explore``: the full-screen explorer (Textual, imported only here in the
command's body, never when another command runs or for ``--help``)."""

import click

# The smallest terminal the explorer's panels fit in: columns × rows.
SMALLEST = (80, 24)


def is_terminal() -> bool:
    """Whether standard input and output are both a terminal (the app needs both)."""
    import sys

    try:
        return bool(sys.stdout.isatty() and sys.stdin.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def terminal_size() -> tuple[int, int]:
    """The terminal's columns and rows (of the original standard output)."""
    import os
    import sys

    try:
        size = os.get_terminal_size(sys.__stdout__.fileno())
    except (AttributeError, ValueError, OSError):
        return 0, 0
    return size.columns, size.lines


def starting_view(name, args):
    """The view ``name`` (None: none, the menu) set to the options in ``args``
    (``--w 2``, ``--b=-4`` …, its parameters' options). A click error for an unknown
    view, an unknown option, a missing value or a value the view's command refuses."""
    from nnexplain.explore.views import VIEWS

    if name is None:
        if args:
            raise click.UsageError(f"options such as {args[0]!r} need a VIEW first; the views are: "
                                   f"{', '.join(VIEWS)}.")
        return None
    if name not in VIEWS:
        raise click.BadParameter(f"{name!r} is not a view; the views are: {', '.join(VIEWS)}.",
                                 param_hint="'VIEW'")
    view = VIEWS[name]()
    options = {p.option: p for p in view.parameters}
    args, given = list(args), []
    while args:
        arg = args.pop(0)
        option, equals, value = arg.partition("=")
        if option not in options:
            raise click.UsageError(f"no such option {option!r} for the {name} view; its options are: "
                                   f"{', '.join(options)}.")
        if not equals:
            if not args:
                raise click.UsageError(f"option {option!r} needs a value.")
            value = args.pop(0)
        given.append((options[option], value))
    # Choices first (--loss squared allows any ŷ), in the view's order (a network's
    # --hidden before its --unit, whose choices depend on it), then the numbers.
    order = [p.name for p in view.parameters]
    for parameter, value in sorted(given, key=lambda pair: (pair[0].kind != "choice",
                                                            order.index(pair[0].name))):
        current = view.parameter(parameter.name)  # its choices as the view now has them
        if current.kind == "choice":
            choices = [str(c) for c in current.choices]
            if value not in choices:
                raise click.BadParameter(f"{value!r} is not one of {', '.join(map(repr, choices))}.",
                                         param_hint=repr(current.option))
            value = current.choices[choices.index(value)]
        if not view.set(parameter.name, value):
            raise click.UsageError(view.error)
    return view


@click.command(context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False})
@click.argument("view_name", metavar="[VIEW]", required=False)
@click.argument("options", nargs=-1, type=click.UNPROCESSED, metavar="[VIEW OPTIONS]...")
def explore(view_name, options):
    """Explore in the terminal: change a value with the keys and watch the figure
    and the worked numbers change at once.

    \b
    Views (with their options, which set where it starts):
      bias     one neuron a = f(x·w + b) and the bias curve: --w --b --x --activation
      loss     the loss of one prediction: --y --yhat --loss
      descent  gradient descent on the line task, epoch by epoch: --lr
               (space one epoch, r run/pause, x reset)
      network  a small network learning a 2-D task: --task --hidden --activation --lr,
               and a unit to work out for one data point: --unit --example
               (space a chunk of epochs, r run/pause, x reset, w save the weights,
               d the diagram with every weight instead of the regions)
    Without VIEW, a menu of the views. Every key: docs/explore.md.

    \b
    Keys: ↑/↓ select a value; ←/→ or −/+ change it (shift: a fine step); type a
    number and Enter to set it; s saves the figure; c shows the command that
    prints the same table; ? help; q quits.

    Needs a terminal of at least 80×24; the numbers without one: nnexplain neuron,
    nnexplain bias, nnexplain loss, nnexplain train.

    \b
    Example:
      nnexplain explore bias --w 2 --b -4
      nnexplain explore loss --y 1 --yhat 0.1
      nnexplain explore network --task circles --hidden 8
    """
    view = starting_view(view_name, options)
    if not is_terminal():
        shown = view.command() if view is not None else "nnexplain bias, nnexplain neuron, nnexplain loss, nnexplain train"
        raise click.ClickException(
            "nnexplain explore needs a terminal (standard input and output are not both one); "
            f"for the same numbers as text use the commands, e.g. {shown}.")
    columns, rows = terminal_size()
    if columns < SMALLEST[0] or rows < SMALLEST[1]:
        raise click.ClickException(
            f"the terminal is {columns}×{rows}; nnexplain explore needs at least "
            f"{SMALLEST[0]}×{SMALLEST[1]}: enlarge the window and run it again.")
    from nnexplain.explore.app import ExploreApp

    ExploreApp(view).run()
