"""Reading the learner's own data: a CSV file with a header row.

The fast path hands the file to NumPy's C parser; only when that fails does a
line-by-line pass run, to say exactly which line is wrong and why.
"""

import click

from nnexplain.cli.options import parse_number


def read_columns(path: str, names: tuple[str, ...], option: str):
    """The named columns of a CSV file as float64 arrays, in the order of ``names``."""
    import numpy as np

    def fail(message):
        raise click.BadParameter(message, param_hint=f"'{option}'")

    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            header_line = handle.readline()
            header = [cell.strip() for cell in header_line.rstrip("\r\n").split(",")]
            missing = [name for name in names if name not in header]
            if not header_line.strip():
                fail(f"{path} is empty; expected a header line with the columns {','.join(names)}")
            if missing:
                fail(
                    f"{path} has no column {', '.join(repr(m) for m in missing)} in its header "
                    f"line ({header_line.strip()!r}); expected the columns {','.join(names)}"
                )
            columns = [header.index(name) for name in names]
            try:
                table = np.loadtxt(
                    handle,
                    delimiter=",",
                    usecols=columns,
                    dtype=np.float64,
                    ndmin=2,
                    comments=None,
                    encoding="utf-8",
                )
            except ValueError:
                handle.seek(0)
                _find_bad_line(handle, path, len(header), columns, fail)
                raise  # not reached: _find_bad_line always fails
    except FileNotFoundError:
        fail(f"{path} does not exist")
    except IsADirectoryError:
        fail(f"{path} is a folder, not a CSV file")
    except PermissionError:
        fail(f"{path} cannot be read (permission denied)")
    except UnicodeDecodeError:
        fail(f"{path} is not a UTF-8 text file")
    except OSError as error:
        fail(f"{path} cannot be read ({error.strerror or error})")
    if table.shape[0] == 0:
        fail(f"{path} has a header but no data rows")
    bad = np.flatnonzero(~np.isfinite(table).all(axis=1))
    if bad.size:
        line = int(bad[0]) + 2
        fail(f"{path} line {line}: nan and inf are not allowed; every value must be a finite number")
    return tuple(np.ascontiguousarray(table[:, k]) for k in range(len(names)))


def _find_bad_line(handle, path, width, columns, fail):
    handle.readline()  # the header
    for line_number, line in enumerate(handle, start=2):
        cells = line.rstrip("\r\n").split(",")
        if not line.strip():
            continue  # NumPy skips blank lines too
        if len(cells) != width:
            fail(f"{path} line {line_number} has {len(cells)} fields; the header has {width}")
        for column in columns:
            try:
                parse_number(cells[column].strip())
            except ValueError as error:
                fail(f"{path} line {line_number}: {error}")
    fail(f"{path} could not be read as CSV numbers")


def line_of_row(path: str, row: int) -> int:
    """The line number of data row ``row`` (0-based) of a CSV file, counting the
    header as line 1 and skipping blank lines as the reader does."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        handle.readline()
        seen = -1
        for line_number, line in enumerate(handle, start=2):
            if line.strip():
                seen += 1
                if seen == row:
                    return line_number
    return row + 2
