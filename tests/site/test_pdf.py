"""PDFs of the built pages (reports/pdf/), printed by Debian's headless Chromium.

Each test prints a copy of two or three pages of the shipped reports (the ``built`` fixture,
shared with test_browser.py), not all of them, to keep the run short.
"""

from __future__ import annotations

import json
import re
import shutil
from contextlib import nullcontext
from pathlib import Path

import pytest

from dialogue_analysis import cli
from dialogue_analysis.errors import BrowserUnavailable
from dialogue_analysis.site import browser, pdf

pytestmark = pytest.mark.slow

PAGES = ("index", "meeting_history", "body_profile_UNODC")
A4 = (595.28, 841.89)  # points


@pytest.fixture(scope="module")
def session():
    """One headless Chromium for the module, every request recorded; only file: and data:."""
    try:
        with browser.chromium() as opened:
            opened.context.set_default_timeout(20_000)
            yield opened
    except BrowserUnavailable as err:
        pytest.fail(f"{err} (make test installs it)")


@pytest.fixture
def site(built, tmp_path) -> Path:
    """A reports folder holding copies of PAGES (and the index's thumbnails)."""
    src, _ = built
    out = tmp_path / "reports"
    out.mkdir()
    for name in PAGES:
        shutil.copy2(src / f"{name}.html", out)
    shutil.copytree(src / "thumbs", out / "thumbs")
    return out


