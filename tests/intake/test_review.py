"""Proposals written out: raw rows the build accepts, review.md, and the propose command."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from dialogue_analysis import intake
from dialogue_analysis.cli import main
from dialogue_analysis.data.pipeline import clean_all
from dialogue_analysis.paths import RAW_DIR
from tests.conftest import snapshot
from tests.intake.conftest import RELEASE_2019, text_file


def test_proposed_rows_are_valid_raw_rows(raw_copy: Path, found_2019: intake.Proposals) -> None:
    # Take the curated 2019 rows out, put the proposals in: the build must accept them.
    for name, key in (("editions", "3,"), ("participation", "3,")):
        path = raw_copy / f"{name}.csv"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [ln for ln in lines if not ln.startswith(key)]
        assert len(kept) < len(lines)
        path.write_text("".join(kept), encoding="utf-8")
    out = raw_copy.parent / "proposals"
    intake.write_proposals(found_2019, out)
    for name in ("editions", "participation"):
        rows = (out / f"{name}.csv").read_text(encoding="utf-8").splitlines(keepends=True)[1:]
        rows = [r for r in rows if r.startswith("3,")]
        with (raw_copy / f"{name}.csv").open("a", encoding="utf-8") as handle:
            handle.writelines(rows)
    _, problems = clean_all(raw_copy)
    assert problems == []


def test_cli_writes_proposals_and_leaves_data_raw_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(RAW_DIR)
    out = tmp_path / "out"
    code = main(["propose", str(RELEASE_2019), "--out", str(out)])
    assert code == 0
    stdout = capsys.readouterr().out
    assert "Meeting: edition 3, 12 and 13 June 2019, Lyon, France" in stdout
    assert "already in the data: 16" in stdout
    assert sorted(p.name for p in out.iterdir()) == [
        "editions.csv", "interpol-2019-06-12.txt", "participation.csv", "review.md", "sources.csv",
    ]  # fmt: skip
    with (out / "participation.csv").open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == [
            "edition", "body", "role", "attendance", "source_id", "quote", "more_source_ids",
            "confidence", "notes",
        ]  # fmt: skip
        assert len(list(reader)) == 12
    assert (out / "interpol-2019-06-12.txt").read_bytes() == RELEASE_2019.read_bytes()
    assert snapshot(RAW_DIR) == before


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "release.pdf"
    pdf.write_bytes(b"%PDF-1.4 binary")
    assert main(["propose", str(pdf), "--out", str(tmp_path / "o1")]) == 1
    err = capsys.readouterr().err
    assert "release.pdf: is a PDF file, not text; expected" in err and "Traceback" not in err
    assert not (tmp_path / "o1").exists()

    no_meeting = text_file(tmp_path, "Europol and Frontex signed an agreement.\n")
    assert main(["propose", str(no_meeting), "--out", str(tmp_path / "o2")]) == 1
    assert "no meeting found" in capsys.readouterr().err
    assert (tmp_path / "o2" / "participation.csv").is_file()

    bad_date = ["--published", "31 June 2019", "--out", str(tmp_path / "o4")]
    assert main(["propose", str(no_meeting), *bad_date]) == 2
    assert not (tmp_path / "o4").exists()
    assert "--published" in capsys.readouterr().err
    missing = tmp_path / "nowhere.txt"
    assert main(["propose", str(missing), "--out", str(tmp_path / "o3")]) == 1
    assert "nowhere.txt: cannot be read" in capsys.readouterr().err


def test_cli_source_options_shape_the_sources_row(tmp_path: Path) -> None:
    copy = tmp_path / "saved page.txt"
    shutil.copy(RELEASE_2019, copy)
    copy.write_text(copy.read_text(encoding="utf-8") + "\nExtra line.\n", encoding="utf-8")
    out = tmp_path / "out"
    url = "https://www.interpol.int/News-and-Events/News/2019/Other"
    assert (
        main(["propose", str(copy), "--url", url, "--published", "13 June 2019", "--out", str(out)])
        == 0
    )
    with (out / "sources.csv").open(encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["source_id"] == "interpol-2019-06-13"
    assert (row["publisher"], row["published"], row["url"]) == ("INTERPOL", "13 June 2019", url)
    assert row["text_file"] == "interpol-2019-06-13.txt"
    assert "**new**: source interpol-2019-06-13" in (out / "review.md").read_text(encoding="utf-8")
