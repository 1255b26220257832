"""Before/after cases for the ``clean_*`` functions: a tiny raw frame in, the cleaned frame out.

Each raw frame is what ``read_raw_table`` hands over (one test checks this): the raw CSV columns as
stripped strings, ``<NA>`` for blank cells, indexed by the line the row starts on. The spellings are
the ones people type into data/raw (see also the end-to-end corpus in test_corpus.py); here each is
checked at the cleaning step itself: the canonical value it becomes, or the Problem that names its
file, line, column and value. Message wording is left to the other tests.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from dialogue_analysis.data import cleaning, countries, names
from dialogue_analysis.data.rawfiles import read_raw_table
from dialogue_analysis.data.schema import DTYPES, TABLES, Column
from dialogue_analysis.errors import Problem

LINE = 7  # the raw line of single-row cases (not 0, 1 or 2, so a positional slip shows)


def raw_frame(table: str, rows: Mapping[int, Mapping[str, str | None]]) -> pd.DataFrame:
    """A raw frame as the reader gives it: every raw column of ``table``, blanks <NA>, by line."""
    columns = list(TABLES[table].raw_columns)
    unknown = {c for row in rows.values() for c in row} - set(columns)
    assert not unknown, f"not raw columns of {table}: {sorted(unknown)}"
    return pd.DataFrame(
        [[row.get(c) for c in columns] for row in rows.values()],
        index=pd.Index(list(rows), name="line"),
        columns=columns,
        dtype="string",
    )


# The lookups are built as the pipeline builds them, from a few real bodies and country spellings.
BODIES = raw_frame(
    "bodies",
    {
        2: {
            "body_id": "GCCPOL",
            "acronym": "GCCPOL",
            "full_name": "Gulf Cooperation Council Police",
            "aliases": "GCC-POL;GCC Police;Gulf Cooperation Council-POL",
        },
        3: {"body_id": "EU", "acronym": "EU", "full_name": "European Union"},
        4: {"body_id": "AU", "acronym": "AU", "full_name": "African Union", "aliases": "OAU"},
        5: {
            "body_id": "UNODC",
            "acronym": "UNODC",
            "full_name": "United Nations Office on Drugs and Crime",
        },
    },
)
SPELLINGS = BODIES[["acronym", "full_name", "aliases"]].stack().dropna().str.split(";").explode()
LOOKUPS = cleaning.Lookups(
    body_index=names.build_alias_index(BODIES),
    body_spellings=tuple(sorted(set(SPELLINGS))),
    country_index=countries.build_country_index({"Brunei": "BRN", "Lao PDR": "LAO"}),
)

CLEAN: dict[str, Callable[[pd.DataFrame, str], cleaning.Cleaned]] = {
    "country_names": cleaning.clean_country_names,
    "sources": cleaning.clean_sources,
    "bodies": lambda raw, file: cleaning.clean_bodies(raw, file, LOOKUPS),
    "editions": lambda raw, file: cleaning.clean_editions(raw, file, LOOKUPS),
    "participation": lambda raw, file: cleaning.clean_participation(raw, file, LOOKUPS),
    "memberships": lambda raw, file: cleaning.clean_memberships(raw, file, LOOKUPS),
    "conflicts": cleaning.clean_conflicts,
    "states": lambda raw, file: cleaning.clean_states(raw, file, LOOKUPS),
}


def clean(table: str, rows: Mapping[int, Mapping[str, str | None]]) -> cleaning.Cleaned:
    """Clean a raw frame of ``table`` built from ``rows``, as if read from ``<table>.csv``."""
    return CLEAN[table](raw_frame(table, rows), f"{table}.csv")


def located(problem: Problem) -> tuple[str, int | None, str | None, str | None]:
    """Where a problem points and the value it quotes."""
    return problem.file, problem.line, problem.column, problem.value


def day(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


# --- Accepted spellings: each messy cell becomes its canonical value ------------------------------

# table, raw cells -> cleaned cells (on the same line), with no problem.
CELLS = [
    pytest.param("editions", {"edition": "wg-2025"}, {"edition": "WG-2025"}, id="edition-lower"),
    pytest.param("editions", {"number": "03"}, {"number": 3}, id="number-leading-zero"),
    pytest.param("editions", {"kind": "Working Group"}, {"kind": "working_group"}, id="kind"),
    pytest.param("editions", {"format": "In Person"}, {"format": "in_person"}, id="format"),
    pytest.param(
        "editions",
        {"participant_list": "Composition"},
        {"participant_list": "composition"},
        id="participant-list",
    ),
    pytest.param("editions", {"country": "FRANCE"}, {"country_iso3": "FRA"}, id="country-capitals"),
    pytest.param("editions", {"country": "fra"}, {"country_iso3": "FRA"}, id="country-iso3-lower"),
    pytest.param("editions", {"country": "FR"}, {"country_iso3": "FRA"}, id="country-iso2"),
    pytest.param(
        "editions",
        {
            "source_id": "INTERPOL-2019-06-12",
            "more_source_ids": "ECO-2017-05-press-release ; interpol-dialogue-page",
            "confidence": "HIGH",
        },
        {
            "source_id": "interpol-2019-06-12",
            "more_source_ids": "eco-2017-05-press-release;interpol-dialogue-page",
            "confidence": "high",
        },
        id="sourcing-columns",
    ),
    pytest.param(
        "participation",
        {"body": "GCC-POL"},
        {"body_id": "GCCPOL", "name_as_written": "GCC-POL"},
        id="body-alias",
    ),
    pytest.param(
        "participation",
        {"body": "Gulf Cooperation Council-POL"},
        {"body_id": "GCCPOL", "name_as_written": "Gulf Cooperation Council-POL"},
        id="body-long-alias",
    ),
    pytest.param("participation", {"body": "gcc police"}, {"body_id": "GCCPOL"}, id="body-lower"),
    pytest.param("participation", {"edition": "wg-2025"}, {"edition": "WG-2025"}, id="edition-ref"),
    pytest.param("participation", {"role": "Observer"}, {"role": "observer"}, id="role"),
    pytest.param("participation", {"role": "Co-Host"}, {"role": "co_host"}, id="role-co-host"),
    pytest.param(
        "participation", {"attendance": "not stated"}, {"attendance": "not_stated"}, id="attendance"
    ),
    pytest.param(
        "memberships",
        {"body": "european union", "country": "INDONESIA", "status": "Observer"},
        {
            "body_id": "EU",
            "country_iso3": "IDN",
            "country_as_written": "INDONESIA",
            "status": "observer",
        },
        id="membership",
    ),
    pytest.param(
        "memberships", {"country": "Lao PDR"}, {"country_iso3": "LAO"}, id="country-from-extra"
    ),
    pytest.param(
        "bodies",
        {
            "body_id": "gccpol",
            "aliases": "GCC-POL ;Gulf Police;  GCC Police",
            "type": "Regional Police Organisation",
            "region": "GULF",
            "hq_country": "United Arab Emirates",
            "parent": "African Union",
        },
        {
            "body_id": "GCCPOL",
            "aliases": "GCC-POL; Gulf Police; GCC Police",
            "type": "regional_police_organisation",
            "region": "gulf",
            "hq_country_iso3": "ARE",
            "parent_body_id": "AU",
        },
        id="body",
    ),
    pytest.param(
        "sources",
        {"source_id": "Interpol-2019-06-12", "language": "EN"},
        {"source_id": "interpol-2019-06-12", "language": "en"},
        id="source",
    ),
    pytest.param(
        "conflicts",
        {
            "table": "Editions",
            "key": "4",
            "source_id_used": "ECRATS-2020-05-20",
            "alternative_source_id": "Interpol-FR-2020-05-20",
        },
        {
            "table": "editions",
            "key": "4",
            "source_id_used": "ecrats-2020-05-20",
            "alternative_source_id": "interpol-fr-2020-05-20",
        },
        id="conflict",
    ),
    pytest.param(
        "country_names",
        {"name": "Brunei", "country_iso3": "brn"},
        {"name": "Brunei", "country_iso3": "BRN"},
        id="country-code-lower",
    ),
    pytest.param(
        "country_names", {"country_iso3": "XKX"}, {"country_iso3": "XKX"}, id="user-assigned-code"
    ),
    # The statehood table alone also knows former states by their ISO 3166-3 code, and Kosovo.
    pytest.param(
        "states",
        {"country": "ddr", "ccode": "265"},
        {"country_iso3": "DDR", "ccode": 265},
        id="former-state-code",
    ),
    pytest.param("states", {"country": "XKX"}, {"country_iso3": "XKX"}, id="states-user-assigned"),
    pytest.param(
        "states",
        {"start": "1929", "end": "3 October 1990"},
        {
            "start": day("1929-01-01"),
            "start_precision": "year",
            "end": day("1990-10-03"),
            "end_precision": "day",
        },
        id="states-dates",
    ),
]


@pytest.mark.parametrize(("table", "before", "after"), CELLS)
def test_a_messy_spelling_becomes_the_canonical_value(table, before, after):
    result = clean(table, {LINE: before})
    assert result.problems == []
    assert {column: result.frame.at[LINE, column] for column in after} == after


# table, raw cells -> the date columns: first (and for editions last) day, precision, text as is.
DATES = [
    pytest.param(
        "editions",
        {"dates": "12 and 13 June 2019"},
        {
            "dates_as_written": "12 and 13 June 2019",
            "start_date": day("2019-06-12"),
            "end_date": day("2019-06-13"),
            "date_precision": "day",
        },
        id="editions-range-with-and",
    ),
    pytest.param(
        "editions",
        {"dates": "2020-05-20"},
        {"start_date": day("2020-05-20"), "end_date": day("2020-05-20"), "date_precision": "day"},
        id="editions-iso-day",
    ),
    pytest.param(
        "editions",
        {"dates": "March 2016"},
        {"start_date": day("2016-03-01"), "end_date": day("2016-03-31"), "date_precision": "month"},
        id="editions-month",
    ),
    pytest.param(
        "editions",
        {"dates": "2020"},
        {"start_date": day("2020-01-01"), "end_date": day("2020-12-31"), "date_precision": "year"},
        id="editions-year",
    ),
    pytest.param(
        "bodies",
        {"founded": "10-11 February 2014"},
        {
            "founded_as_written": "10-11 February 2014",
            "founded": day("2014-02-10"),
            "founded_precision": "day",
        },
        id="founded-range-keeps-start",
    ),
    pytest.param(
        "sources",
        {"published": "May 2017"},
        {"published": day("2017-05-01"), "published_precision": "month"},
        id="published-month",
    ),
    pytest.param(
        "memberships",
        {"joined": "8 August 1967", "left": "January 2020"},
        {
            "joined": day("1967-08-08"),
            "joined_precision": "day",
            "left_as_written": "January 2020",
            "left": day("2020-01-01"),
            "left_precision": "month",
        },
        id="joined-day-left-month",
    ),
    pytest.param(
        "memberships",
        {"as_of": "2019"},
        {"as_of": day("2019-01-01"), "as_of_precision": "year"},
        id="as-of-year",
    ),
]


@pytest.mark.parametrize(("table", "before", "after"), DATES)
def test_a_date_keeps_its_precision(table, before, after):
    result = clean(table, {LINE: before})
    assert result.problems == []
    assert {column: result.frame.at[LINE, column] for column in after} == after


@pytest.mark.parametrize(
    ("derived_from", "is_derived", "body_id"),
    [("EU", True, "EU"), ("european union", True, "EU"), (None, False, pd.NA)],
)
def test_a_roster_is_derived_exactly_when_derived_from_is_filled(derived_from, is_derived, body_id):
    result = clean("memberships", {LINE: {"body": "AU", "derived_from": derived_from}})
    assert result.problems == []
    assert result.frame.loc[LINE, ["is_derived", "derived_from"]].tolist() == [is_derived, body_id]


# --- Unreadable cells: <NA> in the frame and a Problem naming file, line, column and value --------

# table, raw column, value, cleaned column, part of `expected`, did-you-mean hint.
BAD_CELLS = [
    pytest.param("editions", "number", "three", "number", "whole number", None, id="number-words"),
    pytest.param("editions", "number", "3.0", "number", "whole number", None, id="number-decimal"),
    pytest.param("editions", "dates", "c. 2019", "start_date", "'2016'", None, id="approximate"),
    pytest.param(
        "editions", "dates", "31 February 2019", "start_date", "calendar", None, id="impossible"
    ),
    pytest.param("editions", "format", "hybird", "format", "'hybrid'", "hybrid", id="format"),
    pytest.param("editions", "country", "Atlantis", "country_iso3", "ISO 3166", None, id="country"),
    pytest.param("participation", "body", "GCC-PLO", "body_id", "bodies.csv", "GCC-POL", id="body"),
    pytest.param("participation", "role", "obsrever", "role", "'observer'", "observer", id="role"),
    pytest.param(
        "participation", "attendance", "on site", "attendance", "'not stated'", None, id="attend"
    ),
    pytest.param("memberships", "as_of", "c. 2019", "as_of", "'2016'", None, id="as-of-approx"),
    pytest.param(
        "memberships", "joined", "15/03/2016", "joined", "'2016-03-15'", None, id="ambiguous-dmy"
    ),
    pytest.param(
        "memberships", "status", "ex-member", "status", "'signatory'", "member", id="status"
    ),
    pytest.param(
        "memberships", "derived_from", "EC", "derived_from", "bodies.csv", None, id="derived"
    ),
    pytest.param(
        "bodies",
        "region",
        "Central & West Asia",
        "region",
        "'Central and West Asia'",
        "Central and West Asia",
        id="region",
    ),
    pytest.param("sources", "published", "Spring 2017", "published", "'2016'", None, id="season"),
    pytest.param(
        "country_names", "country_iso3", "abc", "country_iso3", "alpha-3", None, id="code-as-typed"
    ),
]


@pytest.mark.parametrize(("table", "column", "value", "out", "expects", "hint"), BAD_CELLS)
def test_an_unreadable_cell_is_blank_and_reported_where_it_is(
    table, column, value, out, expects, hint
):
    result = clean(table, {LINE: {column: value}})
    assert [located(p) for p in result.problems] == [(f"{table}.csv", LINE, column, value)]
    assert expects in result.problems[0].expected
    assert result.problems[0].hint == hint
    assert pd.isna(result.frame.at[LINE, out])


def test_a_bad_value_on_several_lines_is_reported_on_each():
    good = {"body": "EU", "country": "Indonesia", "as_of": "2019"}
    bad = {"body": "EU", "country": "Indonesai", "as_of": "c. 2019"}
    result = clean("memberships", {3: bad, 5: good, 9: bad})
    assert sorted((p.line, p.column, p.value) for p in result.problems) == [
        (3, "as_of", "c. 2019"),
        (3, "country", "Indonesai"),
        (9, "as_of", "c. 2019"),
        (9, "country", "Indonesai"),
    ]
    assert result.frame["country_iso3"].tolist() == [pd.NA, "IDN", pd.NA]
    assert result.frame.at[5, "as_of"] == day("2019-01-01")


# --- Every clean_* function -----------------------------------------------------------------------

# One row per table, in the spellings of data/raw, every one of them accepted.
MESSY = {
    "country_names": {"name": "Lao PDR", "country_iso3": "lao", "note": "ASEAN spelling"},
    "sources": {
        "source_id": "ECO-2017-05-Press-Release",
        "publisher": "ECO Secretariat",
        "published": "May 2017",
        "url": "http://www.ecosecretariat.org/ftproot/Press_Rls/2017/May/3I.htm",
        "language": "EN",
    },
    "bodies": {
        "body_id": "gccpol",
        "acronym": "GCCPOL",
        "full_name": "Gulf Cooperation Council Police",
        "aliases": "GCC-POL ; Gulf Police",
        "type": "Regional Police Organisation",
        "region": "GULF",
        "founded": "9 December 2014",
        "hq_country": "UNITED ARAB EMIRATES",
        "parent": "gcc-pol",
        "source_id": "Springer-GCC",
        "confidence": "Medium",
    },
    "editions": {
        "edition": "wg-2025",
        "kind": "Working Group",
        "number": "03",
        "dates": "12 and 13 June 2019",
        "city": "Lyon",
        "country": "fra",
        "format": "In Person",
        "participant_list": "Partial",
        "source_id": "INTERPOL-2019-06-12",
        "confidence": "HIGH",
    },
    "participation": {
        "edition": "wg-2025",
        "body": "Gulf Cooperation Council-POL",
        "role": "Observer",
        "attendance": "In Person",
        "source_id": "INTERPOL-2019-06-12",
        "more_source_ids": "A-1 ; b-2",
        "confidence": "HIGH",
    },
    "memberships": {
        "body": "GCC-POL",
        "country": "BRUNEI",
        "status": "Observer",
        "joined": "March 2016",
        "as_of": "2019",
        "derived_from": "eu",
        "source_id": "Qdnd-ASEANAPOL-39",
        "confidence": "LOW",
    },
    "states": {
        "country": "GERMANY",
        "start": "5 May 1955",
        "end": "1990-10-03",
        "ccode": "260",
        "source_id": "COW-States-2016",
        "confidence": "HIGH",
    },
    "conflicts": {
        "table": "Editions",
        "key": "5",
        "column": "dates",
        "value_used": "27 - 28 October 2021",
        "source_id_used": "ASEANAPOL-2021-11-02",
        "alternative": "27-28 October 2022 (URL slug)",
        "reason": "The article is dated 2 Nov 2021.",
    },
}


@pytest.mark.parametrize("table", list(CLEAN))
def test_clean_gives_the_declared_table_on_the_raw_lines_and_leaves_the_input_alone(table):
    raw = raw_frame(table, {4: MESSY[table], 11: MESSY[table]})
    before = raw.copy(deep=True)
    result = CLEAN[table](raw, f"{table}.csv")
    assert result.problems == []
    pd.testing.assert_frame_equal(raw, before)
    declared = TABLES[table].columns
    assert list(result.frame.columns) == [c.name for c in declared]
    assert result.frame.dtypes.to_dict() == {c.name: DTYPES[c.dtype][0] for c in declared}
    pd.testing.assert_index_equal(result.frame.index, raw.index)


# The one cell each row keeps: the reader drops rows that are blank from end to end.
ONE_CELL = {
    "country_names": ("name", "Atlantis"),
    "sources": ("source_id", "x"),
    "bodies": ("body_id", "EU"),
    "editions": ("edition", "9"),
    "participation": ("edition", "9"),
    "memberships": ("body", "EU"),
    "conflicts": ("table", "editions"),
    "states": ("country", "KEN"),
}


@pytest.mark.parametrize("table", list(CLEAN))
def test_blank_cells_stay_blank_and_are_left_to_validation(table):
    column, value = ONE_CELL[table]
    result = clean(table, {LINE: {column: value}})
    assert result.problems == []  # a required blank is reported once, by validation
    cleaned_from_blanks = [
        c.name for c in TABLES[table].columns if c.raw != column and c.dtype != "boolean"
    ]
    assert result.frame.loc[LINE, cleaned_from_blanks].isna().all()


def test_the_hand_built_frames_are_what_the_reader_gives(tmp_path: Path):
    path = tmp_path / "participation.csv"
    path.write_text(
        "edition,body,role,attendance,source_id,quote,more_source_ids,confidence,notes\n"
        " wg-2025 , GCC-POL ,Observer, In Person ,INTERPOL-2019-06-12,,,HIGH,\n"
        "\n"
        "3,Gulf Cooperation Council-POL,co-host,not stated,x,,,low,  \n",
        encoding="utf-8",
    )
    raw, problems = read_raw_table(path, TABLES["participation"])
    assert problems == []
    first = {"edition": "wg-2025", "body": "GCC-POL", "role": "Observer", "attendance": "In Person"}
    second = {"edition": "3", "body": "Gulf Cooperation Council-POL", "role": "co-host"}
    expected = raw_frame(
        "participation",
        {
            2: {**first, "source_id": "INTERPOL-2019-06-12", "confidence": "HIGH"},
            4: {**second, "attendance": "not stated", "source_id": "x", "confidence": "low"},
        },
    )
    pd.testing.assert_frame_equal(raw, expected)
    frame = cleaning.clean_participation(raw, "participation.csv", LOOKUPS).frame
    assert frame[["edition", "body_id", "role", "attendance"]].to_dict("index") == {
        2: {
            "edition": "WG-2025",
            "body_id": "GCCPOL",
            "role": "observer",
            "attendance": "in_person",
        },
        4: {"edition": "3", "body_id": "GCCPOL", "role": "co_host", "attendance": "not_stated"},
    }


@pytest.mark.parametrize(
    ("text", "why"),
    [("marsh 2016", "unrecognised 'marsh'"), ("2016 (approx)", "unrecognised '('")],
)
def test_an_unreadable_date_says_why_even_when_the_text_has_brackets(text, why):
    (problem,) = clean("editions", {LINE: {"dates": text}}).problems
    assert problem.message == f"not a valid date ({why})"


# --- A new column is one declaration --------------------------------------------------------------

# The sources table with columns no clean_* function names: each is cleaned from its declaration.
WIDER_SOURCES = replace(
    TABLES["sources"],
    columns=(
        *TABLES["sources"].columns,
        Column("kind", "string", "What the source is.", raw="kind", vocab="confidence"),
        Column("copy_url", "string", "Where a copy is kept.", raw="copy_url"),
        Column("mirror_ids", "string", "Mirrors.", raw="mirrors", case="lower", separator=";"),
        Column("host_iso3", "string", "Host country.", raw="host", refers_to="country"),
        Column("n_pages", "integer", "Pages.", raw="pages"),
        Column("seen", "date", "Seen on.", raw="seen", date_part="start"),
        Column("seen_precision", "string", "Of seen.", raw="seen", date_part="precision"),
    ),
)


def test_a_column_declared_in_the_schema_is_cleaned_as_declared():
    raw = raw_frame("sources", {LINE: {"source_id": "X"}}).assign(
        kind=pd.array(["High"], dtype="string"),
        copy_url=pd.array(["https://example.org/Copy"], dtype="string"),
        mirrors=pd.array(["A-1 ; B-2"], dtype="string"),
        host=pd.array(["Lao PDR"], dtype="string"),
        pages=pd.array(["12"], dtype="string"),
        seen=pd.array(["March 2016"], dtype="string"),
    )
    result = cleaning.clean_table(WIDER_SOURCES, raw, "sources.csv", LOOKUPS)
    assert result.problems == []
    row = result.frame.loc[LINE]
    assert (row["source_id"], row["kind"], row["copy_url"]) == (
        "x",
        "high",
        "https://example.org/Copy",  # plain text: kept as written
    )
    assert (row["mirror_ids"], row["host_iso3"], row["n_pages"]) == ("a-1;b-2", "LAO", 12)
    assert (row["seen"], row["seen_precision"]) == (day("2016-03-01"), "month")


def test_a_declared_column_reports_what_it_cannot_read():
    raw = raw_frame("sources", {LINE: {"source_id": "x"}}).assign(
        kind=pd.array(["certain"], dtype="string"),
        copy_url=pd.array([None], dtype="string"),
        mirrors=pd.array([None], dtype="string"),
        host=pd.array(["Atlantis"], dtype="string"),
        pages=pd.array(["twelve"], dtype="string"),
        seen=pd.array(["Marsh 2016"], dtype="string"),
    )
    result = cleaning.clean_table(WIDER_SOURCES, raw, "sources.csv", LOOKUPS)
    assert sorted(located(p) for p in result.problems) == [
        ("sources.csv", LINE, "host", "Atlantis"),
        ("sources.csv", LINE, "kind", "certain"),
        ("sources.csv", LINE, "pages", "twelve"),
        ("sources.csv", LINE, "seen", "Marsh 2016"),
    ]
    assert result.frame.loc[LINE, ["kind", "host_iso3", "n_pages", "seen"]].isna().all()


@pytest.mark.parametrize(
    "declaration",
    [
        {"raw": "x", "case": "lower", "refers_to": "body"},
        {"raw": "x", "vocab": "confidence", "separator": ";"},
        {"raw": "x", "refers_to": "country", "vocab": "confidence"},
        {"raw": None, "case": "upper"},
    ],
)
def test_a_column_declared_to_be_cleaned_two_ways_is_refused(declaration):
    with pytest.raises(ValueError, match="expected one way of cleaning it"):
        Column("x", "string", "A column.", **declaration)
