"""The marks every chart, map legend, caption and notebook uses are the declared ones.

``vocabulary.MARKS`` declares each kind of mark once (symbol, legend words, sentence); these tests
read every legend and caption the views draw and check that a symbol always comes with its own
words, so that '?' cannot mean "low confidence" in a legend and "status unknown" in its caption.
"""

import re

import nbformat
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from dialogue_analysis.data.vocabulary import MARKS
from dialogue_analysis.paths import NOTEBOOKS_DIR
from dialogue_analysis.views import body_profile, coverage, maps, meeting_history, membership, style
from tests.fixtures import tiny

DAY = pd.Timestamp("2019-06-12")
SYMBOLS = {mark.symbol: kind for kind, mark in MARKS.items() if mark.symbol}


def legend_entries(fig: Figure) -> list[tuple[object, str]]:
    """(handle, label) of every legend entry of the figure and its axes."""
    legends = [legend for legend in (*fig.legends, *(ax.get_legend() for ax in fig.axes)) if legend]
    return [
        (handle, text.get_text())
        for legend in legends
        for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=True)
    ]


def legend_labels(fig: Figure) -> list[str]:
    return [label for _, label in legend_entries(fig)]


def drawn_symbol(handle: object) -> str | None:
    """The declared symbol a legend handle draws as its marker ('$?$' -> '?'), if any."""
    marker = handle.get_marker() if isinstance(handle, Line2D) else None
    return next((s for s, math in style.MATH_MARKS.items() if marker == math), None)


def captions(fig: Figure) -> str:
    return " ".join(ax.get_xlabel() for ax in fig.axes).replace("\n", " ")


def symbols_named(text: str) -> set[str]:
    """The declared symbols a legend entry or caption explains: '? status unknown', 'or ~:'."""
    found = re.findall(r"(?:^|[\s(;.])(\S)(?=[\s:)])", text)
    return {s for s in found if s in SYMBOLS}


def assert_marks_say_their_words(text: str) -> None:
    for symbol in symbols_named(text):
        kind = SYMBOLS[symbol]
        assert (
            f"{symbol} {MARKS[kind].words}" in text or f"{symbol}: {MARKS[kind].words}" in text
        ), f"{symbol!r} in {text!r} should read as {kind}: {MARKS[kind].words!r}"


@pytest.fixture(scope="module")
def tiny_charts() -> list[Figure]:
    data = tiny()
    return [
        meeting_history.meeting_timeline(data),
        meeting_history.meetings_by_host(data),
        meeting_history.edition_intervals(data),
        meeting_history.participation_heatmap(data),
        membership.composition_by_type(data, 3),
        membership.founding_timeline(data),
        body_profile.member_count_over_time(data, "GCCPOL"),
    ]


def assert_legend_says_declared_words(fig: Figure) -> set[str]:
    """Each entry drawing or writing a mark names it in its declared words; the marks seen."""
    seen = set()
    for handle, label in legend_entries(fig):
        assert_marks_say_their_words(label)
        symbol = drawn_symbol(handle)
        if symbol:
            assert label == MARKS[SYMBOLS[symbol]].words, (symbol, label)
        seen |= symbols_named(label) | {symbol} - {None}
    return seen


def test_every_legend_entry_gives_a_symbol_its_declared_words(tiny_charts):
    explained = set()
    for fig in tiny_charts:
        explained |= assert_legend_says_declared_words(fig)
    assert MARKS["low_confidence"].symbol in explained  # the tiny data has low-confidence rows


def test_the_coverage_map_legend_and_caption_agree_on_what_a_mark_means(data):
    fig = coverage.world_map(data, DAY)
    legend, caption = legend_labels(fig), captions(fig)
    unknown = MARKS["unknown"]
    assert MARKS["unknown"].symbol in assert_legend_says_declared_words(fig)
    assert unknown.key() in caption
    assert not any(MARKS["low_confidence"].words in text for text in [*legend, caption])
    assert_marks_say_their_words(caption)


def test_coverage_charts_explain_roster_marks_in_declared_words(data):
    for fig in (coverage.overlap_heatmap(data, DAY), body_profile.overlaps_chart(data, "AFRIPOL")):
        text = captions(fig) + " " + " ".join(t.get_text() for ax in fig.axes for t in ax.texts)
        assert MARKS["derived"].key() in text.replace("\n", " ")
    assert_legend_says_declared_words(coverage.histogram(data, DAY))


def test_a_body_map_draws_unknown_and_suspended_as_declared(data):
    fig = body_profile.world_map(data, "AMERIPOL", DAY)
    legend = legend_labels(fig)
    assert MARKS["unknown"].words in legend
    entry = fig.legends[0].legend_handles[legend.index(MARKS["unknown"].words)]
    assert entry.get_hatch() == style.MARK_STYLES["unknown"]["hatch"]
    suspended = legend_labels(body_profile.world_map(data, "AFRIPOL", DAY))
    assert MARKS["suspended"].words in suspended  # Sudan, 2019


def test_member_map_hatches_unknown_countries():
    fig = maps.member_map(pd.Series({"FRA": "member", "DEU": "unknown"}), title="t")
    hatched = [c for c in fig.axes[0].collections if c.get_hatch()]
    assert [c.get_hatch() for c in hatched] == [style.MARK_STYLES["unknown"]["hatch"]]


def test_the_confidence_scale_table_is_the_declared_one():
    from dialogue_analysis.data.vocabulary import CONFIDENCE_SCALE

    shown = membership.confidence_scale()
    assert dict(zip(shown["Confidence"], shown["What it means"], strict=True)) == CONFIDENCE_SCALE
    low = shown.set_index("Confidence").at["low", "How the reports show it"]
    assert MARKS["low_confidence"].symbol in low and MARKS["low_confidence"].words in low


@pytest.mark.parametrize("path", sorted(NOTEBOOKS_DIR.glob("*.ipynb")), ids=lambda p: p.stem)
def test_notebook_prose_names_marks_by_their_words_not_a_bare_symbol(path):
    notebook = nbformat.read(path, as_version=4)
    prose = " ".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    for symbol in SYMBOLS:
        for written in (f"'{symbol}'", f"marked {symbol}", f"“{symbol}”"):
            assert written not in prose, f"{path.name} writes {written}: name the mark's words"
