"""Sources, conflicts and low-confidence facts on the tiny dataset."""

import pytest

from dialogue_analysis.analysis import evidence
from tests.analysis.test_meetings import tiny


@pytest.fixture
def data():
    return tiny()


def test_body_sources_follow_more_source_ids_and_conflicts(data):
    sources = evidence.body_sources(data, "UNODC").set_index("source_id")
    assert {"src-participation", "src-extra", "src-more", "src-alt", "src-bodies"} == set(
        sources.index
    )
    assert sources.loc["src-participation", "cited_by"] == "participation (2); conflicts (1)"
    assert sources.loc["src-extra", "title"] == "Title of src-extra"
    assert sources.loc["src-bodies", "confidence"] == "low"


def test_low_confidence_facts(data):
    low = evidence.low_confidence_facts(data)
    assert set(low["key"]) == {
        "4",
        "UNODC",
        "3/GCCPOL/member",
        "GCCPOL/QAT/member",
        "AFRIPOL/EGY/member",
    }
