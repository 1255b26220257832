"""The meeting-history report: when and where the Dialogue met, who hosted, who took part.

Findings (one-line Markdown, escaped: they carry values from the CSVs), chart titles computed from
the same frames the charts draw (so a title and its figure cannot disagree), the charts (a time
axis of every meeting by format, meetings per host, months between editions, the body x edition
participation grid) and the table of outcome documents. Low-confidence facts are drawn hollow or
carry the low-confidence mark of ``vocabulary.MARKS``, and text from the data is drawn with
``parse_math=False``. Dates are written at their precision (``words.date_at``): a meeting known
to the month is never given a day, nor one known to the year a month.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from dialogue_analysis.analysis import meetings
from dialogue_analysis.data.dataset import Dataset
from dialogue_analysis.views import words
from dialogue_analysis.views.sources import report_sources
from dialogue_analysis.views.style import (
    BLACK,
    BLUE,
    CATEGORY_COLOURS,
    CATEGORY_STYLES,
    FORMAT_STYLES,
    GREY,
    LIGHT_GREY,
    LOW_MARK,
    PLAIN,
    REGION_COLOURS,
    SMALL,
    WHITE,
    finish,
    legend_with_marks,
    mark_handle,
    marked,
    new_figure,
)
from dialogue_analysis.views.tables import as_table
from dialogue_analysis.views.words import (
    and_join,
    at_place,
    date_at,
    markdown_safe,
    ordinal,
    plural,
    times,
)


def _meetings(data: Dataset) -> pd.DataFrame:
    """Every meeting by date, with ``place``, ``when`` (its date at its precision) and ``hosts``."""
    out = meetings.by_date(data)
    hosts = meetings.meeting_hosts(data).groupby("edition")["acronym"].agg(" & ".join)
    out = out.assign(
        place=words.places(out),
        when=words.date_labels(out["start_date"], out["date_precision"]),
    ).merge(hosts.rename("hosts"), left_on="edition", right_index=True, how="left")
    return out.assign(hosts=out["hosts"].fillna("host not stated"))


def _month_at(day: object, precision: object) -> str:
    """A meeting's month, or coarser when the source is: 'Mar 2016', '2016', 'unknown'."""
    return date_at(day, "month" if precision == "day" else precision)


_FIRST_MEETING = re.compile(r"\bfirst meeting\b", re.IGNORECASE)


def working_group_words(data: Dataset, exact: bool = False) -> str:
    """When working-group meetings are recorded, and which source calls its meeting the first.

    'working-group meetings are recorded in 2023 and 2025; the 2025 source calls its meeting the
    group's first' ('in Jul 2023 (Lyon) and Feb 2025 (place not stated)' when ``exact``), or ''
    when none is recorded: the sources do not say that one group met at each, and a later
    source may call its meeting the first.
    """
    wg = _meetings(data)
    wg = wg[wg["kind"] == "working_group"]
    if wg.empty:
        return ""
    years = wg["start_date"].dt.year.astype("string").fillna("a year not stated")
    when = list(dict.fromkeys(years))
    if exact:
        dates = zip(wg["start_date"], wg["date_precision"], wg["place"], strict=True)
        when = [f"{_month_at(day, precision)} ({place})" for day, precision, place in dates]
    many = len(wg) > 1
    text = (
        f"{'working-group meetings are' if many else 'a working-group meeting is'} recorded in "
        f"{and_join(when)}"
    )
    named = wg["name_used"].fillna("") + " " + wg["quote"].fillna("")
    for year in years[named.str.contains(_FIRST_MEETING) & (wg.index != wg.index[0])]:
        text += f"; the {year} source calls its meeting the group's first"
    return text


# --- Findings and titles -------------------------------------------------------------------------


