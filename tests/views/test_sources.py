"""The sources tables on the tiny dataset: every cited source, who cites it and how surely."""

import pytest

from dialogue_analysis.views import sources as view
from tests.analysis.test_meetings import tiny


@pytest.fixture
def data():
    return tiny()


def test_body_sources_follow_more_source_ids_and_conflicts(data):
    sources = view.body_sources(data, "UNODC").set_index("source_id")
    assert {"src-participation", "src-extra", "src-more", "src-alt", "src-bodies"} == set(
        sources.index
    )
    assert sources.loc["src-participation", "cited_by"] == "participation (2); conflicts (1)"
    assert sources.loc["src-extra", "title"] == "Title of src-extra"
    assert sources.loc["src-bodies", "confidence"] == "low"
