"""Meeting and composition tables on a tiny hand-built dataset whose answers are known.

The dataset (``tiny``) and its row builders live in ``tests/fixtures.py``.
"""

import pandas as pd
import pytest

from dialogue_analysis.analysis import meetings
from dialogue_analysis.data.dataset import Dataset
from tests.fixtures import tiny


@pytest.fixture
def data() -> Dataset:
    return tiny()


def cell(cells: pd.DataFrame, body_id: str, number: int) -> pd.Series:
    return cells.set_index(["body_id", "number"]).loc[(body_id, number)]


def test_participation_cells_host_beats_member_and_unlisted_depends_on_the_list(data):
    cells = meetings.participation_cells(data)
    assert cell(cells, "INTERPOL", 3)["category"] == "host"
    assert cell(cells, "FRONTEX", 1)["category"] == "not reported"  # list partial
    assert cell(cells, "UNODC", 4)["category"] == "absent"  # list complete
    assert cell(cells, "AFRIPOL", 3)["category"] == "absent"  # standing composition
    assert cell(cells, "GCCPOL", 3)["confidence"] == "low"
    assert set(cells["body_id"]) == {"INTERPOL", "FRONTEX", "UNODC", "GCCPOL", "AFRIPOL"}
    assert (cells["category"] == "not reported").sum() == 5


def test_outcome_documents(data):
    assert list(meetings.outcome_documents(data)["edition"]) == ["2"]