def timeline_title(data: Dataset, include_working_groups: bool = True) -> str:
    """'The Dialogue met 8 times between 2016 and 2024: 6 in person, 1 online, 1 hybrid; ...'."""
    ed = meetings.numbered(data)
    counts = ed["format"].value_counts()
    formats = ", ".join(
        f"{counts[f]} {words.label('format', f)}" for f in FORMAT_STYLES if f in counts
    )
    years = ed["start_date"].dt.year.dropna().astype(int)
    span = f" between {years.min()} and {years.max()}" if len(years) else ""
    title = f"The Dialogue met {times(len(ed))}{span}: {formats}"
    editions = data.editions
    wg = editions[editions["kind"] == "working_group"].sort_values("start_date")
    if include_working_groups and len(wg):
        title += f"; {working_group_words(data)}"
    return title


def hosts_title(data: Dataset) -> str:
    """'INTERPOL hosted or co-hosted 7 of the 10 meetings; AIMC, GCCPOL and ... one each'."""
    counts = meetings.host_counts(data)
    n = len(data.editions)
    if counts.empty:
        return f"No host is recorded for any of the {n} meetings"
    top, others = counts.iloc[0], counts.iloc[1:]
    title = f"{top['acronym']} hosted or co-hosted {top['n_meetings']} of the {n} meetings"
    k = others["n_meetings"]
    if len(others) and (k == k.iloc[0]).all():
        title += (
            f"; {and_join(list(others['acronym']))} {'one' if k.iloc[0] == 1 else k.iloc[0]}"
            + (" each" if len(others) > 1 else "")
        )
    elif len(others):
        title += "; " + and_join(list(others["acronym"] + " " + k.astype("string")))
    unhosted = n - meetings.meeting_hosts(data)["edition"].nunique()
    return title + (f"; no host recorded for {unhosted}" if unhosted else "")


def intervals_title(data: Dataset) -> str:
    """'Editions came 10 to 25 months apart; the longest gap was between the 2nd ... and ...'."""
    gaps = meetings.edition_gaps(data).dropna(subset=["months"])
    if gaps.empty:
        return "Fewer than two editions have a known date: no interval to show"
    longest = gaps.loc[gaps["months"].idxmax()]
    precision = meetings.numbered(data).set_index("number")["date_precision"]
    before = _month_at(longest["previous_start"], precision.get(longest["previous_number"]))
    return (
        f"Editions came {gaps['months'].min()} to {gaps['months'].max()} months apart; the longest "
        f"gap was between the {ordinal(int(longest['previous_number']))} "
        f"({before}) and the "
        f"{ordinal(int(longest['number']))} "
        f"({_month_at(longest['start_date'], longest['date_precision'])})"
    )


def heatmap_title(data: Dataset) -> str:
    """'11 bodies appear in the numbered editions; the lists of 5 of the 8 are partial ...'."""
    cells = meetings.participation_cells(data)
    listed = cells.loc[cells["category"].isin(meetings.CATEGORIES[:4]), "body_id"].nunique()
    ed = meetings.numbered(data)
    vague = int(ed["participant_list"].isin(["partial", "unknown"]).sum())
    return (
        f"{plural(listed, 'body')} appear in the numbered editions; the participant lists of "
        f"{vague} of the {len(ed)} editions are partial or unknown"
    )


def finding_meetings(data: Dataset, include_working_groups: bool = True) -> str:
    """Where the first and latest editions met, and when the working group met."""
    m = _meetings(data)
    ed = m[m["kind"] == "edition"]
    first, last = ed.iloc[0], ed.iloc[-1]
    text = (
        f"The first edition met {at_place(first['place'])} in "
        f"{_month_at(first['start_date'], first['date_precision'])}; the latest, the "
        f"{ordinal(int(last['number']))}, met {at_place(last['place'])} in "
        f"{_month_at(last['start_date'], last['date_precision'])}."
    )
    if include_working_groups and (m["kind"] == "working_group").any():
        wg = working_group_words(data, exact=True)
        text += f" {wg[0].upper()}{wg[1:]}."
    return markdown_safe(text)


