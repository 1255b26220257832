"""The meetings: who took part, who hosted, how far apart, and the body x edition grid.

Every function takes the dataset first and returns a frame of facts (ids, canonical values, dates,
counts, flags); the views turn them into words. Role rules: when a body has several roles in one
meeting, host (host or co-host) wins, then member, observer and participant (role not stated). A
body missing from a meeting whose ``participant_list`` is partial or unknown is "not reported" (its
absence is not evidence); missing from a complete or composition list, it is "absent".
"""

from __future__ import annotations

import pandas as pd

from dialogue_analysis.analysis.resolve import dataset
from dialogue_analysis.data.dataset import Dataset

CATEGORIES = ("host", "member", "observer", "participant", "not reported", "absent")
CELL_RANK = {"host": 0, "co_host": 0, "member": 1, "observer": 2, "participant": 3}
CELL_OF = {r: "host" if r == "co_host" else r for r in CELL_RANK}  # role -> grid category
UNLISTED = {
    "complete": "absent",
    "composition": "absent",
    "partial": "not reported",
    "unknown": "not reported",
}


def participants(edition: int | str, data: Dataset | None = None) -> pd.DataFrame:
    """Who took part in a meeting: one row per body and role, with the list's completeness.

    Args:
        edition: An edition number (3) or meeting key ("3", "WG-2023").
        data: The dataset (default: ``load()``).

    Returns:
        The participation rows of the meeting joined with the body's acronym and type, and
        ``participant_list`` (complete, partial, composition or unknown) from the edition.
    """
    data = dataset(data)
    key = str(edition).strip().upper()
    meeting = data.editions[data.editions["edition"] == key]
    if meeting.empty:
        raise KeyError(f"unknown meeting {edition!r}; known: {', '.join(data.editions['edition'])}")
    rows = data.participation[data.participation["edition"] == key]
    rows = rows.merge(data.bodies[["body_id", "acronym", "type"]], on="body_id", how="left")
    return rows.assign(participant_list=meeting["participant_list"].iloc[0]).reset_index(drop=True)


def numbered(data: Dataset) -> pd.DataFrame:
    """The numbered editions, in order."""
    editions = data.editions
    return editions[editions["kind"] == "edition"].sort_values("number").reset_index(drop=True)


def by_date(data: Dataset) -> pd.DataFrame:
    """Every meeting (editions and working groups), by start date; undated ones last."""
    return data.editions.sort_values("start_date", na_position="last", ignore_index=True)


def meeting_hosts(data: Dataset) -> pd.DataFrame:
    """Hosting rows: one per meeting x host body, with the body's acronym and region."""
    participation, bodies, editions = data.participation, data.bodies, data.editions
    rows = participation[participation["role"].isin(["host", "co_host"])]
    rows = rows.merge(bodies[["body_id", "acronym", "region"]], on="body_id", how="left")
    rows = rows.merge(editions[["edition", "kind", "number", "start_date", "city"]], on="edition")
    return rows.sort_values(["start_date", "role", "acronym"], ignore_index=True)


def host_counts(data: Dataset) -> pd.DataFrame:
    """Meetings hosted and co-hosted per body, most first (``meetings``: their keys)."""
    hosts = meeting_hosts(data).assign(
        n_hosted=lambda h: (h["role"] == "host").astype(int),
        n_co_hosted=lambda h: (h["role"] == "co_host").astype(int),
        is_low=lambda h: h["confidence"] == "low",
    )
    out = hosts.groupby(["body_id", "acronym", "region"], as_index=False, dropna=False).agg(
        n_hosted=("n_hosted", "sum"),
        n_co_hosted=("n_co_hosted", "sum"),
        meetings=("edition", ", ".join),
        has_low_confidence=("is_low", "any"),
    )
    out["n_meetings"] = out["n_hosted"] + out["n_co_hosted"]
    return out.sort_values(["n_meetings", "acronym"], ascending=[False, True], ignore_index=True)


def edition_gaps(data: Dataset) -> pd.DataFrame:
    """Each numbered edition after the first, with calendar months since the previous one."""
    ed = numbered(data)
    month = ed["start_date"].dt.year * 12 + ed["start_date"].dt.month
    uncertain = (ed["date_precision"] == "year") | (ed["confidence"] == "low")
    return ed.assign(
        previous_number=ed["number"].shift(),
        previous_start=ed["start_date"].shift(),
        months=month.diff().astype("Int64"),
        is_uncertain=uncertain | uncertain.shift(fill_value=False),
    ).iloc[1:]


def outcome_documents(data: Dataset) -> pd.DataFrame:
    """Meetings that reported an outcome document, by date, with its source and confidence."""
    editions = data.editions
    rows = editions[editions["outcome_document"].notna()].sort_values("start_date")
    return rows[
        ["edition", "start_date", "date_precision", "city", "outcome_document"]
        + ["confidence", "source_id"]
    ].reset_index(drop=True)


def dialogue_bodies(data: Dataset) -> pd.DataFrame:
    """Bodies that took part in at least one meeting (not the parent organisations only)."""
    bodies = data.bodies
    return bodies[bodies["is_dialogue_participant"].fillna(False).astype(bool)]


def participation_cells(data: Dataset) -> pd.DataFrame:
    """Dialogue body x numbered edition: the cell's category and the deciding row's confidence.

    Bodies are ordered by the edition they first appear in, then by acronym.
    """
    ed = numbered(data)[["edition", "number", "participant_list"]]
    grid = dialogue_bodies(data)[["body_id", "acronym"]].merge(ed, how="cross")
    participation = data.participation
    listed = (
        participation[participation["edition"].isin(ed["edition"])]
        .assign(rank=lambda p: p["role"].map(CELL_RANK))
        .sort_values("rank", kind="stable")
        .drop_duplicates(["body_id", "edition"])
    )
    cells = grid.merge(listed[["body_id", "edition", "role", "confidence"]], how="left")
    cells["category"] = (
        cells["role"].replace({"co_host": "host"}).fillna(cells["participant_list"].map(UNLISTED))
    )
    first = cells["number"].where(cells["role"].notna()).groupby(cells["body_id"]).transform("min")
    return (
        cells.assign(first_number=first)
        .sort_values(["first_number", "acronym", "number"], na_position="last")
        .drop(columns=["role", "first_number"])
        .reset_index(drop=True)
    )
