"""Open the built reports in headless Chromium: screenshots, and the browser the tests drive.

The browser is Debian's ``chromium`` package (``make test`` installs it with apt-get) driven by
Playwright, which is in the ``dev`` extra; Playwright never downloads a browser of its own. Every
page is opened offline: a request for anything but the allowed origins (``file:`` and ``data:``
URLs, plus a local server's address when one is given) is aborted and recorded.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dialogue_analysis import files
from dialogue_analysis.errors import BrowserUnavailable
from dialogue_analysis.site.catalog import CACHE_DIR

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Request, Route

log = logging.getLogger(__name__)

CHROMIUM = Path("/usr/bin/chromium")
INSTALL = "apt-get install --no-install-recommends chromium"
# No sandbox (the tests and CI run as root), no GPU, and none of the browser's own traffic:
# no QUIC, first-run pages, background updates, component downloads or sync.
ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
VIEWPORT = {"width": 1280, "height": 900}
SCREENSHOT_DIR = "screenshots"
SCREENSHOT_PAGES = ("index", "meeting_history", "data", "sources")  # pages, without .html


@dataclass
class Session:
    """A browser context whose requests are all recorded and kept on the machine.

    Attributes:
        context: The Playwright browser context (one fresh profile).
        requested: Every URL any page of the context requested, in order.
        blocked: The URLs that were not allowed and were aborted.
    """

    context: BrowserContext
    requested: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


def _is_allowed(url: str, origins: tuple[str, ...]) -> bool:
    return url.startswith(("file:", "data:")) or any(
        url == origin or url.startswith(origin + "/") for origin in origins
    )


@contextmanager
def chromium(
    allowed_origins: Iterable[str] = (), executable: Path | None = None
) -> Iterator[Session]:
    """Launch headless Chromium with a fresh profile; close it and delete the profile on exit.

    Args:
        allowed_origins: Origins such as ``http://127.0.0.1:8000`` that pages may load from,
            besides ``file:`` and ``data:`` URLs.
        executable: The Chromium binary (default: ``CHROMIUM``).

    Raises:
        BrowserUnavailable: Chromium or Playwright is not installed.
    """
    executable = executable or CHROMIUM
    if not os.access(executable, os.X_OK):
        raise BrowserUnavailable(str(executable), INSTALL)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise BrowserUnavailable("the playwright package", "pip install -e '.[dev]'") from None
    origins = tuple(o.rstrip("/") for o in allowed_origins)
    with tempfile.TemporaryDirectory(prefix="dialogue-chromium-") as profile:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile,
                executable_path=str(executable),
                headless=True,
                args=list(ARGS),
                viewport=VIEWPORT,
                service_workers="block",
            )
            session = Session(context)

            def guard(route: Route, request: Request) -> None:
                session.requested.append(request.url)
                if _is_allowed(request.url, origins):
                    route.continue_()
                else:
                    session.blocked.append(request.url)
                    route.abort("blockedbyclient")

            try:
                context.route("**/*", guard)
                yield session
            finally:
                context.close()


def _shot_of(html: Path) -> str:
    """What a screenshot was taken of: the sha256 of the page (the index is rewritten each run)."""
    return hashlib.sha256(html.read_bytes()).hexdigest()


def take_screenshots(
    out_dir: Path,
    pages: Iterable[str] = SCREENSHOT_PAGES,
    force: bool = False,
    session: Session | None = None,
) -> list[Path]:
    """Full-page PNGs of ``pages`` under ``out_dir/screenshots/``, opened from ``file:`` URLs.

    A screenshot of a page whose content has not changed since it was taken is kept as it is
    (unless ``force``), so a run in which no report changed opens no browser. Screenshots are not
    byte-stable across Chromium versions and fonts, so nothing hashes or compares them; they sit
    beside the reports for people to look at.

    Args:
        out_dir: The reports folder (with index.html).
        pages: Names of the pages to capture, without ``.html``; missing pages are skipped.
        force: Capture every page even if its screenshot is up to date.
        session: A browser already open (from ``chromium()``); by default one is launched.

    Returns:
        The screenshots written.

    Raises:
        BrowserUnavailable: Chromium or Playwright is not installed.
        RuntimeError: A page requested something outside the reports folder.
    """
    folder = out_dir / SCREENSHOT_DIR
    record = out_dir / CACHE_DIR / "screenshots.json"
    with files.exclusive(out_dir):
        try:
            taken_of = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            taken_of = {}
        todo = [
            (out_dir / f"{name}.html", folder / f"{name}.png")
            for name in pages
            if (out_dir / f"{name}.html").is_file()
        ]
        todo = [
            (html, png)
            for html, png in todo
            if force or not png.is_file() or taken_of.get(png.name) != _shot_of(html)
        ]
        if not todo:
            return []
        with nullcontext(session) if session else chromium() as opened:
            folder.mkdir(exist_ok=True)
            blocked = len(opened.blocked)
            page = opened.context.new_page()
            try:
                for html, png in todo:
                    page.goto(html.resolve().as_uri(), wait_until="load")
                    files.write_atomic(png, page.screenshot(full_page=True))
                    taken_of[png.name] = _shot_of(html)
                    log.info("screenshot of %s: %s", html.name, png)
            finally:
                page.close()
            outside = opened.blocked[blocked:]
            if outside:
                raise RuntimeError(f"the pages asked for something elsewhere: {outside}")
        record.parent.mkdir(exist_ok=True)
        files.write_atomic(record, json.dumps(taken_of, sort_keys=True).encode("utf-8"))
        return [png for _, png in todo]
