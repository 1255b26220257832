"""Charts of coverage and overlaps: which bodies share which countries on a day.

Each function takes the frames of ``overlaps`` (``overlap_matrix``, ``coverage``, ``rosters``) and
returns a Figure whose title states the finding. Bodies are labelled with ``rosters``' ``label``,
which carries the roster marks ('*' derived from a parent organisation, '?' low-confidence rows,
'°' dated snapshots), and every chart explains the marks it shows.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from dialogue_analysis import maps, words
from dialogue_analysis.chartstyle import (
    BLACK,
    BLUE,
    LIGHT_GREY,
    ORANGE,
    PLAIN,
    SKY_BLUE,
    SMALL,
    WHITE,
    finish,
    new_figure,
)
from dialogue_analysis.dataset import Dataset
from dialogue_analysis.overlaps import bodies_without_rosters, jaccard, roster_legend

# Eight steps of one hue, white to dark blue: the Jaccard share of two rosters.
SHARE_COLOURS = ["#FFFFFF", "#E3EEF9", "#C6DBEF", "#9ECAE1", "#6BAED6", "#4292C6", "#2171B5", BLUE]


def day_words(day: pd.Timestamp) -> str:
    """'12 June 2019'."""
    return f"{day.day} {day:%B %Y}"


def _note(ax: object, text: str) -> None:
    if text:
        ax.annotate(
            text,
            (0, 0),
            xycoords="axes fraction",
            xytext=(0, -34),
            textcoords="offset points",
            va="top",
            wrap=True,
            **SMALL,
            **PLAIN,
        )


def overlap_heatmap(counts: pd.DataFrame, rosters: pd.DataFrame, day: pd.Timestamp) -> Figure:
    """Body x body: the number of shared countries in each cell, shaded by the Jaccard share.

    Args:
        counts: ``overlap_matrix(day, "count")``.
        rosters: ``rosters(day)`` for the same bodies (labels and marks).
        day: The day the matrix describes (for the title).
    """
    labels = rosters.set_index("body_id")["label"].reindex(counts.index)
    share = jaccard(counts).fillna(0).to_numpy()
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
    ax.set_xlabel(textwrap.fill(note + ".", 110), **SMALL, **PLAIN)
    return finish(fig, _heatmap_title(counts, rosters, day))


def _heatmap_title(counts: pd.DataFrame, rosters: pd.DataFrame, day: pd.Timestamp) -> str:
    shared = counts.where(~np.eye(len(counts), dtype=bool)).stack()
    shared = shared[
        (shared.index.get_level_values(0) < shared.index.get_level_values(1))
        & (shared.index.get_level_values(0) != "INTERPOL")
        & (shared.index.get_level_values(1) != "INTERPOL")
        & (shared > 0)
    ].sort_values(ascending=False, kind="stable")
    acronyms = rosters.set_index("body_id")["acronym"]
    if shared.empty:
        return f"On {day_words(day)}, no two regional bodies shared a member country"
    (a, b), top = shared.index[0], int(shared.iloc[0])
    pairs = words.plural(len(shared), "pair")
    return (
        f"On {day_words(day)}, {pairs} of regional bodies shared member countries; "
        f"{acronyms[a]} and {acronyms[b]} shared the most ({top})"
    )


def coverage_histogram(table: pd.DataFrame, day: pd.Timestamp, n_bodies: int) -> Figure:
    """Countries by how many Dialogue bodies cover them; shaded where a derived or low row counts.

    Args:
        table: ``coverage(day)``.
        day: The day described.
        n_bodies: How many bodies were counted (for the title and axis).
    """
    steps = np.arange(0, table["n_bodies"].max() + 1)
    sure = table[table["n_uncertain"] == 0]["n_bodies"].value_counts().reindex(steps, fill_value=0)
    unsure = table[table["n_uncertain"] > 0]["n_bodies"].value_counts()
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
        label="counted through a derived (*) or low-confidence (?) roster",
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
        f"On {day_words(day)}, {words.plural(three, 'country')} were covered by "
        f"three or more Dialogue bodies, {alone} by INTERPOL alone and {none} by none"
    )
    return finish(fig, title)


def overlaps_with(
    counts: pd.DataFrame, rosters: pd.DataFrame, body_id: str, day: pd.Timestamp
) -> Figure:
    """One body's shared countries with every other body, as horizontal bars.

    Args:
        counts: ``overlap_matrix(day, "count")`` including ``body_id``.
        rosters: ``rosters(day)`` for the same bodies.
        body_id: The body profiled.
        day: The day described.
    """
    labels = rosters.set_index("body_id")["label"]
    own = int(counts.at[body_id, body_id])
    others = counts[body_id].drop(body_id).sort_values(kind="stable")
    sizes = pd.Series(np.diag(counts.to_numpy()), index=counts.index).reindex(others.index)
    fig, ax = new_figure(1.4 + 0.32 * len(others))
    y = np.arange(len(others))
    ax.barh(y, sizes, color=LIGHT_GREY, label="the other body's countries")
    ax.barh(y, others, color=ORANGE, label=f"shared with {labels[body_id]}")
    for i, (shared, size) in enumerate(zip(others, sizes, strict=True)):
        ax.text(size + 1, i, f"{int(shared)} of {int(size)}", va="center", **SMALL)
    ax.set_yticks(y, labels.reindex(others.index), **SMALL, **PLAIN)
    ax.set_xlim(0, max(sizes.max(), 1) * 1.18)
    ax.set(xlabel="Countries (count)")
    ax.legend(
        handles=[
            Patch(color=ORANGE, label=f"shared with {labels[body_id]} ({own} countries)"),
            Patch(color=LIGHT_GREY, label="the other body's countries"),
        ],
        loc="lower right",
        **SMALL,
    )
    _note(ax, roster_legend(rosters))
    acronym = rosters.set_index("body_id").at[body_id, "acronym"]
    sharing = others[others > 0]
    if own == 0:
        title = f"{acronym} has no member countries in the data on {day_words(day)}"
    elif sharing.empty:
        title = f"On {day_words(day)}, {acronym} shared no member country with another body"
    else:
        names = rosters.set_index("body_id")["acronym"].reindex(sharing.index[::-1])
        title = (
            f"On {day_words(day)}, {acronym} shared member countries with "
            f"{words.plural(len(sharing), 'other body')}, "
            f"most with {names.iloc[0]} ({int(sharing.iloc[-1])} of its {own})"
        )
    return finish(fig, title)


_STATUS_WORDS = {
    "member": "members",
    "partial": "partial",
    "observer": "observers",
    "signatory": "treaty signatories",
    "uncertain": "uncertain (low confidence)",
}


def _counted(rosters: pd.DataFrame, data: Dataset) -> str:
    """'Counted: AFRIPOL*, ...; * roster taken from ... Not counted (no member list): ...'."""
    acronyms = data.bodies.set_index("body_id")["acronym"]
    missing = [acronyms[b] for b in bodies_without_rosters(data)]
    text = f"Counted: {', '.join(rosters['label'])}. {roster_legend(rosters)}."
    if missing:
        text += f" Not counted, no member list in the data: {words.and_join(missing)}."
    return text + (
        " '?': a country counted through a low-confidence row. Hatched: countries and territories"
        " that no roster in the data names (e.g. Greenland, Taiwan, North Korea)."
    )


def coverage_world_map(
    table: pd.DataFrame, rosters: pd.DataFrame, day: pd.Timestamp, data: Dataset
) -> Figure:
    """World map of how many Dialogue bodies cover each country (``coverage(day)``).

    Countries the membership data never names (Taiwan, Greenland, Puerto Rico, ...) are drawn
    as "no data"; a country counted through a low-confidence row is marked '?'.
    """
    counts = table.set_index("country_iso3")["n_bodies"]
    low = table.loc[table["low_body_ids"] != "", "country_iso3"]
    most = int(counts.max())
    top = int((counts == most).sum())
    title = (
        f"On {day_words(day)}, the Dialogue's bodies covered "
        f"{words.plural(int((counts > 0).sum()), 'country')}; "
        f"{top} {'was' if top == 1 else 'were'} covered by {words.plural(most, 'body')}, the most"
    )
    return maps.coverage_map(
        counts,
        title=title,
        note=_counted(rosters, data),
        marked=list(low),
        legend_title="Dialogue bodies covering the country",
        missing_label="in no roster of the data",
    )


def body_world_map(body_id: str, day: pd.Timestamp, data: Dataset) -> Figure:
    """World map of one body's countries on ``day`` by status (low-confidence rows: uncertain)."""
    from dialogue_analysis.queries import members

    rows = members(body_id, day, data, status=("member", "partial", "observer", "signatory"))
    status = rows["status"].where(rows["confidence"] != "low", "uncertain")
    acronym = data.bodies.set_index("body_id").at[body_id, "acronym"]
    counts = status.value_counts()
    parts = [f"{counts[s]} {word}" for s, word in _STATUS_WORDS.items() if s in counts]
    title = f"{acronym} on {day_words(day)}: {', '.join(parts) if parts else 'no countries'}"
    derived = rows.loc[rows["is_derived"].fillna(False).astype(bool), "derived_from"].dropna()
    note = ""
    if len(derived):
        parents = data.bodies.set_index("body_id")["acronym"].reindex(sorted(set(derived)))
        note += f"Roster taken from the members of {words.and_join(list(parents))}. "
    if (rows["basis"] == "snapshot").any():
        note += "Dated snapshots: each country's latest known status on or before this day. "
    if (status == "uncertain").any():
        note += "Uncertain: a row of low confidence."
    return maps.member_map(status.set_axis(rows["country_iso3"]), title=title, note=note.strip())
