"""The meeting a text is about, and the earlier meetings it mentions.

``find_meeting`` finds the meeting's dates, number (an ordinal: 'third edition'), place, venue
and format, and the earlier meetings the text mentions; ``is_past`` tells a sentence about an
earlier meeting. Every fact keeps the sentences that state it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dialogue_analysis.data import names
from dialogue_analysis.data.dates import FoundDate, find_dates, fold
from dialogue_analysis.intake import words
from dialogue_analysis.intake.curated import Curated
from dialogue_analysis.intake.text import Sentence


@dataclass(frozen=True)
class Fact:
    """A value found in the text and the sentences that state it."""

    value: str
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class Meeting:
    """What the text says about a meeting.

    Attributes:
        dates: The meeting's days as found, or None.
        dates_written: The dates as a raw cell writes them (the year added when the text leaves
            it out).
        number: The edition's ordinal, or None.
        city: The city, or None. country: the country's ISO alpha-3 code, or None.
        venue: The building or site, or None.
        format: in_person, virtual, hybrid or not_stated.
        name_used: The name the text gives the meeting, or None.
        is_mention: Whether it is an earlier meeting the text mentions.
        year_added: The year added to dates written without one, or None.
    """

    dates: FoundDate | None
    dates_written: str | None
    date_sentence: Sentence | None
    number: Fact | None = None
    city: Fact | None = None
    country: Fact | None = None
    venue: Fact | None = None
    format: Fact | None = None
    name_used: str | None = None
    is_mention: bool = False
    year_added: int | None = None
    working_group: bool = False


def _place_in(
    sentence: Sentence, country_index: Mapping[str, str], cities: Mapping[str, str]
) -> tuple[str | None, str | None]:
    """(city, ISO alpha-3) that a sentence gives: a dateline, 'in City, Country' or a known city."""
    text = sentence.text
    dateline = words.DATELINE.match(text)
    if dateline and (iso3 := country_index.get(names.name_key(dateline.group(2)))):
        return dateline.group(1).strip().title(), iso3
    alone = next(filter(None, (p.match(text) for p in words.DATELINE_CITY)), None)
    if alone:
        city = alone.group(1).strip().title()
        return city, country_index.get(names.name_key(city))
    for match in words.IN_CITY_COUNTRY.finditer(text):
        if iso3 := country_index.get(names.name_key(match.group(2))):
            return match.group(1), iso3
    for match in words.IN_CITY.finditer(text):
        if match.group(1) in cities:
            return match.group(1), cities[match.group(1)]
    return None, None


def _venue_in(sentence: Sentence, body_index: Mapping[str, str]) -> str | None:
    """The building or site a sentence names ('at the INTERPOL Global Complex for Innovation')."""
    for match in words.AT_VENUE.finditer(sentence.text):
        venue = words.VENUE_TAIL.sub("", match.group(1))
        if (
            " " in venue
            and names.name_key(venue) not in body_index
            and not words.NOT_A_VENUE.search(venue)
        ):
            return venue
    return None


def _ordinal_in(sentence: Sentence) -> int | None:
    """The edition number an ordinal in the sentence gives ('third edition', '8th Dialogue')."""
    match = words.ORDINAL.search(fold(sentence.text))
    if match is None:
        return None
    word = match.group(1)
    return words.ORDINALS.get(word) or int(re.match(r"\d+", word).group())  # type: ignore[union-attr]


def _name_used(text: str) -> str | None:
    """The name the text gives the Dialogue, longest form first."""
    full = words.NAME_USED.search(text)
    if full:
        return words.NAME_TAIL.sub("", full.group())
    if "the Dialogue" in text:
        return "the Dialogue"
    return "Dialogue" if "Dialogue" in text else None


def find_meeting(
    text: str,
    sentences: Sequence[Sentence],
    year: int | None,
    curated: Curated,
) -> tuple[Meeting | None, list[Meeting]]:
    """The meeting the text is about, and the earlier meetings it mentions.

    The meeting's dates are the best-placed dates in a sentence about a meeting (meeting words,
    'held', 'during', a day range) that is neither a dateline alone on its line nor about the
    past ('previous', 'first meeting', 'were held'); dates in past sentences are mentions.

    Args:
        text: The source text.
        sentences: Its sentences.
        year: Year of dates written without one (the publication year), or None.
        curated: The data (for known cities and the body index).

    Returns:
        The meeting (None when no sentence dates one) and the mentioned meetings.
    """
    body_index = curated.body_index
    cities = curated.cities
    candidates: list[tuple[int, int, FoundDate]] = []
    mentions: list[Meeting] = []
    for i, sentence in enumerate(sentences):
        folded = fold(sentence.text)
        found = find_dates(sentence.text, year)
        if not found:
            continue
        if words.PAST.search(folded) and words.MEETING_NOUNS.search(folded):
            mentions += _mentions_in(sentence, found, curated.country_index, cities, body_index)
            continue
        for date in found:
            score = 0
            if sentence.text.strip(" .,") == date.written.strip():
                score -= 4  # the publication date, alone on its line
            score += 3 if words.MEETING_NOUNS.search(folded) else 0
            score += 2 if words.HELD.search(folded) else 0
            if date.span.precision == "day":
                score += 3 if date.span.end > date.span.start else 1  # a span of days, a day
            candidates.append((score, -i, date))
    best = max(candidates, key=lambda c: (c[0], c[1]), default=None)
    if best is None or best[0] < 3:
        return None, mentions
    date = best[2]
    date_sentence = sentences[-best[1]]
    # Meetings dated before this one in other sentences about meetings are earlier meetings
    # ("the first meeting in March 2016 in Singapore").
    earlier: dict[int, list[FoundDate]] = {}
    for score, minus_i, found_date in candidates:
        if -minus_i != -best[1] and score >= 3 and found_date.span.end < date.span.start:
            earlier.setdefault(-minus_i, []).append(found_date)
    for i, found in sorted(earlier.items()):
        mentions += _mentions_in(sentences[i], found, curated.country_index, cities, body_index)
    others = [s for i, s in enumerate(sentences) if not is_past(s) and i not in earlier]
    number = next((Fact(str(n), (s,)) for s in others if (n := _ordinal_in(s)) is not None), None)
    city = country = venue = None
    for sentence in [date_sentence, *others]:
        found_city, iso3 = _place_in(sentence, curated.country_index, cities)
        if found_city:
            city = Fact(found_city, (sentence,))
            country = Fact(iso3, (sentence,)) if iso3 else None
            break
    if (found_venue := _venue_in(date_sentence, body_index)) is not None:
        venue = Fact(found_venue, (date_sentence,))
    meeting_format = _format_in(others)
    written = date.written if date.has_year else f"{date.written} {year}"
    return (
        Meeting(
            dates=date,
            dates_written=written,
            date_sentence=date_sentence,
            number=number,
            city=city,
            country=country,
            venue=venue,
            format=meeting_format,
            name_used=_name_used(text),
            year_added=None if date.has_year else year,
            working_group="working group" in fold(date_sentence.text),
        ),
        mentions,
    )


def is_past(sentence: Sentence) -> bool:
    """Whether a sentence is about an earlier meeting ('the previous meeting', 'since')."""
    folded = fold(sentence.text)
    return bool(words.PAST.search(folded) and words.MEETING_NOUNS.search(folded))


def _format_in(sentences: Sequence[Sentence]) -> Fact | None:
    """The meeting's format if a sentence states it (online, hybrid, in person)."""
    for value, pattern in words.FORMATS:
        for sentence in sentences:
            if pattern.search(fold(sentence.text)):
                return Fact(value, (sentence,))
    return None


