"""Charts of the Dialogue's bodies: one edition's composition, founding dates, member counts.

``composition_by_type`` and ``founding_timeline`` serve the membership report and
``member_count_over_time`` the body profiles. Each takes processed tables and returns a Figure,
draws from the ``tables`` and ``profiles`` helpers and takes its title from ``findings``. Palette,
sizes, marks and the frame come from ``chartstyle``; low-confidence facts are drawn hollow or
marked '?', and text from the data is drawn with ``parse_math=False``.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from dialogue_analysis import findings, profiles, tables, words
from dialogue_analysis.chartstyle import (
    BLACK,
    BLUE,
    CATEGORY_COLOURS,
    LIGHT_GREY,
    ORANGE,
    PLAIN,
    SKY_BLUE,
    SMALL,
    VERMILLION,
    WHITE,
    finish,
    legend_with_marks,
    marked,
    new_figure,
)


def composition_by_type(
    participation: pd.DataFrame,
    editions: pd.DataFrame,
    bodies: pd.DataFrame,
    edition: int | None = None,
) -> Figure:
    """Members and observers of one edition, counted by body type and named with their region.

    Args:
        participation: The participation table.
        editions: The editions table (to find the edition and how complete its list is).
        bodies: The bodies table (type and region).
        edition: Edition number; None or 0 takes the latest whose list is a composition or
            complete.

    Returns:
        The figure; bodies resting on a low-confidence row are marked '?'.
    """
    comp = tables.composition(participation, editions, bodies, edition)
    roles = [r for r in ("member", "observer", "participant", "host") if (comp["role"] == r).any()]
    table = pd.crosstab(comp["type_label"], comp["role"]).reindex(columns=roles, fill_value=0)
    table = table.loc[table.sum(axis=1).sort_values().index]
    fig, (ax, names_ax) = new_figure(1.6 + 0.55 * len(table), ncols=2, sharey=True)
    left = np.zeros(len(table))
    for role in roles:
        ax.barh(
            table.index,
            table[role],
            left=left,
            color=CATEGORY_COLOURS[tables.CELL_OF[role]],
            edgecolor=BLACK,
            label=words.label("role", role),
        )
        left += table[role].to_numpy()
    role = np.where(comp["role"] == "member", "", ", " + words.labels("role", comp["role"]))
    named = marked(
        comp["acronym"] + " (" + comp["region_label"] + role + ")", comp["confidence"] == "low"
    )
    for y, text in enumerate(named.groupby(comp["type_label"]).agg(", ".join)[table.index]):
        names_ax.text(0, y, textwrap.fill(text, 60), va="center", **SMALL, **PLAIN)
    names_ax.axis("off")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set(xlabel="Bodies (count)", ylabel="Body type")
    ax.set_xlim(0, table.sum(axis=1).max() + 0.5)
    legend_with_marks(ax, hollow=False, loc="lower right")
    return finish(fig, findings.composition_title(comp))


def founding_timeline(bodies: pd.DataFrame) -> Figure:
    """When each Dialogue body was founded, drawn at the precision the source gives.

    A day is a dot; a month or a year is a bar spanning it; an unknown date is written as such.

    Args:
        bodies: The bodies table (Dialogue participants only are drawn).

    Returns:
        The figure; low-confidence dates are hollow and marked '?'.
    """
    found = tables.founding(bodies).iloc[::-1].reset_index(drop=True)
    fig, ax = new_figure(1.6 + 0.42 * len(found))
    start, end = _year_fraction(found["founded"]), _year_fraction(found["founded_end"])
    low = (found["confidence"] == "low").to_numpy()
    face = np.where(low, WHITE, BLUE)
    day = found["founded_precision"].eq("day").fillna(False).to_numpy(dtype=bool)
    span = ~day & found["founded"].notna().to_numpy()
    ax.barh(
        found.index[span],
        (end - start)[span],
        left=start[span],
        height=0.55,
        color=face[span],
        edgecolor=BLUE,
        label="month or year known (bar spans it)",
    )
    ax.scatter(
        start[day],
        found.index[day],
        s=60,
        facecolors=face[day],
        edgecolors=BLUE,
        zorder=3,
        label="day known",
    )
    first = np.nanmin(start) if np.isfinite(start).any() else 1900.0
    text = marked(found["when"], low).replace("unknown", "founding date unknown")
    for y, (x, label) in enumerate(zip(np.nan_to_num(end, nan=first), text, strict=True)):
        ax.text(x + 1, y, label, va="center", **SMALL, style="italic" if np.isnan(end[y]) else None)
    ax.set_yticks(found.index, found["acronym"], **PLAIN)
    ax.set_xlim(first - 3, np.nanmax(end, initial=first) + 14)
    ax.set(xlabel="Year founded (bar: the month or year the source gives)", ylabel="Dialogue body")
    ax.grid(axis="x", color=LIGHT_GREY)
    legend_with_marks(ax, loc="lower left")
    return finish(fig, findings.founding_title(bodies))


def _year_fraction(dates: pd.Series) -> np.ndarray:
    """Dates as fractional years (2014-07-01 -> ~2014.5); NaT -> nan."""
    year = dates.dt.year + (dates.dt.day_of_year - 1) / 365.25
    return year.astype("Float64").to_numpy(dtype=float, na_value=np.nan)


def member_count_over_time(
    memberships: pd.DataFrame,
    body_id: str,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    bodies: pd.DataFrame | None = None,
) -> Figure:
    """Member countries (status member) of one body over time, as a step line.

    Args:
        memberships: The memberships table.
        body_id: The body.
        start: Window start (default: the body's earliest known date, else its founding); spells
            with an unknown start are counted from here, and shaded.
        end: Window end (default: the latest date in ``memberships``).
        bodies: The bodies table, for the body's acronym, type and founding date (optional).

    Returns:
        The figure; a body with no member rows gets a figure that says so.
    """
    row = bodies[bodies["body_id"] == body_id] if bodies is not None else pd.DataFrame()
    counts = profiles.member_counts(
        memberships, body_id, start, end, row["founded"].iloc[0] if len(row) else None
    )
    name = tables.acronym(bodies, body_id) if bodies is not None else body_id.replace("_", " ")
    if counts.steps.empty and counts.snapshots.empty:
        fig, ax = new_figure(1.8)
        ax.axis("off")
        ax.text(0.5, 0.5, "No member count to draw.", ha="center", va="center", fontsize=11)
        empty = f"{name} has no member list in the dataset"
        return finish(fig, findings.no_members_text(bodies, body_id) if len(row) else empty)
    fig, ax = new_figure(4.2)
    steps, low, snaps = counts.steps, counts.low_changes, counts.snapshots
    label = "member countries"
    if counts.derived_from:
        label += f", derived from {words.and_join(list(counts.derived_from))} roster"
    if counts.n_unknown_joined:
        label += f"\n({counts.n_unknown_joined} with unknown joining date counted from the start)"
    days = steps["date"].to_numpy()
    ax.step(days, steps["n_members"], where="post", color=BLUE, lw=2, label=label)
    if counts.n_unknown_joined:
        ax.fill_between(
            days,
            steps["n_dated"],
            steps["n_members"],
            step="post",
            color=SKY_BLUE,
            alpha=0.35,
            lw=0,
            label="of which: joining date unknown",
        )
    ax.scatter(
        low["date"].to_numpy(),
        low["n_members"],
        facecolors=WHITE,
        edgecolors=VERMILLION,
        zorder=3,
        s=45,
        label="change resting on a low-confidence row" if len(low) else None,
    )
    ax.scatter(
        snaps["as_of"].to_numpy(),
        snaps["n_members"],
        edgecolors=ORANGE,
        s=60,
        zorder=4,
        facecolors=np.where(snaps["is_low"], WHITE, ORANGE),
        label="snapshot: countries a source names on that day (hollow: low confidence)"
        if len(snaps)
        else None,
    )
    ax.set_ylim(0, pd.concat([steps["n_members"], snaps["n_members"]]).max() * 1.15 + 1)
    ax.set(xlabel="Date (year)", ylabel="Member countries (count)")
    ax.grid(color=LIGHT_GREY)
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.2), ncols=2, **SMALL)
    return finish(fig, findings.members_title(counts, name))
