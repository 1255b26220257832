"""The cache key's library hash: what a report's output depends on, and nothing else."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from dialogue_analysis.build.state import REPORT_SOURCES, library_hash, package_hash
from dialogue_analysis.paths import PACKAGE_DIR


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    """A copy of the package's source, to edit."""
    copy = tmp_path_factory.mktemp("src") / "dialogue_analysis"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.mark.parametrize(
    ("edited", "rebuilds"),
    [
        ("cli.py", False),  # the command line
        ("build/runner.py", False),  # what to run and running it
        ("build/plan.py", False),
        ("build/kernels.py", False),
        ("build/distributed.py", False),
        ("site/datapage.py", False),  # the Data page is not part of a report
        ("views/words.py", True),  # what the notebooks import
        ("analysis/membership.py", True),
        ("data/schema.py", True),
        ("errors.py", True),
        ("site/site.py", True),  # the chrome around a report
        ("site/export.py", True),
        ("site/templating.py", True),
        ("site/templates/pages/chrome.html.j2", True),
        ("site/templates/compact/report.css", True),
        ("build/render.py", True),  # the provenance footer, card and thumbnail
    ],
)
def test_only_code_a_report_shows_changes_the_library_hash(package, edited, rebuilds):
    before = library_hash(package)
    path = package / edited
    original = path.read_bytes()
    try:
        path.write_bytes(original + b"\n# edited\n")
        assert (library_hash(package) != before) is rebuilds
        assert package_hash(package) != before  # a Dask worker must run the same package
    finally:
        path.write_bytes(original)
    assert library_hash(package) == before


def _module_path(name: str) -> Path | None:
    """The file of the longest prefix of ``name`` (dotted, in the package) that is a module."""
    parts = name.split(".")[1:]
    while parts:
        base = PACKAGE_DIR.joinpath(*parts)
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if candidate.is_file():
                return candidate
        parts.pop()
    return None


def _covered(path: Path) -> bool:
    """Whether ``path`` is hashed; a floor's ``__init__.py`` (its description) need not be."""
    relative = path.relative_to(PACKAGE_DIR)
    if relative.name == "__init__.py" and relative.parent != Path("."):
        return True
    return any(relative == Path(s) or Path(s) in relative.parents for s in REPORT_SOURCES)


def test_every_module_the_hashed_code_imports_is_hashed_too():
    hashed = [
        p
        for s in REPORT_SOURCES
        for p in ([PACKAGE_DIR / s] if s.endswith(".py") else (PACKAGE_DIR / s).rglob("*.py"))
    ]
    assert hashed and all(p.is_file() for p in hashed)
    missing = set()
    for path in hashed:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "dialogue_analysis"
            ):
                names = [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names if a.name.startswith("dialogue_analysis")]
            else:
                continue
            for name in names:
                found = _module_path(name)
                if found is not None and not _covered(found):
                    missing.add(f"{path.relative_to(PACKAGE_DIR)} imports {name}")
    assert sorted(missing) == []
