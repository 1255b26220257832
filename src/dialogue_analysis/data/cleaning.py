"""Turn raw string frames into typed, canonical tables.

``clean_table`` cleans each column as ``schema`` declares it (a vocabulary, a whole number, a part
of a date, a body or country reference, a case, a list separator, or plain text), so a new plain
column is one declaration there. Each ``clean_<table>`` function is pure: it takes the raw frame
(stripped strings indexed by line) and the lookups it needs, and returns the cleaned frame with
the declared columns plus the problems it found; the few steps that belong to one table (known
country codes, derived rosters) are written out in its function. A value it cannot read becomes
``<NA>`` in the frame *and* a problem, so nothing is ever coerced away silently.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import pandas as pd

from dialogue_analysis.data import countries, dates, names
from dialogue_analysis.data.schema import (
    BODIES,
    CONFLICTS,
    COUNTRY_NAMES,
    DTYPES,
    EDITIONS,
    MEMBERSHIPS,
    PARTICIPATION,
    SOURCES,
    STATES,
    Column,
    Table,
)
from dialogue_analysis.data.vocabulary import VOCABULARIES
from dialogue_analysis.errors import Problem


class Cleaned(NamedTuple):
    """A cleaned table and the problems found while cleaning it."""

    frame: pd.DataFrame
    problems: list[Problem]


@dataclass
class Lookups:
    """What cleaning needs to know beyond a table's own cells."""

    body_index: Mapping[str, str] = field(default_factory=dict)
    body_spellings: tuple[str, ...] = ()
    country_index: Mapping[str, str] = field(default_factory=dict)


@dataclass
class _Cells:
    """Column converters over one raw frame that record every value they cannot read."""

    raw: pd.DataFrame
    file: str
    problems: list[Problem] = field(default_factory=list)

    def text(self, col: str) -> pd.Series:
        return self.raw[col].astype("string")

    def _report(
        self, col: str, bad: pd.Series, message: str, expected: str, choices: tuple[str, ...] = ()
    ) -> None:
        for line, value in bad.items():
            hint = names.suggest(value, choices) if choices else None
            self.problems.append(
                Problem(
                    self.file, int(line), col, message, value=value, expected=expected, hint=hint
                )
            )

    def vocab(self, col: str, vocab: str) -> pd.Series:
        values = self.text(col)
        out = names.normalise_vocab(values, VOCABULARIES[vocab])
        labels = tuple(VOCABULARIES[vocab].values())
        self._report(
            col,
            values[values.notna() & out.isna()],
            f"unknown {vocab.replace('_', ' ')}",
            "one of " + ", ".join(repr(v) for v in labels),
            labels,
        )
        return out

    def span(self, col: str) -> pd.DataFrame:
        texts = self.text(col)
        parsed = dates.parse_date_column(texts)
        for line, error in parsed["error"].dropna().items():
            # The parser says why, then what it accepts: "<why>; expected <forms>", where <why>
            # may be "not a date: '<text>' (<reason>)" and <text> may hold brackets itself.
            why, _, forms = error.partition("; expected ")
            quoted = f"not a date: {texts[line]!r} ("
            if why.startswith(quoted) and why.endswith(")"):
                why = why[len(quoted) : -1]  # e.g. "unrecognised 'marsh'"
            self.problems.append(
                Problem(
                    self.file,
                    int(line),
                    col,
                    f"not a valid date ({why})",
                    value=self.raw.at[line, col],
                    expected=forms or "a real calendar date",
                )
            )
        return parsed.assign(
            start=parsed["start"].astype("datetime64[ms]"),
            end=parsed["end"].astype("datetime64[ms]"),
        )

    def body(self, col: str, lookups: Lookups) -> pd.Series:
        values = self.text(col)
        out = names.resolve_names(values, lookups.body_index)
        self._report(
            col,
            values[values.notna() & out.isna()],
            "unknown body",
            "a body_id, acronym, name or alias from bodies.csv",
            lookups.body_spellings,
        )
        return out

    def country(self, col: str, lookups: Lookups) -> pd.Series:
        values = self.text(col)
        out = countries.to_iso3(values, lookups.country_index)
        self._report(
            col,
            values[values.notna() & out.isna()],
            "unknown country",
            "an ISO 3166 name or code, or a name listed in country_names.csv",
        )
        return out

    def integer(self, col: str) -> pd.Series:
        values = self.text(col)
        out = pd.to_numeric(values.where(values.str.fullmatch(r"\d+")), errors="coerce")
        out = out.astype("Int64")
        self._report(
            col,
            values[values.notna() & out.isna()],
            "not a whole number",
            "a whole number such as 3",
        )
        return out


