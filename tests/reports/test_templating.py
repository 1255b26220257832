"""The site's pages come from templates: Python hands data over, the templates write the markup."""

import ast
import fnmatch
import html
import re
import tomllib
from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from dialogue_analysis.paths import PROJECT_ROOT
from dialogue_analysis.reports import state, templating
from tests.conftest import SCRIPT

REPORTS = Path(templating.__file__).parent
#: The modules that write the site's pages; the templates hold their markup.
PAGE_MODULES = ("index.py", "site.py", "datapage.py", "sourcespage.py", "export.py")
#: Calls whose string arguments are patterns read against HTML nbconvert wrote, not markup.
PATTERN_CALLS = {"compile", "sub", "subn", "findall", "search", "match", "fullmatch"}


def _markup_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string literal that opens or closes a tag, outside docstrings and
    regular-expression patterns."""
    tree = ast.parse(source)
    skipped = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skipped.add(id(body[0].value))  # a docstring
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in PATTERN_CALLS:
            skipped.update(id(n) for arg in node.args for n in ast.walk(arg))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skipped
        and _opens_a_tag(node.value)
    ]


def _opens_a_tag(text: str) -> bool:
    return re.search(r"<[A-Za-z/]", text) is not None


@pytest.mark.parametrize("module", PAGE_MODULES)
def test_no_page_module_writes_markup_or_escapes_by_hand(module):
    source = (REPORTS / module).read_text(encoding="utf-8")
    assert _markup_literals(source) == []
    imported = {
        alias.name if isinstance(node, ast.Import) else f"{node.module}.{alias.name}"
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not {"html", "html.escape", "markupsafe.escape"} & imported


def test_the_check_finds_markup_where_it_is():
    source = (
        'def f(x):\n    """A <b>doc</b>."""\n    re.sub(r"<h2>", "", x)\n    return f"<p>{x}</p>"\n'
    )
    assert _markup_literals(source) == [(4, "<p>"), (4, "</p>")]
    assert _markup_literals('MARK = "<!-- contents -->"\nLESS = "a < b"\n') == []


def test_text_is_escaped_as_the_pages_always_escaped_it_and_markup_passes():
    env = templating.environment()
    page = env.from_string("{{ text }}|{{ ready }}|{{ text|e }}|{{ [text, 1]|join(' & ') }}")
    text = f'{SCRIPT} & "Tom\'s"'
    shown = page.render(text=text, ready=Markup("<b>ok</b>"))
    escaped = html.escape(text)
    assert shown == f"{escaped}|<b>ok</b>|{escaped}|{escaped} &amp; 1"
    assert "<script>" not in shown


def test_a_value_a_template_lacks_is_an_error_not_a_blank():
    with pytest.raises(jinja2.UndefinedError, match="version"):
        templating.environment().from_string("Data version {{ version }}.").render()


def test_every_template_ships_with_the_package():
    globs = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]["package-data"]["dialogue_analysis.reports"]
    templates = [p.relative_to(REPORTS).as_posix() for p in templating.PAGES_DIR.iterdir()]
    assert len(templates) >= 6
    for name in templates:
        assert any(fnmatch.fnmatch(name, g) for g in globs), name


def test_editing_a_page_template_changes_the_library_hash(tmp_path, monkeypatch):
    # The report pages embed the chrome's templates, so their cache key must cover them.
    package = tmp_path / "dialogue_analysis"
    pages = package / "reports" / "templates" / "pages"
    pages.mkdir(parents=True)
    for template in templating.PAGES_DIR.iterdir():
        (pages / template.name).write_bytes(template.read_bytes())
    monkeypatch.setattr(state, "PACKAGE_DIR", package)
    before = state.library_hash()
    chrome = pages / "chrome.html.j2"
    chrome.write_text(chrome.read_text(encoding="utf-8").replace("How to cite", "Cite"))
    assert state.library_hash() != before
