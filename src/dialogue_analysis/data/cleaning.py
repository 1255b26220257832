"""Turn raw string frames into typed, canonical tables.

Each ``clean_<table>`` function is pure: it takes the raw frame (stripped strings indexed by line)
and the lookups it needs, and returns the cleaned frame with the declared columns plus the
problems it found. A value it cannot read becomes ``<NA>`` in the frame *and* a problem, so nothing
is ever coerced away silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import pandas as pd

from dialogue_analysis.data import countries, dates, names, spells
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


def _finish(table: Table, frame: pd.DataFrame, cells: _Cells) -> Cleaned:
    """Order the columns as declared and give them their declared dtypes."""
    out = frame[[c.name for c in table.columns]]
    out = out.astype({c.name: DTYPES[c.dtype][0] for c in table.columns})
    return Cleaned(out, cells.problems)


def _sourcing(cells: _Cells) -> dict[str, pd.Series]:
    return {
        "source_id": cells.text("source_id").str.lower(),
        "quote": cells.text("quote"),
        "more_source_ids": cells.text("more_source_ids")
        .str.lower()
        .str.replace(r"\s*;\s*", ";", regex=True),
        "confidence": cells.vocab("confidence", "confidence"),
        "notes": cells.text("notes"),
    }


def _span_columns(cells: _Cells, col: str, prefix: str) -> dict[str, pd.Series]:
    parsed = cells.span(col)
    return {
        f"{prefix}_as_written": cells.text(col),
        prefix: parsed["start"],
        f"{prefix}_precision": parsed["precision"],
    }


def clean_country_names(raw: pd.DataFrame, file: str) -> Cleaned:
    """Clean the table of country spellings pycountry does not know."""
    cells = _Cells(raw, file)
    codes = cells.text("country_iso3").str.upper()
    known = codes.map(countries.is_known_code, na_action="ignore").astype("boolean")
    cells._report(
        "country_iso3",
        raw["country_iso3"][codes.notna() & ~known.fillna(False)],
        "unknown country code",
        "an ISO 3166 alpha-3 code or a user-assigned one (XKX)",
    )
    frame = pd.DataFrame(
        {
            "name": cells.text("name"),
            "country_iso3": codes.where(known),
            "note": cells.text("note"),
        },
        index=raw.index,
    )
    return _finish(COUNTRY_NAMES, frame, cells)


def clean_sources(raw: pd.DataFrame, file: str) -> Cleaned:
    """Clean the list of sources (the stored texts' hashes are added by the pipeline)."""
    cells = _Cells(raw, file)
    frame = pd.DataFrame(
        {
            "source_id": cells.text("source_id").str.lower(),
            "title": cells.text("title"),
            "publisher": cells.text("publisher"),
            "kind": cells.vocab("kind", "source_kind"),
            **_span_columns(cells, "published", "published"),
            "url": cells.text("url"),
            "copy_url": cells.text("copy_url"),
            "language": cells.text("language").str.lower(),
            "text_file": cells.text("text_file"),
            "text_sha256": pd.Series(pd.NA, index=raw.index, dtype="string"),
            "notes": cells.text("notes"),
        },
        index=raw.index,
    )
    return _finish(SOURCES, frame, cells)


def clean_bodies(raw: pd.DataFrame, file: str, lookups: Lookups) -> Cleaned:
    """Clean the bodies table; ``lookups.body_index`` must already be built from it."""
    cells = _Cells(raw, file)
    frame = pd.DataFrame(
        {
            "body_id": cells.text("body_id").str.upper(),
            "acronym": cells.text("acronym"),
            "full_name": cells.text("full_name"),
            "aliases": cells.text("aliases").str.replace(r"\s*;\s*", "; ", regex=True),
            "type": cells.vocab("type", "body_type"),
            "region": cells.vocab("region", "region"),
            **_span_columns(cells, "founded", "founded"),
            "hq_city": cells.text("hq_city"),
            "hq_country_iso3": cells.country("hq_country", lookups),
            "parent_body_id": cells.body("parent", lookups),
            "is_dialogue_participant": pd.Series(pd.NA, index=raw.index, dtype="boolean"),
            **_sourcing(cells),
        },
        index=raw.index,
    )
    return _finish(BODIES, frame, cells)


def clean_editions(raw: pd.DataFrame, file: str, lookups: Lookups) -> Cleaned:
    """Clean the meetings table."""
    cells = _Cells(raw, file)
    parsed = cells.span("dates")
    frame = pd.DataFrame(
        {
            "edition": cells.text("edition").str.upper(),
            "kind": cells.vocab("kind", "kind"),
            "number": cells.integer("number"),
            "dates_as_written": cells.text("dates"),
            "start_date": parsed["start"],
            "end_date": parsed["end"],
            "date_precision": parsed["precision"],
            "venue": cells.text("venue"),
            "city": cells.text("city"),
            "country_iso3": cells.country("country", lookups),
            "host_as_written": cells.text("host_as_written"),
            "format": cells.vocab("format", "format"),
            "theme": cells.text("theme"),
            "outcome_document": cells.text("outcome_document"),
            "name_used": cells.text("name_used"),
            "participant_list": cells.vocab("participant_list", "participant_list"),
            **_sourcing(cells),
        },
        index=raw.index,
    )
    return _finish(EDITIONS, frame, cells)


def clean_participation(raw: pd.DataFrame, file: str, lookups: Lookups) -> Cleaned:
    """Clean the meeting x body x role table."""
    cells = _Cells(raw, file)
    frame = pd.DataFrame(
        {
            "edition": cells.text("edition").str.upper(),
            "body_id": cells.body("body", lookups),
            "role": cells.vocab("role", "role"),
            "attendance": cells.vocab("attendance", "attendance"),
            "name_as_written": cells.text("body"),
            **_sourcing(cells),
        },
        index=raw.index,
    )
    return _finish(PARTICIPATION, frame, cells)


def clean_memberships(raw: pd.DataFrame, file: str, lookups: Lookups) -> Cleaned:
    """Clean the body x country spells."""
    cells = _Cells(raw, file)
    as_of = cells.span("as_of")
    derived_from = cells.body("derived_from", lookups)
    frame = pd.DataFrame(
        {
            "body_id": cells.body("body", lookups),
            "country_iso3": cells.country("country", lookups),
            "country_as_written": cells.text("country"),
            "status": cells.vocab("status", "status"),
            **_span_columns(cells, "joined", "joined"),
            **_span_columns(cells, "left", "left"),
            **_span_columns(cells, "known_from", "known_from"),
            "as_of": as_of["start"],
            "as_of_precision": as_of["precision"],
            # Filled by the build (``spells.bounds``), which needs the bodies and sources.
            **dict.fromkeys(spells.BOUND_COLUMNS, pd.NaT),
            "is_derived": cells.text("derived_from").notna(),
            "derived_from": derived_from,
            **_sourcing(cells),
        },
        index=raw.index,
    )
    return _finish(MEMBERSHIPS, frame, cells)


def clean_conflicts(raw: pd.DataFrame, file: str) -> Cleaned:
    """Clean the table of conflicting sources."""
    cells = _Cells(raw, file)
    frame = pd.DataFrame(
        {
            "table": cells.text("table").str.lower(),
            "key": cells.text("key"),
            "column": cells.text("column"),
            "value_used": cells.text("value_used"),
            "source_id_used": cells.text("source_id_used").str.lower(),
            "alternative": cells.text("alternative"),
            "alternative_source_id": cells.text("alternative_source_id").str.lower(),
            "reason": cells.text("reason"),
        },
        index=raw.index,
    )
    return _finish(CONFLICTS, frame, cells)


def clean_states(raw: pd.DataFrame, file: str, lookups: Lookups) -> Cleaned:
    """Clean the statehood table: a country may also be a former state's ISO 3166-3 code."""
    cells = _Cells(raw, file)
    # Also the user-assigned codes (Kosovo's XKX), which a roster may come to name.
    user_assigned = {names.name_key(code): code for code in countries.USER_ASSIGNED_NAMES}
    index = {**countries.former_state_index(), **user_assigned, **lookups.country_index}
    with_former = Lookups(country_index=index)
    frame = pd.DataFrame(
        {
            "country_iso3": cells.country("country", with_former),
            **_span_columns(cells, "start", "start"),
            **_span_columns(cells, "end", "end"),
            "ccode": cells.integer("ccode"),
            **_sourcing(cells),
        },
        index=raw.index,
    )
    return _finish(STATES, frame, cells)