def page_count(data: bytes) -> int:
    """The number of page objects in a PDF (``/Type /Page``, not ``/Pages``)."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", data))


def media_boxes(data: bytes) -> set[tuple[float, float]]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    return {(round(float(w), 0), round(float(h), 0)) for w, h in boxes}


def outside(session: browser.Session, first: int) -> list[str]:
    return [u for u in session.requested[first:] if not u.startswith(("file:", "data:"))]


def test_every_page_prints_to_an_a4_pdf_without_leaving_the_machine(site, session):
    first = len(session.requested)
    summary = pdf.print_pdfs(site, session=session)
    folder = site / "pdf"
    assert summary.printed == [folder / f"{name}.pdf" for name in sorted(PAGES)]
    assert summary.up_to_date == []
    for path in summary.printed:
        data = path.read_bytes()
        assert data.startswith(b"%PDF-"), path
        assert page_count(data) >= 1, path
        assert media_boxes(data) == {(round(A4[0]), round(A4[1]))}, path
    # A report with charts and tables runs over several pages.
    assert page_count((folder / "meeting_history.pdf").read_bytes()) >= 3
    # Every page was opened from its file and nothing else was asked for (the index's
    # thumbnails are files too).
    requested = session.requested[first:]
    assert {(site / f"{name}.html").resolve().as_uri() for name in PAGES} <= set(requested)
    assert outside(session, first) == []
    assert session.blocked == []
    record = json.loads((folder / pdf.RECORD).read_text(encoding="utf-8"))
    assert sorted(record["pdfs"]) == sorted(f"{name}.pdf" for name in PAGES)


def test_unchanged_pages_are_not_printed_again_and_a_changed_one_is(
    site, session, tmp_path, monkeypatch
):
    folder = site / "pdf"
    pdf.print_pdfs(site, session=session)
    before = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.pdf")}
    # Up to date: no browser is even launched (there is none to launch), nothing is rewritten,
    # also after a run that rewrote the index with the same bytes.
    (site / "index.html").write_bytes((site / "index.html").read_bytes())
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "no-chromium")
    again = pdf.print_pdfs(site)
    assert again.printed == [] and len(again.up_to_date) == len(PAGES)
    assert {p.name: p.stat().st_mtime_ns for p in folder.glob("*.pdf")} == before
    monkeypatch.undo()
    # One page changes: only its PDF is printed again.
    page = site / "meeting_history.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", " (revised)</h1>", 1))
    changed = pdf.print_pdfs(site, session=session)
    assert changed.printed == [folder / "meeting_history.pdf"]
    after = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.pdf")}
    assert {name for name in before if after[name] != before[name]} == {"meeting_history.pdf"}
    # A page that is gone takes its PDF with it.
    (site / "body_profile_UNODC.html").unlink()
    gone = pdf.print_pdfs(site, session=session)
    assert gone.printed == [] and gone.removed == [folder / "body_profile_UNODC.pdf"]
    assert not (folder / "body_profile_UNODC.pdf").exists()


def test_a_page_that_asks_the_network_is_blocked_and_not_printed(tmp_path, session):
    site = tmp_path / "reports"
    site.mkdir()
    (site / "a.html").write_text("<h1>A</h1>", encoding="utf-8")
    (site / "b.html").write_text(
        '<h1>B</h1><img src="https://example.org/chart.png" alt="">', encoding="utf-8"
    )
    first = len(session.requested)
    with pytest.raises(RuntimeError, match="b.html asked for something"):
        pdf.print_pdfs(site, session=session)
    assert outside(session, first) == ["https://example.org/chart.png"]
    assert session.blocked[-1] == "https://example.org/chart.png"
    # The page printed before it is kept and recorded; the offending one has no PDF.
    assert (site / "pdf" / "a.pdf").is_file() and not (site / "pdf" / "b.pdf").exists()
    record = json.loads((site / "pdf" / pdf.RECORD).read_text(encoding="utf-8"))
    assert list(record["pdfs"]) == ["a.pdf"]


def test_print_rules_hide_navigation_keep_charts_and_rows_whole_and_show_addresses(built, session):
    out, _ = built
    page = session.context.new_page()
    try:
        page.goto((out / "body_profile_EUROPOL.html").resolve().as_uri(), wait_until="load")
        page.add_style_tag(content=pdf.print_style())
        page.emulate_media(media="print")
        style = "(s, p) => getComputedStyle(document.querySelector(s), p)"
        shown = page.evaluate(
            f"""() => {{
            const style = {style};
            return {{
                nav: [...document.querySelectorAll('nav, .site-nav')]
                    .map(e => getComputedStyle(e).display),
                img: style('img').breakInside,
                tr: style('tr').breakInside,
                after: style('a[href^="http"]', '::after').content,
                href: document.querySelector('a[href^="http"]').getAttribute('href'),
            }};
        }}"""
        )
    finally:
        page.close()
    assert shown["nav"] and set(shown["nav"]) == {"none"}
    assert shown["img"] == "avoid" and shown["tr"] == "avoid"
    assert shown["after"] == f'" ({shown["href"]})"'

    assert shown["after"] == '" (' + shown["href"] + ')"'


def test_report_pdf_prints_the_pages_then_finds_them_up_to_date(
    built, processed, session, tmp_path, monkeypatch, capsys
):
    # The built reports without most report pages: the run prints the rest (the index,
    # meeting_history and the site's own pages). Playwright's sync API runs one browser per
    # thread, so the command prints with the module's.
    monkeypatch.setattr(pdf, "chromium", lambda: nullcontext(session))
    out = tmp_path / "reports"
    ignore = shutil.ignore_patterns("body_profile_*", "coverage_*", "membership.*", "screenshots")
    shutil.copytree(built[0], out, ignore=ignore)
    n = len(pdf.pages(out))
    argv = ["report", "--data", str(processed), "--out", str(out), "--only", "meeting_history"]
    assert cli.main([*argv, "--pdf"]) == 0
    assert f"PDFs: {n} printed, 0 up to date" in capsys.readouterr().out
    printed = sorted((out / "pdf").glob("*.pdf"))
    assert [p.stem for p in printed] == [p.stem for p in pdf.pages(out)]
    assert all(p.read_bytes().startswith(b"%PDF-") for p in printed)
    assert cli.main([*argv, "--pdf"]) == 0
    assert f"PDFs: 0 printed, {n} up to date" in capsys.readouterr().out


def test_report_skips_pdfs_with_a_message_when_chromium_is_missing(
    built, processed, tmp_path, monkeypatch, capsys
):
    out = tmp_path / "reports"
    ignore = shutil.ignore_patterns("body_profile_*", "coverage_*", "membership.*", "screenshots")
    shutil.copytree(built[0], out, ignore=ignore)
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "no-chromium")
    argv = ["report", "--data", str(processed), "--out", str(out), "--only", "meeting_history"]
    assert cli.main([*argv, "--pdf"]) == 0
    err = capsys.readouterr().err.splitlines()
    skipped = [line for line in err if line.startswith("PDFs skipped:")]
    assert skipped == [
        f"PDFs skipped: {tmp_path / 'no-chromium'} not found; install it with: {browser.INSTALL}"
    ]
    assert not (out / "pdf").exists()
