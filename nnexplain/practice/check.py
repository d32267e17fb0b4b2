"""``practice --check``: everything that can be wrong with problem templates, found
before a learner meets it, one line per problem naming the file, the skill and the
field (all of them, not just the first).

Beyond the schema (templates.py), every skill is drawn for many seeds: each draw
must succeed within a few tries, its command must compute the answer, its prompt,
hints and explanation must have every slot filled, each slip must give a number
different from the answer (the draw rejects those that do not), and a figure must
really draw. The topic must be a lesson.
"""

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from nnexplain.lesson import runs
from nnexplain.lesson.catalog import read_entry, shipped_names
from nnexplain.practice import problems as drawing
from nnexplain.practice.templates import ANY_SLOT, Skill, read_templates
from nnexplain.reading import ReadError

DEFAULT_SEEDS = 40
# Draws rejected on average per accepted problem above which constraints are too tight.
MAX_MEAN_TRIES = 8.0


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    skills: list[Skill] = field(default_factory=list)
    files: int = 0
    draws: int = 0


def check_files(entries, seeds: int = DEFAULT_SEEDS, report: Report | None = None) -> Report:
    """Check template files: ``(label, path or Traversable)`` pairs."""
    report = report or Report()
    lessons = set(shipped_names())
    for label, entry in entries:
        report.files += 1
        try:
            data = read_entry(entry, "a template file")
        except ReadError as error:
            report.problems.append(f"{label}: {error}")
            continue
        skills, problems = read_templates(data, label)
        report.problems += problems
        for skill in skills:
            if skill.topic not in lessons:
                report.problems.append(f"{label}: topic: {skill.topic!r} is not a lesson; the lessons are: {', '.join(sorted(lessons))}")
                break
        for skill in skills:
            if any(other.name == skill.name for other in report.skills):
                report.problems.append(f"{skill.source}: skill {skill.name!r}: the name is used by another skill")
            report.skills.append(skill)
            report.problems += check_skill(skill, seeds, report)
    return report


def check_skill(skill: Skill, seeds: int = DEFAULT_SEEDS, report: Report | None = None) -> list[str]:
    """Problems drawing ``skill`` with seeds 0 to ``seeds`` − 1."""
    where = f"{skill.source}: skill {skill.name!r}"
    problems, tries, slip_numbers = [], 0, {slip.name: 0 for slip in skill.slips}
    first = None
    for seed in range(seeds):
        try:
            problem = drawing.draw(skill, np.random.default_rng(seed))
        except drawing.DrawError as error:
            return problems + [f"{where}: seed {seed}: {error}"]
        if report is not None:
            report.draws += 1
        first = first or problem
        tries += problem.tries
        for label, text in (("prompt", problem.step.prompt), ("explanation", problem.step.explanation),
                            *((f"hint {i}", h) for i, h in enumerate(problem.step.hints, 1))):
            left = ANY_SLOT.search(text) or ("{{" in text and text)
            if left:
                problems.append(f"{where}: seed {seed}: {label}: an unfilled slot is left: {text[:80]!r}")
        from nnexplain.lesson import answers

        for slip in problem.step.slips:
            if answers.slip_value(slip, problem.answer) is not None:
                slip_numbers[slip.name] += 1
        if problems:
            return problems
    if tries / seeds > MAX_MEAN_TRIES:
        problems.append(f"{where}: {tries / seeds:.1f} draws per accepted problem on average "
                        f"(at most {MAX_MEAN_TRIES:g}); loosen the constraints or narrow the ranges")
    for name, count in slip_numbers.items():
        if count == 0:
            problems.append(f"{where}: slip {name!r}: gives no finite number in {seeds} draws; remove it")
    if skill.figure and first is not None:
        problems += _check_figure(skill, first, where)
    return problems


def _check_figure(skill, problem, where) -> list[str]:
    try:
        if not runs.has_plot(problem.argv[0], skill.figure):
            return [f"{where}: figure: {problem.argv[0]!r} has no {skill.figure} option"]
        with tempfile.TemporaryDirectory(prefix="nnexplain-check-") as scratch:
            runs.draw(problem.argv, str(Path(scratch) / "figure.png"), skill.figure)
    except runs.RunError as error:
        return [f"{where}: figure: {error}"]
    return []


def check_shipped(seeds: int = DEFAULT_SEEDS) -> Report:
    from nnexplain.practice.catalog import FOLDER, shipped_files

    return check_files([(f"{FOLDER}/{name}", entry) for name, entry in shipped_files()], seeds)
