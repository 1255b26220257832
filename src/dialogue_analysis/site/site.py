"""The site around the reports: navigation, a table of contents, how to cite, the data version.

Every report page gets a header with the site's links (all reports, the Data and Sources pages,
previous / next within its group), a table of contents of its sections (read from the rendered
page's ``<h2>`` headings, so it always matches them) and a footer saying how to cite it with the
data version. ``pages`` computes each report's place in the site; what it returns is part of the
report's cache key, so a report is rebuilt when its neighbours change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from dialogue_analysis.site import templating
from dialogue_analysis.site.catalog import Report

PROJECT = "dialogue-analysis: a sourced dataset and reports on the INTERPOL Dialogue"
#: The site's own pages, linked from every report (relative links, all in reports/).
SITE_LINKS = (("All reports", "index.html"), ("Data", "data.html"), ("Sources", "sources.html"))
CHROME = "chrome.html.j2"  # the macros every page shares


def links(out_dir: Path | None = None, current: str = "") -> list[tuple[str, str]]:
    """(label, href) of the site's pages to link from a page outside a group.

    With ``out_dir``, only the pages that exist there; ``current`` is left out.
    """
    return [
        (label, href)
        for label, href in SITE_LINKS
        if href != current and (out_dir is None or (out_dir / href).is_file())
    ]


@dataclass(frozen=True)
class Page:
    """One report's place in the site.

    Attributes:
        group: Its group on the landing page.
        previous, following: (name, title) of its neighbours in the group, or None.
        version: The data version it was built from.
    """

    group: str
    previous: tuple[str, str] | None
    following: tuple[str, str] | None
    version: str

    def key(self) -> dict[str, object]:
        """What of the page a report's HTML shows (for its cache key)."""
        return {
            "group": self.group,
            "previous": self.previous,
            "following": self.following,
            "version": self.version,
        }


def pages(reports: list[Report], version: str) -> dict[str, Page]:
    """Each report's group and neighbours, in registry order within each group."""
    groups: dict[str, list[Report]] = {}
    for report in reports:
        groups.setdefault(report.group, []).append(report)
    found = {}
    for group, members in groups.items():
        for i, report in enumerate(members):
            before = members[i - 1] if i > 0 else None
            after = members[i + 1] if i + 1 < len(members) else None
            found[report.name] = Page(
                group,
                (before.name, before.title) if before else None,
                (after.name, after.title) if after else None,
                version,
            )
    return found


def citation(title: str, version: str) -> str:
    """How to cite a page: project, page title, data version."""
    return f"{PROJECT}. “{title}”. Data version {version}."


def header(page: Page) -> str:
    """The navigation bar of a report page (HTML)."""
    return templating.fragment(CHROME, "report_nav", list(SITE_LINKS), page)


def landing_link() -> str:
    """The navigation of a report outside the site: a link to the landing page (HTML)."""
    return templating.fragment(CHROME, "landing_link")


def footer(title: str, page: Page) -> str:
    """The 'how to cite' block of a report page (HTML)."""
    return templating.fragment(CHROME, "report_citation", citation(title, page.version))


_H2 = re.compile(r'<h2 id="([^"]+)">(.*?)<a class="anchor-link"[^>]*>.*?</a></h2>', re.S)
TOC_MARK = "<!-- table of contents -->"


_H1 = re.compile(r'(<h1 id="[^"]*">)(.*?)(<a class="anchor-link"[^>]*>.*?</a></h1>)', re.S)


def with_title(html: str, title: str) -> str:
    """``html`` whose first heading names the report ("Body profile" -> "… (Frontex)")."""
    heading = templating.fragment(CHROME, "heading", title)
    return _H1.sub(lambda m: m.group(1) + heading + m.group(3), html, count=1)


def with_contents(html: str) -> str:
    """``html`` with a table of contents of its ``<h2>`` sections where ``TOC_MARK`` stands."""
    # Anchors and headings as nbconvert wrote them (already HTML), the heading's tags dropped.
    entries = [
        (Markup(anchor), Markup(re.sub(r"<[^>]+>", "", text).strip()))
        for anchor, text in _H2.findall(html)
    ]
    return html.replace(TOC_MARK, templating.fragment(CHROME, "contents", entries), 1)


# --- Cards: what the landing page shows of each report -------------------------------------------

THUMBS_DIR = "thumbs"
THUMB_WIDTH = 280
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~])")


def finding_of(nb) -> str:  # noqa: ANN001 - an executed nbformat notebook
    """The report's first finding: the first Markdown a cell displayed, as plain text."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/markdown")
            if text:
                plain = _ESCAPED.sub(r"\1", "".join(text))
                return re.sub(r"\s+", " ", re.sub(r"[*_`]", "", plain)).strip()
    return ""


def first_chart(nb) -> bytes | None:  # noqa: ANN001
    """The PNG bytes of the report's first chart, if it has one."""
    import base64

    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {}).get("image/png")
            if data:
                return base64.b64decode("".join(data) if isinstance(data, list) else data)
    return None


def thumbnail(png: bytes) -> bytes:
    """A small palette PNG of a chart, ``THUMB_WIDTH`` pixels wide (deterministic bytes)."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    height = max(1, round(image.height * THUMB_WIDTH / image.width))
    small = image.resize((THUMB_WIDTH, height), Image.Resampling.LANCZOS).quantize(64)
    out = io.BytesIO()
    small.save(out, format="png", optimize=True)
    return out.getvalue()
