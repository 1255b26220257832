"""The citation: CITATION.cff is valid, and the version it declares is the one every file names."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from dialogue_analysis.products import citation


def test_citation_cff_passes_cffconvert_validate():
    cffconvert = Path(sys.executable).with_name("cffconvert")
    command = (
        [str(cffconvert)] if cffconvert.exists() else [shutil.which("cffconvert") or "cffconvert"]
    )
    result = subprocess.run(
        [*command, "--validate", "-i", str(citation.CITATION_FILE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_release_is_read_from_citation_cff():
    release = citation.read_release(content_hash="abc123")
    parts = release.version.split(".")
    assert len(parts) == 3 and all(p.isdigit() for p in parts)
    assert int(parts[0]) == release.released.year
    assert isinstance(release.released, date)
    assert release.authors and release.url.startswith("https://")


def test_the_site_address_is_a_setting(monkeypatch):
    monkeypatch.setenv(citation.SITE_URL_ENV, "https://dialogue.example.net/")
    assert citation.read_release().url == "https://dialogue.example.net/"


@pytest.mark.parametrize("form", [citation.text, citation.bibtex, citation.ris])
def test_every_form_names_author_title_version_year_and_address(form):
    release = citation.read_release(content_hash="abc123def456")
    written = form(release)
    for part in (release.title, release.version, str(release.year), release.url, *release.authors):
        assert part in written, (form.__name__, part)
