"""The body-profile report: one body's identity, meetings, members over time, map and overlaps.

Findings (one-line Markdown, escaped), the identity card and the table of meetings, the member
count over time (a step line; snapshots and low-confidence changes marked), a world map of the
body's countries by status, its overlaps with every other Dialogue body (bars and a table of the
shared ISO codes), and the conflicts and sources behind its rows. Functions that describe a day
take ``as_of`` as the notebook's parameter gives it: an ISO date, an edition number or "latest".
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from dialogue_analysis.analysis.bodies import acronym, body_participation, body_row
from dialogue_analysis.analysis.evidence import body_conflicts
from dialogue_analysis.analysis.meetings import numbered
from dialogue_analysis.analysis.membership import (
    SUSPENSION_RULE,
    MemberCounts,
    has_roster,
    member_counts,
    members,
)
from dialogue_analysis.analysis.overlaps import coverage_bodies, membership_matrix, overlap_matrix
from dialogue_analysis.analysis.overlaps import rosters as roster_counts
from dialogue_analysis.analysis.resolve import DateLike, as_timestamp
from dialogue_analysis.data.countries import country_name
from dialogue_analysis.data.dataset import Dataset
from dialogue_analysis.data.vocabulary import MARKS
from dialogue_analysis.views import maps
from dialogue_analysis.views.sources import body_sources
from dialogue_analysis.views.style import (
    BLUE,
    GREY,
    LIGHT_GREY,
    MARK_STYLES,
    ORANGE,
    PLAIN,
    SMALL,
    finish,
    new_figure,
    note_below,
    roster_legend,
    with_roster_marks,
)
from dialogue_analysis.views.tables import as_table, country_links
from dialogue_analysis.views.words import (
    and_join,
    date_labels,
    day_words,
    label,
    labels,
    markdown_safe,
    ordinal,
    places,
    plural,
)

__all__ = [
    "card",
    "conflicts",
    "finding_meetings",
    "finding_members",
    "finding_sources",
    "has_roster",
    "meetings",
    "member_links",
    "member_count_over_time",
    "no_members_text",
    "overlaps_chart",
    "shared_countries",
    "sources",
    "world_map",
]


def _full_name(data: Dataset, body_id: str) -> str:
    """'African Union (AU)', or the id when the body is unknown."""
    found = data.bodies[data.bodies["body_id"] == body_id]
    if found.empty:
        return body_id
    return f"{found['full_name'].iloc[0]} ({found['acronym'].iloc[0]})"


def _joined_labels(vocab: str, values: pd.Series) -> pd.Series:
    """Sequences of canonical values -> their labels joined by '; ' ('' : 'not stated')."""
    return pd.Series(
        [
            "; ".join(dict.fromkeys(label(vocab, v or None) for v in vs))
            if isinstance(vs, (tuple, list))
            else pd.NA
            for vs in values
        ],
        index=values.index,
        dtype="string",
    )


# --- Tables --------------------------------------------------------------------------------------


@as_table
def card(data: Dataset, body_id: str) -> pd.DataFrame:
    """A body's identity card: two columns, ``field`` and ``value``."""
    row = body_row(data, body_id)
    parent = row["parent_body_id"]
    aliases = [] if pd.isna(row["aliases"]) else [a.strip() for a in row["aliases"].split(";")]
    founded = "unknown"
    if pd.notna(row["founded_as_written"]):
        founded = f"{row['founded_as_written']} (known to the {row['founded_precision']})"
    hq = ", ".join(
        str(v)
        for v in (
            row["hq_city"],
            None if pd.isna(row["hq_country_iso3"]) else country_name(row["hq_country_iso3"]),
        )
        if pd.notna(v)
    )
    more = "" if pd.isna(row["more_source_ids"]) else f" (also {row['more_source_ids']})"
    fields = {
        "Full name": row["full_name"],
        "Acronym": row["acronym"],
        "Body id": body_id,
        "Aliases": "; ".join(a for a in aliases if a) or "none recorded",
        "Type": label("body_type", row["type"]),
        "Region": label("region", row["region"]),
        "Founded": founded,
        "Headquarters": hq or "not stated",
        "Parent organisation": "none" if pd.isna(parent) else _full_name(data, parent),
        "Takes part in the Dialogue": "yes" if _is_true(row["is_dialogue_participant"]) else "no",
        "Confidence": row["confidence"],
        "Source": f"{row['source_id']}{more}",
        "Notes": row["notes"],
    }
    values = pd.array([None if pd.isna(v) else str(v) for v in fields.values()], dtype="string")
    return pd.DataFrame({"field": list(fields), "value": values})


