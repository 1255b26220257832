"""Versioned releases: ``dist/dialogue-data-<version>.zip``, never rewritten, versions only rising.

A release archive holds, under ``dialogue-data-<version>/``: ``package/`` (every processed table
as CSV with its Frictionless ``datapackage.json``), ``products/`` (the panels as CSV, Parquet and
Stata, the DuckDB file, the codebook and the citation files), ``CITATION.cff`` and a human
``CHANGELOG.md``: one section per version, newest first, with the rows added, removed and changed
per table since the previous release (the rows compared on each table's primary key by the same
changelog the Data page shows). The version is the one ``CITATION.cff`` declares.

A version whose archive exists is refused (a released version is never rewritten), and so is one
that is not higher than every version already in the folder. Archives are deterministic: entries
sorted, fixed timestamps.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from dialogue_analysis.errors import DialogueDataError
from dialogue_analysis.files import deterministic_zip
from dialogue_analysis.products.citation import Release

ARCHIVE = "dialogue-data-{version}.zip"
_ARCHIVE_RE = re.compile(r"^dialogue-data-(\d+(?:\.\d+)*)\.zip$")
CHANGELOG_FILE = "CHANGELOG.md"
_HEADER = (
    "# Changes to the INTERPOL Dialogue dataset\n\n"
    "One section per released version, newest first.\n"
)


class ReleaseError(DialogueDataError):
    """A release that must not be written.

    Attributes:
        archive: The archive concerned.
        version: The version asked for.
        expected: What would have been accepted.
    """

    def __init__(self, archive: Path, version: str, problem: str, expected: str) -> None:
        self.archive, self.version, self.expected = archive, version, expected
        super().__init__(f"{archive}: version {version}: {problem}; expected {expected}")


class TableChanges(Protocol):
    """One table's changes between two versions (``reports.datapage.TableChanges``)."""

    name: str
    added: list[str]
    removed: list[str]
    changed: dict


def version_key(version: str) -> tuple[int, ...]:
    """'2026.12.0' -> (2026, 12, 0), to compare versions as numbers."""
    if not re.fullmatch(r"\d+(\.\d+)*", version):
        raise ValueError(f"not a version: {version!r}; expected numbers joined by dots (2026.12.0)")
    return tuple(int(part) for part in version.split("."))


def released(dist: Path) -> dict[str, Path]:
    """The versions already released in ``dist``, oldest first -> their archives."""
    found = {}
    for path in Path(dist).glob("dialogue-data-*.zip"):
        if match := _ARCHIVE_RE.match(path.name):
            found[match.group(1)] = path
    return dict(sorted(found.items(), key=lambda item: version_key(item[0])))


def check(dist: Path, version: str) -> Path:
    """The archive ``version`` would be written to.

    Raises:
        ReleaseError: Its archive exists already, or a version as high or higher is released.
    """
    archive = Path(dist) / ARCHIVE.format(version=version)
    if archive.exists():
        raise ReleaseError(
            archive,
            version,
            "already released; a released version is never rewritten",
            "a higher version in CITATION.cff",
        )
    done = released(dist)
    if done:
        latest = list(done)[-1]
        if version_key(version) <= version_key(latest):
            raise ReleaseError(
                archive,
                version,
                f"not higher than the latest release, {latest} ({done[latest].name})",
                f"a version above {latest} in CITATION.cff",
            )
    return archive


def previous_files(dist: Path) -> tuple[str | None, dict[str, bytes], str]:
    """The latest release's version, its CSV set (``package/``) and its ``CHANGELOG.md``."""
    done = released(dist)
    if not done:
        return None, {}, ""
    version, path = list(done.items())[-1]
    root = f"dialogue-data-{version}/"
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        package = {
            n.removeprefix(f"{root}package/"): archive.read(n)
            for n in names
            if n.startswith(f"{root}package/")
        }
        log = (
            archive.read(f"{root}{CHANGELOG_FILE}").decode("utf-8")
            if (f"{root}{CHANGELOG_FILE}" in names)
            else ""
        )
    return version, package, log


def changelog_section(
    release: Release, before: str | None, changes: Sequence[TableChanges], rows: dict[str, int]
) -> str:
    """The Markdown section of one version: what changed per table since ``before``."""
    lines = [
        f"## {release.version} ({release.released.isoformat()})",
        "",
        f"Content `{release.content_hash}`.",
        "",
    ]
    if before is None:
        lines += ["First release.", "", "| table | rows |", "|---|---|"]
        lines += [f"| {name} | {n} |" for name, n in rows.items()]
        return "\n".join(lines) + "\n"
    lines += [
        f"Since {before}; rows matched on each table's primary key.",
        "",
        "| table | rows added | rows removed | rows changed |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {t.name} | {len(t.added)} | {len(t.removed)} | {len(t.changed)} |" for t in changes
    ]
    for t in changes:
        if t.added or t.removed or t.changed:
            lines += ["", f"### {t.name}", ""]
            lines += [f"- Added: {key}" for key in t.added]
            lines += [f"- Removed: {key}" for key in t.removed]
            lines += [
                f"- Changed: {key}: "
                + "; ".join(
                    f"{column} {old or '(blank)'} -> {new or '(blank)'}"
                    for column, old, new in values
                )
                for key, values in t.changed.items()
            ]
    return "\n".join(lines) + "\n"


def changelog(section: str, earlier: str) -> str:
    """The whole ``CHANGELOG.md``: the new section above the earlier ones."""
    start = earlier.find("## ")  # the earlier sections, without the file's title
    body = earlier[start:] if start >= 0 else ""
    return f"{_HEADER}\n{section}" + (f"\n{body}" if body else "")


def archive_bytes(version: str, files: dict[str, bytes]) -> bytes:
    """A deterministic zip of ``files`` under ``dialogue-data-<version>/``."""
    return deterministic_zip(files, f"dialogue-data-{version}")


def release_files(
    release: Release,
    package: dict[str, bytes],
    products: dict[str, bytes],
    dist: Path,
    compare: Callable[[dict[str, bytes], dict[str, bytes]], Sequence[TableChanges]],
    rows: dict[str, int],
) -> dict[str, bytes]:
    """Every file of the archive of ``release``, its changelog from the previous release.

    Args:
        release: The version, from ``CITATION.cff``, with the data's content hash.
        package: The CSV set of the processed tables (``data.package.csv_package``).
        products: The research files (``products.offer.research(...).files``).
        dist: The folder of the earlier releases.
        compare: The changelog of two CSV sets (``reports.datapage.changelog``).
        rows: Rows per table, for a first release.
    """
    before, old_package, old_log = previous_files(dist)
    changes = compare(old_package, package) if before is not None else []
    section = changelog_section(release, before, changes, rows)
    files = {f"package/{name}": data for name, data in package.items()}
    files |= {f"products/{name}": data for name, data in products.items()}
    files["CITATION.cff"] = products["CITATION.cff"]
    files[CHANGELOG_FILE] = changelog(section, old_log).encode("utf-8")
    return files
