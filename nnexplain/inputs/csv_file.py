"""Reading the learner's own data: a CSV file with a header row.

The fast path counts the commas on each line (NumPy ignores surplus fields) and
hands the rows to NumPy's C parser; only when either finds a problem does a
line-by-line pass run, to say exactly which line is wrong and why.
"""


import io
import re

from nnexplain.inputs import InputError, option as hint
from nnexplain.inputs.files import reading_errors
from nnexplain.inputs.numbers import SMALLEST_NORMAL, parse_number
from nnexplain.reading import ReadError, excerpt, read_bytes_limited

# train takes at most 1,000,000 rows of up to 7 numbers (and may ignore other
# columns): well under 200 MB. A larger file is refused by its size, unread.
MAX_FILE_BYTES = 200_000_000


def _read_file(path: str, fail) -> bytes:
    """The bytes of the CSV file ``path`` (bounded, never blocking; see nnexplain.reading)."""
    if not path:
        fail("the file name is empty; give the path of a CSV file")
    with reading_errors(path, fail, "a CSV file"):
        return read_bytes_limited(path, MAX_FILE_BYTES, "a CSV file")


def _text(data: bytes):
    """The file's text as a stream, read as ``open(path, encoding="utf-8-sig",
    newline="")`` would (a byte-order mark skipped, line ends kept)."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")


def read_columns(path: str, names: tuple[str, ...], option: str, data: bytes | None = None):
    """The named columns of a CSV file as float64 arrays, in the order of ``names``.
    ``data``: the file's bytes when the caller has read them already."""
    import warnings

    import numpy as np

    def fail(message):
        raise InputError(message, hint(option))

    if data is None:
        data = _read_file(path, fail)
    with reading_errors(path, fail, "a CSV file"):
        handle = _text(data)
        header_line = handle.readline()
        table = _read_exact_columns(np, warnings, handle, header_line, names)
        lines = handle.readlines() if table is None else None
    header = [cell.strip() for cell in header_line.rstrip("\r\n").split(",")]
    missing = [name for name in names if name not in header]
    if not header_line:
        fail(f"{path} is empty; expected a header line with the columns {','.join(names)}")
    if not header_line.strip():
        fail(f"{path} line 1 is blank; expected a header line with the columns {','.join(names)}")
    if missing:
        fail(
            f"{path} has no column {', '.join(excerpt(m) for m in missing)} in its header "
            f"line ({excerpt(header_line.strip())}); expected the columns {','.join(names)}"
        )
    columns = [header.index(name) for name in names]
    if table is not None:
        _refuse_underflow(np, table[:, columns], path, header, columns, fail, data=data)
        return tuple(np.ascontiguousarray(table[:, k]) for k in columns)
    # Blank (or whitespace-only) lines are skipped everywhere, so that the line
    # numbers in messages (see line_of_row) are the file's real line numbers.
    rows = [line for line in lines if line.strip()]
    # NumPy ignores fields outside usecols, so a row with too many fields (often a
    # decimal comma: 1,0,5) would be read silently; count the commas first.
    if any(row.count(",") != len(header) - 1 for row in rows):
        _find_bad_line(lines, path, header, columns, fail)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="loadtxt: input contained no data")
            table = np.loadtxt(
                rows, delimiter=",", usecols=columns, dtype=np.float64, ndmin=2, comments=None
            )
    except ValueError:
        _find_bad_line(lines, path, header, columns, fail)
        raise  # not reached: _find_bad_line always fails
    if table.shape[0] == 0:
        fail(f"{path} has a header but no data rows")
    if not np.isfinite(table).all():
        _find_bad_line(lines, path, header, columns, fail)  # nan, inf or too large
    _refuse_underflow(np, table, path, header, columns, fail, lines)
    return tuple(np.ascontiguousarray(table[:, k]) for k in range(len(names)))


