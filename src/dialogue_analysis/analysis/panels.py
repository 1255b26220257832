"""The dataset as panels researchers merge with other data: country-year, -edition, body pairs.

The panels are the status rule (``analysis.status``) read on a grid of days, never a second rule:
one ``status`` call over every decision day, then a pivot to one column per body. Each cell is
coded as the Correlates of War (COW) IGO dataset codes membership (version 3, Pevehouse et al.
2020), so the panels merge with COW data on ``ccode`` and ``year``:

==== =====================================================================================
code meaning
==== =====================================================================================
1    full member (a confirmed ``member`` on the decision day; suspended members included)
2    associate or partial participant (a confirmed ``partial``: Ireland in Frontex)
3    observer (a confirmed ``observer``)
0    none (the rule says ``out``; a treaty signatory with no membership is 0 as well)
-9   unknown (the rule says ``unknown``: a start known only by its year, or not at all, or
     resting on a low-confidence source alone)
-1   not applicable: the body was not yet founded, or the state did not exist that day
     (``data.states``, when the dataset has it)
==== =====================================================================================

``<body>_susp`` is 1 where a suspension was in force that day (the member keeps code 1).

**Decision day** (``DECISION_DAY``): a year is decided on its 31 December, the state of affairs at
the end of the year; a member that joined during the year counts for that year, one that left
during it does not. It is simple to state, it is where a source's year confirms (a date known
only by its year confirms from the year's last day), and it agrees with COW's own reading of a
year of membership as membership that held in that year. The last year of the panel, still
running, is decided on the latest date in the data instead (no day after it is described).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from dialogue_analysis.analysis.overlaps import COVERING, coverage_bodies
from dialogue_analysis.analysis.resolve import dataset
from dialogue_analysis.analysis.status import status
from dialogue_analysis.data import countries
from dialogue_analysis.data.dataset import Dataset
from dialogue_analysis.data.package import OUTPUT_TABLES, data_date

#: The month and day that decide a year.
DECISION_DAY = (12, 31)
FULL, PARTIAL, OBSERVER, NONE, UNKNOWN, NOT_APPLICABLE = 1, 2, 3, 0, -9, -1
#: Code -> its label, in the order the codebook lists them.
CODES: dict[int, str] = {
    FULL: "full member",
    PARTIAL: "associate or partial participant",
    OBSERVER: "observer",
    NONE: "none",
    UNKNOWN: "unknown",
    NOT_APPLICABLE: "not applicable: the state or the body did not exist",
}
#: The statuses a panel reads, and the code each takes when confirmed.
STATUS_CODES: dict[str, int] = {"member": FULL, "partial": PARTIAL, "observer": OBSERVER}
SUSPENDED_SUFFIX = "_susp"
#: COW state numbers the ``countrycode`` package does not give, with the reason.
COW_ADDED: dict[str, int] = {
    "SRB": 345,  # COW codes Serbia as the continuation of Yugoslavia (345)
    "XKX": 347,  # Kosovo, a COW state since 2008; 'XKX' is a user-assigned ISO code
}
ID_COLUMNS = ["iso3", "ccode", "country"]


def panel_bodies(data: Dataset) -> list[str]:
    """The bodies the panels have a column for: those with a member list (``coverage_bodies``)."""
    return coverage_bodies(data)


def column_of(body_id: str) -> str:
    """A body's column in the panels: its id in lower case ('INTERPOL' -> 'interpol')."""
    return body_id.lower()


def universe(data: Dataset) -> pd.Index:
    """Every country or territory the membership table names, for any body at any time."""
    codes = data.memberships["country_iso3"].dropna().unique()
    return pd.Index(sorted(codes), name="iso3")


def cow_codes(iso3: pd.Index) -> pd.Series:
    """ISO alpha-3 -> COW state number (Int64; missing where COW has none)."""
    from countrycode import countrycode

    found = countrycode(list(iso3), origin="iso3c", destination="cown")
    codes = pd.Series(found, index=iso3, dtype="object").astype("Int64")
    added = pd.Series(COW_ADDED, dtype="Int64").reindex(iso3)
    return codes.fillna(added).rename("ccode")


def year_span(data: Dataset) -> range:
    """From the first year a panel body (or a parent whose roster it uses) existed to the last."""
    bodies = data.bodies.set_index("body_id")
    chosen = panel_bodies(data)
    parents = bodies.loc[chosen, "parent_body_id"].dropna()
    used = set(chosen) | (set(data.memberships["derived_from"].dropna()) & set(parents))
    first = bodies.loc[sorted(used), "founded"].min().year
    return range(int(first), _last_day(data).year + 1)


