"""How to cite the data: the citable version, and the citation as text, BibTeX and RIS.

The data version a person cites (``2026.12.0``: year, month, release of the month) and its
release date are declared once, in ``CITATION.cff`` at the project's root; the content hash
(``data.package.data_version``, a short SHA-256 over the tables) is printed beside them so that
a citation names the exact bytes. The address where the site is published is a setting: the
``DIALOGUE_SITE_URL`` environment variable, else the ``url`` of ``CITATION.cff`` (a placeholder
until the site has a home). The original sources are credited as Our World in Data does: the
publishers the rows cite, then "with major processing by" this project.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from dialogue_analysis.data.dataset import Dataset
from dialogue_analysis.paths import PROJECT_ROOT

CITATION_FILE = PROJECT_ROOT / "CITATION.cff"
SITE_URL_ENV = "DIALOGUE_SITE_URL"
CREDITED_PUBLISHERS = 6  # the publishers named in the credit line; the rest are counted


@dataclass(frozen=True)
class Release:
    """What ``CITATION.cff`` declares about the data, and the content hash beside it."""

    title: str
    version: str
    released: date
    authors: tuple[str, ...]
    url: str
    licence: str
    content_hash: str = ""

    @property
    def year(self) -> int:
        """The year of release, the year a citation names."""
        return self.released.year


def _author(entry: dict) -> str:
    if "name" in entry:
        return str(entry["name"])
    return f"{entry.get('family-names', '')}, {entry.get('given-names', '')}".strip(", ")


def read_release(path: Path = CITATION_FILE, content_hash: str = "") -> Release:
    """The release ``path`` (``CITATION.cff``) declares; the site address may be overridden."""
    cff = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    released = cff["date-released"]
    return Release(
        title=str(cff["title"]),
        version=str(cff["version"]),
        released=released if isinstance(released, date) else date.fromisoformat(str(released)),
        authors=tuple(_author(a) for a in cff["authors"]),
        url=os.environ.get(SITE_URL_ENV) or str(cff["url"]),
        licence=str(cff["license"]),
        content_hash=content_hash,
    )


def credit(data: Dataset) -> str:
    """The original sources, credited: the publishers the data cites most, then the others."""
    counts = data.sources["publisher"].dropna().value_counts()
    named = [f"{p} ({n})" for p, n in counts.head(CREDITED_PUBLISHERS).items()]
    rest = len(counts) - len(named)
    others = f" and {rest} other publishers" if rest > 0 else ""
    return (
        f"Data sources: {', '.join(named)}{others}, {len(data.sources)} sources in all, "
        "listed with every fact – with major processing by the dialogue-analysis project"
    )


def text(release: Release) -> str:
    """The citation as a sentence."""
    authors = "; ".join(release.authors)
    return (
        f"{authors} ({release.year}). {release.title}. Version {release.version} "
        f"(content {release.content_hash}), released {release.released.isoformat()}. "
        f"{release.licence}. {release.url}"
    )


def bibtex(release: Release) -> str:
    """The citation as a BibTeX ``@misc`` entry."""
    key = f"interpol_dialogue_{release.version.replace('.', '_')}"
    fields = {
        "author": " and ".join(f"{{{a}}}" for a in release.authors),
        "title": f"{{{release.title}}}",
        "year": str(release.year),
        "version": release.version,
        "note": f"Data version {release.version}, content {release.content_hash}, "
        f"licensed {release.licence}",
        "url": release.url,
        "howpublished": "Dataset",
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@misc{{{key},\n{body}\n}}\n"


def ris(release: Release) -> str:
    """The citation as RIS (reference managers: Zotero, EndNote, Mendeley)."""
    lines = [("TY", "DATA")]
    lines += [("AU", a) for a in release.authors]
    lines += [
        ("TI", release.title),
        ("PY", str(release.year)),
        ("DA", release.released.strftime("%Y/%m/%d")),
        ("ET", release.version),
        ("UR", release.url),
        ("N1", f"Content {release.content_hash}; licensed {release.licence}"),
        ("ER", ""),
    ]
    return "".join(f"{tag}  - {value}\n" for tag, value in lines)
