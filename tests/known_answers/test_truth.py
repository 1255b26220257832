"""Known answers at the Dialogue's meeting dates: the numbers a researcher quotes.

INTERPOL's counts are checked against its own count history (the admissions of 27 September 2017,
20 November 2018, 23 November 2021 and 29 November 2023, voted by the General Assembly); the UK's
exits against the EU's and Europol's own dates; suspensions against the one rule in
``analysis.membership``.
"""

import pandas as pd
import pytest

from dialogue_analysis.analysis.meetings import numbered
from dialogue_analysis.analysis.membership import MEMBER_DEFINITION, member_counts, members
from dialogue_analysis.analysis.overlaps import coverage, rosters
from dialogue_analysis.data.vocabulary import MARKS
from dialogue_analysis.views.body_profile import counts_at

INTERPOL_AT_EDITIONS = {1: 190, 2: 190, 3: 194, 4: 194, 5: 194, 6: 195, 7: 195, 8: 196}
# 112 INTERPOL members rest on low-confidence rows alone (the Correlates of War's first coded year,
# or INTERPOL's membership table as copied on a third-party host, with no further dated source):
# unknown, not members (before this rule: all confirmed).
INTERPOL_LOW_ONLY = 112


def _in(body, day, data, **kw):
    return set(members(body, day, data, **kw)["country_iso3"])


@pytest.mark.parametrize(("number", "expected"), INTERPOL_AT_EDITIONS.items())
def test_interpol_members_on_each_editions_first_day(data, number, expected):
    either = members("INTERPOL", number, data, unknown=True)
    assert len(either) == expected  # the reference count: no member is out, none extra
    assert (either["certainty"] == "confirmed").sum() == expected - INTERPOL_LOW_ONLY


def test_interpol_members_between_admissions(data):
    assert len(members("INTERPOL", "2017-02-01", data, unknown=True)) == 190
    assert len(members("INTERPOL", "2023-07-03", data, unknown=True)) == 195
    # Admitted on the General Assembly's day, not on 1 January of the year.
    assert "FSM" not in _in("INTERPOL", "2021-11-22", data)
    assert "FSM" in _in("INTERPOL", "2021-11-23", data)
    assert "PLW" not in _in("INTERPOL", "2023-11-28", data)
    assert "PLW" in _in("INTERPOL", "2023-11-29", data)


def test_every_unknown_interpol_member_rests_on_a_low_confidence_row_alone(data):
    for number in INTERPOL_AT_EDITIONS:
        either = members("INTERPOL", number, data, unknown=True)
        unsure = either[either["certainty"] == "unknown"]
        assert (unsure["confidence"] == "low").all(), number
        assert len(unsure) == INTERPOL_LOW_ONLY, number


def test_afripol_starts_without_morocco(data):
    assert "MAR" not in _in("AFRIPOL", 1, data)
    assert "MAR" not in _in("AFRIPOL", 1, data, unknown=True)
    assert "MAR" in _in("AFRIPOL", 3, data)
    assert len(members("AFRIPOL", 1, data)) < len(members("AFRIPOL", 3, data))


def test_no_body_has_a_member_before_it_existed(data):
    founded = data.bodies.set_index("body_id")["founded"].dropna()
    rows = data.memberships[data.memberships["body_id"].isin(founded.index)]
    first = rows["possible_from"].fillna(rows["confirmed_from"])
    assert first.notna().all()
    assert (first >= rows["body_id"].map(founded)).all()
    for body, day in founded.items():
        before = day - pd.Timedelta(days=1)
        assert members(body, before, data, unknown=True).empty, body


def test_europol_and_afripol_have_no_member_before_their_founding(data):
    assert members("Europol", "1990-01-01", data, unknown=True).empty
    assert members("AFRIPOL", "2010-01-01", data, unknown=True).empty


def test_the_uk_leaves_the_eu_and_europol_on_its_first_day_outside(data):
    assert "GBR" in _in("EU", "2020-01-31", data)
    assert "GBR" not in _in("EU", "2020-02-01", data, unknown=True)
    assert "GBR" in _in("Europol", "2020-12-31", data)
    assert "GBR" not in _in("Europol", "2021-01-01", data, unknown=True)


