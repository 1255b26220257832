"""Every processed table and its columns, declared once (their vocabularies: ``vocabulary``).

The declarations drive the raw-file layout check, validation (pandera), the Parquet and
``datapackage.json`` field types and descriptions, and the data dictionary (docs/).
A processed column names the raw column it is cleaned from (``raw``); several processed columns may
come from one raw column (``dates`` gives ``start_date``, ``end_date`` and ``date_precision``).
The declaration also says how the raw text is cleaned (``cleaning.clean_table`` reads it): a
vocabulary, a whole number, a part of a date, a reference to a body or a country, a case
(``case``) or a list separator (``separator``); a plain text column needs none of these.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from dialogue_analysis.data.vocabulary import VOCABULARIES, confidence_definition

# Logical type -> (pandas dtype, Table Schema type).
DTYPES: dict[str, tuple[str, str]] = {
    "string": ("string", "string"),
    "integer": ("Int64", "integer"),
    "date": ("datetime64[ms]", "date"),
    "boolean": ("boolean", "boolean"),
}


@dataclass(frozen=True)
class Column:
    """One column of a processed table.

    Attributes:
        name: Column name in the processed table.
        dtype: Logical type, a key of ``DTYPES``.
        description: What the column holds, for people.
        raw: The raw column it is cleaned from, or None when derived from other tables.
        required: Whether every row must have a value.
        vocab: Name of the controlled vocabulary (``VOCABULARIES``) its values come from.
        pattern: Regular expression every value must match.
        key: Whether the column is part of the table's primary key.
        case: 'lower' or 'upper': the raw text is put in that case (ids and codes).
        separator: For a list written in one cell, the separator its items are joined by once
            cleaned; the raw cell may put spaces around it ('a ; b' -> 'a;b' for ';').
        refers_to: 'body' or 'country': the raw text is a body's or a country's name in any
            spelling the data knows, resolved to its body_id or ISO alpha-3 code.
        date_part: For a column read from a raw date ('12-13 June 2019'): 'start' (the first
            day the text allows), 'end' (the last) or 'precision' (day, month or year).
    """

    name: str
    dtype: str
    description: str
    raw: str | None = None
    required: bool = False
    vocab: str | None = None
    pattern: str | None = None
    key: bool = False
    case: Literal["lower", "upper"] | None = None
    separator: str | None = None
    refers_to: Literal["body", "country"] | None = None
    date_part: Literal["start", "end", "precision"] | None = None

    def __post_init__(self) -> None:
        # A column is cleaned one way: a part of a date, a vocabulary, a reference or a whole
        # number replaces the text; only plain text takes a case and a separator. A derived
        # column (no raw column) is cleaned in no way (a vocabulary then only validates it).
        ways = [
            way
            for way, declared in (
                ("date_part", self.date_part),
                ("vocab", self.vocab and not self.date_part and self.raw),
                ("refers_to", self.refers_to),
                ("integer", self.dtype == "integer" and self.raw),
                ("case", self.case),
                ("separator", self.separator),
            )
            if declared
        ]
        plain = set(ways) <= {"case", "separator"}
        if (self.raw is None and ways) or (not plain and len(ways) > 1):
            raise ValueError(
                f"column {self.name!r} declares {' and '.join(ways)}"
                + (" without a raw column" if self.raw is None else "")
                + ": expected one way of cleaning it from its raw column (a case and a "
                "separator may go together)"
            )

    @property
    def allowed(self) -> tuple[str, ...] | None:
        """The canonical values allowed, if the column has a vocabulary."""
        return tuple(VOCABULARIES[self.vocab]) if self.vocab else None


@dataclass(frozen=True)
class Table:
    """A processed table, the raw CSV it comes from, and its columns."""

    name: str
    description: str
    columns: tuple[Column, ...]
    may_be_empty: bool = False
    raw_file: str = field(default="")

    def __post_init__(self) -> None:
        if not self.raw_file:
            object.__setattr__(self, "raw_file", f"{self.name}.csv")

    @property
    def key(self) -> tuple[str, ...]:
        """Names of the primary-key columns."""
        return tuple(c.name for c in self.columns if c.key)

    @property
    def raw_columns(self) -> tuple[str, ...]:
        """The raw file's columns, in declaration order."""
        return tuple(dict.fromkeys(c.raw for c in self.columns if c.raw))

    def column(self, name: str) -> Column:
        """The declaration of one column."""
        return next(c for c in self.columns if c.name == name)


