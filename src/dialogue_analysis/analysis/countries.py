"""One country across the Dialogue: its spells in every body, its coverage by edition, its peers.

The same rules as everywhere else: a day's status comes from ``membership`` (confirmed, unknown or
out), and a body *covers* a country as in ``overlaps.coverage`` (member or partial, confirmed, in
one of ``coverage_bodies``), so a country profile's count at an edition is the coverage report's
count for that country on that day.
"""

from __future__ import annotations

import hashlib
import operator
from collections.abc import Collection

import numpy as np
import pandas as pd

from dialogue_analysis.analysis.overlaps import coverage_bodies, coverage_states
from dialogue_analysis.analysis.resolve import (
    DateLike,
    as_timestamp,
    country_iso3,
    dataset,
    latest_day,
)
from dialogue_analysis.analysis.status import HELD, change_days, rows_of
from dialogue_analysis.analysis.status import status as status_of
from dialogue_analysis.data import countries
from dialogue_analysis.data.dataset import Dataset

#: The columns of ``spells``.
SPELL_COLUMNS = [
    "body_id",
    "is_dialogue_body",
    "parent_body_id",
    "status",
    "joined_as_written",
    "joined",
    "joined_precision",
    "left_as_written",
    "left",
    "left_precision",
    "as_of",
    "as_of_precision",
    "possible_from",
    "confirmed_from",
    "confirmed_from_precision",
    "confirmed_until",
    "out_from",
    "is_derived",
    "derived_from",
    "confidence",
    "source_id",
    "quote",
    "more_source_ids",
]


def roster_countries(data: Dataset | None = None) -> pd.DataFrame:
    """Every country or territory any roster in the data names, one row each.

    Returns:
        Columns country_iso3, country_name, region and subregion (UN M49), sorted by
        country_iso3.
    """
    data = dataset(data)
    codes = sorted(data.memberships["country_iso3"].dropna().unique())
    return pd.DataFrame(
        {
            "country_iso3": pd.array(codes, dtype="string"),
            "country_name": pd.array([countries.country_name(c) for c in codes], dtype="string"),
            "region": pd.array([countries.region(c) for c in codes], dtype="string"),
            "subregion": pd.array([countries.subregion(c) for c in codes], dtype="string"),
        }
    )


def spells(data: Dataset, country: str) -> pd.DataFrame:
    """Every membership row of a country: spells, suspensions and dated snapshots, in all bodies.

    Returns:
        ``SPELL_COLUMNS``: the rows as the status rule reads them (``status.rows_of``: cut to
        the state's life), with ``is_dialogue_body`` (the body counts as Dialogue coverage) and
        the body's ``parent_body_id``; sorted Dialogue bodies first, then by body and start.
    """
    code = country_iso3(country)
    rows = rows_of(data, countries=[code])
    bodies = data.bodies.set_index("body_id")
    dialogue = set(coverage_bodies(data))
    rows = rows.assign(
        is_dialogue_body=rows["body_id"].isin(dialogue),
        parent_body_id=rows["body_id"].map(bodies["parent_body_id"]).astype("string"),
        _start=rows["possible_from"].fillna(rows["as_of"]),
    )
    rows = rows.sort_values(
        ["is_dialogue_body", "body_id", "_start", "status"],
        ascending=[False, True, True, True],
        kind="mergesort",
    )
    return rows[SPELL_COLUMNS].reset_index(drop=True)


def coverage_on(data: Dataset, country: str, days: pd.Series) -> pd.DataFrame:
    """How many Dialogue bodies covered a country on each of ``days`` (the coverage report's rule).

    Returns:
        One row per day: ``overlaps.coverage_states`` for the one country (date, n_bodies,
        body_ids as a list, n_derived, derived_body_ids, n_unknown, unknown_body_ids).
    """
    code = country_iso3(country)
    days = pd.to_datetime(pd.Series(days)).reset_index(drop=True)
    table = coverage_states(data, days, [code]).drop(columns="country_iso3")
    wanted = pd.DatetimeIndex(days.astype("datetime64[ms]"), name="date")
    return table.set_index("date").reindex(wanted).reset_index()


#: The columns of ``standing``.
STANDING_COLUMNS = [
    "body_id",
    "is_dialogue_body",
    "state",
    "status",
    "since",
    "since_precision",
    "since_kind",
    "low_start",
    "low_start_precision",
    "is_suspended",
    "suspended_since",
    "suspended_since_precision",
    "gap_from",
    "gap_from_precision",
    "left",
    "left_precision",
    "last_in",
    "last_in_precision",
    "other_starts",
    "confidence",
    "source_id",
    "basis",
]


def _since(first: pd.Series) -> dict[str, object]:
    """Where a run of confirmed days starts, read from the row it rests on on its first day."""
    low = first["confidence"] == "low"
    if pd.notna(first["joined"]) and not low:
        return {
            "since": first["joined"],
            "since_precision": first["joined_precision"],
            "since_kind": "joined",
        }
    if pd.notna(first["as_of"]):
        return {
            "since": first["as_of"],
            "since_precision": first["as_of_precision"],
            "since_kind": "listed",
        }
    return {
        "since": first["confirmed_from"],
        "since_precision": first["confirmed_from_precision"],
        "since_kind": "confirmed",
    }


