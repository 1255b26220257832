"""Tables written for readers: the one helper every report table goes through.

``Table`` is a pandas DataFrame (every pandas operation works on it) that shows itself in a
notebook, and so in the reports, as a readable table: no index column unless the index is named,
headers in words, dates like the prose ("3 May 2017"), yes / no for flags, blanks as "not known"
(or empty where a
blank means "none", such as notes), numbers aligned right, source ids linking to their entry on
the Sources page and addresses as links showing where they lead. Links are anchors only: a page
never fetches anything.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from dialogue_analysis.data.countries import country_name
from dialogue_analysis.views.style import CSV_MIME, csv_text
from dialogue_analysis.views.words import markdown_safe

#: Column names as readers see them; others lose their underscores ("first_role" -> "First role").
HEADERS = {
    "source_id": "Source",
    "more_source_ids": "More sources",
    "source_id_used": "Source used",
    "alternative_source_id": "Source of the alternative",
    "published_as_written": "Published",
    "url": "Address",
    "country_iso3": "ISO 3166",
    "body_id": "Body",
    "cited_by": "Cited by",
    "n_rows": "Rows",
    "key": "Row",
    "field": "Field",
    "value": "Value",
}
#: Columns (as named in the frame) whose ids link to the Sources page.
SOURCE_COLUMNS = frozenset(
    {"source_id", "more_source_ids", "source_id_used", "alternative_source_id", "Source"}
)
#: Columns whose blank cell means "none", shown empty; any other blank shows NOT_KNOWN.
BLANK_IS_NONE = frozenset({"notes", "Notes", "more_source_ids", "More sources", "theme"})
NOT_KNOWN = "not known"
SOURCES_PAGE = "sources.html"
#: Every country a roster names has a profile page of this name (reports.toml's country grid).
COUNTRY_PAGE = "country_profile_{}.html"
_URL_TEXT = 48  # characters of an address shown in a cell


class Link(str):
    """A cell's text that links to a page of the site (the CSV keeps the text alone)."""

    href: str

    def __new__(cls, text: str, href: str) -> Link:  # noqa: D102
        link = super().__new__(cls, text)
        link.href = href
        return link

    def __reduce__(self) -> tuple:  # pickles (and copies) with its address
        return (Link, (str(self), self.href))


def country_page(iso3: str, name: str | None = None) -> Link:
    """A country's name (or code) linking to its profile."""
    return Link(name if name is not None else iso3, COUNTRY_PAGE.format(iso3))


def country_links(codes: list[str], names: dict[str, str] | None = None) -> str:
    """Markdown: each country's name linking to its profile, separated by commas."""
    return ", ".join(
        f"[{markdown_safe((names or {}).get(c) or country_name(c))}]({COUNTRY_PAGE.format(c)})"
        for c in codes
    )


def header(column: object) -> str:
    """A column's name in words."""
    name = str(column)
    return HEADERS.get(name, name.replace("_", " ")[:1].upper() + name.replace("_", " ")[1:])


def _link_text(url: str) -> str:
    parts = urlsplit(url)
    text = (parts.netloc.removeprefix("www.") + parts.path).rstrip("/")
    return text if len(text) <= _URL_TEXT else text[: _URL_TEXT - 1] + "…"


def _cell(value: object, column: str, is_number: bool) -> str:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return "" if column in BLANK_IS_NONE else f'<span class="unknown">{NOT_KNOWN}</span>'
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, pd.Timestamp):
        return f"{value.day} {value:%b %Y}"
    if isinstance(value, Link):
        return f'<a href="{escape(value.href)}">{escape(str(value))}</a>'
    text = str(value)
    if column in SOURCE_COLUMNS:
        ids = [s.strip() for s in text.replace(",", ";").split(";") if s.strip()]
        return "; ".join(f'<a href="{SOURCES_PAGE}#{escape(i)}">{escape(i)}</a>' for i in ids)
    if text.startswith(("http://", "https://")) and " " not in text:
        return f'<a href="{escape(text)}">{escape(_link_text(text))}</a>'
    if is_number and isinstance(value, float) and value.is_integer():
        text = str(int(value))
    return escape(text)


def to_html(frame: pd.DataFrame) -> str:
    """The readable HTML of a table (see the module doc)."""
    shown = frame.reset_index() if frame.index.name is not None else frame
    numbers = {
        c: pd.api.types.is_numeric_dtype(shown[c]) and not pd.api.types.is_bool_dtype(shown[c])
        for c in shown.columns
    }
    head = "".join(
        f'<th{" class=num" if numbers[c] else ""} scope="col">{escape(header(c))}</th>'
        for c in shown.columns
    )
    rows = []
    for values in shown.itertuples(index=False, name=None):
        cells = "".join(
            f"<td{' class=num' if numbers[c] else ''}>{_cell(v, str(c), numbers[c])}</td>"
            for c, v in zip(shown.columns, values, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    if not rows:
        span = max(len(shown.columns), 1)
        rows.append(f'<tr><td colspan="{span}" class="empty">No rows.</td></tr>')
    return (
        f'<table class="readable"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


class Table(pd.DataFrame):
    """A DataFrame that a notebook (and so a report) shows as a readable table."""

    @property
    def _constructor(self) -> type[Table]:
        return Table

    def _repr_html_(self) -> str:
        return to_html(self)

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> tuple:
        """HTML for reading, plain text, and the CSV a report offers for download."""
        return (
            {"text/html": to_html(self), "text/plain": repr(self), CSV_MIME: csv_text(self)},
            {},
        )


def readable(frame: pd.DataFrame) -> Table:
    """``frame`` as a ``Table`` (same data, readable display)."""
    return Table(frame)


def as_table(function):  # noqa: ANN001, ANN201 - keeps the wrapped function's signature
    """Decorate a view function that returns a DataFrame so that it returns a ``Table``."""
    import functools

    @functools.wraps(function)
    def wrapped(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        return readable(function(*args, **kwargs))

    return wrapped
