"""One body's profile tables on the tiny dataset: identity card, meetings, member counts."""

import pandas as pd
import pytest

from dialogue_analysis import profiles
from tests.test_tables import tiny


@pytest.fixture
def data():
    return tiny()


def test_body_card_fields(data):
    card = profiles.body_card(data.bodies, "INTERPOL").set_index("field")["value"]
    assert card["Full name"] == "International Criminal Police Organization"
    assert card["Aliases"] == "ICPO; OIPC"
    assert card["Founded"] == "September 1923 (known to the month)"
    assert card["Headquarters"] == "Lyon, France"
    assert card["Type"] == "global police organisation"
    assert card["Parent organisation"] == "none"
    assert card["Confidence"] == "high"
    assert (
        profiles.body_card(data.bodies, "AFRIPOL")
        .set_index("field")
        .loc["Parent organisation", "value"]
        == "African Union (AU)"
    )
    assert profiles.body_card(data.bodies, "GCCPOL").set_index("field").loc["Founded", "value"] == (
        "unknown"
    )


def test_body_participation_says_not_reported_or_absent(data):
    rows = profiles.body_participation(data.participation, data.editions, "UNODC")
    roles = dict(zip(rows["edition"], rows["role"], strict=True))
    assert roles == {
        "1": "not reported",
        "2": "observer",
        "3": "observer",
        "4": "absent",
        "WG-2023": "not reported",
    }
    both = profiles.body_participation(data.participation, data.editions, "INTERPOL")
    assert both.set_index("edition").loc["3", "role"] == "host; member"


def test_member_counts_on_known_dates(data):
    counts = profiles.member_counts(data.memberships, "GCCPOL")
    steps = counts.steps.set_index("date")["n_members"]
    # BHR, KWT, OMN from 2001-06-15 plus SAU (unknown start, counted from the window's start).
    assert steps[pd.Timestamp("2001-06-15")] == 4
    assert steps[pd.Timestamp("2017-06-09")] == 5  # + QAT
    assert steps[pd.Timestamp("2019-01-01")] == 4  # - OMN
    assert counts.n_unknown_joined == 1
    assert counts.end == pd.Timestamp("2022-01-01")  # the latest date in the table
    assert list(counts.low_changes["date"]) == [pd.Timestamp("2017-06-09")]
    later = profiles.member_counts(data.memberships, "GCCPOL", start="2018-01-01")
    assert later.steps["n_members"].iloc[0] == 5


def test_snapshots_and_derived_rosters(data):
    snaps = profiles.member_counts(data.memberships, "AFRIPOL").snapshots
    assert list(snaps["n_members"]) == [2, 1]
    assert list(snaps["is_low"]) == [False, True]
    assert profiles.member_counts(data.memberships, "FRONTEX").derived_from == ("EU",)
