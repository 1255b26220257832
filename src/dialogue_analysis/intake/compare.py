"""Proposed rows and their comparison with the curated data.

``propose`` runs the finders over a source text and turns what they find into raw editions,
participation and sources rows (``Proposal``), each marked new, already in the data, or differs
from the data; ``Proposals`` holds them with the meeting, the mentioned meetings and the unknown
bodies found. ``review`` writes them out.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal
from urllib.parse import urlparse

import pandas as pd

from dialogue_analysis.data import countries, names
from dialogue_analysis.data.dates import DateSpan, find_dates, fold, parse_date_span
from dialogue_analysis.data.vocabulary import VOCABULARIES
from dialogue_analysis.intake import words
from dialogue_analysis.intake.bodies import (
    Role,
    UnknownBody,
    find_bodies,
    find_roles,
    find_unknown_bodies,
)
from dialogue_analysis.intake.curated import Curated
from dialogue_analysis.intake.meeting import Fact, Meeting, find_meeting
from dialogue_analysis.intake.text import Sentence, SourceText, quote_of, split_sentences

Status = Literal["new", "already in the data", "differs from the data"]

# ---------------------------------------------------------------------------------------------
# Proposals and their comparison with the data


@dataclass
class Proposal:
    """One proposed raw row, and how it compares with the curated data.

    Attributes:
        table: 'editions', 'participation' or 'sources'.
        row: The raw row: raw column -> cell text ('' for blank).
        status: new, already in the data, or differs from the data.
        differences: (column, proposed, in the data) for each value that differs.
        where: The curated row compared with ('data/raw/editions.csv:4'), or ''.
        label: A short description for people ('edition 3', 'UNODC observer at 3').
        is_mention: Whether it is an earlier meeting the text mentions.
    """

    table: str
    row: dict[str, str]
    status: Status = "new"
    differences: list[tuple[str, str, str]] = field(default_factory=list)
    where: str = ""
    label: str = ""
    is_mention: bool = False


@dataclass
class Proposals:
    """Everything proposed from one text."""

    source: SourceText
    source_id: str
    meeting: Meeting | None
    mentions: list[Meeting]
    rows: list[Proposal]
    unknown: list[UnknownBody]
    n_sentences: int
    year: int | None

    def of(self, table: str) -> list[Proposal]:
        """The proposals for one table."""
        return [p for p in self.rows if p.table == table]


@dataclass(frozen=True)
class SourceInfo:
    """What the person says about the source (command-line options); None: find it."""

    source_id: str | None = None
    url: str | None = None
    published: str | None = None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _spelled(vocab: str, value: str) -> str:
    """A canonical vocabulary value as raw files write it ('co_host' -> 'co-host')."""
    return VOCABULARIES[vocab][value]


def _same_span(a: str, b: object) -> bool:
    try:
        return pd.notna(b) and parse_date_span(a) == parse_date_span(str(b))
    except ValueError:
        return False


def _where(curated: Curated, table: str, line: object) -> str:
    from dialogue_analysis.paths import display_path

    return f"{display_path(curated.raw_dir / f'{table}.csv')}:{line}"


def _shown(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    return str(value)


def _venue_key(text: str) -> str:
    return names.name_key(words.POSSESSIVE.sub("", text))


def _edition_id(meeting: Meeting, curated: Curated) -> tuple[str, pd.Series | None]:
    """The edition key for a meeting: the data's when it has the meeting, else a new one."""
    ed = curated.editions
    span = meeting.dates.span if meeting.dates else None
    if meeting.number is not None and not meeting.working_group:
        same = ed[ed["number"] == int(meeting.number.value)]
        if not same.empty:
            return str(same["edition"].iloc[0]), same.iloc[0]
    if span is not None:
        start, end = pd.Timestamp(span.start), pd.Timestamp(span.end)
        overlap = ed[(ed["start_date"] <= end) & (ed["end_date"] >= start)]
        if meeting.city is not None and len(overlap) > 1:
            overlap = overlap[overlap["city"].fillna("") == meeting.city.value]
        if len(overlap) == 1:
            return str(overlap["edition"].iloc[0]), overlap.iloc[0]
    if meeting.working_group and span is not None:
        return f"WG-{span.start.year}", None
    if meeting.number is not None and not meeting.working_group:
        return meeting.number.value, None
    return "", None


