"""Reading a source: refusing what is not text, HTML to article text, sentences kept verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogue_analysis import intake
from dialogue_analysis.errors import SourceFileError
from tests.intake.conftest import roles, text_file

HTML = """<!DOCTYPE html>
<html><head><title>Site | News</title>
<script>var ECOPOL = "the 7th Dialogue was held on 1-2 May 2030";</script>
<style>.x { content: "AMERIPOL"; }</style></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li>AFRIPOL news</li></ul></nav>
<header class="site-header">Subscribe to ASEANAPOL updates</header>
<div class="cookie-banner">We use cookies. UNODC.</div>
<main><article>
<h1>Regional police meet in Lyon</h1>
<p>LYON, France &ndash; The <b>8th</b> Dialogue meeting was held on 9&nbsp;and 10 October 2024.</p>
<p>Representatives of <a href="/e">Europol</a> and Frontex attended.</p>
<script>document.write("SCO observer")</script>
</article>
<aside>Related: GCCPOL chief visits Bahrain</aside></main>
<footer>© INTERPOL. Shanghai Cooperation Organization.</footer>
</body></html>
"""


def test_html_page_reads_only_the_article(tmp_path: Path, curated: intake.Curated) -> None:
    source = intake.read_source(text_file(tmp_path, HTML, "page.html"))
    assert source.kind == "html"
    assert source.title == "Regional police meet in Lyon"
    assert source.text == (
        "Regional police meet in Lyon\n\n"
        "LYON, France – The 8th Dialogue meeting was held on 9 and 10 October 2024.\n\n"
        "Representatives of Europol and Frontex attended.\n"
    )
    found = intake.propose(source, curated)
    assert found.of("editions")[0].row["edition"] == "8"
    assert set(roles(found)) == {("Europol", "participant"), ("Frontex", "participant")}


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is empty"),
        (b"  \n\n\t", "is empty"),
        (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "is a PDF file, not text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a PNG image, not text"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "is a JPEG image, not text"),
        (b"text\x00with a NUL", "is a binary file (it holds NUL bytes)"),
        ("Réunion à Lyon".encode("latin-1"), "is not UTF-8 text (byte 0xe9 at offset 1)"),
    ],
)
def test_unreadable_files_are_refused_with_what_was_expected(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "given.txt"
    path.write_bytes(content)
    with pytest.raises(SourceFileError) as caught:
        intake.read_source(path)
    assert caught.value.path == path
    assert caught.value.problem == problem
    assert "plain text" in caught.value.expected


def test_split_sentences_keeps_the_text_exactly() -> None:
    text = "Title line\n\nH.E. Mr. Stock spoke. The meeting\nwas held in Lyon. “Quoted,” he said.\n"
    sentences = intake.split_sentences(text)
    assert [s.text for s in sentences] == [
        "Title line",
        "H.E. Mr. Stock spoke.",
        "The meeting\nwas held in Lyon.",
        "“Quoted,” he said.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)
