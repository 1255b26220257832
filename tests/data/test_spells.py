"""From spells as written to the days a membership is confirmed, unknown or over."""

import pandas as pd
import pytest

from dialogue_analysis.data import spells
from tests.fixtures import body, spell, table

DAY = pd.Timestamp


def _bodies():
    return table(
        "bodies",
        [
            body("AU", "intergovernmental_organisation", "africa", "2002-07-09", "day"),
            body(
                "AFRIPOL",
                "regional_police_organisation",
                "africa",
                "2014-02-10",
                "day",
                founded_as_written="10-11 February 2014",
            ),
            body("INTERPOL", "global_police_organisation", "global", "1923-09-01", "month"),
        ],
    )


def _sources():
    return table(
        "sources",
        [
            {"source_id": "dated", "published": "2019-06-12", "published_precision": "day"},
            {"source_id": "src-members"},
        ],
    )


def _bounded(rows):
    frame = table("memberships", rows)
    frame.index = range(2, 2 + len(frame))  # raw lines
    return spells.bounds(frame, _bodies(), _sources())


def test_a_year_is_unknown_during_that_year():
    row = _bounded([spell("INTERPOL", "ALB", "1991-01-01", joined_precision="year")]).iloc[0]
    assert row["possible_from"] == DAY("1991-01-01")
    assert row["confirmed_from"] == DAY("1991-12-31")


def test_a_day_range_is_confirmed_from_its_last_day():
    row = _bounded(
        [spell("INTERPOL", "BTN", "2005-09-19", joined_as_written="19-22 September 2005")]
    ).iloc[0]
    assert (row["possible_from"], row["confirmed_from"]) == (DAY("2005-09-19"), DAY("2005-09-22"))


def test_an_unknown_start_is_unknown_from_the_founding_until_the_source_is_dated():
    rows = _bounded(
        [
            {**spell("INTERPOL", "USA"), "source_id": "dated"},
            spell("INTERPOL", "GBR", known_from="2001-05-01", known_from_precision="month"),
            spell("INTERPOL", "FRA"),  # undated source, no known_from: never confirmed
        ]
    ).set_index("country_iso3")
    assert (rows["possible_from"] == DAY("1923-09-01")).all()
    assert rows.at["USA", "confirmed_from"] == DAY("2019-06-12")
    assert rows.at["GBR", "confirmed_from"] == DAY("2001-05-31")
    assert pd.isna(rows.at["FRA", "confirmed_from"])
    assert list(spells.missing_evidence(rows)) == [False, False, True]


def test_a_low_confidence_row_is_never_confirmed_by_itself():
    # Before: a low-confidence "1938" confirmed the row from 31 Dec 1938.
    rows = _bounded(
        [
            spell("INTERPOL", "USA", "1938-01-01", joined_precision="year", confidence="low"),
            {**spell("INTERPOL", "CAN", confidence="low"), "source_id": "dated"},
            spell("INTERPOL", "FRA", "1923-01-01", joined_precision="year", confidence="low")
            | {"known_from": "1956-06-13", "known_from_precision": "day"},
        ]
    ).set_index("country_iso3")
    assert (rows["possible_from"] == DAY("1923-09-01")).all()
    assert pd.isna(rows.at["USA", "confirmed_from"])
    assert pd.isna(rows.at["CAN", "confirmed_from"])  # its own dated source does not confirm
    assert rows.at["FRA", "confirmed_from"] == DAY("1956-06-13")  # a further source does
    assert not spells.missing_evidence(rows).any()  # unknown is allowed, not a build error


@pytest.mark.parametrize(
    ("as_of", "precision", "confirmed"),
    [
        ("2022-01-01", "year", "2022-12-31"),
        ("2011-12-01", "month", "2011-12-31"),
        ("2020-08-11", "day", "2020-08-11"),
    ],
)
def test_a_snapshot_confirms_from_the_end_of_the_period_it_was_seen_in(as_of, precision, confirmed):
    # Before: "2022" confirmed from 1 Jan 2022 and "Dec 2011" from 1 Dec 2011.
    row = _bounded([spell("INTERPOL", "ATG", as_of=as_of, as_of_precision=precision)]).iloc[0]
    assert row["confirmed_from"] == DAY(confirmed)


