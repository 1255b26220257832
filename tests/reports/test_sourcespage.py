"""The Sources page: every source with an anchor, its stored text, and the rows that cite it."""

import dataclasses

import pandas as pd

from dialogue_analysis.paths import RAW_DIR
from dialogue_analysis.reports.datapage import write_data_page
from dialogue_analysis.reports.sourcespage import (
    FACT_TABLES,
    citing_rows,
    render,
    write_sources_page,
)
from tests.conftest import SCRIPT, snapshot
from tests.reports.test_datapage import assert_reads_cleanly, broken_links, parse


def test_every_source_has_a_row_to_link_to(processed, data, tmp_path):
    page = write_sources_page(processed, tmp_path)
    write_data_page(processed, tmp_path)  # the page links to it, and to the landing page
    (tmp_path / "index.html").write_text("<!DOCTYPE html><title>Reports</title>")
    assert parse(page).ids >= set(data.sources["source_id"])
    assert broken_links(page) == []
    assert_reads_cleanly(page)


def test_stored_texts_are_copied_and_linked(processed, data, tmp_path):
    page = write_sources_page(processed, tmp_path)
    stored = data.sources["text_file"].dropna()
    assert len(stored) > 0
    hrefs = parse(page).hrefs
    for name in stored:
        assert f"sources/{name}" in hrefs
        assert (tmp_path / "sources" / name).read_bytes() == (
            RAW_DIR / "sources" / name
        ).read_bytes()
    assert page.read_text(encoding="utf-8").count("not stored") == len(data.sources) - len(stored)


def test_the_page_is_byte_identical_when_written_twice(processed, tmp_path):
    write_sources_page(processed, tmp_path)
    before = snapshot(tmp_path)
    write_sources_page(processed, tmp_path)
    assert snapshot(tmp_path) == before


def test_rows_citing_a_source_are_counted_once_per_row(data):
    def facts(source_ids, more):
        return pd.DataFrame(
            {
                "source_id": pd.array(source_ids, dtype="string"),
                "more_source_ids": pd.array(more, dtype="string"),
            }
        )

    small = dataclasses.replace(
        data,
        sources=pd.DataFrame({"source_id": ["a", "b", "c"]}),
        editions=facts(["a", "a", "b"], ["b; c", None, "b"]),  # row 3 cites b twice
        bodies=facts(["c"], [None]),
        participation=facts([], []),
        memberships=facts(["b"], ["a;c"]),
        states=facts(["c"], ["c"]),  # cites c twice: one row
    )
    counts = citing_rows(small)
    assert list(counts.columns) == list(FACT_TABLES)
    assert counts.loc["a"].tolist() == [2, 0, 0, 1, 0]
    assert counts.loc["b"].tolist() == [2, 0, 0, 1, 0]
    assert counts.loc["c"].tolist() == [1, 1, 0, 1, 1]


def test_the_page_shows_the_counts(processed, data, tmp_path):
    page = write_sources_page(processed, tmp_path).read_text(encoding="utf-8")
    start = page.index('<tr id="interpol-2019-06-12">')
    row = page[start : page.index("</tr>", start)]
    cited = data.editions["source_id"].eq("interpol-2019-06-12").sum()
    assert cited > 0
    cells = row.split('<td class="num">')[1:]
    assert int(cells[0].split("<")[0]) >= cited  # editions: as source_id, and maybe among more
    assert int(cells[-1].split("<")[0]) == sum(int(c.split("<")[0]) for c in cells[:-1])


def test_text_in_a_source_is_escaped(data):
    hostile = f"{SCRIPT} & co"
    sources = data.sources.copy()
    sources.loc[0, ["title", "publisher"]] = [f"Title {hostile}", f"Publisher {hostile}"]
    sources.loc[0, "url"] = "https://example.org/?a=1&b=2"
    sources.loc[1, "url"] = f"Archive box 3 {hostile}"
    page = render(dataclasses.replace(data, sources=sources), set())
    shown = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
    assert SCRIPT not in page
    assert (
        f'<a href="https://example.org/?a=1&amp;b=2" rel="noreferrer">Title {shown}</a>'
        f"</td><td>Publisher {shown}</td>"
    ) in page
    assert f"<br>Archive box 3 {shown}</td>" in page
