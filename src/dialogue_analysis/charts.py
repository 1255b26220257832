"""Charts of the meetings, for the meeting-history report: processed tables in, a Figure out.

``meeting_timeline``, ``meetings_by_host``, ``edition_intervals`` and ``participation_heatmap`` draw
from the ``tables`` helpers and take their titles from ``findings`` (a title states the finding,
computed from the same table); palette, sizes, marks and the frame (title, source line, palette PNG
canvas) come from ``chartstyle``. Low-confidence facts are drawn hollow or marked '?', and text from
the data is drawn with ``parse_math=False`` so that a '$' in a CSV cannot turn into mathtext.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from dialogue_analysis import findings, tables, words
from dialogue_analysis.chartstyle import (
    BLACK,
    BLUE,
    CATEGORY_COLOURS,
    CATEGORY_STYLES,
    CONFIDENCE_MARKS,
    FORMAT_STYLES,
    GREY,
    LIGHT_GREY,
    MATH_MARKS,
    PLAIN,
    REGION_COLOURS,
    SMALL,
    WHITE,
    finish,
    legend_with_marks,
    marked,
    new_figure,
)

_LANES = {"edition": "Numbered\neditions", "working_group": "Working-group\nmeetings"}


def meeting_timeline(
    editions: pd.DataFrame,
    participation: pd.DataFrame,
    bodies: pd.DataFrame,
    include_working_groups: bool = True,
) -> Figure:
    """Every meeting on a time axis, marked by format and labelled with place and host(s).

    Args:
        editions: The editions table.
        participation: The participation table (hosts are its host and co_host rows).
        bodies: The bodies table (for host acronyms).
        include_working_groups: Draw the working-group meetings on a lane of their own.

    Returns:
        The figure; low-confidence meetings are hollow and marked '?'.
    """
    m = tables.meetings(editions, participation, bodies)
    m = m[m["start_date"].notna() & (include_working_groups | (m["kind"] == "edition"))]
    lanes = {"edition": 1.0, "working_group": 0.0} if include_working_groups else {"edition": 0.0}
    fig, ax = new_figure(3.7 if include_working_groups else 3.0)
    y, low = m["kind"].map(lanes), m["confidence"] == "low"
    for fmt, (marker, colour, label) in FORMAT_STYLES.items():
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
            label=label,
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
    return finish(fig, findings.timeline_title(editions, include_working_groups))


def meetings_by_host(
    editions: pd.DataFrame, participation: pd.DataFrame, bodies: pd.DataFrame
) -> Figure:
    """Meetings hosted (solid) and co-hosted (hatched) per body, coloured by the host's region.

    Args:
        editions: The editions table (every meeting counts, working groups included).
        participation: The participation table (rows with role host or co_host).
        bodies: The bodies table (acronym and region of each host).

    Returns:
        The figure; hosts resting on a low-confidence row are marked '?'.
    """
    counts = tables.host_counts(editions, participation, bodies).iloc[::-1]
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
    return finish(fig, findings.hosts_title(editions, participation, bodies))


def edition_intervals(editions: pd.DataFrame) -> Figure:
    """Calendar months between consecutive numbered editions.

    Args:
        editions: The editions table (numbered editions only are used).

    Returns:
        The figure; a gap whose dates are year-precision or low-confidence is hollow and marked '?'.
    """
    gaps = tables.edition_gaps(editions)
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
    ax.set_xticks(x, pairs + gaps["number"].astype("string") + "\n" + years.fillna("?"))
    ax.set_ylim(0, max(months.max(initial=0) * 1.25, 1))
    ax.set(
        xlabel="Consecutive editions (numbers and years)",
        ylabel="Months since the previous edition",
    )
    return finish(fig, findings.intervals_title(editions))


def participation_heatmap(
    participation: pd.DataFrame, editions: pd.DataFrame, bodies: pd.DataFrame
) -> Figure:
    """Which Dialogue body took part in which numbered edition, and in what role.

    Cells: host (host or co-host) beats member, observer and participant (role not stated); an
    unlisted body is 'not reported' (hatched grey) when the edition's list is partial or unknown,
    'absent' (white) when it is complete or a composition.

    Args:
        participation: The participation table.
        editions: The editions table (numbered editions are the columns).
        bodies: The bodies table (Dialogue participants are the rows).

    Returns:
        The figure; cells resting on a low (medium) confidence row are marked '?' ('~').
    """
    cells = tables.participation_cells(participation, editions, bodies)
    order, ed = cells.drop_duplicates("body_id").reset_index(drop=True), tables.numbered(editions)
    row = cells["body_id"].map(pd.Series(order.index, index=order["body_id"])).to_numpy()
    col = cells["number"].map(pd.Series(ed.index, index=ed["number"])).to_numpy()
    grid = np.full((len(order), len(ed)), np.nan)
    grid[row, col] = cells["category"].map({c: i for i, c in enumerate(tables.CATEGORIES)})
    fig, ax = new_figure(1.8 + 0.36 * len(order))
    cmap = ListedColormap([CATEGORY_COLOURS[c] for c in tables.CATEGORIES])
    ax.pcolormesh(
        grid,
        cmap=cmap,
        vmin=-0.5,
        vmax=len(tables.CATEGORIES) - 0.5,
        edgecolors="#BBBBBB",
        linewidth=0.5,
    )
    unknown = (cells["category"] == "not reported").to_numpy()
    for r, c in zip(row[unknown], col[unknown], strict=True):
        hatch = Rectangle((c, r), 1, 1, fill=False, hatch="///", edgecolor=GREY, lw=0)
        ax.add_patch(hatch).set_gid("not-reported")
    marks = cells["confidence"].map(CONFIDENCE_MARKS)
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
    lists = ed["participant_list"].map(words.LIST_WORDS).str.replace(" ", "\n", n=1)
    years = ed["start_date"].dt.strftime("%Y").fillna("?")
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
    handles += [
        Line2D([], [], marker=MATH_MARKS[m], ls="", color=BLACK, label=f"{c} confidence")
        for c, m in CONFIDENCE_MARKS.items()
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), **SMALL)
    return finish(fig, findings.heatmap_title(participation, editions, bodies))
