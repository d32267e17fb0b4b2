"""Finding problem templates: the shipped ones in ``lessons/practice/`` (installed as
data of ``nnexplain.curriculum``), or a teacher's template file given by path."""

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
