"""Tables about one body for its profile: identity card, meetings attended, member counts.

``body_card`` is the body's identity as two columns (field, value); ``body_participation`` lists
every meeting with the body's role(s) in it, or "not reported" / "absent" when it is unlisted (see
``tables`` for the role rules); ``member_counts`` counts its member countries over time from the
membership spells and dated snapshots, as a ``MemberCounts``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dialogue_analysis.countries import country_name
from dialogue_analysis.evidence import worst_confidence
from dialogue_analysis.tables import CELL_RANK, UNLISTED, meeting_places
from dialogue_analysis.words import label, labels


def _name(bodies: pd.DataFrame, body_id: str) -> str:
    """'African Union (AU)', or the id when the body is unknown."""
    found = bodies[bodies["body_id"] == body_id]
    if found.empty:
        return body_id
    return f"{found['full_name'].iloc[0]} ({found['acronym'].iloc[0]})"


def body_card(bodies: pd.DataFrame, body_id: str) -> pd.DataFrame:
    """A body's identity card: two columns, ``field`` and ``value``."""
    row = bodies.set_index("body_id").loc[body_id]
    parent = row["parent_body_id"]
    aliases = [] if pd.isna(row["aliases"]) else [a.strip() for a in row["aliases"].split(";")]
    founded = "unknown"
    if pd.notna(row["founded_as_written"]):
        founded = f"{row['founded_as_written']} (known to the {row['founded_precision']})"
    hq = ", ".join(
        str(v)
        for v in (
            row["hq_city"],
            None if pd.isna(row["hq_country_iso3"]) else country_name(row["hq_country_iso3"]),
        )
        if pd.notna(v)
    )
    more = "" if pd.isna(row["more_source_ids"]) else f" (also {row['more_source_ids']})"
    fields = {
        "Full name": row["full_name"],
        "Acronym": row["acronym"],
        "Body id": body_id,
        "Aliases": "; ".join(a for a in aliases if a) or "none recorded",
        "Type": label("body_type", row["type"]),
        "Region": label("region", row["region"]),
        "Founded": founded,
        "Headquarters": hq or "not stated",
        "Parent organisation": "none" if pd.isna(parent) else _name(bodies, parent),
        "Takes part in the Dialogue": "yes" if row["is_dialogue_participant"] is True else "no",
        "Confidence": row["confidence"],
        "Source": f"{row['source_id']}{more}",
        "Notes": row["notes"],
    }
    values = pd.array([None if pd.isna(v) else str(v) for v in fields.values()], dtype="string")
    return pd.DataFrame({"field": list(fields), "value": values})


def body_participation(
    participation: pd.DataFrame, editions: pd.DataFrame, body_id: str
) -> pd.DataFrame:
    """Every meeting and the body's role(s) in it; 'not reported' / 'absent' when unlisted."""
    rows = participation[participation["body_id"] == body_id].assign(
        rank=lambda p: p["role"].map(CELL_RANK), role=lambda p: labels("role", p["role"])
    )
    by_meeting = (
        rows.sort_values("rank")
        .groupby("edition")
        .agg(
            role=("role", lambda r: "; ".join(dict.fromkeys(r))),
            attendance=("attendance", lambda a: "; ".join(dict.fromkeys(labels("attendance", a)))),
            confidence=("confidence", worst_confidence),
            source_id=("source_id", lambda s: "; ".join(dict.fromkeys(s))),
        )
    )
    out = meeting_places(editions.drop(columns=["confidence", "source_id"])).merge(
        by_meeting, left_on="edition", right_index=True, how="left"
    )
    return out.assign(
        kind=labels("kind", out["kind"]),
        role=out["role"].fillna(out["participant_list"].map(UNLISTED)),
    ).rename(columns={"when": "date"})[
        ["edition", "kind", "date", "place", "role", "attendance", "participant_list"]
        + ["confidence", "source_id"]
    ]


