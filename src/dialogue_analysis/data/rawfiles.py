"""Read the human-edited raw CSV files into string frames indexed by their line in the file.

Reading is forgiving where people differ harmlessly (a UTF-8 BOM, Windows line endings, blank
lines, spaces around cells, letter case in the header) and strict where data could be lost or
misread (bad encoding, wrong delimiter, a row with too many or too few fields, an unterminated
quote, missing or unknown columns). Every problem is reported; none stops the others being found.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from dialogue_analysis.data.names import suggest
from dialogue_analysis.data.schema import Table
from dialogue_analysis.errors import Problem
from dialogue_analysis.paths import display_path

# A cell longer than this is almost certainly a missing closing quote swallowing the file.
MAX_FIELD_CHARS = 20_000
# Characters no one types into a table; tab, line feed and carriage return are allowed.
_SPACE_BEFORE_QUOTE = re.compile(r',[ \t]+"')
CONTROL_CHARS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"


def _decode(data: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 (with or without BOM); report the first undecodable byte's line."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        bad = data[err.start : err.end].hex(" ")
        return None, [
            Problem(
                name,
                line,
                None,
                "file is not UTF-8 text",
                value=f"bytes {bad}",
                expected="UTF-8 (save the file as 'CSV UTF-8')",
            )
        ]


def _sniff_delimiter(header_line: str) -> str | None:
    """The delimiter a one-column header seems to use instead of a comma, if any."""
    for delim in (";", "\t", "|"):
        if delim in header_line:
            return delim
    return None


def _record_starts(text: str) -> list[int]:
    """The 1-based line on which each CSV record of ``text`` starts (up to an unreadable one)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, skipinitialspace=True)
    starts, previous_end = [], 0
    try:
        for _ in reader:
            starts.append(previous_end + 1)
            previous_end = reader.line_num
    except csv.Error:
        starts.append(previous_end + 1)  # where the unreadable record starts
    return starts


def _grid_fast(text: str) -> pd.DataFrame | None:
    """Every line of a well-formed file as a row of strings (pyarrow's parser), or None.

    Only for files where each line is one record with the header's number of fields, no blank
    lines and no space before a quoted cell: then a row's position is its line number. Anything
    else returns None and the careful reader below takes over.
    """
    if _SPACE_BEFORE_QUOTE.search(text):
        return None
    first = next(csv.reader([text.split("\n", 1)[0]]), [])
    names = [f"f{i}" for i in range(len(first))]
    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False
            ),
        )
    except pa.ArrowInvalid:
        return None
    if table.num_rows != text.count("\n") + (not text.endswith("\n")):
        return None  # a quoted cell spans lines
    grid = table.to_pandas(types_mapper={pa.string(): pd.StringDtype()}.get)
    grid.index = pd.RangeIndex(1, len(grid) + 1, name="line")
    return grid


