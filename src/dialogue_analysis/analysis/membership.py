"""Who was a member of which body on a day, and how a body's membership grew: one rule for both.

What a day says about a country in a body is one of three things: it was a member (a source
evidences it), its status is **unknown** (it may have been, but nothing dated shows it), or it was
not. The build gives every spell four days (``data.spells``: ``possible_from``, ``confirmed_from``,
``confirmed_until``, ``out_from``); ``_spell_states`` reads them, and every query and count goes
through it:

- a spell is confirmed on the days ``confirmed_from <= day < confirmed_until``; unknown on the
  other days between ``possible_from`` and ``out_from``; out otherwise. A start known only by
  its year is unknown during that year; a start that is unknown, or of low confidence, leaves the
  years from the body's founding to the first evidence unknown, never "member".
- dated snapshots (rows with ``as_of``: a source saw the country in the body on that day, as with
  AMERIPOL's rosters) carry a country's last known status: each country's latest snapshot on or
  before the day counts, confirmed; before its first snapshot, from the body's founding, the
  country's status is unknown. Snapshots never say when a country left, so one seen once stays in.
- a treaty signature (status ``signatory``) is a separate fact about a state: it neither ends nor
  replaces the membership its police institution holds, so it is tracked apart from the others.

**Suspensions** (one rule for every body): a suspension is a row of status ``suspended`` on top of
an unbroken member spell. A suspended member stays a member: a suspension stops a state's
participation, not its membership. Every member count includes suspended members and says how
many there were (``MEMBER_DEFINITION``).
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

#: The one definition of "members" every count uses; views print it beside the numbers.
MEMBER_DEFINITION = (
    "Members: countries a source shows as full members on that day, suspended members included "
    "(a suspension stops participation, not membership); observers, partial participants and "
    "treaty signatories are not counted. Unknown: countries that may have been members but no "
    "dated source shows it."
)
#: The suspension rule in one line, for the notes under every chart and table that counts members.
SUSPENSION_RULE = (
    "Suspended members count as members: a suspension stops participation, not membership."
)
OUT, UNKNOWN, CONFIRMED = 0, 1, 2
CERTAINTY = {CONFIRMED: "confirmed", UNKNOWN: "unknown"}

_MEMBER_COLUMNS = [
    "body_id",
    "country_iso3",
    "status",
    "certainty",
    "joined",
    "joined_precision",
    "left",
    "left_precision",
    "confirmed_from",
    "as_of",
    "basis",
    "is_derived",
    "derived_from",
    "confidence",
    "source_id",
]


def _days(days: object) -> np.ndarray:
    return np.asarray(days, dtype="datetime64[ms]").reshape(-1)[:, None]


def _col(rows: pd.DataFrame, name: str) -> np.ndarray:
    return rows[name].to_numpy(dtype="datetime64[ms]")[None, :]


def _spell_states(spells: pd.DataFrame, days: object) -> np.ndarray:
    """Days x spells: OUT, UNKNOWN or CONFIRMED (see the module doc)."""
    day = _days(days)
    confirmed_from, until = _col(spells, "confirmed_from"), _col(spells, "confirmed_until")
    possible, out = _col(spells, "possible_from"), _col(spells, "out_from")
    confirmed = ~np.isnat(confirmed_from) & (confirmed_from <= day)
    confirmed &= np.isnat(until) | (day < until)
    possible = (np.isnat(possible) | (possible <= day)) & (np.isnat(out) | (day < out))
    return np.where(confirmed, CONFIRMED, np.where(possible, UNKNOWN, OUT))


def _snapshot_key(snaps: pd.DataFrame) -> pd.MultiIndex:
    """A snapshot's group: body, country and whether the row is a treaty signature."""
    return pd.MultiIndex.from_arrays(
        [snaps["body_id"], snaps["country_iso3"], snaps["status"] == "signatory"]
    )


