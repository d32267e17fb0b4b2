"""Finding lessons: the shipped ones (installed as the package ``nnexplain.curriculum``
from the repository's top-level ``lessons/`` folder), or a lesson file given by path.

A lesson folder holds ``manifest.toml`` (``format = 1`` and ``lessons = [...]``, the
order) and one ``NAME.toml`` per lesson.
"""

import os
from pathlib import Path

from nnexplain.lesson.format import (
    MAX_FILE_BYTES,
    NAME_PATTERN,
    LessonError,
    check_format_version,
    load_lesson,
    read_toml,
)
from nnexplain.reading import ReadError, read_bytes_limited

PACKAGE = "nnexplain.curriculum"
MANIFEST = "manifest.toml"
MANIFEST_FIELDS = ("format", "lessons")


class CatalogError(Exception):
    """A lesson that cannot be found, or a broken lesson folder; the message says which."""


def shipped_folder():
    """The folder of the shipped lessons (a ``Traversable``; a ``Path`` in practice)."""
    from importlib.resources import files

    try:
        folder = files(PACKAGE)
        if folder.joinpath(MANIFEST).is_file():
            return folder
    except ModuleNotFoundError:
        pass
    # Running from a source checkout that was not installed, or an editable install
    # made before lessons/ was mapped into the package: the folder beside the package.
    beside = Path(__file__).resolve().parents[2] / "lessons"
    if (beside / MANIFEST).is_file():
        return beside
    raise CatalogError(
        f"this installation of nnexplain has no lessons (the package {PACKAGE} is missing); "
        "reinstall nnexplain"
    )


def read_entry(entry, kind: str = "a lesson file") -> bytes:
    """The bytes of a lesson file or manifest: a path (str or Path), read bounded and
    never blocking (nnexplain.reading), or an importlib Traversable. ReadError if it
    cannot be read; the message follows the file's name."""
    if isinstance(entry, (str, os.PathLike)):
        return read_bytes_limited(entry, MAX_FILE_BYTES, kind, "; a lesson is a few kilobytes")
    try:  # an installed package's resource that is not a plain file (e.g. in a zip)
        return entry.read_bytes()
    except OSError as error:
        raise ReadError(f"cannot be read ({error.strerror or error})") from None


def read_manifest(folder, source: str):
    """``(lesson names in order, or None; problems)`` for a folder's manifest.toml."""
    manifest = folder.joinpath(MANIFEST)
    try:
        data = read_entry(manifest, "a manifest file")
    except ReadError as error:
        if str(error) == "does not exist":
            return None, [f"{source}: missing (a lesson folder lists its lessons in {MANIFEST})"]
        return None, [f"{source}: {error}"]
    table, problems = read_toml(data, source)
    if table is None:
        return None, problems
    problems = check_format_version(table, source)
    if problems:
        return None, problems
    problems += [
        f"{source}: {key}: unknown field (expected one of: {', '.join(MANIFEST_FIELDS)})"
        for key in table
        if key not in MANIFEST_FIELDS
    ]
    names = table.get("lessons")
    if not (isinstance(names, list) and names and all(isinstance(n, str) for n in names)):
        problems.append(f'{source}: lessons: expected a list of lesson names in order, e.g. ["neuron", "bias"]')
        return None, problems
    seen = set()
    for position, name in enumerate(names, start=1):
        if not NAME_PATTERN.fullmatch(name):
            problems.append(f"{source}: lessons: item {position} {name!r} is not a lesson name (lowercase letters, digits, hyphens)")
        elif name in seen:
            problems.append(f"{source}: lessons: {name!r} is listed twice")
        seen.add(name)
    return (None if problems else tuple(names)), problems


def shipped_names() -> tuple[str, ...]:
    names, problems = read_manifest(shipped_folder(), MANIFEST)
    if problems:  # the lint test keeps this from happening
        raise CatalogError("the shipped lesson manifest is broken: " + "; ".join(problems))
    return names


def load_shipped(name: str):
    try:
        data = read_entry(shipped_folder().joinpath(f"{name}.toml"))
    except ReadError as error:
        raise CatalogError(f"the shipped lesson file {name}.toml {error}; reinstall nnexplain") from None
    return load_lesson(data, f"{name}.toml")


def load_file(path: str):
    """A teacher's lesson file; CatalogError if it cannot be read, LessonError if broken."""
    if os.path.isdir(path):
        raise CatalogError(f"{path!r} is a folder; give a lesson file (NAME.toml) or a lesson name")
    try:
        data = read_entry(path)
    except ReadError as error:
        reason = str(error)
        if reason.startswith("does not exist"):
            detail = reason[len("does not exist"):]
            raise CatalogError(f"no such lesson file: {path!r}{detail}") from None
        raise CatalogError(f"cannot read {path!r}: it {reason}") from None
    return load_lesson(data, path)


def looks_like_path(target: str) -> bool:
    return "/" in target or os.sep in target or target.endswith(".toml")


def resolve(target: str):
    """``(lesson, progress key)`` for a lesson name or a lesson file's path.

    A shipped lesson's progress is kept under its name; a file's under its absolute
    path, so a teacher's lesson called "bias" does not mix with the shipped one.
    """
    names = shipped_names()
    if target in names and not looks_like_path(target):
        return filled(load_shipped(target)), target
    if looks_like_path(target) or os.path.isfile(target):
        return filled(load_file(target)), file_key(target)
    raise CatalogError(
        f"unknown lesson {target!r}; the lessons are: {', '.join(names)} (or give a lesson file's path)"
    )


def filled(lesson):
    """The lesson with every computed number in its text (LessonError if one cannot be had)."""
    from nnexplain.lesson import placeholders

    done, problems = placeholders.fill(lesson)
    if problems:
        raise LessonError(problems)
    return done


def file_key(path: str) -> str:
    return "file:" + os.path.abspath(path)

