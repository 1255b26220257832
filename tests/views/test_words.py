"""Text helpers: plurals and dates written at their precision."""

import pandas as pd
import pytest

from dialogue_analysis.views import words


@pytest.mark.parametrize(
    ("n", "word", "expected"),
    [(1, "body", "1 body"), (3, "body", "3 bodies"), (2, "EU agency", "2 EU agencies"),
     (2, "day", "2 days"), (4, "member", "4 members")],
)  # fmt: skip
def test_plural(n, word, expected):
    assert words.plural(n, word) == expected


def test_date_labels_keep_precision():
    dates = pd.Series(pd.to_datetime(["2017-05-03", "2017-05-01", "2017-01-01", None]))
    precision = pd.Series(["day", "month", "year", None])
    assert list(words.date_labels(dates, precision)) == [
        "3 May 2017",
        "May 2017",
        "2017",
        "unknown",
    ]
