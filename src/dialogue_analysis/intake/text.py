"""The source's text: reading the file, HTML to article text, sentences and verbatim quotes.

``read_source`` refuses what is not text (PDF, images, archives, NUL bytes, non-UTF-8) and
reduces an HTML page to its article text; ``split_sentences`` cuts the text into sentences
without changing a character, and ``quote_of`` joins sentences into the quote a row cites.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from dialogue_analysis.errors import SourceFileError

EXPECTED_FILE = "a press release or web page saved as UTF-8 plain text (.txt) or HTML"

# ---------------------------------------------------------------------------------------------
# Reading the file

_MAGIC = (
    (b"%PDF", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a zip archive (a Word or OpenDocument file?)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
)
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
# Elements that are never the article: scripts, styles, navigation, page furniture.
_DROP_TAGS = (
    "script style noscript template svg iframe form button nav header footer aside "
    "select input label menu dialog"
).split()
_FURNITURE = re.compile(
    r"(?:^|[-_ ])(?:nav|navbar|menu|breadcrumbs?|footer|header|sidebar|cookies?|share|social|"
    r"related|skip|banner|subscribe|newsletter)(?:$|[-_ ])",
    re.I,
)
_BLOCK_TAGS = (
    "p div h1 h2 h3 h4 h5 h6 li ul ol blockquote pre table tr td th dd dt dl figcaption "
    "section article main time"
).split()


@dataclass(frozen=True)
class SourceText:
    """The text of a source as the project would store it.

    Attributes:
        path: The file read.
        text: Its text (for HTML, the article's text, blocks separated by blank lines).
        kind: 'text' or 'html'.
        title: The page title (HTML) or first line (text), or None.
        published: The publication date the page declares in its markup, or None.
    """

    path: Path
    text: str
    kind: Literal["text", "html"]
    title: str | None = None
    published: str | None = None


def read_source(path: Path) -> SourceText:
    """Read a press release or web page saved as plain text or HTML.

    Args:
        path: The file.

    Returns:
        Its text; HTML is reduced to the article's text (see `html_to_text`).

    Raises:
        SourceFileError: The file is missing or unreadable, empty, binary (PDF, image, archive,
            NUL bytes) or plain text that is not UTF-8; or an HTML page holds no text.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise SourceFileError(
            path, f"cannot be read ({err.strerror or err})", EXPECTED_FILE
        ) from err
    if not data.strip():
        raise SourceFileError(path, "is empty", EXPECTED_FILE)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise SourceFileError(path, f"is {what}, not text", EXPECTED_FILE)
    if b"\x00" in data:
        raise SourceFileError(path, "is a binary file (it holds NUL bytes)", EXPECTED_FILE)
    if _HTML_START.match(data):
        text, title, published = html_to_text(data)
        if not text.strip():
            raise SourceFileError(path, "is an HTML page with no article text", EXPECTED_FILE)
        return SourceText(path, text, "html", title, published)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise SourceFileError(
            path,
            f"is not UTF-8 text (byte {data[err.start]:#04x} at offset {err.start})",
            EXPECTED_FILE + " (save it as UTF-8)",
        ) from err
    first = next((line.strip() for line in text.splitlines() if line.strip()), None)
    return SourceText(path, text, "text", first)


def _is_furniture(tag: object) -> bool:
    """Whether an element is page furniture by its role, id or class (navigation, cookie bar)."""
    attrs = getattr(tag, "attrs", None) or {}
    if attrs.get("role") in {"navigation", "banner", "contentinfo", "complementary", "search"}:
        return True
    if attrs.get("aria-hidden") == "true":
        return True
    words = " ".join([attrs.get("id") or "", *(attrs.get("class") or [])])
    return bool(words.strip()) and _FURNITURE.search(words) is not None


def html_to_text(html: bytes | str) -> tuple[str, str | None, str | None]:
    """The article text of an HTML page, with BeautifulSoup (lxml parser).

    Scripts, styles, navigation, headers, footers, forms and elements whose role, id or class
    mark them as furniture are dropped. The article is the largest ``<article>``, else
    ``<main>`` (or ``role="main"``), else the body. Each block (paragraph, heading, list item,
    cell) becomes one paragraph; spaces inside a block are made single.

    Args:
        html: The page, as bytes (its declared encoding is honoured) or text.

    Returns:
        The text, the page title (``og:title``, ``<h1>`` or ``<title>``) and the publication
        date its markup declares (``article:published_time`` or ``<time datetime>``), or None.
    """
    from bs4 import BeautifulSoup  # imported here: only this command needs it

    soup = BeautifulSoup(html, "lxml")
    title = None
    og = soup.find("meta", attrs={"property": "og:title"})
    if og and og.get("content"):
        title = str(og["content"]).strip()
    published = None
    meta = soup.find("meta", attrs={"property": "article:published_time"})
    if meta and meta.get("content"):
        published = str(meta["content"]).strip()[:10]
    page_title = soup.title.get_text(" ", strip=True) if soup.title else None
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(_is_furniture):
        if not tag.decomposed:
            tag.decompose()
    articles = soup.find_all("article")
    root = (
        max(articles, key=lambda a: len(a.get_text()))
        if articles
        else soup.find("main") or soup.find(attrs={"role": "main"}) or soup.body or soup
    )
    if published is None and (time := root.find("time", attrs={"datetime": True})):
        published = str(time["datetime"]).strip()[:10]
    heading = root.find("h1") or soup.find("h1")
    title = title or (heading.get_text(" ", strip=True) if heading else None) or page_title
    for br in root.find_all("br"):
        br.replace_with("\n")
    for tag in root.find_all(_BLOCK_TAGS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    raw = root.get_text()
    blocks = (re.sub(r"\s+", " ", block).strip() for block in re.split(r"\n\s*\n", raw))
    text = "\n\n".join(block for block in blocks if block)
    return (text + "\n") if text else "", title, published


# ---------------------------------------------------------------------------------------------
# Sentences


@dataclass(frozen=True)
class Sentence:
    """A sentence (or a heading or dateline line) and where it is in the text.

    Attributes:
        start: Offset of its first character.
        end: Offset just after its last character.
        text: ``text[start:end]``, verbatim.
    """

    start: int
    end: int
    text: str


_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt maj capt sgt st no nos vol fig al inc ltd co corp jr sr "
    "dept govt approx e.g i.e vs etc he h.e u.s u.k u.n".split()
)
_SENTENCE_END = re.compile(r"[.!?…][\"”’»)\]]*(?=\s)")
_STARTS_SENTENCE = re.compile(r"\s+[\"“‘«(\[]?[^\W\d_a-z]|\s+\d", re.U)


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences without changing a character of any of them.

    A sentence ends at '.', '!', '?' or '…' (and closing quotes) followed by a space and a
    capital letter, a digit or an opening quote, unless the word before is an abbreviation or
    an initial ('Mr.', 'H.E.', 'J.'); and at every line break, unless the next line starts with
    a lower-case letter (a hard-wrapped sentence). Headings and datelines are sentences too.

    Args:
        text: The source text.

    Returns:
        The sentences in order, each stripped of surrounding spaces.
    """
    cuts = {0, len(text)}
    for match in re.finditer(r"\n", text):
        rest = text[match.end() :].lstrip(" \t\r")
        if not rest or rest[0] == "\n" or not rest.lstrip()[0].islower():
            cuts.add(match.end())
    for match in _SENTENCE_END.finditer(text):
        word = re.search(
            r"([\w.]+)[.!?…][\"”’»)\]]*$", text[max(0, match.start() - 20) : match.end()]
        )
        before = (word.group(1) if word else "").casefold().rstrip(".")
        if text[match.start()] == "." and (
            before in _ABBREVIATIONS or re.fullmatch(r"[^\W\d_]", before)
        ):
            continue
        if _STARTS_SENTENCE.match(text, match.end()):
            cuts.add(match.end())
    sentences = []
    bounds = sorted(cuts)
    for start, end in zip(bounds, bounds[1:], strict=False):
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        stripped = piece.strip()
        if stripped:
            sentences.append(Sentence(start + lead, start + lead + len(stripped), stripped))
    return sentences


def quote_of(sentences: Iterable[Sentence]) -> str:
    """The quote for one or more sentences: in text order, joined by ' … ' (see quote_found)."""
    unique = sorted({s.start: s for s in sentences}.values(), key=lambda s: s.start)
    return " … ".join(s.text for s in unique)
