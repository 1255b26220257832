"""The controlled vocabularies, declared once: each value, as raw files write it, as reports say it.

Processed tables hold the canonical value (``co_host``). Raw cells are matched, in any case or
punctuation, against the value or the way raw files write it (``co-host``); ``VOCABULARIES`` gives
that mapping to cleaning and validation. Reports show ``LABELS`` (through ``label``/``labels``), so
a value reads the same in every table, chart, legend and sentence.

Two more declarations every report and page reads: ``CONFIDENCE_SCALE``, what each confidence
level means (the data dictionary, the Data page and the membership report all show it), and
``MARKS``, the one mark of each kind of doubt a chart, map legend or table flags (confirmed,
status unknown, low confidence, derived roster, suspended, dated snapshot): its symbol, the
words a legend gives it and the sentence that explains it. Colours and hatches are drawn from
``views.style.MARK_STYLES``, keyed the same.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

NOT_STATED = "not stated"  # what a report shows for a blank value

# vocabulary -> canonical value -> (as raw files write it, as reports show it)
TERMS: dict[str, dict[str, tuple[str, str]]] = {
    "confidence": {"high": ("high", "high"), "medium": ("medium", "medium"), "low": ("low", "low")},
    "precision": {"day": ("day", "day"), "month": ("month", "month"), "year": ("year", "year")},
    "kind": {
        "edition": ("edition", "edition"),
        "working_group": ("working group", "working group"),
    },
    "format": {
        "in_person": ("in person", "in person"),
        "virtual": ("virtual", "online"),
        "hybrid": ("hybrid", "hybrid"),
        "not_stated": ("not stated", "format not stated"),
    },
    "participant_list": {
        "complete": ("complete", "complete list"),
        "partial": ("partial", "partial list"),
        "composition": ("composition", "standing composition"),
        "unknown": ("unknown", "list unknown"),
    },
    "role": {
        "member": ("member", "member"),
        "observer": ("observer", "observer"),
        "participant": ("participant", "participant"),
        "host": ("host", "host"),
        "co_host": ("co-host", "co-host"),
    },
    "attendance": {
        "in_person": ("in person", "in person"),
        "virtual": ("virtual", "online"),
        "not_stated": ("not stated", "not stated"),
    },
    "status": {
        "member": ("member", "member"),
        "observer": ("observer", "observer"),
        "partial": ("partial", "partial member"),
        "signatory": ("signatory", "treaty signatory"),
        "suspended": ("suspended", "suspended member"),
    },
    "body_type": {
        "global_police_organisation": ("global police organisation",) * 2,
        "regional_police_organisation": ("regional police organisation",) * 2,
        "eu_agency": ("EU agency",) * 2,
        "ministerial_council": ("ministerial council",) * 2,
        "regional_security_agency": ("regional security agency",) * 2,
        "intergovernmental_organisation": ("intergovernmental organisation",) * 2,
        "un_office": ("UN office",) * 2,
        "supranational_union": ("supranational union",) * 2,
    },
    "region": {
        "global": ("Global",) * 2,
        "africa": ("Africa",) * 2,
        "americas": ("Americas",) * 2,
        "caribbean": ("Caribbean",) * 2,
        "southeast_asia": ("Southeast Asia",) * 2,
        "arab_states": ("Arab States",) * 2,
        "gulf": ("Gulf",) * 2,
        "europe": ("Europe",) * 2,
        "central_and_west_asia": ("Central and West Asia",) * 2,
        "eurasia": ("Eurasia",) * 2,
    },
}

#: vocabulary -> canonical value -> as raw files write it (what cleaning accepts besides the value).
VOCABULARIES: dict[str, dict[str, str]] = {
    vocab: {value: written for value, (written, _) in terms.items()}
    for vocab, terms in TERMS.items()
}
#: vocabulary -> canonical value -> as reports show it.
LABELS: dict[str, dict[str, str]] = {
    vocab: {value: shown for value, (_, shown) in terms.items()} for vocab, terms in TERMS.items()
}


def label(vocab: str, value: object) -> str:
    """The label reports show for a canonical value ('co_host' -> 'co-host'), or 'not stated'."""
    return NOT_STATED if pd.isna(value) else LABELS[vocab].get(str(value), str(value))


def labels(vocab: str, values: pd.Series) -> pd.Series:
    """``label`` for a whole column."""
    return values.map(LABELS[vocab]).fillna(values).fillna(NOT_STATED).astype("string")


#: What each confidence level means, declared once: the ``confidence`` columns' description in the
#: data dictionary, the Data page and the membership report's scale all read it.
CONFIDENCE_SCALE: dict[str, str] = {
    "high": "official or primary source, or several agree",
    "medium": "one secondary source or a reading of a primary one",
    "low": "unverified",
}


def confidence_definition() -> str:
    """'high: official or primary source, or several agree; medium: ...; low: unverified.'."""
    return "; ".join(f"{level}: {meaning}" for level, meaning in CONFIDENCE_SCALE.items()) + "."


@dataclass(frozen=True)
class Mark:
    """How reports flag one kind of doubt about a fact.

    Attributes:
        symbol: Appended to a label in charts and tables ('' for no symbol: the plain case).
        words: What a legend calls it.
        sentence: What it means, for captions, notes and the reports' keys.
    """

    symbol: str
    words: str
    sentence: str

    def key(self) -> str:
        """The symbol (when there is one) and the sentence: '? status unknown: ...'."""
        return f"{self.symbol} {self.sentence}" if self.symbol else self.sentence


#: The marks, one per kind: no other symbol may flag these, and no kind has two symbols.
MARKS: dict[str, Mark] = {
    "confirmed": Mark(
        "",
        "confirmed",
        "confirmed: a dated source of medium or high confidence shows it",
    ),
    "unknown": Mark(
        "?",
        "status unknown",
        "status unknown: no dated source of medium or high confidence shows the country's "
        "status in the body that day (not counted there)",
    ),
    "low_confidence": Mark(
        "~",
        "low confidence",
        f"low confidence: the fact rests on sources rated low ({CONFIDENCE_SCALE['low']}) only",
    ),
    "derived": Mark(
        "*",
        "derived roster",
        "derived roster: the countries are taken from its parent organisation's members",
    ),
    "suspended": Mark(
        "‖",
        "suspended member",
        "suspended member: a suspension stops participation, not membership (still counted)",
    ),
    "snapshot": Mark(
        "°",
        "dated snapshots",
        "dated snapshots: each country's status is its latest in a dated list of police "
        "institutions",
    ),
}
