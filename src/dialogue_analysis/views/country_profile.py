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
    coverage_on,
    same_set,
    spells,
)
from dialogue_analysis.analysis.evidence import citations_of
from dialogue_analysis.analysis.membership import MEMBER_DEFINITION, SUSPENSION_RULE
from dialogue_analysis.analysis.overlaps import SEPARATOR, coverage_bodies
from dialogue_analysis.analysis.resolve import country_iso3, latest_day
from dialogue_analysis.data import countries
from dialogue_analysis.data.dataset import Dataset
from dialogue_analysis.data.vocabulary import label
from dialogue_analysis.views import maps
from dialogue_analysis.views.sources import source_table
from dialogue_analysis.views.style import (
    GREY,
    LIGHT_GREY,
    SMALL,
    VERMILLION,
    YELLOW,
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
    "locator_map",
    "peers",
    "sources",
    "spells_table",
    "timeline",
]

_STATUS_COLOURS = {k: v for k, v in maps.STATUS_STYLES.items() if k != "unknown"}
_UNKNOWN_HATCH = {"facecolor": YELLOW, "alpha": 0.55, "hatch": "////", "edgecolor": GREY}


def _name(code: str) -> str:
    return countries.country_name(code)


def _since(row: pd.Series) -> str:
    """'since 1964', 'since 10 Feb 2014', 'listed since Nov 2023' or 'since an unknown date'."""
    if pd.notna(row["as_of"]):
        return f"listed since {date_at(row['as_of'], row['as_of_precision'])}"
    if pd.isna(row["joined"]):
        if pd.notna(row["confirmed_from"]):  # the start is unknown, a dated source shows it
            return f"confirmed since {date_at(row['confirmed_from'])} (start not known)"
        return "since an unknown date"
    return f"since {date_at(row['joined'], row['joined_precision'])}"


def _current(rows: pd.DataFrame, day: pd.Timestamp) -> pd.DataFrame:
    """The country's member or partial rows in force on ``day``, one per body (first kept)."""
    holds = rows["possible_from"].fillna(rows["as_of"]).le(day) & (
        rows["out_from"].isna() | rows["out_from"].gt(day)
    )
    return rows[holds & rows["status"].isin(["member", "partial"])].drop_duplicates("body_id")


def finding(data: Dataset, country: str) -> str:
    """'Kenya belongs to 2 of the Dialogue's 9 bodies with member lists: INTERPOL since 1964 …'.

    Counted on the latest day the data dates, by the coverage rule (member or partial, confirmed);
    bodies in which its status that day is unknown are named apart.
    """
    code = country_iso3(country)
    rows = spells(data, code)
    day = latest_day(data)
    table = coverage_on(data, code, pd.Series([day])).iloc[0]
    sure = [b for b in table["body_ids"].split(SEPARATOR) if b]
    unsure = [b for b in table["unknown_body_ids"].split(SEPARATOR) if b]
    current = _current(rows, day).set_index("body_id")
    n_all = len(coverage_bodies(data))
    name = _name(code)

    def words(body: str) -> str:
        text = acronym(data, body)
        if body in current.index:
            row = current.loc[body]
            if row["status"] == "partial":
                text += " (partially)"
            text += " " + _since(row)
        return text

    if sure:
        text = (
            f"{name} belongs to {len(sure)} of the Dialogue's {n_all} bodies with member lists: "
            f"{and_join([words(b) for b in sure])}"
        )
    else:
        text = f"{name} belongs to none of the Dialogue's {n_all} bodies with member lists"
    left = _left(rows[rows["is_dialogue_body"]], set(sure) | set(unsure), day)
    if left:
        text += f"; it left {and_join([f'{acronym(data, b)} on {d}' for b, d in left])}"
    if unsure:
        text += f"; its status in {and_join(unsure)} is unknown"
    parents = rows[~rows["is_dialogue_body"]]
    gone = dict(_left(parents, set(), day))
    named = [
        acronym(data, b) + (f" (left on {gone[b]})" if b in gone else "")
        for b in parents["body_id"].drop_duplicates()
    ]
    if named:
        text += f"; the data also lists it in {and_join(named)}"
    return markdown_safe(f"{text} (on {day_words(day)}, the latest day the data dates).")


