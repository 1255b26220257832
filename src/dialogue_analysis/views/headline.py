"""The headline figures of the landing page, each with the day it holds for."""

from __future__ import annotations

import pandas as pd

from dialogue_analysis.analysis.meetings import by_date, dialogue_bodies, numbered
from dialogue_analysis.analysis.overlaps import coverage, coverage_bodies
from dialogue_analysis.analysis.resolve import latest_day
from dialogue_analysis.data.dataset import Dataset
from dialogue_analysis.views.words import day_words, ordinal, places


def headline_figures(data: Dataset) -> list[tuple[str, str]]:
    """(label, value) pairs: editions, the latest meeting, bodies, countries covered."""
    editions = numbered(data).dropna(subset=["start_date"])
    meetings = by_date(data).dropna(subset=["start_date"])
    latest = meetings.iloc[-1]
    place = places(meetings.iloc[[-1]]).iloc[0]
    where = " (place not stated)" if place == "place not stated" else f", {place}"
    first, last = editions["start_date"].min(), editions["start_date"].max()
    day = latest_day(data)
    on_day = coverage(day, data)
    covered = int((on_day["n_bodies"] > 0).sum())
    unknown = int(((on_day["n_bodies"] == 0) & (on_day["n_unknown"] > 0)).sum())
    counted = coverage_bodies(data)
    kind = (
        f"the {ordinal(int(latest['number']))} edition"
        if pd.notna(latest["number"])
        else "a working-group meeting"
    )
    return [
        ("Numbered editions", f"{len(editions)}, from {first:%B %Y} to {last:%B %Y}"),
        ("Latest meeting", f"{kind}, {day_words(latest['start_date'])}{where}"),
        (
            "Organisations that took part",
            f"{len(dialogue_bodies(data))}, INTERPOL included; {len(counted)} have a member list "
            "and are counted in the coverage figures",
        ),
        (
            "Countries covered",
            f"{covered} of the {len(on_day)} countries and territories the rosters name, on "
            f"{day_words(day)}, the latest day the data dates ({unknown} more of unknown status)",
        ),
    ]