def _edition_row(meeting: Meeting, edition: str, source_id: str, host: str) -> dict[str, str]:
    """The raw editions row for a meeting."""
    facts = [meeting.number, meeting.city, meeting.venue, meeting.format]
    quote_sentences = [meeting.date_sentence, *(s for f in facts if f for s in f.sentences)]
    notes = ["Proposed by dialogue-analysis propose; check every value against the text."]
    if meeting.year_added:
        notes.append(
            f"The text gives no year for the dates; {meeting.year_added} is the year of "
            "publication."
        )
    if meeting.is_mention:
        notes.append("An earlier meeting the text mentions.")
    kind = "working_group" if meeting.working_group else "edition"
    number = meeting.number.value if meeting.number and kind == "edition" else ""
    if kind == "edition" and not number and edition.isdigit():
        number = edition
    confident = meeting.dates and meeting.dates.span.precision == "day" and number
    return {
        "edition": edition,
        "kind": _spelled("kind", kind),
        "number": number,
        "dates": meeting.dates_written or "",
        "venue": meeting.venue.value if meeting.venue else "",
        "city": meeting.city.value if meeting.city else "",
        "country": countries.country_name(meeting.country.value) if meeting.country else "",
        "host_as_written": host,
        "format": _spelled("format", meeting.format.value if meeting.format else "not_stated"),
        "theme": "",
        "outcome_document": "",
        "name_used": meeting.name_used or "",
        "participant_list": "",
        "source_id": source_id,
        "quote": quote_of(s for s in quote_sentences if s is not None),
        "more_source_ids": "",
        "confidence": "high" if confident and not meeting.is_mention else "medium",
        "notes": " ".join(notes),
    }


def _compare_edition(
    proposal: Proposal, meeting: Meeting, data: pd.Series | None, curated: Curated
) -> None:
    """Mark an editions proposal new, already in the data or different (values the text states)."""
    if data is None:
        return
    proposal.where = _where(curated, "editions", data.name)
    row, diffs = proposal.row, []
    if meeting.dates is not None:
        span = meeting.dates.span
        # A text less precise than the data ('March 2016' for 15-16 March 2016) agrees with it.
        same = (
            pd.notna(data["start_date"])
            and span.start <= data["start_date"].date()
            and data["end_date"].date() <= span.end
            and (data["date_precision"] == span.precision or span.precision != "day")
        )
        if not same:
            diffs.append(("dates", row["dates"], _shown(data["dates_as_written"])))
    if row["number"] and _shown(data["number"]) != row["number"]:
        diffs.append(("number", row["number"], _shown(data["number"])))
    if meeting.city and names.name_key(meeting.city.value) != names.name_key(_shown(data["city"])):
        diffs.append(("city", row["city"], _shown(data["city"])))
    if meeting.country and meeting.country.value != _shown(data["country_iso3"]):
        diffs.append(("country", row["country"], _shown(data["country_iso3"])))
    if meeting.venue and _venue_key(meeting.venue.value) != _venue_key(_shown(data["venue"])):
        diffs.append(("venue", row["venue"], _shown(data["venue"])))
    if meeting.format and meeting.format.value != data["format"]:
        diffs.append(("format", row["format"], _shown(data["format"])))
    cited = {data["source_id"], *_shown(data["more_source_ids"]).split(";")}
    if row["source_id"] not in cited:
        diffs.append(("more_source_ids", row["source_id"], _shown(data["more_source_ids"])))
    proposal.differences = diffs
    proposal.status = "differs from the data" if diffs else "already in the data"


def _participation_row(role: Role, edition: str, source_id: str) -> dict[str, str]:
    return {
        "edition": edition,
        "body": role.written,
        "role": _spelled("role", role.role),
        "attendance": _spelled("attendance", role.attendance),
        "source_id": source_id,
        "quote": role.sentence.text,
        "more_source_ids": "",
        "confidence": role.confidence,
        "notes": "Proposed by dialogue-analysis propose."
        + (f" {role.note[0].upper()}{role.note[1:]}." if role.note else ""),
    }


