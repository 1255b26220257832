"""The coverage report: which countries the Dialogue's bodies covered on a day, and their overlaps.

Every function takes the dataset first and the day as the notebook's parameter gives it (an ISO
date, an edition number or "latest"): the introduction, a world map of how many bodies cover each
country, a histogram of countries by that number, the overlap heatmap, and the tables (countries
per body with the marks of its roster, the countries INTERPOL alone covers, those that three or
more bodies cover, and every join and exit between two days). Bodies are labelled with their
roster marks (``vocabulary.MARKS``: derived roster, some countries' status unknown that day,
dated snapshots), and every chart explains the marks it shows in the declared words. Counts are
of confirmed members (suspended members included); a country whose status in a body is unknown
that day is not counted, and the charts show it apart. Every count says what it counts: which
Dialogue bodies are counted, which through another's roster, which have no member list, and that
the countries counted include territories.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from dialogue_analysis.analysis import overlaps
from dialogue_analysis.analysis.bodies import acronyms
from dialogue_analysis.analysis.meetings import dialogue_bodies
from dialogue_analysis.analysis.membership import SUSPENSION_RULE
from dialogue_analysis.analysis.resolve import DateLike, as_timestamp
from dialogue_analysis.data.countries import country_name
from dialogue_analysis.data.dataset import Dataset
from dialogue_analysis.data.vocabulary import MARKS
from dialogue_analysis.data.vocabulary import labels as labels_of
from dialogue_analysis.views import maps
from dialogue_analysis.views.style import (
    BLACK,
    BLUE,
    LIGHT_GREY,
    MARK_STYLES,
    PLAIN,
    ROSTER_MARKS,
    SMALL,
    WHITE,
    finish,
    mark_words,
    new_figure,
    roster_legend,
    with_roster_marks,
)
from dialogue_analysis.views.tables import as_table, country_page
from dialogue_analysis.views.words import and_join, date_labels, day_words, markdown_safe, plural

# Eight steps of one hue, white to dark blue: the Jaccard share of two rosters.
SHARE_COLOURS = ["#FFFFFF", "#E3EEF9", "#C6DBEF", "#9ECAE1", "#6BAED6", "#4292C6", "#2171B5", BLUE]
CHANGE_WORDS = {"joined": "joined", "left": "left", "status_changed": "status changed"}
#: Places the rosters name that are neither UN member states nor UN observer states: the
#: countries counted include them, and every count of countries says so.
TERRITORIES = ("ABW", "CUW", "ESH", "PRI", "SXM")


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


def _counted_through(data: Dataset) -> dict[str, list[str]]:
    """Dialogue bodies counted through an arm's roster: {'GCC': ['GCCPOL']}.

    A body whose arm also takes part (the GCC and GCCPOL) is counted once, through the arm,
    whose roster is taken from the body's members.
    """
    counted = data.bodies[data.bodies["body_id"].isin(overlaps.coverage_bodies(data))]
    taking_part = set(dialogue_bodies(data)["body_id"])
    arms = counted[counted["parent_body_id"].isin(taking_part)]
    return {parent: sorted(group["acronym"]) for parent, group in arms.groupby("parent_body_id")}


def bodies_counted(data: Dataset) -> str:
    """'Of the 13 organisations that took part, 10 have a member list and are counted: ...'.

    Says which took part but are counted through another's roster, and which have no member
    list (never counted).
    """
    names = acronyms(data)
    taking_part, counted = dialogue_bodies(data), overlaps.coverage_bodies(data)
    text = (
        f"Of the {len(taking_part)} organisations that took part in the Dialogue (INTERPOL "
        f"included), {len(counted)} have a member list and are counted: "
        f"{and_join(sorted(names[b] for b in counted))}."
    )
    for parent, arms in _counted_through(data).items():
        text += (
            f" The {names[parent]} is counted through {and_join(arms)}, whose roster is the "
            f"{names[parent]}'s members."
        )
    missing = overlaps.bodies_without_rosters(data)
    if missing:
        types = data.bodies.set_index("body_id")["type"]
        offices = [names[b] for b in missing if types.get(b) == "un_office"]
        text += (
            f" {and_join([names[b] for b in missing])} "
            f"{'has' if len(missing) == 1 else 'have'} no member list in the data and "
            f"{'is' if len(missing) == 1 else 'are'} not counted"
            + (
                f" ({and_join(offices)}: a UN office, which has no member states)"
                if offices
                else ""
            )
            + "."
        )
    return text


def universe_words(table: pd.DataFrame) -> str:
    """'the 198 countries and territories the rosters in the data name, 5 of them territories ...'.

    ``table`` is ``overlaps.coverage`` on some day: one row per place any roster names.
    """
    places = table.loc[table["country_iso3"].isin(TERRITORIES), "country_iso3"]
    text = f"the {len(table)} countries and territories the rosters in the data name"
    if places.empty:
        return text
    named = and_join(sorted(country_name(c) for c in places))
    return (
        f"{text}, {len(places)} of them territories rather than UN member or observer states "
        f"({named})"
    )


def intro(data: Dataset, as_of: DateLike) -> str:
    """What the report counts on the day, and what it cannot count."""
    day = _day(data, as_of)
    table, rosters = overlaps.coverage(day, data), _rosters(data, day)
    covered = int((table["n_bodies"] > 0).sum())
    derived = rosters[rosters["n_derived"] > 0]
    text = (
        f"{bodies_counted(data)} On {day_words(day)} they covered {covered} of "
        f"{universe_words(table)}. "
    )
    unknown = int((table["n_unknown"] > 0).sum())
    if unknown:
        text += (
            f"{plural(unknown, 'country')} {'has' if unknown == 1 else 'have'} an unknown status "
            "in at least one body that day (no dated source of medium or high confidence shows "
            f"it) and {'is' if unknown == 1 else 'are'} not counted there "
            f"(marked {MARKS['unknown'].symbol}). "
        )
    text += SUSPENSION_RULE + " "
    if len(derived):
        names = acronyms(data)
        sources = ", ".join(
            f"{r.acronym} from {and_join([names.get(p, p) for p in r.derived_from])}"
            for r in derived.itertuples()
        )
        derived_mark = MARKS["derived"].symbol
        text += f"Rosters taken from a parent organisation's members ({derived_mark}): {sources}."
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
            "Derived from": rosters["derived_from"].map(
                lambda parents: ", ".join(acronyms(data).get(p, p) for p in parents)
            ),
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

    A change only a dated snapshot shows is dated "between the two days"; an exit dated to the
    day shows its last day inside ("31 Dec 2020 (last day in)"), not the data's first day out.
    """
    start, end = _span(data, since, as_of)
    found = overlaps.membership_changes(start, end, data)
    labels = _labels(data, _day(data, as_of))
    # The data dates an exit by its first day outside; a reader is told the last day inside.
    exit_day = found["change"].eq("left") & found["date_precision"].eq("day")
    shown = found["date"].where(~exit_day, found["date"] - pd.Timedelta(days=1))
    date = date_labels(shown, found["date_precision"])
    date = date.where(~exit_day, date + " (last day in)")
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
        " Hatched: countries and territories"
        " that no roster in the data names (e.g. Greenland, Taiwan, North Korea)."
    )


