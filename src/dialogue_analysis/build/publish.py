"""Publish a run: the Data and Sources pages (when their inputs changed) and the landing page.

The landing page lists every registered report with its outcome; it is written last, so that an
interrupted run leaves the one the last complete run wrote.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from dialogue_analysis import files
from dialogue_analysis.build.plan import Inputs
from dialogue_analysis.site import datapage, index, sourcespage
from dialogue_analysis.site.catalog import CACHE_DIR, Outcome

if TYPE_CHECKING:
    from dialogue_analysis.data.dataset import Dataset

SITE_RECORD = "site.json"  # under .cache: what the Data and Sources pages were built from


def publish(
    outcomes: list[Outcome],
    inputs: Inputs,
    data_dir: Path,
    out_dir: Path,
    progress: Callable[[str], None],
) -> None:
    """Write the site around the reports of one run (``outcomes``, in registry order)."""
    figures = site_pages(data_dir, out_dir, progress, inputs.dataset, inputs.site_key)
    page = index.render(outcomes, out_dir, figures, inputs.data_version)
    files.write_atomic(out_dir / "index.html", page.encode("utf-8"))


def site_pages(
    data_dir: Path,
    out_dir: Path,
    progress: Callable[[str], None],
    data: Dataset | None,
    key: str,
) -> list[tuple[str, str]]:
    """Write the Data and Sources pages; return the landing page's headline figures.

    Both pages and the figures follow from the processed data and the library alone: when
    ``key`` (their hash) is the one recorded and the pages are there, nothing is written and the
    recorded figures are returned. A folder without the processed tables (a registry of other
    notebooks, run on other data) gets neither page and no figures, and the run says so.
    """
    if data is None:
        progress(f"Data and Sources pages skipped: no processed Dialogue tables in {data_dir}")
        return []
    record_path = out_dir / CACHE_DIR / SITE_RECORD
    try:
        last = json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        last = {}
    pages = [out_dir / datapage.PAGE_FILE, out_dir / sourcespage.PAGE_FILE]
    if last.get("key") == key and all(p.is_file() for p in pages):
        return [tuple(pair) for pair in last["figures"]]
    from dialogue_analysis.views.headline import headline_figures

    datapage.write_data_page(data_dir, out_dir)
    sourcespage.write_sources_page(data_dir, out_dir, data)
    figures = headline_figures(data)
    files.write_atomic(record_path, json.dumps({"key": key, "figures": figures}).encode("utf-8"))
    return figures
