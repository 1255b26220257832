"""The Data page: downloads that exist and validate, a changelog that names what changed."""

import html
import json
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import frictionless
import pytest

from dialogue_analysis.analysis.status import RULES as STATUS_RULES
from dialogue_analysis.data import package
from dialogue_analysis.data.package import OUTPUT_TABLES, PACKAGE_FILE, data_version
from dialogue_analysis.data.pipeline import build
from dialogue_analysis.paths import PROJECT_ROOT
from dialogue_analysis.site import datapage
from dialogue_analysis.site.datapage import (
    PACKAGE_FOLDER,
    RESEARCH_FOLDER,
    ZIP_FILE,
    write_data_page,
)
from dialogue_analysis.site.sourcespage import write_sources_page
from tests.conftest import SCRIPT, replace_in, snapshot


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        attrs = dict(attrs)
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])
        if "id" in attrs:
            self.ids.add(attrs["id"])


def parse(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def broken_links(page: Path) -> list[str]:
    """Every link of ``page`` that is neither http(s) nor a file (and anchor) that exists."""
    broken = []
    for href in parse(page).hrefs:
        parts = urlsplit(href)
        if parts.scheme in {"http", "https"} and parts.netloc:
            continue
        if parts.scheme or parts.netloc or href.startswith("/"):
            broken.append(href)  # no other scheme, no absolute path: the folder must move whole
            continue
        target = (page.parent / parts.path) if parts.path else page
        if not target.is_file():
            broken.append(href)
        elif parts.fragment and parts.fragment not in parse(target).ids:
            broken.append(href)
    return broken


def assert_reads_cleanly(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    for leftover in ("<NA>", "NaN", "None", "nan<", ">nan", "NaT"):
        assert leftover not in text, leftover
    assert "script" not in parse(page).tags


@pytest.fixture(scope="module")
def site(processed, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    (out / "index.html").write_text("<!DOCTYPE html><title>Reports</title>")  # the runner's
    write_data_page(processed, out)
    write_sources_page(processed, out)
    return out


def test_every_link_resolves(site):
    page = site / "data.html"
    assert len(parse(page).hrefs) > 10
    assert broken_links(page) == []


def test_the_page_offers_every_table_as_csv_and_parquet(site):
    hrefs = parse(site / "data.html").hrefs
    for table in OUTPUT_TABLES:
        assert f"{PACKAGE_FOLDER}/{table}.csv" in hrefs
        assert f"{PACKAGE_FOLDER}/{table}.parquet" in hrefs
    assert f"{PACKAGE_FOLDER}/{PACKAGE_FILE}" in hrefs
    assert f"{PACKAGE_FOLDER}/{ZIP_FILE}" in hrefs


def test_the_offered_package_passes_the_frictionless_validator(site):
    report = frictionless.validate(str(site / PACKAGE_FOLDER / PACKAGE_FILE))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) == len(OUTPUT_TABLES)


def test_the_zip_holds_every_file_offered_and_is_deterministic(site, processed, tmp_path):
    folder = site / PACKAGE_FOLDER
    with zipfile.ZipFile(folder / ZIP_FILE) as archive:
        entries = archive.infolist()
        names = [e.filename for e in entries]
        assert names == sorted(names)
        assert {e.date_time for e in entries} == {(1980, 1, 1, 0, 0, 0)}
        inside = {Path(n).name: archive.read(n) for n in names}
    for table in OUTPUT_TABLES:
        assert inside[f"{table}.csv"] == (folder / f"{table}.csv").read_bytes()
        assert inside[f"{table}.parquet"] == (folder / f"{table}.parquet").read_bytes()
    assert inside[PACKAGE_FILE] == (folder / PACKAGE_FILE).read_bytes()
    write_data_page(processed, tmp_path)
    assert (tmp_path / PACKAGE_FOLDER / ZIP_FILE).read_bytes() == (folder / ZIP_FILE).read_bytes()


def test_the_page_has_the_dictionary_licence_and_citation(site, data):
    text = (site / "data.html").read_text(encoding="utf-8")
    version = frictionless.Package(str(site / PACKAGE_FOLDER / PACKAGE_FILE)).version
    assert len(version) == 12
    tables = [getattr(data, t) for t in OUTPUT_TABLES]
    latest = max(f[c].max() for f in tables for c in f.columns if f[c].dtype.kind == "M")
    assert f"version {version} (data to {latest:%Y-%m-%d})" in text
    assert "https://creativecommons.org/licenses/by/4.0/" in text
    assert "under their publishers' own terms" in text
    assert "<code>confirmed_from</code>" in text  # a column of the dictionary
    assert "First version, nothing to compare." in text


def test_the_page_states_every_status_rule_as_the_dictionary_does(site):
    text = (site / "data.html").read_text(encoding="utf-8")
    dictionary = (PROJECT_ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    for name, rule in STATUS_RULES:
        assert f"<strong>{name}.</strong> {html.escape(rule)}" in text, name
        assert f"- **{name}.** {rule}" in dictionary, name


def test_the_data_page_names_the_version_the_reports_name(site, processed, built):
    version = frictionless.Package(str(site / PACKAGE_FOLDER / PACKAGE_FILE)).version
    assert version == data_version(processed)
    assert f"version <code>{version}</code>" in (site / "data.html").read_text(encoding="utf-8")
    out, _ = built  # the reports built from the same processed folder cite the same version
    page = (out / "meeting_history.html").read_text(encoding="utf-8")
    assert f"Data version {version}." in page
    assert (out / "data.html").is_file() and (out / "sources.html").is_file()


def test_the_pages_read_cleanly_and_are_byte_identical_when_written_twice(site, processed):
    before = snapshot(site)
    assert_reads_cleanly(site / "data.html")
    write_data_page(processed, site)
    assert snapshot(site) == before


def test_the_changelog_names_each_changed_row_with_its_old_and_new_value(raw_copy, tmp_path):
    processed, out = tmp_path / "processed", tmp_path / "reports"
    build(raw_copy, processed)
    write_data_page(processed, out)
    assert "First version" in (out / "data.html").read_text(encoding="utf-8")

    replace_in(raw_copy / "editions.csv", "New York", f"Manhattan {SCRIPT}")
    lines = (raw_copy / "participation.csv").read_text(encoding="utf-8").splitlines()
    gone = next(line for line in reversed(lines) if line.split(",")[2] != "host")
    (raw_copy / "participation.csv").write_text(
        "\n".join(line for line in lines if line != gone) + "\n", encoding="utf-8"
    )
    build(raw_copy, processed)
    written = write_data_page(processed, out)
    page = out / "data.html"
    text = page.read_text(encoding="utf-8")
    assert "First version" not in text
    assert (
        "Changed: 6 — <code>city</code>: New York &rarr; "
        "Manhattan &lt;script&gt;alert(1)&lt;/script&gt;"
    ) in text
    assert '<tr><td>participation</td><td class="num">0</td><td class="num">1</td>' in text
    assert f"Removed: {gone.split(',')[0]} / " in text
    assert_reads_cleanly(page)
    write_sources_page(processed, out)  # the page links to it, and to the landing page
    (out / "index.html").write_text("<!DOCTYPE html><title>Reports</title>")
    assert broken_links(page) == []
    # The previous version is kept beside the current one, and rewriting changes nothing.
    assert out / PACKAGE_FOLDER / "previous" / "editions.csv" in written
    before = snapshot(out)
    write_data_page(processed, out)
    assert snapshot(out) == before


def test_text_in_the_descriptor_and_changes_is_escaped(processed):
    files = package.csv_package(processed)
    files |= {f"{t}.parquet": (processed / f"{t}.parquet").read_bytes() for t in OUTPUT_TABLES}
    descriptor = json.loads(files[PACKAGE_FILE])
    hostile = f"{SCRIPT} & co"
    descriptor["title"] = f"Dialogue {hostile}"
    descriptor["built_with"] = f"builder {hostile}"
    descriptor["resources"][0]["description"] = f"Meetings {hostile}"
    previous = files | {PACKAGE_FILE: json.dumps(descriptor | {"version": hostile}).encode()}
    files = files | {PACKAGE_FILE: json.dumps(descriptor).encode()}

    page = datapage.render(files, b"zip", previous)
    shown = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
    assert SCRIPT not in page
    assert f"<title>Dialogue {shown}: the data</title>" in page
    assert f"<h1>Dialogue {shown}: the data</h1>" in page
    assert f"Built with builder {shown}." in page
    assert f"<td>Meetings {shown}</td>" in page
    assert f"From the previous version, <code>{shown}</code>" in page
    assert '<tr><td colspan="4">No row was added, removed or changed.</td></tr>' in page


def test_the_page_offers_the_panels_a_citation_and_the_codebook(site):
    from dialogue_analysis.products.citation import read_release

    hrefs = parse(site / "data.html").hrefs
    for name in ("country_year.dta", "interpol-dialogue.duckdb", "codebook.md", "citation.bib"):
        assert f"{RESEARCH_FOLDER}/{name}" in hrefs, name
        assert (site / RESEARCH_FOLDER / name).is_file(), name
    release = read_release()
    text = (site / "data.html").read_text(encoding="utf-8")
    for part in (release.title, release.version, str(release.year), release.url, *release.authors):
        assert part in text, part
    bib = (site / RESEARCH_FOLDER / "citation.bib").read_text(encoding="utf-8")
    ris = (site / RESEARCH_FOLDER / "citation.ris").read_text(encoding="utf-8")
    assert f"version = {{{release.version}}}" in bib and f"url = {{{release.url}}}" in bib
    assert ris.startswith("TY  - DATA\n") and f"ET  - {release.version}\n" in ris
    assert "Data sources: INTERPOL" in text  # the original publishers are credited
    assert 'id="codebook"' in text and "Merging with Correlates of War data" in text


def test_the_codebook_is_a_page_of_its_own_that_the_print_path_prints(site, data):
    from dialogue_analysis.site import pdf

    text = (site / datapage.CODEBOOK_PAGE).read_text(encoding="utf-8")
    assert site / datapage.CODEBOOK_PAGE in pdf.pages(site)  # printed to pdf/codebook.pdf
    for section in ("Universe", "Coverage in time", "Codes", "Rules", "Known limitations"):
        assert f"<h2>{section}</h2>" in text
    for name in ("country_year", "country_edition", "body_pair_year"):
        assert f'<h3 id="{name}">{name}</h3>' in text
    assert "<code>interpol_susp</code>" in text and "Merging with Correlates of War data" in text
    assert f'href="{datapage.CODEBOOK_PAGE}"' in (site / "data.html").read_text(encoding="utf-8")