SOURCE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
BODY_ID_PATTERN = r"^[A-Z][A-Z0-9_]*$"
ISO3_PATTERN = r"^[A-Z]{3}$"


def _sourcing() -> tuple[Column, ...]:
    """The columns every fact table carries to say where its facts come from."""
    return (
        Column(
            "source_id",
            "string",
            "Source the quote is copied from (sources.source_id).",
            raw="source_id",
            required=True,
            case="lower",
            pattern=SOURCE_ID_PATTERN,
        ),
        Column(
            "quote",
            "string",
            "Short verbatim quote from that source supporting the row.",
            raw="quote",
        ),
        Column(
            "more_source_ids",
            "string",
            "Further sources for the same fact, separated by ';' (sources.source_id).",
            raw="more_source_ids",
            case="lower",
            separator=";",
        ),
        Column(
            "confidence",
            "string",
            confidence_definition(),
            raw="confidence",
            required=True,
            vocab="confidence",
        ),
        Column(
            "notes",
            "string",
            "Remarks on the row: caveats, context, what is not known.",
            raw="notes",
        ),
    )


def _span(prefix: str, raw: str, what: str, key: bool = False) -> tuple[Column, ...]:
    """Columns for a date as written: text, first possible day and precision."""
    return (
        Column(f"{prefix}_as_written", "string", f"{what} as the source writes it.", raw=raw),
        Column(
            prefix,
            "date",
            f"{what}: first day the text allows (blank: unknown).",
            raw=raw,
            key=key,
            date_part="start",
        ),
        Column(
            f"{prefix}_precision",
            "string",
            f"Precision of {prefix}: day, month or year.",
            raw=raw,
            vocab="precision",
            date_part="precision",
        ),
    )


SOURCES = Table(
    "sources",
    "Every source the data cites.",
    (
        Column(
            "source_id",
            "string",
            "Short id cited by the other tables.",
            raw="source_id",
            case="lower",
            required=True,
            pattern=SOURCE_ID_PATTERN,
            key=True,
        ),
        Column(
            "title", "string", "Title of the page or document (blank: not recorded).", raw="title"
        ),
        Column("publisher", "string", "Organisation or site that published it.", raw="publisher"),
        Column(
            "kind",
            "string",
            "official_primary (the body's own or a government's page or document), press, "
            "secondary (studies, NGO pages, other organisations' summaries), reference_work "
            "(encyclopaedias, datasets), copy (a document on a third-party host) or unverified "
            "(the compilers' own knowledge); the kind caps the confidence of rows resting on it "
            "alone (vocabulary.KIND_CAPS).",
            raw="kind",
            required=True,
            vocab="source_kind",
        ),
        *_span("published", "published", "Publication date"),
        Column(
            "url",
            "string",
            "The original publisher's address, the one cited (blank: no original found; see "
            "copy_url).",
            raw="url",
        ),
        Column(
            "copy_url",
            "string",
            "Address of a copy on another host (mirror, proxy, document-sharing site), shown as "
            "'copy' and never cited as the source (blank: none used).",
            raw="copy_url",
        ),
        Column(
            "language",
            "string",
            "ISO 639-1 code of the source's language.",
            raw="language",
            pattern=r"^[a-z]{2}$",
            case="lower",
        ),
        Column(
            "text_file",
            "string",
            "File under data/raw/sources/ holding the text verbatim (blank: not stored).",
            raw="text_file",
        ),
        Column("text_sha256", "string", "SHA-256 of the stored text file."),
        Column(
            "notes",
            "string",
            "Copies, stale revisions, known errors, originals not found.",
            raw="notes",
        ),
    ),
)

