"""Overlap charts and coverage tables on the shipped data: titles state what the frames say."""

import io

import numpy as np
import pandas as pd

from dialogue_analysis import coverage, coveragetables, membership_changes, overlap_matrix
from dialogue_analysis.overlapcharts import (
    body_world_map,
    coverage_histogram,
    coverage_world_map,
    overlap_heatmap,
    overlaps_with,
)
from dialogue_analysis.overlaps import rosters
from tests.test_charts import texts, title

DAY = pd.Timestamp("2019-06-12")


def png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def test_heatmap_cells_are_the_matrix_and_labels_carry_roster_marks(data):
    counts, table = overlap_matrix(DAY, data=data), rosters(DAY, data)
    fig = overlap_heatmap(counts, table, DAY)
    cells = texts(fig)
    assert len(cells) == counts.size
    assert cells.count("6") >= 2  # GCCPOL x AIMC, both ways
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "AFRIPOL*" in labels and "AMERIPOL?°" in labels and "GCCPOL" in labels
    assert "Europol and Frontex shared the most (27)" in title(fig)
    assert "roster taken from its parent organisation" in fig.axes[0].get_xlabel()


def test_histogram_title_counts_match_coverage(data):
    table = coverage(DAY, data)
    fig = coverage_histogram(table, DAY, 10)
    three = int((table["n_bodies"] >= 3).sum())
    alone = int(table["is_interpol_only"].sum())
    assert title(fig).startswith(
        f"On 12 June 2019, {three} countries were covered by three or more Dialogue bodies, "
        f"{alone} by INTERPOL alone"
    )
    bars = [p.get_height() for p in fig.axes[0].patches]
    assert sum(bars) == len(table)


def test_overlaps_with_one_body(data):
    counts, table = coveragetables.overlap_frames("GCCPOL", DAY, data)
    fig = overlaps_with(counts, table, "GCCPOL", DAY)
    assert "GCCPOL shared member countries with 2 other bodies" in title(fig)
    assert "6 of 21" in texts(fig)  # the six Gulf states of AIMC's 21
    shared = coveragetables.shared_countries("GCCPOL", DAY, data)
    assert set(shared["Other body"]) == {"AIMC*", "INTERPOL?"}
    assert (shared["Which (ISO 3166)"] == "ARE, BHR, KWT, OMN, QAT, SAU").all()


def test_a_parent_body_is_profiled_against_the_dialogue_bodies(data):
    counts, _ = coveragetables.overlap_frames("GCC", DAY, data)
    assert counts.at["GCC", "GCCPOL"] == 6 and "GCC" in counts.index


def test_charts_are_byte_identical_when_drawn_twice(data):
    counts, table = overlap_matrix(DAY, data=data), rosters(DAY, data)
    assert png(overlap_heatmap(counts, table, DAY)) == png(overlap_heatmap(counts, table, DAY))


def test_tables_for_the_report(data):
    table = coverage(DAY, data)
    labels = rosters(DAY, data).set_index("body_id")["label"]
    alone = coveragetables.interpol_only(table)
    assert "Australia" in set(alone["Country"])
    three = coveragetables.covered_by_at_least(table, 3, labels)
    assert (three["Bodies"] >= 3).all()
    egypt = three[three["ISO 3166"] == "EGY"].iloc[0]
    assert egypt["Through a derived or low-confidence roster"] == "AFRIPOL*, AIMC*"
    changes = membership_changes(DAY, "2024-10-09", data)
    shown = coveragetables.changes(changes, labels)
    iran = shown[(shown["Country"] == "Iran") & (shown["Body"] == "SCO")].iloc[0]
    assert (iran["Change"], iran["Date"]) == ("joined", "2023-07-04")
    undated = shown[shown["Body"] == "AMERIPOL?°"]
    assert (undated["Date"] == "between the two days").all()
    finding = coveragetables.changes_finding(changes, DAY, pd.Timestamp("2024-10-09"))
    assert finding.startswith(
        f"Between 12 June 2019 and 9 October 2024: {np.sum(changes['change'] == 'joined')} joins"
    )


def test_intro_says_what_is_not_counted(data):
    text = coveragetables.intro(coverage(DAY, data), rosters(DAY, data), DAY, data)
    assert "CARICOM IMPACS and UNODC have no member list" in text
    assert "AFRIPOL from AU" in text


def test_coverage_world_map_states_the_counts_and_draws_every_country(data):
    table, table_rosters = coverage(DAY, data), rosters(DAY, data)
    fig = coverage_world_map(table, table_rosters, DAY, data)
    covered = int((table["n_bodies"] > 0).sum())
    most = int(table["n_bodies"].max())
    top = int((table["n_bodies"] == most).sum())
    assert title(fig) == (
        f"On 12 June 2019, the Dialogue's bodies covered {covered} countries; "
        f"{top} were covered by {most} bodies, the most"
    )
    assert fig.not_drawn == ()  # every country the data names has a shape or a point
    note = fig.axes[0].get_xlabel().replace("\n", " ")
    assert "Not counted, no member list in the data: CARICOM IMPACS and UNODC" in note


def test_body_world_map_by_status_with_derived_roster_said(data):
    fig = body_world_map("AFRIPOL", DAY, data)
    assert title(fig) == "AFRIPOL on 12 June 2019: 55 members"
    assert "Roster taken from the members of AU" in fig.axes[0].get_xlabel().replace("\n", " ")
    ameripol = title(body_world_map("AMERIPOL", pd.Timestamp("2024-10-09"), data))
    assert "observers" in ameripol and "uncertain (low confidence)" in ameripol