def _compare_participation(proposal: Proposal, role: Role, edition: str, curated: Curated) -> None:
    part = curated.participation
    same_body = part[(part["edition"] == edition) & (part["body_id"] == role.body_id)]
    exact = same_body[same_body["role"] == role.role]
    if not exact.empty:
        data = exact.iloc[0]
        proposal.where = _where(curated, "participation", data.name)
        if role.attendance != "not_stated" and data["attendance"] != role.attendance:
            proposal.differences = [
                ("attendance", proposal.row["attendance"], _shown(data["attendance"]))
            ]
            proposal.status = "differs from the data"
        else:
            proposal.status = "already in the data"
    elif not same_body.empty and role.role in {"participant", "member", "observer"}:
        others = same_body[same_body["role"].isin(["participant", "member", "observer"])]
        if not others.empty:
            data = others.iloc[0]
            proposal.where = _where(curated, "participation", data.name)
            proposal.differences = [("role", proposal.row["role"], _spelled("role", data["role"]))]
            proposal.status = "differs from the data"


def _source_row(
    source: SourceText, info: SourceInfo, source_id: str, published: str, language: str
) -> dict[str, str]:
    host = urlparse(info.url).hostname if info.url else None
    publisher = (
        "INTERPOL" if host and host.endswith("interpol.int") else (host or "").removeprefix("www.")
    )
    return {
        "source_id": source_id,
        "title": source.title or "",
        "publisher": publisher,
        "published": published,
        "url": info.url or "",
        "language": language,
        "text_file": f"{source_id}.txt",
        "notes": "Proposed by dialogue-analysis propose"
        + ("; text extracted from the HTML page" if source.kind == "html" else ""),
    }


def _language(text: str) -> str:
    """'fr' when the text has more common French words than common English ones, else 'en'."""
    tokens = re.findall(r"[a-zà-ÿ]+", text.casefold())
    french = sum(t in words.COMMON_WORDS["fr"] for t in tokens)
    english = sum(t in words.COMMON_WORDS["en"] for t in tokens)
    return "fr" if french > english else "en"


def _compare_source(proposal: Proposal, source: SourceText, curated: Curated) -> None:
    src = curated.sources
    sha = hashlib.sha256(source.text.encode("utf-8")).hexdigest()
    stored = {
        line: hashlib.sha256(path.read_bytes()).hexdigest()
        for line, name in src["text_file"].dropna().items()
        if (path := curated.raw_dir / "sources" / str(name)).is_file()
    }
    row = proposal.row
    match = src[
        (src["source_id"] == row["source_id"])
        | (src["url"].fillna("").ne("") & (src["url"] == row["url"]))
        | src.index.isin([line for line, digest in stored.items() if digest == sha])
    ]
    if match.empty:
        return
    data = match.iloc[0]
    proposal.where = _where(curated, "sources", data.name)
    diffs = []
    for column, value in (
        ("source_id", row["source_id"]),
        ("title", row["title"]),
        ("url", row["url"]),
    ):
        if value and value != _shown(data[column]):
            diffs.append((column, value, _shown(data[column])))
    if row["published"] and not _same_span(row["published"], data["published_as_written"]):
        diffs.append(("published", row["published"], _shown(data["published_as_written"])))
    proposal.differences = diffs
    proposal.status = "differs from the data" if diffs else "already in the data"


def _published(
    source: SourceText, info: SourceInfo, sentences: Sequence[Sentence]
) -> tuple[str, DateSpan | None]:
    """The publication date as written: given, declared by the page, or a dateline near the top."""
    for written in (info.published, source.published):
        if written:
            try:
                return written, parse_date_span(written)
            except ValueError:
                continue
    for sentence in sentences[:6]:
        found = find_dates(sentence.text)
        if found and sentence.text.strip(" .,") == found[0].written.strip():
            return found[0].written, found[0].span
    return "", None


def _source_id(
    source: SourceText, info: SourceInfo, published: DateSpan | None, curated: Curated
) -> str:
    """The source id: given, the data's for this text or address, publisher-date, or file name."""
    if info.source_id:
        return info.source_id
    src = curated.sources
    by_file = src[src["text_file"] == source.path.name]
    if info.url and not (by_url := src[src["url"] == info.url]).empty:
        return str(by_url["source_id"].iloc[0])
    if not by_file.empty:
        return str(by_file["source_id"].iloc[0])
    if info.url and published is not None:
        host = (urlparse(info.url).hostname or "").removeprefix("www.").split(".")[0]
        return _slug(f"{host}-{published.start:%Y-%m-%d}")
    return _slug(source.path.stem) or "new-source"


