"""The Data page, ``reports/data.html``: downloads, citation, licence, changelog and dictionary.

It lists the tables with their row counts, how to cite this version of the data, its licence, what
changed since the previous version, and the data dictionary generated from ``data.schema``.
``write_data_page`` writes the download set under ``reports/data/package/``: every table as CSV
(described by a Frictionless ``datapackage.json``, ``package.csv_package``) and as Parquet, and one
zip of them all. When the data's version differs from the one already there, that older CSV set is
first kept under ``data/package/previous/``; the changelog compares the tables with it, row by row
on each table's primary key. Everything is deterministic: two writes of the same data give the
same bytes (the zip's entries are sorted and carry a fixed timestamp).
"""

from __future__ import annotations

import io
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dialogue_analysis.analysis.status import RULES as STATUS_RULES
from dialogue_analysis.data import package
from dialogue_analysis.data.schema import TABLES
from dialogue_analysis.files import deterministic_zip, staged
from dialogue_analysis.products import offer
from dialogue_analysis.site import site, templating
from dialogue_analysis.site.export import page_css
from dialogue_analysis.views.words import day_words, plural

log = logging.getLogger(__name__)

PAGE_FILE = "data.html"
CODEBOOK_PAGE = "codebook.html"  # the panels' codebook, printed to pdf/codebook.pdf as every page
PACKAGE_FOLDER = "data/package"  # under the reports folder
PREVIOUS = "previous"  # under PACKAGE_FOLDER: the previous version's CSV set
ZIP_FILE = "interpol-dialogue.zip"
BLANK = "(blank)"
TEMPLATE = "data.html.j2"  # templates/pages/
RESEARCH_FOLDER = "data/products"  # under the reports folder: panels, Stata, DuckDB, codebook


@dataclass
class TableChanges:
    """What changed in one table between two versions (keys and values as the CSV writes them)."""

    name: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)


def _csv_frame(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)


def _key_labels(frame: pd.DataFrame, key: list[str]) -> pd.Index:
    """Each row's primary key as one label: 'AU / GIN / suspended / 2021-09-10 / (blank)'."""
    parts = frame[key].replace("", BLANK)
    return pd.Index(parts.agg(" / ".join, axis=1), name="key")


def table_changes(name: str, old: bytes | None, new: bytes | None) -> TableChanges:
    """Rows added, removed and changed (column: old -> new) between two CSV versions of a table.

    Rows are matched on the table's declared primary key; a table that is new (or gone) has every
    row added (or removed).
    """
    changes = TableChanges(name)
    old_frame = _csv_frame(old) if old is not None else None
    new_frame = _csv_frame(new) if new is not None else None
    key = list(TABLES[name].key)
    if new_frame is not None and old_frame is None:
        changes.added = list(_key_labels(new_frame, key))
        return changes
    if old_frame is not None and new_frame is None:
        changes.removed = list(_key_labels(old_frame, key))
        return changes
    assert old_frame is not None and new_frame is not None
    changes.columns_added = [c for c in new_frame.columns if c not in old_frame.columns]
    changes.columns_removed = [c for c in old_frame.columns if c not in new_frame.columns]
    if any(k not in old_frame.columns for k in key):  # an older key: rows cannot be matched
        changes.removed = list(_key_labels(old_frame.assign(**dict.fromkeys(key, "")), key))
        changes.added = list(_key_labels(new_frame, key))
        return changes
    old_rows = old_frame.set_index(_key_labels(old_frame, key))
    new_rows = new_frame.set_index(_key_labels(new_frame, key))
    changes.added = list(new_rows.index.difference(old_rows.index, sort=False))
    changes.removed = list(old_rows.index.difference(new_rows.index, sort=False))
    common = new_rows.index.intersection(old_rows.index, sort=False)
    columns = [c for c in new_frame.columns if c in old_frame.columns]
    before, after = old_rows.loc[common, columns], new_rows.loc[common, columns]
    differs = (before != after).stack()
    for row_key, column in differs[differs].index:
        changes.changed.setdefault(row_key, []).append(
            (column, before.at[row_key, column], after.at[row_key, column])
        )
    return changes


def _descriptor(files: dict[str, bytes]) -> dict:
    return json.loads(files[package.PACKAGE_FILE]) if package.PACKAGE_FILE in files else {}


def _csv_set(folder: Path) -> dict[str, bytes]:
    """The CSV set saved in ``folder``: its ``datapackage.json`` and the CSVs it lists."""
    try:
        descriptor = (folder / package.PACKAGE_FILE).read_bytes()
        resources = json.loads(descriptor)["resources"]
        paths = [r["path"] for r in resources]
        return {package.PACKAGE_FILE: descriptor} | {p: (folder / p).read_bytes() for p in paths}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _tables(files: dict[str, bytes]) -> dict[str, bytes]:
    """Table name -> CSV bytes, for the tables the set's descriptor lists and the schema knows."""
    resources = _descriptor(files).get("resources", [])
    return {r["name"]: files[r["path"]] for r in resources if r["name"] in TABLES}


def changelog(previous: dict[str, bytes], current: dict[str, bytes]) -> list[TableChanges]:
    """Every table's changes from the ``previous`` CSV set to the ``current`` one."""
    old, new = _tables(previous), _tables(current)
    names = list(new) + [n for n in old if n not in new]
    return [table_changes(n, old.get(n), new.get(n)) for n in names]


