"""Planning a run: which reports are built, refreshed or left, read from their last records."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from dialogue_analysis.build import plan, runner
from dialogue_analysis.build.state import page_key, record
from dialogue_analysis.site.catalog import CACHE_DIR, Outcome, Report, Status
from tests.conftest import tiny_data_folder


@pytest.fixture
def setup(tmp_path: Path):
    notebook = tmp_path / "one.ipynb"
    notebook.write_text("{}", encoding="utf-8")
    reports = [Report(name, notebook, name.title(), "") for name in ("a", "b", "c")]
    inputs = plan.read_inputs(reports, tiny_data_folder(tmp_path))
    out = tmp_path / "reports"
    (out / CACHE_DIR).mkdir(parents=True)
    return reports, inputs, out


def built(out: Path, report: Report, key: str, page: object) -> None:
    """Leave ``report`` in ``out`` as a build with ``key`` and ``page`` would."""
    (out / f"{report.name}.html").write_text("<html></html>", encoding="utf-8")
    record(out, report, {"key": key, "page": page_key(page), "status": "ok"})


def test_a_new_folder_builds_every_report_asked_for(setup):
    reports, inputs, out = setup
    todo = plan.make_plan(reports, inputs, out, show_code=False, force=False, only={"a", "b"})
    assert [r.name for r in todo.to_build] == ["a", "b"]
    assert todo.settled == {"c": Outcome(reports[2], Status.NOT_BUILT)}
    assert todo.headline() == "2 reports: 2 to build, 0 up to date"


def test_unchanged_reports_are_left_moved_ones_refreshed_changed_ones_built(setup):
    reports, inputs, out = setup
    first = plan.make_plan(reports, inputs, out, show_code=False, force=False, only=None)
    a, b, c = reports
    built(out, a, first.keys["a"], first.pages["a"])
    built(out, b, first.keys["b"], dataclasses.replace(first.pages["b"], version="older"))
    built(out, c, "another key", first.pages["c"])
    again = plan.make_plan(reports, inputs, out, show_code=False, force=False, only=None)
    assert again.settled == {"a": Outcome(a, Status.CACHED)}
    assert again.to_refresh == [b] and again.to_build == [c]
    forced = plan.make_plan(reports, inputs, out, show_code=False, force=True, only=None)
    assert forced.to_build == reports
    # Code shown or hidden is another output: every report is built again.
    shown = plan.make_plan(reports, inputs, out, show_code=True, force=False, only=None)
    assert shown.to_build == reports


def test_a_failed_report_is_built_again_or_kept_failed_when_not_asked_for(setup):
    reports, inputs, out = setup
    first = plan.make_plan(reports, inputs, out, show_code=False, force=False, only=None)
    a = reports[0]
    (out / "a.html").write_text("<html></html>", encoding="utf-8")  # its last good page
    record(out, a, {"key": first.keys["a"], "status": "failed", "error": "cell [2]: boom"})
    assert a in plan.make_plan(reports, inputs, out, False, False, None).to_build
    kept = plan.make_plan(reports, inputs, out, False, False, only={"b"}).settled["a"]
    assert kept == Outcome(a, Status.FAILED, error="cell [2]: boom")


def test_statuses_print_as_the_words_the_run_has_always_printed(setup):
    reports = setup[0]
    outcomes = [Outcome(reports[0], s) for s in Status]
    assert [str(o.status) for o in outcomes] == [
        "built",
        "refreshed",
        "cached",
        "failed",
        "not built",
    ]
    assert f"{Status.NOT_BUILT}" == "not built" and Status.FAILED == "failed"
    lines = runner.summary(outcomes)
    assert lines[0] == "1 built, 1 refreshed, 1 up to date, 1 failed, 1 not built yet"
    assert lines[1].startswith("FAILED a (one.ipynb; defaults): ")
