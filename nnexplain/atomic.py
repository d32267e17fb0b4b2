"""The one way nnexplain writes a file: complete, or not at all.

The temporary file lives beside the target (so the final rename is atomic) under a
short name of its own, ``.nnx-<pid>-<random>.part``: never longer than a few dozen
bytes, so any legal target name (up to 255 bytes) can be written, and recognisable,
so a run killed before its rename (``kill -9``, a power cut) leaves nothing that later
runs keep: the next write into that folder removes this tool's temporaries whose
writer is gone.
"""

import os
import shutil
import stat
import tempfile
import time
from contextlib import contextmanager

TEMP_PREFIX = ".nnx-"
TEMP_SUFFIX = ".part"
# A temporary whose writer still runs is left alone unless it is older than this (a
# process id can be reused, or belong to another machine sharing the folder); no
# single file takes nnexplain anywhere near this long to write.
STALE_SECONDS = 600
# Folders this process has already cleaned (once per folder is enough).
_cleaned: set[str] = set()


@contextmanager
def atomic_file(path, mode: str = "w"):
    """Open a temporary file beside ``path`` for writing (text as UTF-8, or bytes with
    ``mode="wb"``); when the block ends normally it is renamed onto ``path``, so a
    reader never sees half a file and an existing file is replaced only by a complete
    one. On any error, Ctrl-C included, the temporary file is removed and the error
    passes on. OSError if the folder cannot be written.

    A symlink is written through to its target. The file gets the permissions of
    the file it replaces, or, when new, those the umask allows (0666 & ~umask), as
    ``open()`` would give it."""
    path = os.fspath(path)
    if os.path.islink(path):
        path = os.path.realpath(path)
    folder = os.path.dirname(os.path.abspath(path))
    remove_stale_temporaries(folder)
    permissions = _permissions_for(path)
    handle, temporary = tempfile.mkstemp(
        dir=folder, prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=TEMP_SUFFIX
    )
    try:
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(handle, mode, encoding=encoding) as stream:
            yield stream
        os.chmod(temporary, permissions)  # mkstemp makes it 0600
        os.replace(temporary, path)
    except BaseException:
        if os.path.lexists(temporary):
            os.unlink(temporary)
        raise


def _permissions_for(path: str) -> int:
    """The mode bits a file written to ``path`` should get: those of the regular file
    it replaces, else 0666 less the process's umask."""
    try:
        status = os.stat(path)
    except OSError:
        status = None
    if status is not None and stat.S_ISREG(status.st_mode):
        return stat.S_IMODE(status.st_mode) & 0o777
    return 0o666 & ~current_umask()


def current_umask() -> int:
    """The process's umask (os.umask can only be read by setting it: it is set back
    at once)."""
    mask = os.umask(0o077)  # for the instant it is set, the strictest mask, not 0
    os.umask(mask)
    return mask


def is_temporary(name: str) -> bool:
    """Whether a file name is one of atomic_file's temporaries."""
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX) and _writer(name) is not None


def _writer(name: str) -> int | None:
    """The process id written into a temporary's name, or None if it has none."""
    middle = name[len(TEMP_PREFIX):-len(TEMP_SUFFIX)]
    pid, dash, _ = middle.partition("-")
    if not dash or not pid.isascii() or not pid.isdigit() or len(pid) > 10:
        return None
    return int(pid)


def remove_stale_temporaries(folder) -> list[str]:
    """Remove, from ``folder``, atomic_file's temporaries (and lesson export's staging
    folders, named the same way) left by a writer that is
    gone (its process no longer runs, or the file is over STALE_SECONDS old). Other
    files, and a temporary another running nnexplain is writing, are left alone.
    Returns the names removed; never raises (a folder that cannot be listed is
    skipped: the write that follows reports the real problem)."""
    folder = os.path.abspath(os.fspath(folder))
    if folder in _cleaned:
        return []
    _cleaned.add(folder)
    removed = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not is_temporary(entry.name):
            continue
        try:
            status = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        folder_left = stat.S_ISDIR(status.st_mode)  # a lesson export's staging folder
        if not (stat.S_ISREG(status.st_mode) or folder_left):
            continue
        if _running(_writer(entry.name)) and now - status.st_mtime < STALE_SECONDS:
            continue
        try:
            if folder_left:
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
        except OSError:
            continue
        removed.append(entry.name)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it runs
        return True
    except (OSError, OverflowError):
        return False
    return True


def check_target(target) -> None:
    """OSError unless ``target`` is missing, a regular file or a symlink: a staged
    file may replace only those (never a folder, a FIFO or a device)."""
    import errno

    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    name = os.path.basename(os.fspath(target))
    if stat.S_ISDIR(mode):
        raise OSError(errno.EISDIR, f"{name} is a folder")
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise OSError(errno.EINVAL, f"{name} is not a regular file")


def move_into_place(moves, mode: int | None = None) -> list:
    """Move staged files onto their targets, ``(source, target)`` pairs in order,
    after checking every target first (``check_target``). Returns the targets that
    did not exist before. If a move fails (Ctrl-C included), the targets this call
    added are removed again and the error passes on: a set of files is published
    whole or not at all (a file it replaced stays replaced, by a complete one).
    ``mode``: permissions to give each file before it is moved."""
    moves = list(moves)
    for _, target in moves:  # refuse before anything is moved
        check_target(target)
    created = []
    try:
        for source, target in moves:
            existed = os.path.lexists(target)
            if mode is not None:
                os.chmod(source, mode)
            os.replace(source, target)
            if not existed:
                created.append(target)
    except BaseException:
        for target in created:
            try:
                os.unlink(target)
            except OSError:
                pass
        raise
    return created
