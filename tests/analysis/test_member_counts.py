"""Member counts over time on the tiny dataset: one rule with members on a day."""

import pandas as pd
import pytest

from dialogue_analysis.analysis import membership
from tests.fixtures import tiny


@pytest.fixture
def data():
    return tiny()


def test_member_counts_on_known_dates(data):
    counts = membership.member_counts(data, "GCCPOL")
    steps = counts.steps.set_index("date")
    # BHR, KWT, OMN from 2001-06-15; OMN out from 2019-01-01. QAT's 2017 start rests on a
    # low-confidence row alone (before: a member from 2017-06-09), and SAU has no start and an
    # undated source: both unknown throughout, never counted as members.
    assert steps.at[pd.Timestamp("2001-06-15"), "n_members"] == 3
    assert steps.at[pd.Timestamp("2019-01-01"), "n_members"] == 2
    assert pd.Timestamp("2017-06-09") not in steps.index  # nothing changes on the low date
    assert set(steps["n_unknown"]) == {2}  # SAU and QAT
    assert counts.end == pd.Timestamp("2022-01-01")  # the latest date in the table
    later = membership.member_counts(data, "GCCPOL", start="2018-01-01")
    assert later.steps["n_members"].iloc[0] == 3


def test_a_low_confidence_start_alone_never_makes_a_member(data):
    # Before: QAT (low-confidence 2017 start) was unknown before 2017 and a member after.
    for day in ("2010-01-01", "2020-01-01"):
        found = membership.members("GCCPOL", day, data, unknown=True).set_index("country_iso3")
        assert found.at["QAT", "certainty"] == "unknown"
        assert found.at["QAT", "confidence"] == "low"
        assert "QAT" not in set(membership.members("GCCPOL", day, data)["country_iso3"])


def test_counts_equal_members_on_every_step_day(data):
    for body in ("GCCPOL", "AFRIPOL", "FRONTEX"):
        counts = membership.member_counts(data, body)
        for row in counts.steps.itertuples():
            sure = membership.members(body, row.date, data)
            either = membership.members(body, row.date, data, unknown=True)
            assert row.n_members == len(sure), (body, row.date)
            assert row.n_unknown == len(either) - len(sure), (body, row.date)


def test_snapshots_count_from_the_day_they_were_seen(data):
    steps = membership.member_counts(data, "AFRIPOL").steps.set_index("date")
    # DZA and EGY seen on 2020-08-11; before that, from AFRIPOL's founding, unknown.
    assert steps.at[pd.Timestamp("2020-08-11"), "n_members"] == 2
    assert steps["n_unknown"].iloc[0] == 2
    assert membership.member_counts(data, "FRONTEX").derived_from == ("EU",)
