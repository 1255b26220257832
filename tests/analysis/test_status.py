"""The one status rule on hand-made spells: confidence, precision, gaps, statehood, suspensions.

Each case says what the rule gave before (where it changed) and what it gives now.
"""

from __future__ import annotations

import pandas as pd
import pytest

from dialogue_analysis.analysis.countries import standing, status_runs
from dialogue_analysis.analysis.membership import member_counts, members
from dialogue_analysis.analysis.status import status, within_statehood
from dialogue_analysis.data import spells
from dialogue_analysis.data.dataset import Dataset
from tests.fixtures import body, spell, table

DAY = pd.Timestamp


def _data(rows: list[dict], states: pd.DataFrame | None = None) -> Dataset:
    bodies = table(
        "bodies",
        [
            body("INTERPOL", "global_police_organisation", "global", "1923-09-01", "month"),
            body("AMERIPOL", "regional_police_organisation", "americas", "2007-11-14", "day"),
            body("AU", "intergovernmental_organisation", "africa", "2002-07-09", "day"),
        ],
    )
    sources = table(
        "sources",
        [
            {"source_id": "src-members", "published": "2019-06-12", "published_precision": "day"},
            {"source_id": "low-report", "published": "2010-01-01", "published_precision": "day"},
        ],
    )
    memberships = spells.bounds(table("memberships", rows), bodies, sources)
    empty = {name: table(name, []) for name in ("editions", "participation", "conflicts")}
    return Dataset(
        empty["editions"],
        bodies,
        empty["participation"],
        memberships,
        sources,
        empty["conflicts"],
        package={},
        **({} if states is None else {"states": states}),
    )


def _state(data: Dataset, body_id: str, country: str, day: str) -> pd.Series:
    found = status(data, [DAY(day)], bodies=[body_id], countries=[country])
    return found.iloc[0]


def test_a_low_row_is_unknown_naming_its_source_until_a_medium_snapshot_shows_it():
    # Before: the low 2007 list confirmed Nicaragua at the 1st edition (2016).
    data = _data(
        [
            {
                **spell("AMERIPOL", "NIC", "2007-11-14", as_of="2007-11-14", confidence="low"),
                "source_id": "low-report",
            },
            spell("AMERIPOL", "NIC", as_of="2020-08-11", confidence="medium"),
        ]
    )
    early = _state(data, "AMERIPOL", "NIC", "2016-03-15")
    assert (early["state"], early["source_id"], early["confidence"]) == (
        "unknown",
        "low-report",
        "low",
    )
    late = _state(data, "AMERIPOL", "NIC", "2020-08-11")
    assert (late["state"], late["source_id"], late["basis"]) == (
        "confirmed",
        "src-members",
        "snapshot",
    )


def test_a_low_year_is_never_confirmed_by_itself_only_by_its_known_from_day():
    # Before: INTERPOL 1968 (low) confirmed Kenya from 31 Dec 1968.
    data = _data(
        [
            spell("INTERPOL", "KEN", "1968-01-01", joined_precision="year", confidence="low"),
            spell(
                "INTERPOL",
                "USA",
                "1923-01-01",
                joined_precision="year",
                confidence="low",
                known_from="1956-06-13",
                known_from_precision="day",
            ),
        ]
    )
    assert _state(data, "INTERPOL", "KEN", "2024-10-09")["state"] == "unknown"
    assert _state(data, "INTERPOL", "USA", "1950-01-01")["state"] == "unknown"
    usa = standing(data, "USA", "2024-10-09").iloc[0]
    assert (usa["state"], usa["since"], usa["since_kind"]) == (
        "confirmed",
        DAY("1956-06-13"),
        "confirmed",
    )
    assert (usa["low_start"], usa["low_start_precision"]) == (DAY("1923-01-01"), "year")


@pytest.mark.parametrize(
    ("day", "expected"),
    [("2022-12-08", "unknown"), ("2022-12-30", "unknown"), ("2022-12-31", "confirmed")],
)
def test_a_year_snapshot_confirms_from_the_end_of_its_year(day, expected):
    # Before: a list dated "2022" confirmed Antigua and Barbuda from 1 Jan 2022 (6th edition).
    data = _data([spell("AMERIPOL", "ATG", as_of="2022-01-01", as_of_precision="year")])
    found = _state(data, "AMERIPOL", "ATG", day)
    assert found["state"] == expected
    if expected == "confirmed":
        assert found["confirmed_from_precision"] == "year"


