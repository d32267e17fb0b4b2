"""Turning the ways reading a learner's file can fail into one clear message."""

import contextlib


@contextlib.contextmanager
def reading_errors(path, fail, kind):
    """Turn the ways opening or reading the file ``path`` (``kind``, e.g. "a CSV
    file") can fail into one clear message through ``fail``. The file itself is
    read with nnexplain.reading.read_bytes_limited (bounded, never blocking)."""
    from nnexplain.reading import ReadError

    try:
        yield
    except ReadError as error:
        fail(f"{path} {error}")
    except FileNotFoundError:
        fail(f"{path} does not exist")
    except IsADirectoryError:
        fail(f"{path} is a folder, not {kind}")
    except PermissionError:
        fail(f"{path} cannot be read (permission denied)")
    except UnicodeDecodeError:
        fail(f"{path} is not a UTF-8 text file")
    except OSError as error:
        fail(f"{path} cannot be read ({error.strerror or error})")