def read_inputs_and_target(path: str, option: str, most: int):
    """Training data: the input columns ``x`` (one input) or ``x1, x2, …`` (several,
    numbered from 1 without gaps; at most ``most``) and the target column ``y``.
    Other columns are ignored. Returns (x as an m × k float64 array, y, the input
    column names)."""
    import numpy as np

    def fail(message):
        raise InputError(message, hint(option))

    data = _read_file(path, fail)
    with reading_errors(path, fail, "a CSV file"):
        header_line = _text(data).readline()
    header = [cell.strip() for cell in header_line.rstrip("\r\n").split(",")]
    expected = "x,y (one input) or x1,x2,…,y (several)"
    if not header_line.strip():
        where = "is empty" if not header_line else "line 1 is blank"
        fail(f"{path} {where}; expected a header line with the columns {expected}")
    numbered = []
    while f"x{len(numbered) + 1}" in header:
        numbered.append(f"x{len(numbered) + 1}")
    if "x" in header and numbered:
        fail(f"{path} has both an x and an x1 column; name one input x, or several x1,x2,…")
    names = ["x"] if "x" in header else numbered
    if not names:
        fail(f"{path} has no input column in its header line ({excerpt(header_line.strip())}); "
             f"expected the columns {expected}")
    if len(names) > most:
        fail(f"{path} has {len(names)} input columns; at most {most} are allowed "
             "(one table column each)")
    columns = read_columns(path, (*names, "y"), option, data)
    return np.column_stack(columns[:-1]), columns[-1], tuple(names)


def _read_exact_columns(np, warnings, handle, header_line, names):
    """The fast path: when the header holds exactly the wanted columns, NumPy's
    C parser reads the rest of the file and itself rejects a row with a wrong
    number of fields. Returns None (and rewinds) when any check fails, so the
    careful path can say what is wrong; returns the table in header order."""
    header = [cell.strip() for cell in header_line.rstrip("\r\n").split(",")]
    if sorted(header) != sorted(names):
        return None
    start = handle.tell()
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("error", message="loadtxt: input contained no data")
            table = np.loadtxt(handle, delimiter=",", dtype=np.float64, ndmin=2, comments=None)
    except (ValueError, UserWarning):
        table = None
    if table is None or table.shape[1] != len(header) or not np.isfinite(table).all():
        handle.seek(start)
        return None
    return table


# Text that may hold a non-zero number below the smallest normal float64: a
# negative exponent of 100 or more, or a run of 200 zeros (0.000…01). Anything
# else is at least about 1e-299, so the careful pass is needed only on a match.
_MAY_UNDERFLOW = re.compile(r"[eE]-0*[1-9][0-9]{2}|0{200}")


def _refuse_underflow(np, table, path, header, columns, fail, lines=None, data=None):
    """NumPy reads 1e-5000 as 0 and 1e-310 as a subnormal, silently; refuse them
    as ``--y`` does (parse_number says why). Only a file with a zero or tiny value
    whose text could hold such a number is looked at again, line by line."""
    if not (np.abs(table) < SMALLEST_NORMAL).any():
        return
    if lines is None:
        handle = _text(data)
        handle.readline()
        text = handle.read()
    else:
        text = "".join(lines)
    if _MAY_UNDERFLOW.search(text):  # one C-speed scan of the whole file
        _check_lines(text.splitlines(keepends=True) if lines is None else lines,
                     path, header, columns, fail)


def _find_bad_line(lines, path, header, columns, fail):
    _check_lines(lines, path, header, columns, fail)
    fail(f"{path} could not be read as CSV numbers")


def _check_lines(lines, path, header, columns, fail):
    """Fail at the first line with a wrong number of fields or a cell that is not
    a number parse_number accepts; return if every line is fine."""
    for line_number, line in enumerate(lines, start=2):
        cells = line.rstrip("\r\n").split(",")
        if not line.strip():
            continue  # blank lines are skipped
        if len(cells) != len(header):
            fail(f"{path} line {line_number} has {len(cells)} fields; the header has {len(header)}")
        for column in columns:
            where = f"{path} line {line_number}, column {header[column]}"
            if not cells[column].strip():
                fail(f"{where} is empty (expected a number)")
            cell = cells[column].strip()
            try:
                parse_number(cell)
            except ValueError as error:
                # parse_number quotes the whole cell; quote only its start.
                fail(f"{where}: {str(error).replace(repr(cell), excerpt(cell), 1)}")


def line_of_row(path: str, row: int) -> int:
    """The line number of data row ``row`` (0-based) of a CSV file, counting the
    header as line 1 and skipping blank lines as the reader does."""
    try:
        handle = _text(read_bytes_limited(path, MAX_FILE_BYTES, "a CSV file"))
        handle.readline()
        seen = -1
        for line_number, line in enumerate(handle, start=2):
            if line.strip():
                seen += 1
                if seen == row:
                    return line_number
    except (ReadError, UnicodeDecodeError):  # changed since it was read: count rows only
        pass
    return row + 2
