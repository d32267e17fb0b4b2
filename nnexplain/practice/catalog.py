"""Finding problem templates: the shipped ones in ``lessons/practice/`` (installed as
data of ``nnexplain.curriculum``), or a teacher's template file given by path."""

import difflib
import functools
import os

from nnexplain.lesson.catalog import CatalogError, read_entry, shipped_folder
from nnexplain.practice.templates import Skill, TemplateError, read_templates
from nnexplain.reading import ReadError

FOLDER = "practice"


def shipped_files():
    """``(file name, Traversable)`` of every shipped template file, in name order."""
    folder = shipped_folder().joinpath(FOLDER)
    try:
        entries = sorted((e.name, e) for e in folder.iterdir() if e.name.endswith(".toml"))
    except OSError:
        entries = []
    if not entries:
        raise CatalogError("this installation of nnexplain has no practice templates; reinstall nnexplain")
    return entries


@functools.cache
def shipped_skills() -> dict[str, Skill]:
    """Every shipped skill by name, in file order then written order (TemplateError
    if a shipped file is broken: the tests keep that from happening)."""
    skills, problems = {}, []
    for name, entry in shipped_files():
        try:
            data = read_entry(entry, "a template file")
        except ReadError as error:
            problems.append(f"practice/{name}: {error}")
            continue
        found, file_problems = read_templates(data, f"practice/{name}")
        problems += file_problems
        for skill in found:
            if skill.name in skills:
                problems.append(f"practice/{name}: skill {skill.name!r} is also in {skills[skill.name].source}")
            skills[skill.name] = skill
    if problems:
        raise TemplateError(problems)
    return skills


def load_file(path: str) -> dict[str, Skill]:
    """A teacher's template file: its skills by name (CatalogError if it cannot be
    read, TemplateError if it is broken)."""
    if os.path.isdir(path):
        raise CatalogError(f"{path!r} is a folder; give a template file (NAME.toml)")
    try:
        data = read_entry(path, "a template file")
    except ReadError as error:
        raise CatalogError(f"cannot read {path!r}: it {error}") from None
    skills, problems = read_templates(data, path)
    if problems:
        raise TemplateError(problems)
    return {skill.name: skill for skill in skills}


class SelectError(ValueError):
    """A name that is neither a skill nor a topic; the message names the closest one."""


def expand(skills: dict, names, lessons=()) -> list[str]:
    """The skill names ``names`` pick, in the order given, repeats kept (a topic —
    a lesson's name — is all its skills, in their file's order). ``lessons``: lesson
    names that may have no skills yet. SelectError naming the closest name."""
    if not names:
        raise SelectError("name at least one skill or topic; nnexplain practice --list lists them")
    topics: dict[str, list[str]] = {}
    for name, skill in skills.items():
        topics.setdefault(skill.topic, []).append(name)
    chosen = []
    for name in names:
        if name in skills:
            chosen.append(name)
        elif name in topics:
            chosen += topics[name]
        elif name in lessons:
            raise SelectError(f"the lesson {name!r} has no practice skills yet; nnexplain practice --list "
                              "lists the skills")
        else:
            close = difflib.get_close_matches(name, [*skills, *topics], n=1, cutoff=0.5)
            nearest = f" (did you mean {close[0]!r}?)" if close else ""
            raise SelectError(f"no skill or topic {name!r}{nearest}; nnexplain practice --list lists them")
    return chosen


def select(skills: dict, names, lessons=()) -> list[str]:
    """The skills ``names`` mean, once each, in the order of ``skills`` (none: every skill)."""
    if not names:
        return list(skills)
    chosen = set(expand(skills, names, lessons))
    return [name for name in skills if name in chosen]
