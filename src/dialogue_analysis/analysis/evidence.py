"""The evidence behind the facts: which sources the rows cite, where sources disagree, how surely.

``citations`` and ``body_citations`` list every citation of a source by some rows (their own
``source_id`` and ``more_source_ids``) with the citing table and the row's confidence;
``body_conflicts`` picks the recorded conflicts between sources that name a body;
``low_confidence_facts`` lists the rows resting on low confidence; ``worst_confidence`` reduces
several rows' confidences to one.
"""

from __future__ import annotations

import re

import pandas as pd

from dialogue_analysis.data.dataset import Dataset

CONFIDENCE_RANK = {"high": 0, "medium": 1, "low": 2}
CONFIDENCE_ORDER = tuple(CONFIDENCE_RANK)


def worst_confidence(confidence: pd.Series) -> str:
    """The lowest confidence among some rows."""
    ranks = confidence.map(CONFIDENCE_RANK)
    return CONFIDENCE_ORDER[int(ranks.max())] if ranks.notna().any() else "not stated"


def _cited(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """(source_id, table, confidence) for every source a table's rows cite."""
    more = frame["more_source_ids"].str.split(";").explode().str.strip()
    ids = pd.concat([frame["source_id"], more[more.fillna("") != ""]])
    return pd.DataFrame(
        {"source_id": ids, "table": table, "confidence": frame["confidence"].reindex(ids.index)}
    )


def citations(data: Dataset, tables: tuple[str, ...]) -> pd.DataFrame:
    """(source_id, table, confidence): one row per source a row of the given fact tables cites."""
    return pd.concat([_cited(getattr(data, t), t) for t in tables], ignore_index=True)


def citations_of(data: Dataset, table: str, rows: pd.Series) -> pd.DataFrame:
    """(source_id, table, confidence) for the rows of one fact table that ``rows`` selects."""
    frame = getattr(data, table)
    return _cited(frame[rows.reindex(frame.index, fill_value=False)], table)


def body_conflicts(data: Dataset, body_id: str) -> pd.DataFrame:
    """Where sources disagree about a body: conflicts whose key names it."""
    key = rf"(?:^|/){re.escape(body_id)}(?:/|$)"
    return data.conflicts[data.conflicts["key"].str.contains(key, regex=True, na=False)]


def body_citations(data: Dataset, body_id: str) -> pd.DataFrame:
    """(source_id, table, confidence) for every source cited by rows about a body.

    Its own row, its participation and membership rows, and the conflicts that name it (which
    carry no confidence).
    """
    conflicts = body_conflicts(data, body_id)
    ids = pd.concat([conflicts["source_id_used"], conflicts["alternative_source_id"]]).dropna()
    return pd.concat(
        [
            _cited(data.bodies[data.bodies["body_id"] == body_id], "bodies"),
            _cited(data.participation[data.participation["body_id"] == body_id], "participation"),
            _cited(data.memberships[data.memberships["body_id"] == body_id], "memberships"),
            pd.DataFrame({"source_id": ids, "table": "conflicts", "confidence": pd.NA}),
        ],
        ignore_index=True,
    )


def low_confidence_facts(data: Dataset) -> pd.DataFrame:
    """Every low-confidence row of the fact tables: table, key, source, notes, is_unverified.

    ``is_unverified`` is True only where the row says so: it cites the source ``unverified`` or
    its notes call the fact unverified; low confidence alone is not called "unverified".
    """
    e, b, p, m = data.editions, data.bodies, data.participation, data.memberships
    keyed = [
        ("editions", e, e["edition"]),
        ("bodies", b, b["body_id"]),
        ("participation", p, p["edition"] + "/" + p["body_id"] + "/" + p["role"]),
        ("memberships", m, m["body_id"] + "/" + m["country_iso3"] + "/" + m["status"]),
    ]
    parts = [
        frame.assign(table=name, key=key)[["table", "key", "source_id", "notes"]][
            frame["confidence"] == "low"
        ]
        for name, frame, key in keyed
    ]
    facts = pd.concat(parts, ignore_index=True)
    says = facts["notes"].str.contains(r"\bunverified\b", case=False, regex=True, na=False)
    return facts.assign(is_unverified=says | (facts["source_id"] == "unverified"))