def _standing_of(history: pd.DataFrame) -> dict[str, object]:
    """One body's days (``status`` rows, sorted by date, the last one the day asked about)."""
    now = history.iloc[-1]
    fact: dict[str, object] = dict.fromkeys(STANDING_COLUMNS)
    fact |= {c: now[c] for c in ("body_id", "state", "status", "confidence", "source_id")}
    fact |= {c: now[c] for c in ("basis", "is_suspended", "suspended_since")}
    fact["suspended_since_precision"] = now["suspended_since_precision"]
    state = history["state"].astype(str).to_numpy()
    key = pd.Series(list(zip(state, history["status"].astype(str), strict=True)))
    run = (key != key.shift()).cumsum().to_numpy()
    sure = state == "confirmed"
    if now["state"] == "confirmed":
        current = run == run[-1]
        first = history[current].iloc[0]
        fact |= _since(first)
        if first["confidence"] == "low" and pd.notna(first["joined"]):
            fact |= {"low_start": first["joined"], "low_start_precision": first["joined_precision"]}
        earlier = ~current
        out_after_sure = earlier & (state == "out") & np.maximum.accumulate(sure)
        if out_after_sure.any():  # an earlier spell, then a gap
            last = history[earlier & sure].iloc[-1]
            fact |= {"gap_from": last["left"], "gap_from_precision": last["left_precision"]}
    elif now["state"] == "out" and sure.any():  # a membership that ended
        last = history[sure].iloc[-1]
        fact |= {"left": last["left"], "left_precision": last["left_precision"]}
        fact |= {"status": last["status"], "source_id": last["source_id"]}
    return fact


def standing(
    data: Dataset,
    country: str,
    as_of: DateLike | None = None,
    statuses: Collection[str] = HELD,
) -> pd.DataFrame:
    """A country's standing in every body on a day, and how it came to be, from ``status``.

    Returns:
        ``STANDING_COLUMNS``, one row per body with a row for the country, Dialogue bodies first:
        the state and status that day (as ``status``); for a confirmed one, where its unbroken
        run starts (``since`` at ``since_precision``; ``since_kind`` joined, listed (a dated
        list) or confirmed (the start is not known: the first sure evidence)), ``low_start`` (a
        start only a low-confidence source gives), the suspension in force and ``gap_from`` (the
        first day outside of an earlier spell that ended); for one that ended, ``left`` (the
        first day outside) and ``last_in`` (the last day inside, at ``left``'s precision);
        ``other_starts``: the starts other sources give for a low-confidence one (``conflicts``);
        for an unknown one, the row it rests on (``confidence``,
        ``source_id``).
    """
    data = dataset(data)
    code, day = country_iso3(country), as_timestamp(as_of, data)
    rows = rows_of(data, countries=[code])
    days = change_days(rows)
    days = pd.DatetimeIndex(sorted({*days[days < day], day}))
    found = status_of(data, days, countries=[code], statuses=statuses)
    found = found.sort_values(["body_id", "date"])
    facts = pd.DataFrame(
        [_standing_of(history) for _, history in found.groupby("body_id", sort=True)],
        columns=STANDING_COLUMNS,
    )
    dialogue = set(coverage_bodies(data))
    facts["is_dialogue_body"] = facts["body_id"].isin(dialogue)
    # The last day inside: the day before the first day outside, or that day's year or month.
    left = pd.to_datetime(facts["left"])
    by_day = facts["left_precision"].fillna("day").eq("day").astype(bool)
    facts["last_in"] = left.where(~by_day, left - pd.Timedelta(days=1))
    facts["last_in_precision"] = facts["left_precision"]
    conflicts = data.conflicts[
        (data.conflicts["table"] == "memberships") & (data.conflicts["column"] == "joined")
    ]
    others = conflicts.groupby("key")["alternative"].agg(list)
    facts["other_starts"] = [
        others.get(f"{body}/{code}", []) if pd.notna(low) else []
        for body, low in zip(facts["body_id"], facts["low_start"], strict=True)
    ]
    return facts.sort_values(
        ["is_dialogue_body", "body_id"], ascending=[False, True], kind="mergesort"
    ).reset_index(drop=True)


def status_runs(data: Dataset, country: str) -> pd.DataFrame:
    """A country's state in every body over time, as runs of days (``status`` at every change).

    Returns:
        Columns body_id, state, status, is_suspended, start (the run's first day) and end (the
        first day of the next run; NaT: it lasts), one row per run that is not out; sorted by
        body and start.
    """
    code = country_iso3(country)
    days = change_days(rows_of(data, countries=[code]))
    columns = ["body_id", "state", "status", "is_suspended", "start", "end"]
    if not len(days):
        return pd.DataFrame(columns=columns)
    found = status_of(data, days, countries=[code]).sort_values(["body_id", "date"])
    found = found.reset_index(drop=True)
    found = found.assign(status=found["status"].fillna(""))
    key = found[["body_id", "state", "status", "is_suspended"]].astype(str).agg("/".join, axis=1)
    runs = found[key.ne(key.shift())].rename(columns={"date": "start"})
    runs = runs.assign(end=runs.groupby("body_id")["start"].shift(-1))
    runs = runs[runs["state"] != "out"].assign(status=runs["status"].replace("", pd.NA))
    return runs[columns].reset_index(drop=True)


