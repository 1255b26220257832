"""Overlap charts and coverage tables on the shipped data: titles state what the frames say."""

import io

import numpy as np
import pandas as pd

from dialogue_analysis import coverage, membership_changes, overlap_matrix
from dialogue_analysis.data.vocabulary import MARKS
from dialogue_analysis.views import body_profile
from dialogue_analysis.views import coverage as view
from tests.views.test_meeting_history import texts, title

DAY = pd.Timestamp("2019-06-12")


def png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def test_heatmap_cells_are_the_matrix_and_labels_carry_roster_marks(data):
    counts = overlap_matrix(DAY, data=data)
    fig = view.overlap_heatmap(data, DAY)
    cells = texts(fig)
    assert len(cells) == counts.size
    assert cells.count("6") >= 2  # GCCPOL x AIMC, both ways
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    # In 2019 AFRIPOL's Angola rests on a low-confidence AU row (unknown: "?"); AMERIPOL's
    # confirmed members are its founders' dated rows, no longer a low-confidence list ("°").
    assert {"AFRIPOL*?", "AMERIPOL?", "GCCPOL*", "ASEANAPOL"} <= set(labels)
    assert "Europol and Frontex shared the most (27)" in title(fig)
    assert MARKS["derived"].key() in fig.axes[0].get_xlabel().replace("\n", " ")


def test_histogram_title_counts_match_coverage(data):
    table = coverage(DAY, data)
    fig = view.histogram(data, DAY)
    three = int((table["n_bodies"] >= 3).sum())
    one = int((table["n_bodies"] == 1).sum())
    alone = int(table["is_interpol_only"].sum())
    assert one > alone  # Western Sahara: AFRIPOL alone, so the bar at one is not INTERPOL's
    assert title(fig).startswith(
        f"On 12 June 2019, {three} countries were covered by three or more Dialogue bodies, "
        f"{one} by one ({alone} of them by INTERPOL alone)"
    )
    bars = [p.get_height() for p in fig.axes[0].patches]
    assert sum(bars) == len(table)
    # The bar at one body reads the title's numbers, from the same frame.
    at_one = sum(p.get_height() for p in fig.axes[0].patches if round(p.get_x() + 0.4) == 1)
    assert at_one == one
    assert f"{one}\n({alone} INTERPOL alone)" in texts(fig)
    assert fig.data.loc[1].sum() == one + alone  # directly + derived, and of them INTERPOL alone
    assert "Western Sahara" in fig.axes[0].get_xlabel()  # the territories counted are named


def test_overlaps_with_one_body(data):
    fig = body_profile.overlaps_chart(data, "GCCPOL", DAY)
    assert "GCCPOL shared member countries with 2 other bodies" in title(fig)
    assert "6 of 22" in texts(fig)  # the six Gulf states of AIMC's 22 (Syria, suspended, counts)
    shared = body_profile.shared_countries(data, "GCCPOL", DAY)
    # INTERPOL: only Saudi Arabia rests on more than a low-confidence source (before this rule,
    # all six Gulf states counted; Bahrain's row copies INTERPOL's table from a third-party host);
    # "?": some members are unknown.
    which = shared.set_index("Other body")["Which (ISO 3166)"]
    assert which.to_dict() == {"AIMC*": "ARE, BHR, KWT, OMN, QAT, SAU", "INTERPOL?": "SAU"}


def test_a_parent_body_is_profiled_against_the_dialogue_bodies(data):
    fig = body_profile.overlaps_chart(data, "GCC", DAY)
    assert "6 of 6" in texts(fig)  # GCCPOL's six states, all in the GCC
    shared = body_profile.shared_countries(data, "GCC", DAY).set_index("Other body")
    assert shared.at["GCCPOL*", "Shared countries"] == 6


def test_charts_are_byte_identical_when_drawn_twice(data):
    assert png(view.overlap_heatmap(data, DAY)) == png(view.overlap_heatmap(data, DAY))


