"""The country profile's findings, charts, tables and cache inputs."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dialogue_analysis.analysis import countries
from dialogue_analysis.analysis.bodies import acronym
from dialogue_analysis.analysis.resolve import latest_day
from dialogue_analysis.data.countries import country_name
from dialogue_analysis.views import country_profile as view
from dialogue_analysis.views.tables import to_html
from dialogue_analysis.views.words import date_at, markdown_safe
from tests.conftest import COUNTRY_SAMPLE


def _joined_year(data, code: str, body: str) -> str:
    rows = data.memberships.query(
        "country_iso3 == @code and body_id == @body and status == 'member'"
    )
    return str(rows["joined"].min().year)


def test_the_finding_names_each_body_and_since_when(data):
    text = view.finding(data, "KEN")
    # Before: "Kenya belongs to 2 … INTERPOL since 1968" on a low-confidence year alone.
    assert text.startswith("Kenya belongs to 1 of the Dialogue's")
    assert "AFRIPOL since 10 Feb 2014" in text  # the day AFRIPOL was founded, at its precision
    assert "its status in INTERPOL (only a low-confidence source shows it: cow" in text
    assert "AU" in text  # the parent organisation, named apart
    sets = countries.body_sets(data, "latest")
    assert f"belongs to {len(sets['KEN'])} of" in text


def test_a_country_known_only_from_dated_lists_says_so(data):
    text = view.finding(data, "USA")
    first = data.memberships.query("country_iso3 == 'USA' and body_id == 'AMERIPOL'")["as_of"].min()
    assert f"AMERIPOL listed since {first.day} {first:%b %Y}" in text


def test_a_founder_reads_since_the_founding_not_since_a_later_list(data):
    # Before: "AMERIPOL listed since 11 Aug 2020" beside a rows table saying joined 14 Nov 2007.
    for code in ("BRA", "ARG", "COL"):
        assert "AMERIPOL since 14 Nov 2007" in view.finding(data, code), code


def test_a_low_confidence_start_is_said(data):
    # Before: "INTERPOL since 1923", resting on a low-confidence year, said nothing of it.
    text = view.finding(data, "USA")
    assert (
        "INTERPOL confirmed since 13 Jun 1956 (the start, 1923, rests on a low-confidence" in text
    )
    assert "another source says 1938" in text


def test_a_suspension_in_force_is_said_in_the_finding_and_the_edition_table(data):
    # Before: "AFRIPOL confirmed since 11 Feb 2014 (start not known)", no word of a suspension.
    text = view.finding(data, "SDN")
    assert "(start not known; suspended since 27 Oct 2021, still counted as a member)" in text
    table = view.coverage_table(data, "SDN").set_index("Edition")
    assert "AFRIPOL" in table.at[8, "Suspended in (still counted)"]
    assert "AFRIPOL" in table.at[8, "Which"]  # still counted
    assert table.at[2, "Suspended in (still counted)"] == ""


@pytest.mark.parametrize("code", COUNTRY_SAMPLE)
def test_the_timeline_draws_every_row_and_names_the_country(data, code):
    fig = view.timeline(data, code)
    assert len(fig.data) == len(countries.spells(data, code))
    assert fig.alt_text.startswith(country_name(code))
    assert countries.spells(data, code)["body_id"].nunique() == len(fig.axes[0].get_yticks())


def test_the_locator_map_draws_a_small_state_and_names_a_country_without_shape(data):
    assert view.locator_map(data, "MCO").not_drawn == ()
    assert maps_not_drawn("ZZZ") == ("ZZZ",)


def maps_not_drawn(code: str) -> tuple:
    from dialogue_analysis.views import maps

    return maps.locator_map(code, title="t").not_drawn


def test_peers_link_every_country_to_its_profile(data):
    text = view.peers(data, "SYR")
    linked = re.findall(r"\(country_profile_([A-Z]{3})\.html\)", text)
    assert sorted(linked) == sorted(countries.same_set(data, "SYR", "latest")["country_iso3"])
    sets = countries.body_sets(data, "latest")
    alone = sets[~sets.duplicated(keep=False) & sets.map(bool)].index[0]
    assert view.peers(data, alone).endswith(".")  # no peers: one sentence, no list


def test_coverage_table_shows_the_place_and_counts(data):
    table = view.coverage_table(data, "KEN")
    assert "Place" in table and "online" in set(table["Place"])  # the virtual 4th edition
    html = to_html(table)
    assert "not known" not in html


def test_spells_table_shows_dates_at_their_precision(data):
    table = view.spells_table(data, "KEN")
    interpol = table[table["Body"] == "INTERPOL"].iloc[0]
    assert interpol["Joined"] == _joined_year(data, "KEN", "INTERPOL")  # a year stays a year


def test_sources_are_those_of_the_countrys_rows(data):
    table = view.sources(data, "KEN")
    rows = data.memberships[data.memberships["country_iso3"] == "KEN"]
    cited = set(rows["source_id"].dropna())
    for more in rows["more_source_ids"].dropna():
        cited |= {s.strip() for s in more.split(";") if s.strip()}
    assert set(table["source_id"]) == cited


def test_the_finding_says_the_last_day_inside_a_body_left(data):
    # Before: "left … Frontex on 1 Feb 2020", the first day outside printed as the day of leaving.
    text = view.finding(data, "GBR")
    rows = data.memberships.query("country_iso3 == 'GBR' and body_id == 'EUROPOL'")
    assert rows["left"].max() == pd.Timestamp("2021-01-01")  # the data: the first day outside
    assert "Europol on 31 Dec 2020" in text
    assert "Frontex on 31 Jan 2020" in text
    assert "belongs to 1 of" in text and "INTERPOL since" in text
    assert "EU (left on 31 Jan 2020)" in text  # a parent organisation it left, named with the day
    assert view.spells_table(data, "GBR").set_index("Body").at["EU", "Last day in"] == "31 Jan 2020"


def _shown_dates(table: pd.DataFrame, body: str) -> set[str]:
    rows = table[table["Body"] == body]
    return set(rows["Joined"]) | set(rows["Listed on"]) | set(rows["Confirmed from"])


@pytest.fixture(scope="module")
def pages(data) -> dict[str, tuple]:
    """Every country in the data: its finding, the frame it is written from, its rows table and
    its coverage on the latest day (the edition table's rule)."""
    day = latest_day(data)
    codes = list(countries.roster_countries(data)["country_iso3"])
    return {
        code: (
            view.finding(data, code),
            view.finding_facts(data, code),
            view.spells_table(data, code),
            countries.coverage_on(data, code, pd.Series([day])).iloc[0],
        )
        for code in codes
    }


def test_every_finding_agrees_with_its_own_page_tables(data, pages):
    """Every country in the data: the finding's bodies, statuses and days are the tables'."""
    assert len(pages) > 190
    for code, (text, facts, table, cover) in pages.items():
        mine = facts[facts["is_dialogue_body"]]
        sure = mine[mine["state"] == "confirmed"]
        assert sorted(sure["body_id"]) == sorted(cover["body_ids"]), code
        assert sorted(mine.loc[mine["state"] == "unknown", "body_id"]) == sorted(
            cover["unknown_body_ids"]
        ), code
        assert sorted(sure.loc[sure["is_suspended"], "body_id"]) == sorted(
            cover["suspended_body_ids"]
        ), code
        assert f"belongs to {cover['n_bodies'] or 'none'} of" in text, code
        for fact in sure.itertuples():
            name = markdown_safe(acronym(data, fact.body_id))
            since = date_at(fact.since, fact.since_precision)
            assert f"{name} " in text and since in text, (code, fact.body_id)
            assert since in _shown_dates(table, acronym(data, fact.body_id)), (code, since)
            if fact.status == "partial":
                assert f"{name} (partially)" in text, code
        for fact in mine[mine["state"] == "unknown"].itertuples():
            assert markdown_safe(acronym(data, fact.body_id)) in text, code


def test_no_finding_shows_a_day_for_a_year_or_month_fact(pages):
    checked = 0
    for code, (text, facts, _, _) in pages.items():
        sure = facts[facts["is_dialogue_body"] & (facts["state"] == "confirmed")]
        for day, precision in zip(sure["since"], sure["since_precision"], strict=True):
            if precision in ("year", "month"):
                first, last = pd.Timestamp(day), period_end_of(pd.Timestamp(day), precision)
                assert date_at(first) not in text and date_at(last) not in text, (code, day)
                assert date_at(day, precision) in text, (code, day)
                checked += 1
    assert checked  # the data has such facts (INTERPOL's join years, AMERIPOL's 2022 list)


def period_end_of(day: pd.Timestamp, precision: str) -> pd.Timestamp:
    return day + (pd.offsets.YearEnd(0) if precision == "year" else pd.offsets.MonthEnd(0))


def test_a_low_confidence_list_is_unknown_in_the_edition_table_and_says_why(data):
    # Before: Nicaragua counted in AMERIPOL at editions 1-4 on one low-confidence report.
    table = view.coverage_table(data, "NIC").set_index("Edition")
    for number in (1, 2, 3, 4):
        assert "AMERIPOL" not in table.at[number, "Which"]
        assert "AMERIPOL (low-confidence source only)" in table.at[number, "Status unknown in"]
    assert "AMERIPOL" in table.at[5, "Which"]  # a medium-confidence list of 11 Aug 2020
