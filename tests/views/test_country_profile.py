"""The country profile's findings, charts, tables and cache inputs."""

from __future__ import annotations

import re

import pytest

from dialogue_analysis.analysis import countries
from dialogue_analysis.data.countries import country_name
from dialogue_analysis.views import country_profile as view
from dialogue_analysis.views.tables import to_html
from tests.conftest import COUNTRY_SAMPLE


def _joined_year(data, code: str, body: str) -> str:
    rows = data.memberships.query(
        "country_iso3 == @code and body_id == @body and status == 'member'"
    )
    return str(rows["joined"].min().year)


def test_the_finding_names_each_body_and_since_when(data):
    text = view.finding(data, "KEN")
    assert text.startswith("Kenya belongs to 2 of the Dialogue's")
    assert f"INTERPOL since {_joined_year(data, 'KEN', 'INTERPOL')}" in text
    assert "AFRIPOL since 10 Feb 2014" in text  # the day AFRIPOL was founded, at its precision
    assert "AU" in text  # the parent organisation, named apart
    sets = countries.body_sets(data, "latest")
    assert f"belongs to {len(sets['KEN'].split('; '))} of" in text


def test_a_country_known_only_from_dated_lists_says_so(data):
    text = view.finding(data, "USA")
    first = data.memberships.query("country_iso3 == 'USA' and body_id == 'AMERIPOL'")["as_of"].min()
    assert f"AMERIPOL listed since {first.day} {first:%b %Y}" in text


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
    assert view.peers(data, "ESH").endswith(".")  # no peers: one sentence, no list


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


def test_the_finding_says_which_bodies_a_country_left_and_when(data):
    text = view.finding(data, "GBR")
    rows = data.memberships.query("country_iso3 == 'GBR' and body_id == 'EUROPOL'")
    left = rows["left"].max()
    assert f"Europol on {left.day} {left:%b %Y}" in text
    assert "belongs to 1 of" in text and "INTERPOL since" in text
    assert "EU (left on" in text  # a parent organisation it left, named with the day
