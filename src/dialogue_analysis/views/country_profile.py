"""The country-profile report: one country in every Dialogue body, over time, with its sources.

A one-line finding (which Dialogue bodies the country belongs to on the latest day the data dates,
and since when), a timeline of its spells in every body (Dialogue bodies, then their parent
organisations), the number of Dialogue bodies covering it at each edition, the countries covered
by exactly the same bodies, a small locator map, the spells as a table and the sources behind
them. Counts follow ``MEMBER_DEFINITION`` and the coverage report's rule (``analysis.countries``).

A profile is built for each of some 200 countries, so it draws two small charts only;
``analysis.countries.profile_inputs`` tells the report builder which rows each profile reads, so
that a changed row rebuilds only the profiles that show it.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from dialogue_analysis.analysis.bodies import acronym
from dialogue_analysis.analysis.countries import (
    body_sets,
    coverage_at_editions,
    same_set,
    spells,
    standing,
    status_runs,
)
from dialogue_analysis.analysis.evidence import citations_of
from dialogue_analysis.analysis.membership import MEMBER_DEFINITION
from dialogue_analysis.analysis.overlaps import COVERING, coverage_bodies
from dialogue_analysis.analysis.resolve import country_iso3, latest_day
from dialogue_analysis.data import countries
from dialogue_analysis.data.dataset import Dataset
from dialogue_analysis.data.vocabulary import label
from dialogue_analysis.views import maps
from dialogue_analysis.views.sources import source_table
from dialogue_analysis.views.style import (
    GREY,
    LIGHT_GREY,
    MARK_STYLES,
    SMALL,
    VERMILLION,
    finish,
    new_figure,
)
from dialogue_analysis.views.tables import as_table, country_links
from dialogue_analysis.views.words import (
    and_join,
    date_at,
    date_labels,
    day_words,
    markdown_safe,
    places,
    plural,
)

__all__ = [
    "counting_note",
    "coverage_table",
    "finding",
    "finding_facts",
    "locator_map",
    "peers",
    "sources",
    "spells_table",
    "timeline",
]

_STATUS_COLOURS = {k: v for k, v in maps.STATUS_STYLES.items() if k != "unknown"}
# The unknown mark as every chart draws it (style.MARK_STYLES), lighter under the bars' labels.
_UNKNOWN_HATCH = {**MARK_STYLES["unknown"], "alpha": 0.55, "edgecolor": GREY}


def _name(code: str) -> str:
    return countries.country_name(code)


def _at(day: object, precision: object) -> str:
    return date_at(day, precision if isinstance(precision, str) else "day")


def _since(fact: pd.Series) -> tuple[str, list[str]]:
    """('since 1964' / 'listed since Nov 2023' / 'confirmed since 11 Aug 2020', notes)."""
    when = _at(fact["since"], fact["since_precision"])
    if fact["since_kind"] == "listed":
        return f"listed since {when}", []
    if fact["since_kind"] == "confirmed":
        if pd.isna(fact["low_start"]):
            return f"confirmed since {when}", ["start not known"]
        start = _at(fact["low_start"], fact["low_start_precision"])
        others = and_join(list(fact["other_starts"]))
        other = f"; another source says {others}" if others else ""
        return f"confirmed since {when}", [
            f"the start, {start}, rests on a low-confidence source{other}"
        ]
    return f"since {when}", []


def _words(data: Dataset, fact: pd.Series) -> str:
    """One body in the finding: 'AFRIPOL since 10 Feb 2014 (suspended since 27 Oct 2021, …)'."""
    text = acronym(data, fact["body_id"])
    if fact["status"] == "partial":
        text += " (partially)"
    since, notes = _since(fact)
    text += " " + since
    if pd.notna(fact["gap_from"]):
        text += f", after a gap from {_at(fact['gap_from'], fact['gap_from_precision'])}"
    if fact["is_suspended"]:
        when = _at(fact["suspended_since"], fact["suspended_since_precision"])
        notes.append(f"suspended since {when}, still counted as a member")
    return text + (f" ({'; '.join(notes)})" if notes else "")


def _left_words(data: Dataset, fact: pd.Series) -> str:
    """'the EU on 31 Jan 2020' (the last day inside), or 'the EU in 2020' for a coarser date."""
    when = _at(fact["last_in"], fact["last_in_precision"])
    on = "in" if fact["last_in_precision"] in ("year", "month") else "on"
    return f"{acronym(data, fact['body_id'])} {on} {when}"


def _unknown_words(data: Dataset, fact: pd.Series) -> str:
    text = acronym(data, fact["body_id"])
    if fact["confidence"] == "low":
        text += f" (only a low-confidence source shows it: {fact['source_id']})"
    return text


def finding_facts(data: Dataset, country: str) -> pd.DataFrame:
    """The frame the finding is written from: ``standing`` on the latest day, covering statuses.

    The same status rule and day as the page's tables (``coverage_on`` the latest day gives the
    same confirmed and unknown bodies).
    """
    return standing(data, country_iso3(country), latest_day(data), statuses=COVERING)


def finding(data: Dataset, country: str) -> str:
    """'Kenya belongs to 1 of the Dialogue's 10 bodies with member lists: AFRIPOL since …'.

    Written from ``finding_facts``: counted on the latest day the data dates, by the coverage
    rule (member or partial, confirmed); bodies in which its status that day is unknown are
    named apart, with their low-confidence source; suspensions in force, gaps, low-confidence
    starts and the last day inside a body left are said; every date at its precision.
    """
    code = country_iso3(country)
    day = latest_day(data)
    facts = finding_facts(data, code)
    mine = facts[facts["is_dialogue_body"]]
    sure = mine[mine["state"] == "confirmed"]
    unsure = mine[mine["state"] == "unknown"]
    ended = mine[(mine["state"] == "out") & mine["left"].notna()]
    n_all = len(coverage_bodies(data))
    name = _name(code)
    if len(sure):
        text = (
            f"{name} belongs to {len(sure)} of the Dialogue's {n_all} bodies with member lists: "
            f"{and_join([_words(data, f) for _, f in sure.iterrows()])}"
        )
    else:
        text = f"{name} belongs to none of the Dialogue's {n_all} bodies with member lists"
    if len(ended):
        text += f"; it left {and_join([_left_words(data, f) for _, f in ended.iterrows()])}"
    if len(unsure):
        named = and_join([_unknown_words(data, f) for _, f in unsure.iterrows()])
        text += f"; its status in {named} is unknown"
    parents = facts[~facts["is_dialogue_body"]]
    named = [
        acronym(data, f["body_id"])
        + (f" (left {_left_words(data, f).split(' ', 1)[1]})" if pd.notna(f["left"]) else "")
        for _, f in parents.iterrows()
    ]
    if named:
        text += f"; the data also lists it in {and_join(named)}"
    return markdown_safe(f"{text} (on {day_words(day)}, the latest day the data dates).")


# --- Charts --------------------------------------------------------------------------------------


def _window(rows: pd.DataFrame, data: Dataset) -> tuple[int, pd.Timestamp, pd.Timestamp]:
    """The first year the rows may hold, and the time axis's start and end.

    The axis runs from two years before that year (or before 2016, so the editions show) to a
    year after the latest day the data dates.
    """
    starts = pd.concat([rows["possible_from"], rows["confirmed_from"], rows["as_of"]]).dropna()
    first = starts.min().year if len(starts) else 2016
    start = pd.Timestamp(min(first, 2016) - 2, 1, 1)
    return first, start, latest_day(data) + pd.DateOffset(years=1)


def timeline(data: Dataset, country: str) -> Figure:
    """The country's spells in every body as bars on a time axis.

    Drawn from the status rule's runs (``analysis.countries.status_runs``), the frame the finding
    and the tables read. Solid: the days a sure source confirms, coloured by status; hatched
    yellow: the days its status is unknown (a start known to the year, no dated source yet, or a
    low-confidence source only); a red band: a suspension in force; a dot: a dated snapshot;
    dotted lines: the Dialogue's editions.
    """
    code = country_iso3(country)
    rows = spells(data, code)
    name = _name(code)
    if rows.empty:
        fig, ax = new_figure(1.4)
        ax.axis("off")
        ax.text(0.5, 0.5, "No membership row to draw.", ha="center", va="center")
        return finish(fig, f"{name}: no membership in the data", data=rows)
    first_year, start, end = _window(rows, data)
    order = list(dict.fromkeys(rows["body_id"]))
    ypos = {b: i for i, b in enumerate(order)}
    fig, ax = new_figure(1.3 + 0.32 * len(order))
    x0, x1 = (pd.Timestamp(d).toordinal() for d in (start, end))

    def span(a: object, b: object) -> tuple[float, float]:
        lo = x0 if pd.isna(a) else max(pd.Timestamp(a).toordinal(), x0)
        hi = x1 if pd.isna(b) else min(pd.Timestamp(b).toordinal(), x1)
        return lo, max(hi - lo, 0)

    statuses: set[str] = set()
    unknown = suspended = False
    # The bars are the status rule's own answer over time, run by run (``status_runs``).
    for run in status_runs(data, code).itertuples(index=False):
        y = ypos[run.body_id]
        if run.state == "unknown":
            ax.broken_barh([span(run.start, run.end)], (y - 0.3, 0.6), **_UNKNOWN_HATCH)
            unknown = True
        else:
            colour = _STATUS_COLOURS.get(run.status, GREY)
            ax.broken_barh([span(run.start, run.end)], (y - 0.3, 0.6), facecolor=colour)
            statuses.add(run.status)
        if run.is_suspended:
            ax.broken_barh(
                [span(run.start, run.end)], (y - 0.12, 0.24), facecolor=VERMILLION, zorder=3
            )
            suspended = True
    snaps = rows[rows["as_of"].notna()]
    snapshot = not snaps.empty
    ax.plot(
        [pd.Timestamp(d).toordinal() for d in snaps["as_of"]],
        [ypos[b] for b in snaps["body_id"]],
        "o",
        color="black",
        ms=3,
        zorder=4,
    )
    editions = data.editions[data.editions["kind"] == "edition"].dropna(subset=["start_date"])
    for day in editions["start_date"]:
        ax.axvline(pd.Timestamp(day).toordinal(), color=GREY, lw=0.6, ls=":", zorder=1)
    dialogue = set(rows.loc[rows["is_dialogue_body"], "body_id"])
    labels = [acronym(data, b) + ("" if b in dialogue else " (parent)") for b in order]
    ax.set_yticks(range(len(order)), labels, **SMALL)
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.set_xlim(x0, x1)
    years = range(start.year, end.year + 1)
    step = max(1, len(years) // 10)
    ticks = [pd.Timestamp(y, 1, 1) for y in years if y % step == 0]
    ax.set_xticks([t.toordinal() for t in ticks], [str(t.year) for t in ticks], **SMALL)
    ax.grid(axis="x", color=LIGHT_GREY, lw=0.5)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    handles = [
        Patch(facecolor=_STATUS_COLOURS[s], label=label("status", s)) for s in sorted(statuses)
    ]
    if unknown:
        handles.append(Patch(**_UNKNOWN_HATCH, label="status unknown"))
    if suspended:
        handles.append(Patch(facecolor=VERMILLION, label="suspended (still a member)"))
    if snapshot:
        handles.append(Line2D([], [], marker="o", ls="", color="black", ms=3, label="dated list"))
    handles.append(Line2D([], [], color=GREY, lw=0.6, ls=":", label="Dialogue edition"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, **SMALL)
    n_dialogue = rows.loc[rows["is_dialogue_body"], "body_id"].nunique()
    n_parents = rows.loc[~rows["is_dialogue_body"], "body_id"].nunique()
    listed = plural(n_dialogue, "Dialogue body") + (
        f" and {plural(n_parents, 'parent organisation')}" if n_parents else ""
    )
    title = f"{name} in the data: {listed}, {first_year}–{latest_day(data).year}"
    chart_data = rows[
        [
            "body_id",
            "status",
            "possible_from",
            "confirmed_from",
            "confirmed_until",
            "out_from",
            "as_of",
            "confidence",
            "source_id",
        ]
    ]
    return finish(fig, title, data=chart_data)


def locator_map(data: Dataset, country: str) -> Figure:
    """A small world map with the country in red (a circle marks a small one)."""
    code = country_iso3(country)
    return maps.locator_map(code, title=f"Where {_name(code)} is")


# --- Tables --------------------------------------------------------------------------------------


@as_table
def spells_table(data: Dataset, country: str) -> pd.DataFrame:
    """Every row of the country: body, status, dates as written and at their precision, evidence."""
    rows = spells(data, country_iso3(country))
    # "left" is the first day outside; the table shows the last day inside (at day precision).
    by_day = rows["left_precision"].fillna("day").eq("day").astype(bool)
    last_in = rows["left"].where(~by_day, rows["left"] - pd.Timedelta(days=1))
    return pd.DataFrame(
        {
            "Body": [acronym(data, b) for b in rows["body_id"]],
            "Dialogue body": rows["is_dialogue_body"].to_numpy(),
            "Status": [label("status", s) for s in rows["status"]],
            "Joined": date_labels(rows["joined"], rows["joined_precision"]).to_numpy(),
            "Joined as written": rows["joined_as_written"].to_numpy(),
            "Last day in": date_labels(last_in, rows["left_precision"])
            .mask(rows["left"].isna(), "")
            .to_numpy(),
            "Listed on": date_labels(rows["as_of"], rows["as_of_precision"])
            .mask(rows["as_of"].isna(), "")
            .to_numpy(),
            "Confirmed from": date_labels(rows["confirmed_from"], rows["confirmed_from_precision"])
            .mask(rows["confirmed_from"].isna(), "not confirmed")
            .to_numpy(),
            "Derived from": rows["derived_from"].fillna("").to_numpy(),
            "Confidence": rows["confidence"].to_numpy(),
            "source_id": rows["source_id"].to_numpy(),
        }
    )


def _unknown_in(data: Dataset, table: pd.DataFrame) -> list[str]:
    """'AMERIPOL (low-confidence source only), INTERPOL' for each edition."""
    pairs = zip(table["unknown_body_ids"], table["low_body_ids"], strict=True)
    note = " (low-confidence source only)"
    return [", ".join(acronym(data, b) + note * (b in low) for b in found) for found, low in pairs]


def _acronyms(data: Dataset, lists: pd.Series) -> list[str]:
    return [", ".join(acronym(data, b) for b in found) for found in lists]


@as_table
def coverage_table(data: Dataset, country: str) -> pd.DataFrame:
    """How many Dialogue bodies covered the country on the first day of each edition."""
    table = coverage_at_editions(data, country_iso3(country))
    return pd.DataFrame(
        {
            "Edition": table["number"].astype("int64").to_numpy(),
            "First day": date_labels(table["date"], pd.Series("day", index=table.index)).to_numpy(),
            "Place": places(table).to_numpy(),
            "Bodies covering it": table["n_bodies"].to_numpy(),
            "Which": _acronyms(data, table["body_ids"]),
            "Suspended in (still counted)": _acronyms(data, table["suspended_body_ids"]),
            "Status unknown in": _unknown_in(data, table),
        }
    )


def counting_note() -> str:
    """How the counts are made: the coverage rule and the one member definition."""
    return markdown_safe(
        "A body covers a country when the country is a full or partial member that day, as a "
        f"dated source shows. {MEMBER_DEFINITION}"
    )


def peers(data: Dataset, country: str) -> str:
    """Markdown: the countries covered by exactly the same Dialogue bodies on the latest day.

    One sentence, then the countries by region, each linking to its own profile.
    """
    code = country_iso3(country)
    day = latest_day(data)
    sets = body_sets(data, day)
    mine = sets.get(code, ())
    if not mine:
        return markdown_safe(f"No Dialogue body covers {_name(code)} on {day_words(day)}.")
    table = same_set(data, code, day, sets)
    bodies = and_join([acronym(data, b) for b in mine])
    n = len(table)
    head = markdown_safe(
        f"{plural(n, 'other country')} {'is' if n == 1 else 'are'} covered on {day_words(day)} "
        f"by exactly the same Dialogue bodies as {_name(code)} ({bodies})"
    )
    if not n:
        return head + "."
    lines = [
        f"**{markdown_safe(region)}:** "
        + country_links(
            list(rows["country_iso3"]),
            dict(zip(rows["country_iso3"], rows["country_name"], strict=True)),
        )
        for region, rows in table.groupby("region", sort=True)
    ]
    return head + ":\n\n" + "\n\n".join(lines)


@as_table
def sources(data: Dataset, country: str) -> pd.DataFrame:
    """Every source cited by the country's membership rows."""
    code = country_iso3(country)
    return source_table(
        data, citations_of(data, "memberships", data.memberships["country_iso3"] == code)
    )