def test_a_gap_is_two_spells_and_the_standing_starts_after_it():
    data = _data(
        [
            spell("INTERPOL", "ZAF", "1948-01-01", "1954-01-01", joined_precision="year"),
            spell("INTERPOL", "ZAF", "1993-01-01", joined_precision="year"),
        ]
    )
    assert _state(data, "INTERPOL", "ZAF", "1970-01-01")["state"] == "out"
    assert _state(data, "INTERPOL", "ZAF", "2000-01-01")["state"] == "confirmed"
    now = standing(data, "ZAF", "2024-10-09").iloc[0]
    assert (now["since"], now["since_precision"]) == (DAY("1993-01-01"), "year")
    assert now["gap_from"] == DAY("1954-01-01")


def test_nothing_holds_before_the_state_existed():
    # Before: Kenya "may have been" an INTERPOL member from the body's founding, 1923.
    rows = [spell("INTERPOL", "KEN", "1968-01-01", joined_precision="year", confidence="low")]
    states = pd.DataFrame(
        {
            "country_iso3": ["KEN"],
            "start": [DAY("1963-12-12")],
            "end": [pd.NaT],
            "ccode": [501],
            "source_id": ["cow-states"],
        }
    )
    without = _data(rows)
    assert _state(without, "INTERPOL", "KEN", "1950-01-01")["state"] == "unknown"
    data = _data(rows, states)
    assert _state(data, "INTERPOL", "KEN", "1950-01-01")["state"] == "out"
    assert _state(data, "INTERPOL", "KEN", "1964-01-01")["state"] == "unknown"


def test_a_state_that_ended_ends_its_memberships():
    rows = table("memberships", [spell("INTERPOL", "YUG", "1923-01-01")]).assign(
        possible_from=DAY("1923-09-01"),
        confirmed_from=DAY("1923-12-31"),
        confirmed_until=pd.NaT,
        out_from=pd.NaT,
    )
    states = pd.DataFrame(
        {"country_iso3": ["YUG"], "start": [DAY("1918-12-01")], "end": [DAY("2006-06-05")]}
    )
    cut = within_statehood(rows, states).iloc[0]
    assert cut["confirmed_until"] == cut["out_from"] == DAY("2006-06-05")


def test_a_suspended_member_stays_counted_and_says_since_when():
    data = _data(
        [
            spell("AU", "SDN", "2002-07-09"),
            spell("AU", "SDN", "2021-10-27", status="suspended"),
            spell("AU", "KEN", "2002-07-09"),
        ]
    )
    found = _state(data, "AU", "SDN", "2022-01-01")
    assert (found["state"], bool(found["is_suspended"]), found["suspended_since"]) == (
        "confirmed",
        True,
        DAY("2021-10-27"),
    )
    assert not _state(data, "AU", "SDN", "2021-10-26")["is_suspended"]
    assert len(members("AU", "2022-01-01", data)) == 2
    steps = member_counts(data, "AU").steps.set_index("date")
    assert (steps["n_members"].iloc[-1], steps["n_suspended"].iloc[-1]) == (2, 1)


def test_left_is_the_first_day_outside_and_standing_gives_the_last_day_inside():
    data = _data([spell("AU", "MAR", "2002-07-09", "2017-02-01")])
    assert _state(data, "AU", "MAR", "2017-01-31")["state"] == "confirmed"
    assert _state(data, "AU", "MAR", "2017-02-01")["state"] == "out"
    ended = standing(data, "MAR", "2020-01-01").iloc[0]
    assert (ended["state"], ended["last_in"]) == ("out", DAY("2017-01-31"))


def test_the_runs_a_timeline_draws_are_the_rule_over_time():
    data = _data(
        [
            spell("INTERPOL", "ZAF", "1948-01-01", "1954-01-01", joined_precision="year"),
            spell("INTERPOL", "ZAF", "1993-01-01", joined_precision="year"),
        ]
    )
    runs = status_runs(data, "ZAF")
    assert list(runs["state"]) == ["unknown", "confirmed", "unknown", "confirmed"]
    assert list(runs["start"]) == [DAY(d) for d in ("1948", "1948-12-31", "1993", "1993-12-31")]
    assert runs["end"].iloc[1] == DAY("1954-01-01")  # out from the first day outside: no bar
    assert pd.isna(runs["end"].iloc[-1])


def test_a_blank_statehood_start_or_end_sets_no_limit():
    rows = table("memberships", [spell("INTERPOL", "ALB", "1923-01-01")]).assign(
        possible_from=DAY("1923-09-01"),
        confirmed_from=DAY("1923-12-31"),
        confirmed_until=pd.NaT,
        out_from=pd.NaT,
    )
    states = pd.DataFrame(
        {
            "country_iso3": ["ALB", "ALB"],
            "start": [pd.NaT, DAY("1944-11-29")],  # existed before any body; back after a gap
            "end": [DAY("1939-04-07"), pd.NaT],
        }
    )
    cut = within_statehood(rows, states).iloc[0]
    assert cut["possible_from"] == DAY("1923-09-01") and pd.isna(cut["out_from"])
