"""The built reports in a real browser (Debian's headless Chromium): what a reader gets.

The shipped reports are built once per session (the ``built`` fixture, shared with
tests/build/test_notebooks.py), served from a local HTTP server on 127.0.0.1 and opened once
each in one browser; the tests then read what every visit recorded. Any request for something not
on that server (or a ``data:`` URL) is aborted and fails the run.
"""

from __future__ import annotations

import functools
import shutil
import struct
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urldefrag

import pytest

from dialogue_analysis import cli
from dialogue_analysis.analysis.countries import roster_countries
from dialogue_analysis.errors import BrowserUnavailable
from dialogue_analysis.site import browser
from tests.conftest import IMG, SCRIPT

pytestmark = pytest.mark.slow

# For every image: its source (cut short), whether it finished loading, and its decoded width.
IMAGES = "[...document.images].map(i => [i.src.slice(0, 40), i.complete, i.naturalWidth])"


@dataclass
class Visit:
    """What one page showed and did in the browser."""

    url: str
    status: int
    images: list[list] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    dialogs: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    missing_anchors: list[str] = field(default_factory=list)
    injected: list[str] = field(default_factory=list)  # script or img[onerror] elements
    overflow: int = 0  # how many pixels the page is wider than the window
    text: str = ""


def visit(session: browser.Session, url: str) -> Visit:
    """Open ``url`` in a new tab, record everything a test asserts on, and close the tab."""
    page = session.context.new_page()
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.on("dialog", lambda d: (dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
    try:
        response = page.goto(url, wait_until="load")
        return Visit(
            url=url,
            status=response.status if response else 0,
            images=page.evaluate(IMAGES),
            errors=errors,
            dialogs=dialogs,
            links=page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)"),
            # In-page links (#id) whose target is not on the page.
            missing_anchors=page.evaluate(
                "[...document.querySelectorAll('a[href^=\"#\"]')]"
                ".map(a => a.getAttribute('href').slice(1))"
                ".filter(id => id && !document.getElementById(decodeURIComponent(id)))"
            ),
            injected=page.evaluate(
                "[...document.querySelectorAll('script, [onerror], img[src=\"x\"]')]"
                ".map(e => e.outerHTML.slice(0, 80))"
            ),
            overflow=page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            ),
            text=page.inner_text("body"),
        )
    finally:
        page.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        pass


@pytest.fixture(scope="module")
def server(built):
    """The built reports folder served on 127.0.0.1 (a free port); yields its base URL."""
    out, _ = built
    handler = functools.partial(_QuietHandler, directory=str(out))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
        httpd.shutdown()
        thread.join()


@pytest.fixture(scope="module")
def session(server):
    """One headless Chromium for the module; only the local server and data: URLs are allowed."""
    try:
        with browser.chromium(allowed_origins=[server]) as opened:
            opened.context.set_default_timeout(20_000)
            yield opened
    except BrowserUnavailable as err:
        pytest.fail(f"{err} (make test installs it)")


@pytest.fixture(scope="module")
def visits(built, registered, server, session) -> dict[str, Visit]:
    """The index and every report, each opened once: page name -> what it showed."""
    names = ["index", "data", "sources"] + [r.name for r in registered]
    return {name: visit(session, f"{server}/{name}.html") for name in names}


def test_every_page_loads_and_every_report_is_built(built, visits):
    _, outcomes = built
    assert [o.report.name for o in outcomes if o.status != "built"] == []
    assert {name: v.status for name, v in visits.items() if v.status != 200} == {}
    assert "The INTERPOL Dialogue: a sourced dataset and reports" in visits["index"].text


def test_every_image_on_every_page_decodes(visits):
    broken = {
        name: [img for img in v.images if not (img[1] and img[2] > 0)] for name, v in visits.items()
    }
    assert {name: imgs for name, imgs in broken.items() if imgs} == {}
    # Every report has at least one chart, as a decoded image.
    assert all(v.images for name, v in visits.items() if name not in ("index", "data", "sources"))


def test_no_page_is_wider_than_the_window(visits):
    # Wide tables (the sources' long URLs) scroll inside their own box.
    assert {name: v.overflow for name, v in visits.items() if v.overflow > 0} == {}


def test_every_link_on_the_index_resolves(session, server, visits, registered):
    links = visits["index"].links
    assert {f"{server}/{r.name}.html" for r in registered} <= set(links)
    outside = [link for link in links if not link.startswith(server + "/")]
    assert outside == []
    for link in links:
        page_url, fragment = urldefrag(link)
        name = page_url.removeprefix(server + "/").removesuffix(".html")
        target = visits.get(name) or visit(session, page_url)
        assert target.status == 200, link
        if fragment:
            assert fragment not in target.missing_anchors, link


