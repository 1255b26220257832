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
from html import escape
from pathlib import Path

from dialogue_analysis.site import site
from dialogue_analysis.site.catalog import CACHE_DIR, Outcome
from dialogue_analysis.site.export import html_page

TITLE = "The INTERPOL Dialogue: a sourced dataset and reports"
INTRO = """<h1>The INTERPOL Dialogue: a sourced dataset and reports</h1>
<p class="lede">Since 2016, INTERPOL and the regional police organisations (AFRIPOL, AMERIPOL,
ASEANAPOL, the Arab Interior Ministers Council, Europol, Frontex, GCCPOL and others) have met in the
INTERPOL Dialogue to align their strategies against terrorism, organised crime and threats to
borders, and to “identify overlaps”. These pages chart its meetings, who takes part, which countries
each body covers and where they overlap, from a dataset in which every fact carries its source.</p>
"""
FOOTER = """<footer class="cite"><h2>How to cite</h2><p>{cite}</p>
<p>Every fact, its source and confidence: see the Data page (tables, dictionary, downloads,
licence, changelog) and the Sources page, linked at the top.</p></footer>"""


def _card_of(outcome: Outcome, out_dir: Path) -> str:
    r = outcome.report
    has_html = (out_dir / f"{r.name}.html").is_file()
    path = out_dir / CACHE_DIR / f"{r.name}.card.json"
    card = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    title = escape(r.title)
    heading = f'<a href="{escape(r.name)}.html">{title}</a>' if has_html else title
    finding = card.get("finding") or r.description
    thumb = card.get("thumbnail")
    image = (
        f'<img src="{escape(thumb)}" alt="{escape(finding)}" width="{site.THUMB_WIDTH}">'
        if thumb and has_html and (out_dir / thumb).is_file()
        else ""
    )
    status = ""
    if outcome.status == "failed":
        last = " The link shows its last good version." if has_html else ""
        status = (
            f'<p class="status-failed">Failed in the last build: {escape(outcome.error)}.{last} '
            f'<a href="{escape(r.name)}.failed.ipynb">Executed notebook</a>.</p>'
        )
    elif outcome.status == "not built":
        status = '<p class="status-failed">This report is not built yet.</p>'
    return (
        f'<article class="card"><h3>{heading}</h3>{image}'
        f'<p class="finding">{escape(finding)}</p>{status}</article>'
    )


def _list_item(outcome: Outcome, out_dir: Path) -> str:
    r = outcome.report
    name = escape(r.short)
    if (out_dir / f"{r.name}.html").is_file():
        name = f'<a href="{escape(r.name)}.html" title="{escape(r.title)}">{name}</a>'
    if outcome.status == "failed":
        name += ' <span class="status-failed">(failed in the last build)</span>'
    elif outcome.status == "not built":
        name += ' <span class="status-failed">(not built yet)</span>'
    return f"<li>{name}</li>"


def _listed(members: list[Outcome], out_dir: Path) -> str:
    """An A–Z list of the group's labels under each subgroup (subgroups A–Z too)."""
    subgroups: dict[str, list[Outcome]] = {}
    for outcome in members:
        subgroups.setdefault(outcome.report.subgroup, []).append(outcome)
    blocks = []
    for subgroup in sorted(subgroups, key=lambda s: (s == "", s)):
        items = sorted(
            subgroups[subgroup], key=lambda o: (o.report.short.casefold(), o.report.name)
        )
        heading = f"<h3>{escape(subgroup)} ({len(items)})</h3>" if subgroup else ""
        blocks.append(
            f'<div class="az">{heading}<ul>'
            + "".join(_list_item(o, out_dir) for o in items)
            + "</ul></div>"
        )
    return '<div class="az-list">' + "".join(blocks) + "</div>"


def _figures(figures: list[tuple[str, str]]) -> str:
    if not figures:
        return ""
    items = "".join(
        f"<div><dt>{escape(label)}</dt><dd>{escape(value)}</dd></div>" for label, value in figures
    )
    return f'<dl class="figures">{items}</dl>'


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
    sections = []
    for group, members in groups.items():
        heading = f'<section><h2 id="{escape(group)}">{escape(group)}</h2>'
        if members[0].report.layout == "list":
            description = escape(members[0].report.description)
            body = f'<p class="group-note">{description}</p>' + _listed(members, out_dir)
        else:
            body = '<div class="cards">' + "".join(_card_of(o, out_dir) for o in members) + "</div>"
        sections.append(heading + body + "</section>")
    nav = site.site_links(out_dir, current="index.html")
    cite = site.citation("Reports", version) if version else site.PROJECT
    # The groups, linked at the top: the country list is a long way down a page of cards.
    jump = " · ".join(
        f'<a href="#{escape(group)}">{escape(group)}</a>'
        + (f" ({len(members)})" if members[0].report.layout == "list" else "")
        for group, members in groups.items()
    )
    main = (
        INTRO
        + _figures(figures or [])
        + f'\n<p class="groups">Reports: {jump}</p>\n'
        + "\n".join(sections)
    )
    return html_page(TITLE, nav, main, FOOTER.format(cite=escape(cite)))