EDITIONS = Table(
    "editions",
    "The Dialogue's meetings: the numbered editions and the working-group meetings.",
    (
        Column(
            "edition",
            "string",
            "Key: '1' to '8' for editions, 'WG-2023' etc. for working-group meetings.",
            raw="edition",
            case="upper",
            required=True,
            key=True,
        ),
        Column(
            "kind", "string", "edition or working_group.", raw="kind", required=True, vocab="kind"
        ),
        Column(
            "number",
            "integer",
            "Ordinal of a numbered edition (blank for working groups).",
            raw="number",
        ),
        Column(
            "dates_as_written", "string", "Meeting dates as the source writes them.", raw="dates"
        ),
        Column(
            "start_date",
            "date",
            "First day of the meeting (first day the text allows).",
            raw="dates",
            date_part="start",
        ),
        Column(
            "end_date",
            "date",
            "Last day of the meeting (last day the text allows).",
            raw="dates",
            date_part="end",
        ),
        Column(
            "date_precision",
            "string",
            "Precision of the dates: day, month or year.",
            raw="dates",
            vocab="precision",
            date_part="precision",
        ),
        Column("venue", "string", "Building or site; 'virtual' for online meetings.", raw="venue"),
        Column("city", "string", "City where it met (blank: virtual or not stated).", raw="city"),
        Column(
            "country_iso3",
            "string",
            "ISO 3166 alpha-3 code of the host country.",
            raw="country",
            pattern=ISO3_PATTERN,
            refers_to="country",
        ),
        Column(
            "host_as_written",
            "string",
            "Host(s) as the source words it; participation rows with role host or co_host name "
            "the host bodies by id.",
            raw="host_as_written",
        ),
        Column(
            "format",
            "string",
            "in_person, virtual, hybrid or not_stated.",
            raw="format",
            required=True,
            vocab="format",
        ),
        Column("theme", "string", "Topics or theme as reported.", raw="theme"),
        Column(
            "outcome_document",
            "string",
            "Declaration or other outcome reported.",
            raw="outcome_document",
        ),
        Column("name_used", "string", "Name the source gives the meeting.", raw="name_used"),
        Column(
            "participant_list",
            "string",
            "How complete the participation rows are: complete, partial ('including' or cut "
            "off), composition (standing membership, not attendance) or unknown.",
            raw="participant_list",
            required=True,
            vocab="participant_list",
        ),
        *_sourcing(),
    ),
)

BODIES = Table(
    "bodies",
    "Organisations that took part in the Dialogue, and the parents whose rosters they use.",
    (
        Column(
            "body_id",
            "string",
            "Canonical id (AFRIPOL, AIMC, CARICOM_IMPACS, AU, ...).",
            raw="body_id",
            case="upper",
            required=True,
            pattern=BODY_ID_PATTERN,
            key=True,
        ),
        Column("acronym", "string", "Usual short name.", raw="acronym", required=True),
        Column("full_name", "string", "Official name in English.", raw="full_name", required=True),
        Column(
            "aliases",
            "string",
            "Other names and spellings, separated by ';'.",
            raw="aliases",
            separator="; ",
        ),
        Column(
            "type", "string", "Kind of organisation.", raw="type", required=True, vocab="body_type"
        ),
        Column(
            "region", "string", "Region it serves.", raw="region", required=True, vocab="region"
        ),
        *_span("founded", "founded", "Founding date"),
        Column("hq_city", "string", "Headquarters city (blank: not stated).", raw="hq_city"),
        Column(
            "hq_country_iso3",
            "string",
            "ISO 3166 alpha-3 code of the headquarters country.",
            raw="hq_country",
            pattern=ISO3_PATTERN,
            refers_to="country",
        ),
        Column(
            "parent_body_id",
            "string",
            "Body it belongs to (bodies.body_id).",
            raw="parent",
            pattern=BODY_ID_PATTERN,
            refers_to="body",
        ),
        Column(
            "is_dialogue_participant",
            "boolean",
            "Whether it appears in participation (False: a parent organisation only).",
        ),
        *_sourcing(),
    ),
)

PARTICIPATION = Table(
    "participation",
    "Who took part in which meeting, in what role (one row per meeting x body x role).",
    (
        Column(
            "edition",
            "string",
            "Meeting (editions.edition).",
            raw="edition",
            case="upper",
            required=True,
            key=True,
        ),
        Column(
            "body_id",
            "string",
            "Body (bodies.body_id).",
            raw="body",
            required=True,
            pattern=BODY_ID_PATTERN,
            refers_to="body",
            key=True,
        ),
        Column(
            "role",
            "string",
            "member, observer, participant (role not stated), host or co_host.",
            raw="role",
            required=True,
            vocab="role",
            key=True,
        ),
        Column(
            "attendance",
            "string",
            "in_person, virtual or not_stated.",
            raw="attendance",
            required=True,
            vocab="attendance",
        ),
        Column("name_as_written", "string", "The body's name as the source gives it.", raw="body"),
        *_sourcing(),
    ),
)

