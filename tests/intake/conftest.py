"""What the intake tests share: the stored 2019 press release, the curated data, short texts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dialogue_analysis import intake
from dialogue_analysis.paths import RAW_DIR, SOURCES_DIR

RELEASE_2019 = SOURCES_DIR / "interpol-2019-06-12.txt"
MEMBERS_2019 = {
    "AFRIPOL", "AMERIPOL", "ASEANAPOL", "AIMC", "ECO", "EUROPOL", "FRONTEX", "GCCPOL", "INTERPOL",
}  # fmt: skip


@pytest.fixture(scope="session")
def curated() -> intake.Curated:
    return intake.read_curated(RAW_DIR)


@pytest.fixture(scope="session")
def found_2019(curated: intake.Curated) -> intake.Proposals:
    return intake.propose(intake.read_source(RELEASE_2019), curated)


def text_file(tmp_path: Path, text: str, name: str = "release.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def proposals_for(tmp_path: Path, curated: intake.Curated, text: str) -> intake.Proposals:
    return intake.propose(intake.read_source(text_file(tmp_path, text)), curated)


def roles(found: intake.Proposals) -> dict[tuple[str, str], str]:
    """(body as written, role) -> status of every participation proposal."""
    return {(p.row["body"], p.row["role"]): p.status for p in found.of("participation")}


def squashed(text: str) -> str:
    return re.sub(r"\s+", " ", text)