def _is_true(value: object) -> bool:
    """True for True, numpy.True_ and pandas' boolean True; False for False and missing."""
    return bool(pd.notna(value) and value)


@as_table
def meetings(data: Dataset, body_id: str) -> pd.DataFrame:
    """Every meeting and the body's role(s) in it; 'not reported' / 'absent' when unlisted."""
    rows = body_participation(data, body_id)
    return pd.DataFrame(
        {
            "edition": rows["edition"],
            "kind": labels("kind", rows["kind"]),
            "date": date_labels(rows["start_date"], rows["date_precision"]),
            "place": places(rows),
            "role": _joined_labels("role", rows["roles"]).fillna(rows["unlisted"]),
            "attendance": _joined_labels("attendance", rows["attendances"]),
            "participant_list": rows["participant_list"],
            "confidence": rows["confidence"],
            "source_id": [
                "; ".join(ids) if isinstance(ids, (tuple, list)) else pd.NA
                for ids in rows["source_ids"]
            ],
        }
    )


@as_table
def shared_countries(data: Dataset, body_id: str, as_of: DateLike = "latest") -> pd.DataFrame:
    """Per other body: how many and which of the body's countries it also covers on the day."""
    day = as_timestamp(as_of, data)
    bodies = _with(data, body_id)
    matrix = membership_matrix(day, data, bodies)
    own = matrix[matrix[body_id]].drop(columns=body_id)
    shared = {  # ISO codes: short and unambiguous
        other: ", ".join(sorted(own.index[own[other]])) for other in own.columns if own[other].any()
    }
    labels = with_roster_marks(roster_counts(day, data, bodies)).set_index("body_id")["label"]
    counts = own.sum().reindex(list(shared)).sort_values(ascending=False, kind="stable")
    return pd.DataFrame(
        {
            "Other body": labels.reindex(counts.index).to_numpy(),
            "Shared countries": counts.to_numpy(),
            "Which (ISO 3166)": [shared[b] for b in counts.index],
        }
    )


@as_table
def conflicts(data: Dataset, body_id: str) -> pd.DataFrame:
    """Where sources disagree about the body, and which value the data uses."""
    return body_conflicts(data, body_id)


@as_table
def sources(data: Dataset, body_id: str) -> pd.DataFrame:
    """Every source cited by rows about the body."""
    return body_sources(data, body_id)


# --- Findings and titles -------------------------------------------------------------------------


def member_links(data: Dataset, body_id: str, as_of: DateLike = "latest") -> str:
    """Markdown: the body's countries on the day, each linking to its country profile.

    Members (suspended ones marked), then observers and partial members, then the countries
    whose status that day is unknown.
    """
    day = as_timestamp(as_of, data)
    found = members(body_id, day, data, status=["member", "partial", "observer"], unknown=True)
    found = found.sort_values("country_name", kind="mergesort")
    sure = found[found["certainty"] == "confirmed"]
    name = acronym(data, body_id)
    parts = []
    for status, words in (
        ("member", "Members"),
        ("partial", "Partial members"),
        ("observer", "Observers"),
    ):
        rows = sure[sure["status"] == status]
        if len(rows):
            names = {
                c: n + (" (suspended)" if s else "")
                for c, n, s in zip(
                    rows["country_iso3"], rows["country_name"], rows["is_suspended"], strict=True
                )
            }
            parts.append(
                f"**{words} ({len(rows)}):** {country_links(list(rows['country_iso3']), names)}"
            )
    unsure = found[found["certainty"] == "unknown"]
    if len(unsure):
        words = MARKS["unknown"].words.capitalize()
        parts.append(f"**{words} ({len(unsure)}):** {country_links(list(unsure['country_iso3']))}")
    if not parts:
        return markdown_safe(f"No country is listed in {name} on {day_words(day)}.")
    head = markdown_safe(f"{name}'s countries on {day_words(day)}; each links to its profile.")
    return "\n\n".join([head, *parts])