def _last_day(data: Dataset) -> pd.Timestamp:
    return pd.Timestamp(data_date({n: getattr(data, n) for n in OUTPUT_TABLES}))


def decision_days(years: range, last: pd.Timestamp) -> pd.DatetimeIndex:
    """Each year's decision day (``DECISION_DAY``), the last one no later than ``last``."""
    month, day = DECISION_DAY
    days = pd.DatetimeIndex([pd.Timestamp(year, month, day) for year in years])
    return days.where(days <= last, last)


def _statehood(data: Dataset, iso3: pd.Index, days: pd.DatetimeIndex) -> np.ndarray:
    """Countries x days: True where the state existed (or the data has no ``states`` table)."""
    states = getattr(data, "states", None)
    exists = np.ones((len(iso3), len(days)), dtype=bool)
    if states is None or states.empty:
        return exists
    named = states[states["country_iso3"].isin(iso3)]
    row = iso3.get_indexer(named["country_iso3"])
    # A country the table names exists only inside one of its spells (COW's gaps, such as an
    # occupation, are -1 too), from its start to the day before its end, as the status rule cuts
    # a state's rows; a territory the table does not name is never cut.
    exists[np.unique(row)] = False
    day = days.to_numpy(dtype="datetime64[ms]")[None, :]
    start = named["start"].to_numpy(dtype="datetime64[ms]")[:, None]
    end = named["end"].to_numpy(dtype="datetime64[ms]")[:, None]
    inside = (np.isnat(start) | (start <= day)) & (np.isnat(end) | (day < end))
    np.logical_or.at(exists, row, inside)
    return exists


#: The membership columns the status rule does not read (text for people), left out of its query.
_TEXT_COLUMNS = [
    "country_as_written",
    "joined_as_written",
    "left_as_written",
    "known_from_as_written",
    "quote",
    "more_source_ids",
    "notes",
]


def _rule_input(data: Dataset) -> Dataset:
    """``data`` with the memberships the rule reads, plain Python strings (faster to take)."""
    rows = data.memberships.drop(columns=_TEXT_COLUMNS, errors="ignore")
    text = rows.select_dtypes(include="string").columns
    return replace(data, memberships=rows.astype(dict.fromkeys(text, "object")))


def codes_on(data: Dataset, days: pd.DatetimeIndex) -> pd.DataFrame:
    """The panel codes of every country of the universe on each of ``days``.

    Returns:
        One row per day and country (``date``, ``iso3``), one code column per panel body and one
        ``<body>_susp`` (0/1) column each, in ``panel_bodies`` order.
    """
    bodies, iso3 = panel_bodies(data), universe(data)
    days = pd.DatetimeIndex(days).astype("datetime64[ms]")
    found = status(_rule_input(data), days, bodies, list(iso3), tuple(STATUS_CODES))
    code = found["status"].map(STATUS_CODES).where(found["state"] == "confirmed")
    code = code.where(found["state"] != "unknown", UNKNOWN).fillna(NONE).astype("int8")
    found = found.assign(code=code, susp=found["is_suspended"].astype("int8"))
    grid = pd.MultiIndex.from_product([days, iso3], names=["date", "iso3"])
    # One row per (date, country, body): unstack, three times faster here than pivot_table.
    keyed = found.rename(columns={"country_iso3": "iso3"}).set_index(["date", "iso3", "body_id"])
    wide = keyed[["code", "susp"]].unstack("body_id")  # noqa: PD010
    wide = wide.reindex(grid).reindex(columns=bodies, level=1).fillna(0).astype("int8")
    codes = wide["code"].reindex(columns=bodies, fill_value=NONE)
    susp = wide["susp"].reindex(columns=bodies, fill_value=0)
    # -1: the body not founded yet, or the state not existing, that day.
    founded = data.bodies.set_index("body_id").loc[bodies, "founded"].to_numpy("datetime64[ms]")
    day = np.repeat(days.to_numpy("datetime64[ms]"), len(iso3))
    before = day[:, None] < founded[None, :]
    stateless = ~_statehood(data, iso3, days).T.reshape(-1)
    codes = codes.mask(before | stateless[:, None], NOT_APPLICABLE)
    codes.columns = [column_of(b) for b in bodies]
    susp.columns = [column_of(b) + SUSPENDED_SUFFIX for b in bodies]
    return pd.concat([codes, susp.where(codes.to_numpy() != NOT_APPLICABLE, 0)], axis=1)


