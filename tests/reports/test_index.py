"""The landing page: every report listed, and text from the registry or a failure shown as text."""

import json
from html.parser import HTMLParser
from pathlib import Path

from dialogue_analysis.reports import index
from dialogue_analysis.reports.registry import Report
from dialogue_analysis.reports.state import CACHE_DIR, Outcome
from tests.conftest import SCRIPT

HOSTILE = f"{SCRIPT} & co"
SHOWN = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def _report(name: str, **fields) -> Report:
    return Report(name=name, notebook=Path(f"{name}.ipynb"), description=HOSTILE, **fields)


def test_text_in_cards_lists_figures_and_failures_is_escaped(tmp_path):
    (tmp_path / "built.html").write_text("<!DOCTYPE html>")
    (tmp_path / CACHE_DIR).mkdir()
    card = {"finding": f"Finding {HOSTILE}"}
    (tmp_path / CACHE_DIR / "built.card.json").write_text(json.dumps(card))
    outcomes = [
        Outcome(_report("built", title=f"Built {HOSTILE}", group=f"Cards {HOSTILE}"), "built"),
        Outcome(
            _report("broken", title="Broken", group=f"Cards {HOSTILE}"),
            "failed",
            error=f"NameError {HOSTILE}",
        ),
        Outcome(
            _report("kenya", title="Kenya", group="Countries", layout="list", label=HOSTILE),
            "not built",
        ),
    ]
    page = index.render(outcomes, tmp_path, [(f"Label {HOSTILE}", f"Value {HOSTILE}")], "v1")

    assert SCRIPT not in page
    for shown in (
        f'<a href="built.html">Built {SHOWN}</a>',
        f"Finding {SHOWN}",
        f'<h2 id="Cards {SHOWN}">Cards {SHOWN}</h2>',
        f"Failed in the last build: NameError {SHOWN}.",
        f'<p class="group-note">{SHOWN}</p>',
        f'<li>{SHOWN} <span class="status-failed">(not built yet)</span></li>',
        f"<dt>Label {SHOWN}</dt><dd>Value {SHOWN}</dd>",
    ):
        assert shown in page, shown
    parser = _Tags()
    parser.feed(page)
    assert "script" not in parser.tags
    assert parser.tags.count("article") == 2 and parser.tags.count("li") == 1