def test_a_low_confidence_snapshot_is_not_confirmed():
    row = _bounded([spell("INTERPOL", "SUR", as_of="2024-01-12", confidence="low")]).iloc[0]
    assert pd.isna(row["confirmed_from"])


def test_a_derived_copy_of_a_low_row_of_its_own_is_not_confirmed():
    # Before: Denmark was "Frontex since 26 Oct 2004" on an unverified row.
    rows = _bounded(
        [
            spell("AU", "KEN", "2002-07-09"),
            spell("AFRIPOL", "KEN", derived_from="AU", is_derived=True, confidence="low"),
        ]
    )
    out = spells.derive(rows, _bodies()).set_index("body_id")
    assert out.at["AU", "confirmed_from"] == DAY("2002-07-09")
    assert pd.isna(out.at["AFRIPOL", "confirmed_from"])
    assert out.at["AFRIPOL", "confidence"] == "low"


def test_left_is_the_first_day_outside_and_a_coarse_one_leaves_a_gap():
    rows = _bounded(
        [
            spell("INTERPOL", "GBR", "1928-01-01", "2020-02-01"),
            spell("INTERPOL", "FRA", "1928-01-01", "2020-01-01", left_precision="year"),
        ]
    ).set_index("country_iso3")
    assert rows.at["GBR", "confirmed_until"] == rows.at["GBR", "out_from"] == DAY("2020-02-01")
    assert rows.at["FRA", "confirmed_until"] == DAY("2020-01-01")
    assert rows.at["FRA", "out_from"] == DAY("2020-12-31")


def _derived():
    return _bounded(
        [
            spell("AU", "KEN", "2002-07-09"),
            spell("AU", "MAR", "2017-01-31"),
            spell("AU", "SDN", "2002-07-09"),
            spell("AU", "SDN", "2019-06-06", "2019-09-06", status="suspended"),
            spell("AU", "XXX", "2002-07-09", "2010-01-01"),  # gone before AFRIPOL existed
            spell("AFRIPOL", "KEN", derived_from="AU", is_derived=True),
            spell("AFRIPOL", "MAR", derived_from="AU", is_derived=True),
            spell("AFRIPOL", "SDN", derived_from="AU", is_derived=True),
            spell("AFRIPOL", "XXX", derived_from="AU", is_derived=True),
        ]
    )


def test_derived_rows_take_the_parents_dates_cut_at_the_founding():
    out = spells.derive(_derived(), _bodies())
    afripol = out[out["body_id"] == "AFRIPOL"].set_index(["country_iso3", "status"])
    assert afripol.at[("KEN", "member"), "joined"] == DAY("2014-02-10")
    assert afripol.at[("KEN", "member"), "confirmed_from"] == DAY("2014-02-11")
    assert afripol.at[("MAR", "member"), "possible_from"] == DAY("2017-01-31")
    assert afripol.at[("SDN", "suspended"), "confirmed_until"] == DAY("2019-09-06")
    assert "XXX" not in afripol.index.get_level_values(0)
    assert afripol["source_id"].eq("src-members").all()


def test_a_derived_row_with_its_own_left_ends_there():
    rows = _derived()
    rows.loc[rows["body_id"].eq("AFRIPOL") & rows["country_iso3"].eq("KEN"), "left"] = DAY(
        "2020-01-01"
    )
    out = spells.derive(rows, _bodies())
    kenya = out[out["country_iso3"] == "KEN"].set_index("body_id")["confirmed_until"]
    assert kenya["AFRIPOL"] == DAY("2020-01-01")
    assert pd.isna(kenya["AU"])


def test_a_derived_row_without_a_parent_row_is_an_orphan():
    rows = _derived()
    rows = rows[~(rows["body_id"].eq("AU") & rows["country_iso3"].eq("KEN"))]
    assert list(spells.orphans(rows)["country_iso3"]) == ["KEN"]
