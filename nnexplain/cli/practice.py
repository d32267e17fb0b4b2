"""``nnexplain practice``: drill skills with fresh numbers, each answer checked and
explained; --stats, --list and --check (for template authors).

The drill lives in nnexplain/practice/drill.py, the schedule in schedule.py, the
saved record in record.py; this module parses options, calls them and turns their
failures into one ``Error:`` line. The schedule and the commands are in docs/practice.md.
"""

import click

NAMES_HINT = "'[SKILL|TOPIC]...'"


@click.command()
@click.argument("names", nargs=-1, metavar="[SKILL|TOPIC]...")
@click.option("--seed", type=click.IntRange(min=0), default=None, metavar="S",
              help="Draw the numbers from seed S, so the same answers give the same session "
                   "(default: fresh numbers every time).")
@click.option("--count", type=click.IntRange(min=1), default=None, metavar="N",
              help="Stop after N problems (default: go on until you type quit).")
@click.option("--stats", is_flag=True, help="Show each skill's box, accuracy and streaks, and when it is due.")
@click.option("--list", "listing", is_flag=True, help="List the skills by topic, with your accuracy.")
@click.option("--check", is_flag=True,
              help="For template authors: draw every skill for many seeds and report every problem.")
@click.option("--seeds", type=click.IntRange(1, 10_000), default=None, metavar="N",
              help="With --check: the number of seeds each skill is drawn with (default 40).")
@click.option("--templates", type=click.Path(dir_okay=True), default=None, metavar="FILE",
              help="Use the skills of a template file (a teacher's own) instead of the shipped ones.")
def practice(names, seed, count, stats, listing, check, seeds, templates):
    """Drill skills with fresh numbers: each answer checked, each miss explained.

    Give skill names or topics (a lesson's name: all its skills); none means every
    skill. Type your answer at the prompt, or hint (staged hints, then the worked
    solution), solution, skip (shows the answer) or quit. A wrong answer is told
    why (the slip, when it matches one), with the answer and the command's own
    worked table. Skills you miss come back within 2 problems; ones you know come
    back less and less often (boxes 1 to 5). Progress is saved after every problem.

    \b
    Example:
      nnexplain practice
      nnexplain practice loss --count 10
      nnexplain practice log-loss --seed 7
      nnexplain practice --stats
      nnexplain practice --check --templates my-skills.toml
    """
    modes = [flag for flag, on in (("--stats", stats), ("--list", listing), ("--check", check)) if on]
    if len(modes) > 1:
        raise click.UsageError(f"give one of {', '.join(modes)}, not both")
    if seeds is not None and not check:
        raise click.UsageError("--seeds is for --check")
    if modes and (seed is not None or count is not None):
        raise click.UsageError(f"--seed and --count are for the drill, not {modes[0]}")
    if check:
        if names:
            raise click.UsageError("--check checks every skill of the shipped templates or of --templates FILE; "
                                   "give no SKILL with it")
        _check(templates, seeds)
        return
    skills, keys = _skills(templates)
    chosen = _select(skills, names, templates)
    record = _record()
    if listing:
        _list(skills, chosen, keys, record)
        return
    if stats:
        _stats(skills, chosen, keys, record, every=bool(names))
        return
    _drill(skills, chosen, keys, record, seed, count, names)


def _skills(templates):
    """``(skills by name, record key by name)``: the shipped ones, or a teacher's file."""
    from nnexplain.lesson.catalog import CatalogError
    from nnexplain.practice import catalog
    from nnexplain.practice.record import file_key
    from nnexplain.practice.templates import TemplateError

    try:
        if templates is None:
            skills = catalog.shipped_skills()
            return skills, {name: name for name in skills}
        skills = catalog.load_file(templates)
        return skills, {name: file_key(templates, name) for name in skills}
    except CatalogError as error:
        if templates is None:
            raise click.ClickException(str(error)) from None
        raise click.BadParameter(str(error), param_hint="'--templates'") from None
    except TemplateError as error:
        if templates is None:
            raise click.ClickException(f"a shipped template is broken: {error.problems[0]}") from None
        for problem in error.problems:
            click.echo(problem, err=True)
        count = len(error.problems)
        raise click.ClickException(
            f"the template file {templates} has {count} problem{'s' if count != 1 else ''} (listed above; "
            f"nnexplain practice --check --templates FILE checks it)"
        ) from None


def _select(skills, names, templates):
    from nnexplain.practice.catalog import SelectError, select

    lessons = ()
    if templates is None:
        from nnexplain.lesson.catalog import CatalogError, shipped_names

        try:
            lessons = shipped_names()
        except CatalogError:
            lessons = ()
    try:
        return select(skills, names, lessons)
    except SelectError as error:
        raise click.BadParameter(str(error), param_hint=NAMES_HINT) from None


def _record():
    from nnexplain.practice.record import Record

    record = Record()
    if record.warning:
        click.echo(record.warning, err=True)
    return record


def _accuracy(state) -> str:
    if state is None or not state.answered:
        return "—"
    return f"{100 * state.right / state.answered:.0f}%"