def propose(source: SourceText, curated: Curated, info: SourceInfo | None = None) -> Proposals:
    """Propose editions, participation and sources rows from a source text.

    Args:
        source: The text (`read_source`).
        curated: The curated data to compare with (`read_curated`).
        info: The source id, address and publication date when the person knows them.

    Returns:
        Every proposal with its status, the meeting and mentioned meetings found, and the
        organisation names that look like bodies but are not in bodies.csv.
    """
    info = info or SourceInfo()
    text = source.text
    sentences = split_sentences(text)
    published, published_span = _published(source, info, sentences)
    year = published_span.start.year if published_span else None
    if year is None:
        year = next((d.span.start.year for d in find_dates(text) if d.has_year), None)
    source_id = _source_id(source, info, published_span, curated)
    meeting, mentions = find_meeting(text, sentences, year, curated)
    mentions_of_body = find_bodies(text, curated.bodies)
    participants = set(curated.participation["body_id"].dropna())
    parents = set(curated.bodies["body_id"]) - participants
    skip = frozenset(m.date_sentence for m in mentions if m.date_sentence is not None)
    roles = find_roles(text, sentences, mentions_of_body, parents, skip)
    unknown = find_unknown_bodies(text, sentences, mentions_of_body, curated.body_index)

    rows: list[Proposal] = []
    src = Proposal("sources", _source_row(source, info, source_id, published, _language(text)))
    _compare_source(src, source, curated)
    src.label = f"source {source_id}"
    rows.append(src)

    edition = ""
    if meeting is not None:
        edition, data = _edition_id(meeting, curated)
        hosts = [r for r in roles if r.role in {"host", "co_host"}]
        host = " and ".join(dict.fromkeys(r.written for r in hosts))
        row = _edition_row(meeting, edition, source_id, host)
        row["participant_list"] = _spelled(
            "participant_list",
            "composition"
            if any(r.role == "member" for r in roles)
            else "partial"
            if any(words.PARTIAL_LIST.search(r.sentence.text) for r in roles)
            else "unknown",
        )
        proposal = Proposal("editions", row, label=f"edition {edition or '(new)'}")
        _compare_edition(proposal, meeting, data, curated)
        rows.append(proposal)
    numbered = _number_mentions(mentions, meeting)
    for mention in numbered:
        mention_id, data = _edition_id(mention, curated)
        proposal = Proposal(
            "editions",
            _edition_row(mention, mention_id, source_id, ""),
            label=f"edition {mention_id or '(not in the data)'} (mentioned)",
            is_mention=True,
        )
        _compare_edition(proposal, mention, data, curated)
        rows.append(proposal)
    for role in roles:
        proposal = Proposal(
            "participation",
            _participation_row(role, edition, source_id),
            label=f"{role.written} ({_spelled('role', role.role)}) at {edition or '?'}",
        )
        if edition:
            _compare_participation(proposal, role, edition, curated)
        rows.append(proposal)
    return Proposals(source, source_id, meeting, numbered, rows, unknown, len(sentences), year)


def _number_mentions(mentions: list[Meeting], meeting: Meeting | None) -> list[Meeting]:
    """Number earlier meetings from 'the two previous editions' once the meeting's is known."""
    if meeting is None or meeting.number is None:
        return mentions
    current = int(meeting.number.value)
    out, groups = [], {}
    for mention in mentions:
        groups.setdefault(mention.date_sentence, []).append(mention)
    for sentence, group in groups.items():
        said = words.PREVIOUS_COUNT.search(fold(sentence.text))
        n = words.COUNTS.get((said.group(1) or said.group(2)) if said else "", 0)
        if n == len(group) and all(m.number is None for m in group):
            ordered = sorted(group, key=lambda m: m.dates.span.start if m.dates else 0)
            numbers = {id(m): current - n + k for k, m in enumerate(ordered)}
            group = [replace(m, number=Fact(str(numbers[id(m)]), (sentence,))) for m in group]
        out += group
    return out
