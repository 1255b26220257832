"""The body-profile view on the tiny dataset: identity card and the table of meetings."""

import pytest

from dialogue_analysis.views import body_profile
from tests.fixtures import tiny


@pytest.fixture
def data():
    return tiny()


def test_body_card_fields(data):
    card = body_profile.card(data, "INTERPOL").set_index("field")["value"]
    assert card["Full name"] == "International Criminal Police Organization"
    assert card["Aliases"] == "ICPO; OIPC"
    assert card["Founded"] == "September 1923 (known to the month)"
    assert card["Headquarters"] == "Lyon, France"
    assert card["Type"] == "global police organisation"
    assert card["Parent organisation"] == "none"
    assert card["Confidence"] == "high"
    assert (
        body_profile.card(data, "AFRIPOL").set_index("field").loc["Parent organisation", "value"]
        == "African Union (AU)"
    )
    assert body_profile.card(data, "GCCPOL").set_index("field").loc["Founded", "value"] == (
        "unknown"
    )


def test_body_participation_says_not_reported_or_absent(data):
    rows = body_profile.meetings(data, "UNODC")
    roles = dict(zip(rows["edition"], rows["role"], strict=True))
    assert roles == {
        "1": "not reported",
        "2": "observer",
        "3": "observer",
        "4": "absent",
        "WG-2023": "not reported",
    }
    both = body_profile.meetings(data, "INTERPOL")
    assert both.set_index("edition").loc["3", "role"] == "host; member"
