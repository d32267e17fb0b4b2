"""Every file nnexplain reads (CSV data, weights JSON, lesson TOML and manifests)
comes in through ``read_bytes_limited``: bounded and never blocking.

The file is looked at (``os.stat``, following symlinks) before it is opened, so a
folder, a named pipe (FIFO), a device or a socket is refused without a read that
could wait forever or never end; it is opened non-blocking and looked at again
through the open descriptor, so a file swapped in between is refused too. A regular
file larger than the limit is refused by its size, unread, and at most limit + 1
bytes are ever read (files such as those in /proc report a size of 0).

The one exception, ``ReadError``, says what is wrong in words that follow the path
("does not exist", "is a folder, not a CSV file"); each caller puts it into its own
error format. ``excerpt`` keeps quoted file content short.
"""

import os
import stat

_CHUNK = 1 << 20
_open = os.open  # one name for tests to replace (an unreadable file when run as root)
EXCERPT_CHARACTERS = 40


class ReadError(Exception):
    """A file that cannot be read; ``str(error)`` follows the path, e.g. "does not exist"."""


def excerpt(text: str, width: int = EXCERPT_CHARACTERS) -> str:
    """``text`` quoted for a message, cut to its first ``width`` characters."""
    if len(text) <= width:
        return repr(text)
    return repr(text[:width]) + f"… ({len(text):,} characters)"


def read_bytes_limited(path, limit: int, kind: str, why: str = "") -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    ``kind`` names what the file should be ("a CSV file"); ``why`` is added to the
    message for a file over the limit (e.g. "; a lesson is a few kilobytes").
    Raises ReadError for a missing file, a broken symlink, anything that is not a
    regular file, an unreadable file and a file larger than ``limit`` bytes.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if _is_link(path):
            raise ReadError("does not exist (it is a broken symlink)") from None
        raise ReadError("does not exist") from None
    except NotADirectoryError:
        raise ReadError("does not exist (a folder in its path is a file)") from None
    except ValueError:  # a NUL character in the name
        raise ReadError("is not a usable file name (it holds a NUL character)") from None
    except OSError as error:
        raise ReadError(_failure(error)) from None
    _refuse(info, limit, kind, why)
    try:
        descriptor = _open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise ReadError(_failure(error)) from None
    try:
        _refuse(os.fstat(descriptor), limit, kind, why)
        data = bytearray()
        while len(data) <= limit:
            chunk = os.read(descriptor, min(_CHUNK, limit + 1 - len(data)))
            if not chunk:
                break
            data += chunk
    except OSError as error:
        raise ReadError(_failure(error)) from None
    finally:
        os.close(descriptor)
    if len(data) > limit:  # a file whose size said less (e.g. in /proc), or one that grew
        raise ReadError(f"is larger than {limit:,} bytes (the most for {kind}){why}")
    return bytes(data)


def _refuse(info, limit, kind, why):
    mode = info.st_mode
    if stat.S_ISREG(mode):
        if info.st_size > limit:
            raise ReadError(f"is {info.st_size:,} bytes, larger than {limit:,} bytes (the most for {kind}){why}")
        return
    if stat.S_ISDIR(mode):
        raise ReadError(f"is a folder, not {kind}")
    if stat.S_ISFIFO(mode):
        what = "a named pipe (FIFO)"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = "a device"
    elif stat.S_ISSOCK(mode):
        what = "a socket"
    else:
        what = "a special file"
    raise ReadError(f"is {what}, not {kind}; nnexplain reads only regular files")


def _failure(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "cannot be read (permission denied)"
    if isinstance(error, IsADirectoryError):
        return "is a folder, not a file"
    return f"cannot be read ({error.strerror or error})"


def _is_link(path) -> bool:
    try:
        return os.path.islink(path)
    except (OSError, ValueError):
        return False
