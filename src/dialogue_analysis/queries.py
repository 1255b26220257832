"""Questions users ask of the dataset: who was a member when, who took part in which meeting.

Every helper takes an optional ``data`` (a ``Dataset`` from ``load()``); without it the default
dataset is loaded. Bodies may be named by any alias ("GCC-POL", "Ameripol"), countries by name or
ISO code, and dates as ``datetime.date``, ``pandas.Timestamp``, ISO text such as "2019-06-12", an
edition number (meaning that edition's first day) or "latest" (the latest day the data dates).

Membership rules: a spell counts from the first day its ``joined`` text allows (an unknown start
counts as "always") up to the day before ``left`` (``left`` is the first day outside the body).
Dated snapshots (rows with ``as_of``: a source saw the country in the body on that day, as with
AMERIPOL's rosters) carry a country's last known status: on a given day, each country's latest
snapshot on or before it counts, with the status it records. Snapshots never say when a country
left, so a country seen once stays in; the ``basis`` and ``as_of`` columns show it. A treaty
signature (status ``signatory``) is a separate fact about a state: it neither ends nor replaces the
membership its police institution holds, so it is tracked apart from the other statuses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import pandas as pd

from dialogue_analysis import countries, names
from dialogue_analysis.dataset import Dataset, load

DateLike = dt.date | pd.Timestamp | str | int
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


def _data(data: Dataset | None) -> Dataset:
    return data if data is not None else load()


def body_id(body: str, data: Dataset | None = None) -> str:
    """The canonical ``body_id`` for any spelling of a body, or KeyError naming close matches."""
    bodies = _data(data).bodies
    if body in set(bodies["body_id"]):  # already canonical: no alias index needed (~30 ms)
        return body
    index = names.build_alias_index(bodies[["body_id", "acronym", "full_name", "aliases"]])
    found = index.get(names.name_key(body))
    if found is None:
        close = names.suggest(body, tuple(bodies["body_id"]))
        raise KeyError(f"unknown body {body!r}" + (f"; did you mean {close!r}?" if close else ""))
    return found


def country_iso3(country: str) -> str:
    """The ISO 3166 alpha-3 code for a country name or code, or KeyError."""
    code = countries.to_iso3(
        pd.Series([country], dtype="string"), countries.build_country_index()
    ).iloc[0]
    if pd.isna(code):
        if len(country) == 3 and country.isalpha():  # user-assigned codes such as XKX
            return country.upper()
        raise KeyError(f"unknown country {country!r}")
    return str(code)


def latest_day(data: Dataset | None = None) -> pd.Timestamp:
    """The latest day the data dates a fact on (a meeting, a join, an exit, a snapshot).

    Days after today (a scheduled exit, say) are ignored, so the answer is a day already past.
    """
    data = _data(data)
    editions, rows = data.editions, data.memberships
    days = pd.concat(
        [editions["start_date"], editions["end_date"], rows["joined"], rows["left"], rows["as_of"]]
    ).dropna()
    return days[days <= pd.Timestamp(dt.date.today())].max().normalize()


def as_timestamp(when: DateLike | None, data: Dataset | None = None) -> pd.Timestamp:
    """A day from a date, an ISO string or an edition number (its first day).

    None is today; "latest" is ``latest_day``, the latest day the data dates a fact on.
    """
    if when is None:
        return pd.Timestamp(dt.date.today())
    if isinstance(when, str) and when.strip().lower() == "latest":
        return latest_day(data)
    if isinstance(when, int) or (
        isinstance(when, str) and when.strip().isdigit() and len(when.strip()) <= 2
    ):
        editions = _data(data).editions
        row = editions[editions["number"] == int(when)]
        if row.empty or pd.isna(row["start_date"].iloc[0]):
            raise KeyError(f"no edition numbered {when} with a known date")
        return pd.Timestamp(row["start_date"].iloc[0])
    return pd.Timestamp(when).normalize()


def _active(memberships: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """Rows of ``memberships`` that hold on ``day`` (spells, and each country's latest snapshot)."""
    spells = memberships[memberships["as_of"].isna()]
    spells = spells[
        (spells["joined"].isna() | (spells["joined"] <= day))
        & (spells["left"].isna() | (day < spells["left"]))
    ].assign(basis="spell")
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


def _on_day(
    memberships: pd.DataFrame, day: pd.Timestamp, status: Status, one_per: str | list[str]
) -> pd.DataFrame:
    """The rows holding on ``day`` with ``status`` (None: any), one per ``one_per`` value.

    Where a spell and a snapshot both hold, the snapshot row is kept (it is dated); where several
    statuses are asked for, the first one named wins.
    """
    rows = _with_status(_active(memberships, day), status)
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
    data = _data(data)
    bid, day = body_id(body, data), as_timestamp(as_of, data)
    rows = _on_day(
        data.memberships[data.memberships["body_id"] == bid], day, status, "country_iso3"
    )
    rows.insert(2, "country_name", rows["country_iso3"].map(countries.country_name))
    return rows.drop(columns="body_id").reset_index(drop=True)


def bodies_of(
    country: str,
    as_of: DateLike | None = None,
    data: Dataset | None = None,
    status: Status = "member",
) -> pd.DataFrame:
    """The bodies a country belongs to on a day, one row per body (columns as ``members``)."""
    data = _data(data)
    code, day = country_iso3(country), as_timestamp(as_of, data)
    rows = _on_day(
        data.memberships[data.memberships["country_iso3"] == code], day, status, "body_id"
    )
    return rows.reset_index(drop=True)


def participants(edition: int | str, data: Dataset | None = None) -> pd.DataFrame:
    """Who took part in a meeting: one row per body and role, with the list's completeness.

    Args:
        edition: An edition number (3) or meeting key ("3", "WG-2023").
        data: The dataset (default: ``load()``).

    Returns:
        The participation rows of the meeting joined with the body's acronym and type, and
        ``participant_list`` (complete, partial, composition or unknown) from the edition.
    """
    data = _data(data)
    key = str(edition).strip().upper()
    meeting = data.editions[data.editions["edition"] == key]
    if meeting.empty:
        raise KeyError(f"unknown meeting {edition!r}; known: {', '.join(data.editions['edition'])}")
    rows = data.participation[data.participation["edition"] == key]
    rows = rows.merge(data.bodies[["body_id", "acronym", "type"]], on="body_id", how="left")
    return rows.assign(participant_list=meeting["participant_list"].iloc[0]).reset_index(drop=True)