def finding_hosts(data: Dataset) -> str:
    """Which regional bodies hosted, where and when."""
    hosts = meetings.meeting_hosts(data)
    regional = hosts[hosts["region"] != "global"]
    if regional.empty:
        return "Only global bodies have hosted the Dialogue."
    place = regional["city"].fillna("place not stated").map(at_place)
    where = list(
        regional["acronym"] + " " + place + " (" + regional["start_date"].dt.strftime("%Y") + ")"
    )
    return markdown_safe(
        f"Regional bodies hosted or co-hosted {times(len(regional))}: {and_join(where)}."
    )


def finding_intervals(data: Dataset) -> str:
    """The median gap and the latest gaps between editions."""
    months = meetings.edition_gaps(data)["months"].dropna().astype(int)
    if months.empty:
        return "No interval between editions can be computed."
    last = [str(v) for v in months.iloc[-3:]]
    return markdown_safe(
        f"The median gap between editions is {months.median():g} months; the last "
        f"{plural(len(last), 'gap')} were {and_join(last)} months."
    )


def finding_participation(data: Dataset) -> str:
    """How many body x edition cells are 'not reported', and why."""
    cells = meetings.participation_cells(data)
    vague = cells.loc[cells["category"] == "not reported", "number"].unique()
    return markdown_safe(
        f"{(cells['category'] == 'not reported').sum()} of the {len(cells)} body-edition cells "
        f"are 'not reported': the lists of editions {and_join([str(v) for v in sorted(vague)])} "
        "are partial or unknown, so a body missing there may still have attended."
    )


# --- Tables --------------------------------------------------------------------------------------


@as_table
def outcome_documents(data: Dataset) -> pd.DataFrame:
    """Meetings that reported an outcome document, with its date, source and confidence."""
    rows = meetings.outcome_documents(data)
    return rows.assign(date=words.date_labels(rows["start_date"], rows["date_precision"]))[
        ["edition", "date", "city", "outcome_document", "confidence", "source_id"]
    ]


@as_table
def sources(data: Dataset) -> pd.DataFrame:
    """Every source cited by the meetings and their participation rows."""
    return report_sources(data, ("editions", "participation"))


# --- Charts --------------------------------------------------------------------------------------

_LANES = {"edition": "Numbered\neditions", "working_group": "Working-group\nmeetings"}


def meeting_timeline(data: Dataset, include_working_groups: bool = True) -> Figure:
    """Every meeting on a time axis, marked by format and labelled with place and host(s).

    Args:
        data: The dataset.
        include_working_groups: Draw the working-group meetings on a lane of their own.

    Returns:
        The figure; low-confidence meetings are hollow and carry the low-confidence mark.
    """
    m = _meetings(data)
    m = m[m["start_date"].notna() & (include_working_groups | (m["kind"] == "edition"))]
    lanes = {"edition": 1.0, "working_group": 0.0} if include_working_groups else {"edition": 0.0}
    fig, ax = new_figure(3.7 if include_working_groups else 3.0)
    y, low = m["kind"].map(lanes), m["confidence"] == "low"
    for fmt, (marker, colour) in FORMAT_STYLES.items():
        pick = m["format"] == fmt
        ax.scatter(
            m["start_date"][pick].to_numpy(),
            y[pick],
            marker=marker,
            s=120,
            zorder=3,
            facecolors=np.where(low[pick], WHITE, colour),
            edgecolors=colour,
            linewidths=1.8,
            label=words.label("format", fmt),
        )
    names = np.where(m["kind"] == "edition", m["number"].astype("string"), "WG")
    text = marked(names + " · " + m["place"] + "\n" + m["hosts"], low)
    above = (m.groupby("kind").cumcount() % 2 == 0).to_numpy()  # alternate to avoid overlaps
    for day, lane, label, up in zip(m["start_date"], y, text, above, strict=True):
        ax.annotate(
            label,
            (day, lane),
            xytext=(0, 12 if up else -12),
            textcoords="offset points",
            ha="center",
            va="bottom" if up else "top",
            **SMALL,
            **PLAIN,
        )
    ax.set_yticks(list(lanes.values()), [_LANES[k] for k in lanes])
    ax.set_ylim(min(lanes.values()) - 0.7, max(lanes.values()) + 0.7)
    pad = pd.DateOffset(months=8)
    ax.set_xlim(m["start_date"].min() - pad, m["start_date"].max() + pad)
    ax.set(xlabel="Meeting date (year)", ylabel="Kind of meeting")
    ax.grid(axis="x", color=LIGHT_GREY)
    legend_with_marks(ax, loc="upper left", ncols=5, bbox_to_anchor=(0, -0.18))
    return finish(fig, timeline_title(data, include_working_groups), data=m)


