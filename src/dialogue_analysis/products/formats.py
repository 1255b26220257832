"""One panel as the bytes of each format researchers read: CSV, Parquet, Stata.

Every writer is pure (a frame and its declared variables in, bytes out), so the caller can stage
all the files and replace them together. CSV: ISO dates, blanks for missing values, Unix line
ends. Stata: format 118 (Stata 14 and later), a variable label on every column and value labels
on every coded column (the COW codes, the suspension flags), missing ``ccode`` as Stata's ``.``.
"""

from __future__ import annotations

import datetime
import io
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dialogue_analysis.products.variables import Variable

STATA_VERSION = 14  # pyreadstat's name for format 118: Stata 14 and later read it
_ARROW = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "date": pa.date32()}


def csv_bytes(frame: pd.DataFrame, declared: list[Variable]) -> bytes:
    """The panel as UTF-8 CSV: ISO dates, blanks for missing values, numbers to 6 digits."""
    columns = frame[[v.name for v in declared]]
    dates = [v.name for v in declared if v.type == "date"]
    columns = columns.assign(**{c: columns[c].dt.strftime("%Y-%m-%d") for c in dates})
    text = columns.to_csv(index=False, lineterminator="\n", float_format="%.6g", na_rep="")
    return text.encode("utf-8")


def parquet_bytes(frame: pd.DataFrame, declared: list[Variable], name: str) -> bytes:
    """The panel as Parquet, with the declared types and each column's label as field metadata."""
    schema = pa.schema(
        [
            pa.field(v.name, _ARROW[v.type], metadata={"description": v.description})
            for v in declared
        ],
        metadata={"dialogue_analysis.table": name},
    )
    table = pa.Table.from_pandas(
        frame[[v.name for v in declared]], schema=schema, preserve_index=False
    )
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def _stata_frame(frame: pd.DataFrame, declared: list[Variable]) -> pd.DataFrame:
    """Stata's column types: codes as small integers, dates as dates, missing numbers as NaN."""
    out = pd.DataFrame(index=frame.index)
    for v in declared:
        values = frame[v.name]
        if v.type == "date":
            out[v.name] = values.dt.date
        elif v.type == "string":
            out[v.name] = values.astype("object").where(values.notna(), "")
        elif v.type == "integer" and values.isna().any():
            out[v.name] = values.astype("float64")  # Stata's '.'
        elif v.codes:
            out[v.name] = values.astype("int8")
        elif v.type == "integer":
            out[v.name] = values.astype("int32")
        else:
            out[v.name] = values.astype("float64")
    return out


def _stamped(dta: bytes, when: datetime.date) -> bytes:
    """``dta`` with its header's time stamp set to ``when`` at 00:00.

    ReadStat stamps the moment of writing ("04 Dec 2026 17:37"), so two builds of the same panel
    would differ; the stamp becomes the data's release date, and the file is the same every time.
    """
    tag = b"<timestamp>\x11"  # format 118: the tag, the stamp's length (17), "dd Mon yyyy hh:mm"
    at = dta.index(tag) + len(tag)
    stamp = f"{when.day:02d} {when:%b %Y} 00:00".encode("ascii")
    return dta[:at] + stamp + dta[at + len(stamp) :]


def stata_bytes(
    frame: pd.DataFrame, declared: list[Variable], label: str, released: datetime.date
) -> bytes:
    """The panel as a Stata ``.dta`` with variable and value labels, stamped ``released``."""
    import pyreadstat

    with tempfile.TemporaryDirectory(prefix="dialogue-dta-") as folder:
        path = Path(folder) / "panel.dta"
        pyreadstat.write_dta(
            _stata_frame(frame, declared),
            path,
            file_label=label[:80],
            column_labels={v.name: v.label for v in declared},
            version=STATA_VERSION,
            variable_value_labels={v.name: v.codes for v in declared if v.codes},
        )
        return _stamped(path.read_bytes(), released)
