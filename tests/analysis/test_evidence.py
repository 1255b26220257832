"""Sources, conflicts and low-confidence facts on the tiny dataset."""

import pytest

from dialogue_analysis.analysis import evidence
from tests.fixtures import tiny


@pytest.fixture
def data():
    return tiny()


def test_body_citations_follow_more_source_ids_and_conflicts(data):
    cited = evidence.body_citations(data, "UNODC")
    assert {"src-participation", "src-extra", "src-more", "src-alt", "src-bodies"} == set(
        cited["source_id"]
    )
    from_participation = cited[cited["source_id"] == "src-participation"]
    assert sorted(from_participation["table"]) == ["conflicts", "participation", "participation"]
    assert (
        from_participation.loc[from_participation["table"] == "conflicts", "confidence"]
        .isna()
        .all()
    )


def test_low_confidence_facts(data):
    low = evidence.low_confidence_facts(data)
    assert set(low["key"]) == {
        "4",
        "UNODC",
        "3/GCCPOL/member",
        "GCCPOL/QAT/member",
        "AFRIPOL/EGY/member",
    }