def test_every_report_links_to_the_site_and_its_neighbours(
    session, server, visits, registered, data
):
    roster = set(roster_countries(data)["country_iso3"])
    groups: dict[str, list[str]] = {}
    for r in registered:
        groups.setdefault(r.group, []).append(r.name)
    pages: set[str] = set()
    for r in registered:
        links = set(visits[r.name].links)
        assert {f"{server}/{page}.html" for page in ("index", "data", "sources")} <= links, r.name
        members = groups[r.group]
        at = members.index(r.name)
        neighbours = members[max(at - 1, 0) : at] + members[at + 1 : at + 2]
        assert {f"{server}/{n}.html" for n in neighbours} <= links, r.name
        pages |= {urldefrag(link)[0] for link in links if link.startswith(server + "/")}
    built_names = {r.name for r in registered}
    for page_url in sorted(p for p in pages if p.endswith(".html")):  # each page opened once
        name = page_url.removeprefix(server + "/").removesuffix(".html")
        if name.startswith("country_profile_") and name not in built_names:
            # The suite builds a sample of the country profiles; `make report` builds one for
            # every country a roster names, so a link to any other country must name one of those.
            assert name.removeprefix("country_profile_") in roster, page_url
            continue
        assert (visits.get(name) or visit(session, page_url)).status == 200, page_url


def test_the_landing_page_shows_each_reports_title_finding_and_thumbnail(built, visits, registered):
    out, _ = built
    text = visits["index"].text
    cards = [r for r in registered if r.layout == "cards"]
    for r in cards:
        assert r.title in text, r.name
        assert "_" not in r.title  # names in words, never ids
    thumbs = [img for img in visits["index"].images if "/thumbs/" in img[0]]
    assert len(thumbs) == len(cards)
    assert "The first edition met in" in text  # meeting_history's own first finding


def test_in_page_anchors_point_at_elements_that_exist(visits):
    assert {name: v.missing_anchors for name, v in visits.items() if v.missing_anchors} == {}


def test_no_console_error_page_error_dialog_or_script_on_any_page(visits):
    assert {name: v.errors + v.dialogs for name, v in visits.items() if v.errors or v.dialogs} == {}
    assert {name: v.injected for name, v in visits.items() if v.injected} == {}


def test_no_request_leaves_the_machine(session, server, visits):
    assert session.blocked == []
    assert session.requested, "the requests were recorded"
    elsewhere = [u for u in session.requested if not u.startswith((server + "/", "data:"))]
    assert elsewhere == []


def test_markup_in_the_data_shows_as_text_and_never_runs(session, hostile_reports):
    out, statuses = hostile_reports
    assert statuses == {"meeting_history": "built", "body_profile_EUROPOL": "built"}
    first = len(session.requested)
    shown = {name: visit(session, (out / f"{name}.html").as_uri()) for name in statuses}
    assert SCRIPT in shown["body_profile_EUROPOL"].text
    assert IMG in shown["meeting_history"].text
    assert {name: v.dialogs + v.errors for name, v in shown.items() if v.dialogs or v.errors} == {}
    # No element the payload would have made had it been parsed as markup, and no request for
    # its image: the pages fetched nothing but their own file.
    assert {name: v.injected for name, v in shown.items() if v.injected} == {}
    requested = session.requested[first:]
    assert requested and all(u.startswith(("file:", "data:")) for u in requested), requested


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header; fails if the file is not a PNG."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", head[16:24])


def test_screenshots_of_the_index_and_a_report(built, session):
    out, _ = built
    taken = browser.take_screenshots(out, session=session)
    folder = out / "screenshots"
    assert taken == [
        folder / f"{name}.png" for name in ("index", "meeting_history", "data", "sources")
    ]
    for png in taken:
        width, height = png_size(png)
        assert width == browser.VIEWPORT["width"] and height >= browser.VIEWPORT["height"], png
    # Up to date: a second call opens no browser and rewrites nothing, even after a run that
    # rewrote the index with the same content.
    (out / "index.html").write_bytes((out / "index.html").read_bytes())
    assert browser.take_screenshots(out) == []


def test_report_skips_screenshots_with_a_message_when_chromium_is_missing(
    built, processed, registered, tmp_path, monkeypatch, capsys
):
    # A copy of the built reports without screenshots: the reports are up to date, the
    # screenshots are due, and there is no browser to take them.
    out = tmp_path / "reports"
    shutil.copytree(built[0], out, ignore=shutil.ignore_patterns("screenshots"))
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "no-chromium")
    # The built sample, up to date (the other country profiles are not asked for).
    sample = [r.name for r in registered]
    code = cli.main(
        ["report", "--data", str(processed), "--out", str(out), "--screenshots", "--only", *sample]
    )
    assert code == 0
    err = capsys.readouterr().err
    assert f"screenshots skipped: {tmp_path / 'no-chromium'} not found" in err
    assert "apt-get install" in err
    assert not (out / "screenshots").exists()