def world_map(data: Dataset, as_of: DateLike) -> Figure:
    """World map of how many Dialogue bodies cover each country on the day.

    Countries the membership data never names (Taiwan, Greenland, ...) are drawn as "no data"; a
    country whose status in some body is unknown that day carries the "status unknown" mark.
    """
    day = _day(data, as_of)
    table, rosters = overlaps.coverage(day, data), _rosters(data, day)
    counts = table.set_index("country_iso3")["n_bodies"]
    low = table.loc[table["n_unknown"] > 0, "country_iso3"]
    most = int(counts.max())
    top = int((counts == most).sum())
    title = (
        f"On {day_words(day)}, the Dialogue's bodies covered {int((counts > 0).sum())} of the "
        f"{len(counts)} countries and territories the data names; "
        f"{top} {'was' if top == 1 else 'were'} covered by {plural(most, 'body')}, the most"
    )
    return maps.coverage_map(
        counts,
        title=title,
        note=f"{_counted(rosters, data)} Counted over {universe_words(table)}.",
        marked=list(low),
        mark="unknown",
        legend_title="Dialogue bodies covering the country",
        missing_label="in no roster of the data",
    )


def histogram_frame(data: Dataset, as_of: DateLike) -> pd.DataFrame:
    """Countries by how many Dialogue bodies cover them on the day: what the histogram draws.

    One row per number of bodies (0 to the most): ``countries_directly`` (every covering roster
    sourced directly), ``countries_through_a_derived_roster`` and, of all these,
    ``countries_by_interpol_alone`` (at 1 only: a country one regional body alone covers is the
    rest of that bar).
    """
    table = overlaps.coverage(_day(data, as_of), data)
    steps = pd.Index(np.arange(0, table["n_bodies"].max() + 1), name="bodies_covering")
    derived = table["n_derived"] > 0

    def count(rows: pd.Series) -> pd.Series:
        return table.loc[rows, "n_bodies"].value_counts().reindex(steps, fill_value=0)

    return pd.DataFrame(
        {
            "countries_directly": count(~derived),
            "countries_through_a_derived_roster": count(derived),
            "countries_by_interpol_alone": count(table["is_interpol_only"]),
        }
    )


