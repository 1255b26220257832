"""Shared fixtures: copies of the real raw data to break, and builds of it to query and read.

The tiny hand-built dataset and its row builders are in ``tests/fixtures.py``. No test writes
outside its ``tmp_path``: the session fails if the repository's outputs (``data/processed``,
``data/proposals``, ``reports``) changed while it ran.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_notebook

from dialogue_analysis import Dataset, build, load
from dialogue_analysis.paths import DATA_DIR, PROCESSED_DIR, RAW_DIR, REPORTS_DIR
from dialogue_analysis.reports import runner
from dialogue_analysis.reports.registry import Report, grid_tables, load_registry

# The country profiles the suite builds (`make report` builds all ~200): a derived roster (KEN),
# dated snapshots (USA), a suspension (SYR), a set of bodies no other country has (ESH), an
# observer (CAN), a small state drawn as a point (MCO), an exit (GBR).
COUNTRY_SAMPLE = ("CAN", "ESH", "GBR", "KEN", "MCO", "SYR", "USA")

# Markup a person could paste into a raw cell; the reports must show it as text.
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


# The repository's own outputs: a test that writes here leaves files a user would take for theirs.
REPOSITORY_OUTPUTS = (PROCESSED_DIR, DATA_DIR / "proposals", REPORTS_DIR)


def _outputs() -> dict[str, tuple[int, int]]:
    """Every file under the repository's output folders, with its modification time and size."""
    return {
        str(path): (stat.st_mtime_ns, stat.st_size)
        for folder in REPOSITORY_OUTPUTS
        if folder.is_dir()
        for path in folder.rglob("*")
        if (stat := path.stat())
    }


@pytest.fixture(scope="session", autouse=True)
def repository_outputs_untouched():
    """Fail the session if a test wrote into data/processed, data/proposals or reports."""
    before = _outputs()
    yield
    after = _outputs()
    changed = sorted(f for f in before.keys() | after.keys() if before.get(f) != after.get(f))
    assert not changed, (
        f"tests wrote {len(changed)} file(s) into the repository (write under tmp_path, pass "
        f"--data/--out): {', '.join(changed[:5])}"
    )


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


@pytest.fixture(scope="session")
def processed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped raw data built once into a temporary processed folder."""
    out = tmp_path_factory.mktemp("processed")
    build(RAW_DIR, out)
    return out


@pytest.fixture(scope="session")
def registered(data: Dataset) -> list[Report]:
    """Every report of the shipped registry over the shipped data (``COUNTRY_SAMPLE`` profiles)."""
    return load_registry(grid_tables(data, COUNTRY_SAMPLE))


@pytest.fixture(scope="session")
def built(
    processed: Path, registered: list[Report], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[runner.Outcome]]:
    """Every registered report built once from the shipped data: (reports folder, outcomes)."""
    out = tmp_path_factory.mktemp("reports")
    return out, runner.run(registered, processed, out, jobs=2)


@pytest.fixture(scope="session")
def hostile_reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """meeting_history and body_profile_EUROPOL built from raw data whose text carries markup.

    Returns the reports folder and each report's status.
    """
    root = tmp_path_factory.mktemp("hostile")
    raw, processed, out = root / "raw", root / "processed", root / "reports"
    shutil.copytree(RAW_DIR, raw)
    # A body's full name and an outcome document carrying markup.
    replace_in(
        raw / "bodies.csv",
        "European Union Agency for Law Enforcement Cooperation",
        f"Europol {SCRIPT}",
    )
    replace_in(raw / "editions.csv", "Abu Dhabi Joint Declaration", f"Abu Dhabi {IMG}")
    build(raw, processed)
    hostile = load(processed, raw)
    registered = load_registry(grid_tables(hostile, COUNTRY_SAMPLE))
    outcomes = runner.run(
        registered, processed, out, jobs=2, only={"meeting_history", "body_profile_EUROPOL"}
    )
    return out, {o.report.name: o.status for o in outcomes if o.status != "not built"}


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


def tiny_data_folder(root: Path) -> Path:
    """``root/data``: a processed folder with a package naming one table, for runner tests."""
    import json

    data = root / "data"
    data.mkdir()
    (data / "datapackage.json").write_text(
        json.dumps({"resources": [{"name": "editions", "hash": "sha256:abc"}]})
    )
    return data


def write_notebook(path: Path, cells: list) -> Path:
    """Write a small test notebook with the python3 kernelspec the report runner uses."""
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path