MEMBERSHIPS = Table(
    "memberships",
    "Which countries belong to which body, over time (one row per spell or dated snapshot).",
    (
        Column(
            "body_id",
            "string",
            "Body (bodies.body_id).",
            raw="body",
            required=True,
            pattern=BODY_ID_PATTERN,
            refers_to="body",
            key=True,
        ),
        Column(
            "country_iso3",
            "string",
            "ISO 3166 alpha-3 code (or a user-assigned code such as XKX).",
            raw="country",
            required=True,
            pattern=ISO3_PATTERN,
            refers_to="country",
            key=True,
        ),
        Column(
            "country_as_written", "string", "The country as the source names it.", raw="country"
        ),
        Column(
            "status",
            "string",
            "member, observer, partial (takes part without being bound), signatory, or suspended "
            "(a member whose participation is suspended; it stays a member).",
            raw="status",
            required=True,
            vocab="status",
            key=True,
        ),
        *_span("joined", "joined", "Start of the spell", key=True),
        *_span("left", "left", "End of the spell (first day no longer in the body)"),
        *_span(
            "known_from",
            "known_from",
            "Earliest day a source evidences the spell, for spells whose start is unknown or "
            "uncertain",
        ),
        Column(
            "as_of",
            "date",
            "For snapshots: the day the source saw the country in the body.",
            raw="as_of",
            date_part="start",
            key=True,
        ),
        Column(
            "as_of_precision",
            "string",
            "Precision of as_of: day, month or year.",
            raw="as_of",
            vocab="precision",
            date_part="precision",
        ),
        Column(
            "possible_from",
            "date",
            "Before this day the country was not in the body (blank: no bound). The first day "
            "joined allows, or the body's founding when the start is unknown or of low confidence.",
        ),
        Column(
            "confirmed_from",
            "date",
            "From this day a source evidences the spell: the last day joined allows, else "
            "known_from, else the source's publication date; for a snapshot, the last day of the "
            "period as_of names; for a low-confidence row, known_from only (blank: never "
            "confirmed).",
        ),
        Column(
            "confirmed_until",
            "date",
            "First day the country may be out of the body (the first day left allows; blank: "
            "still in). Between possible_from and confirmed_from, and from here to out_from, "
            "its status is unknown.",
        ),
        Column(
            "out_from",
            "date",
            "From this day the country is surely out (the last day left allows; blank: still in).",
        ),
        Column(
            "is_derived",
            "boolean",
            "True when the roster is taken from a parent organisation's (see derived_from): the "
            "row copies the parent's dates, cut at the body's founding.",
        ),
        Column(
            "derived_from",
            "string",
            "Parent body whose roster stands for this body's.",
            raw="derived_from",
            pattern=BODY_ID_PATTERN,
            refers_to="body",
        ),
        *_sourcing(),
    ),
)

CONFLICTS = Table(
    "conflicts",
    "Where sources disagree: the value the data uses, the alternative, and why.",
    (
        Column(
            "table",
            "string",
            "Table concerned.",
            raw="table",
            required=True,
            key=True,
            case="lower",
        ),
        Column(
            "key",
            "string",
            "Key of the row concerned (e.g. '4', 'ASEANAPOL', 'AU/AGO').",
            raw="key",
            required=True,
            key=True,
        ),
        Column("column", "string", "Column concerned.", raw="column", required=True, key=True),
        Column("value_used", "string", "Value the data holds.", raw="value_used"),
        Column(
            "source_id_used",
            "string",
            "Source of the value used.",
            raw="source_id_used",
            pattern=SOURCE_ID_PATTERN,
            case="lower",
        ),
        Column(
            "alternative",
            "string",
            "What another source says.",
            raw="alternative",
            required=True,
            key=True,
        ),
        Column(
            "alternative_source_id",
            "string",
            "Source of the alternative.",
            raw="alternative_source_id",
            pattern=SOURCE_ID_PATTERN,
            case="lower",
        ),
        Column(
            "reason", "string", "Why the data uses the value it does.", raw="reason", required=True
        ),
    ),
    may_be_empty=True,
)

