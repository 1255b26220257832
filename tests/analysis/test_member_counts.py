"""Member counts over time on the tiny dataset: one rule with members on a day."""

import pandas as pd
import pytest

from dialogue_analysis.analysis import membership
from tests.analysis.test_meetings import tiny


@pytest.fixture
def data():
    return tiny()


def test_member_counts_on_known_dates(data):
    counts = membership.member_counts(data, "GCCPOL")
    steps = counts.steps.set_index("date")["n_members"]
    # BHR, KWT, OMN from 2001-06-15 plus SAU (unknown start, counted from the window's start).
    assert steps[pd.Timestamp("2001-06-15")] == 4
    assert steps[pd.Timestamp("2017-06-09")] == 5  # + QAT
    assert steps[pd.Timestamp("2019-01-01")] == 4  # - OMN
    assert counts.n_unknown_joined == 1
    assert counts.end == pd.Timestamp("2022-01-01")  # the latest date in the table
    assert list(counts.low_changes["date"]) == [pd.Timestamp("2017-06-09")]
    later = membership.member_counts(data, "GCCPOL", start="2018-01-01")
    assert later.steps["n_members"].iloc[0] == 5


def test_snapshots_and_derived_rosters(data):
    snaps = membership.member_counts(data, "AFRIPOL").snapshots
    assert list(snaps["n_members"]) == [2, 1]
    assert list(snaps["is_low"]) == [False, True]
    assert membership.member_counts(data, "FRONTEX").derived_from == ("EU",)
