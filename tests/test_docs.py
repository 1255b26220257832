"""The README and docs/ as a newcomer reads them: short, links and commands real, examples run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dialogue_analysis.data.dataset import PROCESSED_DIR_ENV
from dialogue_analysis.paths import PROJECT_ROOT

README = PROJECT_ROOT / "README.md"
DOCS = sorted(
    [README, PROJECT_ROOT / "CONTRIBUTING.md", *(PROJECT_ROOT / "docs").glob("*.md")],
    key=lambda p: p.relative_to(PROJECT_ROOT).as_posix(),
)
IDS = [p.relative_to(PROJECT_ROOT).as_posix() for p in DOCS]


def relative_links(markdown: str) -> list[str]:
    """Every link or image target that is a path in the repository (no scheme, no bare anchor)."""
    targets = re.findall(r"\]\(([^)\s]+)\)", markdown)
    return [t.split("#", 1)[0] for t in targets if "://" not in t and not t.startswith("#")]


def python_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", markdown, re.S | re.M)


def make_targets() -> set[str]:
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z_-]*):", makefile, re.M))


def test_readme_is_at_most_150_lines():
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 150


@pytest.mark.parametrize("doc", DOCS, ids=IDS)
def test_every_relative_link_reaches_a_file_of_the_repository(doc: Path):
    text = doc.read_text(encoding="utf-8")
    missing = [t for t in relative_links(text) if not (doc.parent / t).exists()]
    assert missing == []


@pytest.mark.parametrize("doc", DOCS, ids=IDS)
def test_every_make_command_named_is_a_target_of_the_makefile(doc: Path):
    # `make X` in prose, or a line of a shell block starting with make X.
    text = doc.read_text(encoding="utf-8")
    named = set(re.findall(r"(?:`|^)make ([a-z][a-z_-]*)", text, re.M))
    assert named - make_targets() == set()


def test_the_readme_lists_every_documented_make_target():
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    documented = set(re.findall(r"^([a-z][a-z_-]*):.*## ", makefile, re.M)) - {"help"}
    listed = re.search(r"`make` alone lists every\s+target \(([^)]*)\)", README.read_text("utf-8"))
    assert listed, "the README no longer lists the make targets"
    assert set(re.findall(r"`([a-z-]+)`", listed.group(1))) == documented


def test_the_readme_links_every_page_of_docs():
    linked = {Path(t).name for t in relative_links(README.read_text(encoding="utf-8"))}
    pages = {p.name for p in (PROJECT_ROOT / "docs").glob("*.md")}
    assert pages - linked == set()


@pytest.mark.slow
@pytest.mark.parametrize("doc", ["README.md", "docs/python-api.md"])
def test_the_python_examples_run_on_the_shipped_data(doc, processed, monkeypatch):
    # load() without a folder reads the one this variable names, as inside a report run: the
    # examples read the session's build in tmp, never the repository's data/processed.
    monkeypatch.setenv(PROCESSED_DIR_ENV, str(processed))
    blocks = python_blocks((PROJECT_ROOT / doc).read_text(encoding="utf-8"))
    assert blocks, f"{doc} has no Python example"
    for block in blocks:
        exec(compile(block, doc, "exec"), {})
