"""Data is shown as text: HTML or script in a raw cell never becomes markup in a report."""

import re

import pytest

from dialogue_analysis import build, load, reports
from dialogue_analysis.registry import load_registry
from tests.conftest import replace_in

pytestmark = pytest.mark.slow

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def test_markup_in_the_data_appears_as_text_in_every_report_that_shows_it(raw_copy, tmp_path):
    # A body's full name, an outcome document and a theme carrying markup.
    replace_in(
        raw_copy / "bodies.csv",
        "European Union Agency for Law Enforcement Cooperation",
        f"Europol {SCRIPT}",
    )
    replace_in(raw_copy / "editions.csv", "Abu Dhabi Joint Declaration", f"Abu Dhabi {IMG}")
    processed, out = tmp_path / "processed", tmp_path / "reports"
    build(raw_copy, processed)
    data = load(processed, raw_copy)
    registered = load_registry({"bodies": data.bodies, "editions": data.editions})
    outcomes = reports.run(
        registered, processed, out, jobs=2, only={"meeting_history", "body_profile_EUROPOL"}
    )
    assert {o.report.name: o.status for o in outcomes if o.status != "not built"} == {
        "meeting_history": "built",
        "body_profile_EUROPOL": "built",
    }
    shown = {
        name: (out / f"{name}.html").read_text(encoding="utf-8")
        for name in ("meeting_history", "body_profile_EUROPOL")
    }
    for name, html in shown.items():
        assert "<script" not in html.lower(), name
        assert not re.search(r"<img[^>]*onerror", html, re.IGNORECASE), name
    # The values are there, as text.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown["body_profile_EUROPOL"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown["meeting_history"]
