"""The statehood table: every roster country has a row, COW's list is read as COW wrote it, and a
broken row is refused with its file, line, column, value and what was expected."""

import csv
import hashlib
import io

import pandas as pd
import pytest

from dialogue_analysis.data.pipeline import clean_all
from dialogue_analysis.paths import RAW_DIR
from tests.conftest import line_of, replace_in

COW_FILE = RAW_DIR / "sources" / "cow-states2016.csv"
COW_LAST_DAY = pd.Timestamp("2016-12-31")  # v2016 ends every open spell here: not an end


def day(text: str | None) -> pd.Timestamp:
    return pd.NaT if text is None else pd.Timestamp(text)


def spells(data, iso3: str) -> list[tuple]:
    rows = data.states[data.states["country_iso3"] == iso3].sort_values(
        "start", na_position="first"
    )
    return [
        (r.start, r.end, None if pd.isna(r.ccode) else int(r.ccode))
        for r in rows.itertuples(index=False)
    ]


def cow_lines() -> pd.DataFrame:
    text = COW_FILE.read_text(encoding="utf-8")
    frame = pd.read_csv(io.StringIO(text))
    frame["line"] = text.splitlines()[1:]
    return frame


def test_every_country_a_roster_names_has_a_statehood_row(data):
    named = set(data.memberships["country_iso3"])
    assert len(named) > 190
    assert named <= set(data.states["country_iso3"])


@pytest.mark.parametrize(
    ("iso3", "expected"),
    [
        ("KEN", [("1963-12-12", None, 501)]),
        ("SSD", [("2011-07-09", None, 626)]),
        # Germany until its surrender, the Federal Republic, then Germany again from unification.
        (
            "DEU",
            [
                ("1816-01-01", "1945-05-09", 255),
                ("1955-05-05", "1990-10-03", 260),
                ("1990-10-03", None, 255),
            ],
        ),
        ("DDR", [("1954-03-25", "1990-10-03", 265)]),
        # COW numbers the Russian Empire, the Soviet Union and Russia 365 without a break...
        ("RUS", [("1816-01-01", None, 365)]),
        # ... while the other Soviet republics begin when the Soviet Union ended.
        ("UKR", [("1991-12-26", None, 369)]),
        ("KAZ", [("1991-12-26", None, 705)]),
        ("EST", [("1918-02-24", "1940-06-17", 366), ("1991-09-06", None, 366)]),
        ("YEM", [("1926-09-02", "1990-05-22", 678), ("1990-05-22", None, 679)]),
        ("CZE", [("1993-01-01", None, 316)]),
        # COW enters Tonga at its UN admission (1999); the data starts it at independence.
        ("TON", [("1970-01-01", None, 955)]),
        # Not in COW: a territory with its own start, and a start left open.
        ("CUW", [("2010-10-10", None, None)]),
        ("PRI", [(None, None, None)]),
    ],
)
def test_known_beginnings_and_ends(data, iso3, expected):
    assert spells(data, iso3) == [(day(s), day(e), c) for s, e, c in expected]


def test_a_microstate_starts_at_independence_and_cow_system_entry_is_the_recorded_alternative(data):
    assert spells(data, "AND") == [(pd.NaT, pd.NaT, 232)]
    conflict = data.conflicts[
        (data.conflicts["table"] == "states") & (data.conflicts["key"] == "AND")
    ]
    assert conflict["alternative"].str.startswith("1993-07-28").tolist() == [True]


def test_year_only_start_keeps_its_precision(data):
    vatican = data.states[data.states["country_iso3"] == "VAT"].iloc[0]
    assert (vatican["start"], vatican["start_precision"]) == (pd.Timestamp("1929-01-01"), "year")


def test_cow_rows_say_what_their_cow_line_says():
    """start, end (the day after COW's last day) and ccode agree with the quoted COW line."""
    cow = cow_lines().set_index("line")
    rows = list(csv.DictReader((RAW_DIR / "states.csv").open(encoding="utf-8")))
    cited = [r for r in rows if r["source_id"] == "cow-states-2016"]
    assert len(cited) > 190
    for row in cited:
        line = cow.loc[row["quote"]]
        start = pd.Timestamp(int(line.styear), int(line.stmonth), int(line.stday))
        last = pd.Timestamp(int(line.endyear), int(line.endmonth), int(line.endday))
        assert int(row["ccode"]) == line.ccode, row
        assert row["end"] == (
            "" if last == COW_LAST_DAY else f"{last + pd.Timedelta(days=1):%Y-%m-%d}"
        )
        # Another start (blank, or the year of independence) is a decision recorded in
        # conflicts.csv, never a dropped date.
        if row["start"] != f"{start:%Y-%m-%d}":
            assert f"states,{row['country']},start," in (RAW_DIR / "conflicts.csv").read_text(
                encoding="utf-8"
            )


