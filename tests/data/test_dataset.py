"""A processed folder remembers its raw folder and is only ever rebuilt from it."""

import json
import shutil

import pytest

from dialogue_analysis import ForeignDataError, load
from dialogue_analysis.data.package import built_from, is_current
from dialogue_analysis.data.pipeline import build
from dialogue_analysis.paths import RAW_DIR
from tests.conftest import replace_in, snapshot


@pytest.fixture
def out(tmp_path):
    return tmp_path / "processed"


def city(data, edition: str) -> str:
    return data.editions.set_index("edition").at[edition, "city"]


def test_the_package_records_the_raw_folder_it_was_built_from(raw_copy, out):
    build(raw_copy, out)
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert package["raw_folder"] == raw_copy.resolve().as_posix()  # outside the project
    assert built_from(out) == raw_copy.resolve()
    assert is_current(raw_copy, out) and not is_current(RAW_DIR, out)


def test_a_folder_built_from_another_raw_folder_is_read_as_it_is(raw_copy, out):
    replace_in(raw_copy / "editions.csv", "New York", "Manhattan")
    build(raw_copy, out)
    before = snapshot(out)
    assert city(load(out), "6") == "Manhattan"  # not data/raw's New York
    assert snapshot(out) == before


def test_a_stale_folder_is_rebuilt_from_its_own_raw_folder(raw_copy, out):
    build(raw_copy, out)
    replace_in(raw_copy / "editions.csv", "New York", "Manhattan")
    assert city(load(out), "6") == "Manhattan"
    assert built_from(out) == raw_copy.resolve()


def test_naming_another_raw_folder_stops_and_leaves_the_folder_alone(raw_copy, out):
    replace_in(raw_copy / "editions.csv", "New York", "Manhattan")
    build(raw_copy, out)
    before = snapshot(out)
    with pytest.raises(ForeignDataError) as caught:
        load(out, RAW_DIR)
    assert (caught.value.built_from, caught.value.asked) == (raw_copy.resolve(), RAW_DIR)
    assert "built from" in str(caught.value) and "--raw" in str(caught.value)
    assert snapshot(out) == before
    assert city(load(out, raw_copy), "6") == "Manhattan"  # its own folder named: fine


def test_a_folder_whose_raw_folder_is_gone_stops(raw_copy, out):
    build(raw_copy, out)
    before = snapshot(out)
    shutil.rmtree(raw_copy)
    with pytest.raises(ForeignDataError, match="no longer exists") as caught:
        load(out)
    assert caught.value.asked is None
    assert snapshot(out) == before
    assert len(load(out, rebuild=False).editions)  # still readable when asked not to rebuild


def test_a_new_folder_is_built_from_the_raw_folder_named(raw_copy, out):
    replace_in(raw_copy / "editions.csv", "New York", "Manhattan")
    assert city(load(out, raw_copy), "6") == "Manhattan"
    assert built_from(out) == raw_copy.resolve()