def _with_ids(frame: pd.DataFrame) -> pd.DataFrame:
    iso3 = pd.Index(frame["iso3"].unique())
    names = pd.Series([countries.country_name(c) for c in iso3], index=iso3)
    return frame.assign(
        ccode=frame["iso3"].map(cow_codes(iso3)).astype("Int64"),
        country=frame["iso3"].map(names).astype("string"),
        iso3=frame["iso3"].astype("string"),
    )


def country_year(data: Dataset | None = None) -> pd.DataFrame:
    """One row per country of the universe and year, coded as COW codes IGO membership.

    Returns:
        ``iso3``, ``ccode``, ``country``, ``year``, one code column per panel body (see the
        module doc) and one ``<body>_susp`` column each; sorted by ``iso3`` and ``year``.
    """
    data = dataset(data)
    years = year_span(data)
    days = decision_days(years, _last_day(data))
    codes = codes_on(data, days).reset_index()
    codes.insert(0, "year", codes.pop("date").dt.year.astype("int64"))
    table = _with_ids(codes)
    order = [*ID_COLUMNS, "year", *[c for c in codes.columns if c not in ("iso3", "year")]]
    return table[order].sort_values(["iso3", "year"]).reset_index(drop=True)


def country_edition(data: Dataset | None = None) -> pd.DataFrame:
    """The same codes on the first day of each numbered edition of the Dialogue.

    Returns:
        ``iso3``, ``ccode``, ``country``, ``edition`` (its number), ``date`` (its first day),
        then the code and ``<body>_susp`` columns; sorted by ``iso3`` and ``edition``.
    """
    data = dataset(data)
    editions = data.editions[data.editions["kind"] == "edition"]
    days = pd.DatetimeIndex(editions["start_date"]).astype("datetime64[ms]")
    number = pd.Series(editions["number"].astype("int64").to_numpy(), index=days)
    codes = codes_on(data, days).reset_index()
    codes.insert(0, "edition", codes["date"].map(number).astype("int64"))
    table = _with_ids(codes)
    order = [*ID_COLUMNS, "edition", "date", *[c for c in codes.columns if c not in ID_COLUMNS]]
    order = list(dict.fromkeys(order))
    return table[order].sort_values(["iso3", "edition"]).reset_index(drop=True)


def body_pair_year(data: Dataset | None = None, panel: pd.DataFrame | None = None) -> pd.DataFrame:
    """Body x body x year: the countries two bodies share, confirmed, and their Jaccard index.

    A country counts for a body in a year when its code is full member or partial participant
    (``overlaps.COVERING``: the statuses coverage counts); unknown cells never count.

    Args:
        data: The dataset (default: ``load()``).
        panel: ``country_year(data)``, when the caller has it already.

    Returns:
        One row per year and unordered pair (``body_a`` < ``body_b``, body ids): ``n_a``, ``n_b``
        (each body's countries), ``n_shared`` and ``jaccard`` (shared / either; missing where
        neither has any); sorted by year and pair.
    """
    data = dataset(data)
    panel = country_year(data) if panel is None else panel
    bodies = panel_bodies(data)
    held = [STATUS_CODES[s] for s in COVERING]
    panel = panel.sort_values(["year", "iso3"])
    years = panel["year"].unique()
    # Years x countries x bodies: 1 where the body covers the country; then the shared counts.
    covered = panel[[column_of(b) for b in bodies]].isin(held).to_numpy(dtype="int64")
    covered = covered.reshape(len(years), -1, len(bodies))
    shared = np.einsum("ycb,ycd->ybd", covered, covered)
    a, b = np.triu_indices(len(bodies), k=1)
    size = np.diagonal(shared, axis1=1, axis2=2)
    n_a, n_b, n_shared = size[:, a], size[:, b], shared[:, a, b]
    union = (n_a + n_b - n_shared).astype(float)
    names = np.asarray(bodies)
    return pd.DataFrame(
        {
            "year": np.repeat(years, len(a)).astype("int64"),
            "body_a": pd.array(np.tile(names[a], len(years)), dtype="string"),
            "body_b": pd.array(np.tile(names[b], len(years)), dtype="string"),
            "n_a": n_a.reshape(-1),
            "n_b": n_b.reshape(-1),
            "n_shared": n_shared.reshape(-1),
            "jaccard": (n_shared / np.where(union > 0, union, np.nan)).reshape(-1),
        }
    )