def _snapshot_rows(snaps: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """Each country's latest snapshot on or before ``day`` (confirmed), else its first one.

    Before a country's first snapshot, from the body's founding, its status is unknown.
    """
    seen, ahead = snaps[snaps["as_of"] <= day], snaps[snaps["as_of"] > day]
    seen = seen[seen["as_of"] == seen.groupby(_snapshot_key(seen))["as_of"].transform("max")]
    ahead = ahead[ahead["as_of"] == ahead.groupby(_snapshot_key(ahead))["as_of"].transform("min")]
    ahead = ahead[ahead["possible_from"].isna() | (ahead["possible_from"] <= day)]
    ahead = ahead[~_snapshot_key(ahead).isin(_snapshot_key(seen))]
    return pd.concat([seen.assign(certainty="confirmed"), ahead.assign(certainty="unknown")])


def holding(memberships: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """Rows of ``memberships`` that may hold on ``day``, with ``certainty`` confirmed or unknown.

    Spells by their four days; dated snapshots by each country's latest one (see the module doc).
    """
    is_snap = memberships["as_of"].notna()
    spells = memberships[~is_snap]
    state = _spell_states(spells, [day])[0]
    spells = spells[state > OUT].assign(
        certainty=pd.Series(state[state > OUT], index=spells.index[state > OUT]).map(CERTAINTY),
        basis="spell",
    )
    snaps = _snapshot_rows(memberships[is_snap], day).assign(basis="snapshot")
    rows = pd.concat([spells, snaps])
    return rows.assign(certainty=rows["certainty"].astype("string"))[_MEMBER_COLUMNS]


def _with_status(rows: pd.DataFrame, status: Status) -> pd.DataFrame:
    """``rows`` whose status is ``status`` (one or several; None: any)."""
    if status is None:
        return rows
    wanted = [status] if isinstance(status, str) else list(status)
    return rows[rows["status"].isin(wanted)]


def on_day(
    memberships: pd.DataFrame,
    day: pd.Timestamp,
    status: Status,
    one_per: str | list[str],
    unknown: bool = False,
) -> pd.DataFrame:
    """The rows holding on ``day`` with ``status`` (None: any), one per ``one_per`` value.

    Only confirmed rows count unless ``unknown``; then a confirmed row wins over an unknown one.
    Where a spell and a snapshot both hold, the snapshot row is kept (it is dated); where several
    statuses are asked for, the first one named wins.
    """
    rows = _with_status(holding(memberships, day), status)
    if not unknown:
        rows = rows[rows["certainty"] == "confirmed"]
    order = [one_per] if isinstance(one_per, str) else list(one_per)
    wanted = [status] if isinstance(status, str) else list(status or [])
    rank = rows["status"].map({name: i for i, name in enumerate(wanted)}).fillna(0)
    rows = rows.assign(_rank=rank).sort_values([*order, "certainty", "_rank", "basis"])
    return rows.drop(columns="_rank").drop_duplicates(order)


def _suspended_on(memberships: pd.DataFrame, day: pd.Timestamp) -> pd.MultiIndex:
    """(body_id, country_iso3) of the members under a confirmed suspension on ``day``."""
    rows = on_day(memberships, day, "suspended", ["body_id", "country_iso3"])
    return pd.MultiIndex.from_frame(rows[["body_id", "country_iso3"]])


def _described(rows: pd.DataFrame, memberships: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    keys = pd.MultiIndex.from_frame(rows[["body_id", "country_iso3"]])
    rows = rows.assign(is_suspended=keys.isin(_suspended_on(memberships, day)))
    rows.insert(2, "country_name", rows["country_iso3"].map(countries.country_name))
    return rows.reset_index(drop=True)


def members(
    body: str,
    as_of: DateLike | None = None,
    data: Dataset | None = None,
    status: Status = "member",
    unknown: bool = False,
) -> pd.DataFrame:
    """The countries in ``body`` on a day, one row per country.

    Args:
        body: Any spelling of the body ("GCC-POL", "Europol").
        as_of: The day (default today); an int is an edition number.
        data: The dataset (default: ``load()``).
        status: Keep only this status (member, observer, partial, signatory, suspended), or
            these statuses (a list; the first that holds is shown); None keeps all. Suspended
            members are members (see ``MEMBER_DEFINITION``); ``is_suspended`` marks them.
        unknown: Also return the countries whose status that day is unknown (``certainty``
            'unknown'): a start known only by its year, or not known at all.

    Returns:
        Columns country_iso3, country_name, status, certainty, joined, joined_precision, left,
        left_precision, confirmed_from, as_of, basis ('spell' or 'snapshot'), is_derived,
        derived_from, confidence, source_id, is_suspended; sorted by country.
    """
    data = dataset(data)
    bid, day = body_id(body, data), as_timestamp(as_of, data)
    rows = data.memberships[data.memberships["body_id"] == bid]
    found = on_day(rows, day, status, "country_iso3", unknown)
    return _described(found, rows, day).drop(columns="body_id")


def bodies_of(
    country: str,
    as_of: DateLike | None = None,
    data: Dataset | None = None,
    status: Status = "member",
    unknown: bool = False,
) -> pd.DataFrame:
    """The bodies a country belongs to on a day, one row per body (columns as ``members``)."""
    data = dataset(data)
    code, day = country_iso3(country), as_timestamp(as_of, data)
    rows = data.memberships[data.memberships["country_iso3"] == code]
    found = on_day(rows, day, status, "body_id", unknown)
    return _described(found, rows, day)


def has_roster(data: Dataset, body_id: str) -> bool:
    """Whether the data has any member row for the body."""
    return bool((data.memberships["body_id"] == body_id).any())


# --- Member counts over time ---------------------------------------------------------------------


@dataclass(frozen=True)
class MemberCounts:
    """Member countries of one body over a window, by ``MEMBER_DEFINITION``.

    Attributes:
        steps: ``date``, ``n_members`` (confirmed, suspended members included), ``n_unknown``
            (countries whose status is unknown that day), ``n_suspended``: the counts from each
            date on (a 'post' step line), at every date one of them may change.
        start, end: The window (NaT when the body has no member rows).
        derived_from: Parent bodies whose rosters stand for this body's.
        definition: What is counted, to print beside the numbers.
    """

    steps: pd.DataFrame
    start: pd.Timestamp
    end: pd.Timestamp
    derived_from: tuple[str, ...]
    definition: str = MEMBER_DEFINITION


def _snapshot_states(
    snaps: pd.DataFrame, days: np.ndarray, statuses: Collection[str]
) -> dict[tuple[str, str], np.ndarray]:
    """(body, country) -> the state its dated snapshots give on each of ``days``.

    The rule ``_snapshot_rows`` applies to one day, for many days at once: each group's (body,
    country, signatory or not) latest snapshot on or before the day holds, confirmed; before its
    first one, from ``possible_from``, the status is unknown; a group counts when the snapshot
    that holds has one of ``statuses``. Every group at once with numpy, one pass per day.
    """
    if snaps.empty:
        return {}
    groups = snaps.groupby(
        [snaps["body_id"], snaps["country_iso3"], snaps["status"] == "signatory"], sort=False
    )
    gid, n = groups.ngroup().to_numpy(), groups.ngroups
    as_of = snaps["as_of"].to_numpy("datetime64[ms]").astype("int64")
    possible = snaps["possible_from"].to_numpy("datetime64[ms]")
    no_start = np.isnat(possible)
    possible = possible.astype("int64")
    wanted = snaps["status"].isin(list(statuses)).to_numpy()
    first = np.full(n, np.iinfo("int64").max)
    np.minimum.at(first, gid, as_of)
    states = np.empty((n, len(days)), dtype="int64")
    for i, day in enumerate(np.asarray(days, dtype="datetime64[ms]").astype("int64")):
        before = as_of <= day
        latest = np.full(n, np.iinfo("int64").min)
        np.maximum.at(latest, gid[before], as_of[before])
        held = before & (as_of == latest[gid]) & wanted
        seen = np.zeros(n, dtype=bool)
        seen[gid[before]] = True
        ahead = ~seen[gid] & (as_of == first[gid]) & (no_start | (possible <= day)) & wanted
        confirmed, unknown = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
        confirmed[gid[held]] = True
        unknown[gid[ahead]] = True
        states[:, i] = np.where(confirmed, CONFIRMED, np.where(unknown, UNKNOWN, OUT))
    out: dict[tuple[str, str], np.ndarray] = {}
    for g, (body, country, _) in enumerate(groups.size().index):
        key = (str(body), str(country))
        out[key] = np.maximum(out[key], states[g]) if key in out else states[g]
    return out


def pair_states(rows: pd.DataFrame, days: pd.DatetimeIndex, statuses: Status) -> pd.DataFrame:
    """Days x (body_id, country_iso3): the best state (OUT, UNKNOWN, CONFIRMED) of ``rows``.

    Only rows of ``statuses`` count (one or several). Spells by their four days
    (``_spell_states``), dated snapshots by each group's latest one (``_snapshot_states``): what
    ``holding`` says day by day, for many days and pairs at once.
    """
    wanted = [statuses] if isinstance(statuses, str) else list(statuses or [])
    day_values = days.to_numpy("datetime64[ms]")
    spells = rows[rows["as_of"].isna() & rows["status"].isin(wanted)]
    states = pd.DataFrame(
        _spell_states(spells, day_values),
        index=days,
        columns=pd.MultiIndex.from_arrays([spells["body_id"], spells["country_iso3"]]),
    )
    snaps = _snapshot_states(rows[rows["as_of"].notna()], day_values, wanted)
    if snaps:
        extra = pd.DataFrame(snaps, index=days)
        extra.columns = extra.columns.set_names(["body_id", "country_iso3"])
        states = pd.concat([states, extra], axis=1)
    if states.shape[1] == 0:
        return states
    return states.T.groupby(level=[0, 1]).max().T.astype("int64")


def _country_states(rows: pd.DataFrame, days: pd.DatetimeIndex, status: str) -> pd.DataFrame:
    """Days x countries: the best state (OUT, UNKNOWN, CONFIRMED) of one body's ``status`` rows."""
    states = pair_states(rows, days, status)
    if states.shape[1] == 0:
        return pd.DataFrame(index=days, dtype="int64")
    return states.droplevel("body_id", axis=1)


def member_counts(
    data: Dataset,
    body_id: str,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
) -> MemberCounts:
    """Count a body's members (``MEMBER_DEFINITION``) at every date the count may change.

    The same rule as ``members``: on any day, ``steps`` gives ``len(members(body, day))`` as
    ``n_members`` and the extra countries of ``members(body, day, unknown=True)`` as
    ``n_unknown``. ``start`` defaults to the earliest day any of the body's rows may hold (its
    founding, for a body with an undated row), else a year before ``end``; ``end`` to the latest
    date anywhere in the memberships (the dataset's horizon).
    """
    memberships = data.memberships
    rows = memberships[memberships["body_id"] == body_id]
    derived = rows.loc[rows["is_derived"].fillna(False).astype(bool), "derived_from"]
    derived_from = tuple(sorted(derived.dropna().unique()))
    if rows.empty:
        empty = pd.DataFrame(
            {"date": pd.Series(dtype="datetime64[ms]")}
            | {c: pd.Series(dtype="int64") for c in ("n_members", "n_unknown", "n_suspended")}
        )
        return MemberCounts(empty, pd.NaT, pd.NaT, derived_from)
    bound_cols = ["possible_from", "confirmed_from", "confirmed_until", "out_from", "as_of"]
    every = pd.concat([memberships[c] for c in ("joined", "left", "as_of")]).dropna()
    own = pd.concat([rows[c] for c in bound_cols]).dropna()
    end = pd.Timestamp(end) if end is not None else (every.max() if len(every) else pd.NaT)
    if start is None:
        start = own.min() if len(own) else end - pd.DateOffset(years=1)
    start = pd.Timestamp(start)
    inside = own[(own > start) & (own <= end)]
    days = pd.DatetimeIndex(sorted({start, *inside}), name="date")
    members_ = _country_states(rows, days, "member")
    suspended = _country_states(rows, days, "suspended")
    confirmed = members_ == CONFIRMED
    counts = pd.DataFrame(
        {
            "n_members": confirmed.sum(axis=1),
            "n_unknown": (members_ == UNKNOWN).sum(axis=1),
            "n_suspended": (
                confirmed & (suspended.reindex(columns=members_.columns) == CONFIRMED)
            ).sum(axis=1),
        },
        index=days,
    ).astype("int64")
    counts = counts[counts.ne(counts.shift()).any(axis=1)]  # keep the days the counts change
    if len(counts) and end > counts.index[-1]:  # hold the last count to the window's end
        counts.loc[end] = counts.iloc[-1]
    return MemberCounts(
        steps=counts.rename_axis("date").reset_index(),
        start=start,
        end=end,
        derived_from=derived_from,
    )
