"""Sources are cited at their publisher's address, and their kind caps the rows resting on them."""

import pandas as pd
import pytest

from dialogue_analysis.data.validation import (
    check_confidence_caps,
    confidence_caps,
    is_copy_host,
)
from dialogue_analysis.data.vocabulary import KIND_CAPS, LABELS, VOCABULARIES

SOURCES = pd.DataFrame(
    {
        "source_id": ["gov", "news", "wiki", "copy", "study"],
        "kind": ["official_primary", "press", "reference_work", "copy", "secondary"],
    }
)


def rows(*cited: tuple[str, str | None, str]) -> pd.DataFrame:
    """Fact rows (source_id, more_source_ids, confidence), indexed from line 2."""
    frame = pd.DataFrame(cited, columns=["source_id", "more_source_ids", "confidence"])
    frame.index = pd.RangeIndex(2, 2 + len(frame), name="line")
    return frame.astype("string")


@pytest.mark.parametrize(
    ("source_id", "more", "cap"),
    [
        ("gov", None, "high"),
        ("news", None, "medium"),
        ("wiki", None, "medium"),
        ("study", None, "medium"),
        ("copy", None, "low"),
        ("copy", "news", "medium"),  # the best of its sources
        ("copy", "wiki;gov", "high"),
        ("news", "unknown-id", "medium"),  # an unknown id is reported elsewhere, not counted
    ],
)
def test_a_row_is_capped_by_its_best_source(source_id, more, cap):
    assert confidence_caps(rows((source_id, more, "low")), SOURCES).at[2, "cap"] == cap


def test_only_rows_above_their_cap_are_problems_naming_file_line_value_and_sources():
    frame = rows(("copy", None, "medium"), ("news", None, "medium"), ("wiki", "copy", "high"))
    problems = check_confidence_caps(frame, SOURCES, "memberships.csv")
    assert [(p.file, p.line, p.column, p.value) for p in problems] == [
        ("memberships.csv", 2, "confidence", "medium"),
        ("memberships.csv", 4, "confidence", "high"),
    ]
    assert problems[0].expected.startswith("at most low, as its sources are copy (copy on")
    assert "wiki (reference work), copy (copy on a third-party host)" in problems[1].expected


def test_every_kind_has_a_cap_and_a_label():
    assert set(KIND_CAPS) == set(VOCABULARIES["source_kind"]) == set(LABELS["source_kind"])
    assert KIND_CAPS["official_primary"] == "high" and KIND_CAPS["copy"] == "low"


@pytest.mark.parametrize(
    ("url", "copy"),
    [
        ("http://bp.piusbird.space/https:/en.wikipedia.org/w/index.php", True),
        ("https://html.pdfcookie.com/02/2019/x.html", True),  # a subdomain of a listed host
        ("https://9dok.net/article/x", True),
        ("https://en.wikipedia.org/wiki/Interpol", False),
        ("https://www.interpol.int/en/News-and-Events", False),
        ("https://notdocslib.org/doc/1", False),  # a host merely ending in a listed name
    ],
)
def test_copy_hosts_are_recognised_by_host(url, copy):
    assert is_copy_host(url) is copy


# --- The shipped sources -------------------------------------------------------------------------


def test_every_source_has_a_kind(data):
    assert data.sources["kind"].notna().all()


def test_no_source_is_cited_at_a_copys_address(data):
    cited = data.sources.dropna(subset=["url"])
    on_copies = cited[cited["url"].map(is_copy_host)]
    assert on_copies.empty, on_copies[["source_id", "url"]].to_string()


def test_a_copy_is_kept_apart_and_never_cited(data):
    src = data.sources
    copies = src[src["copy_url"].notna()]
    assert len(copies) >= 7  # the proxy, the mirrors and the document copies found
    assert not (copies["url"] == copies["copy_url"]).fillna(False).any()
    # A source whose original was not found is a copy, and has no cited address.
    no_original = src[src["kind"] == "copy"]
    assert no_original["url"].isna().all(), no_original[["source_id", "url"]].to_string()
    assert no_original["copy_url"].notna().all()
