"""Proposing raw rows from a new source text: what a person reviewing a press release relies on."""

from __future__ import annotations

import csv
import datetime
import re
import shutil
from pathlib import Path

import pytest

from dialogue_analysis.cli import main
from dialogue_analysis.data import propose
from dialogue_analysis.data.pipeline import clean_all
from dialogue_analysis.data.validation import quote_found
from dialogue_analysis.errors import SourceFileError
from dialogue_analysis.paths import RAW_DIR, SOURCES_DIR
from tests.conftest import replace_in, snapshot

RELEASE_2019 = SOURCES_DIR / "interpol-2019-06-12.txt"
MEMBERS_2019 = {
    "AFRIPOL", "AMERIPOL", "ASEANAPOL", "AIMC", "ECO", "EUROPOL", "FRONTEX", "GCCPOL", "INTERPOL",
}  # fmt: skip


@pytest.fixture(scope="module")
def curated() -> propose.Curated:
    return propose.read_curated(RAW_DIR)


@pytest.fixture(scope="module")
def found_2019(curated: propose.Curated) -> propose.Proposals:
    return propose.propose(propose.read_source(RELEASE_2019), curated)


def text_file(tmp_path: Path, text: str, name: str = "release.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def proposals_for(tmp_path: Path, curated: propose.Curated, text: str) -> propose.Proposals:
    return propose.propose(propose.read_source(text_file(tmp_path, text)), curated)


def roles(found: propose.Proposals) -> dict[tuple[str, str], str]:
    """(body as written, role) -> status of every participation proposal."""
    return {(p.row["body"], p.row["role"]): p.status for p in found.of("participation")}


def squashed(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --- The stored 2019 press release


def test_2019_release_proposes_the_third_edition_in_lyon(found_2019: propose.Proposals) -> None:
    meeting = found_2019.meeting
    assert meeting is not None
    assert meeting.dates.span.start == datetime.date(2019, 6, 12)
    assert meeting.dates.span.end == datetime.date(2019, 6, 13)
    assert meeting.dates.span.precision == "day"
    row = found_2019.of("editions")[0].row
    assert (row["edition"], row["number"], row["kind"]) == ("3", "3", "edition")
    assert row["dates"] == "12 and 13 June 2019"
    assert (row["city"], row["country"]) == ("Lyon", "France")
    assert row["host_as_written"] == "INTERPOL"
    assert row["format"] == "not stated"  # the release does not say
    assert row["participant_list"] == "composition"


def test_2019_release_gives_members_observers_and_host(
    found_2019: propose.Proposals, curated: propose.Curated
) -> None:
    index = curated.body_index
    by_role: dict[str, set[str]] = {}
    for p in found_2019.of("participation"):
        assert p.row["edition"] == "3"
        by_role.setdefault(p.row["role"], set()).add(
            index[re.sub(r"\W", "", p.row["body"]).lower()]
        )
    assert by_role == {"member": MEMBERS_2019, "observer": {"SCO", "UNODC"}, "host": {"INTERPOL"}}


def test_2019_release_finds_the_two_earlier_meetings(found_2019: propose.Proposals) -> None:
    mentioned = [p for p in found_2019.of("editions") if p.is_mention]
    assert [(p.row["edition"], p.row["dates"], p.row["city"]) for p in mentioned] == [
        ("1", "March 2016", "Singapore"),
        ("2", "May 2017", "Lyon"),
    ]
    assert mentioned[0].row["venue"] == "INTERPOL Global Complex for Innovation"


def test_2019_release_every_quote_is_verbatim(found_2019: propose.Proposals) -> None:
    text = squashed(RELEASE_2019.read_text(encoding="utf-8"))
    quotes = [p.row["quote"] for p in found_2019.rows if p.table != "sources"]
    assert len(quotes) == 15
    for quote in quotes:
        assert quote and quote_found(quote, text), quote


def test_2019_release_is_all_already_in_the_data(found_2019: propose.Proposals) -> None:
    assert {p.status for p in found_2019.rows} == {"already in the data"}
    assert found_2019.source_id == "interpol-2019-06-12"
    assert found_2019.unknown == []
    # Every curated row citing the release is proposed (recall 1 on the stored text).
    curated_keys = {
        ("3", body, role)
        for body, role in [(b, "member") for b in MEMBERS_2019]
        + [("SCO", "observer"), ("UNODC", "observer"), ("INTERPOL", "host")]
    }
    assert len(found_2019.of("participation")) == len(curated_keys)


def test_a_value_the_data_holds_differently_is_shown_with_both_values(raw_copy: Path) -> None:
    replace_in(
        raw_copy / "editions.csv",
        "12 and 13 June 2019,,Lyon,France",
        "12 and 13 June 2019,,Paris,France",
    )
    found = propose.propose(propose.read_source(RELEASE_2019), propose.read_curated(raw_copy))
    edition = found.of("editions")[0]
    assert edition.status == "differs from the data"
    assert edition.differences == [("city", "Lyon", "Paris")]
    assert "city: proposed `Lyon`, data `Paris`" in propose.review_markdown(found)


def test_proposed_rows_are_valid_raw_rows(raw_copy: Path, found_2019: propose.Proposals) -> None:
    # Take the curated 2019 rows out, put the proposals in: the build must accept them.
    for name, key in (("editions", "3,"), ("participation", "3,")):
        path = raw_copy / f"{name}.csv"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [ln for ln in lines if not ln.startswith(key)]
        assert len(kept) < len(lines)
        path.write_text("".join(kept), encoding="utf-8")
    out = raw_copy.parent / "proposals"
    propose.write_proposals(found_2019, out)
    for name in ("editions", "participation"):
        rows = (out / f"{name}.csv").read_text(encoding="utf-8").splitlines(keepends=True)[1:]
        rows = [r for r in rows if r.startswith("3,")]
        with (raw_copy / f"{name}.csv").open("a", encoding="utf-8") as handle:
            handle.writelines(rows)
    _, problems = clean_all(raw_copy)
    assert problems == []


# --- Short texts


def test_aliases_in_odd_case_and_punctuation(curated: propose.Curated) -> None:
    text = (
        "Delegates from the gulf cooperation council - pol, GCC POL, Ameripol, ECOPOL, the "
        "European Border and Coast Guard Agency – Frontex and the Gulf Cooperation Council’s "
        "GCCPOL met du 4 au 5 novembre 2025 with the African Union’s AFRIPOL."
    )
    mentions = propose.find_bodies(text, curated.bodies)
    assert [(m.written, m.body_id) for m in mentions] == [
        ("gulf cooperation council - pol", "GCCPOL"),
        ("GCC POL", "GCCPOL"),
        ("Ameripol", "AMERIPOL"),
        ("ECOPOL", "ECO"),
        ("European Border and Coast Guard Agency – Frontex", "FRONTEX"),
        ("Gulf Cooperation Council’s GCCPOL", "GCCPOL"),
        ("AFRIPOL", "AFRIPOL"),  # not the African Union, named as its owner; not 'au' in French
    ]


def test_french_release(tmp_path: Path, curated: propose.Curated) -> None:
    found = proposals_for(
        tmp_path,
        curated,
        "La neuvième édition du Dialogue INTERPOL s’est tenue du 4 au 5 novembre 2025 à Lyon, "
        "France.\nL’ONUDC y a participé en qualité d’observateur.\n",
    )
    row = found.of("editions")[0].row
    assert (row["edition"], row["number"], row["dates"]) == ("9", "9", "4 au 5 novembre 2025")
    assert (row["city"], row["country"]) == ("Lyon", "France")
    assert found.of("editions")[0].status == "new"
    assert roles(found) == {("ONUDC", "observer"): "new"}


def test_unknown_organisation_is_listed_for_a_person(
    tmp_path: Path, curated: propose.Curated
) -> None:
    found = proposals_for(
        tmp_path,
        curated,
        "The 9th Dialogue meeting was held on 4-5 November 2025 in Lyon, France. Europol, "
        "SADCPOL and the Pacific Islands Chiefs of Police took part.\n",
    )
    assert [u.written for u in found.unknown] == ["SADCPOL", "Pacific Islands Chiefs of Police"]
    assert roles(found) == {("Europol", "participant"): "new"}
    review = propose.review_markdown(found)
    assert "**unknown body** `SADCPOL`" in review
    assert "**unknown body** `Pacific Islands Chiefs of Police`" in review


def test_hosts_and_format(tmp_path: Path, curated: propose.Curated) -> None:
    found = proposals_for(
        tmp_path,
        curated,
        "The virtual meeting of the 10th Dialogue, co-hosted by INTERPOL and CARICOM IMPACS, "
        "took place on 2 March 2026. Frontex joined online.\n",
    )
    assert found.of("editions")[0].row["format"] == "virtual"
    assert found.of("editions")[0].row["host_as_written"] == "INTERPOL and CARICOM IMPACS"
    assert roles(found) == {
        ("INTERPOL", "co-host"): "new",
        ("CARICOM IMPACS", "co-host"): "new",
        ("Frontex", "participant"): "new",
    }
    assert found.of("participation")[2].row["attendance"] == "virtual"


def test_text_with_no_meeting_still_proposes_the_bodies(
    tmp_path: Path, curated: propose.Curated
) -> None:
    found = proposals_for(
        tmp_path, curated, "12 June 2019\nEuropol and AMERIPOL signed a cooperation agreement.\n"
    )
    assert found.meeting is None
    assert found.of("editions") == []
    assert {(p.row["edition"], p.row["body"]) for p in found.of("participation")} == {
        ("", "Europol"),
        ("", "AMERIPOL"),
    }


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


def test_html_page_reads_only_the_article(tmp_path: Path, curated: propose.Curated) -> None:
    source = propose.read_source(text_file(tmp_path, HTML, "page.html"))
    assert source.kind == "html"
    assert source.title == "Regional police meet in Lyon"
    assert source.text == (
        "Regional police meet in Lyon\n\n"
        "LYON, France – The 8th Dialogue meeting was held on 9 and 10 October 2024.\n\n"
        "Representatives of Europol and Frontex attended.\n"
    )
    found = propose.propose(source, curated)
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
        propose.read_source(path)
    assert caught.value.path == path
    assert caught.value.problem == problem
    assert "plain text" in caught.value.expected


def test_split_sentences_keeps_the_text_exactly() -> None:
    text = "Title line\n\nH.E. Mr. Stock spoke. The meeting\nwas held in Lyon. “Quoted,” he said.\n"
    sentences = propose.split_sentences(text)
    assert [s.text for s in sentences] == [
        "Title line",
        "H.E. Mr. Stock spoke.",
        "The meeting\nwas held in Lyon.",
        "“Quoted,” he said.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)


# --- The command


def test_cli_writes_proposals_and_leaves_data_raw_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(RAW_DIR)
    out = tmp_path / "out"
    code = main(["propose", str(RELEASE_2019), "--out", str(out)])
    assert code == 0
    stdout = capsys.readouterr().out
    assert "Meeting: edition 3, 12 and 13 June 2019, Lyon, France" in stdout
    assert "already in the data: 16" in stdout
    assert sorted(p.name for p in out.iterdir()) == [
        "editions.csv", "interpol-2019-06-12.txt", "participation.csv", "review.md", "sources.csv",
    ]  # fmt: skip
    with (out / "participation.csv").open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == [
            "edition", "body", "role", "attendance", "source_id", "quote", "more_source_ids",
            "confidence", "notes",
        ]  # fmt: skip
        assert len(list(reader)) == 12
    assert (out / "interpol-2019-06-12.txt").read_bytes() == RELEASE_2019.read_bytes()
    assert snapshot(RAW_DIR) == before


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "release.pdf"
    pdf.write_bytes(b"%PDF-1.4 binary")
    assert main(["propose", str(pdf), "--out", str(tmp_path / "o1")]) == 1
    err = capsys.readouterr().err
    assert "release.pdf: is a PDF file, not text; expected" in err and "Traceback" not in err
    assert not (tmp_path / "o1").exists()

    no_meeting = text_file(tmp_path, "Europol and Frontex signed an agreement.\n")
    assert main(["propose", str(no_meeting), "--out", str(tmp_path / "o2")]) == 1
    assert "no meeting found" in capsys.readouterr().err
    assert (tmp_path / "o2" / "participation.csv").is_file()

    assert main(["propose", str(no_meeting), "--published", "31 June 2019"]) == 2
    assert "--published" in capsys.readouterr().err
    missing = tmp_path / "nowhere.txt"
    assert main(["propose", str(missing), "--out", str(tmp_path / "o3")]) == 1
    assert "nowhere.txt: cannot be read" in capsys.readouterr().err


def test_cli_source_options_shape_the_sources_row(tmp_path: Path) -> None:
    copy = tmp_path / "saved page.txt"
    shutil.copy(RELEASE_2019, copy)
    copy.write_text(copy.read_text(encoding="utf-8") + "\nExtra line.\n", encoding="utf-8")
    out = tmp_path / "out"
    url = "https://www.interpol.int/News-and-Events/News/2019/Other"
    assert (
        main(["propose", str(copy), "--url", url, "--published", "13 June 2019", "--out", str(out)])
        == 0
    )
    with (out / "sources.csv").open(encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["source_id"] == "interpol-2019-06-13"
    assert (row["publisher"], row["published"], row["url"]) == ("INTERPOL", "13 June 2019", url)
    assert row["kind"] == "official primary"
    assert row["text_file"] == "interpol-2019-06-13.txt"
    assert "**new**: source interpol-2019-06-13" in (out / "review.md").read_text(encoding="utf-8")
