"""What a report's state depends on, and what its last build recorded.

A report is rebuilt only when its cache key changes: a hash of its notebook, its parameters, the
processed tables it reads (their hashes from ``datapackage.json``), the library code its output
depends on (``REPORT_SOURCES``) and the report stack's versions. Each build records its key and
status under ``reports/.cache`` (``site.catalog.CACHE_DIR``).
"""

from __future__ import annotations

import json
import platform
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

from dialogue_analysis.files import sha256_bytes, write_atomic
from dialogue_analysis.paths import PACKAGE_DIR, PROJECT_ROOT
from dialogue_analysis.site.catalog import CACHE_DIR, Report

if TYPE_CHECKING:
    from dialogue_analysis.site.site import Page

STACK = (
    "dialogue-analysis",
    "pandas",
    "numpy",
    "pyarrow",
    "matplotlib",
    "papermill",
    "nbclient",
    "nbconvert",
    "nbformat",
    "ipykernel",
    "jupyter_client",
)


def stack_versions() -> dict[str, str]:
    """Versions of Python and of every package the reports depend on."""
    found = {"python": platform.python_version()}
    for name in STACK:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


#: What a report's output can depend on in the package, relative to it: what the notebooks import
#: (the data, analysis and views floors, the public API and the ground they stand on), and what
#: renders a report's page (export with the nbconvert templates, the page chrome, the provenance
#: footer, the card and thumbnail). Not the command line nor the machinery that decides and runs
#: the builds: a change there rebuilds no report. A module these import is listed too (tested).
REPORT_SOURCES = (
    "__init__.py",
    "paths.py",
    "errors.py",
    "files.py",
    "data",
    "analysis",
    "views",
    "site/catalog.py",
    "site/site.py",
    "site/export.py",
    "site/templating.py",
    "site/templates",
    "build/render.py",
)
_SOURCE_SUFFIXES = {".py", ".j2", ".css", ".json", ".csv"}


def _sources_hash(root: Path, paths: list[Path]) -> str:
    files = sorted(
        p
        for path in paths
        for p in ([path] if path.is_file() else path.rglob("*"))
        if p.is_file() and p.suffix in _SOURCE_SUFFIXES
    )
    return sha256_bytes(
        b"".join(p.relative_to(root).as_posix().encode() + p.read_bytes() for p in files)
    )


def library_hash(root: Path = PACKAGE_DIR) -> str:
    """One hash over the library code and templates a report's output depends on.

    That is ``REPORT_SOURCES`` of the package in ``root``: editing the command line or the build
    machinery rebuilds no report; editing a view, the page chrome or a template rebuilds them.
    """
    return _sources_hash(root, [root / s for s in REPORT_SOURCES])


def package_hash(root: Path = PACKAGE_DIR) -> str:
    """One hash over every source file and template of the package (what a Dask worker runs)."""
    return _sources_hash(root, [root])


def cache_key(
    report: Report,
    data: dict[str, str],
    library: str,
    versions: dict[str, str],
    show_code: bool,
    inputs: str | None = None,
) -> str:
    """The content hash that decides whether ``report`` must be executed and rendered again.

    Its notebook, parameters and title, the hashes of the processed tables it reads, the digest
    of the rows it reads beyond them (``inputs``, from the registry's ``key_inputs``), the
    library and the stack. What the page shows of the site around it is ``page_key``'s: a
    change there alone refreshes the page without running the notebook.
    """
    reads = report.reads or tuple(sorted(data))
    parts = {
        "notebook": sha256_bytes(report.notebook.read_bytes()),
        "parameters": report.parameters,
        "data": {name: data.get(name) for name in reads},
        "inputs": inputs,
        "library": library,
        "versions": versions,
        "show_code": show_code,
        "title": report.title,
    }
    return sha256_bytes(json.dumps(parts, sort_keys=True, default=str).encode())


def page_key(page: Page | None) -> str | None:
    """A hash of what a report's page shows of the site: group, neighbours, data version."""
    if page is None:
        return None
    return sha256_bytes(json.dumps(page.key(), sort_keys=True, default=str).encode())


def git_commit() -> str:
    """The project's current commit (with '+changes' when the tree differs), or 'not a git tree'."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "src", "notebooks", "reports.toml", "data/raw"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not a git tree"
    return head + ("+changes" if dirty else "")


def last_result(out_dir: Path, report: Report) -> dict:
    """What the last build of ``report`` recorded: its cache key, status and error, if any."""
    try:
        return json.loads((out_dir / CACHE_DIR / f"{report.name}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def record(out_dir: Path, report: Report, result: dict) -> None:
    """Record the result of building ``report`` (its key and status) for the next run."""
    write_atomic(out_dir / CACHE_DIR / f"{report.name}.json", json.dumps(result).encode("utf-8"))
