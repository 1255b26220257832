"""Who was a member of which body on a day, and how a body's membership grew: one rule for both.

Membership rules: a spell counts from the first day its ``joined`` text allows (an unknown start
counts as "always") up to the day before ``left`` (``left`` is the first day outside the body);
``_holds`` is that rule, and every count of members on a day, in a table, a chart or a finding,
goes through it. Dated snapshots (rows with ``as_of``: a source saw the country in the body on that
day, as with AMERIPOL's rosters) carry a country's last known status: on a given day, each
country's latest snapshot on or before it counts, with the status it records. Snapshots never say
when a country left, so a country seen once stays in; the ``basis`` and ``as_of`` columns show it.
A treaty signature (status ``signatory``) is a separate fact about a state: it neither ends nor
replaces the membership its police institution holds, so it is tracked apart from the others.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dialogue_analysis.analysis.resolve import (
    DateLike,
    as_timestamp,
    body_id,
    country_iso3,
    dataset,
)
from dialogue_analysis.data import countries
from dialogue_analysis.data.dataset import Dataset

Status = str | Collection[str] | None

_MEMBER_COLUMNS = [
    "body_id",
    "country_iso3",
    "status",
    "joined",
    "joined_precision",
    "left",
    "as_of",
    "basis",
    "is_derived",
    "derived_from",
    "confidence",
    "source_id",
]


def _holds(spells: pd.DataFrame, days: np.ndarray) -> np.ndarray:
    """Days x spells: does the spell hold on the day (joined <= day < left; unknown = open)."""
    day = np.asarray(days, dtype="datetime64[ms]")[:, None]
    joined = spells["joined"].to_numpy(dtype="datetime64[ms]")[None, :]
    left = spells["left"].to_numpy(dtype="datetime64[ms]")[None, :]
    return (np.isnat(joined) | (joined <= day)) & (np.isnat(left) | (day < left))


def holding(memberships: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """Rows of ``memberships`` that hold on ``day`` (spells, and each country's latest snapshot)."""
    spells = memberships[memberships["as_of"].isna()]
    spells = spells[_holds(spells, [day])[0]].assign(basis="spell")
    snaps = memberships[memberships["as_of"].notna() & (memberships["as_of"] <= day)]
    signed = (snaps["status"] == "signatory").rename("signed")
    latest = snaps.groupby(["body_id", "country_iso3", signed])["as_of"].transform("max")
    snaps = snaps[snaps["as_of"] == latest].assign(basis="snapshot")
    return pd.concat([spells, snaps])[_MEMBER_COLUMNS]


def _with_status(rows: pd.DataFrame, status: Status) -> pd.DataFrame:
    """``rows`` whose status is ``status`` (one or several; None: any)."""
    if status is None:
        return rows
    wanted = [status] if isinstance(status, str) else list(status)
    return rows[rows["status"].isin(wanted)]


def on_day(
    memberships: pd.DataFrame, day: pd.Timestamp, status: Status, one_per: str | list[str]
) -> pd.DataFrame:
    """The rows holding on ``day`` with ``status`` (None: any), one per ``one_per`` value.

    Where a spell and a snapshot both hold, the snapshot row is kept (it is dated); where several
    statuses are asked for, the first one named wins.
    """
    rows = _with_status(holding(memberships, day), status)
    order = [one_per] if isinstance(one_per, str) else list(one_per)
    if status is not None and not isinstance(status, str):
        rank = {name: i for i, name in enumerate(status)}
        rows = rows.assign(_rank=rows["status"].map(rank)).sort_values([*order, "_rank", "basis"])
        rows = rows.drop(columns="_rank")
    else:
        rows = rows.sort_values([*order, "basis"])
    return rows.drop_duplicates(order)


def members(
    body: str,
    as_of: DateLike | None = None,
    data: Dataset | None = None,
    status: Status = "member",
) -> pd.DataFrame:
    """The countries in ``body`` on a day, one row per country.

    Args:
        body: Any spelling of the body ("GCC-POL", "Europol").
        as_of: The day (default today); an int is an edition number.
        data: The dataset (default: ``load()``).
        status: Keep only this status (member, observer, partial, signatory), or these
            statuses (a list; the first that holds is shown); None keeps all.

    Returns:
        Columns country_iso3, country_name, status, joined, left, as_of, basis ('spell' or
        'snapshot'), is_derived, derived_from, confidence, source_id; sorted by country.
    """
    data = dataset(data)
    bid, day = body_id(body, data), as_timestamp(as_of, data)
    rows = data.memberships[data.memberships["body_id"] == bid]
    rows = on_day(rows, day, status, "country_iso3")
    rows.insert(2, "country_name", rows["country_iso3"].map(countries.country_name))
    return rows.drop(columns="body_id").reset_index(drop=True)


def bodies_of(
    country: str,
    as_of: DateLike | None = None,
    data: Dataset | None = None,
    status: Status = "member",
) -> pd.DataFrame:
    """The bodies a country belongs to on a day, one row per body (columns as ``members``)."""
    data = dataset(data)
    code, day = country_iso3(country), as_timestamp(as_of, data)
    rows = on_day(
        data.memberships[data.memberships["country_iso3"] == code], day, status, "body_id"
    )
    return rows.reset_index(drop=True)


def has_roster(data: Dataset, body_id: str) -> bool:
    """Whether the data has any member row for the body."""
    return bool((data.memberships["body_id"] == body_id).any())


# --- Member counts over time ---------------------------------------------------------------------


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
    data: Dataset,
    body_id: str,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
) -> MemberCounts:
    """Count a body's member countries (status member) at every date its count may change.

    The count on a day is the number of member spells that hold on it (``_holds``, the rule
    ``members`` uses), so a spell with an unknown start is counted from ``start``. ``start``
    defaults to the body's earliest known date (else its founding date, else a year before
    ``end``); ``end`` to the latest date anywhere in the memberships (the dataset's horizon).
    """
    memberships = data.memberships
    founded = data.bodies.loc[data.bodies["body_id"] == body_id, "founded"]
    rows = memberships[(memberships["body_id"] == body_id) & (memberships["status"] == "member")]
    every = pd.concat([memberships[c] for c in ("joined", "left", "as_of")]).dropna()
    own = pd.concat([rows[c] for c in ("joined", "left", "as_of")]).dropna()
    end = pd.Timestamp(end) if end is not None else (every.max() if len(every) else pd.NaT)
    if start is None:
        start = own.min() if len(own) else (founded.iloc[0] if len(founded) else None)
        start = end - pd.DateOffset(years=1) if pd.isna(start) else start
    start = pd.Timestamp(start)
    spells = rows[rows["as_of"].isna()]
    live = spells[
        (spells["left"].isna() | (spells["left"] > start))
        & (spells["joined"].isna() | (spells["joined"] <= end))
    ]
    # The days the count can change: a join (or the window's start for earlier or unknown
    # joins) and an exit inside the window.
    plus = live["joined"].where(live["joined"] > start, start)
    minus = live["left"][live["left"].notna() & (live["left"] <= end)]
    days = pd.concat([plus, minus]).drop_duplicates().sort_values().reset_index(drop=True)
    held = _holds(live, days.to_numpy())
    dated = live["joined"].notna().to_numpy()
    counts = pd.DataFrame(
        {"n_members": held.sum(axis=1), "n_dated": (held & dated).sum(axis=1)},
        index=pd.Index(days, name="date"),
    ).astype("int64")
    if len(counts) and end > counts.index[-1]:  # hold the last count to the window's end
        counts.loc[end] = counts.iloc[-1]
    steps = counts.reset_index()
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