def test_tables_for_the_report(data):
    alone = view.interpol_only(data, DAY)
    assert "Australia" in set(alone["Country"])
    three = view.covered_by_at_least(data, DAY, 3)
    assert (three["Bodies"] >= 3).all()
    egypt = three[three["ISO 3166"] == "EGY"].iloc[0]
    assert egypt["Through a derived roster"] == "AFRIPOL*?, AIMC*"  # AFRIPOL: Angola unknown
    changes = membership_changes(DAY, "2024-10-09", data)
    shown = view.changes(data, DAY, "2024-10-09")
    iran = shown[(shown["Country"] == "Iran") & (shown["Body"] == "SCO")].iloc[0]
    assert (iran["Change"], iran["Date"]) == ("joined", "4 Jul 2023")  # at its precision
    # "?": INTERPOL has members of unknown status (low-confidence join years alone).
    palau = shown[(shown["Country"] == "Palau") & (shown["Body"] == "INTERPOL?")].iloc[0]
    assert palau["Date"] == "29 Nov 2023"  # the General Assembly's vote, not 1 January
    # AMERIPOL's listed countries are unknown in 2019 (before their first sure list): no change
    # is asserted for them; a change only a dated list shows is dated "between the two days".
    assert not shown["Body"].str.startswith("AMERIPOL").any()
    syria = shown[(shown["Country"] == "Syria") & (shown["Body"] == "AIMC*")].iloc[0]
    assert syria["Date"] == "between the two days"
    # The UK left Europol on 31 Dec 2020 (the data's first day outside is 1 Jan 2021).
    uk = shown[(shown["Country"] == "United Kingdom") & (shown["Body"] == "Europol*")].iloc[0]
    assert (uk["Change"], uk["Date"]) == ("left", "31 Dec 2020 (last day in)")
    finding = view.changes_finding(data, "2024-10-09", DAY)  # either order
    assert finding.startswith(
        f"Between 12 June 2019 and 9 October 2024: {np.sum(changes['change'] == 'joined')} joins"
    )


def test_intro_says_what_is_counted_and_what_is_not(data):
    text = view.intro(data, DAY)
    assert text.startswith(
        "Of the 13 organisations that took part in the Dialogue (INTERPOL included), 10 have a "
        "member list and are counted: AFRIPOL, AIMC, AMERIPOL, ASEANAPOL, ECO, Europol, Frontex, "
        "GCCPOL, INTERPOL and SCO."
    )
    assert "The GCC is counted through GCCPOL, whose roster is the GCC's members." in text
    assert "CARICOM IMPACS and UNODC have no member list in the data and are not counted" in text
    # 31 countries are covered only by INTERPOL on low-confidence rows alone (a join year, or a
    # copy of INTERPOL's table): unknown, not covered (before the status rule: 195).
    assert "covered 164 of the 198 countries and territories the rosters in the data name" in text
    assert "5 of them territories" in text and "Puerto Rico" in text and "Western Sahara" in text
    assert "AFRIPOL from AU" in text


def test_coverage_world_map_states_the_counts_and_draws_every_country(data):
    table = coverage(DAY, data)
    fig = view.world_map(data, DAY)
    covered = int((table["n_bodies"] > 0).sum())
    most = int(table["n_bodies"].max())
    top = int((table["n_bodies"] == most).sum())
    assert title(fig) == (
        f"On 12 June 2019, the Dialogue's bodies covered {covered} of the {len(table)} countries "
        f"and territories the data names; {top} were covered by {most} bodies, the most"
    )
    assert fig.not_drawn == ()  # every country the data names has a shape or a point
    note = fig.axes[0].get_xlabel().replace("\n", " ")
    assert "Not counted, no member list in the data: CARICOM IMPACS and UNODC" in note


def test_body_world_map_by_status_with_derived_roster_said(data):
    fig = body_profile.world_map(data, "AFRIPOL", DAY)
    # Sudan suspended; Angola's AU row is of low confidence: unknown (before: 54 members).
    assert title(fig) == "AFRIPOL on 12 June 2019: 53 members, 1 suspended member, 1 status unknown"
    assert "Roster taken from the members of AU" in fig.axes[0].get_xlabel().replace("\n", " ")
    ameripol = title(body_profile.world_map(data, "AMERIPOL", "2024-10-09"))
    # Spain's police, on a medium source; the other observers rest on low-confidence copies.
    assert "1 observer" in ameripol
    early = body_profile.world_map(data, "AMERIPOL", DAY)
    assert "unknown" in title(early)  # undated rows first evidenced in 2020
    assert MARKS["unknown"].sentence[1:] in early.axes[0].get_xlabel().replace("\n", " ")
