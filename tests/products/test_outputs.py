"""The research files as a researcher opens them: Stata with labels, DuckDB read-only, CSVs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import frictionless
import pandas as pd
import pytest

from dialogue_analysis.analysis import panels
from dialogue_analysis.data.dataset import load
from dialogue_analysis.data.package import OUTPUT_TABLES, data_version
from dialogue_analysis.files import sha256_file
from dialogue_analysis.products import database, formats, outputs
from dialogue_analysis.products.citation import read_release
from dialogue_analysis.products.variables import PANELS, variables
from tests.conftest import snapshot


@pytest.fixture(scope="module")
def written(processed: Path, tmp_path_factory: pytest.TempPathFactory) -> outputs.Products:
    """The research files of the shipped data, written beside a copy of its processed folder."""
    folder = tmp_path_factory.mktemp("products") / "processed"
    shutil.copytree(processed, folder)
    return outputs.write(load(folder, rebuild=False), folder)


def test_every_file_is_written_and_listed_with_its_hash(written):
    descriptor = json.loads((written.folder / outputs.PACKAGE_FILE).read_text())
    entries = descriptor["resources"] + descriptor["files"]
    # The DuckDB file is listed with its size only: its header's random identifier changes its
    # bytes (not its tables) from one build to the next.
    listed = {r["path"]: r.get("hash", "none") for r in entries}
    assert listed.pop(database.DATABASE_FILE) == "none"
    listed[database.DATABASE_FILE] = (
        f"sha256:{sha256_file(written.folder / database.DATABASE_FILE)}"
    )
    expected = {f"{p}.{ext}" for p in PANELS for ext in ("csv", "parquet", "dta")}
    expected |= {database.DATABASE_FILE, outputs.CODEBOOK_FILE, "CITATION.cff"}
    expected |= {"citation.bib", "citation.ris"}
    assert set(listed) == expected
    for path, digest in listed.items():
        assert digest == f"sha256:{sha256_file(written.folder / path)}", path
    assert descriptor["version"] == read_release().version
    assert descriptor["content_hash"] == data_version(written.folder.parent)


def test_the_package_passes_the_frictionless_validator(written):
    report = frictionless.validate(str(written.folder / outputs.PACKAGE_FILE))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_the_stata_file_reads_back_with_its_labels(written):
    path = written.folder / "country_year.dta"
    with pd.read_stata(path, iterator=True) as reader:
        labels = reader.variable_labels()
        value_labels = reader.value_labels()
    assert labels["interpol"] == "INTERPOL membership (COW codes)"
    assert labels["ccode"] == "Correlates of War state number"
    assert labels["frontex_susp"] == "Suspended from Frontex"
    assert panels.CODES in list(value_labels.values())
    coded = pd.read_stata(path)  # value labels applied
    gbr = coded[(coded["iso3"] == "GBR") & (coded["year"] == 2019)].iloc[0]
    assert gbr["frontex"] == "associate or partial participant"
    assert gbr["europol"] == "full member"
    raw = pd.read_stata(path, convert_categoricals=False)
    assert len(raw) == len(panels.country_year(load(written.folder.parent, rebuild=False)))
    assert raw.loc[raw["iso3"] == "PRI", "ccode"].isna().all()  # no COW number: Stata's '.'


def test_the_duckdb_file_opens_read_only_with_every_table(written):
    data = load(written.folder.parent, rebuild=False)
    con = duckdb.connect(str(written.folder / database.DATABASE_FILE), read_only=True)
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        assert tables == {*OUTPUT_TABLES, *PANELS}
        for name in OUTPUT_TABLES:
            (n,) = con.execute(f"SELECT count(*) FROM {name}").fetchone()
            assert n == len(getattr(data, name)), name
        keys = con.execute(
            "SELECT table_name, constraint_column_names FROM duckdb_constraints() "
            "WHERE constraint_type = 'PRIMARY KEY'"
        ).fetchall()
        assert ("country_year", ["iso3", "year"]) in keys
        assert ("bodies", ["body_id"]) in keys
        panel = panels.country_year(data)
        latest = panel[panel["year"] == panel["year"].max()]
        (n,) = con.execute(
            "SELECT count(*) FROM current_members WHERE body = 'interpol'"
        ).fetchone()
        assert n == latest["interpol"].isin([1, 2]).sum()
        with pytest.raises(duckdb.Error):
            con.execute("DELETE FROM bodies")
    finally:
        con.close()


def test_a_rebuild_keeps_the_duckdb_file_byte_for_byte_and_a_change_rewrites_it(written, tmp_path):
    processed = written.folder.parent
    before = snapshot(written.folder)
    outputs.write(load(processed, rebuild=False), processed)
    assert snapshot(written.folder) == before  # every file, the DuckDB one included
    # A fresh build elsewhere has other bytes but the same contents.
    elsewhere = tmp_path / "processed"
    shutil.copytree(processed, elsewhere, ignore=shutil.ignore_patterns(outputs.FOLDER))
    outputs.write(load(elsewhere, rebuild=False), elsewhere)
    fresh = elsewhere / outputs.FOLDER / database.DATABASE_FILE
    kept = written.folder / database.DATABASE_FILE
    assert database.same_content(kept, fresh)
    # Other contents are told apart, and written.
    con = duckdb.connect(str(fresh))
    con.execute("DELETE FROM country_year WHERE year = 2000")
    con.close()
    assert not database.same_content(kept, fresh)
    outputs.write(load(elsewhere, rebuild=False), elsewhere)
    assert database.same_content(kept, fresh)


def test_a_rebuild_from_the_same_inputs_reuses_the_database_without_making_it(written, monkeypatch):
    processed = written.folder.parent
    before = snapshot(written.folder)

    def not_again(*args, **kwargs):
        raise AssertionError("the database was made again from the same inputs")

    monkeypatch.setattr(database, "database_bytes", not_again)
    outputs.write(load(processed, rebuild=False), processed)
    assert snapshot(written.folder) == before
    # A file that is no longer the one written for its inputs is made again.
    (written.folder / database.DATABASE_FILE).write_bytes(b"not a database")
    with pytest.raises(AssertionError, match="made again"):
        outputs.write(load(processed, rebuild=False), processed)
    monkeypatch.undo()
    outputs.write(load(processed, rebuild=False), processed)
    assert snapshot(written.folder) != before  # a new file, with other bytes


def test_a_failed_write_leaves_the_previous_files(written, monkeypatch):
    before = snapshot(written.folder)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(formats, "stata_bytes", broken)
    with pytest.raises(OSError):
        outputs.write(load(written.folder.parent, rebuild=False), written.folder.parent)
    assert snapshot(written.folder) == before


def test_the_codebook_names_every_variable_and_code(written):
    text = (written.folder / outputs.CODEBOOK_FILE).read_text()
    data = load(written.folder.parent, rebuild=False)
    for name in PANELS:
        for v in variables(data, name):
            assert f"| `{v.name}` | {v.type} | {v.label} |" in text, (name, v.name)
    for code, label in panels.CODES.items():
        assert f"| {code} | {label} |" in text
    for words in ("31 December", "ccode", "merge 1:1 ccode year", "Known limitations"):
        assert words in text


def test_the_stata_files_are_stamped_with_the_release_date_not_the_time_of_writing(written):
    released = read_release().released
    for name in PANELS:
        dta = (written.folder / f"{name}.dta").read_bytes()
        at = dta.index(b"<timestamp>") + len(b"<timestamp>") + 1
        assert dta[at : at + 17].decode() == f"{released:%d %b %Y} 00:00", name
        assert pd.read_stata(written.folder / f"{name}.dta").shape[0] > 0