def histogram(data: Dataset, as_of: DateLike) -> Figure:
    """Countries by how many Dialogue bodies cover them; shaded where a derived roster counts.

    The title and the bars read the same frame (``histogram_frame``): the bar at one body says
    how many of its countries INTERPOL alone covers.
    """
    day = _day(data, as_of)
    frame, n_bodies = histogram_frame(data, day), len(overlaps.coverage_bodies(data))
    table = overlaps.coverage(day, data)
    steps, sure = frame.index.to_numpy(), frame["countries_directly"]
    unsure = frame["countries_through_a_derived_roster"]
    total = sure + unsure
    fig, ax = new_figure(3.9)
    ax.bar(steps, sure, color=BLUE, label="every covering roster sourced directly")
    ax.bar(
        steps,
        unsure,
        bottom=sure,
        color=MARK_STYLES["derived"]["facecolor"],
        hatch=MARK_STYLES["derived"]["hatch"],
        edgecolor=WHITE,
        label=f"{mark_words('derived')}: counted through a parent organisation's members",
    )
    alone = int(frame["countries_by_interpol_alone"].sum())
    for x, n in zip(steps, total, strict=True):
        text = str(int(n)) + (f"\n({alone} INTERPOL alone)" if x == 1 and alone else "")
        ax.text(x, n + 1, text, ha="center", va="bottom", **SMALL)
    ax.set_xticks(steps)
    ax.set(
        xlabel=f"Dialogue bodies covering the country (of {n_bodies} with a member list)\n"
        + textwrap.fill(f"Counted over {universe_words(table)}.", 110),
        ylabel="Countries and territories (count)",
    )
    ax.set_ylim(0, total.max() * 1.22 + 1)
    ax.grid(axis="y", color=LIGHT_GREY)
    ax.legend(loc="upper left", **SMALL)
    three = int(total[total.index >= 3].sum())
    one, none = int(total.get(1, 0)), int(total.get(0, 0))
    title = (
        f"On {day_words(day)}, {plural(three, 'country')} were covered by three or more Dialogue "
        f"bodies, {one} by one ({alone} of them by INTERPOL alone) and {none} by none"
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
