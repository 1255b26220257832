"""The one vocabulary of marks and the one confidence scale: declared once, read everywhere."""

from dialogue_analysis.data import schema
from dialogue_analysis.data.vocabulary import (
    CONFIDENCE_SCALE,
    LABELS,
    MARKS,
    confidence_definition,
)


def test_each_kind_of_mark_has_its_own_symbol():
    symbols = [mark.symbol for mark in MARKS.values() if mark.symbol]
    assert len(symbols) == len(set(symbols))  # '?' cannot mean two things
    assert {"confirmed", "unknown", "low_confidence", "derived", "suspended"} <= set(MARKS)
    assert MARKS["confirmed"].symbol == ""  # the plain case carries no mark


def test_a_marks_sentence_opens_with_its_legend_words():
    for mark in MARKS.values():
        assert mark.sentence.startswith(f"{mark.words}: ")
        assert mark.key() == f"{mark.symbol} {mark.sentence}".strip()


def test_the_confidence_scale_covers_the_vocabulary_and_is_the_data_dictionarys():
    assert list(CONFIDENCE_SCALE) == list(LABELS["confidence"])
    described = {
        column.description
        for table in schema.TABLES.values()
        for column in table.columns
        if column.name == "confidence"
    }
    assert described == {confidence_definition()}
    assert confidence_definition().startswith("high: official or primary source")


def test_the_low_confidence_mark_explains_itself_with_the_scale():
    assert CONFIDENCE_SCALE["low"] in MARKS["low_confidence"].sentence
