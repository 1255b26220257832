"""Data is shown as text: HTML or script in a raw cell never becomes markup in a report."""

import re

import pytest

from tests.conftest import IMG, SCRIPT

pytestmark = pytest.mark.slow


def test_markup_in_the_data_appears_as_text_in_every_report_that_shows_it(hostile_reports):
    out, statuses = hostile_reports
    assert statuses == {"meeting_history": "built", "body_profile_EUROPOL": "built"}
    shown = {name: (out / f"{name}.html").read_text(encoding="utf-8") for name in statuses}
    for name, html in shown.items():
        assert "<script" not in html.lower(), name
        assert not re.search(r"<img[^>]*onerror", html, re.IGNORECASE), name
    # The values are there, as text.
    assert SCRIPT.replace("<", "&lt;").replace(">", "&gt;") in shown["body_profile_EUROPOL"]
    assert IMG.replace("<", "&lt;").replace(">", "&gt;") in shown["meeting_history"]
