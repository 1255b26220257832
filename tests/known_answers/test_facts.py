"""Known answers: the shipped dataset against the 2019 press release and the fact sheets."""

import pandas as pd
import pytest

from dialogue_analysis import members, participants


def edition(data, key: str) -> pd.Series:
    return data.editions.set_index("edition").loc[key]


def roles(data, key: str) -> dict[str, set[str]]:
    rows = participants(key, data)
    return {role: set(group["body_id"]) for role, group in rows.groupby("role")}


@pytest.mark.parametrize(
    ("key", "start", "end", "city", "iso3"),
    [
        # Press release of 12 June 2019: the third edition and the two before it.
        ("1", "2016-03-15", "2016-03-16", "Singapore", "SGP"),
        ("2", "2017-05-03", "2017-05-04", "Lyon", "FRA"),
        ("3", "2019-06-12", "2019-06-13", "Lyon", "FRA"),
        # Fact sheets.
        ("4", "2020-05-20", "2020-05-20", None, None),
        ("5", "2021-10-27", "2021-10-28", "Tunis", "TUN"),
        ("6", "2022-12-08", "2022-12-09", "New York", "USA"),
        ("7", "2023-10-25", "2023-10-26", "Abu Dhabi", "ARE"),
        ("8", "2024-10-09", "2024-10-10", "Bridgetown", "BRB"),
    ],
)
def test_edition_dates_and_places(data, key, start, end, city, iso3):
    row = edition(data, key)
    assert row["start_date"] == pd.Timestamp(start)
    assert row["end_date"] == pd.Timestamp(end)
    assert row["date_precision"] == "day"
    assert (None if pd.isna(row["city"]) else row["city"]) == city
    assert (None if pd.isna(row["country_iso3"]) else row["country_iso3"]) == iso3


def test_eight_numbered_editions_and_two_working_groups(data):
    kinds = data.editions.groupby("kind")["edition"].apply(sorted).to_dict()
    assert kinds == {
        "edition": [str(n) for n in range(1, 9)],
        "working_group": ["WG-2023", "WG-2025"],
    }
    assert data.editions.loc[data.editions["kind"] == "edition", "number"].tolist() == list(
        range(1, 9)
    )


def test_venues_named_by_the_press_release(data):
    assert "Global Complex for Innovation" in edition(data, "1")["venue"]
    assert "General Secretariat" in edition(data, "2")["venue"]


def test_formats(data):
    formats = data.editions.set_index("edition")["format"]
    assert formats["4"] == "virtual"
    assert formats["5"] == "hybrid"
    assert (formats[["1", "2", "3", "6", "7", "8"]] == "in_person").all()


def test_2019_nine_members_and_two_observers(data):
    got = roles(data, "3")
    assert got["member"] == {
        "AFRIPOL",
        "AMERIPOL",
        "ASEANAPOL",
        "AIMC",
        "ECO",
        "EUROPOL",
        "FRONTEX",
        "GCCPOL",
        "INTERPOL",
    }
    assert got["observer"] == {"SCO", "UNODC"}
    assert (participants(3, data)["source_id"] == "interpol-2019-06-12").all()
    assert edition(data, "3")["participant_list"] == "composition"


def test_2017_frontex_and_unodc_observe(data):
    assert roles(data, "2")["observer"] == {"FRONTEX", "UNODC"}
    assert "FRONTEX" not in roles(data, "2").get("member", set())


def test_2020_eight_members_and_two_observers(data):
    got = roles(data, "4")
    assert got["member"] == {
        "AFRIPOL",
        "AIMC",
        "AMERIPOL",
        "ASEANAPOL",
        "ECO",
        "EUROPOL",
        "FRONTEX",
        "GCCPOL",
    }
    assert got["observer"] == {"SCO", "UNODC"}


@pytest.mark.parametrize(
    ("key", "role", "hosts"),
    [
        ("5", "host", {"AIMC"}),
        ("7", "host", {"GCCPOL"}),
        ("8", "co_host", {"INTERPOL", "CARICOM_IMPACS"}),
        ("1", "host", {"INTERPOL"}),
    ],
)
def test_hosts(data, key, role, hosts):
    got = roles(data, key)
    assert got[role] == hosts
    assert not ({"host", "co_host"} - {role}) & set(got)


