"""The declarations drive the docs: README dictionary and raw-file layout stay in step."""

import re

import pandas as pd
import pytest

from dialogue_analysis.data.schema import TABLES, data_dictionary
from dialogue_analysis.data.validation import pandera_schema
from dialogue_analysis.paths import PROJECT_ROOT, RAW_DIR


def test_readme_data_dictionary_is_generated_from_the_schema():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert data_dictionary() in readme, (
        "README.md's data dictionary is out of date: paste `dialogue-analysis dictionary`"
    )


@pytest.mark.parametrize("table", list(TABLES.values()), ids=lambda t: t.name)
def test_raw_readme_documents_every_raw_column(table):
    doc = (RAW_DIR / "README.md").read_text(encoding="utf-8")
    section = doc.split(f"## `{table.raw_file}`", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`([a-z_0-9]+)`", section))
    shared = {"source_id", "quote", "more_source_ids", "confidence", "notes"}
    assert set(table.raw_columns) - shared <= documented


@pytest.mark.parametrize("table", list(TABLES.values()), ids=lambda t: t.name)
def test_pandera_schema_rejects_values_outside_the_vocabulary(table):
    schema = pandera_schema(table)
    assert list(schema.columns) == [c.name for c in table.columns]
    vocab_cols = [c for c in table.columns if c.allowed]
    for col in vocab_cols:
        assert not schema.columns[col.name].checks[0](pd.Series(["nonsense"])).check_passed
