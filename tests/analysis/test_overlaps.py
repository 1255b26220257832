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
        assert set(table.at[country, "body_ids"]) == expected
        assert table.at[country, "n_bodies"] == len(expected)


def test_coverage_one_row_per_country_with_interpol_only_and_zeros(data):
    table = coverage("2019-06-12", data)
    assert table["country_iso3"].is_unique
    # Palau joined INTERPOL in 2023 and no other Dialogue body: covered by none in 2019.
    assert table.set_index("country_iso3").at["PLW", "n_bodies"] == 0
    only = table[table["is_interpol_only"]]
    assert only["body_ids"].map(lambda ids: ids == ["INTERPOL"]).all() and len(only) > 0
    assert "AUS" in set(only["country_iso3"]) and "FRA" not in set(only["country_iso3"])
    assert table["n_bodies"].sum() == membership_matrix("2019-06-12", data).to_numpy().sum()


def test_derived_rosters_are_flagged(data):
    row = coverage("2019-06-12", data).set_index("country_iso3").loc["EGY"]
    # Egypt: AFRIPOL (from the AU roster) and AIMC (from the Arab League's) are derived.
    assert set(row["derived_body_ids"]) == {"AFRIPOL", "AIMC"}
    assert row["n_derived"] == 2
    assert coverage("2019-06-12", data).set_index("country_iso3").at["JPN", "n_derived"] == 0


def test_unknown_statuses_are_counted_apart(data):
    table = coverage("2019-06-12", data).set_index("country_iso3")
    # Puerto Rico's AMERIPOL row is undated and first evidenced in 2020: unknown in 2019.
    assert "AMERIPOL" in table.at["PRI", "unknown_body_ids"]
    assert "AMERIPOL" not in table.at["PRI", "body_ids"]
    assert table.at["USA", "n_unknown"] >= 1 and table.at["FRA", "n_unknown"] == 0


def test_as_of_accepts_an_edition_number(data):
    assert coverage(3, data).equals(coverage("2019-06-12", data))


def test_membership_changes_since_the_2019_meeting(data):
    changes = membership_changes("2019-06-12", "2024-10-09", data)
    got = {(r.body_id, r.country_iso3, r.change) for r in changes.itertuples()}
    assert {
        ("SCO", "IRN", "joined"),
        ("SCO", "BLR", "joined"),
        ("EUROPOL", "GBR", "left"),
        ("AIMC", "SYR", "status_changed"),  # suspended until its readmission in May 2023
        ("INTERPOL", "PLW", "joined"),
    } <= got
    dated = changes.set_index(["body_id", "country_iso3"])["date"]
    assert dated.loc[("SCO", "IRN")] == pd.Timestamp("2023-07-04")
    assert not any(c == "GCCPOL" for c, *_ in got)  # no change in the Gulf


def _unknown_pairs(data, day, status):
    table = coverage(day, data, status=status)
    pairs = table[["country_iso3", "unknown_body_ids"]].assign(body_id=table["unknown_body_ids"])
    pairs = pairs.explode("body_id")
    return set(zip(pairs["country_iso3"], pairs["body_id"], strict=True))


def test_membership_changes_agree_with_the_matrices(data):
    status = ("member", "partial", "observer")
    before = membership_matrix("2019-06-12", data, status=status)
    after = membership_matrix("2024-10-09", data, status=status)
    unsure = _unknown_pairs(data, "2019-06-12", status) | _unknown_pairs(data, "2024-10-09", status)
    keep = pd.DataFrame(
        [[(c, b) not in unsure for b in before.columns] for c in before.index],
        index=before.index,
        columns=before.columns,
    )
    changes = membership_changes("2019-06-12", "2024-10-09", data)
    joined = changes[changes["change"] == "joined"]
    left = changes[changes["change"] == "left"]
    assert len(joined) == int((after & ~before & keep).to_numpy().sum())
    assert len(left) == int((before & ~after & keep).to_numpy().sum())
    assert unsure  # some pairs are unknown on one of the days, and are not listed as changes


def test_membership_changes_rejects_reversed_dates(data):
    with pytest.raises(ValueError, match="before start"):
        membership_changes("2024-01-01", "2019-01-01", data)
    assert membership_changes("2019-06-12", "2019-06-12", data).empty
