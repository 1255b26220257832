"""A country's status in a body on a day, how sure, and why: the one rule every reader uses.

``status(data, days)`` answers, for every (body, country) pair the memberships name and every
day asked, at once:

``state``
    ``confirmed`` (a medium- or high-confidence source shows it that day), ``unknown`` (it may
    have been: a start known only to its year, a start not known, or only a low-confidence
    source) or ``out``.
``status``
    member, partial, observer or signatory (the first of ``statuses`` that holds, in that
    order); ``is_suspended`` and ``suspended_since`` say whether a suspension was in force (a
    suspended member stays a member).
``basis``, ``confidence``, ``source_id``, the row's dates and their precision
    Why: the row the answer rests on (``row`` its position in ``data.memberships``), a dated
    snapshot, or a parent organisation's roster (``parent``).

The days each row may hold come from the build (``data.spells.bounds``, which writes the rules on
confidence and precision: a low-confidence row is never confirmed by itself; a year or month
confirms from the end of its period). Here they are read the same way for every query:

- a spell is confirmed on ``confirmed_from <= day < confirmed_until``, unknown on the other days
  between ``possible_from`` and ``out_from``;
- dated snapshots of a (body, country, signatory or not) group: the latest one confirmed by the
  day holds, confirmed; before the first is confirmed, from the body's founding, the first and any
  low-confidence one make the status unknown. Snapshots never say when a country left;
- nothing holds before the country existed as a state or after it ended (``data.states``, when
  the dataset has it: ``country_iso3``, ``start``, ``end``), nor before the body was founded.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import numpy as np
import pandas as pd

from dialogue_analysis.data.dataset import Dataset
from dialogue_analysis.data.spells import period_end

#: The rules ``status`` follows, in words, declared once: the data dictionary
#: (``dialogue-analysis dictionary``, docs/data-dictionary.md) and the Data page print them.
RULES: tuple[tuple[str, str], ...] = (
    (
        "Three states",
        "On a given day a country is a confirmed member of a body (a source of medium or high "
        "confidence shows it), its status is unknown, or it is out. Counts, maps, tables and "
        "sentences count confirmed members and say how many are unknown.",
    ),
    (
        "Low confidence",
        "A row of low confidence never makes a country a confirmed member: its status is "
        "unknown, naming its low source, until a source of medium or high confidence shows it "
        "(another row, or the row's known_from day).",
    ),
    (
        "Precision",
        "A date known only to its year or month confirms from the end of that period (a list "
        "dated 2022 from 31 December 2022) and is printed as 2022 or Dec 2011, never as a day.",
    ),
    (
        "Statehood",
        "Nothing holds before the body was founded, nor before the country existed as a state or "
        "after it ended (the states table, from the Correlates of War state list).",
    ),
    (
        "Gaps",
        "A membership with a gap is two spells; a profile says since when the current spell runs "
        "and names the gap.",
    ),
    (
        "Exits",
        "The data records an exit by its first day outside (left); sentences and tables give the "
        "last day inside (left the EU on 31 Jan 2020).",
    ),
    (
        "Suspensions",
        "A suspended member stays a member and is counted; every count, headline and edition "
        "table says which suspensions were in force.",
    ),
)


def rules_markdown() -> str:
    """``RULES`` as a Markdown section, for the data dictionary."""
    items = "\n".join(f"- **{name}.** {text}" for name, text in RULES)
    return f"## How a membership is read on a day\n\n{items}\n"


OUT, UNKNOWN, CONFIRMED = 0, 1, 2
STATES = ("out", "unknown", "confirmed")
#: The statuses a pair can hold, in the order one wins over the next; suspensions are a flag.
HELD: tuple[str, ...] = ("member", "partial", "observer", "signatory")

#: The columns ``status`` returns.
STATUS_COLUMNS = [
    "date",
    "body_id",
    "country_iso3",
    "state",
    "status",
    "is_suspended",
    "suspended_since",
    "suspended_since_precision",
    "basis",
    "is_derived",
    "derived_from",
    "confidence",
    "source_id",
    "joined",
    "joined_precision",
    "left",
    "left_precision",
    "as_of",
    "as_of_precision",
    "known_from",
    "known_from_precision",
    "possible_from",
    "confirmed_from",
    "confirmed_from_precision",
    "row",
]


def _later(a: pd.Series, b: pd.Series) -> pd.Series:
    return a.where(b.isna() | (a >= b), b)


def within_statehood(rows: pd.DataFrame, states: pd.DataFrame | None) -> pd.DataFrame:
    """``rows`` with their four days cut to the life of their state (``states``: start, end).

    ``end`` is the first day the state no longer existed. A country with several spells as a
    state is cut to its first start and its last end (the gaps between are not cut); a country
    the table does not name is not cut. ``states`` None or empty: no cut.
    """
    if states is None or states.empty:
        return rows
    # A blank start means "before any body": no limit; a blank end, "still exists".
    by_country = states.groupby("country_iso3")
    life = by_country.agg(start=("start", "min"), end=("end", "max"))
    life["start"] = life["start"].where(by_country["start"].count() == by_country.size())
    life["end"] = life["end"].where(by_country["end"].count() == by_country.size())
    start = rows["country_iso3"].map(life["start"]).astype("datetime64[ms]")
    end = rows["country_iso3"].map(life["end"]).astype("datetime64[ms]")
    possible = _later(rows["possible_from"].astype("datetime64[ms]"), start)
    confirmed = rows["confirmed_from"].astype("datetime64[ms]")
    confirmed = confirmed.where(confirmed.isna() | start.isna() | (confirmed >= start), start)

    def cut(day: pd.Series) -> pd.Series:
        day = day.astype("datetime64[ms]")
        return day.where(end.isna() | (day.notna() & (day <= end)), end)

    return rows.assign(
        possible_from=possible,
        confirmed_from=confirmed,
        confirmed_until=cut(rows["confirmed_until"]),
        out_from=cut(rows["out_from"]),
    )


def _days(days: Iterable[object]) -> np.ndarray:
    return np.asarray(pd.DatetimeIndex(list(days)), dtype="datetime64[ms]")


def _spell_states(spells: pd.DataFrame, days: np.ndarray) -> np.ndarray:
    """Days x spells: OUT, UNKNOWN or CONFIRMED by the four days."""
    day = days[:, None]

    def col(name: str) -> np.ndarray:
        return spells[name].to_numpy(dtype="datetime64[ms]")[None, :]

    sure_from, until = col("confirmed_from"), col("confirmed_until")
    possible, out = col("possible_from"), col("out_from")
    sure = ~np.isnat(sure_from) & (sure_from <= day) & (np.isnat(until) | (day < until))
    may = (np.isnat(possible) | (possible <= day)) & (np.isnat(out) | (day < out))
    return np.where(sure, CONFIRMED, np.where(may, UNKNOWN, OUT))


def _snapshot_states(snaps: pd.DataFrame, days: np.ndarray) -> np.ndarray:
    """Days x snapshots: the latest confirmed snapshot of each group holds (see the module doc)."""
    out = np.full((len(days), len(snaps)), OUT, dtype="int64")
    if snaps.empty:
        return out
    group = snaps.groupby(
        [snaps["body_id"], snaps["country_iso3"], snaps["status"] == "signatory"], sort=False
    ).ngroup()
    gid, n = group.to_numpy(), int(group.max()) + 1
    never = np.iinfo("int64").max
    sure = snaps["confirmed_from"].to_numpy("datetime64[ms]")
    sure = np.where(np.isnat(sure), never, sure.astype("int64"))
    as_of = snaps["as_of"].to_numpy("datetime64[ms]").astype("int64")
    possible = snaps["possible_from"].to_numpy("datetime64[ms]")
    possible = np.where(np.isnat(possible), np.iinfo("int64").min, possible.astype("int64"))
    first = np.full(n, never)
    np.minimum.at(first, gid, as_of)
    maybe = (as_of == first[gid]) | (sure == never)  # the first one, or a low-confidence one
    for i, day in enumerate(days.astype("int64")):
        seen = sure <= day
        latest = np.full(n, np.iinfo("int64").min)
        np.maximum.at(latest, gid[seen], sure[seen])
        held = seen & (sure == latest[gid])
        unseen = latest[gid] == np.iinfo("int64").min
        may = unseen & maybe & (possible <= day)
        out[i] = np.where(held, CONFIRMED, np.where(may, UNKNOWN, OUT))
    return out


def row_states(rows: pd.DataFrame, days: Iterable[object]) -> np.ndarray:
    """Days x rows (in the order of ``rows``): OUT, UNKNOWN or CONFIRMED, spells and snapshots."""
    day_values = _days(days)
    is_snap = rows["as_of"].notna().to_numpy()
    states = np.empty((len(day_values), len(rows)), dtype="int64")
    states[:, ~is_snap] = _spell_states(rows[~is_snap], day_values)
    states[:, is_snap] = _snapshot_states(rows[is_snap], day_values)
    return states


def pair_grid(
    data: Dataset,
    days: Iterable[object],
    bodies: Collection[str] | None = None,
    countries: Collection[str] | None = None,
    statuses: Collection[str] = HELD,
) -> pd.DataFrame:
    """Days x (body_id, country_iso3): the ``state`` of ``status`` as OUT, UNKNOWN or CONFIRMED.

    The same rule as ``status``, without the rows it rests on: for counting over many days.
    """
    day_index = pd.DatetimeIndex(list(days)).astype("datetime64[ms]")
    rows = rows_of(data, bodies, countries)
    rows = rows[rows["status"].isin(list(statuses))]
    columns = pd.MultiIndex.from_arrays(
        [rows["body_id"], rows["country_iso3"]], names=["body_id", "country_iso3"]
    )
    grid = pd.DataFrame(row_states(rows, day_index), index=day_index, columns=columns)
    if grid.shape[1] == 0:
        return grid
    return grid.T.groupby(level=[0, 1]).max().T.astype("int64")


def _basis(rows: pd.DataFrame) -> pd.Series:
    derived = rows["is_derived"].fillna(False).astype(bool)
    basis = pd.Series("row", index=rows.index, dtype="string")
    return basis.mask(rows["as_of"].notna(), "snapshot").mask(derived, "parent")


def confirmed_precision(rows: pd.DataFrame) -> pd.Series:
    """The precision of the fact each row's ``confirmed_from`` rests on, to print it at.

    A joined year confirms from its last day but is shown as the year; a snapshot at the
    precision it was seen at; a ``known_from`` at its own; a source's date as a day.
    """
    low = rows["confidence"].eq("low").fillna(False)
    fact = pd.Series(pd.NaT, index=rows.index, dtype="datetime64[ms]")
    precision = pd.Series("day", index=rows.index, dtype="string")
    for column, use in (
        ("known_from", rows["known_from"].notna()),
        ("joined", rows["joined"].notna() & ~low),
        ("as_of", rows["as_of"].notna()),
    ):
        fact = fact.mask(use, rows[column].astype("datetime64[ms]"))
        precision = precision.mask(use, rows[f"{column}_precision"])
    precision = precision.fillna("day")
    # A day moved by the body's founding or the state's birth is a day, not the fact's period.
    end = period_end(fact, precision, pd.Series(pd.NA, index=rows.index, dtype="string"))
    confirmed = rows["confirmed_from"].astype("datetime64[ms]")
    precision = precision.where(end.eq(confirmed).fillna(False), "day")
    return precision.where(confirmed.notna())


#: The last dataset's prepared rows: (its memberships, its states, the rows). A report asks the
#: rule about one dataset many times (every chart and table of a country profile); the rows are
#: cut to their states' lives once. Frames are compared by identity: a dataset is never changed
#: in place, a changed one is a new frame.
_PREPARED: list[tuple[pd.DataFrame, pd.DataFrame | None, pd.DataFrame]] = []


def _prepared(data: Dataset) -> pd.DataFrame:
    memberships, states = data.memberships, getattr(data, "states", None)
    if _PREPARED and _PREPARED[0][0] is memberships and _PREPARED[0][1] is states:
        return _PREPARED[0][2]
    rows = memberships[memberships["country_iso3"].notna()]
    rows = within_statehood(rows.assign(row=rows.index), states)
    rows = rows.assign(confirmed_from_precision=confirmed_precision(rows))
    _PREPARED[:] = [(memberships, states, rows)]
    return rows


def rows_of(
    data: Dataset,
    bodies: Collection[str] | None = None,
    countries: Collection[str] | None = None,
) -> pd.DataFrame:
    """The membership rows the status rule reads, cut to their state's life.

    With ``row`` (their position in ``data.memberships``) and ``confirmed_from_precision``; a new
    frame the caller may change.
    """
    rows = _prepared(data)
    keep = pd.Series(True, index=rows.index)
    if bodies is not None:
        keep &= rows["body_id"].isin(list(bodies))
    if countries is not None:
        keep &= rows["country_iso3"].isin(list(countries))
    return rows[keep].copy()


def change_days(rows: pd.DataFrame) -> pd.DatetimeIndex:
    """Every day on which the state of one of ``rows`` may change, sorted."""
    columns = ["possible_from", "confirmed_from", "confirmed_until", "out_from", "as_of"]
    days = pd.concat([rows[c].astype("datetime64[ms]") for c in columns]).dropna()
    return pd.DatetimeIndex(sorted(set(days)))


def status(
    data: Dataset,
    days: Iterable[object],
    bodies: Collection[str] | None = None,
    countries: Collection[str] | None = None,
    statuses: Collection[str] = HELD,
) -> pd.DataFrame:
    """Every (body, country) pair's state on each of ``days`` (see the module doc).

    Args:
        data: The dataset.
        days: The days asked about.
        bodies: Keep only these body ids (None: all).
        countries: Keep only these ISO codes (None: all).
        statuses: The statuses that may hold, the first that holds winning (default ``HELD``).

    Returns:
        ``STATUS_COLUMNS``: one row per day and (body, country) pair with a row of one of
        ``statuses``; ``state`` out, unknown or confirmed; the row the answer rests on (a confirmed
        one before an unknown one, then by the order of ``statuses``, a dated start before none,
        then the earliest evidence); sorted by date, body and country.
    """
    day_index = pd.DatetimeIndex(list(days)).astype("datetime64[ms]")
    every = rows_of(data, bodies, countries)
    rows = every[every["status"].isin(list(statuses))]
    empty = pd.DataFrame({c: pd.Series(dtype="object") for c in STATUS_COLUMNS})
    if rows.empty or not len(day_index):
        return empty
    grid = row_states(rows, day_index)
    n_days, n_rows = grid.shape
    rank = rows["status"].map({s: i for i, s in enumerate(statuses)}).to_numpy()
    long = rows.iloc[np.tile(np.arange(n_rows), n_days)].reset_index(drop=True)
    long = long.assign(
        date=np.repeat(day_index.to_numpy(), n_rows),
        _state=grid.reshape(-1),
        _rank=np.tile(rank, n_days),
        _undated=np.tile(rows["joined"].isna().to_numpy(), n_days),
    )
    long = long.sort_values(
        ["date", "body_id", "country_iso3", "_state", "_rank", "_undated", "confirmed_from"],
        ascending=[True, True, True, False, True, True, True],
        kind="mergesort",
    ).drop_duplicates(["date", "body_id", "country_iso3"])
    long = long.assign(
        state=pd.Series(np.asarray(STATES)[long["_state"]], index=long.index, dtype="string"),
        basis=_basis(long),
    )
    long["status"] = long["status"].where(long["_state"] > OUT)
    return _with_suspensions(long, every, day_index)[STATUS_COLUMNS].reset_index(drop=True)


def _with_suspensions(
    long: pd.DataFrame, every: pd.DataFrame, days: pd.DatetimeIndex
) -> pd.DataFrame:
    """Add ``is_suspended``, ``suspended_since``: a confirmed suspension of a confirmed member."""
    susp = every[every["status"] == "suspended"]
    found = pd.DataFrame(columns=["date", "body_id", "country_iso3", "since", "precision"])
    if not susp.empty:
        grid = row_states(susp, days) == CONFIRMED
        day_i, row_i = np.nonzero(grid)
        hit = susp.iloc[row_i]
        found = (
            pd.DataFrame(
                {
                    "date": days.to_numpy()[day_i],
                    "body_id": hit["body_id"].to_numpy(),
                    "country_iso3": hit["country_iso3"].to_numpy(),
                    "since": hit["joined"].to_numpy(),
                    "precision": hit["joined_precision"].to_numpy(),
                }
            )
            .sort_values("since")
            .drop_duplicates(["date", "body_id", "country_iso3"], keep="last")
        )
    key = ["date", "body_id", "country_iso3"]
    merged = long.merge(found, on=key, how="left", validate="one_to_one")
    on = merged["since"].notna() & (merged["state"] == "confirmed")
    return merged.assign(
        is_suspended=on.to_numpy(),
        suspended_since=merged["since"].where(on).astype("datetime64[ms]"),
        suspended_since_precision=merged["precision"].where(on).astype("string"),
    )
