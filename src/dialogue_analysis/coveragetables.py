"""Tables and findings of the coverage report and of a body's overlaps, ready to display.

Each function takes the frames of ``overlaps`` and returns a frame with readable column names, or
a one-line finding (Markdown-escaped: it carries names from the CSVs).
"""

from __future__ import annotations

import pandas as pd

from dialogue_analysis import words
from dialogue_analysis.dataset import Dataset
from dialogue_analysis.overlapcharts import day_words
from dialogue_analysis.overlaps import (
    ROSTER_MARKS,
    bodies_without_rosters,
    coverage_bodies,
    membership_matrix,
    overlap_matrix,
    rosters,
)

CHANGE_WORDS = {"joined": "joined", "left": "left", "status_changed": "status changed"}


def _acronyms(data: Dataset) -> pd.Series:
    return data.bodies.set_index("body_id")["acronym"]


def _names(ids: pd.Series, labels: pd.Series) -> pd.Series:
    """'AIMC; GCCPOL' with each body_id replaced by its label."""
    mapping = labels.to_dict()
    return ids.map(lambda text: ", ".join(mapping.get(b, b) for b in text.split("; ") if b))


def intro(table: pd.DataFrame, rosters: pd.DataFrame, day: pd.Timestamp, data: Dataset) -> str:
    """What the report counts on ``day``, and what it cannot count."""
    covered = int((table["n_bodies"] > 0).sum())
    missing = [_acronyms(data)[b] for b in bodies_without_rosters(data)]
    derived = rosters[rosters["n_derived"] > 0]
    text = (
        f"On {day_words(day)}, the {len(rosters)} Dialogue bodies with a member list covered "
        f"{words.plural(covered, 'country')}. "
    )
    if missing:
        text += (
            f"{words.and_join(missing)} {'has' if len(missing) == 1 else 'have'} no member list "
            "in the data and are not counted (UNODC is a UN office: none exists). "
        )
    if len(derived):
        sources = ", ".join(
            f"{r.acronym} from {_acronyms(data).get(r.derived_from, r.derived_from)}"
            for r in derived.itertuples()
        )
        text += f"Rosters taken from a parent organisation's members (marked *): {sources}."
    return words.markdown_safe(text)


def body_counts(rosters: pd.DataFrame) -> pd.DataFrame:
    """Countries per body on the day, with how sure each roster is."""
    marks = {mark: meaning for mark, meaning in ROSTER_MARKS.values()}
    return pd.DataFrame(
        {
            "Body": rosters["label"],
            "Countries": rosters["n_countries"],
            "Derived rows": rosters["n_derived"],
            "Derived from": rosters["derived_from"],
            "Low-confidence rows": rosters["n_low"],
            "Snapshot rows": rosters["n_snapshot"],
            "Marks": rosters["marks"].map(lambda m: "; ".join(marks[c] for c in m)),
        }
    )


def interpol_only(table: pd.DataFrame) -> pd.DataFrame:
    """Countries that INTERPOL alone covers, by name."""
    rows = table[table["is_interpol_only"]].sort_values("country_name")
    return pd.DataFrame(
        {"Country": rows["country_name"], "ISO 3166": rows["country_iso3"]}
    ).reset_index(drop=True)


def covered_by_at_least(table: pd.DataFrame, n: int, labels: pd.Series) -> pd.DataFrame:
    """Countries covered by ``n`` or more bodies, most covered first."""
    rows = table[table["n_bodies"] >= n].sort_values(
        ["n_bodies", "country_name"], ascending=[False, True]
    )
    return pd.DataFrame(
        {
            "Country": rows["country_name"],
            "ISO 3166": rows["country_iso3"],
            "Bodies": rows["n_bodies"],
            "Which": _names(rows["body_ids"], labels),
            "Through a derived or low-confidence roster": _names(
                rows["uncertain_body_ids"], labels
            ),
        }
    ).reset_index(drop=True)


def changes(changes: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    """``membership_changes`` with readable columns (undated where only a snapshot shows it)."""
    date = changes["date"].dt.strftime("%Y-%m-%d").fillna("between the two days")
    return pd.DataFrame(
        {
            "Body": changes["body_id"].map(labels.to_dict()).fillna(changes["body_id"]),
            "Country": changes["country_name"],
            "Change": changes["change"].map(CHANGE_WORDS),
            "Before": changes["status_before"].fillna("—"),
            "After": changes["status_after"].fillna("—"),
            "Date": date,
            "Confidence": changes["confidence"],
            "Source": changes["source_id"],
        }
    ).reset_index(drop=True)


def changes_finding(changes: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> str:
    """'Between 12 June 2019 and 26 October 2025: 12 joins, 2 exits, 0 status changes.'."""
    counts = changes["change"].value_counts()
    if start == end:
        return "The two days are the same: no change to list."
    return words.markdown_safe(
        f"Between {day_words(start)} and {day_words(end)}: "
        f"{words.plural(int(counts.get('joined', 0)), 'join')}, "
        f"{words.plural(int(counts.get('left', 0)), 'exit')} and "
        f"{words.plural(int(counts.get('status_changed', 0)), 'status change')} "
        f"across {words.plural(changes['body_id'].nunique(), 'body')}."
    )


def has_roster(body_id: str, data: Dataset) -> bool:
    """Whether the data has any member row for the body."""
    return bool((data.memberships["body_id"] == body_id).any())


def _with(body_id: str, data: Dataset) -> list[str]:
    return sorted({*coverage_bodies(data), body_id})


def overlap_frames(
    body_id: str, day: pd.Timestamp, data: Dataset
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The overlap counts and rosters of ``body_id`` with every Dialogue body, on ``day``."""
    bodies = _with(body_id, data)
    return overlap_matrix(day, "count", data, bodies), rosters(day, data, bodies)


def shared_countries(body_id: str, day: pd.Timestamp, data: Dataset) -> pd.DataFrame:
    """Per other body: how many and which of ``body_id``'s countries it also covers on ``day``."""
    matrix = membership_matrix(day, data, _with(body_id, data))
    own = matrix[matrix[body_id]].drop(columns=body_id)
    shared = {  # ISO codes: short and unambiguous
        other: ", ".join(sorted(own.index[own[other]])) for other in own.columns if own[other].any()
    }
    labels = rosters(day, data, _with(body_id, data)).set_index("body_id")["label"]
    counts = own.sum().reindex(list(shared)).sort_values(ascending=False, kind="stable")
    return pd.DataFrame(
        {
            "Other body": labels.reindex(counts.index).to_numpy(),
            "Shared countries": counts.to_numpy(),
            "Which (ISO 3166)": [shared[b] for b in counts.index],
        }
    )
