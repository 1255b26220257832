"""Check cleaned tables against their declarations and against each other.

Column rules (type, required, allowed values, pattern) are checked by pandera schemas built from
``schema.TABLES``; keys, cross-table references, date order and quotes by plain pandas. Every check
runs and reports every failure; nothing stops at the first one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd
import pandera.pandas as pa

from dialogue_analysis.data.names import suggest
from dialogue_analysis.data.schema import DTYPES, Table
from dialogue_analysis.errors import Problem

_CHECK_TEXT = {
    "not_nullable": ("required value is missing", "a value"),
    "isin": ("value not allowed", None),
    "str_matches": ("badly formed value", None),
}


def pandera_schema(table: Table) -> pa.DataFrameSchema:
    """The pandera schema that the declaration of ``table`` implies."""
    columns = {}
    for col in table.columns:
        checks = []
        if col.allowed:
            checks.append(pa.Check.isin(col.allowed))
        if col.pattern:
            checks.append(pa.Check.str_matches(col.pattern))
        columns[col.name] = pa.Column(
            DTYPES[col.dtype][0],
            checks=checks,
            nullable=not col.required,
            description=col.description,
        )
    return pa.DataFrameSchema(columns, strict=True, ordered=True, name=table.name)


def check_columns(
    frame: pd.DataFrame, table: Table, file: str, already: set[tuple[int, str]]
) -> list[Problem]:
    """Every pandera failure of ``frame`` as a located problem.

    Args:
        frame: Cleaned table indexed by raw line number.
        table: Its declaration.
        file: File name to report.
        already: (line, column) pairs already reported while cleaning; not reported twice.
    """
    try:
        pandera_schema(table).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
    else:
        return []
    problems = []
    for case in cases.itertuples(index=False):
        column, check, line = case.column, str(case.check), case.index
        line = None if pd.isna(line) else int(line)
        if line is not None and (line, table.column(column).raw or column) in already:
            continue
        name = check.split("(")[0]
        message, expected = _CHECK_TEXT.get(name, (f"failed check {check}", None))
        col = table.column(column) if column in {c.name for c in table.columns} else None
        if name == "isin" and col is not None and col.allowed:
            expected = "one of " + ", ".join(col.allowed)
        if name == "str_matches" and col is not None:
            expected = f"text matching {col.pattern}"
        raw_col = col.raw if col is not None and col.raw else column
        value = None if pd.isna(case.failure_case) else str(case.failure_case)
        problems.append(Problem(file, line, raw_col, message, value=value, expected=expected))
    return problems


def check_keys(frame: pd.DataFrame, table: Table, file: str) -> list[Problem]:
    """One problem per row whose primary key repeats an earlier row's."""
    key = list(table.key)
    dup = frame.duplicated(subset=key, keep="first")
    if not dup.any():
        return []
    first = frame.reset_index().groupby(key, dropna=False, sort=False)["line"].transform("min")
    first.index = frame.index
    raw_cols = "/".join(dict.fromkeys(table.column(k).raw or k for k in key))
    return [
        Problem(
            file,
            int(line),
            raw_cols,
            "duplicate key",
            value=", ".join(_show(v) for v in frame.loc[line, key]),
            expected=f"a key not already used on line {int(first[line])}",
        )
        for line in frame.index[dup]
    ]


def _show(value: object) -> str:
    """A key value as people wrote it: blank for missing, dates as YYYY-MM-DD."""
    if pd.isna(value):
        return ""
    return f"{value:%Y-%m-%d}" if isinstance(value, pd.Timestamp) else str(value)


def _split_ids(values: pd.Series) -> pd.Series:
    """One row per id from ';'-separated lists, keeping the original index (the line)."""
    return values.dropna().str.split(";").explode().str.strip().replace("", pd.NA).dropna()


def check_references(
    values: pd.Series,
    known: Iterable[str],
    file: str,
    column: str,
    target: str,
    split: bool = False,
    shown: pd.Series | None = None,
) -> list[Problem]:
    """One problem per value that is not among the known keys of ``target``.

    ``shown`` holds the values as written in the raw file (same index), reported instead of the
    normalised ones when given.
    """
    known = set(known)
    ids = _split_ids(values) if split else values.dropna()
    bad = ids[~ids.isin(known)]
    choices = tuple(sorted(known))
    return [
        Problem(
            file,
            int(line),
            column,
            f"refers to an unknown {target}",
            value=str(value if shown is None else shown[line]),
            expected=f"an existing {target}",
            hint=suggest(str(value), choices),
        )
        for line, value in bad.items()
    ]


