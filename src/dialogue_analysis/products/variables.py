"""Every variable of the panels, declared once: name, type, label, description and codes.

The one declaration drives the Stata variable and value labels, the Table Schema of the panels'
CSV files in the products' ``datapackage.json``, the DuckDB column comments and the codebook.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dialogue_analysis.analysis import panels
from dialogue_analysis.data.dataset import Dataset

#: The panels, in the order every file lists them: name -> (key, what one row is).
PANELS: dict[str, tuple[tuple[str, ...], str]] = {
    "country_year": (("iso3", "year"), "one row per country or territory and year"),
    "country_edition": (("iso3", "edition"), "one row per country or territory and edition"),
    "body_pair_year": (("year", "body_a", "body_b"), "one row per pair of bodies and year"),
}
STATA_LABEL_CHARS = 80  # Stata's limit on a variable label
SUSPENDED_LABELS = {0: "not suspended", 1: "suspended"}


@dataclass(frozen=True)
class Variable:
    """One column of a panel.

    Attributes:
        name: The column name (at most 32 characters: Stata's limit).
        type: Table Schema type: string, integer, number or date.
        label: A short label (Stata's variable label, at most 80 characters).
        description: What it holds, for the codebook.
        codes: Code -> label, for a coded column (Stata's value labels).
    """

    name: str
    type: str
    label: str
    description: str
    codes: dict[int, str] = field(default_factory=dict)


def _ids() -> list[Variable]:
    return [
        Variable(
            "iso3",
            "string",
            "ISO 3166-1 alpha-3 code",
            "The country or territory, by its ISO 3166-1 alpha-3 code (XKX: Kosovo).",
        ),
        Variable(
            "ccode",
            "integer",
            "Correlates of War state number",
            "The Correlates of War (COW) state number, from the countrycode package (plus "
            f"{', '.join(f'{k} {v}' for k, v in panels.COW_ADDED.items())}); empty for a "
            "territory COW does not list.",
        ),
        Variable("country", "string", "Country or territory", "Its short English name."),
    ]


def _bodies(data: Dataset) -> list[Variable]:
    names = data.bodies.set_index("body_id")
    found = []
    for body in panels.panel_bodies(data):
        full, acronym = names.at[body, "full_name"], names.at[body, "acronym"]
        column = panels.column_of(body)
        found.append(
            Variable(
                column,
                "integer",
                f"{acronym} membership (COW codes)"[:STATA_LABEL_CHARS],
                f"The country's status in {acronym} ({full}) on the decision day.",
                dict(panels.CODES),
            )
        )
    for body in panels.panel_bodies(data):
        acronym = names.at[body, "acronym"]
        column = panels.column_of(body) + panels.SUSPENDED_SUFFIX
        found.append(
            Variable(
                column,
                "integer",
                f"Suspended from {acronym}"[:STATA_LABEL_CHARS],
                f"1 where a suspension from {acronym} was in force on the decision day (the "
                "member keeps code 1), else 0.",
                dict(SUSPENDED_LABELS),
            )
        )
    return found


def variables(data: Dataset, panel: str) -> list[Variable]:
    """The variables of ``panel`` (a key of ``PANELS``), in column order."""
    if panel == "country_year":
        day = "31 December (the latest date in the data for the last year)"
        year = Variable("year", "integer", "Year", f"The year, decided on {day}.")
        return [*_ids(), year, *_bodies(data)]
    if panel == "country_edition":
        return [
            *_ids(),
            Variable("edition", "integer", "Edition number", "The Dialogue's edition number."),
            Variable("date", "date", "First day of the edition", "The day the codes are read."),
            *_bodies(data),
        ]
    if panel == "body_pair_year":
        return [
            Variable("year", "integer", "Year", "The year, decided as in country_year."),
            Variable("body_a", "string", "First body", "The first body's id (alphabetical)."),
            Variable("body_b", "string", "Second body", "The second body's id."),
            Variable("n_a", "integer", "Countries in body_a", "Countries coded 1 or 2 in body_a."),
            Variable("n_b", "integer", "Countries in body_b", "Countries coded 1 or 2 in body_b."),
            Variable(
                "n_shared",
                "integer",
                "Countries in both",
                "Countries coded 1 or 2 (confirmed full members or partial participants) in both.",
            ),
            Variable(
                "jaccard",
                "number",
                "Jaccard index",
                "n_shared / (n_a + n_b - n_shared); empty where neither body has a country.",
            ),
        ]
    raise KeyError(f"unknown panel {panel!r}; known: {', '.join(PANELS)}")


def frames(data: Dataset) -> dict[str, pd.DataFrame]:
    """Every panel of ``data``, by name (``PANELS`` order), columns as declared."""
    year = panels.country_year(data)
    found = {
        "country_year": year,
        "country_edition": panels.country_edition(data),
        "body_pair_year": panels.body_pair_year(data, year),
    }
    for name, frame in found.items():
        declared = [v.name for v in variables(data, name)]
        if list(frame.columns) != declared:
            raise ValueError(f"{name}: columns {list(frame.columns)}, declared {declared}")
    return found
