"""``lesson check``: everything that can be wrong with a lesson file or a lesson folder,
found before a learner meets it. Every problem is one line naming the file, the step
and the field; all of them are reported, not just the first.

Beyond the schema (format.py): every run line is allowed and computes, figure steps
name a command that can draw and the figure is really drawn (into a temporary
folder), every computed answer's path leads to a number, and a folder's manifest and
files agree.
"""

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from nnexplain.lesson import answers, budget, placeholders, runs
from nnexplain.lesson.catalog import MANIFEST, read_entry, read_manifest
from nnexplain.lesson.format import Computed, Lesson, read_lesson
from nnexplain.reading import ReadError


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    lessons: list[Lesson] = field(default_factory=list)
    files: int = 0
    bad_files: set = field(default_factory=set)

    def add(self, source: str, problems) -> None:
        if problems:
            self.problems += problems
            self.bad_files.add(source)


def check_path(path, report: Report | None = None) -> Report:
    """Check a lesson file, or a folder with manifest.toml and its lessons."""
    report = report or Report()
    path = Path(path)
    if path.is_dir():
        check_folder(path, str(path), report)
        return report
    try:
        data = read_entry(path)
    except ReadError as error:
        # A missing path, a FIFO or a device counts as one of the files checked.
        report.files += 1
        reason = "no such file or folder" if str(error) == "does not exist" else str(error)
        report.add(str(path), [f"{path}: {reason}"])
        return report
    check_file(data, str(path), report)
    return report


def check_folder(folder, label: str, report: Report) -> Report:
    """A lesson folder (a Path or an importlib Traversable): manifest, files, lessons."""
    manifest_source = f"{label}/{MANIFEST}"
    report.files += 1
    names, problems = read_manifest(folder, manifest_source)
    report.add(manifest_source, problems)
    try:
        files = sorted(
            entry.name for entry in folder.iterdir() if entry.name.endswith(".toml") and entry.name != MANIFEST
        )
    except OSError as error:
        report.add(label, [f"{label}: cannot list the folder ({error.strerror or error})"])
        return report
    for name in names or ():
        if f"{name}.toml" not in files:
            report.add(manifest_source, [f"{manifest_source}: lessons: {name!r} is listed but {name}.toml does not exist"])
    for file_name in files:
        source = f"{label}/{file_name}"
        stem = file_name[: -len(".toml")]
        if names is not None and stem not in names:
            report.add(source, [f"{source}: is not listed in {MANIFEST} (add {stem!r} to its lessons, or remove the file)"])
        try:
            data = read_entry(folder.joinpath(file_name))
        except ReadError as error:  # a FIFO, a device, a folder, unreadable, too large
            report.files += 1
            report.add(source, [f"{source}: {error}"])
            continue
        lesson = check_file(data, source, report)
        if lesson is not None and lesson.name != stem:
            report.add(source, [f"{source}: name: is {lesson.name!r} but the file is {file_name}; a lesson's name and file name must match"])
    return report


def check_file(data: bytes, source: str, report: Report) -> Lesson | None:
    report.files += 1
    lesson, problems = read_lesson(data, source)
    report.add(source, problems)
    if lesson is None:
        return None
    if any(other.name == lesson.name for other in report.lessons):
        report.add(source, [f"{source}: name: {lesson.name!r} is used by another lesson; names must be unique"])
    report.add(source, computes(lesson))
    report.lessons.append(lesson)
    return lesson


def computes(lesson: Lesson) -> list[str]:
    """Problems running the lesson's commands, reading its answers and filling the
    computed numbers of its text. A lesson that asks for more work than the budget
    allows is refused before anything runs."""
    over = budget.problems(lesson)
    if over:
        return over
    problems = placeholders.fill(lesson)[1] + _practice_problems(lesson)
    with tempfile.TemporaryDirectory(prefix="nnexplain-check-") as scratch:
        for step in lesson.steps:
            where = f"{lesson.source}: step {step.number} ({step.kind})"
            try:
                if step.kind == "worked":
                    runs.capture(runs.parse_run(step.run))
                elif step.kind == "figure":
                    _check_figure(step, scratch)
            except runs.RunError as error:
                problems.append(f"{where}: run: {error}")
            if step.kind == "question" and isinstance(step.answer, Computed):
                problems += _check_answer(step, where)
            if step.kind == "question":
                problems += _check_tutoring(lesson, step, where)
    return problems


def _check_tutoring(lesson, step, where: str) -> list[str]:
    """Staged hints and the "you need" strip fill; every slip computes a number that
    is not the right answer (else it could never be told from it); an exact count's
    computed answer is whole."""
    problems = []
    for label, texts in (("hints", step.more_hints), ("needs", step.needs)):
        for text in texts:
            problems += [f"{where}: {label}: {p}" for p in answers.fill_text(lesson, text)[1]]
    if step.is_choice or not (step.slips or step.whole):
        return problems
    try:
        expected = answers.expected_number(step)
    except (runs.RunError, answers.PathError):
        return problems  # reported by _check_answer
    if step.whole and expected != round(expected):
        problems.append(f"{where}: whole: the answer is {expected}, not a whole number; use decimals = 0 to ask for it rounded")
    for index, slip in enumerate(step.slips, 1):
        label = f"{where}: slip {index} ({slip.name})"
        try:
            value = answers.slip_value(slip, expected)
            if slip.says:
                problems += [f"{label}: says: {p}" for p in answers.fill_text(lesson, slip.says, answers.slip_document(slip))[1]]
        except runs.RunError as error:
            problems.append(f"{label}: run: {error}")
            continue
        except answers.PathError as error:
            problems.append(f"{label}: path: {error}")
            continue
        if value is None:
            problems.append(f"{label}: gives no finite number for the answer {expected}; remove it")
        elif answers.is_close(value, expected, step):
            problems.append(
                f"{label}: gives {value}, which counts as the right answer ({expected}); "
                "a slip must give a different number, or it can never be named"
            )
    return problems


def _check_figure(step, scratch: str) -> None:
    argv = runs.parse_run(step.run)
    if not runs.has_plot(argv[0], step.option):
        raise runs.RunError(f"{argv[0]!r} cannot draw a figure (it has no {step.option} option); {_drawers()}")
    runs.draw(argv, str(Path(scratch) / f"step-{step.number}.png"), step.option)


def _drawers() -> str:
    names = []
    for name in runs.ALLOWED:
        try:
            if runs.has_plot(name):
                names.append(name)
        except runs.RunError:  # a command this installation does not have yet
            pass
    return "the commands that can: " + ", ".join(names)


def _check_answer(step, where: str) -> list[str]:
    try:
        argv = runs.parse_run(step.answer.run)
        document = runs.document(argv)
    except runs.RunError as error:
        return [f"{where}: answer.run: {error}"]
    try:
        answers.lookup(document, step.answer.path)
    except answers.PathError as error:
        return [f"{where}: answer.path: {error}"]
    return []


def _practice_problems(lesson: Lesson) -> list[str]:
    """Every skill a lesson points to with ``practice = [...]`` is a shipped one."""
    if not lesson.practice:
        return []
    from nnexplain.practice.catalog import shipped_skills

    known = shipped_skills()
    return [
        f"{lesson.source}: practice: {name!r} is not a practice skill (nnexplain practice --list shows them)"
        for name in lesson.practice
        if name not in known
    ]
