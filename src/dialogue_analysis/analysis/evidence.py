"""The evidence behind the facts: which sources the rows cite, where sources disagree, how surely.

``report_sources`` and ``body_sources`` list every source cited by some rows (their own
``source_id`` and ``more_source_ids``) with who cites it and at what confidence; ``body_conflicts``
picks the recorded conflicts between sources that name a body; ``low_confidence_facts`` lists the
rows resting on low confidence; ``worst_confidence`` reduces several rows' confidences to one.
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


def _source_table(cited: list[pd.DataFrame], sources: pd.DataFrame) -> pd.DataFrame:
    """One row per cited source: its title, publisher, address, who cites it and how surely."""
    rows = pd.concat(cited, ignore_index=True)
    rows = rows.assign(rank=rows["confidence"].map(CONFIDENCE_RANK)).sort_values(["rank", "table"])
    out = rows.groupby("source_id", as_index=False).agg(
        n_rows=("table", "size"),
        cited_by=("table", lambda t: "; ".join(f"{k} ({n})" for k, n in t.value_counts().items())),
        confidence=("confidence", lambda c: ", ".join(dict.fromkeys(c.dropna())) or "n/a"),
    )
    columns = ["source_id", "title", "publisher", "published_as_written", "url"]
    out = out.merge(sources[columns], on="source_id", how="left")
    return out.sort_values(["n_rows", "source_id"], ascending=[False, True], ignore_index=True)[
        [*columns, "cited_by", "confidence"]
    ]


def report_sources(data: Dataset, tables: tuple[str, ...]) -> pd.DataFrame:
    """Every source cited by the rows of the given fact tables (e.g. editions, participation)."""
    return _source_table([_cited(getattr(data, t), t) for t in tables], data.sources)


def body_conflicts(data: Dataset, body_id: str) -> pd.DataFrame:
    """Where sources disagree about a body: conflicts whose key names it."""
    key = rf"(?:^|/){re.escape(body_id)}(?:/|$)"
    return data.conflicts[data.conflicts["key"].str.contains(key, regex=True, na=False)]


def body_sources(data: Dataset, body_id: str) -> pd.DataFrame:
    """Every source cited by rows about a body (its own row, participation, memberships, conflicts).

    ``confidence`` lists the confidences of the citing rows; conflicts carry none.
    """
    conflicts = body_conflicts(data, body_id)
    ids = pd.concat([conflicts["source_id_used"], conflicts["alternative_source_id"]]).dropna()
    return _source_table(
        [
            _cited(data.bodies[data.bodies["body_id"] == body_id], "bodies"),
            _cited(data.participation[data.participation["body_id"] == body_id], "participation"),
            _cited(data.memberships[data.memberships["body_id"] == body_id], "memberships"),
            pd.DataFrame({"source_id": ids, "table": "conflicts", "confidence": pd.NA}),
        ],
        data.sources,
    )


def low_confidence_facts(data: Dataset) -> pd.DataFrame:
    """Every low-confidence row of the fact tables: table, key, source and notes."""
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
    return pd.concat(parts, ignore_index=True)
