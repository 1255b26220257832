"""Print the built pages to PDF with headless Chromium: ``reports/pdf/<name>.pdf``.

Every page of the reports folder (each report, the landing page ``index.html`` and the site's own
pages such as ``data.html`` and ``sources.html``) is opened from its ``file:`` URL in the same
browser as the screenshots (``browser.chromium``: offline, any request that is not ``file:`` or
``data:`` is aborted) and printed on A4 with the print stylesheet ``templates/compact/print.css``.

A PDF is printed again only when its page changed: ``pdf/.sources.json`` records the SHA-256 of
the HTML each PDF was printed from (and of the print stylesheet), so a run in which no page
changed opens no browser. Like screenshots, PDFs are not byte-stable (they carry Chromium's
version and a creation date), so nothing hashes or compares them.
"""

from __future__ import annotations

import json
import logging
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from dialogue_analysis import files
from dialogue_analysis.site.browser import Session, chromium

log = logging.getLogger(__name__)

PDF_DIR = "pdf"
RECORD = ".sources.json"  # in PDF_DIR: {"print_css": sha256, "pdfs": {name.pdf: sha256 of html}}
PRINT_CSS = Path(__file__).parent / "templates" / "compact" / "print.css"
# Paper size and margins come from print.css (@page); A4 is the fallback. The footer (page title
# and "page / pages") sits in the bottom margin; Chromium needs its font size set explicitly.
FOOTER = (
    '<div style="font-size:7pt; color:#555; width:100%; margin:0 15mm; display:flex; '
    'justify-content:space-between"><span class="title"></span>'
    '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
)
PDF_OPTIONS = {
    "format": "A4",
    "prefer_css_page_size": True,
    "print_background": True,
    "display_header_footer": True,
    "header_template": "<span></span>",
    "footer_template": FOOTER,
}


@dataclass
class PdfSummary:
    """What one run did.

    Attributes:
        printed: The PDFs printed in this run.
        up_to_date: The PDFs kept because their page has not changed since they were printed.
        removed: PDFs deleted because their page no longer exists.
    """

    printed: list[Path] = field(default_factory=list)
    up_to_date: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)

    def __str__(self) -> str:
        line = f"PDFs: {len(self.printed)} printed, {len(self.up_to_date)} up to date"
        return line + (f", {len(self.removed)} removed" if self.removed else "")


def pages(out_dir: Path) -> list[Path]:
    """The pages to print: every ``.html`` file of the reports folder, by name."""
    return sorted(p for p in out_dir.glob("*.html") if not p.name.startswith("."))


def print_style() -> str:
    """The print stylesheet wrapped in ``@media print``, as pdf.py adds it to a page."""
    return "@media print {\n" + PRINT_CSS.read_text(encoding="utf-8") + "}\n"


def print_pdfs(
    out_dir: Path,
    force: bool = False,
    session: Session | None = None,
) -> PdfSummary:
    """Print every page of ``out_dir`` whose PDF is missing or older than the page.

    Args:
        out_dir: The reports folder (with index.html).
        force: Print every page even if its PDF is up to date.
        session: A browser already open (from ``browser.chromium()``); by default one is
            launched, and only when something is to be printed.

    Returns:
        What was printed, kept and removed.

    Raises:
        BrowserUnavailable: Chromium or Playwright is not installed (and something is due).
        RuntimeError: A page requested something that is not a local file; its PDF is not
            written (the ones printed before it are kept and recorded).
    """
    folder = out_dir / PDF_DIR
    record_path = folder / RECORD
    style = print_style()
    css_hash = files.sha256_bytes(style.encode("utf-8"))
    summary = PdfSummary()
    with files.exclusive(out_dir):
        try:
            record = json.loads(record_path.read_text(encoding="utf-8"))
            printed_from = dict(record["pdfs"])
            if record["print_css"] != css_hash:  # the print rules changed: every PDF is due
                printed_from = dict.fromkeys(printed_from, "")
        except (OSError, ValueError, KeyError, TypeError):
            printed_from = {}
        htmls = pages(out_dir)
        todo = []
        for html in htmls:
            pdf = folder / f"{html.stem}.pdf"
            digest = files.sha256_file(html)
            if not force and pdf.is_file() and printed_from.get(pdf.name) == digest:
                summary.up_to_date.append(pdf)
            else:
                todo.append((html, pdf, digest))
        # PDFs this module printed of pages that are gone (a report taken out of the registry).
        names = {f"{html.stem}.pdf" for html in htmls}
        for name in sorted(set(printed_from) - names):
            (folder / name).unlink(missing_ok=True)
            del printed_from[name]
            summary.removed.append(folder / name)
        if not todo:
            if summary.removed:
                _write_record(record_path, css_hash, printed_from)
            return summary
        try:
            with nullcontext(session) if session else chromium() as opened:
                folder.mkdir(exist_ok=True)
                page = opened.context.new_page()
                # Also in every page's own <style> (export.page_css); added again so that a page
                # built before the print rules existed prints the same. Twice is harmless.
                try:
                    for html, pdf, digest in todo:
                        blocked = len(opened.blocked)
                        page.goto(html.resolve().as_uri(), wait_until="load")
                        page.add_style_tag(content=style)
                        data = page.pdf(**PDF_OPTIONS)
                        outside = opened.blocked[blocked:]
                        if outside:
                            raise RuntimeError(
                                f"{html.name} asked for something that is not a local file: "
                                f"{outside}; its PDF was not written"
                            )
                        files.write_atomic(pdf, data)
                        printed_from[pdf.name] = digest
                        summary.printed.append(pdf)
                        log.info("printed %s to %s", html.name, pdf)
                finally:
                    page.close()
        finally:
            if summary.printed or summary.removed:
                _write_record(record_path, css_hash, printed_from)
        return summary


def _write_record(path: Path, css_hash: str, printed_from: dict[str, str]) -> None:
    record = {"print_css": css_hash, "pdfs": dict(sorted(printed_from.items()))}
    path.parent.mkdir(exist_ok=True)
    files.write_atomic(path, (json.dumps(record, indent=1) + "\n").encode("utf-8"))
