"""What the Data page offers of the research files: the files, the citation and the codebook.

``research(processed_dir)`` reads the research files beside a processed folder, writing them
first when they are missing or describe other data (another content hash or citable version),
so that ``make report`` on a fresh clone builds them too. It returns data, never markup.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dialogue_analysis.data.dataset import load
from dialogue_analysis.data.package import data_version
from dialogue_analysis.products import citation, codebook, outputs
from dialogue_analysis.products.variables import PANELS

#: What each offered file is, for the download list (in this order).
DESCRIPTIONS: dict[str, str] = {
    **{f"{p}.csv": f"{p}: {rows} (CSV)" for p, (_, rows) in PANELS.items()},
    **{f"{p}.dta": f"{p} for Stata 14+, with variable and value labels" for p in PANELS},
    **{f"{p}.parquet": f"{p} (Parquet)" for p in PANELS},
    "interpol-dialogue.duckdb": "Every table and panel in one DuckDB database, with keys and views",
    outputs.CODEBOOK_FILE: "The codebook (Markdown)",
    outputs.PACKAGE_FILE: "Frictionless data package describing these files",
    "CITATION.cff": "Citation metadata (Citation File Format)",
    "citation.bib": "The citation as BibTeX",
    "citation.ris": "The citation as RIS (Zotero, EndNote, Mendeley)",
}


@dataclass(frozen=True)
class Research:
    """The research files of a processed folder and what the Data page says about them."""

    files: dict[str, bytes]
    release: citation.Release
    text: str
    bibtex: str
    ris: str
    credit: str
    codebook: codebook.Codebook


def _descriptor(folder: Path) -> dict | None:
    try:
        return json.loads((folder / outputs.PACKAGE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _current(folder: Path, processed_dir: Path) -> bool:
    found = _descriptor(folder)
    return (
        found is not None
        and found.get("content_hash") == data_version(processed_dir)
        and found.get("version") == citation.read_release().version
        and all((folder / name).is_file() for name in DESCRIPTIONS)
    )


def research(processed_dir: Path) -> Research:
    """The research files beside ``processed_dir`` (written first if missing or stale)."""
    processed_dir = Path(processed_dir)
    folder = outputs.folder_of(processed_dir)
    data = load(processed_dir, rebuild=False)
    if not _current(folder, processed_dir):
        outputs.write(data, processed_dir)
    files = {name: (folder / name).read_bytes() for name in DESCRIPTIONS}
    release = citation.read_release(content_hash=data_version(processed_dir))
    frames = {name: pd.read_parquet(folder / f"{name}.parquet") for name in PANELS}
    return Research(
        files=files,
        release=release,
        text=citation.text(release),
        bibtex=citation.bibtex(release),
        ris=citation.ris(release),
        credit=citation.credit(data),
        codebook=codebook.codebook(data, frames, release),
    )
