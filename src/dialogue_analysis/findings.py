"""Chart titles and one-line findings: each states a fact computed from the processed tables.

The ``*_title`` functions give each chart its title, computed from the same ``tables`` helpers the
chart draws, so a title and the figure below it cannot disagree. The ``finding_*`` functions write
the one-line finding printed above a chart or table; they carry values from the CSVs and are shown
as Markdown, so their text is escaped with ``words.markdown_safe``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import pandas as pd

from dialogue_analysis.dataset import Dataset
from dialogue_analysis.evidence import body_sources, low_confidence_facts
from dialogue_analysis.profiles import MemberCounts, body_participation, member_counts
from dialogue_analysis.tables import (
    CATEGORIES,
    acronym,
    composition,
    composition_changes,
    edition_gaps,
    founding,
    host_counts,
    meeting_hosts,
    meetings,
    numbered,
    participation_cells,
)
from dialogue_analysis.words import (
    FORMAT_WORDS,
    LIST_WORDS,
    and_join,
    at_place,
    label,
    markdown_safe,
    month_year,
    ordinal,
    plural,
    times,
)


def _finding(compute: Callable[..., str]) -> Callable[..., str]:
    """Findings carry values from the CSVs and are shown as Markdown: escape them."""

    @functools.wraps(compute)
    def safe(*args: object, **kwargs: object) -> str:
        return markdown_safe(compute(*args, **kwargs))

    return safe


def timeline_title(editions: pd.DataFrame, include_working_groups: bool = True) -> str:
    """'The Dialogue met 8 times between 2016 and 2024: 6 in person, 1 online, 1 hybrid; ...'."""
    ed = numbered(editions)
    counts = ed["format"].value_counts()
    formats = ", ".join(f"{counts[f]} {w}" for f, w in FORMAT_WORDS.items() if f in counts)
    years = ed["start_date"].dt.year.dropna().astype(int)
    span = f" between {years.min()} and {years.max()}" if len(years) else ""
    title = f"The Dialogue met {times(len(ed))}{span}: {formats}"
    wg = editions[editions["kind"] == "working_group"].sort_values("start_date")
    if include_working_groups and len(wg):
        wg_years = ", ".join(wg["start_date"].dt.year.astype("string").fillna("year unknown"))
        title += f"; its working group met {times(len(wg))} ({wg_years})"
    return title


def hosts_title(editions: pd.DataFrame, participation: pd.DataFrame, bodies: pd.DataFrame) -> str:
    """'INTERPOL hosted or co-hosted 7 of the 10 meetings; AIMC, GCCPOL and ... one each'."""
    counts = host_counts(editions, participation, bodies)
    n = len(editions)
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
    unhosted = n - meeting_hosts(editions, participation, bodies)["edition"].nunique()
    return title + (f"; no host recorded for {unhosted}" if unhosted else "")


def intervals_title(editions: pd.DataFrame) -> str:
    """'Editions came 10 to 25 months apart; the longest gap was between the 2nd ... and ...'."""
    gaps = edition_gaps(editions).dropna(subset=["months"])
    if gaps.empty:
        return "Fewer than two editions have a known date: no interval to show"
    longest = gaps.loc[gaps["months"].idxmax()]
    return (
        f"Editions came {gaps['months'].min()} to {gaps['months'].max()} months apart; the longest "
        f"gap was between the {ordinal(int(longest['previous_number']))} "
        f"({month_year(longest['previous_start'])}) and the {ordinal(int(longest['number']))} "
        f"({month_year(longest['start_date'])})"
    )


def heatmap_title(participation: pd.DataFrame, editions: pd.DataFrame, bodies: pd.DataFrame) -> str:
    """'11 bodies appear in the numbered editions; the lists of 5 of the 8 are partial ...'."""
    cells = participation_cells(participation, editions, bodies)
    listed = cells.loc[cells["category"].isin(CATEGORIES[:4]), "body_id"].nunique()
    ed = numbered(editions)
    vague = int(ed["participant_list"].isin(["partial", "unknown"]).sum())
    return (
        f"{plural(listed, 'body')} appear in the numbered editions; the participant lists of "
        f"{vague} of the {len(ed)} editions are partial or unknown"
    )


def composition_title(comp: pd.DataFrame) -> str:
    """'In 2019 (edition 3, standing composition) the Dialogue had 9 members and ...'."""
    first = comp.iloc[0]
    members = comp[comp["role"] == "member"]
    title = (
        f"In {first['year']} (edition {first['number']}, "
        f"{LIST_WORDS.get(first['participant_list'], first['participant_list'])}) the Dialogue had "
        f"{plural(len(members), 'member')} and "
        f"{plural(int((comp['role'] == 'observer').sum()), 'observer')}"
    )
    types = members["type_label"].value_counts().sort_index().sort_values(ascending=False)
    if len(types) and types.iloc[0] > 1:
        many = plural(int(types.iloc[0]), str(types.index[0])).split(" ", 1)[1]
        title += f"; {types.iloc[0]} of the members are {many}"
    return title


def founding_title(bodies: pd.DataFrame) -> str:
    """'INTERPOL (Sep 1923) is the oldest Dialogue body and GCCPOL (9 Dec 2014) the youngest'."""
    found = founding(bodies)
    known = found[found["founded"].notna()]
    unknown = len(found) - len(known)
    tail = f"; {plural(unknown, 'founding date')} unknown" if unknown else ""
    if known.empty:
        return f"No founding date is known for the {plural(len(found), 'Dialogue body')}"
    old, young = known.iloc[0], known.iloc[-1]
    return (
        f"{old['acronym']} ({old['when']}) is the oldest Dialogue body and {young['acronym']} "
        f"({young['when']}) the youngest{tail}"
    )


def no_members_text(bodies: pd.DataFrame, body_id: str) -> str:
    """'UNODC is a UN office with no member list in the dataset'."""
    found = bodies.loc[bodies["body_id"] == body_id, "type"]
    kind = label("body_type", found.iloc[0]) if len(found) else "body"
    article = "an" if kind[0] in "aeioAEIO" else "a"
    return f"{acronym(bodies, body_id)} is {article} {kind} with no member list in the dataset"


def members_title(counts: MemberCounts, name: str) -> str:
    """'SCO grew from 6 to 10 member countries between 2001 and 2025' (or a snapshot's count)."""
    notes = [f"derived from {and_join(list(counts.derived_from))} roster"] * bool(
        counts.derived_from
    )
    if counts.n_unknown_joined:
        notes.append(f"joining dates unknown for {counts.n_unknown_joined}")
    tail = f" ({'; '.join(notes)})" if notes else ""
    if len(counts.steps):
        n0, n1 = int(counts.steps["n_members"].iloc[0]), int(counts.steps["n_members"].iloc[-1])
        snap = ""
        if len(counts.snapshots):
            big = counts.snapshots.loc[counts.snapshots["n_members"].idxmax()]
            snap = f"; snapshots name up to {big['n_members']} ({big['as_of']:%b %Y})"
        if counts.n_unknown_joined or n0 == n1:
            return f"{name} had {n1} member countries by {counts.end.year}{tail}{snap}"
        verb = "grew" if n1 > n0 else "fell"
        return (
            f"{name} {verb} from {n0} to {n1} member countries between {counts.start.year} and "
            f"{counts.end.year}{tail}{snap}"
        )
    if len(counts.snapshots):
        big = counts.snapshots.loc[counts.snapshots["n_members"].idxmax()]
        return (
            f"{name}: the largest snapshot ({big['as_of']:%b %Y}) names "
            f"{plural(int(big['n_members']), 'member country')}{tail}"
        )
    return f"{name} has no member-status rows in the dataset"


@_finding
def finding_meetings(data: Dataset, include_working_groups: bool = True) -> str:
    """Where the first and latest editions met, and when the working group met."""
    m = meetings(data.editions, data.participation, data.bodies)
    ed = m[m["kind"] == "edition"]
    first, last = ed.iloc[0], ed.iloc[-1]
    text = (
        f"The first edition met {at_place(first['place'])} in "
        f"{month_year(first['start_date'])}; the latest, the {ordinal(int(last['number']))}, met "
        f"{at_place(last['place'])} in {month_year(last['start_date'])}."
    )
    wg = m[m["kind"] == "working_group"]
    if include_working_groups and len(wg):
        held = and_join(list(wg["start_date"].map(month_year) + " (" + wg["place"] + ")"))
        text += f" The working group met {times(len(wg))}: {held}."
    return text


@_finding
def finding_hosts(data: Dataset) -> str:
    """Which regional bodies hosted, where and when."""
    hosts = meeting_hosts(data.editions, data.participation, data.bodies)
    regional = hosts[hosts["region"] != "global"]
    if regional.empty:
        return "Only global bodies have hosted the Dialogue."
    place = regional["city"].fillna("place not stated").map(at_place)
    where = list(
        regional["acronym"] + " " + place + " (" + regional["start_date"].dt.strftime("%Y") + ")"
    )
    return f"Regional bodies hosted or co-hosted {times(len(regional))}: {and_join(where)}."


@_finding
def finding_intervals(data: Dataset) -> str:
    """The median gap and the latest gaps between editions."""
    months = edition_gaps(data.editions)["months"].dropna().astype(int)
    if months.empty:
        return "No interval between editions can be computed."
    last = [str(v) for v in months.iloc[-3:]]
    return (
        f"The median gap between editions is {months.median():g} months; the last "
        f"{plural(len(last), 'gap')} were {and_join(last)} months."
    )


@_finding
def finding_participation(data: Dataset) -> str:
    """How many body x edition cells are 'not reported', and why."""
    cells = participation_cells(data.participation, data.editions, data.bodies)
    vague = cells.loc[cells["category"] == "not reported", "number"].unique()
    return (
        f"{(cells['category'] == 'not reported').sum()} of the {len(cells)} body-edition cells "
        f"are 'not reported': the lists of editions {and_join([str(v) for v in sorted(vague)])} "
        "are partial or unknown, so a body missing there may still have attended."
    )


@_finding
def finding_composition(data: Dataset, edition: int | None = None) -> str:
    """Members by region and the observers of one edition."""
    comp = composition(data.participation, data.editions, data.bodies, edition)
    regions = comp.loc[comp["role"] == "member", "region_label"].value_counts().sort_index()
    observers = comp[comp["role"] == "observer"]
    text = "Members by region: " + ", ".join(f"{r} {n}" for r, n in regions.items())
    if len(observers):
        named = list(observers["acronym"] + " (" + observers["region_label"] + ")")
        text += f"; observers: {and_join(named)}"
    return text + "."


@_finding
def finding_founding(data: Dataset) -> str:
    """How precisely the founding dates are known."""
    precision = founding(data.bodies)["founded_precision"].value_counts()
    unknown = int(data.bodies["is_dialogue_participant"].fillna(False).sum() - precision.sum())
    return (
        f"Founding dates are known to the day for {plural(precision.get('day', 0), 'body')}, to "
        f"the month for {precision.get('month', 0)} and only to the year for "
        f"{precision.get('year', 0)}" + (f"; {unknown} unknown." if unknown else ".")
    )


@_finding
def finding_changes(data: Dataset) -> str:
    """Which bodies changed stated role (member <-> observer) between editions."""
    changes = composition_changes(data.participation, data.editions)
    changed = changes[changes["role_changes"] != "none"]
    if changed.empty:
        return "No body's stated role (member or observer) changed between numbered editions."
    names = changed["body_id"].map(data.bodies.set_index("body_id")["acronym"])
    named = list(names.fillna(changed["body_id"]) + " " + changed["role_changes"])
    return (
        f"{plural(len(changed), 'body')} changed stated role between editions: {'; '.join(named)}."
    )


@_finding
def finding_low_confidence(data: Dataset) -> str:
    """How many facts rest on low confidence, by table."""
    facts = low_confidence_facts(data)
    if facts.empty:
        return "No fact in the dataset is of low confidence."
    by_table = facts["table"].value_counts().sort_index()
    return (
        f"{plural(len(facts), 'fact')} rest on low confidence (unverified): "
        + ", ".join(f"{n} in {t}" for t, n in by_table.items())
        + "."
    )


@_finding
def finding_body(data: Dataset, body_id: str) -> str:
    """In how many meetings a body is listed, and for how many its presence is not reported."""
    rows = body_participation(data.participation, data.editions, body_id)
    listed = rows[~rows["role"].isin(["not reported", "absent"])]
    name = acronym(data.bodies, body_id)
    in_ed = listed[listed["kind"] == "edition"]
    n_ed, n_wg = (rows["kind"] == "edition").sum(), (rows["kind"] == "working group").sum()
    text = (
        f"{name} is listed in {len(in_ed)} of the {n_ed} numbered editions"
        + (f" ({', '.join(in_ed['edition'])})" if len(in_ed) else "")
        + f" and {(listed['kind'] == 'working group').sum()} of the {n_wg} working-group meetings"
    )
    unknown = int((rows["role"] == "not reported").sum())
    return text + (f"; its presence at {unknown} more is not reported." if unknown else ".")


@_finding
def finding_members(data: Dataset, body_id: str) -> str:
    """A body's member count at the first and latest editions, with its caveats."""
    founded = data.bodies.loc[data.bodies["body_id"] == body_id, "founded"]
    counts = member_counts(
        data.memberships, body_id, founded=founded.iloc[0] if len(founded) else None
    )
    if counts.steps.empty and counts.snapshots.empty:
        return no_members_text(data.bodies, body_id) + "."
    name = acronym(data.bodies, body_id)
    if counts.steps.empty:
        return members_title(counts, name) + "."
    ed = numbered(data.editions).dropna(subset=["start_date"]).iloc[[0, -1]]
    at = (
        pd.merge_asof(
            ed[["number", "start_date"]].astype({"start_date": "datetime64[ms]"}),
            counts.steps.astype({"date": "datetime64[ms]"}),
            left_on="start_date",
            right_on="date",
        )["n_members"]
        .fillna(0)
        .astype(int)
    )
    text = (
        f"{name} counted {at.iloc[0]} member countries at the {ordinal(int(ed['number'].iloc[0]))} "
        f"edition ({month_year(ed['start_date'].iloc[0])}) and {at.iloc[1]} at the "
        f"{ordinal(int(ed['number'].iloc[1]))} ({month_year(ed['start_date'].iloc[1])})"
    )
    if counts.derived_from:
        text += f", as derived from the {and_join(list(counts.derived_from))} roster"
    if counts.n_unknown_joined:
        text += (
            f"; {plural(counts.n_unknown_joined, 'country')} with an unknown joining date "
            f"{'is' if counts.n_unknown_joined == 1 else 'are'} counted from {counts.start:%Y}"
        )
    return text + "."


@_finding
def finding_sources(data: Dataset, body_id: str) -> str:
    """How many sources back the rows about a body."""
    sources = body_sources(data, body_id)
    top = sources.iloc[0]
    return (
        f"{plural(len(sources), 'source')} back the rows about {acronym(data.bodies, body_id)}; "
        f"the most cited is {top['source_id']} ({top['cited_by']})."
    )
