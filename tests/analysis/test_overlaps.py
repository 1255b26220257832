"""Coverage and overlaps: known answers from the sourced rosters, and the matrix's algebra."""

import numpy as np
import pandas as pd
import pytest

from dialogue_analysis import bodies_of, coverage, members, membership_changes, overlap_matrix
from dialogue_analysis.analysis.overlaps import (
    COVERING,
    bodies_without_rosters,
    coverage_bodies,
    membership_matrix,
)

GCC_STATES = {"ARE", "BHR", "KWT", "OMN", "QAT", "SAU"}


def covered_by(data, body, day):
    table = coverage(day, data)
    return set(table.loc[table["body_ids"].str.contains(body, regex=False), "country_iso3"])


def test_coverage_bodies_exclude_parents_and_bodies_without_rosters(data):
    chosen = coverage_bodies(data)
    assert "GCCPOL" in chosen and "GCC" not in chosen  # the Gulf states are not counted twice
    assert {"AU", "LAS", "EU", "ASEAN"}.isdisjoint(chosen)
    assert bodies_without_rosters(data) == ["CARICOM_IMPACS", "UNODC"]
    assert {"CARICOM_IMPACS", "UNODC"}.isdisjoint(chosen)


def test_united_kingdom_in_europol_2019_not_2021(data):
    assert "GBR" in covered_by(data, "EUROPOL", "2019-06-12")
    assert "GBR" not in covered_by(data, "EUROPOL", "2021-06-01")


@pytest.mark.parametrize(("country", "joined"), [("IRN", "2023-07-04"), ("BLR", "2024-07-04")])
def test_sco_enlargements(data, country, joined):
    day = pd.Timestamp(joined)
    assert country not in covered_by(data, "SCO", day - pd.Timedelta(days=1))
    assert country in covered_by(data, "SCO", day)


def test_gccpol_and_aimc_share_the_six_gcc_states(data):
    matrix = membership_matrix("2019-06-12", data)
    shared = set(matrix.index[matrix["GCCPOL"] & matrix["AIMC"]])
    assert shared == GCC_STATES
    assert overlap_matrix("2019-06-12", data=data).at["GCCPOL", "AIMC"] == 6


def test_eco_and_sco_overlap_as_the_rosters_say(data):
    for day in ["2019-06-12", "2024-10-09"]:
        eco = set(members("ECO", day, data)["country_iso3"])
        sco = set(members("SCO", day, data)["country_iso3"])
        assert overlap_matrix(day, data=data).at["ECO", "SCO"] == len(eco & sco)
    assert overlap_matrix("2019-06-12", data=data).at["ECO", "SCO"] == 5  # KAZ KGZ PAK TJK UZB
    assert overlap_matrix("2024-10-09", data=data).at["ECO", "SCO"] == 6  # + Iran (2023)


@pytest.mark.parametrize("day", ["2019-06-12", "2021-06-01", 8])
def test_overlap_matrix_is_symmetric_with_member_counts_on_the_diagonal(data, day):
    counts = overlap_matrix(day, data=data)
    assert counts.equals(counts.T)
    for body in counts.index:
        assert counts.at[body, body] == len(members(body, day, data, status=COVERING))


def test_jaccard_is_shared_over_either(data):
    counts = overlap_matrix("2019-06-12", data=data)
    jaccard = overlap_matrix("2019-06-12", "jaccard", data)
    union = 6 + counts.at["AIMC", "AIMC"] - 6
    assert jaccard.at["GCCPOL", "AIMC"] == pytest.approx(6 / union)
    assert np.allclose(jaccard.to_numpy(), jaccard.to_numpy().T)
    assert (np.diag(jaccard.to_numpy()) == 1).all()
    with pytest.raises(ValueError, match="metric"):
        overlap_matrix("2019-06-12", "cosine", data)


def test_coverage_counts_agree_with_bodies_of(data):
    table = coverage("2019-06-12", data).set_index("country_iso3")
    chosen = set(coverage_bodies(data))
    for country in ["GBR", "SAU", "KAZ", "BRA", "SGP", "EGY"]:
        expected = set(bodies_of(country, "2019-06-12", data, status=COVERING)["body_id"]) & chosen
        assert set(table.at[country, "body_ids"].split("; ")) == expected
        assert table.at[country, "n_bodies"] == len(expected)


def test_coverage_one_row_per_country_with_interpol_only_and_zeros(data):
    table = coverage("2019-06-12", data)
    assert table["country_iso3"].is_unique
    # Palau joined INTERPOL in 2023 and no other Dialogue body: covered by none in 2019.
    assert table.set_index("country_iso3").at["PLW", "n_bodies"] == 0
    only = table[table["is_interpol_only"]]
    assert (only["body_ids"] == "INTERPOL").all() and len(only) > 0
    assert "AUS" in set(only["country_iso3"]) and "FRA" not in set(only["country_iso3"])
    assert table["n_bodies"].sum() == membership_matrix("2019-06-12", data).to_numpy().sum()


def test_derived_rosters_are_flagged_uncertain(data):
    row = coverage("2019-06-12", data).set_index("country_iso3").loc["EGY"]
    # Egypt: AFRIPOL (from the AU roster) and AIMC (from the Arab League's) are derived.
    assert set(row["uncertain_body_ids"].split("; ")) == {"AFRIPOL", "AIMC"}
    assert row["n_uncertain"] == 2
    assert coverage("2019-06-12", data).set_index("country_iso3").at["JPN", "n_uncertain"] == 0


def test_as_of_accepts_an_edition_number(data):
    assert coverage(3, data).equals(coverage("2019-06-12", data))


def test_membership_changes_since_the_2019_meeting(data):
    changes = membership_changes("2019-06-12", "2024-10-09", data)
    got = {(r.body_id, r.country_iso3, r.change) for r in changes.itertuples()}
    assert {
        ("SCO", "IRN", "joined"),
        ("SCO", "BLR", "joined"),
        ("EUROPOL", "GBR", "left"),
        ("AIMC", "SYR", "joined"),  # readmitted to the Arab League in May 2023
        ("INTERPOL", "PLW", "joined"),
    } <= got
    dated = changes.set_index(["body_id", "country_iso3"])["date"]
    assert dated.loc[("SCO", "IRN")] == pd.Timestamp("2023-07-04")
    assert not any(c == "GCCPOL" for c, *_ in got)  # no change in the Gulf


def test_membership_changes_agree_with_the_matrices(data):
    before = membership_matrix("2019-06-12", data, status=("member", "partial", "observer"))
    after = membership_matrix("2024-10-09", data, status=("member", "partial", "observer"))
    changes = membership_changes("2019-06-12", "2024-10-09", data)
    joined = changes[changes["change"] == "joined"]
    left = changes[changes["change"] == "left"]
    assert len(joined) == int((after & ~before).to_numpy().sum())
    assert len(left) == int((before & ~after).to_numpy().sum())


def test_membership_changes_rejects_reversed_dates(data):
    with pytest.raises(ValueError, match="before start"):
        membership_changes("2024-01-01", "2019-01-01", data)
    assert membership_changes("2019-06-12", "2019-06-12", data).empty
