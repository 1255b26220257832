"""Turn country names and codes, as sources write them, into ISO 3166-1 alpha-3 codes.

pycountry supplies the ISO names and codes; the project's `country_names.csv` table adds the
other spellings the sources use (passed in as `extra`). Spellings are compared by `name_key`.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pycountry

from dialogue_analysis.data.names import name_key, resolve_names

logger = logging.getLogger(__name__)

#: pycountry attributes whose values are spellings of a country.
PYCOUNTRY_FIELDS: tuple[str, ...] = ("alpha_2", "alpha_3", "name", "official_name", "common_name")
#: Names of user-assigned codes (ISO 3166-1 leaves these to users; pycountry omits them).
USER_ASSIGNED_NAMES: dict[str, str] = {"XKX": "Kosovo"}
#: Alpha-3 ranges ISO 3166-1 reserves for user assignment: AAA-AAZ, QMA-QZZ, XAA-XZZ, ZZA-ZZZ.
USER_ASSIGNED_PATTERN = re.compile(r"AA[A-Z]|Q[M-Z][A-Z]|X[A-Z]{2}|ZZ[A-Z]")


@functools.cache
def _pycountry_index() -> dict[str, str]:
    """Return name_key -> alpha-3 for every pycountry spelling (built once, then cached)."""
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for field in PYCOUNTRY_FIELDS:
            spelling = getattr(country, field, None)
            if spelling:
                index[name_key(spelling)] = country.alpha_3
    return index


@functools.cache
def _numeric_index() -> dict[str, str]:
    """Return ISO 3166-1 numeric code ('008') -> alpha-3 code, for every pycountry country."""
    return {country.numeric: country.alpha_3 for country in pycountry.countries}


def iso3_from_numeric(code: str) -> str | None:
    """Return the alpha-3 code of an ISO 3166-1 numeric code, or None when ISO has no such code.

    Args:
        code: The numeric code as text; leading zeros may be omitted ('8' and '008' are Albania).

    Returns:
        The alpha-3 code ('008' -> 'ALB'), or None for a blank, non-numeric or unassigned code.
    """
    text = code.strip()
    if not text.isdigit() or len(text) > 3:
        return None
    return _numeric_index().get(text.zfill(3))


def is_known_code(code: str) -> bool:
    """Return True for an ISO 3166-1 alpha-3 code or a user-assigned alpha-3 code."""
    return code in _pycountry_index().values() or USER_ASSIGNED_PATTERN.fullmatch(code) is not None


@functools.cache
def former_state_index() -> dict[str, str]:
    """Return name_key -> code for the ISO 3166-3 alpha-3 codes of countries that no longer exist.

    Only the codes ('DDR', 'YMD', 'SUN'), not the names: a former state's name may be a current
    one's ('Germany'). Used by the statehood table, the one table that lists former states.
    """
    current = set(_pycountry_index().values())
    return {
        name_key(c.alpha_3): c.alpha_3
        for c in pycountry.historic_countries
        if c.alpha_3 not in current
    }


def build_country_index(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Return a map from the `name_key` of country spellings to ISO 3166-1 alpha-3 codes.

    pycountry's alpha_2, alpha_3, name, official_name and common_name are all recognised.
    Each `extra` spelling then overrides, and each code `extra` maps to (for instance a
    user-assigned 'XKX') becomes a spelling of itself unless it already is one.

    Args:
        extra: Spelling -> alpha-3 code, from the project's country_names.csv table.

    Returns:
        A new dict, safe to modify.

    Raises:
        ValueError: When an `extra` code is neither an ISO alpha-3 code nor a user-assigned
            one, or an `extra` spelling holds no letter or digit.
    """
    index = dict(_pycountry_index())
    for spelling, raw_code in (extra or {}).items():
        code = raw_code.strip().upper()
        if not is_known_code(code):
            raise ValueError(
                f"unknown country code {raw_code!r} for {spelling!r}; expected an ISO 3166-1 "
                "alpha-3 code such as 'LAO' or a user-assigned one such as 'XKX'"
            )
        key = name_key(spelling)
        if not key:
            raise ValueError(f"blank country spelling {spelling!r} for code {code!r}")
        if index.get(key, code) != code:
            logger.debug("extra spelling %r overrides %s with %s", spelling, index[key], code)
        index[key] = code
        index.setdefault(name_key(code), code)
    return index


def to_iso3(values: pd.Series, index: Mapping[str, str]) -> pd.Series:
    """Return the alpha-3 code of each country spelling, keying each distinct value once.

    Args:
        values: Country names or codes as written; may hold blanks and missing values.
        index: Map from name key to alpha-3, from `build_country_index`.

    Returns:
        Series of pandas "string" dtype with the same index and name; <NA> where the value is
        blank or unknown (callers decide whether unknowns are errors).
    """
    return resolve_names(values, index)


def country_name(iso3: str) -> str:
    """Return the short English name of a country from its alpha-3 code.

    Args:
        iso3: ISO 3166-1 alpha-3 code (any case), or a user-assigned one such as 'XKX'.

    Returns:
        pycountry's common_name when it has one, else its name ('VNM' -> 'Vietnam',
        'GBR' -> 'United Kingdom'); 'Kosovo' for 'XKX'; the code itself when unknown.
    """
    code = iso3.strip().upper()
    if code in USER_ASSIGNED_NAMES:
        return USER_ASSIGNED_NAMES[code]
    country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    if country is None:
        return iso3
    return getattr(country, "common_name", None) or country.name


#: The UN M49 regions, in the order the landing page lists them; see ``region``.
REGIONS: tuple[str, ...] = ("Africa", "Americas", "Asia", "Europe", "Oceania")
#: Shown for a code the M49 table does not know.
UNKNOWN_REGION = "Other"
_M49_FILE = Path(__file__).with_name("m49_regions.csv")


@functools.cache
def _m49() -> pd.DataFrame:
    """The M49 table (scripts/m49_regions.py writes it), indexed by alpha-3 code."""
    return pd.read_csv(_M49_FILE, dtype="string", keep_default_na=False).set_index("country_iso3")


def region(iso3: str) -> str:
    """Return a country's UN M49 region ("Africa", "Americas", "Asia", "Europe", "Oceania").

    Args:
        iso3: ISO 3166-1 alpha-3 code, or a user-assigned one such as 'XKX'.

    Returns:
        The region, or ``UNKNOWN_REGION`` for a code the M49 table does not list.
    """
    table = _m49()
    return str(table.at[iso3, "region"]) if iso3 in table.index else UNKNOWN_REGION


def subregion(iso3: str) -> str:
    """Return a country's UN M49 sub-region ("Eastern Africa"), or ``UNKNOWN_REGION``."""
    table = _m49()
    return str(table.at[iso3, "subregion"]) if iso3 in table.index else UNKNOWN_REGION
