"""The landing page, ``reports/index.html``: what the Dialogue is, headline figures, every report.

Reports are grouped (meetings, membership, bodies, coverage) and shown as cards: the report's
title in words, the first finding the report itself states, and a thumbnail of its first chart
(both recorded when the report was built, see ``runner.build_one``). A group of hundreds (the
country profiles, ``layout = "list"``) is an A–Z list of names under each subgroup (region)
instead. A failed report is still shown, marked failed, linking to its last good version when
there is one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from dialogue_analysis.reports import site, templating
from dialogue_analysis.reports.export import page_css
from dialogue_analysis.reports.state import CACHE_DIR, Outcome

TITLE = "The INTERPOL Dialogue: a sourced dataset and reports"
TEMPLATE = "index.html.j2"  # templates/pages/: the introduction and the layout of the groups


@dataclass(frozen=True)
class Entry:
    """What the landing page shows of one report, as a card or as a list item.

    Attributes:
        name, title, short: The report's file name (without ``.html``), title and short label.
        has_html: Its page exists (the entry links it).
        finding: The first finding it states (or its description, before it is built).
        thumbnail: The path of its chart's thumbnail, when it has one to show.
        failed, not_built: Its last build failed (``error`` says why) / it was never built.
    """

    name: str
    title: str
    short: str
    has_html: bool
    finding: str
    thumbnail: str | None
    failed: bool
    not_built: bool
    error: str


def _entry(outcome: Outcome, out_dir: Path) -> Entry:
    r = outcome.report
    has_html = (out_dir / f"{r.name}.html").is_file()
    path = out_dir / CACHE_DIR / f"{r.name}.card.json"
    card = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    thumb = card.get("thumbnail")
    return Entry(
        name=r.name,
        title=r.title,
        short=r.short,
        has_html=has_html,
        finding=card.get("finding") or r.description,
        thumbnail=thumb if thumb and has_html and (out_dir / thumb).is_file() else None,
        failed=outcome.status == "failed",
        not_built=outcome.status == "not built",
        error=outcome.error,
    )


def _subgroups(members: list[Outcome], out_dir: Path) -> list[dict[str, object]]:
    """The group's entries under each subgroup, both A–Z (the unnamed subgroup last)."""
    subgroups: dict[str, list[Outcome]] = {}
    for outcome in members:
        subgroups.setdefault(outcome.report.subgroup, []).append(outcome)
    return [
        {
            "name": subgroup,
            "entries": [
                _entry(o, out_dir)
                for o in sorted(
                    subgroups[subgroup], key=lambda o: (o.report.short.casefold(), o.report.name)
                )
            ],
        }
        for subgroup in sorted(subgroups, key=lambda s: (s == "", s))
    ]


def _group(name: str, members: list[Outcome], out_dir: Path) -> dict[str, object]:
    """One group of the page: a list of names (``layout = "list"``) or cards."""
    is_list = members[0].report.layout == "list"
    return {
        "name": name,
        "count": len(members),
        "is_list": is_list,
        "description": members[0].report.description,
        "subgroups": _subgroups(members, out_dir) if is_list else [],
        "cards": [] if is_list else [_entry(o, out_dir) for o in members],
    }


def render(
    outcomes: list[Outcome],
    out_dir: Path,
    figures: list[tuple[str, str]] | None = None,
    version: str = "",
) -> str:
    """The landing page for one run's outcomes (no timings: two identical runs give one page).

    Args:
        outcomes: Every registered report's outcome, in registry order.
        out_dir: The reports folder (for the cards and thumbnails).
        figures: (label, value) headline figures, e.g. ``headline_figures(data)``.
        version: The data version, for "how to cite".
    """
    groups: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        groups.setdefault(outcome.report.group, []).append(outcome)
    return templating.render(
        TEMPLATE,
        title=TITLE,
        css=page_css(),
        links=site.links(out_dir, current="index.html"),
        figures=figures or [],
        groups=[_group(name, members, out_dir) for name, members in groups.items()],
        thumb_width=site.THUMB_WIDTH,
        citation=site.citation("Reports", version) if version else site.PROJECT,
    )