COUNTRY_NAMES = Table(
    "country_names",
    "Country spellings pycountry does not know, and codes for entities without an ISO code.",
    (
        Column(
            "name", "string", "The spelling a source uses.", raw="name", required=True, key=True
        ),
        Column(
            "country_iso3",
            "string",
            "ISO 3166 alpha-3 code or a user-assigned code.",
            raw="country_iso3",
            required=True,
            pattern=ISO3_PATTERN,
            case="upper",
        ),
        Column("note", "string", "Why the entry is needed.", raw="note"),
    ),
    may_be_empty=True,
)

STATES = Table(
    "states",
    "When each state (and territory) the rosters name existed: one row per spell, a state "
    "interrupted (by occupation, say) has two. No country is in a body before its spell starts.",
    (
        Column(
            "country_iso3",
            "string",
            "ISO 3166 alpha-3 code; a user-assigned code (XKX) or, for a state that no longer "
            "exists, its ISO 3166-3 code (DDR).",
            raw="country",
            required=True,
            pattern=ISO3_PATTERN,
            key=True,
            refers_to="country",
        ),
        Column("start_as_written", "string", "Start as the source writes it.", raw="start"),
        Column(
            "start",
            "date",
            "First day the state existed as an independent state, or the territory as a distinct "
            "unit (the first day the text allows); blank: no limit, it existed before any body in "
            "the data.",
            raw="start",
            key=True,
            date_part="start",
        ),
        Column(
            "start_precision",
            "string",
            "Precision of start: day, month or year.",
            raw="start",
            vocab="precision",
            date_part="precision",
        ),
        Column("end_as_written", "string", "End as the source writes it.", raw="end"),
        Column(
            "end",
            "date",
            "First day the state no longer existed (the first day the text allows); blank: it "
            "still exists.",
            raw="end",
            date_part="start",
        ),
        Column(
            "end_precision",
            "string",
            "Precision of end: day, month or year.",
            raw="end",
            vocab="precision",
            date_part="precision",
        ),
        Column(
            "ccode",
            "integer",
            "Correlates of War state number of the spell (blank: COW does not list it); a "
            "country may change number between spells (Germany: 255 to 1945, 260 for the "
            "Federal Republic, 255 again from 1990).",
            raw="ccode",
        ),
        *_sourcing(),
    ),
)

# Build order: lookups first, then the tables that refer to them.
TABLES: Mapping[str, Table] = {
    t.name: t
    for t in (
        COUNTRY_NAMES,
        SOURCES,
        BODIES,
        EDITIONS,
        PARTICIPATION,
        MEMBERSHIPS,
        CONFLICTS,
        STATES,
    )
}


DICTIONARY_INTRO = """\
# Data dictionary

The processed tables, column by column. Generated from the declarations in
`src/dialogue_analysis/data/schema.py` by `dialogue-analysis dictionary` (`make docs` writes this
file; a test fails when it is out of step): edit the declarations, not this file. The raw files
people edit are described in [`data/raw/README.md`](../data/raw/README.md).
"""


def data_dictionary() -> str:
    """The data dictionary, a Markdown document generated from the declarations."""
    parts = [DICTIONARY_INTRO]
    for table in TABLES.values():
        if table.name == "country_names":
            continue
        parts.append(
            f"## `{table.name}`\n\n{table.description} Key: "
            f"{', '.join(f'`{k}`' for k in table.key)}. Raw file: "
            f"`data/raw/{table.raw_file}`.\n"
        )
        parts.append("| column | type | required | description |\n|---|---|---|---|")
        for c in table.columns:
            allowed = (
                f" Values: {', '.join(c.allowed)}." if c.allowed and len(c.allowed) > 3 else ""
            )
            parts.append(
                f"| `{c.name}` | {c.dtype} | {'yes' if c.required else ''} | "
                f"{c.description}{allowed} |"
            )
        parts.append("")
    return "\n".join(parts)
