"""Tests for turning country spellings into ISO 3166-1 alpha-3 codes."""

import pandas as pd
import pytest

from dialogue_analysis.data.countries import build_country_index, country_name, to_iso3

# As the project's country_names.csv would supply them: spellings pycountry does not know.
EXTRA = {"Lao PDR": "LAO", "Russia": "RUS", "Kosovo": "XKX", "Turkey": "tur "}


@pytest.mark.parametrize(
    ("value", "iso3"),
    [
        # pycountry name, common_name, official_name, alpha-2 and alpha-3, in any case
        ("Türkiye", "TUR"),
        ("Turkiye", "TUR"),
        ("TR", "TUR"),
        ("tur", "TUR"),
        ("Viet Nam", "VNM"),
        ("Vietnam", "VNM"),
        ("Iran", "IRN"),
        ("Iran, Islamic Republic of", "IRN"),
        ("Bolivia", "BOL"),
        ("Plurinational State of Bolivia", "BOL"),
        ("GB", "GBR"),
        ("United Kingdom", "GBR"),
        ("  united kingdom ", "GBR"),
        ("Russian Federation", "RUS"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote dIvoire", "CIV"),
        ("IN", "IND"),
        ("NO", "NOR"),
        # spellings only the extra table knows
        ("Lao PDR", "LAO"),
        ("Russia", "RUS"),
        ("Turkey", "TUR"),
        ("Kosovo", "XKX"),
        ("XKX", "XKX"),
    ],
)
def test_to_iso3_with_extra(value: str, iso3: str) -> None:
    result = to_iso3(pd.Series([value]), build_country_index(EXTRA))
    assert result.tolist() == [iso3]


@pytest.mark.parametrize("value", ["Russia", "Lao PDR", "Turkey", "Kosovo", "XKX"])
def test_pycountry_alone_does_not_know_these_spellings(value: str) -> None:
    assert to_iso3(pd.Series([value]), build_country_index()).isna().all()


def test_to_iso3_is_vectorised_with_na_for_blank_and_unknown() -> None:
    values = pd.Series(["GB", None, "Narnia", "  ", "Viet Nam", "GB"], index=list("abcdef"))

    result = to_iso3(values, build_country_index())

    expected = pd.Series(
        ["GBR", pd.NA, pd.NA, pd.NA, "VNM", "GBR"], index=list("abcdef"), dtype="string"
    )
    pd.testing.assert_series_equal(result, expected)


def test_extra_overrides_pycountry() -> None:
    index = build_country_index({"Georgia": "USA"})
    assert index["georgia"] == "USA"
    # The cached pycountry part is not changed by an override.
    assert build_country_index()["georgia"] == "GEO"


@pytest.mark.parametrize("code", ["ABC", "XK", "Kosovo"])
def test_build_country_index_rejects_unknown_extra_codes(code: str) -> None:
    with pytest.raises(ValueError, match="expected an ISO 3166-1 alpha-3 code"):
        build_country_index({"Somewhere": code})


@pytest.mark.parametrize(
    ("iso3", "name"),
    [
        ("TUR", "Türkiye"),
        ("VNM", "Vietnam"),
        ("IRN", "Iran"),
        ("BOL", "Bolivia"),
        ("RUS", "Russian Federation"),
        ("GBR", "United Kingdom"),
        ("LAO", "Laos"),
        ("gbr", "United Kingdom"),
        ("XKX", "Kosovo"),
        ("QQQ", "QQQ"),
        ("Narnia", "Narnia"),
    ],
)
def test_country_name(iso3: str, name: str) -> None:
    assert country_name(iso3) == name