def _size(n: int) -> str:
    return f"{n / 1024:.1f} kB" if n >= 1024 else f"{n} bytes"


def _when(iso: str | None) -> str:
    return day_words(pd.Timestamp(iso)) if iso else "no date in the data"


def _download(name: str, description: str, files: dict[str, bytes]) -> dict[str, object]:
    """One table's row of the download list: its rows and its CSV and Parquet files."""
    csv, parquet = f"{name}.csv", f"{name}.parquet"
    return {
        "name": name,
        "description": description,
        "rows": _rows(files[csv]),
        "csv": csv,
        "csv_size": _size(len(files[csv])),
        "parquet": parquet,
        "parquet_size": _size(len(files[parquet])),
    }


def _rows(csv: bytes) -> int:
    return len(_csv_frame(csv))


def _changes(previous: dict[str, bytes], current: dict[str, bytes]) -> dict[str, object] | None:
    """The changelog from the ``previous`` CSV set (None when there is none: a first version)."""
    if not previous:
        return None
    before = _descriptor(previous)
    tables = changelog(previous, current)
    return {
        "before": str(before.get("version")),
        "before_to": _when(before.get("data_date")),
        "tables": tables,
        "any_change": any(t.added or t.removed or t.changed for t in tables),
    }


def _research(found: offer.Research | None) -> dict[str, object] | None:
    """The research files, citation and codebook, as the template reads them."""
    if found is None:
        return None
    downloads = [
        {"name": name, "description": offer.DESCRIPTIONS[name], "size": _size(len(data))}
        for name, data in found.files.items()
    ]
    return {"folder": RESEARCH_FOLDER, "downloads": downloads, "found": found}


def render(
    files: dict[str, bytes],
    zipped: bytes,
    previous: dict[str, bytes],
    research: offer.Research | None = None,
) -> str:
    """The Data page for a download set, its zip, the previous CSV set and the research files."""
    descriptor = _descriptor(files)
    resources = descriptor["resources"]
    return templating.render(
        TEMPLATE,
        title=f"{descriptor['title']}: the data",
        dataset=descriptor["title"],
        css=page_css(),
        links=site.links(),
        version=descriptor["version"],
        data_to=_when(descriptor.get("data_date")),
        downloads=[_download(r["name"], r["description"], files) for r in resources],
        zip_size=_size(len(zipped)),
        cite={
            "day": descriptor.get("data_date") or "unknown",
            "built_with": descriptor.get("built_with", "dialogue-analysis"),
        },
        licence=package.LICENCE,
        changes=_changes(previous, files),
        dictionary=[
            (TABLES[r["name"]], plural(_rows(files[f"{r['name']}.csv"]), "row")) for r in resources
        ],
        folder=PACKAGE_FOLDER,
        zip_file=ZIP_FILE,
        package_file=package.PACKAGE_FILE,
        previous=PREVIOUS,
        version_digits=package.VERSION_DIGITS,
        blank=BLANK,
        research=_research(research),
        rules=STATUS_RULES,
    )


def render_codebook(research: offer.Research) -> str:
    """The codebook of the panels as a page of its own (``codebook.html``)."""
    return templating.render(
        "codebook.html.j2",
        title=f"Codebook of the panels, version {research.release.version}",
        css=page_css(),
        links=site.links(),
        book=research.codebook,
        folder=RESEARCH_FOLDER,
    )


def write_data_page(processed_dir: Path, out_dir: Path) -> list[Path]:
    """Write ``data.html`` and its download set into ``out_dir``; the files written.

    The tables are read from ``processed_dir`` as they are (never rebuilt).
    """
    processed_dir, out_dir = Path(processed_dir), Path(out_dir)
    files = package.csv_package(processed_dir)
    files |= {
        f"{name}.parquet": (processed_dir / f"{name}.parquet").read_bytes()
        for name in package.OUTPUT_TABLES
    }
    version = _descriptor(files)["version"]
    zipped = deterministic_zip(files, f"interpol-dialogue-{version}")

    target = out_dir / PACKAGE_FOLDER
    shown = _csv_set(target)
    if shown and _descriptor(shown).get("version") != version:
        previous = shown  # the version on show becomes the previous one
    else:
        previous = _csv_set(target / PREVIOUS)
    outputs = {target / name: data for name, data in sorted(files.items())}
    outputs |= {target / PREVIOUS / name: data for name, data in sorted(previous.items())}
    outputs[target / ZIP_FILE] = zipped
    research = offer.research(processed_dir)
    outputs |= {out_dir / RESEARCH_FOLDER / n: data for n, data in research.files.items()}
    outputs[out_dir / PAGE_FILE] = render(files, zipped, previous, research).encode("utf-8")
    outputs[out_dir / CODEBOOK_PAGE] = render_codebook(research).encode("utf-8")

    (target / PREVIOUS if previous else target).mkdir(parents=True, exist_ok=True)
    (out_dir / RESEARCH_FOLDER).mkdir(parents=True, exist_ok=True)
    with staged() as put:
        for path, data in outputs.items():
            put(path, data)
    # Files of tables no longer offered (in either set) go.
    for folder in (target, target / PREVIOUS):
        for stale in folder.iterdir() if folder.is_dir() else ():
            if stale.is_file() and stale not in outputs:
                log.info("removing %s, no longer part of the data", stale)
                stale.unlink()
    return list(outputs)
