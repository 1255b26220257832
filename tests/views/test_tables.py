"""Readable tables: what a reader sees of a DataFrame in a report."""

import re

import pandas as pd

from dialogue_analysis.views.tables import Table, readable, to_html


def _frame():
    return pd.DataFrame(
        {
            "source_id": ["interpol-2019-06-12", "a-b"],
            "more_source_ids": ["x-1;y-2", None],
            "url": ["https://www.interpol.int/en/News-and-Events/News/2019/x", None],
            "n_rows": [12, 3],
            "published": [pd.Timestamp("2017-05-03"), pd.NaT],
            "first_role": ["member", pd.NA],
        }
    )


def test_no_index_headers_in_words_and_numbers_right_aligned():
    html = to_html(_frame())
    headers = re.findall(r"<th[^>]*>([^<]*)</th>", html)
    assert headers == ["Source", "More sources", "Address", "Rows", "Published", "First role"]
    assert "<td class=num>12</td>" in html
    assert "<th></th>" not in html and ">0<" not in html  # no unlabelled 0..n index


def test_blanks_say_not_known_or_nothing_never_na():
    html = to_html(_frame())
    assert "<NA>" not in html and "NaN" not in html and "None" not in html and "NaT" not in html
    assert html.count("not known") == 3  # url, published, first_role; more sources blank: none


def test_sources_link_to_the_sources_page_and_addresses_are_links():
    html = to_html(_frame())
    assert '<a href="sources.html#x-1">x-1</a>; <a href="sources.html#y-2">y-2</a>' in html
    assert '<a href="https://www.interpol.int/en/News-and-Events/News/2019/x">' in html
    assert ">interpol.int/en/News-and-Events/News/2019/x</a>" in html


def test_dates_read_like_the_prose_and_markup_is_escaped():
    frame = pd.DataFrame({"day": [pd.Timestamp("2017-05-03")], "note": ["<b>x</b>"]})
    html = to_html(frame)
    assert "3 May 2017" in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_a_named_index_is_shown_as_a_column():
    frame = pd.DataFrame({"n": [1]}, index=pd.Index(["AFRIPOL"], name="body_id"))
    assert re.findall(r"<th[^>]*>([^<]*)</th>", to_html(frame)) == ["Body", "N"]


def test_a_table_is_still_a_dataframe():
    table = readable(_frame())
    assert isinstance(table, Table) and isinstance(table, pd.DataFrame)
    assert isinstance(table[table["n_rows"] > 5], Table)
    assert table._repr_html_() == to_html(_frame())


def test_flags_read_yes_or_no():
    html = to_html(pd.DataFrame({"is_derived": [True, False]}))
    assert ">yes<" in html and ">no<" in html and "True" not in html
