"""The panels' codebook: every variable and code, the universe, the years, the rules, the merge.

``codebook(data, frames, release)`` gathers it as data (the Data page renders a section of it
through its template); ``markdown`` writes the whole of it as ``codebook.md`` beside the files.
The variables come from ``products.variables``, the codes from ``analysis.panels.CODES``; the
rules and limitations below are the ones the status rule and the panels apply.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dialogue_analysis.analysis import panels
from dialogue_analysis.data.dataset import Dataset
from dialogue_analysis.products.citation import Release
from dialogue_analysis.products.variables import PANELS, Variable, variables

RULES: tuple[str, ...] = (
    "One rule: every code is the dataset's status rule (`analysis.status`) read on the decision "
    "day; the panels never decide membership by themselves.",
    "Decision day: a year is coded as it stood on 31 December (the latest date in the data for "
    "the last, unfinished year); an edition on its first day. A country that joined during a "
    "year is coded for that year; one that left during it is not.",
    "Low confidence means unknown: a fact resting only on a low-confidence source is never coded "
    "1, 2 or 3; the cell is -9.",
    "Precision: a date known only by its year (or month) confirms from the end of that year "
    "(month); before that the cell is -9. A start that no source dates is -9 from the body's "
    "founding (or the state's birth) to the first dated evidence.",
    "Statehood: -1 before a body was founded, and, when the dataset carries the Correlates of "
    "War state list (`states`), before a state existed, after it ended and in the gaps of its "
    "existence (an occupation), as COW codes them. Territories the list does not name are never "
    "-1 for statehood.",
    "Suspensions: a suspended member stays a member (code 1); `<body>_susp` is 1 while the "
    "suspension is in force. A suspension stops participation, not membership.",
    "Parents' rosters: AFRIPOL's members are the African Union's, AIMC's the Arab League's, "
    "Europol's and Frontex's the European Union's (with the recorded exceptions), as the data "
    "derives them.",
    "A treaty signature alone (`signatory`) is not membership: it is coded 0.",
)
MERGE: tuple[str, ...] = (
    "The panels merge with Correlates of War data (the IGO data set, the state system, national "
    "material capabilities) on `ccode` and `year`: in Stata `merge 1:1 ccode year using "
    "cow_file.dta` after dropping rows with an empty `ccode`; in R "
    '`dplyr::left_join(cow, country_year, by = c("ccode", "year"))`; in pandas '
    '`cow.merge(country_year, on=["ccode", "year"], how="left")`.',
    "Territories (Puerto Rico, Aruba, Western Sahara, ...) have no COW number and no `ccode`; "
    "merge on `iso3` with data keyed by ISO codes instead.",
    "The codes are COW's: 1 full, 2 associate, 3 observer, 0 none, -9 missing, -1 not "
    "applicable; recode -9 and -1 to missing before averaging or summing.",
)
LIMITATIONS: tuple[str, ...] = (
    "Many starts are not dated by a source: INTERPOL members whose joining year rests on the "
    "Correlates of War data alone (a low-confidence row) are -9 for those years.",
    "The panels cover the bodies with a member list in the data; CARICOM IMPACS and UNODC have "
    "none and no column.",
    "Without the `states` table, states that did not yet exist are not coded -1 for statehood "
    "(only for a body not yet founded).",
    "Dated snapshots (AMERIPOL's rosters) never say when a country left: a country is coded from "
    "its latest confirmed snapshot.",
    "COW numbers come from the `countrycode` package; where COW has a number it lacks, the "
    "codebook says which were added.",
)


@dataclass(frozen=True)
class PanelInfo:
    """One panel in the codebook."""

    name: str
    rows: str
    key: tuple[str, ...]
    n_rows: int
    variables: list[Variable]


@dataclass(frozen=True)
class Codebook:
    """What the codebook says, as data."""

    release: Release
    universe: str
    coverage: str
    codes: list[tuple[int, str]]
    rules: tuple[str, ...]
    merge: tuple[str, ...]
    limitations: tuple[str, ...]
    panels: list[PanelInfo]


def codebook(data: Dataset, frames: dict[str, pd.DataFrame], release: Release) -> Codebook:
    """The codebook of ``frames`` (``variables.frames(data)``) for ``release``."""
    year = frames["country_year"]
    ids = year.drop_duplicates("iso3")
    no_cow = ids.loc[ids["ccode"].isna(), "country"].tolist()
    universe = (
        f"{len(ids)} countries and territories: every one the membership table names for any "
        f"body at any time. {len(ids) - len(no_cow)} have a Correlates of War number; "
        f"{len(no_cow)} do not ({', '.join(no_cow)})."
    )
    editions = frames["country_edition"]["edition"]
    coverage = (
        f"Years {year['year'].min()} to {year['year'].max()}: from the founding of the first "
        "body with a member list (or the parent organisation whose roster it uses) to the latest "
        f"date in the data. Editions {editions.min()} to {editions.max()} of the Dialogue."
    )
    return Codebook(
        release=release,
        universe=universe,
        coverage=coverage,
        codes=list(panels.CODES.items()),
        rules=RULES,
        merge=MERGE,
        limitations=LIMITATIONS,
        panels=[
            PanelInfo(name, rows, key, len(frames[name]), variables(data, name))
            for name, (key, rows) in PANELS.items()
        ],
    )


def _variable_rows(declared: list[Variable]) -> list[str]:
    rows = ["| variable | type | label | description |", "|---|---|---|---|"]
    for v in declared:
        coded = " Codes: see above." if v.codes == panels.CODES else ""
        if v.codes and not coded:
            coded = " " + "; ".join(f"{k} {label}" for k, label in v.codes.items()) + "."
        rows.append(f"| `{v.name}` | {v.type} | {v.label} | {v.description}{coded} |")
    return rows


def markdown(book: Codebook) -> str:
    """The codebook as Markdown."""
    r = book.release
    lines = [
        f"# Codebook: {r.title}",
        "",
        f"Data version {r.version} (content `{r.content_hash}`), released "
        f"{r.released.isoformat()}. Licence {r.licence}. {r.url}",
        "",
        "## Universe",
        "",
        book.universe,
        "",
        "## Coverage in time",
        "",
        book.coverage,
        "",
        "## Codes",
        "",
        "| code | meaning |",
        "|---|---|",
        *[f"| {code} | {label} |" for code, label in book.codes],
        "",
        "## Rules",
        "",
        *[f"- {rule}" for rule in book.rules],
        "",
        "## Merging with Correlates of War data",
        "",
        *[f"- {line}" for line in book.merge],
        "",
        "## Known limitations",
        "",
        *[f"- {line}" for line in book.limitations],
        "",
    ]
    for p in book.panels:
        lines += [
            f"## `{p.name}`",
            "",
            f"{p.rows.capitalize()}; {p.n_rows} rows. Key: {', '.join(f'`{k}`' for k in p.key)}.",
            "",
            *_variable_rows(p.variables),
            "",
        ]
    return "\n".join(lines)