def no_members_text(data: Dataset, body_id: str) -> str:
    """'UNODC is a UN office with no member list in the dataset'."""
    found = data.bodies.loc[data.bodies["body_id"] == body_id, "type"]
    kind = label("body_type", found.iloc[0]) if len(found) else "body"
    article = "an" if kind[0] in "aeioAEIO" else "a"
    return f"{acronym(data, body_id)} is {article} {kind} with no member list in the dataset"


def members_title(counts: MemberCounts, name: str) -> str:
    """'SCO grew from 6 to 10 member countries between 2001 and 2025' (confirmed members)."""
    notes = [f"derived from {and_join(list(counts.derived_from))} roster"] * bool(
        counts.derived_from
    )
    last = counts.steps.iloc[-1]
    if last["n_unknown"]:
        notes.append(f"{plural(int(last['n_unknown']), 'more country')} unknown")
    tail = f" ({'; '.join(notes)})" if notes else ""
    sure = counts.steps[counts.steps["n_members"] > 0]
    if sure.empty:
        return f"{name}: no member country is confirmed by a dated source{tail}"
    n0, n1 = int(sure["n_members"].iloc[0]), int(last["n_members"])
    y0 = pd.Timestamp(sure["date"].iloc[0]).year
    peak = int(sure["n_members"].max())
    if n0 == n1 == peak:
        return f"{name} had {n1} member countries from {y0} to {counts.end.year}{tail}"
    if n0 == n1:
        return (
            f"{name} had {n0} confirmed member countries in {y0} and {n1} in {counts.end.year}, "
            f"{peak} at most{tail}"
        )
    verb = "grew" if n1 > n0 else "fell"
    return (
        f"{name} {verb} from {n0} to {n1} confirmed member countries between {y0} and "
        f"{counts.end.year}{tail}"
    )


def finding_meetings(data: Dataset, body_id: str) -> str:
    """In how many meetings a body is listed, and for how many its presence is not reported."""
    rows = body_participation(data, body_id)
    listed = rows[rows["listed"]]
    name = acronym(data, body_id)
    in_ed = listed[listed["kind"] == "edition"]
    n_ed, n_wg = (rows["kind"] == "edition").sum(), (rows["kind"] == "working_group").sum()
    text = (
        f"{name} is listed in {len(in_ed)} of the {n_ed} numbered editions"
        + (f" ({', '.join(in_ed['edition'])})" if len(in_ed) else "")
        + f" and {(listed['kind'] == 'working_group').sum()} of the {n_wg} working-group meetings"
    )
    unknown = int((rows["unlisted"] == "not reported").sum())
    return markdown_safe(
        text + (f"; its presence at {unknown} more is not reported." if unknown else ".")
    )


def counts_at(counts: MemberCounts, days: pd.Series) -> pd.DataFrame:
    """``n_members``, ``n_unknown``, ``n_suspended`` in force on each of ``days``."""
    at = pd.merge_asof(
        pd.DataFrame({"day": pd.to_datetime(days).astype("datetime64[ms]")}).sort_values("day"),
        counts.steps.astype({"date": "datetime64[ms]"}),
        left_on="day",
        right_on="date",
    )
    cols = ["n_members", "n_unknown", "n_suspended"]
    return at.set_index("day")[cols].fillna(0).astype(int)


