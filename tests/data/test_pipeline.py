"""The build: Parquet tables and datapackage.json, atomic, deterministic, loadable."""

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from dialogue_analysis import DataValidationError, load
from dialogue_analysis.data.package import OUTPUT_TABLES, is_current, raw_inputs
from dialogue_analysis.data.pipeline import build
from dialogue_analysis.data.schema import DTYPES, TABLES
from tests.conftest import replace_in, snapshot


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "processed"


def test_two_builds_are_byte_identical(raw_copy, out, tmp_path):
    build(raw_copy, out)
    other = tmp_path / "again"
    build(raw_copy, other)
    first, second = snapshot(out), snapshot(other)
    assert sorted(first) == sorted(
        [f"{t}.parquet" for t in OUTPUT_TABLES] + [".lock", "datapackage.json"]
    )
    assert first == second


def test_datapackage_describes_every_file(raw_copy, out):
    summary = build(raw_copy, out)
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    assert set(resources) == set(OUTPUT_TABLES)
    for name, res in resources.items():
        data = (out / res["path"]).read_bytes()
        assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert res["rows"] == summary.rows[name] == len(pd.read_parquet(out / res["path"]))
        assert [f["name"] for f in res["schema"]["fields"]] == [
            c.name for c in TABLES[name].columns
        ]
        assert res["schema"]["primaryKey"] == list(TABLES[name].key)
    inputs = {i["path"]: i["hash"] for i in package["inputs"]}
    assert inputs == {f"data/raw/{p}": f"sha256:{h}" for p, h in raw_inputs(raw_copy).items()}
    assert "data/raw/sources/interpol-2019-06-12.txt" in inputs
    assert package["version"]


def test_failed_build_leaves_previous_output_untouched(raw_copy, out):
    build(raw_copy, out)
    before = snapshot(out)
    replace_in(raw_copy / "editions.csv", "15 and 16 March 2016", "15 and 16 Smarch 2016")
    with pytest.raises(Exception, match="problem"):
        build(raw_copy, out)
    assert snapshot(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".build-")]


def test_load_builds_when_missing_and_rebuilds_when_raw_changes(raw_copy, out):
    assert not is_current(raw_copy, out)
    data = load(out, raw_copy)
    assert is_current(raw_copy, out)
    assert data.editions.loc[data.editions["edition"] == "6", "city"].item() == "New York"
    replace_in(raw_copy / "editions.csv", "New York", "Manhattan")
    assert not is_current(raw_copy, out)
    assert load(out, raw_copy).editions.set_index("edition").at["6", "city"] == "Manhattan"


def test_loaded_tables_have_the_declared_columns_and_types(data):
    for name in OUTPUT_TABLES:
        frame = getattr(data, name)
        declared = TABLES[name].columns
        assert list(frame.columns) == [c.name for c in declared]
        for col in declared:
            assert str(frame[col.name].dtype) == str(pd.Series(dtype=DTYPES[col.dtype][0]).dtype)
        assert not frame.duplicated(list(TABLES[name].key)).any()


def test_map_boundaries_are_inputs_and_every_feature_must_join(raw_copy, out):
    build(raw_copy, out)
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert "data/raw/boundaries/countries-110m.json" in {i["path"] for i in package["inputs"]}
    before = snapshot(out)
    replace_in(raw_copy / "boundaries" / "name_overrides.csv", "Kosovo,XKX", "Kosovo,KOS")
    assert not is_current(raw_copy, out)
    with pytest.raises(DataValidationError) as caught:
        build(raw_copy, out)
    [problem] = caught.value.problems
    assert problem.file.endswith("boundaries/name_overrides.csv")
    assert (problem.line, problem.column, problem.value) == (2, "country_iso3", "KOS")
    assert snapshot(out) == before


def test_unreadable_boundaries_are_one_clear_problem(raw_copy, out):
    (raw_copy / "boundaries" / "countries-110m.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DataValidationError) as caught:
        build(raw_copy, out)
    [problem] = caught.value.problems
    assert problem.file.endswith("boundaries")
    assert "cannot read the map boundaries" in problem.message
