"""Body charts on the tiny dataset: composition, founding dates and member counts."""

import numpy as np
import pytest

from dialogue_analysis import bodycharts
from tests.test_charts import render, texts, title
from tests.test_tables import tiny


@pytest.fixture
def data():
    return tiny()


def test_composition_by_type_uses_the_latest_known_list_or_the_one_asked(data):
    latest = bodycharts.composition_by_type(data.participation, data.editions, data.bodies)
    assert title(latest).startswith(
        "In 2020 (edition 4, complete list) the Dialogue had 3 members and 0 observers; "
        "2 of the members are regional police organisations"
    )
    third = bodycharts.composition_by_type(data.participation, data.editions, data.bodies, 3)
    assert title(third).startswith(
        "In 2019 (edition 3, standing composition) the Dialogue had 3 members and 1 observer"
    )
    names = texts(third)
    assert "GCCPOL (Gulf) ?" in names  # low confidence
    assert "UNODC (Global, observer)" in names


def test_founding_timeline_precision_and_unknown(data):
    fig = bodycharts.founding_timeline(data.bodies)
    assert title(fig) == (
        "INTERPOL (Sep 1923) is the oldest Dialogue body and AFRIPOL (2014) the youngest; "
        "1 founding date unknown"
    )
    labels = texts(fig)
    assert {"Sep 1923", "26 Oct 2004", "1997 ?", "2014", "founding date unknown"} <= set(labels)
    ax = fig.axes[0]
    spans = sorted(round(p.get_width(), 2) for p in ax.patches)
    assert spans == [0.08, 1.0, 1.0]  # a month and two years drawn as spans
    assert len(ax.collections[0].get_offsets()) == 1  # the one exact day is a dot


def test_member_count_steps_on_known_dates(data):
    fig = bodycharts.member_count_over_time(data.memberships, "GCCPOL", bodies=data.bodies)
    line = fig.axes[0].lines[0]
    days = np.asarray(line.get_xdata(), dtype="datetime64[D]").astype(str)
    counts = dict(zip(days, line.get_ydata(), strict=True))
    assert counts["2001-06-15"] == 4 and counts["2017-06-09"] == 5 and counts["2019-01-01"] == 4
    assert title(fig) == "GCCPOL had 4 member countries by 2022 (joining dates unknown for 1)"
    windowed = bodycharts.member_count_over_time(
        data.memberships, "GCCPOL", "2018-01-01", "2021-01-01"
    )
    assert list(windowed.axes[0].lines[0].get_ydata()) == [5, 4, 4]


def test_member_count_says_derived_and_draws_snapshots(data):
    derived = bodycharts.member_count_over_time(data.memberships, "FRONTEX", bodies=data.bodies)
    assert "derived from EU roster" in title(derived)
    snaps = bodycharts.member_count_over_time(data.memberships, "AFRIPOL", bodies=data.bodies)
    assert title(snaps) == "AFRIPOL: the largest snapshot (Aug 2020) names 2 member countries"
    legend = [t.get_text() for t in snaps.axes[0].get_legend().get_texts()]
    assert any(text.startswith("snapshot") for text in legend)


def test_member_count_of_a_body_without_members_says_so(data):
    fig = bodycharts.member_count_over_time(data.memberships, "UNODC", bodies=data.bodies)
    assert title(fig) == "UNODC is a UN office with no member list in the dataset"
    render(fig)
