"""The coverage report: which countries the Dialogue's bodies covered on a day, and their overlaps.

Every function takes the dataset first and the day as the notebook's parameter gives it (an ISO
date, an edition number or "latest"): the introduction, a world map of how many bodies cover each
country, a histogram of countries by that number, the overlap heatmap, and the tables (countries
per body with the marks of its roster, the countries INTERPOL alone covers, those that three or
more bodies cover, and every join and exit between two days). Bodies are labelled with their
roster marks ('*' derived from a parent organisation, '?' some countries' status unknown that
day, '°' dated snapshots), and every chart explains the marks it shows. Counts are of confirmed
members (suspended members included); a country whose status in a body is unknown that day is
not counted, and the charts show it apart.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from dialogue_analysis.analysis import overlaps
from dialogue_analysis.analysis.bodies import acronyms
from dialogue_analysis.analysis.membership import SUSPENSION_RULE
from dialogue_analysis.analysis.resolve import DateLike, as_timestamp
from dialogue_analysis.data.dataset import Dataset
from dialogue_analysis.data.vocabulary import labels as labels_of
from dialogue_analysis.views import maps
from dialogue_analysis.views.style import (
    BLACK,
    BLUE,
    LIGHT_GREY,
    PLAIN,
    ROSTER_MARKS,
    SKY_BLUE,
    SMALL,
    WHITE,
    finish,
    new_figure,
    roster_legend,
    with_roster_marks,
)
from dialogue_analysis.views.tables import as_table, country_page
from dialogue_analysis.views.words import and_join, date_labels, day_words, markdown_safe, plural

# Eight steps of one hue, white to dark blue: the Jaccard share of two rosters.
SHARE_COLOURS = ["#FFFFFF", "#E3EEF9", "#C6DBEF", "#9ECAE1", "#6BAED6", "#4292C6", "#2171B5", BLUE]
CHANGE_WORDS = {"joined": "joined", "left": "left", "status_changed": "status changed"}


def _day(data: Dataset, as_of: DateLike) -> pd.Timestamp:
    return as_timestamp(as_of, data)


def _rosters(data: Dataset, day: pd.Timestamp) -> pd.DataFrame:
    """Each counted body's roster on ``day``, with its marks and label."""
    return with_roster_marks(overlaps.rosters(day, data))


def _labels(data: Dataset, day: pd.Timestamp) -> pd.Series:
    return _rosters(data, day).set_index("body_id")["label"]


def _names(ids: pd.Series, labels: pd.Series) -> pd.Series:
    """Each list of body ids as its labels, 'AIMC, GCCPOL'."""
    mapping = labels.to_dict()
    return ids.map(lambda found: ", ".join(mapping.get(b, b) for b in found))


# --- Findings ------------------------------------------------------------------------------------


def intro(data: Dataset, as_of: DateLike) -> str:
    """What the report counts on the day, and what it cannot count."""
    day = _day(data, as_of)
    table, rosters = overlaps.coverage(day, data), _rosters(data, day)
    covered = int((table["n_bodies"] > 0).sum())
    missing = [acronyms(data)[b] for b in overlaps.bodies_without_rosters(data)]
    derived = rosters[rosters["n_derived"] > 0]
    text = (
        f"On {day_words(day)}, the {len(rosters)} Dialogue bodies with a member list covered "
        f"{plural(covered, 'country')}. "
    )
    if missing:
        text += (
            f"{and_join(missing)} {'has' if len(missing) == 1 else 'have'} no member list "
            "in the data and are not counted (UNODC is a UN office: none exists). "
        )
    unknown = int((table["n_unknown"] > 0).sum())
    if unknown:
        text += (
            f"{plural(unknown, 'country')} {'has' if unknown == 1 else 'have'} an unknown status "
            "in at least one body that day (no dated source shows it) and "
            f"{'is' if unknown == 1 else 'are'} not counted there (marked ?). "
        )
    text += SUSPENSION_RULE + " "
    if len(derived):
        sources = ", ".join(
            f"{r.acronym} from {acronyms(data).get(r.derived_from, r.derived_from)}"
            for r in derived.itertuples()
        )
        text += f"Rosters taken from a parent organisation's members (marked *): {sources}."
    return markdown_safe(text)


