"""What the text says: the bodies it names, the meeting, the earlier meetings and the roles.

``read_curated`` reads the curated tables whose spellings (bodies, countries, cities) the
finders look names up in; ``find_bodies`` and ``find_unknown_bodies`` find organisation names,
``find_meeting`` the meeting's dates, number, place and format and the earlier meetings it
mentions, and ``find_roles`` each body's role. Every fact keeps the sentences that state it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dialogue_analysis.data import countries, names
from dialogue_analysis.data.dates import FoundDate, find_dates, fold
from dialogue_analysis.data.propose.text import Sentence

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------------
# What the data already holds


@dataclass(frozen=True)
class Curated:
    """The curated tables a text is compared with, and the lookups finding needs.

    Attributes:
        editions: Cleaned editions, indexed by their line in the raw file.
        participation: Cleaned participation rows, indexed by line.
        sources: Cleaned sources, indexed by line.
        bodies: Cleaned bodies, indexed by line.
        country_index: name key -> ISO alpha-3 (pycountry plus country_names.csv).
        raw_dir: The raw folder they were read from.
        n_problems: How many problems the raw data has (0 for valid data).
    """

    editions: pd.DataFrame
    participation: pd.DataFrame
    sources: pd.DataFrame
    bodies: pd.DataFrame
    country_index: Mapping[str, str]
    raw_dir: Path
    n_problems: int = 0

    @property
    def body_index(self) -> dict[str, str]:
        """Map from the name key of every spelling in bodies.csv to its body_id."""
        return names.build_alias_index(self.bodies)

    @property
    def cities(self) -> dict[str, str]:
        """Cities the data knows (meeting cities and headquarters) -> their ISO alpha-3 code."""
        pairs = pd.concat(
            [
                self.editions[["city", "country_iso3"]],
                self.bodies[["hq_city", "hq_country_iso3"]].set_axis(
                    ["city", "country_iso3"], axis=1
                ),
            ]
        ).dropna()
        return dict(zip(pairs["city"].astype(str), pairs["country_iso3"].astype(str), strict=True))


def read_curated(raw_dir: Path) -> Curated:
    """Read and clean the raw tables (nothing is written), for comparing proposals with them."""
    from dialogue_analysis.data.pipeline import clean_all

    clean, problems = clean_all(Path(raw_dir))
    if problems:
        logger.warning(
            "%s has %d problem(s); compared with what could be read", raw_dir, len(problems)
        )
    known = clean["country_names"].dropna(subset=["name", "country_iso3"])
    extra = dict(zip(known["name"], known["country_iso3"], strict=True))
    return Curated(
        editions=clean["editions"],
        participation=clean["participation"],
        sources=clean["sources"],
        bodies=clean["bodies"],
        country_index=countries.build_country_index(extra),
        raw_dir=Path(raw_dir),
        n_problems=len(problems),
    )


# ---------------------------------------------------------------------------------------------
# Bodies


@dataclass(frozen=True)
class BodyMention:
    """A body named in the text.

    Attributes:
        body_id: The body, from bodies.csv.
        written: The name as the text writes it.
        start: Offset of its first character.
        end: Offset after its last character.
    """

    body_id: str
    written: str
    start: int
    end: int


@dataclass(frozen=True)
class UnknownBody:
    """An organisation name that looks like a body but matches no spelling in bodies.csv."""

    written: str
    sentence: Sentence


def _sentence_at(sentences: Sequence[Sentence], offset: int) -> int:
    """Index of the sentence holding ``offset``."""
    for i, sentence in enumerate(sentences):
        if sentence.start <= offset < sentence.end:
            return i
    return max(0, len(sentences) - 1)


def _spelling_pattern(spelling: str) -> str:
    """A spelling as a pattern matching it in any case, accents and punctuation between words."""
    tokens = re.findall(r"[^\W_]+", fold(spelling))
    return r"[^\w\n]{0,3}".join(map(re.escape, tokens))


def find_bodies(text: str, bodies: pd.DataFrame) -> list[BodyMention]:
    """Every body the text names, by its id, acronym, full name or any alias in bodies.csv.

    Case, accents and punctuation do not matter ('the Gulf Cooperation Council-POL', 'GCC POL',
    'Ameripol'), except for spellings of four letters or fewer ('EU', 'SCO', 'ICPO'), which
    must be written in capitals so that 'au' or 'eco' in running words are not taken for one.
    Where names overlap, the longest wins ('Gulf Cooperation Council-POL' over 'Gulf
    Cooperation Council'). A body named as the owner of the next one ("the African Union's
    AFRIPOL") is left out.

    Args:
        text: The source text.
        bodies: The bodies table (body_id, acronym, full_name, aliases).

    Returns:
        The mentions in text order.
    """
    long_parts, short_parts = [], []
    for row in bodies.itertuples(index=False):
        spellings = [row.body_id, row.acronym, row.full_name]
        if isinstance(row.aliases, str):
            spellings += row.aliases.split(names.ALIAS_SEPARATOR)
        for spelling in {str(s).strip() for s in spellings if isinstance(s, str) and s.strip()}:
            key = names.name_key(spelling)
            if not key:
                continue
            if len(key) <= 4:
                short_parts.append((spelling.upper().replace("_", " "), row.body_id))
            else:
                long_parts.append((_spelling_pattern(spelling), row.body_id))
    folded = fold(text)
    found: list[BodyMention] = []
    for pattern, body_id in long_parts:
        for m in re.finditer(rf"(?<![^\W_]){pattern}(?![^\W_])", folded):
            found.append(BodyMention(body_id, text[m.start() : m.end()], m.start(), m.end()))
    for spelling, body_id in short_parts:
        for m in re.finditer(rf"(?<![^\W_]){_spelling_pattern(spelling).upper()}(?![^\W_])", text):
            found.append(BodyMention(body_id, m.group(), m.start(), m.end()))
    found.sort(key=lambda b: (b.start, -(b.end - b.start)))
    kept: list[BodyMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue  # inside a longer name already kept
        kept.append(mention)
    owners = {
        i
        for i, (a, b) in enumerate(zip(kept, kept[1:], strict=False))
        if re.fullmatch(r"[’']s\s+(?:the\s+)?", text[a.end : b.start])
    }
    return [m for i, m in enumerate(kept) if i not in owners]


_ORG_HEAD = (
    r"(?:Organi[sz]ations?|Agency|Council|Office|Police|Commission|Union|Community|Centre|Center)"
)
_CAP_WORD = r"(?:[A-Z][\w’'-]*)"
_UNKNOWN_ORG = re.compile(
    rf"\b{_CAP_WORD}(?:\s+(?:(?:of|for|on|the|de|des|du|la|le)\s+)*{_CAP_WORD})*?\s+(?:of\s+)?{_ORG_HEAD}\b"
    rf"(?:\s+(?:of|for|on)\s+(?:the\s+)?{_CAP_WORD}(?:\s+(?:and\s+)?{_CAP_WORD})*)?"
    rf"|\b[A-Z]{{2,}}-?POL\b"
)
_LEADING = re.compile(r"^(?:The|This|That|These|Its|Their|Our|And|In|At|From|With|By|For|Of)\s+")


def find_unknown_bodies(
    text: str, sentences: Sequence[Sentence], known: Sequence[BodyMention], index: Mapping[str, str]
) -> list[UnknownBody]:
    """Organisation names that look like bodies but are in no spelling of bodies.csv.

    Looked for: capitalised names ending in Organization, Agency, Council, Office, Police,
    Commission, Union, Community or Centre (with an 'of ...' tail), and capitalised acronyms
    ending in POL. A name that overlaps a known body's mention, or resolves to one once a
    leading article is dropped, is not unknown.

    Returns:
        Each distinct unknown name once, with the first sentence naming it.
    """
    out: dict[str, UnknownBody] = {}
    for match in _UNKNOWN_ORG.finditer(text):
        written = _LEADING.sub("", match.group()).strip()
        start = match.start() + match.group().index(written)
        end = start + len(written)
        if "\n" in written or any(b.start < end and start < b.end for b in known):
            continue
        key = names.name_key(written)
        if key in index or names.name_key(re.sub(r"[’']s\b", "", written)) in index:
            continue
        out.setdefault(key, UnknownBody(written, sentences[_sentence_at(sentences, start)]))
    return list(out.values())


# ---------------------------------------------------------------------------------------------
# The meeting

_ORDINALS = {
    **dict.fromkeys(["first", "premier", "premiere", "1st", "1er", "1re"], 1),
    **dict.fromkeys(["second", "deuxieme", "seconde", "2nd", "2e", "2eme"], 2),
    **dict.fromkeys(["third", "troisieme", "3rd", "3e", "3eme"], 3),
    **dict.fromkeys(["fourth", "quatrieme"], 4),
    **dict.fromkeys(["fifth", "cinquieme"], 5),
    **dict.fromkeys(["sixth", "sixieme"], 6),
    **dict.fromkeys(["seventh", "septieme"], 7),
    **dict.fromkeys(["eighth", "huitieme"], 8),
    **dict.fromkeys(["ninth", "neuvieme"], 9),
    **dict.fromkeys(["tenth", "dixieme"], 10),
    **dict.fromkeys(["eleventh", "onzieme"], 11),
    **dict.fromkeys(["twelfth", "douzieme"], 12),
}
_ORDINAL = re.compile(
    r"\b("
    + "|".join(sorted(_ORDINALS, key=len, reverse=True))
    + r"|\d{1,2}(?:st|nd|rd|th|e|eme|er|re))"
    r"\s+(?:[\w’'-]+\s+){0,3}?(edition|dialogue|meeting|session|edicion|reunion)\b"
)
_MEETING_WORDS = re.compile(
    r"\b(?:meeting|dialogue|edition|conference|session|gathering|forum|summit|working group|"
    r"reunion|rencontre)s?\b"
)
_HELD_WORDS = re.compile(
    r"\b(?:held|hold|took place|take place|takes place|during|convened|met|meet|meeting|"
    r"hosted|opened|gathered|brought together|came together|two-day|three-day|"
    r"s[’']est tenue?|se tiendra|se tient|a eu lieu|a reuni|reunit)\b"
)
_PAST_WORDS = re.compile(
    r"\b(?:previous|preceding|prior|former|earlier|last|past|precedente?s?|derniere|"
    r"since)\b"
)
_FORMATS = (
    ("hybrid", re.compile(r"\bhybrid[e]?\b")),
    (
        "virtual",
        re.compile(
            r"\b(?:virtual(?:ly)? (?:meeting|format|session|dialogue|edition|event|conference)|"
            r"(?:held|met|meeting|took place|convened) (?:virtually|online)|online meeting|"
            r"video ?conferenc\w*|visioconference|en ligne)\b"
        ),
    ),
    ("in_person", re.compile(r"\b(?:in[- ]person|face[- ]to[- ]face|en presentiel)\b")),
)


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
    dateline = re.match(r"^([A-Z][A-Za-z .'’-]+?),\s+([A-Z][\w .'’-]+?)\s+[–—-]\s", text)
    if dateline and (iso3 := country_index.get(names.name_key(dateline.group(2)))):
        return dateline.group(1).strip().title(), iso3
    alone = re.match(r"^([A-Z][A-Z .'’-]+?)\s+[–—-]\s", text) or re.match(
        r"^.{0,80}?\(([A-Z][\w .'’-]+)\)\s+[–—-]\s", text
    )
    if alone:
        city = alone.group(1).strip().title()
        return city, country_index.get(names.name_key(city))
    for match in re.finditer(
        r"\b(?:in|à|en)\s+([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*),\s+((?:the\s+)?[A-Z][\w’'-]+(?:\s+(?:of\s+)?[A-Z][\w’'-]+)*)",
        text,
    ):
        if iso3 := country_index.get(names.name_key(match.group(2))):
            return match.group(1), iso3
    for match in re.finditer(r"\b(?:in|à)\s+([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)", text):
        if match.group(1) in cities:
            return match.group(1), cities[match.group(1)]
    return None, None


def _venue_in(sentence: Sentence, body_index: Mapping[str, str]) -> str | None:
    """The building or site a sentence names ('at the INTERPOL Global Complex for Innovation')."""
    for match in re.finditer(
        r"\bat\s+(?:the\s+)?((?:[A-Z][\w’'-]*)(?:\s+(?:[A-Z][\w’'-]*|of|for|and|headquarters|"
        r"complex|secretariat))*)",
        sentence.text,
    ):
        venue = re.sub(r"\s+(?:of|for|and)$", "", match.group(1))
        if (
            " " in venue
            and names.name_key(venue) not in body_index
            and not re.search(r"\b(?:Dialogue|Meeting|Edition|Session)\b", venue, re.I)
        ):
            return venue
    return None


def _ordinal_in(sentence: Sentence) -> int | None:
    """The edition number an ordinal in the sentence gives ('third edition', '8th Dialogue')."""
    match = _ORDINAL.search(fold(sentence.text))
    if match is None:
        return None
    word = match.group(1)
    return _ORDINALS.get(word) or int(re.match(r"\d+", word).group())  # type: ignore[union-attr]


def _name_used(text: str) -> str | None:
    """The name the text gives the Dialogue, longest form first."""
    full = re.search(
        r"(?:INTERPOL\s+)?Dialogue\s+on\s+(?:an?\s+)?[A-Z][\w-]*(?:\s+(?:[A-Z][\w-]*|against|for|of|and|on))*",
        text,
    )
    if full:
        return re.sub(r"\s+(?:against|for|of|and|on)$", "", full.group())
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
        if _PAST_WORDS.search(folded) and _MEETING_WORDS.search(folded):
            mentions += _mentions_in(sentence, found, curated.country_index, cities, body_index)
            continue
        for date in found:
            score = 0
            if sentence.text.strip(" .,") == date.written.strip():
                score -= 4  # the publication date, alone on its line
            score += 3 if _MEETING_WORDS.search(folded) else 0
            score += 2 if _HELD_WORDS.search(folded) else 0
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
    others = [s for i, s in enumerate(sentences) if not _is_past(s) and i not in earlier]
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


def _is_past(sentence: Sentence) -> bool:
    folded = fold(sentence.text)
    return bool(_PAST_WORDS.search(folded) and _MEETING_WORDS.search(folded))


def _format_in(sentences: Sequence[Sentence]) -> Fact | None:
    """The meeting's format if a sentence states it (online, hybrid, in person)."""
    for value, pattern in _FORMATS:
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
        for m in re.finditer(
            r"\b(?:at\s+(?P<venue>(?:the\s+)?[A-Z][^,;.]*?)\s+)?in\s+(?P<city>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)",
            sentence.text,
        )
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


# ---------------------------------------------------------------------------------------------
# Roles

_OBSERVER = re.compile(
    r"\bobserv(?:er|ers|ateur|ateurs|ing organi[sz]ations?)\b|statut d[’']observateur"
)
_MEMBER = re.compile(
    r"\bmembership\b|\bmembers? of the dialogue\b|\bmember organi[sz]ations\b|"
    r"\bthe dialogue (?:includes|comprises|is comprised of|is made up of)\b|\bmembres du dialogue\b"
)
_PARTICIPANT = re.compile(
    r"\b(?:including|includes|representatives?|participants?|participated|participating|"
    r"took part|attended|attending|delegates?|delegations?|brought together|gathered|came together|"
    r"come together|joined|heads? of|senior officials|reunit|reuni|participe\w*|notamment)\b"
)
_CO_HOST = re.compile(r"\bco-?(?:hosted|host|organi[sz]ed|organise)\b|\bjointly hosted\b")
_HOST_BEFORE = re.compile(
    r"(?:co-?)?(?:hosted|organi[sz]ed|convened|organise|accueilli|organisee?)\s+(?:by|par)\s+"
    r"(?:the\s+|l[’']|la\s+|le\s+)?$|"
    r"\bat the invitation of\s+(?:the\s+)?$|\bunder\s+(?:the\s+)?$|"
    r"\bsous l[’']egide\s+(?:mondiale\s+)?d[’']$"
)
_HOST_AFTER = re.compile(
    r"^(?:[’']s\s+(?:global\s+)?(?:umbrella|auspices|aegis)"
    r"|\s+(?:has|have)\s+(?:brought together|gathered|convened|hosted)|\s+hosted\b)"
)
_ATTENDANCE = (
    ("virtual", re.compile(r"\b(?:virtual(?:ly)?|online|by video|en ligne)\b")),
    ("in_person", re.compile(r"\b(?:in[- ]person|physical attendance|en presentiel)\b")),
)


@dataclass(frozen=True)
class Role:
    """A body's role at the meeting, and the sentence that gives it."""

    body_id: str
    written: str
    role: str
    attendance: str
    sentence: Sentence
    confidence: str
    note: str = ""


def find_roles(
    text: str,
    sentences: Sequence[Sentence],
    mentions: Sequence[BodyMention],
    parents: set[str],
    skip: frozenset[Sentence] = frozenset(),
) -> list[Role]:
    """Each body's role at the meeting: host, co-host, member, observer or participant.

    A host is named by 'hosted by', 'organised by', 'convened by', 'under X's umbrella',
    'X has brought together'; two hosts, or 'co-hosted', make co-hosts. Bodies in a sentence
    about observers are observers, in one about the Dialogue's membership members, in one
    about who took part participants. A body named elsewhere only is a participant of low
    confidence. Bodies named only in sentences about earlier meetings, and parent
    organisations named in passing, get no row.

    Args:
        text: The source text.
        sentences: Its sentences.
        mentions: The bodies it names (`find_bodies`).
        parents: Bodies that are parent organisations, not Dialogue participants.
        skip: Sentences about earlier meetings (their bodies get no row).

    Returns:
        One role per body and role, in the order the text first gives them.
    """
    roles: dict[tuple[str, str], Role] = {}
    by_sentence: dict[int, list[BodyMention]] = {}
    for mention in mentions:
        if re.search(r"dialogue\s*$", fold(text[max(0, mention.start - 12) : mention.start])) or (
            re.match(r"^[’']?s?\s*dialogue\b", fold(text[mention.end : mention.end + 12]))
        ):
            continue  # part of the meeting's name ('the INTERPOL Dialogue'), not a participant
        by_sentence.setdefault(_sentence_at(sentences, mention.start), []).append(mention)
    named_only: dict[str, BodyMention] = {}
    for i, in_sentence in sorted(by_sentence.items()):
        sentence = sentences[i]
        folded = fold(sentence.text)
        if _is_past(sentence) or sentence in skip:
            continue
        attendance = next((a for a, p in _ATTENDANCE if p.search(folded)), "not_stated")
        hosts = [
            m
            for m in in_sentence
            if _HOST_BEFORE.search(fold(text[max(sentence.start, m.start - 60) : m.start]))
            or _HOST_AFTER.match(fold(text[m.end : m.end + 40]))
        ]
        if hosts:  # "hosted by X and Y": the bodies listed right after the first host
            for m in in_sentence:
                if m.start > hosts[-1].end and re.fullmatch(
                    r",?\s+(?:and|et)\s+(?:the\s+)?",
                    text[hosts[-1].end : m.start],
                ):
                    hosts.append(m)
        co = len(hosts) > 1 or _CO_HOST.search(folded) is not None
        role_here = (
            "observer"
            if _OBSERVER.search(folded)
            else "member"
            if _MEMBER.search(folded)
            else "participant"
            if _PARTICIPANT.search(folded)
            else None
        )
        marked = {
            m
            for m in in_sentence
            if re.match(r"\W{0,3}(?:as\s+)?(?:an?\s+)?observ", fold(text[m.end : m.end + 20]))
        }
        # "... AFRIPOL, UNODC (as an observer), ...": only the bodies so marked are observers.
        mixed = role_here == "observer" and bool(marked) and len(marked) < len(in_sentence)
        for m in in_sentence:
            if m in hosts:
                role, note = ("co_host" if co else "host"), ""
            elif mixed:
                role, note = ("observer" if m in marked else "participant"), ""
            elif role_here is not None:
                role, note = role_here, ""
            else:
                named_only.setdefault(m.body_id, m)
                continue
            if m.body_id in parents and role == "participant":
                continue
            confidence = "high" if role != "participant" or role_here else "medium"
            roles.setdefault(
                (m.body_id, role),
                Role(m.body_id, m.written, role, attendance, sentence, confidence, note),
            )
    # A participant row says no more than a host, member or observer row of the same body.
    with_role = {body_id for body_id, role in roles if role != "participant"}
    roles = {k: r for k, r in roles.items() if k[1] != "participant" or k[0] not in with_role}
    with_role |= {body_id for body_id, _ in roles}
    for body_id, m in named_only.items():
        if body_id in with_role or body_id in parents:
            continue
        roles[(body_id, "participant")] = Role(
            body_id,
            m.written,
            "participant",
            "not_stated",
            sentences[_sentence_at(sentences, m.start)],
            "low",
            "named, but the text does not say it took part",
        )
    return sorted(roles.values(), key=lambda r: r.sentence.start)
