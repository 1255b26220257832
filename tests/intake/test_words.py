"""The word tables every finder reads: what a sentence says about roles, formats and editions."""

from __future__ import annotations

import pytest

from dialogue_analysis.data.dates import fold
from dialogue_analysis.intake import words
from dialogue_analysis.intake.meeting import _ordinal_in
from dialogue_analysis.intake.text import Sentence


def role_of(sentence: str) -> str | None:
    folded = fold(sentence)
    return next((role for role, pattern in words.ROLES if pattern.search(folded)), None)


def format_of(sentence: str) -> str | None:
    folded = fold(sentence)
    return next((value for value, pattern in words.FORMATS if pattern.search(folded)), None)


@pytest.mark.parametrize(
    ("sentence", "role"),
    [
        # An observer sentence also holds participant words: observer wins.
        ("UNODC attended the meeting as an observer.", "observer"),
        ("L’ONUDC y a participé avec le statut d’observateur.", "observer"),
        ("The membership of the Dialogue includes AFRIPOL and Europol.", "member"),
        ("Les membres du Dialogue sont AFRIPOL et Europol.", "member"),
        ("Representatives of Europol and Frontex took part.", "participant"),
        ("The meeting brought together AFRIPOL and ASEANAPOL.", "participant"),
        ("Europol signed an agreement with Frontex.", None),
    ],
)
def test_the_role_a_sentence_gives_its_bodies(sentence: str, role: str | None) -> None:
    assert role_of(sentence) == role


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The meeting was held online on 2 March 2026.", "virtual"),
        ("La réunion s’est tenue en ligne.", "virtual"),
        ("A hybrid meeting took place in Lyon.", "hybrid"),
        ("Delegates met face to face in Singapore.", "in_person"),
        ("Frontex joined online.", None),  # how one body attended, not the meeting's format
    ],
)
def test_the_format_a_sentence_gives_the_meeting(sentence: str, value: str | None) -> None:
    assert format_of(sentence) == value


@pytest.mark.parametrize(
    ("sentence", "number"),
    [
        ("The third edition of the Dialogue", 3),
        ("La neuvième édition du Dialogue", 9),
        ("the 8th INTERPOL Dialogue meeting", 8),
        ("the first working group", None),  # not an edition
        ("the first time INTERPOL met them", None),
    ],
)
def test_an_ordinal_before_an_edition_noun_numbers_it(sentence: str, number: int | None) -> None:
    assert _ordinal_in(Sentence(0, len(sentence), sentence)) == number


def test_a_sentence_about_an_earlier_meeting_has_a_past_word_and_a_meeting_noun() -> None:
    folded = fold("The previous meeting was held in Singapore in March 2016.")
    assert words.PAST.search(folded) and words.MEETING_NOUNS.search(folded)
    assert not words.PAST.search(fold("The meeting was held in Lyon."))
