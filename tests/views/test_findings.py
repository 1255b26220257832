"""Findings on the tiny dataset: each states the numbers computed from its tables."""

import dataclasses
import re

import pytest

from dialogue_analysis.views import body_profile, meeting_history, membership
from tests.fixtures import tiny


@pytest.fixture
def data():
    return tiny()


@pytest.mark.parametrize(
    ("finding", "expected"),
    [
        (
            meeting_history.finding_participation,
            "5 of the 20 body-edition cells are 'not reported'",
        ),
        (meeting_history.finding_participation, "the lists of editions 1 and 2 are partial"),
        (
            membership.finding_changes,
            "1 body changed stated role between editions: Frontex observer (2)",
        ),
        (meeting_history.finding_intervals, "median gap between editions is 14 months"),
        (meeting_history.finding_intervals, "the last 3 gaps were 14, 25 and 11 months"),
        (
            meeting_history.finding_hosts,
            "Regional bodies hosted or co-hosted once: GCCPOL in Lyon (2023)",
        ),
        (
            membership.finding_founding,
            "day for 1 body, to the month for 1 and only to the year for 2",
        ),
        (membership.finding_low_confidence, "5 facts rest on low confidence"),
        (meeting_history.finding_meetings, "The first edition met in Singapore in Mar 2016"),
        (meeting_history.finding_meetings, "the 4th, met online in May 2020"),
    ],
)
def test_findings_state_the_computed_numbers(data, finding, expected):
    assert expected in finding(data)


def test_body_findings(data):
    assert body_profile.finding_meetings(data, "FRONTEX").startswith(
        "Frontex is listed in 3 of the 4 numbered editions (2, 3, 4) and 1 of the 1"
    )
    assert body_profile.finding_members(data, "UNODC") == (
        "UNODC is a UN office with no member list in the dataset."
    )
    found = body_profile.finding_members(data, "GCCPOL")
    assert found.startswith(
        # Qatar's low-confidence 2017 start leaves it unknown (before: a member from 2017).
        "GCCPOL had 3 member countries (2 more unknown) at the 1st edition (15 Mar 2016) and "
        "2 member countries (2 more unknown) at the 4th (20 May 2020)."
    )
    assert "suspended members included" in found  # the definition is said with the numbers


def test_findings_escape_markup_from_the_data(data):
    editions = data.editions.copy()
    editions.loc[editions["edition"] == "1", "city"] = "<img src=x onerror=alert(1)>"
    text = meeting_history.finding_meetings(dataclasses.replace(data, editions=editions))
    assert r"\<img src=x onerror=alert(1)\>" in text
    assert not re.search(r"(?<!\\)[<>]", text)  # every angle bracket escaped


def test_low_confidence_is_called_unverified_only_where_a_row_says_so(data):
    text = membership.finding_low_confidence(data)
    assert "(unverified)" not in text and "marked unverified" not in text
    low = data.bodies["confidence"] == "low"
    assert low.any()
    data.bodies.loc[low.idxmax(), "notes"] = "Founding year from memory; unverified."
    text = membership.finding_low_confidence(data)
    assert "1 of them is marked unverified by their source or notes." in text
