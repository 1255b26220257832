"""Plan a run: read what the reports are built from, then decide what each report needs.

``read_inputs`` reads, once per run, what every report's cache key and provenance depend on (the
processed tables' digests, the library's hash, the stack's versions, the rows some reports read
beyond whole tables). ``make_plan`` compares each report's cache key and place in the site with
what its last build recorded (``state``): a report is built (new or changed inputs, a failed or
missing page, ``force``), refreshed (the same output in a new place: new neighbours or data
version) or left as it is (up to date, or not asked for).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from dialogue_analysis.build.registry import key_input_function
from dialogue_analysis.build.render import Provenance
from dialogue_analysis.build.state import (
    cache_key,
    git_commit,
    last_result,
    library_hash,
    package_hash,
    page_key,
    stack_versions,
)
from dialogue_analysis.data import package
from dialogue_analysis.files import sha256_bytes
from dialogue_analysis.products.citation import read_release
from dialogue_analysis.site import site
from dialogue_analysis.site.catalog import Outcome, Report, Status

if TYPE_CHECKING:
    from dialogue_analysis.data.dataset import Dataset


@dataclasses.dataclass(frozen=True)
class Inputs:
    """What every report of a run is built from, read once when the run starts.

    Attributes:
        table_digests: Processed table name -> its SHA-256 (from ``datapackage.json``).
        library: The hash of the library code a report's output depends on (``library_hash``).
        package: The hash of the whole package (``package_hash``): what Dask workers must run.
        versions: Python's and the report stack's package versions.
        dataset: The processed Dialogue tables, or None for a folder without them.
        row_digests: Report name -> the digest of the rows it reads beyond whole tables.
        data_version: The processed data's version, which every page cites.
        commit: The project's git commit, shown in every report's provenance.
    """

    table_digests: dict[str, str]
    library: str
    package: str
    versions: dict[str, str]
    dataset: Dataset | None
    row_digests: dict[str, str]
    data_version: str
    commit: str

    @property
    def provenance(self) -> Provenance:
        """The provenance footer every report of the run gets."""
        return Provenance(self.table_digests, self.versions, self.commit, self.row_digests)

    @property
    def site_key(self) -> str:
        """The hash the Data and Sources pages and the headline figures follow from.

        It covers the citable version and the site's address the Data page cites, so a new
        release rewrites the page.
        """
        cited = repr(read_release())
        parts = [self.table_digests, self.package, self.versions, cited]
        return sha256_bytes(json.dumps(parts, sort_keys=True).encode())


def read_inputs(reports: list[Report], data_dir: Path) -> Inputs:
    """What ``reports`` are built from, with the processed data in ``data_dir``."""
    dataset = _dataset(Path(data_dir))
    return Inputs(
        table_digests=package.table_hashes(data_dir),
        library=library_hash(),
        package=package_hash(),
        versions=stack_versions(),
        dataset=dataset,
        row_digests=_row_digests(reports, dataset),
        data_version=package.data_version(data_dir),
        commit=git_commit(),
    )


def _dataset(data_dir: Path) -> Dataset | None:
    """The processed Dialogue tables in ``data_dir`` (read once per run), or None if absent."""
    from dialogue_analysis.data.dataset import load

    if not all((data_dir / f"{t}.parquet").is_file() for t in package.OUTPUT_TABLES):
        return None
    return load(processed_dir=data_dir, rebuild=False)


def _row_digests(reports: list[Report], data: Dataset | None) -> dict[str, str]:
    """Each report's digest of the rows it reads beyond whole tables (``Report.key_inputs``).

    One call per function over the whole dataset; a value the function does not know gets the
    digest "" (the report reads no row of it). Empty without the Dialogue tables.
    """
    wanted = [r for r in reports if r.key_inputs]
    if not wanted or data is None:
        return {}
    by_function: dict[tuple[str, str], dict[str, str]] = {}
    found = {}
    for r in wanted:
        if r.key_inputs not in by_function:
            by_function[r.key_inputs] = key_input_function(r.key_inputs)(data)
        value = str(r.parameters.get(r.key_inputs[1], ""))
        found[r.name] = by_function[r.key_inputs].get(value, "")
    return found


@dataclasses.dataclass
class Plan:
    """What a run does with each report.

    Attributes:
        keys: Report name -> its cache key.
        pages: Report name -> its place in the site (group, neighbours, data version).
        settled: Report name -> its outcome, for the reports that need no build: up to date,
            refreshed, or not asked for (their last result).
        to_build: The reports to execute and render, in registry order.
        to_refresh: The reports whose output is unchanged but whose place in the site is not:
            their navigation, citation and download sidecars are redone.
        asked: How many reports the run was asked for.
    """

    keys: dict[str, str]
    pages: dict[str, site.Page]
    settled: dict[str, Outcome] = dataclasses.field(default_factory=dict)
    to_build: list[Report] = dataclasses.field(default_factory=list)
    to_refresh: list[Report] = dataclasses.field(default_factory=list)
    asked: int = 0

    def headline(self) -> str:
        """The run's first progress line: how many reports to build, how many up to date."""
        # A report to refresh is settled once its page is refreshed, else it joins to_build.
        n_refreshed = sum(r.name in self.settled for r in self.to_refresh)
        build, up_to_date = len(self.to_build), self.asked - len(self.to_build)
        refreshed = (
            f" ({n_refreshed} with new navigation or data version only, refreshed)"
            if n_refreshed
            else ""
        )
        return f"{self.asked} reports: {build} to build, {up_to_date} up to date{refreshed}"


def make_plan(
    reports: list[Report],
    inputs: Inputs,
    out_dir: Path,
    show_code: bool,
    force: bool,
    only: Collection[str] | None,
) -> Plan:
    """What to do with each of ``reports`` in ``out_dir`` (see the module's description)."""
    plan = Plan(
        keys={
            r.name: cache_key(
                r,
                inputs.table_digests,
                inputs.library,
                inputs.versions,
                show_code,
                inputs.row_digests.get(r.name),
            )
            for r in reports
        },
        pages=site.pages(reports, inputs.data_version),
        asked=len(reports) if only is None else sum(r.name in only for r in reports),
    )
    for r in reports:
        last = last_result(out_dir, r)
        has_html = (out_dir / f"{r.name}.html").is_file()
        if only is not None and r.name not in only:  # not asked for: keep its last result
            plan.settled[r.name] = _last_outcome(r, last, has_html)
        elif force or not _up_to_date(last, has_html, plan.keys[r.name]):
            plan.to_build.append(r)
        elif last.get("page") == page_key(plan.pages[r.name]):
            plan.settled[r.name] = Outcome(r, Status.CACHED)
        else:  # the same output in a new place: its navigation and citation are redone
            plan.to_refresh.append(r)
    return plan


def _up_to_date(last: dict, has_html: bool, key: str) -> bool:
    """Whether a report's last build succeeded, with ``key``, and its page is there."""
    return has_html and last.get("status") == "ok" and last.get("key") == key


def _last_outcome(report: Report, last: dict, has_html: bool) -> Outcome:
    """A report the run was not asked for, as its last build left it."""
    if last.get("status") == "failed":
        status = Status.FAILED
    else:
        status = Status.CACHED if has_html else Status.NOT_BUILT
    return Outcome(report, status, error=last.get("error", ""))
