"""From what a user types to the data's keys: body ids from any alias, ISO codes, days.

Bodies may be named by any alias ("GCC-POL", "Ameripol"), countries by name or ISO code, and days as
``datetime.date``, ``pandas.Timestamp``, ISO text such as "2019-06-12", an edition number (meaning
that edition's first day) or "latest" (the latest day the data dates a fact on).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from dialogue_analysis.data import countries, names
from dialogue_analysis.data.dataset import Dataset, load

DateLike = dt.date | pd.Timestamp | str | int


def dataset(data: Dataset | None) -> Dataset:
    """``data``, or the default dataset when None (the public helpers' optional argument)."""
    return data if data is not None else load()


def body_id(body: str, data: Dataset | None = None) -> str:
    """The canonical ``body_id`` for any spelling of a body, or KeyError naming close matches."""
    bodies = dataset(data).bodies
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
    if len(country) == 3 and country.isupper() and countries.is_known_code(country):
        return country  # already a code: no name index needed (~2 ms)
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
    data = dataset(data)
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
        editions = dataset(data).editions
        row = editions[editions["number"] == int(when)]
        if row.empty or pd.isna(row["start_date"].iloc[0]):
            raise KeyError(f"no edition numbered {when} with a known date")
        return pd.Timestamp(row["start_date"].iloc[0])
    return pd.Timestamp(when).normalize()


def as_tuples(values: pd.Series) -> pd.Series:
    """``values`` as plain tuples of ids (a blank -> ``()``), kept as Python objects.

    Lists of ids pass between floors as tuples, never as a joined string; pandas would otherwise
    turn a column of them into an Arrow list column (or NumPy arrays).
    """
    return pd.Series(
        [tuple(v) if isinstance(v, (list, tuple, np.ndarray)) else () for v in values],
        index=values.index,
        dtype=object,
    )
