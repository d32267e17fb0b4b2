"""The one way nnexplain writes a file: complete, or not at all."""

import os
import tempfile
from contextlib import contextmanager


@contextmanager
def atomic_file(path, mode: str = "w"):
    """Open a temporary file beside ``path`` for writing (text as UTF-8, or bytes with
    ``mode="wb"``); when the block ends normally it is renamed onto ``path``, so a
    reader never sees half a file and an existing file is replaced only by a complete
    one. On any error, Ctrl-C included, the temporary file is removed and the error
    passes on. OSError if the folder cannot be written."""
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(
        dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".part"
    )
    try:
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(handle, mode, encoding=encoding) as stream:
            yield stream
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a saved file is not
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