def test_no_spell_of_a_listed_cow_state_is_left_out(data):
    """A state interrupted by occupation keeps both spells: every COW line of a number the data
    uses is quoted by a row."""
    cow = cow_lines()
    used = set(data.states["ccode"].dropna().astype(int))
    quoted = set(data.states["quote"].dropna())
    left_out = cow[cow["ccode"].isin(used) & ~cow["line"].isin(quoted)]
    assert left_out.empty, left_out["line"].tolist()


def test_stored_cow_file_is_the_one_the_readme_records():
    digest = hashlib.sha256(COW_FILE.read_bytes()).hexdigest()
    assert f"`{digest}`" in (RAW_DIR / "README.md").read_text(encoding="utf-8")


# --- broken copies of the raw file ---------------------------------------------------------


def problems_of(raw) -> list:
    return clean_all(raw)[1]


def the_problem(problems, message: str):
    found = [p for p in problems if message in p.message]
    assert len(found) == 1, problems
    return found[0]


def test_impossible_start_is_located(raw_copy):
    path = raw_copy / "states.csv"
    replace_in(path, "KEN,1963-12-12,", "KEN,1963-12-32,")
    problem = the_problem(problems_of(raw_copy), "not a valid date")
    assert problem.file.endswith("states.csv")
    assert (problem.line, problem.column, problem.value) == (
        line_of(path, "KEN,1963-12-32,"),
        "start",
        "1963-12-32",
    )
    assert problem.expected


def test_unknown_country_code_is_located(raw_copy):
    path = raw_copy / "states.csv"
    replace_in(path, "\nKEN,1963-12-12,", "\nKEM,1963-12-12,")
    problems = problems_of(raw_copy)
    problem = the_problem(problems, "unknown country")
    assert (problem.line, problem.column, problem.value) == (
        line_of(path, "KEM,1963-12-12,"),
        "country",
        "KEM",
    )
    assert "ISO 3166" in problem.expected
    # Kenya has no row left: the build also names the roster country that lacks one.
    missing = the_problem(problems, "has no row")
    assert (missing.column, missing.value) == ("country", "KEN")
    assert "memberships.csv line" in missing.expected


def test_end_before_start_is_refused(raw_copy):
    path = raw_copy / "states.csv"
    replace_in(path, "SSD,2011-07-09,,", "SSD,2011-07-09,2010-01-01,")
    problem = the_problem(problems_of(raw_copy), "end is before the start")
    assert (problem.line, problem.column, problem.value) == (
        line_of(path, "SSD,2011-07-09,2010"),
        "end",
        "2010-01-01",
    )


def test_overlapping_spells_are_refused(raw_copy):
    """Deleting the end of Germany's first spell makes the Federal Republic overlap it."""
    path = raw_copy / "states.csv"
    replace_in(path, "DEU,1816-01-01,1945-05-09,", "DEU,1816-01-01,,")
    problem = the_problem(problems_of(raw_copy), "starts before the country's previous spell")
    assert (problem.line, problem.column, problem.value) == (
        line_of(path, "DEU,1955-05-05,"),
        "start",
        "1955-05-05",
    )
    assert f"line {line_of(path, 'DEU,1816-01-01,')}" in problem.expected


def test_cow_quote_must_be_in_the_stored_list(raw_copy):
    path = raw_copy / "states.csv"
    replace_in(path, '"KEN,501,Kenya,1963,12,12,', '"KEN,501,Kenya,1963,12,13,')
    problem = the_problem(problems_of(raw_copy), "quote not found")
    assert (problem.line, problem.column) == (line_of(path, "KEN,501,Kenya"), "quote")


def test_a_former_state_code_is_only_a_country_in_the_statehood_table(raw_copy):
    """Rosters name countries as they are today: 'DDR' is a state of the past, not a member."""
    path = raw_copy / "memberships.csv"
    replace_in(path, "EU,Germany,member,1958", "EU,DDR,member,1958")
    problem = the_problem(problems_of(raw_copy), "unknown country")
    assert (problem.line, problem.column, problem.value) == (
        line_of(path, "EU,DDR,member,1958"),
        "country",
        "DDR",
    )
