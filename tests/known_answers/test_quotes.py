"""Quotes that hold up: every high-confidence row quotes its source, word for word."""

import pytest

from dialogue_analysis.data.validation import quote_found

FACT_TABLES = ("editions", "bodies", "participation", "memberships", "states")


@pytest.mark.parametrize("name", FACT_TABLES)
def test_no_high_confidence_row_without_a_quote(data, name):
    frame = getattr(data, name)
    unquoted = frame[(frame["confidence"] == "high") & frame["quote"].isna()]
    assert unquoted.empty, unquoted[["source_id", "notes"]].to_string()


@pytest.mark.parametrize("name", ["editions", "participation"])
def test_most_meeting_rows_quote_the_sentence_they_rest_on(data, name):
    frame = getattr(data, name)
    assert frame["quote"].notna().mean() >= 0.8


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        ("the quick brown fox", True),
        ("the quick … lazy dog", True),
        ("quick  brown\nfox", True),  # whitespace is compared loosely
        ("lazy dog … the quick", False),  # pieces out of order
        ("the quick … cat", False),
        ("the quick brown fox’s", False),  # a typographic apostrophe is not a straight one
    ],
)
def test_quote_found_reads_elisions_piece_by_piece(quote, found):
    text = "the quick brown fox jumps over the lazy dog"
    assert quote_found(quote, text) is found
