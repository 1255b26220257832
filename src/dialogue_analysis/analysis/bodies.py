"""Facts about one body: its acronym and name, and its role at every meeting.

``body_participation`` lists every meeting with the body's roles in it (canonical values, most
telling first) or, when the body is unlisted, the category the meeting's list allows ("not
reported" for a partial or unknown list, "absent" for a complete one; see ``meetings``).
"""

from __future__ import annotations

import pandas as pd

from dialogue_analysis.analysis.evidence import worst_confidence
from dialogue_analysis.analysis.meetings import CELL_RANK, UNLISTED, by_date
from dialogue_analysis.analysis.resolve import as_tuples
from dialogue_analysis.data.dataset import Dataset


def acronym(data: Dataset, body_id: str) -> str:
    """A body's acronym, or its id when the body is not in the data."""
    found = data.bodies.loc[data.bodies["body_id"] == body_id, "acronym"]
    return str(found.iloc[0]) if len(found) else body_id.replace("_", " ")


def acronyms(data: Dataset) -> pd.Series:
    """Every body's acronym, indexed by body_id."""
    return data.bodies.set_index("body_id")["acronym"]


def body_row(data: Dataset, body_id: str) -> pd.Series:
    """The body's row of the bodies table (KeyError if unknown)."""
    return data.bodies.set_index("body_id").loc[body_id]


def body_participation(data: Dataset, body_id: str) -> pd.DataFrame:
    """Every meeting, by date, and the body's part in it.

    Returns:
        The meeting's columns (edition, kind, number, start_date, date_precision, city, format,
        participant_list) and roles (a tuple of canonical roles, host first), attendances
        (likewise; "" where not stated), confidence (the lowest of the rows), source_ids (a
        tuple);
        ``listed`` False and ``unlisted`` the category ("not reported" or "absent") where the
        body has no row for the meeting.
    """
    rows = data.participation[data.participation["body_id"] == body_id].assign(
        rank=lambda p: p["role"].map(CELL_RANK)
    )
    by_meeting = (
        rows.sort_values("rank")
        .groupby("edition")
        .agg(
            roles=("role", lambda r: tuple(dict.fromkeys(r))),
            attendances=("attendance", lambda a: tuple(dict.fromkeys(a.astype(object).fillna("")))),
            confidence=("confidence", worst_confidence),
            source_ids=("source_id", lambda s: tuple(dict.fromkeys(s))),
        )
    )
    by_meeting = by_meeting.assign(
        **{c: as_tuples(by_meeting[c]) for c in ("roles", "attendances", "source_ids")}
    )
    meetings = by_date(data).drop(columns=["confidence", "source_id"])
    out = meetings.merge(by_meeting, left_on="edition", right_index=True, how="left")
    return out.assign(
        listed=out["roles"].notna(),
        unlisted=out["participant_list"].map(UNLISTED).where(out["roles"].isna()),
    )[
        ["edition", "kind", "number", "start_date", "date_precision", "city", "format"]
        + ["participant_list", "roles", "attendances", "confidence", "source_ids"]
        + ["listed", "unlisted"]
    ]
