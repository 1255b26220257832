"""Query helpers: any spelling of a body or country, any form of date."""

import pandas as pd
import pytest

from dialogue_analysis import bodies_of, body_id, members, participants
from dialogue_analysis.analysis.resolve import as_timestamp


@pytest.mark.parametrize(
    "spelling", ["GCC-POL", "Gulf Cooperation Council-POL", "gccpol", "GCCPOL"]
)
def test_body_id_accepts_aliases(data, spelling):
    assert body_id(spelling, data) == "GCCPOL"


@pytest.mark.parametrize(
    ("spelling", "expected"), [("Ameripol", "AMERIPOL"), ("EUROPOL", "EUROPOL"), ("ECOPOL", "ECO")]
)
def test_body_id_other_aliases(data, spelling, expected):
    assert body_id(spelling, data) == expected


def test_unknown_body_suggests(data):
    with pytest.raises(KeyError, match="did you mean 'EUROPOL'"):
        body_id("EUROPLO", data)


def test_as_of_accepts_edition_numbers_and_text(data):
    assert as_timestamp(3, data) == pd.Timestamp("2019-06-12")
    assert as_timestamp("2019-06-12", data) == pd.Timestamp("2019-06-12")
    assert as_timestamp(pd.Timestamp("2019-06-12 15:00"), data) == pd.Timestamp("2019-06-12")


def test_members_by_edition_number_equals_members_by_its_date(data):
    assert members("SCO", 3, data).equals(members("SCO", "2019-06-12", data))


def test_members_has_one_row_per_country_with_names(data):
    rows = members("SCO", "2025-01-01", data)
    assert rows["country_iso3"].is_unique
    assert rows.set_index("country_iso3").at["IND", "country_name"] == "India"


def test_bodies_of_a_country(data):
    got = set(bodies_of("United Kingdom", "2019-06-12", data)["body_id"])
    assert {"INTERPOL", "EUROPOL", "EU"} <= got
    assert "EUROPOL" not in set(bodies_of("GB", "2021-06-01", data)["body_id"])


def test_bodies_of_by_iso3_equals_by_name(data):
    assert bodies_of("IRN", "2024-01-01", data).equals(bodies_of("Iran", "2024-01-01", data))


def test_participants_carries_list_completeness(data):
    rows = participants("1", data)
    assert (rows["participant_list"] == "partial").all()
    assert {"acronym", "type", "role", "source_id"} <= set(rows.columns)


def test_unknown_meeting(data):
    with pytest.raises(KeyError, match="unknown meeting"):
        participants(42, data)