def _count_words(row: pd.Series) -> str:
    """'54 member countries (1 of them suspended, 2 more unknown)'."""
    extra = []
    if row["n_suspended"]:
        extra.append(f"{row['n_suspended']} of them suspended")
    if row["n_unknown"]:
        extra.append(f"{row['n_unknown']} more unknown")
    return plural(int(row["n_members"]), "member country") + (
        f" ({', '.join(extra)})" if extra else ""
    )


def finding_members(data: Dataset, body_id: str) -> str:
    """A body's member count at the first and latest editions, with its caveats."""
    counts = member_counts(data, body_id)
    if counts.steps.empty:
        return markdown_safe(no_members_text(data, body_id) + ".")
    name = acronym(data, body_id)
    ed = numbered(data).dropna(subset=["start_date"]).iloc[[0, -1]]
    at = counts_at(counts, ed["start_date"])
    first, last = at.iloc[0], at.iloc[-1]
    when = date_labels(ed["start_date"], ed["date_precision"])
    text = (
        f"{name} had {_count_words(first)} at the "
        f"{ordinal(int(ed['number'].iloc[0]))} edition ({when.iloc[0]}) "
        f"and {_count_words(last)} at the {ordinal(int(ed['number'].iloc[1]))} ({when.iloc[1]})"
    )
    if counts.derived_from:
        text += f", as derived from the {and_join(list(counts.derived_from))} roster"
    return markdown_safe(text + ". " + counts.definition)


def finding_sources(data: Dataset, body_id: str) -> str:
    """How many sources back the rows about a body."""
    found = body_sources(data, body_id)
    top = found.iloc[0]
    return markdown_safe(
        f"{plural(len(found), 'source')} back the rows about {acronym(data, body_id)}; "
        f"the most cited is {top['source_id']} ({top['cited_by']})."
    )


# --- Charts --------------------------------------------------------------------------------------


def _with(data: Dataset, body_id: str) -> list[str]:
    """The Dialogue bodies counted as coverage, and ``body_id``."""
    return sorted({*coverage_bodies(data), body_id})


