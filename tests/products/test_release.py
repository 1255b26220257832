"""Releases: an archive per version, never rewritten, versions rising, a changelog per version."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dialogue_analysis.data import package
from dialogue_analysis.products import release
from dialogue_analysis.products.citation import read_release
from dialogue_analysis.reports.datapage import changelog


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dialogue_analysis", *args],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def data_dir(processed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped processed folder (a release writes the research files into it)."""
    folder = tmp_path_factory.mktemp("release") / "processed"
    shutil.copytree(processed, folder)
    return folder


def test_a_release_packs_everything_and_refuses_to_overwrite_itself(data_dir, tmp_path):
    dist = tmp_path / "dist"
    version = read_release().version
    first = run("release", "--data", str(data_dir), "--dist", str(dist))
    assert first.returncode == 0, first.stderr
    archive = dist / f"dialogue-data-{version}.zip"
    with zipfile.ZipFile(archive) as zipped:
        names = {n.removeprefix(f"dialogue-data-{version}/") for n in zipped.namelist()}
        log = zipped.read(f"dialogue-data-{version}/CHANGELOG.md").decode()
    for name in (
        "package/datapackage.json",
        "package/memberships.csv",
        "products/country_year.dta",
        "products/country_year.csv",
        "products/interpol-dialogue.duckdb",
        "products/codebook.md",
        "CITATION.cff",
        "CHANGELOG.md",
    ):
        assert name in names, name
    assert f"## {version} (" in log and "First release." in log
    before = archive.read_bytes()

    again = run("release", "--data", str(data_dir), "--dist", str(dist))
    assert again.returncode == 1
    assert "already released" in again.stderr and "Traceback" not in again.stderr
    assert archive.read_bytes() == before


def test_a_version_that_does_not_increase_is_refused(data_dir, tmp_path):
    dist = tmp_path / "dist"
    dist.mkdir()
    later = dist / "dialogue-data-2099.1.0.zip"
    later.write_bytes(release.archive_bytes("2099.1.0", {"CHANGELOG.md": b"# later\n"}))
    result = run("release", "--data", str(data_dir), "--dist", str(dist))
    assert result.returncode == 1
    assert "not higher than the latest release, 2099.1.0" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in dist.glob("*.zip")) == [later.name]


@pytest.mark.parametrize(
    ("released", "asked", "refused"),
    [
        ([], "2026.12.0", False),
        (["2026.11.0"], "2026.12.0", False),
        (["2026.11.0"], "2026.2.0", True),  # numbers, not text: 2 < 11
        (["2026.12.0"], "2026.12.0", True),
        (["2026.12.0", "2027.1.0"], "2026.12.1", True),
    ],
)
def test_versions_compare_as_numbers(tmp_path, released, asked, refused):
    for version in released:
        (tmp_path / f"dialogue-data-{version}.zip").write_bytes(release.archive_bytes(version, {}))
    if refused:
        with pytest.raises(release.ReleaseError) as caught:
            release.check(tmp_path, asked)
        assert caught.value.version == asked
    else:
        assert release.check(tmp_path, asked).name == f"dialogue-data-{asked}.zip"


def test_the_changelog_counts_rows_added_removed_and_changed_since_the_last_release(
    processed, tmp_path
):
    current = package.csv_package(processed)
    old = dict(current)
    lines = current["editions.csv"].decode().splitlines(keepends=True)
    old["editions.csv"] = "".join(lines[:-1]).encode()  # one edition fewer before
    earlier = "# Changes to the INTERPOL Dialogue dataset\n\n## 2026.11.0 (2026-11-02)\n\nOld.\n"
    files = {f"package/{n}": d for n, d in old.items()} | {"CHANGELOG.md": earlier.encode()}
    (tmp_path / "dialogue-data-2026.11.0.zip").write_bytes(
        release.archive_bytes("2026.11.0", files)
    )
    new = read_release(content_hash="abc")
    made = release.release_files(
        new, current, {"CITATION.cff": b"cff"}, tmp_path, changelog, {"editions": 1}
    )
    log = made["CHANGELOG.md"].decode()
    assert log.index(f"## {new.version}") < log.index("## 2026.11.0")
    assert "Since 2026.11.0" in log
    assert "| editions | 1 | 0 | 0 |" in log
    assert "| memberships | 0 | 0 | 0 |" in log
    assert log.count("# Changes to the INTERPOL Dialogue dataset") == 1
