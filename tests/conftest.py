"""Shared fixtures: copies of the real raw data to break, and one build of it to query."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dialogue_analysis import Dataset, load
from dialogue_analysis.paths import RAW_DIR


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A private copy of data/raw that a test may break."""
    dest = tmp_path / "raw"
    shutil.copytree(RAW_DIR, dest)
    return dest


@pytest.fixture(scope="session")
def data(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """The shipped dataset, built once into a temporary folder."""
    out = tmp_path_factory.mktemp("processed")
    return load(processed_dir=out, raw_dir=RAW_DIR)


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a raw file as a person would; fail loudly if the text to change is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """1-based number of the first line of ``path`` containing ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path.name}")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, to compare before and after a build."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
