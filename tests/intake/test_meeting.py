"""Finding the meeting a text is about (dates, number, place) and the earlier meetings it names."""

from __future__ import annotations

import datetime
from pathlib import Path

from dialogue_analysis import intake
from tests.intake.conftest import proposals_for, roles


def test_2019_release_proposes_the_third_edition_in_lyon(found_2019: intake.Proposals) -> None:
    meeting = found_2019.meeting
    assert meeting is not None
    assert meeting.dates.span.start == datetime.date(2019, 6, 12)
    assert meeting.dates.span.end == datetime.date(2019, 6, 13)
    assert meeting.dates.span.precision == "day"
    row = found_2019.of("editions")[0].row
    assert (row["edition"], row["number"], row["kind"]) == ("3", "3", "edition")
    assert row["dates"] == "12 and 13 June 2019"
    assert (row["city"], row["country"]) == ("Lyon", "France")
    assert row["host_as_written"] == "INTERPOL"
    assert row["format"] == "not stated"  # the release does not say
    assert row["participant_list"] == "composition"


def test_2019_release_finds_the_two_earlier_meetings(found_2019: intake.Proposals) -> None:
    mentioned = [p for p in found_2019.of("editions") if p.is_mention]
    assert [(p.row["edition"], p.row["dates"], p.row["city"]) for p in mentioned] == [
        ("1", "March 2016", "Singapore"),
        ("2", "May 2017", "Lyon"),
    ]
    assert mentioned[0].row["venue"] == "INTERPOL Global Complex for Innovation"


def test_french_release(tmp_path: Path, curated: intake.Curated) -> None:
    found = proposals_for(
        tmp_path,
        curated,
        "La neuvième édition du Dialogue INTERPOL s’est tenue du 4 au 5 novembre 2025 à Lyon, "
        "France.\nL’ONUDC y a participé en qualité d’observateur.\n",
    )
    row = found.of("editions")[0].row
    assert (row["edition"], row["number"], row["dates"]) == ("9", "9", "4 au 5 novembre 2025")
    assert (row["city"], row["country"]) == ("Lyon", "France")
    assert found.of("editions")[0].status == "new"
    assert roles(found) == {("ONUDC", "observer"): "new"}


def test_text_with_no_meeting_still_proposes_the_bodies(
    tmp_path: Path, curated: intake.Curated
) -> None:
    found = proposals_for(
        tmp_path, curated, "12 June 2019\nEuropol and AMERIPOL signed a cooperation agreement.\n"
    )
    assert found.meeting is None
    assert found.of("editions") == []
    assert {(p.row["edition"], p.row["body"]) for p in found.of("participation")} == {
        ("", "Europol"),
        ("", "AMERIPOL"),
    }
