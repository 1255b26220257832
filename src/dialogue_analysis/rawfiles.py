"""Read the human-edited raw CSV files into string frames indexed by their line in the file.

Reading is forgiving where people differ harmlessly (a UTF-8 BOM, Windows line endings, blank
lines, spaces around cells, letter case in the header) and strict where data could be lost or
misread (bad encoding, wrong delimiter, a row with too many or too few fields, an unterminated
quote, missing or unknown columns). Every problem is reported; none stops the others being found.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from dialogue_analysis.errors import Problem
from dialogue_analysis.names import suggest
from dialogue_analysis.paths import display_path
from dialogue_analysis.schema import Table

# A cell longer than this is almost certainly a missing closing quote swallowing the file.
MAX_FIELD_CHARS = 20_000
# Characters no one types into a table; tab, line feed and carriage return are allowed.
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

    # Let csv hand over long cells so that the length check below can name their column; a space
    # after a comma may precede a quoted cell (`, "a, b"`).
    csv.field_size_limit(max(csv.field_size_limit(), 64 * MAX_FIELD_CHARS * 100))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, skipinitialspace=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    previous_end = 0
    try:
        for row in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if len(row) > 1 or (row and row[0].strip()):  # rows of commas only: dropped below
                rows.append(row)
                lines.append(start)
    except csv.Error as err:
        problems.append(
            Problem(
                name,
                previous_end + 1,
                None,
                f"unreadable CSV: {err}",
                expected="every opening quote to be closed on the same row",
            )
        )
        return None, problems

    header, header_line = [c.strip() for c in rows[0]], lines[0]
    rows, lines = rows[1:], lines[1:]
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

    by_key = {h.casefold(): i for i, h in reversed(list(enumerate(header)))}
    for position, h in enumerate(header):
        if by_key.get(h.casefold()) != position:
            problems.append(
                Problem(
                    name,
                    header_line,
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
                    header_line,
                    h or "(blank)",
                    "unknown column",
                    value=h,
                    expected=f"one of {', '.join(expected_cols)}",
                    hint=suggest(h, missing) if missing else None,
                )
            )
    for c in missing:
        problems.append(
            Problem(
                name,
                header_line,
                c,
                "required column is missing",
                expected=f"a column named {c!r} in the header",
            )
        )

    width = len(header)
    widths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    good = widths == width
    for i in np.flatnonzero(~good):
        problems.append(
            Problem(
                name,
                lines[i],
                None,
                "wrong number of fields",
                value=f"{widths[i]} fields",
                expected=f"{width} as in the header",
            )
        )
    if missing or len(by_key) < len(header):  # columns missing, or a column given twice
        return None, problems

    frame = pd.DataFrame(
        [r for r, ok in zip(rows, good, strict=True) if ok],
        columns=header,
        index=pd.Index(np.asarray(lines, dtype=np.int64)[good], name="line"),
        dtype="string",
    )
    frame = frame[[header[by_key[c.casefold()]] for c in expected_cols]]
    frame.columns = list(expected_cols)
    frame = frame.apply(lambda s: s.str.strip()).replace("", pd.NA).dropna(how="all")
    control = frame.apply(lambda s: s.str.contains(CONTROL_CHARS)).fillna(False).to_numpy(bool)
    for i, j in zip(*np.nonzero(control), strict=True):
        problems.append(
            Problem(
                name,
                int(frame.index[i]),
                frame.columns[j],
                "control character in cell",
                value=frame.iat[i, j][:60],
                expected="printable text (no NUL or other control characters)",
            )
        )
    too_long = frame.apply(lambda s: s.str.len() > MAX_FIELD_CHARS).fillna(False).to_numpy(bool)
    for i, j in zip(*np.nonzero(too_long), strict=True):
        line, col = frame.index[i], frame.columns[j]
        cell = frame.iat[i, j]
        problems.append(
            Problem(
                name,
                int(line),
                col,
                "cell is too long",
                value=f"{cell[:40]}… ({len(cell)} characters)",
                expected=f"at most {MAX_FIELD_CHARS} characters (an unclosed quote?)",
            )
        )
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
