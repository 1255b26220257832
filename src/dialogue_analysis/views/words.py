"""Small text helpers for the reports: labels, counts, ordinals, lists, dates, places, escaping.

``label``/``labels`` (from the one vocabulary, ``data.vocabulary``) turn canonical values into the
words people read ('co_host' -> 'co-host'); ``plural``, ``times``, ``ordinal`` and ``and_join``
write counts and lists; ``date_labels``, ``date_at``, ``month_year`` and ``day_words`` write dates;
``places`` and ``at_place`` write where a meeting was; ``markdown_safe`` escapes data shown as
Markdown.
"""

from __future__ import annotations

import re

import pandas as pd

from dialogue_analysis.data.vocabulary import label, labels

__all__ = [
    "and_join",
    "at_place",
    "date_at",
    "date_labels",
    "day_words",
    "label",
    "labels",
    "markdown_safe",
    "month_year",
    "ordinal",
    "places",
    "plural",
    "times",
]

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&$])")


def times(n: int) -> str:
    """'once', 'twice' or 'N times'."""
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def plural(n: int, word: str) -> str:
    """'1 body', '3 bodies', '2 EU agencies', '4 members'."""
    many = word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"
    return f"{n} {word if n == 1 else many}"


def ordinal(n: int) -> str:
    """'1st', '2nd', '3rd', '11th'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def and_join(items: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def date_labels(dates: pd.Series, precision: pd.Series) -> pd.Series:
    """Dates written at their precision: '3 May 2017', 'May 2017', '2017'; blank -> 'unknown'."""
    text = dates.dt.strftime("%d %b %Y").str.removeprefix("0")
    text = text.mask(precision == "month", dates.dt.strftime("%b %Y"))
    text = text.mask(precision == "year", dates.dt.strftime("%Y"))
    return text.astype("string").fillna("unknown")


def date_at(day: object, precision: object = "day") -> str:
    """One date at its precision: '11 Feb 2014', 'Nov 2023', '1968'; blank -> 'unknown'.

    The scalar form of ``date_labels``: every date a headline, caption or table prints goes
    through one of the two, so a year- or month-precision fact is never printed as a day.
    """
    return date_labels(pd.Series([day], dtype="datetime64[ns]"), pd.Series([precision])).iloc[0]


def month_year(day: pd.Timestamp) -> str:
    """'March 2016', or 'an unknown date'."""
    return "an unknown date" if pd.isna(day) else day.strftime("%B %Y")


def day_words(day: pd.Timestamp) -> str:
    """'12 June 2019'."""
    return f"{day.day} {day:%B %Y}"


def places(meetings: pd.DataFrame) -> pd.Series:
    """Where each meeting was: its city, 'online' if virtual with no city, or 'place not stated'."""
    place = meetings["city"].mask(
        meetings["city"].isna() & (meetings["format"] == "virtual"), "online"
    )
    return place.fillna("place not stated").astype("string")


def at_place(place: str) -> str:
    """'in Lyon', 'online' or 'at a place not stated', for a place as ``places`` writes it."""
    return {"online": "online", "place not stated": "at a place not stated"}.get(
        place, f"in {place}"
    )


def markdown_safe(text: str) -> str:
    """``text`` with Markdown and HTML specials backslash-escaped, so data shows as written."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