# --- Member counts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberCounts:
    """Member countries of one body over a window.

    Attributes:
        steps: ``date``, ``n_members``, ``n_dated``: the count from each date on (a 'post' step
            line), and the part of it whose joining dates are known.
        snapshots: ``as_of``, ``n_members``, ``is_low``: counts seen by dated snapshots.
        low_changes: ``date``, ``n_members`` where a low-confidence row changes the count.
        start, end: The window (NaT when the body has no member rows).
        n_unknown_joined: Spells with no known start, counted from ``start``.
        derived_from: Parent bodies whose rosters stand for this body's.
    """

    steps: pd.DataFrame
    snapshots: pd.DataFrame
    low_changes: pd.DataFrame
    start: pd.Timestamp
    end: pd.Timestamp
    n_unknown_joined: int
    derived_from: tuple[str, ...]


def member_counts(
    memberships: pd.DataFrame,
    body_id: str,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    founded: pd.Timestamp | None = None,
) -> MemberCounts:
    """Count a body's member countries (status member) over time with +1/-1 events.

    A spell adds 1 on its ``joined`` day (an unknown or earlier start counts from ``start``) and
    removes 1 on its ``left`` day. ``start`` defaults to the body's earliest known date (else its
    ``founded`` date, else a year before ``end``); ``end`` to the latest date anywhere in
    ``memberships`` (the dataset's horizon).
    """
    rows = memberships[(memberships["body_id"] == body_id) & (memberships["status"] == "member")]
    every = pd.concat([memberships[c] for c in ("joined", "left", "as_of")]).dropna()
    own = pd.concat([rows[c] for c in ("joined", "left", "as_of")]).dropna()
    end = pd.Timestamp(end) if end is not None else (every.max() if len(every) else pd.NaT)
    if start is None:
        start = own.min() if len(own) else founded
        start = end - pd.DateOffset(years=1) if pd.isna(start) else start
    start = pd.Timestamp(start)
    spells = rows[rows["as_of"].isna()]
    live = spells[
        (spells["left"].isna() | (spells["left"] > start))
        & (spells["joined"].isna() | (spells["joined"] <= end))
    ]
    plus = live["joined"].where(live["joined"] > start, start)
    minus = live["left"][live["left"].notna() & (live["left"] <= end)]
    dated = live["joined"].notna().astype(int)  # spells whose start is known
    events = pd.DataFrame(
        {
            "date": pd.concat([plus, minus]).to_numpy(),
            "n_members": [1] * len(plus) + [-1] * len(minus),
            "n_dated": pd.concat([dated, -dated.reindex(minus.index)]).to_numpy(),
        }
    )
    counts = events.groupby("date").sum().sort_index().cumsum()
    if len(counts) and end > counts.index[-1]:  # hold the last count to the window's end
        counts.loc[end] = counts.iloc[-1]
    steps = counts.rename_axis("date").reset_index()
    low = live["confidence"] == "low"
    low_dates = pd.concat([plus[low], minus[low.reindex(minus.index)]]).drop_duplicates()
    low_changes = pd.DataFrame(
        {
            "date": low_dates.to_numpy(),
            "n_members": counts["n_members"].reindex(low_dates).to_numpy(),
        }
    )
    snaps = rows[rows["as_of"].notna() & rows["as_of"].between(start, end)]
    snapshots = (
        snaps.assign(is_low=snaps["confidence"] == "low")
        .groupby("as_of", as_index=False)
        .agg(n_members=("country_iso3", "nunique"), is_low=("is_low", "any"))
    )
    derived = rows.loc[rows["is_derived"].fillna(False).astype(bool), "derived_from"]
    return MemberCounts(
        steps=steps,
        snapshots=snapshots,
        low_changes=low_changes,
        start=start,
        end=end,
        n_unknown_joined=int(live["joined"].isna().sum()),
        derived_from=tuple(sorted(derived.dropna().unique())),
    )