def test_ameripol_undated_rows_are_not_confirmed_in_2010(data):
    rows = data.memberships.query("body_id == 'AMERIPOL' and status == 'member'")
    undated = set(rows.loc[rows["joined"].isna() & rows["as_of"].isna(), "country_iso3"])
    assert undated  # the data has such rows: the test would pass vacuously otherwise
    day = pd.Timestamp("2010-01-01")
    sure = members("AMERIPOL", day, data).set_index("country_iso3")
    # A country with an undated row is confirmed in 2010 only by a snapshot dated by then.
    for country in undated & set(sure.index):
        assert sure.at[country, "basis"] == "snapshot" and sure.at[country, "as_of"] <= day
    either = members("AMERIPOL", day, data, unknown=True).set_index("country_iso3")
    only_undated = sorted(undated - set(sure.index))
    assert only_undated and (either.loc[only_undated, "certainty"] == "unknown").all()


# --- One rule for suspensions: a suspended member stays a member, marked suspended -------------


def test_a_suspended_au_member_is_counted_and_marked(data):
    au = members("AU", "2019-06-12", data).set_index("country_iso3")
    assert au.at["SDN", "is_suspended"]
    assert not au.at["EGY", "is_suspended"]
    assert not members("AU", "2019-10-01", data).set_index("country_iso3").at["SDN", "is_suspended"]


def test_the_suspension_reaches_the_derived_roster(data):
    afripol = members("AFRIPOL", "2019-06-12", data).set_index("country_iso3")
    assert afripol.at["SDN", "is_suspended"]


def test_syria_stays_in_the_arab_league_and_aimc_while_suspended(data):
    def suspended(body, day):
        return members(body, day, data).set_index("country_iso3").at["SYR", "is_suspended"]

    for body in ("LAS", "AIMC"):
        assert not suspended(body, "2010-01-01"), body
        assert suspended(body, "2019-06-12"), body
        assert not suspended(body, "2024-01-01"), body


def test_suspensions_count_the_same_way_in_every_query(data):
    day = pd.Timestamp("2019-06-12")
    counts = counts_at(member_counts(data, "AU"), pd.Series([day])).iloc[0]
    assert counts["n_suspended"] == int(members("AU", day, data)["is_suspended"].sum()) >= 1
    assert counts["n_members"] == len(members("AU", day, data))


# --- One member definition for every report ------------------------------------------------------


@pytest.mark.parametrize("body", ["AMERIPOL", "AFRIPOL", "INTERPOL", "SCO", "EUROPOL", "AIMC"])
def test_profile_and_coverage_counts_agree_at_every_edition(data, body):
    editions = numbered(data).dropna(subset=["start_date"])
    at = counts_at(member_counts(data, body), editions["start_date"])
    for number, day in zip(editions["number"], editions["start_date"], strict=True):
        n = len(members(body, day, data))
        assert at.loc[day, "n_members"] == n, (body, number)
        roster = rosters(day, data, [body], status="member").set_index("body_id")
        assert roster.at[body, "n_countries"] == n, (body, number)
        covered = coverage(day, data, [body], status="member")
        assert int(covered["n_bodies"].sum()) == n, (body, number)


def test_the_definition_says_what_is_counted():
    assert "suspended members included" in MEMBER_DEFINITION
    # Unknown is explained in the words of its mark, as in every legend.
    assert MARKS["unknown"].sentence.split(": ", 1)[1] in MEMBER_DEFINITION


def test_a_low_confidence_join_year_alone_leaves_membership_unknown(data):
    # Before: every low-confidence join year confirmed the membership from the year's end.
    today = members("INTERPOL", "latest", data, unknown=True).set_index("country_iso3")
    low = data.memberships.query("body_id == 'INTERPOL' and confidence == 'low'")
    assert len(low)  # the data has low-confidence join years
    alone = low[low["known_from"].isna()]
    assert (today.loc[sorted(set(alone["country_iso3"])), "certainty"] == "unknown").all()
    # A further source dating the membership (INTERPOL's 1956 founding states) confirms it.
    assert today.at["USA", "certainty"] == "confirmed"
    assert today.at["USA", "confirmed_from"] == pd.Timestamp("1956-06-13")
