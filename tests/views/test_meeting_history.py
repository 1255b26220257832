"""The meeting-history charts on the tiny dataset: titles state computed facts, cells and counts
are drawn right. Every chart of every view is checked here for the shared frame ``style`` gives it.
"""

import base64
import dataclasses
import io

import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from PIL import Image

from dialogue_analysis.analysis import meetings
from dialogue_analysis.data.vocabulary import MARKS
from dialogue_analysis.views import body_profile, meeting_history, membership, style
from tests.fixtures import meeting, table, tiny

LOW = MARKS["low_confidence"].symbol


@pytest.fixture
def data():
    return tiny()


def title(fig: Figure) -> str:
    return fig.get_suptitle().replace("\n", " ")


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def render(fig: Figure) -> Image.Image:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return Image.open(buf)


def test_every_chart_is_a_headless_figure_with_title_axes_labels_and_source(data):
    figs = [
        meeting_history.meeting_timeline(data),
        meeting_history.meetings_by_host(data),
        meeting_history.edition_intervals(data),
        meeting_history.participation_heatmap(data),
        membership.composition_by_type(data),
        membership.founding_timeline(data),
        body_profile.member_count_over_time(data, "GCCPOL"),
    ]
    for fig in figs:
        assert isinstance(fig, Figure)
        assert fig.get_suptitle() and fig.get_supxlabel() == style.SOURCE_LINE
        assert fig.axes[0].get_xlabel() and fig.axes[0].get_ylabel()
        assert fig.get_figwidth() == style.WIDTH and fig.dpi == style.DPI
        image = render(fig)
        assert image.mode == "P" and 850 <= image.width <= 950  # palette PNG, report width


def test_timeline_title_counts_meetings_by_format(data):
    fig = meeting_history.meeting_timeline(data)
    assert title(fig) == (
        "The Dialogue met 4 times between 2016 and 2020: 3 in person, 1 online; "
        "a working-group meeting is recorded in 2023"
    )
    labels = texts(fig)
    assert f"4 · online\nINTERPOL {LOW}" in labels  # virtual, and the edition is low confidence
    assert "WG · Lyon\nGCCPOL" in labels
    without = meeting_history.meeting_timeline(data, False)
    assert "working group" not in title(without)
    assert not any(label.startswith("WG") for label in texts(without))


def test_meetings_by_host_counts_hosts(data):
    fig = meeting_history.meetings_by_host(data)
    assert title(fig) == "INTERPOL hosted or co-hosted 4 of the 5 meetings; GCCPOL one"
    widths = sorted(p.get_width() for p in fig.axes[0].patches if p.get_width() > 0)
    assert widths == [1, 4]


def test_edition_intervals_in_months_and_uncertain_gap_hollow(data):
    fig = meeting_history.edition_intervals(data)
    assert title(fig) == (
        "Editions came 11 to 25 months apart; the longest gap was between the 2nd (May 2017) "
        "and the 3rd (Jun 2019)"
    )
    bars = fig.axes[0].patches
    assert [b.get_height() for b in bars] == [14, 25, 11]
    # Edition 4 is low confidence: its gap is hollow and marked.
    assert [to_hex(b.get_facecolor()) for b in bars] == [style.BLUE.lower()] * 2 + ["#ffffff"]
    assert f"11 months {LOW}" in texts(fig)


def test_heatmap_categories_not_reported_differs_from_absent_and_host_wins(data):
    fig = meeting_history.participation_heatmap(data)
    ax = fig.axes[0]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    mesh = ax.collections[0].get_array().reshape(len(rows), 4)
    code = {c: i for i, c in enumerate(meetings.CATEGORIES)}
    row = {name: i for i, name in enumerate(rows)}
    assert mesh[row["INTERPOL"], 2] == code["host"]  # host and member in edition 3
    assert mesh[row["Frontex"], 0] == code["not reported"]  # partial list
    assert mesh[row["UNODC"], 3] == code["absent"]  # complete list
    assert style.CATEGORY_COLOURS["not reported"] != style.CATEGORY_COLOURS["absent"]
    hatched = [p for p in ax.patches if p.get_gid() == "not-reported"]
    assert len(hatched) == 5 and all(p.get_hatch() for p in hatched)
    assert {(p.get_x(), p.get_y()) for p in hatched} >= {(0, row["Frontex"])}
    assert texts(fig) == [LOW]  # GCCPOL's low-confidence membership in edition 3; medium unmarked
    assert "5 bodies appear in the numbered editions; the participant lists of 2 of the 4" in (
        title(fig)
    )


def test_charts_display_as_png_with_their_title_as_alt_text(data):
    fig = meeting_history.meeting_timeline(data)
    bundle, metadata = fig._repr_mimebundle_()
    png = base64.b64decode(bundle["image/png"])
    assert Image.open(io.BytesIO(png)).format == "PNG"
    title = fig.get_suptitle().replace("\n", " ")
    assert metadata["image/png"]["alt"].replace("\n", " ") == title
    assert "met" in title


def test_working_group_meetings_are_worded_from_their_sources(data):
    later = meetings_table_with(
        data, "WG-2025", "2025-02-19", name_used="Working Group (first meeting)"
    )
    assert meeting_history.working_group_words(later) == (
        "working-group meetings are recorded in 2023 and 2025; the 2025 source calls its "
        "meeting the group's first"
    )
    assert "the group met" not in meeting_history.finding_meetings(later)
    assert meeting_history.finding_meetings(later).endswith(
        "Working-group meetings are recorded in Jul 2023 (Lyon) and Feb 2025 (place not stated); "
        "the 2025 source calls its meeting the group's first."
    )


@pytest.mark.parametrize(
    ("precision", "written"), [("day", "Mar 2016"), ("month", "Mar 2016"), ("year", "2016")]
)
def test_meeting_findings_never_write_a_month_the_source_does_not_give(data, precision, written):
    editions = data.editions.assign(
        date_precision=data.editions["date_precision"].mask(
            data.editions["edition"] == "1", precision
        )
    )
    found = meeting_history.finding_meetings(dataclasses.replace(data, editions=editions))
    assert found.startswith(f"The first edition met in Singapore in {written};")


def meetings_table_with(data, edition, day, **more):
    """``data`` with one more working-group meeting, place and format not stated."""
    row = table("editions", [meeting(edition, None, day, None, "not_stated", "partial", **more)])
    editions = pd.concat([data.editions, row], ignore_index=True)
    return dataclasses.replace(data, editions=editions.reset_index(drop=True))
