"""The membership report: who belongs to the Dialogue, since when, and how surely.

Findings (one-line Markdown, escaped), chart titles computed from the frames the charts draw, the
charts (one edition's members and observers by body type, the founding dates at their precision)
and the tables (when each body first came and every change of stated role, the confidence scale,
the low-confidence facts, the sources). Low-confidence facts are drawn hollow or carry the
low-confidence mark; the scale and the marks are read from their one declaration
(``vocabulary.CONFIDENCE_SCALE`` and ``vocabulary.MARKS``).
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from dialogue_analysis.analysis import composition
from dialogue_analysis.analysis.evidence import low_confidence_facts
from dialogue_analysis.analysis.meetings import CELL_OF, dialogue_bodies
from dialogue_analysis.data.dataset import Dataset
from dialogue_analysis.data.vocabulary import CONFIDENCE_SCALE, MARKS
from dialogue_analysis.views import words
from dialogue_analysis.views.sources import report_sources
from dialogue_analysis.views.style import (
    BLACK,
    BLUE,
    CATEGORY_COLOURS,
    LIGHT_GREY,
    PLAIN,
    SMALL,
    WHITE,
    finish,
    legend_with_marks,
    marked,
    new_figure,
)
from dialogue_analysis.views.tables import as_table
from dialogue_analysis.views.words import and_join, markdown_safe, plural


def _composition(data: Dataset, edition: int | None = None) -> pd.DataFrame:
    """``composition.composition`` with ``type_label`` and ``region_label``."""
    comp = composition.composition(data, edition)
    return comp.assign(
        type_label=words.labels("body_type", comp["type"]),
        region_label=words.labels("region", comp["region"]),
    )


def _founding(data: Dataset) -> pd.DataFrame:
    """``composition.founding`` with ``when``, the date written at its precision."""
    found = composition.founding(data)
    return found.assign(when=words.date_labels(found["founded"], found["founded_precision"]))


# --- Findings and titles -------------------------------------------------------------------------


def composition_title(comp: pd.DataFrame) -> str:
    """'In 2019 (edition 3, standing composition) the Dialogue had 9 members and ...'."""
    first = comp.iloc[0]
    members = comp[comp["role"] == "member"]
    title = (
        f"In {first['year']} (edition {first['number']}, "
        f"{words.label('participant_list', first['participant_list'])}) the Dialogue had "
        f"{plural(len(members), 'member')} and "
        f"{plural(int((comp['role'] == 'observer').sum()), 'observer')}"
    )
    types = members["type_label"].value_counts().sort_index().sort_values(ascending=False)
    if len(types) and types.iloc[0] > 1:
        many = plural(int(types.iloc[0]), str(types.index[0])).split(" ", 1)[1]
        title += f"; {types.iloc[0]} of the members are {many}"
    return title


def founding_title(data: Dataset) -> str:
    """'INTERPOL (Sep 1923) is the oldest Dialogue body and GCCPOL (9 Dec 2014) the youngest'."""
    found = _founding(data)
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


def finding_composition(data: Dataset, edition: int | None = None) -> str:
    """Members by region and the observers of one edition."""
    comp = _composition(data, edition)
    regions = comp.loc[comp["role"] == "member", "region_label"].value_counts().sort_index()
    observers = comp[comp["role"] == "observer"]
    text = "Members by region: " + ", ".join(f"{r} {n}" for r, n in regions.items())
    if len(observers):
        named = list(observers["acronym"] + " (" + observers["region_label"] + ")")
        text += f"; observers: {and_join(named)}"
    return markdown_safe(text + ".")


def finding_founding(data: Dataset) -> str:
    """How precisely the founding dates are known."""
    precision = composition.founding(data)["founded_precision"].value_counts()
    unknown = int(len(dialogue_bodies(data)) - precision.sum())
    return markdown_safe(
        f"Founding dates are known to the day for {plural(precision.get('day', 0), 'body')}, to "
        f"the month for {precision.get('month', 0)} and only to the year for "
        f"{precision.get('year', 0)}" + (f"; {unknown} unknown." if unknown else ".")
    )


def finding_changes(data: Dataset) -> str:
    """Which bodies changed stated role (member <-> observer) between editions."""
    changes = composition_changes(data)
    changed = changes[changes["role_changes"] != "none"]
    if changed.empty:
        return "No body's stated role (member or observer) changed between numbered editions."
    names = changed["body_id"].map(data.bodies.set_index("body_id")["acronym"])
    named = list(names.fillna(changed["body_id"]) + " " + changed["role_changes"])
    return markdown_safe(
        f"{plural(len(changed), 'body')} changed stated role between editions: {'; '.join(named)}."
    )


def finding_low_confidence(data: Dataset) -> str:
    """How many facts rest on low confidence, by table."""
    facts = low_confidence_facts(data)
    if facts.empty:
        return "No fact in the dataset is of low confidence."
    by_table = facts["table"].value_counts().sort_index()
    unverified = int(facts["is_unverified"].sum())
    said = (
        f" {unverified} of them {'is' if unverified == 1 else 'are'} marked unverified by "
        "their source or notes."
        if unverified
        else ""
    )
    return markdown_safe(
        f"{plural(len(facts), 'fact')} rest on low confidence: "
        + ", ".join(f"{n} in {t}" for t, n in by_table.items())
        + "."
        + said
    )


# --- Tables --------------------------------------------------------------------------------------


@as_table
def composition_changes(data: Dataset) -> pd.DataFrame:
    """Per body: first numbered edition and role, the editions listed in, every change of role."""
    first = composition.first_appearances(data)
    changed = composition.role_changes(data)
    was = changed["role_before"] + " (" + changed["number_before"].astype("string") + ")"
    text = was + " → " + changed["role"] + " (" + changed["number"].astype("string") + ")"
    changes = text.groupby(changed["body_id"]).agg("; ".join).rename("role_changes")
    out = first.merge(changes, left_on="body_id", right_index=True, how="left")
    return out.assign(
        first_role=words.labels("role", out["first_role"]),
        role_changes=out["role_changes"].fillna("none").astype("string"),
    )


@as_table
def confidence_scale() -> pd.DataFrame:
    """The confidence scale as every report and the Data page state it: level, meaning, mark."""
    low = MARKS["low_confidence"]
    return pd.DataFrame(
        {
            "Confidence": list(CONFIDENCE_SCALE),
            "What it means": list(CONFIDENCE_SCALE.values()),
            "How the reports show it": [
                "plain",
                "plain",
                f"drawn hollow, or marked {low.symbol} ({low.words})",
            ],
        }
    )


@as_table
def low_confidence(data: Dataset) -> pd.DataFrame:
    """Every low-confidence row of the fact tables: table, row, source, notes, marked unverified."""
    facts = low_confidence_facts(data)
    return facts.rename(
        columns={"table": "Table", "key": "Row", "notes": "Notes", "is_unverified": "Unverified"}
    )


@as_table
def sources(data: Dataset) -> pd.DataFrame:
    """Every source cited by the participation and bodies rows."""
    return report_sources(data, ("participation", "bodies"))


# --- Charts --------------------------------------------------------------------------------------


def composition_by_type(data: Dataset, edition: int | None = None) -> Figure:
    """Members and observers of one edition, counted by body type and named with their region.

    Args:
        data: The dataset.
        edition: Edition number; None or 0 takes the latest whose list is a composition or
            complete.

    Returns:
        The figure; bodies resting on a low-confidence row carry the low-confidence mark.
    """
    comp = _composition(data, edition)
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
            color=CATEGORY_COLOURS[CELL_OF[role]],
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
    return finish(fig, composition_title(comp), data=comp)


def founding_timeline(data: Dataset) -> Figure:
    """When each Dialogue body was founded, drawn at the precision the source gives.

    A day is a dot; a month or a year is a bar spanning it; an unknown date is written as such.
    The bodies that took part in the Dialogue are drawn.

    Returns:
        The figure; low-confidence dates are hollow and carry the low-confidence mark.
    """
    found = _founding(data).iloc[::-1].reset_index(drop=True)
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
    return finish(fig, founding_title(data), data=found.iloc[::-1])


def _year_fraction(dates: pd.Series) -> np.ndarray:
    """Dates as fractional years (2014-07-01 -> ~2014.5); NaT -> nan."""
    year = dates.dt.year + (dates.dt.day_of_year - 1) / 365.25
    return year.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
