"""The Dialogue's make-up: one edition's bodies, when each body first came, role changes, founding.

Every function takes the dataset first and returns a frame of facts; the membership view writes
them out. A body's standing at an edition is its stated role: member or observer says more than
hosting does, and 'participant' (role not stated) least.
"""

from __future__ import annotations

import pandas as pd

from dialogue_analysis.analysis.meetings import dialogue_bodies, numbered
from dialogue_analysis.data.dataset import Dataset

_STANDING_RANK = {"member": 0, "observer": 1, "participant": 2, "host": 3, "co_host": 4}


def composition_edition(data: Dataset, edition: int | None = None) -> pd.Series:
    """The numbered edition asked for; None or 0: the latest with a complete/composition list."""
    ed = numbered(data)
    if edition:
        chosen = ed[ed["number"] == edition]
        if chosen.empty:
            raise KeyError(f"no edition numbered {edition}; known: {', '.join(ed['edition'])}")
        return chosen.iloc[0]
    known = ed[ed["participant_list"].isin(["composition", "complete"])]
    if known.empty:
        raise ValueError("no edition has a complete or composition participant list")
    return known.iloc[-1]


def composition(data: Dataset, edition: int | None = None) -> pd.DataFrame:
    """The bodies of one edition (see ``composition_edition``) with role, type and region.

    Returns:
        Columns edition, number, year, participant_list, body_id, acronym, role (host for a
        co-host), type, region, confidence; members first.
    """
    chosen = composition_edition(data, edition)
    participation = data.participation
    rows = (
        participation[participation["edition"] == chosen["edition"]]
        .assign(rank=lambda p: p["role"].map(_STANDING_RANK))
        .sort_values(["rank", "body_id"])
        .drop_duplicates("body_id")
        .merge(data.bodies[["body_id", "acronym", "type", "region"]], on="body_id", how="left")
    )
    return rows.assign(
        role=rows["role"].replace({"co_host": "host"}),
        edition=chosen["edition"],
        number=chosen["number"],
        year=chosen["start_date"].year,
        participant_list=chosen["participant_list"],
    )[
        ["edition", "number", "year", "participant_list", "body_id", "acronym", "role"]
        + ["type", "region", "confidence"]
    ].reset_index(drop=True)


def _standing(data: Dataset) -> pd.DataFrame:
    """Participation rows in numbered editions, with the edition's number and the role's rank."""
    return data.participation.merge(numbered(data)[["edition", "number"]], on="edition").assign(
        rank=lambda p: p["role"].map(_STANDING_RANK)
    )


def first_appearances(data: Dataset) -> pd.DataFrame:
    """Per body: first numbered edition and role there, and the editions it is listed in.

    Returns:
        Columns body_id, first_edition, first_role, n_editions, editions (the numbers, joined
        by ", "); by first edition, then body_id.
    """
    rows = _standing(data)
    first = rows.sort_values(["number", "rank"]).drop_duplicates("body_id")
    seen = rows.groupby("body_id")["number"].agg(
        n_editions="nunique", editions=lambda n: ", ".join(map(str, sorted(set(n))))
    )
    out = (
        first[["body_id", "number", "role"]]
        .rename(columns={"number": "first_edition", "role": "first_role"})
        .merge(seen, left_on="body_id", right_index=True)
    )
    return out.sort_values(["first_edition", "body_id"], ignore_index=True)


def role_changes(data: Dataset) -> pd.DataFrame:
    """Every change of stated role (member <-> observer) between numbered editions.

    'participant' means the role was not stated, and a body missing from an edition's list is
    skipped rather than read as a change.

    Returns:
        Columns body_id, number_before, role_before, number, role; by body and edition.
    """
    stated = (
        _standing(data)
        .loc[lambda p: p["role"].isin(["member", "observer"])]
        .sort_values(["body_id", "number", "rank"])
        .drop_duplicates(["body_id", "number"])
    )
    before = stated.groupby("body_id")[["role", "number"]].shift()
    changed = stated[before["role"].notna() & (before["role"] != stated["role"])]
    before = before.loc[changed.index]
    return pd.DataFrame(
        {
            "body_id": changed["body_id"],
            "number_before": before["number"].astype("Int64"),
            "role_before": before["role"],
            "number": changed["number"],
            "role": changed["role"],
        }
    ).reset_index(drop=True)


def founding(data: Dataset) -> pd.DataFrame:
    """Dialogue bodies by founding date, with the span the date's precision allows."""
    b = dialogue_bodies(data)
    start, precision = b["founded"], b["founded_precision"]
    end = (
        (start + pd.Timedelta(days=1))
        .mask(precision == "month", start + pd.offsets.MonthBegin(1))
        .mask(precision == "year", start + pd.offsets.YearBegin(1))
    )
    return b.assign(founded_end=end)[
        ["body_id", "acronym", "founded", "founded_end", "founded_precision"]
        + ["founded_as_written", "confidence"]
    ].sort_values(["founded", "acronym"], na_position="last", ignore_index=True)
