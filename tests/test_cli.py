"""The command line as a person uses it: exit codes, a summary, readable problems."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from dialogue_analysis.cli import format_problems
from dialogue_analysis.data.schema import TABLES
from dialogue_analysis.errors import Problem
from dialogue_analysis.paths import PROJECT_ROOT, RAW_DIR
from tests.conftest import replace_in, snapshot


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dialogue_analysis", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def test_data_builds_and_prints_a_summary(raw_copy, tmp_path):
    result = run("data", "--raw", str(raw_copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "editions.parquet" in result.stdout and "rows" in result.stdout
    assert (tmp_path / "out" / "datapackage.json").is_file()
    for name in ("country_year.dta", "interpol-dialogue.duckdb", "codebook.md"):
        assert (tmp_path / "out" / "products" / name).is_file(), name


def test_invalid_input_exits_1_with_located_problems_and_no_traceback(raw_copy, tmp_path):
    out = tmp_path / "out"
    assert run("data", "--raw", str(raw_copy), "--out", str(out)).returncode == 0
    before = snapshot(out)
    replace_in(raw_copy / "editions.csv", "15 and 16 March 2016", "15 and 16 Marhc 2016")
    replace_in(raw_copy / "participation.csv", "3,Gulf Cooperation Council-POL,", "3,GCC POLIS,")
    result = run("data", "--raw", str(raw_copy), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert any(
        ln.startswith("raw/editions.csv:")
        and ": dates: not a valid date" in ln
        and "'15 and 16 Marhc 2016'" in ln
        for ln in lines
    ), result.stderr
    assert any(ln.startswith("raw/participation.csv:") and "unknown body" in ln for ln in lines)
    assert "left unchanged" in result.stderr
    assert snapshot(out) == before


def test_usage_errors_exit_2(tmp_path):
    assert run("data", "--bogus").returncode == 2
    assert run().returncode == 2
    missing = run("data", "--raw", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o"))
    assert missing.returncode == 2 and "raw folder not found" in missing.stderr


def test_dictionary_prints_the_committed_docs_data_dictionary():
    result = run("dictionary")
    assert result.returncode == 0, result.stderr
    committed = (PROJECT_ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert result.stdout == committed, (
        "docs/data-dictionary.md is out of step with data/schema.py: run `make docs`"
    )


def test_dictionary_documents_every_processed_table_and_column():
    out = run("dictionary").stdout
    for table in TABLES.values():
        if table.name == "country_names":  # a lookup the build reads, not a processed table
            continue
        section = out.split(f"## `{table.name}`\n", 1)[1].split("\n## ", 1)[0]
        assert [c.name for c in table.columns] == re.findall(r"^\| `(\w+)` \|", section, re.M)


def test_console_script_is_installed():
    exe = Path(sys.executable).parent / "dialogue-analysis"
    result = subprocess.run([str(exe), "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "data" in result.stdout


def test_problem_lines_are_bounded_per_kind():
    problems = [Problem("a.csv", n, "body", "unknown body", value="X") for n in range(1, 31)]
    problems.append(Problem("a.csv", 5, "dates", "not a valid date", value="Y"))
    lines = format_problems(problems, limit=10)
    assert len([ln for ln in lines if "unknown body (got" in ln]) == 10
    assert lines[-1] == "a.csv: ... and 20 more 'unknown body' problem(s)"
    assert any("not a valid date" in ln for ln in lines)
    numbered = [int(ln.split(":")[1]) for ln in lines[:-1]]
    assert numbered == sorted(numbered)


def test_report_runs_warm_kernels_unless_cold_is_given(monkeypatch, processed, tmp_path):
    from dialogue_analysis import cli
    from dialogue_analysis.reports import runner

    seen = {}
    monkeypatch.setattr(runner, "run", lambda *a, **kw: seen.update(kw) or [])
    folders = ["--data", str(processed), "--out", str(tmp_path / "reports")]
    for argv, warm in ((["report", *folders], True), (["report", *folders, "--cold"], False)):
        assert cli.main(argv) == 0
        assert seen["warm"] is warm


@pytest.mark.slow
def test_report_uses_a_folder_built_from_another_raw_folder_and_never_replaces_it(
    raw_copy, tmp_path
):
    processed, reports = tmp_path / "processed", tmp_path / "reports"
    declaration = "Abu Dhabi Joint Declaration"
    replace_in(raw_copy / "editions.csv", declaration, f"{declaration} (edited copy)")
    assert run("data", "--raw", str(raw_copy), "--out", str(processed)).returncode == 0
    before = snapshot(processed)
    args = ("report", "--data", str(processed), "--out", str(reports), "--only", "meeting_history")
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert snapshot(processed) == before  # used as it is, not rebuilt from data/raw
    html = (reports / "meeting_history.html").read_text(encoding="utf-8")
    assert f"{declaration} (edited copy)" in html

    refused = run(*args, "--raw", str(RAW_DIR), "--force")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert f"built from {raw_copy.resolve()}, not from {RAW_DIR}" in refused.stderr
    assert snapshot(processed) == before
    assert (reports / "meeting_history.html").read_text(encoding="utf-8") == html