def _overlap_frames(
    data: Dataset, body_id: str, day: pd.Timestamp
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The overlap counts and marked rosters of ``body_id`` with every Dialogue body, on ``day``."""
    bodies = _with(data, body_id)
    counts = overlap_matrix(day, "count", data, bodies)
    return counts, with_roster_marks(roster_counts(day, data, bodies))


def _status_words(counts: pd.Series) -> list[str]:
    """'150 members', '1 partial member', '2 status unknown' in the maps' order."""
    return [
        plural(int(counts[s]), label("status", s))
        if s != "unknown"
        else f"{counts[s]} {MARKS['unknown'].words}"
        for s in maps.STATUS_STYLES
        if s in counts
    ]


def member_count_over_time(
    data: Dataset,
    body_id: str,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
) -> Figure:
    """Member countries of one body over time: confirmed as a line, unknown as a band above it.

    Args:
        data: The dataset.
        body_id: The body.
        start: Window start (default: the earliest day any of the body's rows may hold).
        end: Window end (default: the latest date in the memberships).

    Returns:
        The figure; a body with no member rows gets a figure that says so.
    """
    counts = member_counts(data, body_id, start, end)
    name = acronym(data, body_id)
    if counts.steps.empty:
        fig, ax = new_figure(1.8)
        ax.axis("off")
        ax.text(0.5, 0.5, "No member count to draw.", ha="center", va="center", fontsize=11)
        return finish(fig, no_members_text(data, body_id), data=counts.steps)
    fig, ax = new_figure(4.2)
    steps = counts.steps
    label = "member countries a dated source confirms"
    if counts.derived_from:
        label += f" (derived from {and_join(list(counts.derived_from))} roster)"
    days = steps["date"].to_numpy()
    top = steps["n_members"] + steps["n_unknown"]
    if steps["n_unknown"].any():
        ax.fill_between(
            days,
            steps["n_members"],
            top,
            step="post",
            facecolor=MARK_STYLES["unknown"]["facecolor"],
            hatch=MARK_STYLES["unknown"]["hatch"],
            edgecolor=GREY,
            alpha=0.55,
            lw=0,
            label=f"{MARKS['unknown'].words}: may have been members, no dated source of medium or "
            "high confidence shows it",
        )
    ax.step(days, steps["n_members"], where="post", color=BLUE, lw=2, label=label)
    if steps["n_suspended"].any():
        ax.step(
            days,
            steps["n_suspended"],
            where="post",
            color=MARK_STYLES["suspended"]["facecolor"],
            lw=1.2,
            ls="--",
            label=f"of which {MARKS['suspended'].words}s (still counted)",
        )
    ax.set_ylim(0, top.max() * 1.15 + 1)
    ax.set(xlabel="Date (year)", ylabel="Member countries (count)")
    ax.grid(color=LIGHT_GREY)
    ax.legend(
        loc="upper left",
        bbox_to_anchor=(0, -0.2),
        ncols=1,
        title=SUSPENSION_RULE,
        title_fontsize=8,
        alignment="left",
        **SMALL,
    )
    return finish(fig, members_title(counts, name), data=counts.steps)


def overlaps_chart(data: Dataset, body_id: str, as_of: DateLike = "latest") -> Figure:
    """One body's shared countries with every other Dialogue body on a day, as horizontal bars."""
    day = as_timestamp(as_of, data)
    counts, rosters = _overlap_frames(data, body_id, day)
    return _overlaps_figure(counts, rosters, body_id, day)


def _overlaps_figure(
    counts: pd.DataFrame, rosters: pd.DataFrame, body_id: str, day: pd.Timestamp
) -> Figure:
    """The bars of ``overlaps_chart``: ``counts`` from ``overlap_matrix``, ``rosters`` marked."""
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
    note_below(ax, "; ".join(filter(None, [roster_legend(rosters), SUSPENSION_RULE])))
    short = rosters.set_index("body_id").at[body_id, "acronym"]
    sharing = others[others > 0]
    if own == 0:
        title = f"{short} has no member countries in the data on {day_words(day)}"
    elif sharing.empty:
        title = f"On {day_words(day)}, {short} shared no member country with another body"
    else:
        names = rosters.set_index("body_id")["acronym"].reindex(sharing.index[::-1])
        title = (
            f"On {day_words(day)}, {short} shared member countries with "
            f"{plural(len(sharing), 'other body')}, "
            f"most with {names.iloc[0]} ({int(sharing.iloc[-1])} of its {own})"
        )
    shared = pd.DataFrame(
        {"shared_countries": others, "its_countries": sizes}, index=others.index
    ).rename_axis("body_id")
    return finish(fig, title, data=shared.iloc[::-1])


def world_map(data: Dataset, body_id: str, as_of: DateLike = "latest") -> Figure:
    """World map of one body's countries on a day by status; unknown statuses drawn as such."""
    day = as_timestamp(as_of, data)
    wanted = ("member", "partial", "observer", "signatory")
    rows = members(body_id, day, data, status=wanted, unknown=True)
    status = rows["status"].where(rows["certainty"] == "confirmed", "unknown")
    status = status.where(~(rows["is_suspended"] & (status == "member")), "suspended")
    short = acronym(data, body_id)
    counts = status.value_counts()
    parts = _status_words(counts)
    title = f"{short} on {day_words(day)}: {', '.join(parts) if parts else 'no countries'}"
    derived = rows.loc[rows["is_derived"].fillna(False).astype(bool), "derived_from"].dropna()
    note = ""
    if len(derived):
        parents = data.bodies.set_index("body_id")["acronym"].reindex(sorted(set(derived)))
        note += f"Roster taken from the members of {and_join(list(parents))}. "
    if (rows["basis"] == "snapshot").any():
        note += "Dated snapshots: each country's latest known status on or before this day. "
    note += SUSPENSION_RULE + " "
    if (status == "unknown").any():
        note += f"{MARKS['unknown'].sentence[0].upper()}{MARKS['unknown'].sentence[1:]}."
    return maps.member_map(status.set_axis(rows["country_iso3"]), title=title, note=note.strip())
