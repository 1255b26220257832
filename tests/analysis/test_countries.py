"""One country across the Dialogue: its spells, its coverage at each edition, its peers."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

import dialogue_analysis as da
from dialogue_analysis.analysis import countries
from dialogue_analysis.data.countries import REGIONS
from tests.conftest import COUNTRY_SAMPLE


def test_every_roster_country_is_listed_once_with_its_un_region(data):
    table = countries.roster_countries(data)
    assert list(table["country_iso3"]) == sorted(data.memberships["country_iso3"].unique())
    assert table["country_iso3"].is_unique
    assert set(table["region"]) <= set(REGIONS)  # no country falls outside the M49 regions
    assert table.set_index("country_iso3").loc["KEN", "subregion"] == "Eastern Africa"


@pytest.mark.parametrize("code", COUNTRY_SAMPLE)
def test_coverage_at_each_edition_is_the_coverage_reports_count(data, code):
    table = countries.coverage_at_editions(data, code)
    editions = data.editions[data.editions["kind"] == "edition"]
    assert list(table["number"]) == sorted(editions["number"])
    for row in table.itertuples():
        report = da.coverage(row.date, data).set_index("country_iso3").loc[code]
        assert (row.n_bodies, row.body_ids) == (report["n_bodies"], report["body_ids"])
        assert (row.n_unknown, row.unknown_body_ids) == (
            report["n_unknown"],
            report["unknown_body_ids"],
        )


def test_a_snapshot_country_is_unknown_before_its_first_list_and_covered_after(data):
    table = countries.coverage_at_editions(data, "USA").set_index("number")
    first_list = data.memberships.query("country_iso3 == 'USA' and body_id == 'AMERIPOL'")[
        "as_of"
    ].min()
    for number, row in table.iterrows():
        if row["date"] < first_list:
            assert "AMERIPOL" in row["unknown_body_ids"] and "AMERIPOL" not in row["body_ids"]
        else:
            assert "AMERIPOL" in row["body_ids"], number


def test_countries_with_the_same_set_are_each_others_peers(data):
    peers = countries.same_set(data, "SYR", "latest")
    sets = countries.body_sets(data, "latest")
    assert len(peers) > 0
    for code in peers["country_iso3"]:
        assert sets[code] == sets["SYR"]
        assert "SYR" in set(countries.same_set(data, code, "latest")["country_iso3"])
    others = sets[(sets == sets["SYR"]) & (sets.index != "SYR")]
    assert sorted(peers["country_iso3"]) == sorted(others.index)


def test_a_country_whose_set_no_other_has_has_no_peers(data):
    sets = countries.body_sets(data, "latest")
    alone = sets[~sets.duplicated(keep=False) & sets.map(bool)].index
    assert len(alone)
    for code in alone:
        assert countries.same_set(data, code, "latest").empty, code


def test_spells_are_every_row_of_the_country_dialogue_bodies_first(data):
    rows = countries.spells(data, "Kenya")
    assert len(rows) == (data.memberships["country_iso3"] == "KEN").sum()
    flags = rows["is_dialogue_body"].tolist()
    assert flags == sorted(flags, reverse=True)
    assert rows.loc[rows["body_id"] == "AU", "is_dialogue_body"].eq(False).all()
    pd.testing.assert_frame_equal(da.country_profile("KEN", data), rows)


def test_body_sets_are_the_coverage_reports_sets_for_every_country_and_edition(data):
    days = [*data.editions.loc[data.editions["kind"] == "edition", "start_date"], "latest"]
    for day in days:
        sets = countries.body_sets(data, day)
        report = da.coverage(day, data).set_index("country_iso3")["body_ids"].map(tuple)
        assert sets.to_dict() == report.reindex(sets.index).to_dict(), day


def _changed(data, mask, **values):
    rows = data.memberships.copy()
    for column, value in values.items():
        rows.loc[mask, column] = value
    return dataclasses.replace(data, memberships=rows)


def test_key_inputs_change_only_for_the_profiles_that_show_a_changed_row(data):
    before = countries.profile_inputs(data)
    assert set(before) == set(countries.roster_countries(data)["country_iso3"])
    rows = data.memberships
    # A new wording of Kenya's INTERPOL join: only Kenya's profile shows it.
    kenya = (rows["country_iso3"] == "KEN") & (rows["body_id"] == "INTERPOL")
    after = countries.profile_inputs(_changed(data, kenya, joined_as_written="in 1968"))
    assert {c for c in before if before[c] != after[c]} == {"KEN"}


def test_key_inputs_change_for_the_peers_when_a_set_changes(data):
    before = countries.profile_inputs(data)
    rows = data.memberships
    # Kenya leaves AFRIPOL: its old and new peers list it, or no longer do.
    gone = (rows["country_iso3"] == "KEN") & (rows["body_id"] == "AFRIPOL")
    changed = _changed(
        data, gone, out_from=pd.Timestamp("2015-01-01"), confirmed_until=pd.Timestamp("2015-01-01")
    )
    after = countries.profile_inputs(changed)
    differ = {c for c in before if before[c] != after[c]}
    old_peers = set(countries.same_set(data, "KEN", "latest")["country_iso3"])
    new_peers = set(countries.same_set(changed, "KEN", "latest")["country_iso3"])
    assert differ == {"KEN"} | old_peers | new_peers
    assert "FRA" not in differ


def test_key_inputs_change_for_the_country_whose_statehood_row_changes(data):
    states = pd.DataFrame(
        {
            "country_iso3": ["KEN", "FRA"],
            "start": [pd.Timestamp("1963-12-12"), pd.Timestamp("1816-01-01")],
            "end": [pd.NaT, pd.NaT],
        }
    )
    base = dataclasses.replace(data, states=states)
    before = countries.profile_inputs(base)
    moved = states.assign(start=[pd.Timestamp("1963-12-13"), pd.Timestamp("1816-01-01")])
    after = countries.profile_inputs(dataclasses.replace(base, states=moved))
    assert {c for c in before if before[c] != after[c]} == {"KEN"}
