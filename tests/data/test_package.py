"""The download set: CSV tables and a datapackage.json that the Frictionless validator accepts."""

import json
from pathlib import Path

import frictionless
import pandas as pd
import pytest

from dialogue_analysis.data.package import (
    OUTPUT_TABLES,
    PACKAGE_FILE,
    csv_package,
    csv_table,
    data_date,
    data_version,
)
from dialogue_analysis.data.pipeline import build
from dialogue_analysis.data.schema import Column, Table
from tests.conftest import replace_in


def write_set(files: dict[str, bytes], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder / PACKAGE_FILE


def problems(descriptor: Path) -> list[list]:
    """[resource (None: the package), row, field, error type] of each problem the validator sees."""
    report = frictionless.validate(str(descriptor))
    found = [[None, None, None, e.type] for e in report.errors]
    for task in report.tasks:
        found += [[task.name, *e] for e in task.flatten(["rowNumber", "fieldName", "type"])]
    return found


def test_the_csv_package_passes_the_frictionless_validator(processed, tmp_path):
    files = csv_package(processed)
    descriptor = write_set(files, tmp_path / "package")
    assert problems(descriptor) == []
    package = json.loads(files[PACKAGE_FILE])
    assert package["profile"] == "tabular-data-package"
    assert [r["path"] for r in package["resources"]] == [f"{t}.csv" for t in OUTPUT_TABLES]
    assert {r["profile"] for r in package["resources"]} == {"tabular-data-resource"}
    assert package["licenses"][0]["name"] == "CC-BY-4.0"


def test_the_validator_catches_a_row_that_breaks_the_schema(processed, tmp_path):
    files = csv_package(processed)
    descriptor = write_set(files, tmp_path / "package")
    text = (tmp_path / "package" / "editions.csv").read_text(encoding="utf-8")
    # Same byte count, but not a date: the type check must see it (and the hash must differ).
    (tmp_path / "package" / "editions.csv").write_text(
        text.replace(",2019-06-12,", ",2019-13-12,", 1), encoding="utf-8"
    )
    found = problems(descriptor)
    assert ["editions", 4, "start_date", "type-error"] in found
    assert ["editions", None, None, "hash-count"] in found


def test_the_processed_package_has_no_package_level_error(processed):
    # Its rows are Parquet, which Frictionless reads imperfectly; its metadata must be valid.
    assert "package-error" not in {p[3] for p in problems(processed / PACKAGE_FILE)}


TOY = Table(
    "toy",
    "A table with one column of each type.",
    (
        Column("toy_id", "string", "Key.", required=True, key=True),
        Column("day", "date", "A day."),
        Column("n_things", "integer", "A count."),
        Column("is_real", "boolean", "A flag."),
    ),
)


def test_csv_writes_iso_dates_true_false_and_blanks():
    frame = pd.DataFrame(
        {
            "toy_id": pd.array(["a", "b, with comma", "c"], dtype="string"),
            "day": pd.to_datetime(["2019-06-12", None, "2016-03-15"]).astype("datetime64[ms]"),
            "n_things": pd.array([3, None, 0], dtype="Int64"),
            "is_real": pd.array([True, False, None], dtype="boolean"),
        }
    )
    assert csv_table(frame, TOY).decode("utf-8") == (
        "toy_id,day,n_things,is_real\n"
        "a,2019-06-12,3,true\n"
        '"b, with comma",,,false\n'
        "c,2016-03-15,0,\n"
    )


def test_the_csv_package_is_byte_identical_when_made_twice(processed):
    assert csv_package(processed) == csv_package(processed)


def test_the_data_version_follows_the_data(raw_copy, tmp_path):
    out = tmp_path / "processed"
    build(raw_copy, out)
    first = data_version(out)
    assert len(first) == 12 and int(first, 16) >= 0
    build(raw_copy, tmp_path / "again")
    assert data_version(tmp_path / "again") == first
    replace_in(raw_copy / "editions.csv", "New York", "Manhattan")
    build(raw_copy, out)
    assert data_version(out) != first
    assert json.loads(csv_package(out)[PACKAGE_FILE])["version"] == data_version(out)


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (["2019-06-12", "2016-03-15"], "2019-06-12"),
        (["2016-03-15", None], "2016-03-15"),
        ([None, None], None),
    ],
)
def test_the_data_date_is_the_latest_date_in_any_table(days, expected):
    frames = {
        "sources": pd.DataFrame({"published": pd.to_datetime(days[:1])}),
        "editions": pd.DataFrame(
            {"start_date": pd.to_datetime(days[1:]), "end_date": pd.NaT, "number": [99]}
        ),
    }
    day = data_date(frames)
    assert (day.isoformat() if day else None) == expected
