"""Write the research files beside the processed tables: panels, Stata, DuckDB, codebook, citation.

``write(data, processed_dir)`` puts into ``<processed>/products/``:

- ``<panel>.csv`` and ``<panel>.parquet`` for each panel (``variables.PANELS``);
- ``<panel>.dta`` for each (Stata 14+, variable and value labels);
- ``interpol-dialogue.duckdb``: every processed table and every panel, keys and views;
- ``codebook.md``; ``CITATION.cff``, ``citation.bib`` and ``citation.ris``;
- ``datapackage.json`` (Frictionless tabular data package) listing the CSV panels with their
  Table Schema, and every other file with its bytes and SHA-256 under ``files`` (the DuckDB file
  without a hash: see ``database``).

All of them are replaced together or none (``files.staged``): a failed write leaves the previous
files as they were.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dialogue_analysis.data.dataset import Dataset
from dialogue_analysis.data.package import LICENCE, data_version
from dialogue_analysis.files import exclusive, sha256_bytes, staged
from dialogue_analysis.products import citation, codebook, database, formats
from dialogue_analysis.products.variables import PANELS, Variable, frames, variables

log = logging.getLogger(__name__)

FOLDER = "products"  # under the processed folder
PACKAGE_FILE = "datapackage.json"
CODEBOOK_FILE = "codebook.md"
# What the DuckDB file was written from and its digest, so a rebuild from the same inputs reuses
# it without making it again (see ``database``); a dot file, not one of the research files.
DATABASE_KEY_FILE = ".duckdb-inputs.json"
_MEDIA = {
    "csv": "text/csv",
    "parquet": "application/vnd.apache.parquet",
    "dta": "application/x-stata-dta",
    "duckdb": "application/vnd.duckdb",
    "md": "text/markdown",
    "cff": "application/x-yaml",
    "bib": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
}


@dataclass(frozen=True)
class Products:
    """What ``write`` wrote: the folder and each file's size in bytes."""

    folder: Path
    sizes: dict[str, int]


def folder_of(processed_dir: Path) -> Path:
    """Where the research files of a processed folder are."""
    return Path(processed_dir) / FOLDER


def _descriptor(
    files: dict[str, bytes],
    release: citation.Release,
    rows: dict[str, int],
    declared: dict[str, list[Variable]],
) -> dict:
    tabular = [
        {
            "name": name,
            "profile": "tabular-data-resource",
            "path": f"{name}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "description": f"{name}: {what}",
            "rows": rows[name],
            "bytes": len(files[f"{name}.csv"]),
            "hash": f"sha256:{sha256_bytes(files[f'{name}.csv'])}",
            "schema": {
                "fields": [
                    {"name": v.name, "type": v.type, "title": v.label, "description": v.description}
                    for v in declared[name]
                ],
                "primaryKey": list(key),
            },
        }
        for name, (key, what) in PANELS.items()
    ]
    others = [
        {
            "path": path,
            "mediatype": _MEDIA[path.rsplit(".", 1)[-1]],
            "bytes": len(data),
            # A DuckDB file's header carries a random identifier: its bytes differ from build to
            # build while its tables do not, so it has no hash here (see products.database).
            **({} if path == database.DATABASE_FILE else {"hash": f"sha256:{sha256_bytes(data)}"}),
        }
        for path, data in sorted(files.items())
        if not path.endswith(".csv")
    ]
    return {
        "profile": "tabular-data-package",
        "name": "interpol-dialogue-panels",
        "title": f"{release.title}: panels and research files",
        "version": release.version,
        "content_hash": release.content_hash,
        "created": f"{release.released.isoformat()}T00:00:00Z",
        "licenses": [LICENCE],
        "homepage": release.url,
        "resources": tabular,
        "files": others,
    }


def contents(
    data: Dataset, content_hash: str, folder: Path | None = None
) -> tuple[dict[str, bytes], dict[str, pd.DataFrame]]:
    """Every research file's bytes by name, and the panels they were written from.

    With ``folder`` (where the files are written), its DuckDB file is reused, unread by DuckDB,
    when it was written from the same inputs and is still the file written then
    (``DATABASE_KEY_FILE``); the key file itself is among the files returned.
    """
    panels = frames(data)
    declared = {name: variables(data, name) for name in PANELS}
    release = citation.read_release(content_hash=content_hash)
    files: dict[str, bytes] = {}
    for name, frame in panels.items():
        files[f"{name}.csv"] = formats.csv_bytes(frame, declared[name])
        files[f"{name}.parquet"] = formats.parquet_bytes(frame, declared[name], name)
        files[f"{name}.dta"] = formats.stata_bytes(
            frame, declared[name], f"INTERPOL Dialogue {name} {release.version}", release.released
        )
    key = database.inputs_key(content_hash, {n: b for n, b in files.items() if n.endswith(".csv")})
    kept = _kept_database(folder, key) if folder is not None else None
    built = kept if kept is not None else database.database_bytes(data, panels, declared)
    files[database.DATABASE_FILE] = built
    files[DATABASE_KEY_FILE] = json.dumps({"inputs": key, "sha256": sha256_bytes(built)}).encode()
    book = codebook.codebook(data, panels, release)
    files[CODEBOOK_FILE] = codebook.markdown(book).encode("utf-8")
    files["CITATION.cff"] = citation.CITATION_FILE.read_bytes()
    files["citation.bib"] = citation.bibtex(release).encode("utf-8")
    files["citation.ris"] = citation.ris(release).encode("utf-8")
    rows = {name: len(frame) for name, frame in panels.items()}
    listed = {n: b for n, b in files.items() if n != DATABASE_KEY_FILE}
    descriptor = _descriptor(listed, release, rows, declared)
    files[PACKAGE_FILE] = (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode()
    return files, panels


def _kept_database(folder: Path, key: str) -> bytes | None:
    """The DuckDB file of ``folder``, if it was written from inputs digesting to ``key``."""
    try:
        recorded = json.loads((folder / DATABASE_KEY_FILE).read_text(encoding="utf-8"))
        kept = (folder / database.DATABASE_FILE).read_bytes()
    except (OSError, ValueError):
        return None
    same = recorded.get("inputs") == key and recorded.get("sha256") == sha256_bytes(kept)
    return kept if same else None


def write(data: Dataset, processed_dir: Path) -> Products:
    """Write every research file of ``data`` into ``<processed_dir>/products/``, all or none.

    Raises:
        OSError: A file could not be written; the previous files are left as they were.
    """
    folder = folder_of(processed_dir)
    with exclusive(folder), staged() as put:
        files, _ = contents(data, data_version(Path(processed_dir)), folder)
        kept = folder / database.DATABASE_FILE
        old = kept.read_bytes() if kept.is_file() else None
        new = files[database.DATABASE_FILE]
        if old is not None and old != new and database.same_content(kept, new):
            # The same tables from other inputs (say, new code): the file stays byte for byte.
            files[database.DATABASE_FILE] = old
            record = json.loads(files[DATABASE_KEY_FILE])
            files[DATABASE_KEY_FILE] = json.dumps({**record, "sha256": sha256_bytes(old)}).encode()
        # The descriptor last: a datapackage.json always describes whole files.
        for name in sorted(files, key=lambda n: n == PACKAGE_FILE):
            put(folder / name, files[name])
    log.info("wrote %d research files to %s", len(files), folder)
    return Products(
        folder,
        {p.name: p.stat().st_size for p in sorted(folder.iterdir()) if not p.name.startswith(".")},
    )