def _grid_careful(text: str, name: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Every non-blank record as a row (short rows padded with <NA>), indexed by its first line."""
    # Let csv hand over long cells so that the length check can name their column.
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, skipinitialspace=True)
    try:
        records = list(reader)
    except csv.Error as err:
        return None, [
            Problem(
                name,
                _record_starts(text)[-1],
                None,
                f"unreadable CSV: {err}",
                expected="every opening quote to be closed on the same row",
            )
        ]
    physical = text.count("\n") + (not text.endswith("\n"))
    starts = range(1, len(records) + 1) if len(records) == physical else _record_starts(text)
    # Blank lines come through as [] and whitespace-only lines as ['  '].
    keep = [len(r) > 1 or (len(r) == 1 and bool(r[0].strip())) for r in records]
    rows = [r for r, k in zip(records, keep, strict=True) if k]
    lines = [n for n, k in zip(starts, keep, strict=True) if k]
    widths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    if len(set(widths)) > 1:  # pad short rows; their width is reported by the caller
        rows = [r + [None] * (widths.max() - len(r)) for r in rows]
    grid = pd.DataFrame(rows, index=pd.Index(lines, name="line"), dtype="string")
    grid.columns = [f"f{i}" for i in range(grid.shape[1])]
    return grid.assign(_width=widths), []


def _check_header(
    header: list[str], line: int, name: str, expected_cols: tuple[str, ...]
) -> list[Problem]:
    """Columns given twice, unknown (with a 'did you mean'), or missing."""
    problems = []
    by_key = {h.casefold(): i for i, h in reversed(list(enumerate(header)))}
    for position, h in enumerate(header):
        if by_key.get(h.casefold()) != position:
            problems.append(
                Problem(
                    name,
                    line,
                    h,
                    "column appears twice in the header",
                    value=h,
                    expected="each column once",
                )
            )
    missing = [c for c in expected_cols if c.casefold() not in by_key]
    known = {c.casefold() for c in expected_cols}
    for h in header:
        if h.casefold() not in known:
            problems.append(
                Problem(
                    name,
                    line,
                    h or "(blank)",
                    "unknown column",
                    value=h,
                    expected=f"one of {', '.join(expected_cols)}",
                    hint=suggest(h, missing) if missing else None,
                )
            )
    problems += [
        Problem(
            name,
            line,
            c,
            "required column is missing",
            expected=f"a column named {c!r} in the header",
        )
        for c in missing
    ]
    return problems


def _check_cells(frame: pd.DataFrame, name: str) -> list[Problem]:
    """Cells with control characters or of a length no one types."""
    problems = []
    control = frame.apply(lambda s: s.str.contains(CONTROL_CHARS)).fillna(False).to_numpy(bool)
    for i, j in zip(*np.nonzero(control), strict=True):
        problems.append(
            Problem(
                name,
                int(frame.index[i]),
                frame.columns[j],
                "control character in cell",
                value=frame.iloc[i, j][:60],
                expected="printable text (no NUL or other control characters)",
            )
        )
    too_long = frame.apply(lambda s: s.str.len() > MAX_FIELD_CHARS).fillna(False).to_numpy(bool)
    for i, j in zip(*np.nonzero(too_long), strict=True):
        cell = frame.iloc[i, j]
        problems.append(
            Problem(
                name,
                int(frame.index[i]),
                frame.columns[j],
                "cell is too long",
                value=f"{cell[:40]}… ({len(cell)} characters)",
                expected=f"at most {MAX_FIELD_CHARS} characters (an unclosed quote?)",
            )
        )
    return problems


def read_raw_table(path: Path, table: Table) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read one raw CSV file.

    Args:
        path: The CSV file.
        table: The declaration of the table it holds.

    Returns:
        A frame of stripped strings (``<NA>`` for blank cells) with the raw columns in declared
        order, indexed by the 1-based line each row starts on, or None when the file cannot be
        read at all; and the problems found.
    """
    name = display_path(path)
    expected_cols = table.raw_columns
    if not path.is_file():
        return None, [
            Problem(
                name,
                None,
                None,
                "file is missing",
                expected=f"a CSV file with columns {', '.join(expected_cols)}",
            )
        ]
    text, problems = _decode(path.read_bytes(), name)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [
            Problem(
                name,
                None,
                None,
                "file is empty",
                expected=f"a header row: {','.join(expected_cols)}",
            )
        ]

    # A header written with another delimiter is named before any row is read: read as commas,
    # the rows of such a file only give knock-on errors.
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.strip())
    if "," not in lines[first] and (delim := _sniff_delimiter(lines[first])):
        return None, [
            Problem(
                name,
                first + 1,
                None,
                "wrong delimiter",
                value=delim,
                expected="comma-separated columns (,)",
            )
        ]
    grid = _grid_fast(text)
    if grid is None:
        grid, problems = _grid_careful(text, name)
        if grid is None:
            return None, problems
    widths = grid.pop("_width") if "_width" in grid else None
    header = [str(c).strip() for c in grid.iloc[0].dropna()]
    header_line = int(grid.index[0])
    body = grid.iloc[1:]
    if len(header) == 1 and (delim := _sniff_delimiter(header[0])):
        return None, [
            Problem(
                name,
                header_line,
                None,
                "wrong delimiter",
                value=delim,
                expected="comma-separated columns (,)",
            )
        ]
    problems += _check_header(header, header_line, name, expected_cols)
    if widths is not None:
        widths = widths.iloc[1:]
        for line, n in widths[widths != len(header)].items():
            problems.append(
                Problem(
                    name,
                    int(line),
                    None,
                    "wrong number of fields",
                    value=f"{n} fields",
                    expected=f"{len(header)} as in the header",
                )
            )
        body = body[widths == len(header)]
    by_key = {h.casefold(): i for i, h in enumerate(header)}
    if any(c.casefold() not in by_key for c in expected_cols) or len(by_key) < len(header):
        return None, problems  # columns missing, or a column given twice

    frame = body.iloc[:, [by_key[c.casefold()] for c in expected_cols]]
    frame.columns = list(expected_cols)
    frame = frame.apply(lambda s: s.str.strip()).replace("", pd.NA).dropna(how="all")
    problems += _check_cells(frame, name)
    if frame.empty and not table.may_be_empty and not problems:
        problems.append(
            Problem(
                name,
                header_line,
                None,
                "file has a header but no rows",
                expected=f"at least one row of {table.name}",
            )
        )
    return frame, problems