def test_partial_lists_do_not_claim_completeness(data):
    lists = data.editions.set_index("edition")["participant_list"]
    # 2016 names its participants "including ..."; 2022's are not known at all.
    assert lists["1"] == "partial"
    assert lists["6"] == "unknown"
    assert set(roles(data, "6")) == {"host"}


def test_ecopol_is_read_as_eco(data):
    row = data.participation.query("edition == '1' and body_id == 'ECO'")
    assert row["name_as_written"].str.contains("ECOPOL").all() and len(row) == 1


def test_interpol_member_counts_match_the_fact_sheet(data):
    # facts.md §5: 194 members in June 2019, 195 after Micronesia (2021-11-23), 196 after Palau.
    # 112 of them rest on low-confidence rows alone: unknown, not confirmed (before: confirmed).
    for day, expected in (("2019-06-12", 194), ("2022-01-01", 195), ("2025-02-01", 196)):
        either = members("INTERPOL", day, data, unknown=True)
        assert len(either) == expected
        assert (either["certainty"] == "confirmed").sum() == expected - 112


def test_sco_roster_over_time(data):
    assert len(members("SCO", "2019-06-12", data)) == 8
    assert "IRN" not in set(members("SCO", "2023-07-03", data)["country_iso3"])
    assert "IRN" in set(members("SCO", "2023-07-04", data)["country_iso3"])
    assert "BLR" in set(members("SCO", "2024-07-04", data)["country_iso3"])
    assert len(members("SCO", "2025-01-01", data)) == 10


def test_uk_leaves_europol_and_denmark_is_not_a_member_in_2019(data):
    def europol(day):
        return set(members("Europol", day, data)["country_iso3"])

    assert "GBR" in europol("2019-06-12")
    assert "GBR" not in europol("2021-06-01")
    assert "DNK" not in europol("2019-06-12")


def test_gcc_states_in_gccpol(data):
    assert set(members("GCC-POL", "2019-06-12", data)["country_iso3"]) == {
        "BHR",
        "KWT",
        "OMN",
        "QAT",
        "SAU",
        "ARE",
    }


def test_afripol_roster_is_derived_from_the_au(data):
    rows = members("AFRIPOL", "2019-06-12", data)
    assert rows["is_derived"].all() and (rows["derived_from"] == "AU").all()


def test_unodc_has_no_member_list(data):
    assert not (data.memberships["body_id"] == "UNODC").any()


def test_every_fact_row_cites_a_known_source(data):
    known = set(data.sources["source_id"])
    for name in ("editions", "bodies", "participation", "memberships"):
        assert set(getattr(data, name)["source_id"]) <= known, name


def test_press_release_is_stored_verbatim(data):
    row = data.sources.set_index("source_id").loc["interpol-2019-06-12"]
    assert row["text_file"] == "interpol-2019-06-12.txt"
    assert row["published"] == pd.Timestamp("2019-06-12")


def test_conflicts_keep_both_values(data):
    conflicts = data.conflicts.set_index(["table", "key", "column"])
    assert ("editions", "4", "dates") in conflicts.index
    assert ("bodies", "ASEANAPOL", "founded") in conflicts.index


def test_ameripol_snapshots_keep_each_countrys_last_known_status(data):
    rows = data.memberships.query("body_id == 'AMERIPOL'")
    nov_2023 = set(rows.loc[rows["as_of"] == pd.Timestamp("2023-11-11"), "country_iso3"])
    assert len(nov_2023) == 27  # "33 cuerpos policiales de 27 países"
    on_the_day = members("AMERIPOL", "2023-11-11", data)
    assert nov_2023 <= set(on_the_day["country_iso3"])
    # A one-country snapshot later on does not shrink the roster.
    assert len(members("AMERIPOL", "2024-06-01", data)) >= len(on_the_day)
    # A founder's dated spell (joined 14 Nov 2007) is what its membership rests on; a country
    # with only the lists, on the lists.
    spelled = set(rows.loc[rows["as_of"].isna(), "country_iso3"])
    founders = set(rows.loc[rows["joined"].notna() & rows["as_of"].isna(), "country_iso3"])
    basis = on_the_day.set_index("country_iso3")["basis"]
    assert (basis[sorted(nov_2023 - spelled)] == "snapshot").all()
    assert (basis[sorted(nov_2023 & founders)] == "row").all()