def _span(data: Dataset, since: DateLike, as_of: DateLike) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The two days, earlier first."""
    start, day = _day(data, since), _day(data, as_of)
    return min(start, day), max(start, day)


def changes_finding(data: Dataset, since: DateLike, as_of: DateLike) -> str:
    """'Between 12 June 2019 and 26 October 2025: 12 joins, 2 exits, 0 status changes.'."""
    start, end = _span(data, since, as_of)
    changes = overlaps.membership_changes(start, end, data)
    counts = changes["change"].value_counts()
    if start == end:
        return "The two days are the same: no change to list."
    return markdown_safe(
        f"Between {day_words(start)} and {day_words(end)}: "
        f"{plural(int(counts.get('joined', 0)), 'join')}, "
        f"{plural(int(counts.get('left', 0)), 'exit')} and "
        f"{plural(int(counts.get('status_changed', 0)), 'status change')} "
        f"across {plural(changes['body_id'].nunique(), 'body')}."
    )


# --- Tables --------------------------------------------------------------------------------------


def _linked(rows: pd.DataFrame) -> pd.Series:
    """Each row's country name, linking to the country's profile."""
    return pd.Series(
        [
            country_page(c, n)
            for c, n in zip(rows["country_iso3"], rows["country_name"], strict=True)
        ],
        index=rows.index,
        dtype=object,
    )


@as_table
def body_counts(data: Dataset, as_of: DateLike) -> pd.DataFrame:
    """Countries per body on the day, with how sure each roster is."""
    rosters = _rosters(data, _day(data, as_of))
    marks = {mark: meaning for mark, meaning in ROSTER_MARKS.values()}
    return pd.DataFrame(
        {
            "Body": rosters["label"],
            "Countries": rosters["n_countries"],
            "Of which suspended": rosters["n_suspended"],
            "Derived rows": rosters["n_derived"],
            "Derived from": rosters["derived_from"],
            "Status unknown (not counted)": rosters["n_unknown"],
            "Snapshot rows": rosters["n_snapshot"],
            "Marks": rosters["marks"].map(lambda m: "; ".join(marks[c] for c in m)),
        }
    )


@as_table
def interpol_only(data: Dataset, as_of: DateLike) -> pd.DataFrame:
    """Countries that INTERPOL alone covers on the day, by name."""
    table = overlaps.coverage(_day(data, as_of), data)
    rows = table[table["is_interpol_only"]].sort_values("country_name")
    return pd.DataFrame({"Country": _linked(rows), "ISO 3166": rows["country_iso3"]}).reset_index(
        drop=True
    )


@as_table
def covered_by_at_least(data: Dataset, as_of: DateLike, n: int) -> pd.DataFrame:
    """Countries covered by ``n`` or more bodies on the day, most covered first."""
    day = _day(data, as_of)
    table, labels = overlaps.coverage(day, data), _labels(data, day)
    rows = table[table["n_bodies"] >= n].sort_values(
        ["n_bodies", "country_name"], ascending=[False, True]
    )
    return pd.DataFrame(
        {
            "Country": _linked(rows),
            "ISO 3166": rows["country_iso3"],
            "Bodies": rows["n_bodies"],
            "Which": _names(rows["body_ids"], labels),
            "Through a derived roster": _names(rows["derived_body_ids"], labels),
            "Status unknown in": _names(rows["unknown_body_ids"], labels),
        }
    ).reset_index(drop=True)


@as_table
def changes(data: Dataset, since: DateLike, as_of: DateLike) -> pd.DataFrame:
    """Every join, exit and status change between the two days.

    A change only a dated snapshot shows is dated "between the two days".
    """
    start, end = _span(data, since, as_of)
    found = overlaps.membership_changes(start, end, data)
    labels = _labels(data, _day(data, as_of))
    date = date_labels(found["date"], found["date_precision"])
    date = date.where(found["date"].notna(), "between the two days")
    return pd.DataFrame(
        {
            "Body": found["body_id"].map(labels.to_dict()).fillna(found["body_id"]),
            "Country": _linked(found),
            "Change": found["change"].map(CHANGE_WORDS),
            "Before": labels_of("status", found["status_before"]).where(
                found["status_before"].notna(), "—"
            ),
            "After": labels_of("status", found["status_after"]).where(
                found["status_after"].notna(), "—"
            ),
            "Date": date,
            "Confidence": found["confidence"],
            "Source": found["source_id"],
        }
    ).reset_index(drop=True)


# --- Charts --------------------------------------------------------------------------------------


def _counted(rosters: pd.DataFrame, data: Dataset) -> str:
    """'Counted: AFRIPOL*, ...; * roster taken from ... Not counted (no member list): ...'."""
    missing = [acronyms(data)[b] for b in overlaps.bodies_without_rosters(data)]
    text = f"Counted: {', '.join(rosters['label'])}. {roster_legend(rosters)}. {SUSPENSION_RULE}"
    if missing:
        text += f" Not counted, no member list in the data: {and_join(missing)}."
    return text + (
        " '?': a country whose status in some body is unknown that day (that body is not counted)."
        " Hatched: countries and territories"
        " that no roster in the data names (e.g. Greenland, Taiwan, North Korea)."
    )


def world_map(data: Dataset, as_of: DateLike) -> Figure:
    """World map of how many Dialogue bodies cover each country on the day.

    Countries the membership data never names (Taiwan, Greenland, Puerto Rico, ...) are drawn
    as "no data"; a country whose status in some body is unknown that day is marked '?'.
    """
    day = _day(data, as_of)
    table, rosters = overlaps.coverage(day, data), _rosters(data, day)
    counts = table.set_index("country_iso3")["n_bodies"]
    low = table.loc[table["n_unknown"] > 0, "country_iso3"]
    most = int(counts.max())
    top = int((counts == most).sum())
    title = (
        f"On {day_words(day)}, the Dialogue's bodies covered "
        f"{plural(int((counts > 0).sum()), 'country')}; "
        f"{top} {'was' if top == 1 else 'were'} covered by {plural(most, 'body')}, the most"
    )
    return maps.coverage_map(
        counts,
        title=title,
        note=_counted(rosters, data),
        marked=list(low),
        legend_title="Dialogue bodies covering the country",
        missing_label="in no roster of the data",
    )


def histogram(data: Dataset, as_of: DateLike) -> Figure:
    """Countries by how many Dialogue bodies cover them; shaded where a derived roster counts."""
    day = _day(data, as_of)
    table, n_bodies = overlaps.coverage(day, data), len(overlaps.coverage_bodies(data))
    steps = np.arange(0, table["n_bodies"].max() + 1)
    sure = table[table["n_derived"] == 0]["n_bodies"].value_counts().reindex(steps, fill_value=0)
    unsure = table[table["n_derived"] > 0]["n_bodies"].value_counts()
    unsure = unsure.reindex(steps, fill_value=0)
    fig, ax = new_figure(3.6)
    ax.bar(steps, sure, color=BLUE, label="every covering roster sourced directly")
    ax.bar(
        steps,
        unsure,
        bottom=sure,
        color=SKY_BLUE,
        hatch="//",
        edgecolor=WHITE,
        label="counted through a roster derived from a parent organisation (*)",
    )
    for x, total in zip(steps, sure + unsure, strict=True):
        ax.text(x, total + 1, str(int(total)), ha="center", va="bottom", **SMALL)
    ax.set_xticks(steps)
    ax.set(
        xlabel=f"Dialogue bodies covering the country (of {n_bodies} with a member list)",
        ylabel="Countries (count)",
    )
    ax.set_ylim(0, (sure + unsure).max() * 1.15 + 1)
    ax.grid(axis="y", color=LIGHT_GREY)
    ax.legend(loc="upper left", **SMALL)
    three = int((table["n_bodies"] >= 3).sum())
    alone = int(table["is_interpol_only"].sum())
    none = int((table["n_bodies"] == 0).sum())
    title = (
        f"On {day_words(day)}, {plural(three, 'country')} were covered by "
        f"three or more Dialogue bodies, {alone} by INTERPOL alone and {none} by none"
    )
    frame = pd.DataFrame(
        {"countries_directly": sure, "countries_through_a_derived_roster": unsure},
        index=pd.Index(steps, name="bodies_covering"),
    )
    return finish(fig, title, data=frame)


def overlap_heatmap(data: Dataset, as_of: DateLike) -> Figure:
    """Body x body: the number of shared countries in each cell, shaded by the Jaccard share."""
    day = _day(data, as_of)
    counts, rosters = overlaps.overlap_matrix(day, "count", data), _rosters(data, day)
    labels = rosters.set_index("body_id")["label"].reindex(counts.index)
    share = overlaps.jaccard(counts).fillna(0).to_numpy()
    n = len(counts)
    fig, ax = new_figure(1.6 + 0.45 * n)
    cmap = ListedColormap(SHARE_COLOURS)
    mesh = ax.pcolormesh(share, cmap=cmap, vmin=0, vmax=1, edgecolors="#BBBBBB", linewidth=0.5)
    for r in range(n):
        for c in range(n):
            value = int(counts.to_numpy()[r, c])
            ax.text(
                c + 0.5,
                r + 0.5,
                str(value) if value or r == c else "·",
                ha="center",
                va="center",
                fontsize=9,
                weight="bold" if r == c else "normal",
                color=WHITE if share[r, c] > 0.55 else BLACK,
            )
    ax.set_xticks(np.arange(n) + 0.5, labels, rotation=45, ha="right", **SMALL, **PLAIN)
    ax.set_yticks(np.arange(n) + 0.5, labels, **SMALL, **PLAIN)
    ax.invert_yaxis()
    bar = fig.colorbar(mesh, ax=ax, shrink=0.6)
    bar.set_label("Shared / either's countries (Jaccard)", **SMALL)
    note = "Diagonal (bold): the body's own number of countries. " + roster_legend(rosters)
    ax.set_xlabel(textwrap.fill(f"{note}. {SUSPENSION_RULE}", 110), **SMALL, **PLAIN)
    return finish(fig, _heatmap_title(counts, rosters, day), data=counts)


def _heatmap_title(counts: pd.DataFrame, rosters: pd.DataFrame, day: pd.Timestamp) -> str:
    shared = counts.where(~np.eye(len(counts), dtype=bool)).stack()
    shared = shared[
        (shared.index.get_level_values(0) < shared.index.get_level_values(1))
        & (shared.index.get_level_values(0) != "INTERPOL")
        & (shared.index.get_level_values(1) != "INTERPOL")
        & (shared > 0)
    ].sort_values(ascending=False, kind="stable")
    short = rosters.set_index("body_id")["acronym"]
    if shared.empty:
        return f"On {day_words(day)}, no two regional bodies shared a member country"
    (a, b), top = shared.index[0], int(shared.iloc[0])
    pairs = plural(len(shared), "pair")
    return (
        f"On {day_words(day)}, {pairs} of regional bodies shared member countries; "
        f"{short[a]} and {short[b]} shared the most ({top})"
    )
