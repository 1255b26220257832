"""The membership view on the tiny dataset: composition, founding dates, role changes; and the
body profiles' member-count chart."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from dialogue_analysis.data.vocabulary import MARKS
from dialogue_analysis.views import body_profile, membership
from tests.fixtures import table, tiny, took_part
from tests.views.test_meeting_history import render, texts, title


@pytest.fixture
def data():
    return tiny()


def test_composition_by_type_uses_the_latest_known_list_or_the_one_asked(data):
    latest = membership.composition_by_type(data)
    assert title(latest).startswith(
        "In 2020 (edition 4, complete list) the Dialogue had 3 members and 0 observers; "
        "2 of the members are regional police organisations"
    )
    third = membership.composition_by_type(data, 3)
    assert title(third).startswith(
        "In 2019 (edition 3, standing composition) the Dialogue had 3 members and 1 observer"
    )
    names = texts(third)
    assert f"GCCPOL (Gulf) {MARKS['low_confidence'].symbol}" in names  # low confidence
    assert "UNODC (Global, observer)" in names


def test_founding_timeline_precision_and_unknown(data):
    fig = membership.founding_timeline(data)
    assert title(fig) == (
        "INTERPOL (Sep 1923) is the oldest Dialogue body and AFRIPOL (2014) the youngest; "
        "1 founding date unknown"
    )
    labels = texts(fig)
    low = f"1997 {MARKS['low_confidence'].symbol}"
    assert {"Sep 1923", "26 Oct 2004", low, "2014", "founding date unknown"} <= set(labels)
    ax = fig.axes[0]
    spans = sorted(round(p.get_width(), 2) for p in ax.patches)
    assert spans == [0.08, 1.0, 1.0]  # a month and two years drawn as spans
    assert len(ax.collections[0].get_offsets()) == 1  # the one exact day is a dot


def test_member_count_steps_on_known_dates(data):
    fig = body_profile.member_count_over_time(data, "GCCPOL")
    line = fig.axes[0].lines[0]
    days = np.asarray(line.get_xdata(), dtype="datetime64[D]").astype(str)
    counts = dict(zip(days, line.get_ydata(), strict=True))
    # Qatar's 2017 start rests on a low-confidence row alone: unknown, not a member (before:
    # 4 members from 2017-06-09).
    assert counts["2001-06-15"] == 3 and counts["2019-01-01"] == 2 and "2017-06-09" not in counts
    assert title(fig) == (
        "GCCPOL fell from 3 to 2 confirmed member countries between 2001 and 2022 (2 more "
        "countries unknown)"
    )
    band = fig.axes[0].collections[0]  # the unknown band: SAU and QAT throughout
    assert band.get_label().startswith("status unknown")
    windowed = body_profile.member_count_over_time(data, "GCCPOL", "2018-01-01", "2021-01-01")
    assert list(windowed.axes[0].lines[0].get_ydata()) == [3, 2, 2]  # OMN out from 2019


def test_member_count_says_derived_and_counts_snapshots(data):
    derived = body_profile.member_count_over_time(data, "FRONTEX")
    assert "derived from EU roster" in title(derived)
    snaps = body_profile.member_count_over_time(data, "AFRIPOL")
    assert title(snaps) == "AFRIPOL had 2 member countries from 2020 to 2022"
    band = snaps.axes[0].collections[0]  # before the first snapshot, from the founding
    assert band.get_label().startswith("status unknown")


def test_member_count_of_a_body_without_members_says_so(data):
    fig = body_profile.member_count_over_time(data, "UNODC")
    assert title(fig) == "UNODC is a UN office with no member list in the dataset"
    render(fig)


def test_composition_changes_finds_frontex_observer_then_member(data):
    changes = membership.composition_changes(data).set_index("body_id")
    frontex = changes.loc["FRONTEX"]
    assert frontex["role_changes"] == "observer (2) → member (3)"
    assert (frontex["first_edition"], frontex["first_role"]) == (2, "observer")
    assert frontex["n_editions"] == 3  # the working group does not count
    # A role not stated ('participant') and an unlisted edition are not changes.
    assert changes.loc["GCCPOL", "role_changes"] == "none"
    assert changes.loc["INTERPOL", "first_role"] == "host"


def test_composition_changes_lists_every_change():
    rows = tiny().participation
    rows = pd.concat(
        [rows, table("participation", [took_part("4", "UNODC", "member")])], ignore_index=True
    )
    changes = membership.composition_changes(dataclasses.replace(tiny(), participation=rows))
    changes = changes.set_index("body_id")
    assert changes.loc["UNODC", "role_changes"] == "observer (3) → member (4)"