def check_order(
    frame: pd.DataFrame, first: str, last: str, file: str, column: str, what: str
) -> list[Problem]:
    """One problem per row whose ``last`` date falls before its ``first`` date."""
    bad = frame[frame[last] < frame[first]]
    return [
        Problem(
            file,
            int(line),
            column,
            f"{what} is before the start",
            value=str(row[f"{last}_as_written"] if f"{last}_as_written" in row else row[last]),
            expected=f"a date on or after {row[first]:%Y-%m-%d}",
        )
        for line, row in bad.iterrows()
    ]


def _squash(text: str) -> str:
    """Quotes are compared with every run of whitespace made one space, and nothing else changed."""
    return re.sub(r"\s+", " ", text).strip()


def check_high_has_quote(frame: pd.DataFrame, file: str) -> list[Problem]:
    """One problem per row of high confidence without a quote: its support cannot be read."""
    bad = frame[(frame["confidence"] == "high") & frame["quote"].isna()]
    return [
        Problem(
            file,
            int(line),
            "confidence",
            "high confidence without a quote",
            value="high",
            expected="a quote from the source that supports the row, or confidence medium or low",
        )
        for line in bad.index
    ]


def check_hosts(editions: pd.DataFrame, participation: pd.DataFrame, file: str) -> list[Problem]:
    """One problem per meeting with a host as written but no host or co-host participation row."""
    if participation.empty:  # a table with no rows is reported on its own
        return []
    hosted = participation.loc[participation["role"].isin(["host", "co_host"]), "edition"]
    bad = editions[editions["host_as_written"].notna() & ~editions["edition"].isin(hosted)]
    return [
        Problem(
            file,
            int(line),
            "host_as_written",
            "host named but no participation row with role host or co-host",
            value=str(row["host_as_written"]),
            expected=f"a participation row for meeting {row['edition']} with role host",
        )
        for line, row in bad.iterrows()
    ]


def quote_found(quote: str, text: str) -> bool:
    """Whether ``quote`` is in ``text`` word for word; pieces joined by '…' must appear in order.

    Both are compared with every run of whitespace made one space (see ``_squash``).
    """
    at = 0
    for piece in (p.strip() for p in _squash(quote).split("\u2026")):
        if not piece:
            continue
        found = text.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return True


def check_quotes(frame: pd.DataFrame, texts: Mapping[str, str], file: str) -> list[Problem]:
    """One problem per quote not found verbatim in its source's stored text.

    Args:
        frame: A fact table with ``source_id`` and ``quote`` columns, indexed by line.
        texts: source_id -> stored text, for the sources whose text is stored.
        file: File name to report.
    """
    rows = frame[frame["quote"].notna() & frame["source_id"].isin(list(texts))]
    squashed = {sid: _squash(t) for sid, t in texts.items()}
    return [
        Problem(
            file,
            int(line),
            "quote",
            f"quote not found in the stored text of {sid}",
            value=quote,
            expected=f"words copied exactly from data/raw/sources/ ({sid})",
        )
        for line, sid, quote in zip(rows.index, rows["source_id"], rows["quote"], strict=True)
        if not quote_found(quote, squashed[sid])
    ]


def check_state_spells(states: pd.DataFrame, file: str) -> list[Problem]:
    """One problem per statehood spell that starts before the country's previous spell ended.

    A blank start (no limit) is only possible for a country's first spell, and a blank end (still
    exists) only for its last: anything else overlaps.
    """
    ordered = states.dropna(subset=["country_iso3"]).sort_values(
        ["country_iso3", "start"], na_position="first", kind="stable"
    )
    previous_end = ordered.groupby("country_iso3")["end"].shift()
    previous_line = ordered.index.to_series().groupby(ordered["country_iso3"]).shift()
    has_previous = previous_line.notna()
    overlaps = has_previous & (
        previous_end.isna() | ordered["start"].isna() | (ordered["start"] < previous_end)
    )
    return [
        Problem(
            file,
            int(line),
            "start",
            "spell starts before the country's previous spell ended",
            value=_show(ordered.at[line, "start_as_written"]),
            expected=(
                f"a start on or after {_show(previous_end[line]) or 'the end'} of the spell on "
                f"line {int(previous_line[line])} (give that spell an end)"
            ),
        )
        for line in ordered.index[overlaps]
    ]


def check_statehood_rows(
    memberships: pd.DataFrame, states: pd.DataFrame, file: str, memberships_file: str
) -> list[Problem]:
    """One problem per country a roster names that has no row in the statehood table."""
    named = memberships.dropna(subset=["country_iso3"])
    missing = named[~named["country_iso3"].isin(states["country_iso3"].dropna())]
    first = missing.reset_index().groupby("country_iso3", sort=True)["line"].min()
    return [
        Problem(
            file,
            None,
            "country",
            "country named by a roster has no row",
            value=iso3,
            expected=(
                f"a row saying when {iso3} began as a state or territory (blank start: no limit), "
                f"as it is named on {memberships_file} line {int(line)}"
            ),
        )
        for iso3, line in first.items()
    ]