def _left(rows: pd.DataFrame, now: set[str], day: pd.Timestamp) -> list[tuple[str, str]]:
    """(body, the day it left at its precision) for the bodies whose membership ended by ``day``.

    A body the country is (or may be) in on ``day`` is left out, as are suspensions.
    """
    spells_ = rows[rows["status"].isin(["member", "partial"]) & rows["as_of"].isna()]
    ended = spells_[spells_["left"].notna() & spells_["left"].le(day)]
    ended = (
        ended[~ended["body_id"].isin(now)]
        .sort_values("left")
        .drop_duplicates("body_id", keep="last")
    )
    still = spells_[spells_["left"].isna() | spells_["left"].gt(day)]["body_id"]
    ended = ended[~ended["body_id"].isin(set(still))]
    labels = date_labels(ended["left"], ended["left_precision"])
    return list(zip(ended["body_id"], labels, strict=True))


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

    Solid: the days a source confirms, coloured by status; hatched yellow: the days its status is
    unknown (a start known to the year, or no dated source yet); a red band: a suspension; a dot:
    a dated snapshot; dotted lines: the Dialogue's editions.
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
    unknown = suspended = snapshot = False
    snaps = rows[rows["as_of"].notna()]
    for (body, status), group in snaps.groupby(["body_id", "status"], sort=False):
        y, colour = ypos[body], _STATUS_COLOURS.get(status, GREY)
        first = group["as_of"].min()  # unknown before the first dated list, confirmed from it
        ax.broken_barh(
            [span(group["possible_from"].min(), first)], (y - 0.3, 0.6), **_UNKNOWN_HATCH
        )
        ax.broken_barh([span(first, None)], (y - 0.3, 0.6), facecolor=colour)
        ax.plot(
            [pd.Timestamp(d).toordinal() for d in group["as_of"]],
            [y] * len(group),
            "o",
            color="black",
            ms=3,
            zorder=4,
        )
        statuses.add(status)
        unknown = snapshot = True
    for row in rows[rows["as_of"].isna()].itertuples(index=False):
        y = ypos[row.body_id]
        if row.status == "suspended":
            ax.broken_barh(
                [span(row.confirmed_from, row.confirmed_until)],
                (y - 0.12, 0.24),
                facecolor=VERMILLION,
                zorder=3,
            )
            suspended = True
            continue
        colour = _STATUS_COLOURS.get(row.status, GREY)
        sure_from, sure_until = row.confirmed_from, row.confirmed_until
        if pd.isna(sure_from):
            ax.broken_barh(
                [span(row.possible_from, row.out_from)], (y - 0.3, 0.6), **_UNKNOWN_HATCH
            )
            unknown = True
            continue
        if pd.isna(row.possible_from) or row.possible_from < sure_from:
            ax.broken_barh([span(row.possible_from, sure_from)], (y - 0.3, 0.6), **_UNKNOWN_HATCH)
            unknown = True
        ax.broken_barh([span(sure_from, sure_until)], (y - 0.3, 0.6), facecolor=colour)
        statuses.add(row.status)
        if pd.notna(sure_until) and (pd.isna(row.out_from) or row.out_from > sure_until):
            ax.broken_barh([span(sure_until, row.out_from)], (y - 0.3, 0.6), **_UNKNOWN_HATCH)
            unknown = True
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
    return pd.DataFrame(
        {
            "Body": [acronym(data, b) for b in rows["body_id"]],
            "Dialogue body": rows["is_dialogue_body"].to_numpy(),
            "Status": [label("status", s) for s in rows["status"]],
            "Joined": date_labels(rows["joined"], rows["joined_precision"]).to_numpy(),
            "Joined as written": rows["joined_as_written"].to_numpy(),
            "Left": date_labels(rows["left"], rows["left_precision"])
            .mask(rows["left"].isna(), "")
            .to_numpy(),
            "Listed on": date_labels(rows["as_of"], rows["as_of_precision"])
            .mask(rows["as_of"].isna(), "")
            .to_numpy(),
            "Confirmed from": date_labels(
                rows["confirmed_from"], pd.Series("day", index=rows.index)
            ).to_numpy(),
            "Derived from": rows["derived_from"].fillna("").to_numpy(),
            "Confidence": rows["confidence"].to_numpy(),
            "source_id": rows["source_id"].to_numpy(),
        }
    )


@as_table
def coverage_table(data: Dataset, country: str) -> pd.DataFrame:
    """How many Dialogue bodies covered the country on the first day of each edition."""
    table = coverage_at_editions(data, country_iso3(country))
    return pd.DataFrame(
        {
            "Edition": table["number"].astype("int64").to_numpy(),
            "First day": table["date"].to_numpy(),
            "Place": places(table).to_numpy(),
            "Bodies covering it": table["n_bodies"].to_numpy(),
            "Which": table["body_ids"].to_numpy(),
            "Status unknown in": table["unknown_body_ids"].to_numpy(),
        }
    )


def counting_note() -> str:
    """How the counts are made: the coverage rule and the one member definition."""
    return markdown_safe(
        "A body covers a country when the country is a full or partial member that day, as a "
        f"dated source shows. {MEMBER_DEFINITION} {SUSPENSION_RULE}"
    )


def peers(data: Dataset, country: str) -> str:
    """Markdown: the countries covered by exactly the same Dialogue bodies on the latest day.

    One sentence, then the countries by region, each linking to its own profile.
    """
    code = country_iso3(country)
    day = latest_day(data)
    sets = body_sets(data, day)
    mine = sets.get(code, "")
    if not mine:
        return markdown_safe(f"No Dialogue body covers {_name(code)} on {day_words(day)}.")
    table = same_set(data, code, day, sets)
    bodies = and_join(mine.split(SEPARATOR))
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
