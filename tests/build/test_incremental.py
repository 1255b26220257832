"""What a change to the data rebuilds: only what the cache key demands, and the rest refreshed.

A report is executed again when what it reads changes (its whole tables, and for a country profile
its own rows and the countries sharing its bodies, ``key_inputs``). A report whose output is
unchanged but whose page is not (the data version in its citation) is refreshed in place; the
refreshed files are byte for byte those of a full build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dialogue_analysis.build import runner
from dialogue_analysis.build.registry import grid_tables, load_registry
from dialogue_analysis.data.dataset import load
from dialogue_analysis.data.pipeline import build
from dialogue_analysis.paths import RAW_DIR
from tests.conftest import replace_in, snapshot

pytestmark = pytest.mark.slow

# Kenya and France: different bodies, so a change to one's rows leaves the other's output alone.
ASKED = {"country_profile_KEN", "country_profile_FRA", "meeting_history", "membership"}


@pytest.fixture
def project(tmp_path: Path):
    raw, processed = tmp_path / "raw", tmp_path / "processed"
    shutil.copytree(RAW_DIR, raw)
    build(raw, processed)
    return raw, processed, tmp_path


def _run(raw: Path, processed: Path, out: Path, force: bool = False) -> dict[str, str]:
    build(raw, processed)
    registered = load_registry(grid_tables(load(processed, raw)))
    outcomes = runner.run(registered, processed, out, jobs=2, only=ASKED, force=force)
    return {o.report.name: o.status for o in outcomes if o.report.name in ASKED}


def _site(out: Path) -> dict[str, bytes]:
    """The asked reports' pages and downloads (the cache records hold keys, not output)."""

    def asked(name: str) -> bool:
        parts = name.split("/")
        return parts[0].split(".")[0] in ASKED or (parts[0] == "data" and parts[1] in ASKED)

    return {name: content for name, content in snapshot(out).items() if asked(name)}


def test_a_changed_country_row_runs_that_profile_and_the_whole_table_readers_only(project):
    raw, processed, tmp = project
    out = tmp / "reports"
    assert set(_run(raw, processed, out).values()) == {"built"}
    # A Kenyan row's notes: Kenya's profile shows its rows; membership reads every row;
    # meeting_history and France's profile read neither, but their citation names the data
    # version, which changed.
    kenya_au = (
        "AU,Kenya,member,1963-05-25,,,,,vi0-wiki-african-union,,worldpopulationreview-au,medium,"
    )
    replace_in(raw / "memberships.csv", kenya_au + "\n", kenya_au + "checked\n")
    assert _run(raw, processed, out) == {
        "country_profile_KEN": "built",
        "membership": "built",
        "country_profile_FRA": "refreshed",
        "meeting_history": "refreshed",
    }
    refreshed = _site(out)
    forced = tmp / "forced"
    shutil.copytree(out, forced)
    assert set(_run(raw, processed, forced, force=True).values()) == {"built"}
    assert _site(forced) == refreshed
    # Nothing changed since: nothing runs, nothing is refreshed.
    assert set(_run(raw, processed, out).values()) == {"cached"}