def meetings_by_host(data: Dataset) -> Figure:
    """Meetings hosted (solid) and co-hosted (hatched) per body, coloured by the host's region.

    Every meeting counts, working groups included.

    Returns:
        The figure; hosts resting on a low-confidence row carry the low-confidence mark.
    """
    counts = meetings.host_counts(data).iloc[::-1]
    fig, ax = new_figure(1.3 + 0.45 * max(len(counts), 1))
    colours = counts["region"].map(REGION_COLOURS).fillna(GREY)
    ax.barh(counts["acronym"], counts["n_hosted"], color=colours, edgecolor=BLACK)
    ax.barh(
        counts["acronym"],
        counts["n_co_hosted"],
        left=counts["n_hosted"],
        color=WHITE,
        edgecolor=colours,
        hatch="///",
        linewidth=1.2,
    )
    notes = marked(
        counts["n_meetings"].astype("string") + "  (meetings " + counts["meetings"] + ")",
        counts["has_low_confidence"],
    )
    for y, (n, note) in enumerate(zip(counts["n_meetings"], notes, strict=True)):
        ax.text(n + 0.1, y, note, va="center", **SMALL, **PLAIN)
    labels = counts["acronym"] + "\n" + words.labels("region", counts["region"])
    ax.set_yticks(range(len(counts)), labels, **PLAIN)
    ax.set_xlim(0, counts["n_meetings"].max() * 1.6 + 1 if len(counts) else 1)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set(xlabel="Meetings hosted or co-hosted (count)", ylabel="Host body (region)")
    handles = [
        Patch(color=REGION_COLOURS.get(r, GREY), label=words.label("region", r))
        for r in counts["region"].drop_duplicates()
    ]
    handles.append(Patch(facecolor=WHITE, edgecolor=BLACK, hatch="///", label="co-hosted"))
    ax.legend(handles=handles, loc="lower right", **SMALL)
    return finish(fig, hosts_title(data), data=counts.iloc[::-1])


def edition_intervals(data: Dataset) -> Figure:
    """Calendar months between consecutive numbered editions.

    Returns:
        The figure; a gap whose dates are year-precision or low-confidence is hollow and carries
        the low-confidence mark.
    """
    gaps = meetings.edition_gaps(data)
    fig, ax = new_figure(3.2)
    months = gaps["months"].astype("Float64").fillna(0).to_numpy(dtype=float)
    unsure = gaps["is_uncertain"].to_numpy(dtype=bool)
    x = np.arange(len(gaps))
    ax.bar(x, months, color=np.where(unsure, WHITE, BLUE), edgecolor=BLUE, linewidth=1.5)
    text = marked(gaps["months"].astype("string").fillna("date unknown") + " months", unsure)
    for i, (height, label) in enumerate(zip(months, text, strict=True)):
        ax.text(i, height + 0.4, label, ha="center", va="bottom", **SMALL)
    if (months > 0).any():
        median = float(np.median(months[months > 0]))
        ax.axhline(median, color=GREY, ls="--", lw=1, label=f"median: {median:g} months")
        legend_with_marks(ax, loc="upper right")
    years = gaps["previous_start"].dt.strftime("%Y") + "–" + gaps["start_date"].dt.strftime("%Y")
    pairs = gaps["previous_number"].astype("Int64").astype("string") + "→"
    ax.set_xticks(x, pairs + gaps["number"].astype("string") + "\n" + years.fillna("unknown"))
    ax.set_ylim(0, max(months.max(initial=0) * 1.25, 1))
    ax.set(
        xlabel="Consecutive editions (numbers and years)",
        ylabel="Months since the previous edition",
    )
    return finish(fig, intervals_title(data), data=gaps)