def _mentions_in(
    sentence: Sentence,
    found: Sequence[FoundDate],
    country_index: Mapping[str, str],
    cities: Mapping[str, str],
    body_index: Mapping[str, str],
) -> list[Meeting]:
    """Earlier meetings a sentence mentions, paired with places listed 'respectively'."""
    places = [
        m
        for m in words.AT_VENUE_IN_CITY.finditer(sentence.text)
        if m.group("city") in cities or country_index.get(names.name_key(m.group("city")))
    ]
    if len(places) != len(found):  # not paired one to one: only a single place fits all
        places = places[:1] * len(found) if len(places) == 1 else []
    ordinal = _ordinal_in(sentence)
    out = []
    for j, date in enumerate(found):
        city = venue = country = None
        if places:
            name = places[j].group("city")
            city = Fact(name, (sentence,))
            if iso3 := country_index.get(names.name_key(name)) or cities.get(name):
                country = Fact(iso3, (sentence,))
            if places[j].group("venue"):
                venue = Fact(re.sub(r"^the\s+", "", places[j].group("venue")), (sentence,))
        number = Fact(str(ordinal), (sentence,)) if ordinal and len(found) == 1 else None
        out.append(
            Meeting(
                dates=date,
                dates_written=date.written,
                date_sentence=sentence,
                number=number,
                city=city,
                country=country,
                venue=venue,
                is_mention=True,
            )
        )
    return out