def _table(columns, names):
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for header, justify in columns:
        width = max(map(len, names), default=0) if header == "Skill" else None  # names are never cut
        width = 6 if header == "Due" else width  # "in 32"
        table.add_column(header, justify=justify, no_wrap=header != "Title", min_width=width)
    return table


def _print(*things):
    from nnexplain.render.console import stdout_console

    console = stdout_console(highlight=False)
    for thing in things:
        console.print(thing)


def _by_topic(skills, chosen):
    """The chosen skills grouped by topic: ``(topic, [names])`` in the lessons' order of first mention."""
    topics: dict[str, list] = {}
    for name in chosen:
        topics.setdefault(skills[name].topic, []).append(name)
    return list(topics.items())


def _list(skills, chosen, keys, record):
    from rich.text import Text

    table = _table((("Skill", "left"), ("Title", "left"), ("Asked", "right"), ("Right", "right")), chosen)
    groups = _by_topic(skills, chosen)
    for number, (topic, names) in enumerate(groups):
        if number:
            table.add_section()
        table.add_row(Text(topic, style="bold"), "", "", "")
        for name in names:
            state = record.get(keys[name])
            table.add_row(name, skills[name].title, str(state.answered if state else 0), _accuracy(state))
    _print(table, "", f"{len(chosen)} skill{'s' if len(chosen) != 1 else ''} in {len(groups)} "
           f"topic{'s' if len(groups) != 1 else ''} (in bold: a lesson's name practises all its skills). "
           "Right: answered right at the first try (no hint, no solution). "
           "Practise with: nnexplain practice [SKILL|TOPIC]...")


def _stats(skills, chosen, keys, record, every=False):
    """Each practised skill's row (``every``: each chosen skill's, practised or not)."""
    from nnexplain.practice import schedule

    number = record.problems + 1
    shown = [name for name in chosen if every or record.get(keys[name]) is not None]
    if not shown and not every:
        _print("No practice yet" + (" of these skills" if record.problems else "") +
               ": start with nnexplain practice [SKILL|TOPIC]... (nnexplain practice --list shows them).")
        return
    table = _table((("Skill", "left"), ("Box", "right"), ("Asked", "right"), ("Right", "right"),
                    ("Rate", "right"), ("Streak", "right"), ("Best", "right"), ("Due", "right")), shown)
    for name in shown:
        state = record.get(keys[name])
        if state is None:
            table.add_row(name, "1", "0", "0", "—", "0", "0", "new")
            continue
        wait = schedule.due_in(state, number)
        table.add_row(name, str(state.box), str(state.answered), str(state.right), _accuracy(state),
                      str(state.streak), str(state.best), "now" if wait == 0 else f"in {wait}")
    left = len(chosen) - len(shown)
    _print(table, "", f"{record.problems} problem{'s' if record.problems != 1 else ''} answered in all"
           + (f"; {left} skill{'s' if left != 1 else ''} not practised yet" if left else "") + ". "
           "Right and rate count answers right at the first try (no hint, no solution); a streak is such "
           "answers in a row; best is the longest streak. Due: in how many problems the skill comes "
           "again. Boxes go from 1 (again within 2 problems) to 5 (again after 32).")


def _check(templates, seeds):
    from nnexplain.lesson.catalog import CatalogError
    from nnexplain.practice import check

    seeds = seeds or check.DEFAULT_SEEDS
    try:
        if templates is None:
            report = check.check_shipped(seeds)
        else:
            report = check.check_files([(templates, templates)], seeds)
    except CatalogError as error:
        raise click.ClickException(str(error)) from None
    if report.problems:
        for problem in report.problems:
            click.echo(problem, err=True)
        count = len(report.problems)
        raise click.ClickException(f"{count} problem{'s' if count != 1 else ''} in the practice templates "
                                   "(listed above)")
    skills, files = len(report.skills), report.files
    click.echo(f"OK: {skills} skill{'s' if skills != 1 else ''} in {files} file{'s' if files != 1 else ''}, "
               f"{report.draws} draws checked.")


def _drill(skills, chosen, keys, record, seed, count, names):
    import shlex

    import numpy as np

    from nnexplain.practice.drill import Drill, DrillFailed

    rng = np.random.default_rng(seed)
    try:
        outcome = Drill(skills, chosen, record, rng, count=count, keys=keys).run()
    except DrillFailed as error:
        raise click.ClickException(str(error)) from None
    done = f"{outcome.right} of {outcome.answered} right at the first try this session"
    again = "nnexplain practice" + "".join(f" {shlex.quote(name)}" for name in names)
    said = "progress saved" if outcome.saved else "progress NOT saved (see the warning above)"
    opening = {"finished": "Done", "quit": "Stopped", "eof": "End of input", "interrupted": "Interrupted"}[outcome.how]
    line = f"{opening}: {done}; {said}."
    if outcome.saved and outcome.how != "finished":
        line += f" Run `{again}` to go on; `nnexplain practice --stats` shows your record."
    if outcome.how in ("eof", "interrupted") or not outcome.saved:
        click.echo(line, err=True)
    else:
        click.echo("\n" + line if outcome.how == "finished" else line)
    if outcome.how == "interrupted":
        click.get_current_context().exit(130)
