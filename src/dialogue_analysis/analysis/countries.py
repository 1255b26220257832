"""One country across the Dialogue: its spells in every body, its coverage by edition, its peers.

The same rules as everywhere else: a day's status comes from ``membership`` (confirmed, unknown or
out), and a body *covers* a country as in ``overlaps.coverage`` (member or partial, confirmed, in
one of ``coverage_bodies``), so a country profile's count at an edition is the coverage report's
count for that country on that day.
"""

from __future__ import annotations

import hashlib

import pandas as pd

from dialogue_analysis.analysis.membership import CONFIRMED, UNKNOWN, pair_states
from dialogue_analysis.analysis.overlaps import COVERING, SEPARATOR, coverage_bodies
from dialogue_analysis.analysis.resolve import (
    DateLike,
    as_timestamp,
    country_iso3,
    dataset,
    latest_day,
)
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
        ``SPELL_COLUMNS``: the rows as the data holds them, with ``is_dialogue_body`` (the body
        counts as Dialogue coverage) and the body's ``parent_body_id``; sorted Dialogue bodies
        first, then by body and start.
    """
    code = country_iso3(country)
    rows = data.memberships[data.memberships["country_iso3"] == code]
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
        One row per day: date, n_bodies (confirmed), body_ids (joined by "; "), n_unknown and
        unknown_body_ids (bodies in which its status that day is unknown: not counted).
    """
    code = country_iso3(country)
    rows = data.memberships[
        (data.memberships["country_iso3"] == code)
        & data.memberships["body_id"].isin(coverage_bodies(data))
    ]
    dates = pd.DatetimeIndex(pd.to_datetime(pd.Series(days)), name="date")
    states = pair_states(rows, dates, COVERING)
    states.columns = states.columns.get_level_values(0) if states.shape[1] else states.columns
    bodies = sorted(states.columns)

    def which(state: int) -> pd.Series:
        hit = states[bodies] == state
        return pd.Series(
            [
                SEPARATOR.join(b for b, h in zip(bodies, r, strict=True) if h)
                for r in hit.to_numpy()
            ],
            index=dates,
            dtype="string",
        )

    table = pd.DataFrame(
        {
            "n_bodies": (states == CONFIRMED).sum(axis=1).astype("int64"),
            "body_ids": which(CONFIRMED),
            "n_unknown": (states == UNKNOWN).sum(axis=1).astype("int64"),
            "unknown_body_ids": which(UNKNOWN),
        },
        index=dates,
    )
    return table.reset_index()


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
        A Series indexed by country_iso3 (every country the data names) of body_ids joined by
        "; " in order; "" for a country no body covers that day.
    """
    data = dataset(data)
    day = as_timestamp(as_of, data)
    rows = data.memberships[data.memberships["body_id"].isin(coverage_bodies(data))]
    states = pair_states(rows, pd.DatetimeIndex([day]), COVERING).iloc[0]
    held = states[states == CONFIRMED].index.to_frame(index=False).sort_values("body_id")
    sets = held.groupby("country_iso3")["body_id"].agg(SEPARATOR.join)
    codes = pd.Index(
        sorted(data.memberships["country_iso3"].dropna().unique()), name="country_iso3"
    )
    return sets.reindex(codes).fillna("").astype("string")


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
    mine = sets.get(code, "")
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
    peers_of = {s: ",".join(sorted(group)) for s, group in sets.groupby(sets).groups.items() if s}
    rows = data.memberships.sort_values(["country_iso3", "body_id", "status"], kind="mergesort")
    row_hashes = pd.util.hash_pandas_object(rows.astype("string"), index=False)
    out = {}
    for code, hashes in row_hashes.groupby(rows["country_iso3"].to_numpy(), sort=True):
        mine = sets.get(code, "")
        rows_digest = hashes.to_numpy().tobytes().hex()
        text = f"{day.isoformat()}\n{mine}\n{peers_of.get(mine, '')}\n{rows_digest}"
        out[str(code)] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return out
