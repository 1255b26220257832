"""The COW-style panels: known answers, the status rule read back on a sample, statehood, pairs."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

import dialogue_analysis as da
from dialogue_analysis.analysis import panels
from dialogue_analysis.analysis.overlaps import overlap_matrix
from dialogue_analysis.analysis.status import status
from dialogue_analysis.data.dataset import Dataset


@pytest.fixture(scope="module")
def year_panel(data: Dataset) -> pd.DataFrame:
    return panels.country_year(data)


def cell(panel: pd.DataFrame, iso3: str, year: int, column: str) -> int:
    found = panel.loc[(panel["iso3"] == iso3) & (panel["year"] == year), column]
    assert len(found) == 1, (iso3, year)
    return int(found.iloc[0])


@pytest.mark.parametrize(
    ("iso3", "year", "column", "code"),
    [
        ("GBR", 2020, "europol", 1),  # the last year the UK was in Europol (left 1 Jan 2021)
        ("GBR", 2021, "europol", 0),
        ("GBR", 2019, "frontex", 2),  # a partial participant until Brexit
        ("GBR", 2020, "frontex", 0),  # left 1 February 2020: out on 31 December
        ("IRL", 2020, "frontex", 2),  # Ireland takes part in Frontex in part
        ("IRL", 2020, "europol", 1),
        ("FRA", 1998, "europol", -1),  # Europol was founded in 1999
        ("FRA", 1999, "europol", 1),
        ("SYR", 2012, "aimc", 1),  # suspended from the Arab League, still a member
        ("SYR", 2012, "aimc_susp", 1),
        ("SYR", 2023, "aimc_susp", 0),  # back from 7 May 2023
        ("EGY", 1985, "aimc_susp", 1),
        ("EGY", 1990, "aimc_susp", 0),
        ("ESP", 2024, "ameripol", 3),  # an observer (a medium snapshot of April 2022)
        ("CAN", 2024, "ameripol", -9),  # an observer only on a low-confidence copy: unknown
        ("USA", 2010, "ameripol", -9),  # a member whose start no source dates: unknown
        ("USA", 2024, "ameripol", 1),
        ("IRN", 2024, "sco", 1),
        ("CHN", 2024, "eco", 0),
        ("BFA", 2022, "afripol_susp", 1),
    ],
)
def test_known_answers(year_panel, iso3, year, column, code):
    assert cell(year_panel, iso3, year, column) == code


@pytest.mark.parametrize(("iso3", "ccode"), [("USA", 2), ("GBR", 200), ("SRB", 345), ("FRA", 220)])
def test_countries_carry_their_correlates_of_war_number(year_panel, iso3, ccode):
    assert set(year_panel.loc[year_panel["iso3"] == iso3, "ccode"]) == {ccode}


def test_a_territory_cow_does_not_list_has_no_number(year_panel):
    assert year_panel.loc[year_panel["iso3"] == "PRI", "ccode"].isna().all()


def test_one_row_per_country_and_year_from_interpol_founding(data, year_panel):
    assert not year_panel.duplicated(["iso3", "year"]).any()
    assert year_panel["year"].min() == 1923
    assert year_panel["year"].max() == panels._last_day(data).year  # the latest date in the data
    n_years = year_panel["year"].nunique()
    assert len(year_panel) == n_years * year_panel["iso3"].nunique()
    bodies = [b.lower() for b in panels.panel_bodies(data)]
    assert bodies == [
        "afripol",
        "aimc",
        "ameripol",
        "aseanapol",
        "eco",
        "europol",
        "frontex",
        "gccpol",
        "interpol",
        "sco",
    ]
    assert list(year_panel.columns[4:]) == bodies + [f"{b}_susp" for b in bodies]


def _stateless(data: Dataset, iso3: str, day: pd.Timestamp) -> bool:
    """Whether the statehood table says the country did not exist on ``day``."""
    spells = data.states[data.states["country_iso3"] == iso3]
    inside = (spells["start"].isna() | (spells["start"] <= day)) & (
        spells["end"].isna() | (day < spells["end"])
    )
    return bool(len(spells)) and not inside.any()


def test_the_panel_is_the_status_rule_on_a_sample_of_500_cells(data, year_panel):
    rng = np.random.default_rng(21)
    bodies = panels.panel_bodies(data)
    rows = rng.integers(0, len(year_panel), 500)
    picked = rng.integers(0, len(bodies), 500)
    sample = year_panel.iloc[rows][["iso3", "year"]].assign(body_id=np.asarray(bodies)[picked])
    days = panels.decision_days(
        range(sample["year"].min(), sample["year"].max() + 1), panels._last_day(data)
    )
    day_of = pd.Series(days, index=range(sample["year"].min(), sample["year"].max() + 1))
    sample["date"] = sample["year"].map(day_of).astype("datetime64[ms]")
    found = status(
        data,
        sorted(set(sample["date"])),
        sorted(set(sample["body_id"])),
        set(sample["iso3"]),
        ("member", "partial", "observer"),  # a signature alone is no membership: code 0
    )
    found = found.rename(columns={"country_iso3": "iso3"})
    merged = sample.merge(found, on=["date", "body_id", "iso3"], how="left")
    expected = pd.Series(0, index=merged.index)
    state = merged["state"].astype("object")  # missing: no row for the pair, out
    confirmed = state == "confirmed"
    for name, code in {"member": 1, "partial": 2, "observer": 3}.items():
        expected = expected.mask(confirmed & (merged["status"].astype("object") == name), code)
    expected = expected.mask(state == "unknown", -9)
    founded = merged["body_id"].map(data.bodies.set_index("body_id")["founded"])
    expected = expected.mask(merged["date"] < founded, -1)
    stateless = [_stateless(data, r.iso3, r.date) for r in merged.itertuples()]
    expected = expected.mask(pd.Series(stateless, index=merged.index), -1)
    got = [cell(year_panel, r.iso3, r.year, r.body_id.lower()) for r in merged.itertuples()]
    assert got == expected.tolist()
    suspended = merged["is_suspended"].fillna(False).astype(int)
    got_susp = [
        cell(year_panel, r.iso3, r.year, f"{r.body_id.lower()}_susp") for r in merged.itertuples()
    ]
    assert got_susp == suspended.where(expected != -1, 0).tolist()


def with_states(data: Dataset, states: pd.DataFrame) -> Dataset:
    return replace(data, states=states)


def test_no_state_no_membership_with_a_states_table(data):
    states = pd.DataFrame(
        {
            "country_iso3": ["SSD", "TLS", "GBR"],
            "start": pd.to_datetime(["2011-07-09", "2002-05-20", "1816-01-01"]),
            "end": pd.to_datetime([pd.NaT, pd.NaT, pd.NaT]),
            "ccode": [626, 860, 200],
            "source_id": ["cow-states"] * 3,
        }
    )
    panel = panels.country_year(with_states(data, states))
    codes = [c for c in panel.columns[4:] if not c.endswith("_susp")]
    before = panel.loc[(panel["iso3"] == "SSD") & (panel["year"] == 2010), codes]
    assert (before == -1).all(axis=None)
    assert cell(panel, "SSD", 2012, "interpol") == 1
    assert cell(panel, "TLS", 2001, "aseanapol") == -1  # before independence
    assert cell(panel, "TLS", 2003, "aseanapol") == -9  # after it: its start is not dated
    assert cell(panel, "GBR", 1950, "interpol") == 1
    # A country the states table does not name (a territory) is not cut.
    assert cell(panel, "PRI", 1950, "interpol") != -1


def test_a_state_that_ended_is_not_applicable_after_its_end(data):
    states = pd.DataFrame(
        {
            "country_iso3": ["GBR"],
            "start": pd.to_datetime(["1816-01-01"]),
            "end": pd.to_datetime(["2000-06-30"]),
        }
    )
    panel = panels.country_year(with_states(data, states))
    assert cell(panel, "GBR", 1999, "interpol") == 1
    assert cell(panel, "GBR", 2000, "interpol") == -1


def test_a_gap_in_a_states_existence_is_not_applicable(data):
    states = pd.DataFrame(
        {
            "country_iso3": ["GBR", "GBR"],
            "start": pd.to_datetime(["1816-01-01", "1946-01-01"]),
            "end": pd.to_datetime(["1940-06-01", pd.NaT]),
        }
    )
    panel = panels.country_year(with_states(data, states))
    assert [cell(panel, "GBR", y, "interpol") for y in (1939, 1940, 1945, 1946)] == [1, -1, -1, 1]


def test_country_edition_reads_the_first_day_of_each_edition(data):
    panel = panels.country_edition(data)
    editions = data.editions[data.editions["kind"] == "edition"]
    assert sorted(panel["edition"].unique()) == sorted(editions["number"].astype(int))
    gbr = panel[panel["iso3"] == "GBR"].set_index("edition")
    assert gbr.loc[4, "date"] == pd.Timestamp("2020-05-20")
    assert gbr.loc[4, "europol"] == 1  # 20 May 2020: still in Europol
    assert gbr.loc[5, "europol"] == 0  # 27 October 2021: out
    assert gbr.loc[4, "frontex"] == 0  # out of Frontex since 1 February 2020


def test_body_pairs_agree_with_the_overlap_matrix(data, year_panel):
    pairs = panels.body_pair_year(data, year_panel)
    shared = overlap_matrix("2024-12-31", data=data)
    jaccard = overlap_matrix("2024-12-31", metric="jaccard", data=data)
    year = pairs[pairs["year"] == 2024]
    assert len(year) == 45  # ten bodies, every unordered pair once
    for row in year.itertuples():
        assert row.n_shared == shared.loc[row.body_a, row.body_b]
        assert row.n_a == shared.loc[row.body_a, row.body_a]
        assert row.jaccard == pytest.approx(jaccard.loc[row.body_a, row.body_b])


def test_the_public_api_returns_the_same_frames(data, year_panel, monkeypatch):
    monkeypatch.setattr("dialogue_analysis.analysis.resolve.load", lambda: data)
    pd.testing.assert_frame_equal(da.country_year(), year_panel)
    pd.testing.assert_frame_equal(da.country_edition(), panels.country_edition(data))