def participation_heatmap(data: Dataset) -> Figure:
    """Which Dialogue body took part in which numbered edition, and in what role.

    Cells: host (host or co-host) beats member, observer and participant (role not stated); an
    unlisted body is 'not reported' (hatched grey) when the edition's list is partial or unknown,
    'absent' (white) when it is complete or a composition.

    Numbered editions are the columns, the bodies that took part the rows.

    Returns:
        The figure; cells resting on a low-confidence row carry the low-confidence mark.
    """
    cells = meetings.participation_cells(data)
    order, ed = cells.drop_duplicates("body_id").reset_index(drop=True), meetings.numbered(data)
    row = cells["body_id"].map(pd.Series(order.index, index=order["body_id"])).to_numpy()
    col = cells["number"].map(pd.Series(ed.index, index=ed["number"])).to_numpy()
    grid = np.full((len(order), len(ed)), np.nan)
    grid[row, col] = cells["category"].map({c: i for i, c in enumerate(meetings.CATEGORIES)})
    fig, ax = new_figure(1.8 + 0.36 * len(order))
    cmap = ListedColormap([CATEGORY_COLOURS[c] for c in meetings.CATEGORIES])
    ax.pcolormesh(
        grid,
        cmap=cmap,
        vmin=-0.5,
        vmax=len(meetings.CATEGORIES) - 0.5,
        edgecolors="#BBBBBB",
        linewidth=0.5,
    )
    unknown = (cells["category"] == "not reported").to_numpy()
    for r, c in zip(row[unknown], col[unknown], strict=True):
        hatch = Rectangle((c, r), 1, 1, fill=False, hatch="///", edgecolor=GREY, lw=0)
        ax.add_patch(hatch).set_gid("not-reported")
    marks = cells["confidence"].map({"low": LOW_MARK})
    dark = cells["category"].isin(["host", "member"]).to_numpy()
    for r, c, mark, on_dark in zip(row, col, marks, dark, strict=True):
        if isinstance(mark, str):
            ax.text(
                c + 0.5,
                r + 0.5,
                mark,
                ha="center",
                va="center",
                weight="bold",
                color=WHITE if on_dark else BLACK,
            )
    lists = words.labels("participant_list", ed["participant_list"]).str.replace(" ", "\n", n=1)
    years = ed["start_date"].dt.strftime("%Y").fillna("year unknown")
    ticks = ed["number"].astype("string") + " (" + years + ")\n" + lists
    ax.set_xticks(np.arange(len(ed)) + 0.5, ticks, **SMALL)
    ax.set_yticks(np.arange(len(order)) + 0.5, order["acronym"], **PLAIN)
    ax.invert_yaxis()
    ax.set(
        xlabel="Numbered edition (year) and how complete its participant list is",
        ylabel="Dialogue body",
    )
    handles = [
        Patch(
            facecolor=colour,
            edgecolor=GREY,
            label=label,
            hatch="///" if c == "not reported" else None,
        )
        for c, (colour, label) in CATEGORY_STYLES.items()
    ]
    handles.append(mark_handle("low_confidence"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), **SMALL)
    return finish(fig, heatmap_title(data), data=cells)
