"""The declarations drive validation and the docs: the raw-file layout stays in step.

The generated data dictionary (docs/data-dictionary.md) is checked in tests/test_cli.py.
"""

import re

import pandas as pd
import pytest

from dialogue_analysis.data.schema import TABLES
from dialogue_analysis.data.validation import pandera_schema
from dialogue_analysis.paths import RAW_DIR


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
