"""Proposed rows compared with the curated data: already there, new, or different (both values)."""

from __future__ import annotations

from pathlib import Path

from dialogue_analysis import intake
from dialogue_analysis.data.validation import quote_found
from tests.conftest import replace_in
from tests.intake.conftest import MEMBERS_2019, RELEASE_2019, squashed


def test_2019_release_every_quote_is_verbatim(found_2019: intake.Proposals) -> None:
    text = squashed(RELEASE_2019.read_text(encoding="utf-8"))
    quotes = [p.row["quote"] for p in found_2019.rows if p.table != "sources"]
    assert len(quotes) == 15
    for quote in quotes:
        assert quote and quote_found(quote, text), quote


def test_2019_release_is_all_already_in_the_data(found_2019: intake.Proposals) -> None:
    assert {p.status for p in found_2019.rows} == {"already in the data"}
    assert found_2019.source_id == "interpol-2019-06-12"
    assert found_2019.unknown == []
    # Every curated row citing the release is proposed (recall 1 on the stored text).
    curated_keys = {
        ("3", body, role)
        for body, role in [(b, "member") for b in MEMBERS_2019]
        + [("SCO", "observer"), ("UNODC", "observer"), ("INTERPOL", "host")]
    }
    assert len(found_2019.of("participation")) == len(curated_keys)


def test_a_value_the_data_holds_differently_is_shown_with_both_values(raw_copy: Path) -> None:
    replace_in(
        raw_copy / "editions.csv",
        "12 and 13 June 2019,,Lyon,France",
        "12 and 13 June 2019,,Paris,France",
    )
    found = intake.propose(intake.read_source(RELEASE_2019), intake.read_curated(raw_copy))
    edition = found.of("editions")[0]
    assert edition.status == "differs from the data"
    assert edition.differences == [("city", "Lyon", "Paris")]
    assert "city: proposed `Lyon`, data `Paris`" in intake.review_markdown(found)
