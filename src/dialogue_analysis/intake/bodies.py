"""The bodies a text names and their roles at the meeting.

``find_bodies`` finds the bodies bodies.csv knows, by any of their spellings;
``find_unknown_bodies`` the organisation names that look like bodies but are in no spelling of
bodies.csv; ``find_roles`` each body's role (host, co-host, member, observer, participant) and
the sentence that gives it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from dialogue_analysis.data import names
from dialogue_analysis.data.dates import fold
from dialogue_analysis.intake import words
from dialogue_analysis.intake.meeting import is_past
from dialogue_analysis.intake.text import Sentence

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
        if words.OWNER_BETWEEN.fullmatch(text[a.end : b.start])
    }
    return [m for i, m in enumerate(kept) if i not in owners]


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
    for match in words.ORG_NAME.finditer(text):
        written = words.LEADING_WORD.sub("", match.group()).strip()
        start = match.start() + match.group().index(written)
        end = start + len(written)
        if "\n" in written or any(b.start < end and start < b.end for b in known):
            continue
        key = names.name_key(written)
        if key in index or names.name_key(words.POSSESSIVE.sub("", written)) in index:
            continue
        out.setdefault(key, UnknownBody(written, sentences[_sentence_at(sentences, start)]))
    return list(out.values())


# ---------------------------------------------------------------------------------------------
# Roles


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
        if words.DIALOGUE_BEFORE.search(
            fold(text[max(0, mention.start - 12) : mention.start])
        ) or words.DIALOGUE_AFTER.match(fold(text[mention.end : mention.end + 12])):
            continue  # part of the meeting's name ('the INTERPOL Dialogue'), not a participant
        by_sentence.setdefault(_sentence_at(sentences, mention.start), []).append(mention)
    named_only: dict[str, BodyMention] = {}
    for i, in_sentence in sorted(by_sentence.items()):
        sentence = sentences[i]
        folded = fold(sentence.text)
        if is_past(sentence) or sentence in skip:
            continue
        attendance = next((a for a, p in words.ATTENDANCE if p.search(folded)), "not_stated")
        hosts = [
            m
            for m in in_sentence
            if words.HOST_BEFORE.search(fold(text[max(sentence.start, m.start - 60) : m.start]))
            or words.HOST_AFTER.match(fold(text[m.end : m.end + 40]))
        ]
        if hosts:  # "hosted by X and Y": the bodies listed right after the first host
            for m in in_sentence:
                if m.start > hosts[-1].end and words.AND_NEXT.fullmatch(
                    text[hosts[-1].end : m.start]
                ):
                    hosts.append(m)
        co = len(hosts) > 1 or words.CO_HOST.search(folded) is not None
        role_here = next((role for role, p in words.ROLES if p.search(folded)), None)
        marked = {
            m for m in in_sentence if words.OBSERVER_MARK.match(fold(text[m.end : m.end + 20]))
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
