"""Who was a member of which body on a day, and how a body's membership grew: one rule for both.

What a day says about a country in a body is one of three things: it was a member (a medium- or
high-confidence source evidences it), its status is **unknown** (it may have been, but nothing
sure shows it), or it was not. That rule is written once, in ``analysis.status``; ``members``,
``bodies_of`` and ``member_counts`` only ask it:

- a start known only by its year or month is unknown during that period; a start that is
  unknown, or of low confidence, leaves the years from the body's founding (or the state's
  birth) to the first sure evidence unknown, never "member"; a low-confidence row alone never
  makes a member;
- dated snapshots (AMERIPOL's rosters) carry a country's last confirmed status;
- a treaty signature (status ``signatory``) is a separate fact about a state: it neither ends nor
  replaces the membership its police institution holds.

**Suspensions** (one rule for every body): a suspension is a row of status ``suspended`` on top of
an unbroken member spell. A suspended member stays a member: a suspension stops a state's
participation, not its membership. Every member count includes suspended members and says how
many there were (``MEMBER_DEFINITION``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from dialogue_analysis.analysis.resolve import (
    DateLike,
    as_timestamp,
    body_id,
    country_iso3,
    dataset,
)
from dialogue_analysis.analysis.status import CONFIRMED, HELD, UNKNOWN, pair_grid
from dialogue_analysis.analysis.status import status as status_of
from dialogue_analysis.data import countries
from dialogue_analysis.data.dataset import Dataset
from dialogue_analysis.data.vocabulary import MARKS

Status = str | Collection[str] | None

#: The one definition of "members" every count uses; views print it beside the numbers.
MEMBER_DEFINITION = (
    "Members: countries a source shows as full members on that day, suspended members included "
    "(a suspension stops participation, not membership); observers, partial participants and "
    "treaty signatories are not counted. Status unknown: "
    # the one wording of the mark, as every legend has it
    + MARKS["unknown"].sentence.split(": ", 1)[1]
    + "."
)
#: The suspension rule in one line, for the notes under every chart and table that counts members.
SUSPENSION_RULE = (
    "Suspended members count as members: a suspension stops participation, not membership."
)

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
    "as_of_precision",
    "basis",
    "is_derived",
    "derived_from",
    "confidence",
    "source_id",
    "is_suspended",
    "suspended_since",
    "suspended_since_precision",
]


def _wanted(status: Status) -> tuple[str, ...]:
    if status is None:
        return HELD
    return (status,) if isinstance(status, str) else tuple(status)


def on_day(
    data: Dataset,
    day: pd.Timestamp,
    status: Status,
    bodies: Collection[str] | None = None,
    countries: Collection[str] | None = None,
    unknown: bool = False,
) -> pd.DataFrame:
    """One row per (body, country) holding on ``day`` with ``status`` (None: any), by ``status``.

    Only confirmed pairs unless ``unknown`` (then ``certainty`` says which); where several
    statuses are asked for, the first one named that holds wins.
    """
    found = status_of(data, [day], bodies, countries, _wanted(status))
    found = found[found["state"] != "out"]
    if not unknown:
        found = found[found["state"] == "confirmed"]
    found = found.assign(certainty=found["state"].astype("string"))
    return found[_MEMBER_COLUMNS].reset_index(drop=True)


def _described(rows: pd.DataFrame) -> pd.DataFrame:
    rows = rows.copy()
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
    found = on_day(data, day, status, bodies=[bid], unknown=unknown)
    return _described(found.sort_values("country_iso3")).drop(columns="body_id")


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
    found = on_day(data, day, status, countries=[code], unknown=unknown)
    return _described(found.sort_values("body_id"))


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
    members_ = pair_grid(data, days, [body_id], statuses=("member",))
    suspended = pair_grid(data, days, [body_id], statuses=("suspended",))
    sure = members_ == CONFIRMED
    held = (suspended == CONFIRMED).reindex(columns=members_.columns, fill_value=False)
    counts = pd.DataFrame(
        {
            "n_members": sure.sum(axis=1),
            "n_unknown": (members_ == UNKNOWN).sum(axis=1),
            "n_suspended": (sure & held).sum(axis=1),
        },
        index=days,
    )
    counts = counts.reindex(days, fill_value=0).astype("int64")
    counts = counts[counts.ne(counts.shift()).any(axis=1)]  # keep the days the counts change
    if len(counts) and end > counts.index[-1]:  # hold the last count to the window's end
        counts.loc[end] = counts.iloc[-1]
    return MemberCounts(
        steps=counts.rename_axis("date").reset_index(),
        start=start,
        end=end,
        derived_from=derived_from,
    )