def _declared(table: Table, cells: _Cells, lookups: Lookups) -> pd.DataFrame:
    """Every column of ``table`` cleaned from its raw column as its declaration says."""
    spans: dict[str, pd.DataFrame] = {}  # each raw date is parsed (and reported) once

    def clean(col: Column) -> pd.Series:
        if col.raw is None:  # filled by the build from other tables
            return pd.Series(
                pd.NaT if col.dtype == "date" else pd.NA,
                index=cells.raw.index,
                dtype=DTYPES[col.dtype][0],
            )
        if col.date_part is not None:
            if col.raw not in spans:
                spans[col.raw] = cells.span(col.raw)
            return spans[col.raw][col.date_part]
        if col.vocab is not None:
            return cells.vocab(col.raw, col.vocab)
        if col.refers_to == "body":
            return cells.body(col.raw, lookups)
        if col.refers_to == "country":
            return cells.country(col.raw, lookups)
        if col.dtype == "integer":
            return cells.integer(col.raw)
        values = cells.text(col.raw)
        if col.case == "lower":
            values = values.str.lower()
        elif col.case == "upper":
            values = values.str.upper()
        if col.separator is not None:
            # 'a ; b' -> 'a;b' (or 'a; b' for the separator '; ')
            around = rf"\s*{re.escape(col.separator.strip())}\s*"
            values = values.str.replace(around, col.separator, regex=True)
        return values

    return pd.DataFrame({col.name: clean(col) for col in table.columns}, index=cells.raw.index)


def _finish(table: Table, frame: pd.DataFrame, cells: _Cells) -> Cleaned:
    """Order the columns as declared and give them their declared dtypes."""
    out = frame[[c.name for c in table.columns]]
    out = out.astype({c.name: DTYPES[c.dtype][0] for c in table.columns})
    return Cleaned(out, cells.problems)


def clean_table(
    table: Table, raw: pd.DataFrame, file: str, lookups: Lookups | None = None
) -> Cleaned:
    """Clean a raw table column by column, as the schema declares each column.

    Args:
        table: The table's declaration (``schema.TABLES``).
        raw: The raw frame: stripped strings indexed by line.
        file: The raw file's name, for the problems.
        lookups: The bodies and countries references resolve to (tables that have references).

    Returns:
        The declared columns in their dtypes, and every value that could not be read.
    """
    cells = _Cells(raw, file)
    return _finish(table, _declared(table, cells, lookups or Lookups()), cells)


def clean_country_names(raw: pd.DataFrame, file: str) -> Cleaned:
    """Clean the table of country spellings pycountry does not know.

    Only codes ISO 3166 knows, or user-assigned ones (XKX), are kept: another is a problem.
    """
    cells = _Cells(raw, file)
    frame = _declared(COUNTRY_NAMES, cells, Lookups())
    codes = frame["country_iso3"]
    known = codes.map(countries.is_known_code, na_action="ignore").astype("boolean")
    cells._report(
        "country_iso3",
        raw["country_iso3"][codes.notna() & ~known.fillna(False)],
        "unknown country code",
        "an ISO 3166 alpha-3 code or a user-assigned one (XKX)",
    )
    return _finish(COUNTRY_NAMES, frame.assign(country_iso3=codes.where(known)), cells)


def clean_sources(raw: pd.DataFrame, file: str) -> Cleaned:
    """Clean the list of sources (the stored texts' hashes are added by the pipeline)."""
    return clean_table(SOURCES, raw, file)


def clean_bodies(raw: pd.DataFrame, file: str, lookups: Lookups) -> Cleaned:
    """Clean the bodies table; ``lookups.body_index`` must already be built from it.

    ``is_dialogue_participant`` is filled by the pipeline, which reads participation.
    """
    return clean_table(BODIES, raw, file, lookups)


def clean_editions(raw: pd.DataFrame, file: str, lookups: Lookups) -> Cleaned:
    """Clean the meetings table."""
    return clean_table(EDITIONS, raw, file, lookups)


def clean_participation(raw: pd.DataFrame, file: str, lookups: Lookups) -> Cleaned:
    """Clean the meeting x body x role table."""
    return clean_table(PARTICIPATION, raw, file, lookups)


def clean_memberships(raw: pd.DataFrame, file: str, lookups: Lookups) -> Cleaned:
    """Clean the body x country spells.

    A row naming a parent in ``derived_from`` is derived (``is_derived``); the bounds
    (``spells.BOUND_COLUMNS``) are filled by the build (``spells.bounds``), which needs the
    bodies and sources.
    """
    cells = _Cells(raw, file)
    frame = _declared(MEMBERSHIPS, cells, lookups)
    derived = frame.assign(is_derived=cells.text("derived_from").notna())
    return _finish(MEMBERSHIPS, derived, cells)


def clean_conflicts(raw: pd.DataFrame, file: str) -> Cleaned:
    """Clean the table of conflicting sources."""
    return clean_table(CONFLICTS, raw, file)


def clean_states(raw: pd.DataFrame, file: str, lookups: Lookups) -> Cleaned:
    """Clean the statehood table: a country may also be a former state's ISO 3166-3 code."""
    # Also the user-assigned codes (Kosovo's XKX), which a roster may come to name.
    user_assigned = {names.name_key(code): code for code in countries.USER_ASSIGNED_NAMES}
    index = {**countries.former_state_index(), **user_assigned, **lookups.country_index}
    return clean_table(STATES, raw, file, Lookups(country_index=index))
