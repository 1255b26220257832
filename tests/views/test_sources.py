"""The sources tables on the tiny dataset: every cited source, who cites it and how surely."""

import pytest

from dialogue_analysis.views import sources as view
from tests.fixtures import tiny


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


def test_text_fragment_of_a_short_quote_is_the_whole_quote():
    url = view.text_fragment_url("https://example.org/news", "Palau becomes 196th member")
    assert url == "https://example.org/news#:~:text=Palau%20becomes%20196th%20member"


def test_text_fragment_encodes_the_directives_syntax_characters():
    url = view.text_fragment_url("https://x.org/a", "co-operation, law & order")
    directive = url.split("#:~:text=", 1)[1]
    assert "-" not in directive and "," not in directive and "&" not in directive
    assert directive == "co%2Doperation%2C%20law%20%26%20order"


def test_text_fragment_of_a_long_or_elided_quote_is_its_first_and_last_words():
    quote = "The two-day (3 and 4 May) Dialogue … is being held at INTERPOL’s General Secretariat"
    url = view.text_fragment_url("https://x.org/n#top", quote)
    base, directive = url.split(":~:text=", 1)
    assert base == "https://x.org/n#top"  # the page's own fragment is kept
    start, end = directive.split(",")
    assert start == "The%20two%2Dday%20%283%20and"
    assert end == "at%20INTERPOL%E2%80%99s%20General%20Secretariat"
    long = " ".join(f"w{i}" for i in range(20))
    assert view.text_fragment_url("https://x.org", long).endswith(
        "text=w0%20w1%20w2%20w3,w16%20w17%20w18%20w19"
    )


def test_without_a_quote_the_address_is_unchanged():
    assert view.text_fragment_url("https://x.org/a", None) == "https://x.org/a"
    assert view.text_fragment_url("https://x.org/a", "  ") == "https://x.org/a"


def test_source_table_links_point_at_the_first_quote(data):
    data.participation.loc[data.participation.index[0], "quote"] = "hosted the meeting"
    table = view.report_sources(data, ("participation",)).set_index("source_id")
    assert table.at["src-participation", "url"] == (
        "https://x/src-participation#:~:text=hosted%20the%20meeting"
    )
