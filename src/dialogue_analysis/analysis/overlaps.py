"""Which countries the Dialogue's bodies cover on a day, where they overlap, and what changed.

The Dialogue exists to "identify overlaps"; these functions answer that from the membership table,
vectorised over all bodies at once (no loop over bodies or countries).

Which bodies count (``coverage_bodies``): every body that takes part in the Dialogue and has a
member list, except a parent organisation whose own policing arm takes part (the GCC is counted
through GCCPOL, so the six Gulf states are not counted twice). CARICOM IMPACS and UNODC have no
member list in the data (UNODC is a UN office: none exists); ``bodies_without_rosters`` names
them so that charts can say so.

What counts as covering (``COVERING``): a country is covered by a body when it is a ``member`` or
a ``partial`` participant (Ireland in Frontex) on that day, under the rules of ``membership``:
spells by their dates, dated snapshots (AMERIPOL) by each country's latest status. Observers and
treaty signatories do not count.

Unknown status: a country whose status in a body is unknown on the day (its start is known only
by its year, or not at all; see ``membership``) does not count as covered. ``coverage`` and
``rosters`` count such countries apart (``n_unknown``), so that every table and chart can show
them. Rows taken from a parent organisation's roster (``is_derived``: AFRIPOL from the African
Union, AIMC from the Arab League, Europol and Frontex from the EU) are flagged too.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import numpy as np
import pandas as pd

from dialogue_analysis.analysis.membership import Status, on_day
from dialogue_analysis.analysis.resolve import DateLike, as_timestamp, body_id, dataset
from dialogue_analysis.analysis.status import status as status_of
from dialogue_analysis.data import countries
from dialogue_analysis.data.dataset import Dataset

COVERING: tuple[str, ...] = ("member", "partial")
GLOBAL_BODY = "INTERPOL"


def coverage_bodies(data: Dataset | None = None) -> list[str]:
    """The bodies whose member countries count as Dialogue coverage, sorted by body_id."""
    data = dataset(data)
    bodies = data.bodies[data.bodies["is_dialogue_participant"].fillna(False).astype(bool)]
    with_roster = set(data.memberships["body_id"])
    arms_parents = set(bodies["parent_body_id"].dropna())
    return sorted(b for b in bodies["body_id"] if b in with_roster and b not in arms_parents)


def bodies_without_rosters(data: Dataset | None = None) -> list[str]:
    """Dialogue bodies with no member list in the data (never counted as covering anyone)."""
    data = dataset(data)
    bodies = data.bodies[data.bodies["is_dialogue_participant"].fillna(False).astype(bool)]
    return sorted(set(bodies["body_id"]) - set(data.memberships["body_id"]))


def _bodies(bodies: list[str] | None, data: Dataset) -> list[str]:
    if bodies is None:
        return coverage_bodies(data)
    return sorted({body_id(b, data) for b in bodies})


def _covering_rows(
    day: pd.Timestamp, bodies: list[str], data: Dataset, status: Status, unknown: bool = False
) -> pd.DataFrame:
    """One row per (body, country) that holds on ``day`` with a covering status.

    Confirmed rows only, unless ``unknown``: then also the pairs whose status is unknown
    (``certainty`` tells which).
    """
    return on_day(data, day, status, bodies=bodies, unknown=unknown)


def coverage_states(
    data: Dataset,
    days: Iterable[object],
    countries_: Collection[str] | None = None,
    bodies: list[str] | None = None,
    status: Status = COVERING,
) -> pd.DataFrame:
    """Per day and country: the covering bodies, confirmed and unknown (the one coverage rule).

    Returns:
        One row per day and country of ``countries_`` (default: every country the data names):
        date, country_iso3, n_bodies and body_ids (a list: the bodies that cover it, confirmed),
        n_derived and derived_body_ids (of them, through a parent's roster), n_unknown and
        unknown_body_ids (bodies in which its status is unknown that day: not counted),
        low_body_ids (of them, those where only a low-confidence row shows it),
        suspended_body_ids (counted bodies whose suspension of it was in force); sorted by date
        and country; body lists in body_id order.
    """
    chosen = _bodies(bodies, data)
    wanted = [status] if isinstance(status, str) else list(status)
    found = status_of(data, days, chosen, countries_, wanted)
    found = found.sort_values(["date", "country_iso3", "body_id"])
    codes = _all_countries(data) if countries_ is None else pd.Index(sorted(countries_))
    grid = pd.MultiIndex.from_product(
        [pd.DatetimeIndex(list(days)).astype("datetime64[ms]"), codes],
        names=["date", "country_iso3"],
    )
    sure = found[found["state"] == "confirmed"]
    parts = {
        "body_ids": sure,
        "derived_body_ids": sure[sure["basis"] == "parent"],
        "unknown_body_ids": found[found["state"] == "unknown"],
        "low_body_ids": found[(found["state"] == "unknown") & (found["confidence"] == "low")],
        "suspended_body_ids": sure[sure["is_suspended"].astype(bool)],
    }
    table = pd.DataFrame(index=grid)
    for column, part in parts.items():
        ids = part.groupby(["date", "country_iso3"])["body_id"].agg(list).reindex(grid)
        table[column] = [x if isinstance(x, list) else [] for x in ids]
    table = table.assign(
        n_bodies=table["body_ids"].map(len).astype("int64"),
        n_derived=table["derived_body_ids"].map(len).astype("int64"),
        n_unknown=table["unknown_body_ids"].map(len).astype("int64"),
    )
    order = ["n_bodies", "body_ids", "n_derived", "derived_body_ids", "n_unknown"]
    rest = ["unknown_body_ids", "low_body_ids", "suspended_body_ids"]
    return table[[*order, *rest]].reset_index()


def _all_countries(data: Dataset) -> pd.Index:
    """Every country the membership table names, for any body at any time."""
    return pd.Index(sorted(data.memberships["country_iso3"].dropna().unique()), name="country_iso3")


def membership_matrix(
    as_of: DateLike | None = None,
    data: Dataset | None = None,
    bodies: list[str] | None = None,
    status: Status = COVERING,
) -> pd.DataFrame:
    """Country x body booleans: does the body cover the country on ``as_of``.

    Rows are every country the data names (a country no body covers is a row of False); columns
    are ``bodies`` (default ``coverage_bodies``), in body_id order.
    """
    data = dataset(data)
    day, chosen = as_timestamp(as_of, data), _bodies(bodies, data)
    rows = _covering_rows(day, chosen, data, status)
    matrix = pd.crosstab(rows["country_iso3"], rows["body_id"]).astype(bool)
    matrix = matrix.reindex(index=_all_countries(data), columns=chosen, fill_value=False)
    matrix.columns.name = "body_id"
    return matrix


def coverage(
    as_of: DateLike | None = None,
    data: Dataset | None = None,
    bodies: list[str] | None = None,
    status: Status = COVERING,
) -> pd.DataFrame:
    """One row per country: how many and which Dialogue bodies cover it on ``as_of``.

    Args:
        as_of: The day (default today): a date, ISO text such as "2019-06-12", or an edition
            number (its first day).
        data: The dataset (default: ``load()``).
        bodies: The bodies to count (any spelling; default ``coverage_bodies``).
        status: The statuses that count as covering (default member and partial).

    Returns:
        Columns country_iso3, country_name, then ``coverage_states``'s (body_ids and the
        others are lists of body ids), is_interpol_only; one row for every country the data
        names (those no body covers have n_bodies 0), sorted by country_iso3.
    """
    data = dataset(data)
    day = as_timestamp(as_of, data)
    table = coverage_states(data, [day], bodies=bodies, status=status).drop(columns="date")
    table = table.assign(is_interpol_only=table["body_ids"].map(lambda ids: ids == [GLOBAL_BODY]))
    table.insert(1, "country_name", table["country_iso3"].map(countries.country_name))
    return table


def overlap_matrix(
    as_of: DateLike | None = None,
    metric: str = "count",
    data: Dataset | None = None,
    bodies: list[str] | None = None,
    status: Status = COVERING,
) -> pd.DataFrame:
    """Body x body: the countries two bodies share on ``as_of``.

    Args:
        as_of: The day (as for ``coverage``).
        metric: "count" (shared countries; the diagonal is each body's number of countries) or
            "jaccard" (shared / either; the diagonal is 1, or NaN for a body with no countries).
        data: The dataset (default: ``load()``).
        bodies: The bodies to compare (default ``coverage_bodies``).
        status: The statuses that count as covering (default member and partial).

    Returns:
        A symmetric frame indexed and columned by body_id.
    """
    if metric not in ("count", "jaccard"):
        raise ValueError(f"metric must be 'count' or 'jaccard', got {metric!r}")
    matrix = membership_matrix(as_of, data, bodies, status).astype("int64")
    shared = matrix.T @ matrix
    shared.index.name, shared.columns.name = "body_id", "body_id"
    if metric == "count":
        return shared
    return jaccard(shared)


def jaccard(counts: pd.DataFrame) -> pd.DataFrame:
    """Shared / either from an ``overlap_matrix(metric="count")`` (NaN where both are empty)."""
    shared = counts.to_numpy()
    size = shared.diagonal()
    union = (size[:, None] + size[None, :] - shared).astype(float)
    union[union == 0] = np.nan
    return pd.DataFrame(shared / union, index=counts.index, columns=counts.columns)


def membership_changes(
    start: DateLike,
    end: DateLike | None = None,
    data: Dataset | None = None,
    bodies: list[str] | None = None,
) -> pd.DataFrame:
    """Who joined, left or changed status in a body between two days (net change).

    A country is compared as it stood on ``start`` and on ``end``: present only at the end is a
    join, only at the start an exit, present at both with another status a status change. A spell
    that began and ended in between (left and came back) is not a net change and is not listed;
    nor is a country whose status is unknown on either day (nothing says whether it changed).

    Args:
        start: The earlier day (date, ISO text or edition number).
        end: The later day (default today).
        data: The dataset (default: ``load()``).
        bodies: The bodies to compare (default ``coverage_bodies``).

    Returns:
        Columns body_id, country_iso3, country_name, change (joined, left, status_changed),
        status_before, status_after, date and date_precision (the joined or left date where
        the data has one between the two days, at its precision: a date_precision 'year' means
        some day of that year; empty where only a dated snapshot shows the change), basis,
        is_derived, confidence, source_id; sorted by body, change and country.
    """
    data = dataset(data)
    day0, day1 = as_timestamp(start, data), as_timestamp(end, data)
    if day1 < day0:
        raise ValueError(f"end {day1.date()} is before start {day0.date()}")
    chosen = _bodies(bodies, data)
    key = ["body_id", "country_iso3"]
    # A suspension shows as a status change (member <-> suspended); signatures are apart.
    not_signed = ("suspended", "member", "partial", "observer")
    before = on_day(data, day0, not_signed, bodies=chosen, unknown=True)
    after = on_day(data, day1, not_signed, bodies=chosen, unknown=True)
    both = after.merge(before, on=key, how="outer", suffixes=("", "_before"), indicator=True)
    change = (
        both["_merge"]
        .map({"right_only": "left", "left_only": "joined", "both": "status_changed"})
        .astype("string")
    )
    both = both.assign(change=change, status_after=both["status"])
    both = both[(change != "status_changed") | (both["status"] != both["status_before"])]
    # A change is only asserted between two days the data is sure of.
    unsure = (both["certainty"] == "unknown") | (both["certainty_before"] == "unknown")
    both = both[~unsure.fillna(False).astype(bool)]
    is_exit = both["change"] == "left"
    date = both["joined"].where(both["joined"] > day0).where(~is_exit, both["left_before"])
    precision = both["joined_precision"].where(~is_exit, both["left_precision_before"])
    described = {
        "basis": both["basis"].where(~is_exit, both["basis_before"]),
        "is_derived": both["is_derived"].where(~is_exit, both["is_derived_before"]),
        "confidence": both["confidence"].where(~is_exit, both["confidence_before"]),
        "source_id": both["source_id"].where(~is_exit, both["source_id_before"]),
    }
    date = date.where(date <= day1)
    table = both.assign(date=date, date_precision=precision.where(date.notna()), **described)
    table = table.assign(country_name=table["country_iso3"].map(countries.country_name))
    columns = [
        "body_id",
        "country_iso3",
        "country_name",
        "change",
        "status_before",
        "status_after",
        "date",
        "date_precision",
        "basis",
        "is_derived",
        "confidence",
        "source_id",
    ]
    return table.sort_values(["body_id", "change", "country_iso3"])[columns].reset_index(drop=True)


def rosters(
    as_of: DateLike | None = None,
    data: Dataset | None = None,
    bodies: list[str] | None = None,
    status: Status = COVERING,
) -> pd.DataFrame:
    """One row per body: how many countries it covers on ``as_of`` and how sure that roster is.

    Returns:
        Columns body_id, acronym, n_countries (confirmed), n_suspended (of them, members under
        a suspension that day), n_unknown (countries whose status is unknown that day, not
        counted), n_derived (rows taken from a parent organisation's roster), derived_from (a
        tuple of those parents' ids), n_snapshot (rows from dated snapshots); in body_id order.
    """
    data = dataset(data)
    day, chosen = as_timestamp(as_of, data), _bodies(bodies, data)
    rows = _covering_rows(day, chosen, data, status, unknown=True)
    sure = rows[rows["certainty"] == "confirmed"]
    grouped = sure.groupby("body_id")
    is_suspended = sure["is_suspended"].astype(bool)
    table = pd.DataFrame(index=pd.Index(chosen, name="body_id")).assign(
        n_countries=grouped.size(),
        n_suspended=sure[is_suspended].groupby("body_id").size(),
        n_unknown=rows[rows["certainty"] == "unknown"].groupby("body_id").size(),
        n_derived=grouped["is_derived"].sum(),
        derived_from=grouped["derived_from"].agg(lambda s: tuple(sorted(set(s.dropna())))),
        n_snapshot=grouped["basis"].agg(lambda s: int((s == "snapshot").sum())),
    )
    counts = ["n_countries", "n_suspended", "n_unknown", "n_derived", "n_snapshot"]
    table[counts] = table[counts].fillna(0).astype("int64")
    # A tuple of parent ids per body (empty: its own roster), never a joined string; kept as
    # Python objects (pandas would make them an Arrow list column).
    table["derived_from"] = pd.Series(
        [
            tuple(p) if isinstance(p, (list, tuple, np.ndarray)) else ()
            for p in table["derived_from"]
        ],
        index=table.index,
        dtype=object,
    )
    acronyms = data.bodies.set_index("body_id")["acronym"]
    table.insert(0, "acronym", acronyms.reindex(table.index).to_numpy())
    return table.reset_index()