def coverage_at_editions(data: Dataset, country: str) -> pd.DataFrame:
    """``coverage_on`` the first day of every numbered edition, with its number, city, format."""
    editions = data.editions[data.editions["kind"] == "edition"].dropna(subset=["start_date"])
    editions = editions.sort_values("start_date")
    table = coverage_on(data, country, editions["start_date"].reset_index(drop=True))
    return pd.concat(
        [editions[["edition", "number", "city", "format"]].reset_index(drop=True), table], axis=1
    )


def body_sets(data: Dataset, as_of: DateLike | None = None) -> pd.Series:
    """Each roster country's set of covering Dialogue bodies on a day (confirmed only).

    Returns:
        A Series indexed by country_iso3 (every country the data names) of tuples of body ids in
        order; () for a country no body covers that day.
    """
    data = dataset(data)
    day = as_timestamp(as_of, data)
    frames = (data.memberships, getattr(data, "states", None), data.bodies)
    if _SETS and _SETS[0][1] == day and all(map(operator.is_, _SETS[0][0], frames)):
        return _SETS[0][2].copy()
    table = coverage_states(data, [day]).set_index("country_iso3")
    sets = table["body_ids"].map(tuple)
    _SETS[:] = [(frames, day, sets)]
    return sets.copy()


#: The last dataset's and day's body sets: every country profile of a build asks for the sets of
#: every country on the same day (``peers``). Frames are compared by identity, as the status
#: rule's prepared rows are (``analysis.status``).
_SETS: list[tuple[tuple, pd.Timestamp, pd.Series]] = []


def same_set(
    data: Dataset, country: str, as_of: DateLike | None = None, sets: pd.Series | None = None
) -> pd.DataFrame:
    """The other countries covered on a day by exactly the same Dialogue bodies as ``country``.

    Args:
        data: The dataset.
        country: A name or ISO code.
        as_of: The day (default today); an int is an edition number.
        sets: ``body_sets(data, as_of)``, when the caller has it already.

    Returns:
        Columns country_iso3, country_name, region, sorted by name; empty when the country is
        covered by no body that day or shares its set with no other country.
    """
    code = country_iso3(country)
    sets = body_sets(data, as_of) if sets is None else sets
    mine = sets.get(code, ())
    peers = sorted(c for c, s in sets.items() if s == mine and c != code) if mine else []
    table = pd.DataFrame({"country_iso3": pd.array(peers, dtype="string")})
    table = table.assign(
        country_name=table["country_iso3"].map(countries.country_name).astype("string"),
        region=table["country_iso3"].map(countries.region).astype("string"),
    )
    return table.sort_values("country_name", kind="mergesort", ignore_index=True)


def country_profile(country: str, data: Dataset | None = None) -> pd.DataFrame:
    """Every membership row of a country in every body, for one's own notebook (``spells``).

    Args:
        country: A name or ISO code ("Kenya", "KEN").
        data: The dataset (default: ``load()``).
    """
    return spells(dataset(data), country)


def _statehood_digest(data: Dataset, code: str) -> str:
    """The country's rows of the statehood table, when the dataset has one (they cut its spells)."""
    states = getattr(data, "states", None)
    if states is None:
        return ""
    mine = states[states["country_iso3"] == code].astype("string")
    return pd.util.hash_pandas_object(mine, index=False).to_numpy().tobytes().hex()


def profile_inputs(data: Dataset) -> dict[str, str]:
    """Per country: a digest of every row its profile reads beyond the whole tables it declares.

    A country profile (``views.country_profile``) reads the country's own membership rows, the
    set of Dialogue bodies covering it on the latest day and the countries sharing that set, and
    the latest day itself. The report builder adds the digest to the profile's cache key
    (``key_inputs`` in reports.toml), so a changed row rebuilds only the profiles that show it.
    Cheap enough for every run: one pass over the memberships.
    """
    day = latest_day(data)
    sets = body_sets(data, day)
    groups: dict[tuple[str, ...], list[str]] = {}
    for code, found in sets.items():
        groups.setdefault(found, []).append(str(code))
    peers_of = {found: ",".join(sorted(codes)) for found, codes in groups.items() if found}
    rows = data.memberships.sort_values(["country_iso3", "body_id", "status"], kind="mergesort")
    row_hashes = pd.util.hash_pandas_object(rows.astype("string"), index=False)
    out = {}
    for code, hashes in row_hashes.groupby(rows["country_iso3"].to_numpy(), sort=True):
        mine = ",".join(sets.get(code, ()))
        rows_digest = hashes.to_numpy().tobytes().hex() + _statehood_digest(data, str(code))
        peers = peers_of.get(sets.get(code, ()), "")
        text = f"{day.isoformat()}\n{mine}\n{peers}\n{rows_digest}"
        out[str(code)] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return out
