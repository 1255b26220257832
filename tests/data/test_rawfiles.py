from pathlib import Path

import pandas as pd
import pytest

from dialogue_analysis.data import rawfiles
from dialogue_analysis.data.rawfiles import read_raw_table
from dialogue_analysis.data.schema import TABLES, Column, Table
from dialogue_analysis.paths import RAW_DIR

TABLE = Table(
    "things",
    "test table",
    (
        Column("thing_id", "string", "id", raw="thing_id", required=True, key=True),
        Column("name", "string", "name", raw="name"),
        Column("when", "string", "date", raw="when"),
    ),
)


def write(tmp_path: Path, content: bytes | str) -> Path:
    path = tmp_path / "things.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


GOOD = "thing_id,name,when\na,Alpha,2016\nb,Beta,\n"


@pytest.mark.parametrize(
    "content",
    [
        GOOD,
        "\ufeff" + GOOD,  # UTF-8 BOM (Excel's "CSV UTF-8")
        GOOD.replace("\n", "\r\n"),  # Windows line endings
        "Thing_ID , NAME,When\n\n a , Alpha ,2016\n\nb,Beta,\n\n",  # case, spaces, blank lines
        "name,when,thing_id\nAlpha,2016,a\nBeta,,b\n",  # columns in another order
        "thing_id,name,when\n,,\na,Alpha,2016\n , ,\nb,Beta,\n",  # rows of empty cells
    ],
)
def test_harmless_differences_are_accepted(tmp_path, content):
    frame, problems = read_raw_table(write(tmp_path, content), TABLE)
    assert problems == []
    assert list(frame.columns) == ["thing_id", "name", "when"]
    assert frame["thing_id"].tolist() == ["a", "b"]
    assert frame["name"].tolist() == ["Alpha", "Beta"]
    assert pd.isna(frame.loc[frame["thing_id"] == "b", "when"]).all()


def test_rows_are_indexed_by_their_line_in_the_file(tmp_path):
    content = 'thing_id,name,when\n\na,"two\nlines",2016\nb,Beta,\n'
    frame, problems = read_raw_table(write(tmp_path, content), TABLE)
    assert problems == []
    assert frame.index.tolist() == [3, 5]
    assert frame.loc[3, "name"] == "two\nlines"


@pytest.mark.parametrize(
    ("content", "line", "column", "message"),
    [
        (b"thing_id,name,when\na,Caf\xe9,2016\n", 2, None, "file is not UTF-8 text"),
        ("thing_id;name;when\na;Alpha;2016\n", 1, None, "wrong delimiter"),
        ("thing_id,name,when\na,Alpha,2016,extra\n", 2, None, "wrong number of fields"),
        ("thing_id,name,when\na,Alpha\n", 2, None, "wrong number of fields"),
        ('thing_id,name,when\na,Alpha,2016\nb,"Beta,2016\n', 3, None, "unreadable CSV"),
        ("thing_id,name\na,Alpha\n", 1, "when", "required column is missing"),
        ("thing_id,nmae,when\na,Alpha,2016\n", 1, "nmae", "unknown column"),
        ("thing_id,name,when,name\na,Alpha,2016,x\n", 1, "name", "column appears twice"),
        ("thing_id,name,when\n", 1, None, "file has a header but no rows"),
        ("", None, None, "file is empty"),
        ("thing_id,name,when\na," + "x" * 30_000 + ",2016\n", 2, "name", "cell is too long"),
    ],
)
def test_broken_files_are_reported_with_their_place(tmp_path, content, line, column, message):
    _, problems = read_raw_table(write(tmp_path, content), TABLE)
    match = [p for p in problems if p.message.startswith(message)]
    assert match, problems
    assert (match[0].line, match[0].column) == (line, column)
    assert match[0].file.endswith("things.csv")


def test_unknown_column_suggests_the_missing_one(tmp_path):
    _, problems = read_raw_table(write(tmp_path, "thing_id,nmae,when\na,b,c\n"), TABLE)
    unknown = next(p for p in problems if p.message == "unknown column")
    assert unknown.hint == "name"


def test_missing_file_is_one_problem(tmp_path):
    frame, problems = read_raw_table(tmp_path / "nope.csv", TABLE)
    assert frame is None
    assert [p.message for p in problems] == ["file is missing"]


def test_every_bad_row_is_reported_not_just_the_first(tmp_path):
    content = "thing_id,name,when\na,A\nb,B,2016\nc,C,2016,x\n"
    frame, problems = read_raw_table(write(tmp_path, content), TABLE)
    assert [p.line for p in problems] == [2, 4]
    assert frame["thing_id"].tolist() == ["b"]


@pytest.mark.parametrize("table", list(TABLES.values()), ids=lambda t: t.name)
def test_fast_and_careful_readers_agree_on_the_shipped_files(table, monkeypatch):
    fast, fast_problems = read_raw_table(RAW_DIR / table.raw_file, table)
    monkeypatch.setattr(rawfiles, "_grid_fast", lambda text: None)
    careful, careful_problems = read_raw_table(RAW_DIR / table.raw_file, table)
    assert fast_problems == careful_problems == []
    pd.testing.assert_frame_equal(fast, careful)
