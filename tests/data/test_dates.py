"""Tests for reading date texts into spans that keep their precision."""

import datetime

import pandas as pd
import pytest

from dialogue_analysis.data import dates
from dialogue_analysis.data.dates import DateSpan, parse_date_column, parse_date_span

D = datetime.date

ACCEPTED = [
    # ISO 8601
    ("2016-03-15", D(2016, 3, 15), D(2016, 3, 15), "day"),
    ("2016-03", D(2016, 3, 1), D(2016, 3, 31), "month"),
    ("2016", D(2016, 1, 1), D(2016, 12, 31), "year"),
    ("2016-03-15/2016-03-16", D(2016, 3, 15), D(2016, 3, 16), "day"),
    ("2016-03-15 to 2016-03-16", D(2016, 3, 15), D(2016, 3, 16), "day"),
    ("2020-02-29", D(2020, 2, 29), D(2020, 2, 29), "day"),
    # English day-month-year and month-day-year
    ("15 March 2016", D(2016, 3, 15), D(2016, 3, 15), "day"),
    ("15 Mar 2016", D(2016, 3, 15), D(2016, 3, 15), "day"),
    ("3rd July 2023", D(2023, 7, 3), D(2023, 7, 3), "day"),
    ("Monday 3rd July 2023", D(2023, 7, 3), D(2023, 7, 3), "day"),
    ("on 1st June 2019", D(2019, 6, 1), D(2019, 6, 1), "day"),
    ("2nd May 2018", D(2018, 5, 2), D(2018, 5, 2), "day"),
    ("27th October 2021", D(2021, 10, 27), D(2021, 10, 27), "day"),
    ("March 15, 2016", D(2016, 3, 15), D(2016, 3, 15), "day"),
    ("October 9, 2024", D(2024, 10, 9), D(2024, 10, 9), "day"),
    # Ranges
    ("15 and 16 March 2016", D(2016, 3, 15), D(2016, 3, 16), "day"),
    ("12-13 June 2019", D(2019, 6, 12), D(2019, 6, 13), "day"),
    ("12 - 13 June 2019", D(2019, 6, 12), D(2019, 6, 13), "day"),
    ("27 - 28 October 2021", D(2021, 10, 27), D(2021, 10, 28), "day"),
    ("25\u201326 October 2023", D(2023, 10, 25), D(2023, 10, 26), "day"),
    ("25 \u2014 26 October 2023", D(2023, 10, 25), D(2023, 10, 26), "day"),
    ("From October 9 to 10, 2024", D(2024, 10, 9), D(2024, 10, 10), "day"),
    ("October 9-10, 2024", D(2024, 10, 9), D(2024, 10, 10), "day"),
    ("30 November - 2 December 2019", D(2019, 11, 30), D(2019, 12, 2), "day"),
    ("30 November to 2 December 2019", D(2019, 11, 30), D(2019, 12, 2), "day"),
    ("December 2019 - January 2020", D(2019, 12, 1), D(2020, 1, 31), "month"),
    ("28 February-1 March 2024", D(2024, 2, 28), D(2024, 3, 1), "day"),
    ("12 to 13 June 2019", D(2019, 6, 12), D(2019, 6, 13), "day"),
    ("2016-2017", D(2016, 1, 1), D(2017, 12, 31), "year"),
    # Month and year precision: no invented day
    ("March 2016", D(2016, 3, 1), D(2016, 3, 31), "month"),
    ("Mar. 2016", D(2016, 3, 1), D(2016, 3, 31), "month"),
    ("mars 2016", D(2016, 3, 1), D(2016, 3, 31), "month"),
    ("February 2020", D(2020, 2, 1), D(2020, 2, 29), "month"),
    ("1981", D(1981, 1, 1), D(1981, 12, 31), "year"),
    ("1800", D(1800, 1, 1), D(1800, 12, 31), "year"),
    ("2100", D(2100, 1, 1), D(2100, 12, 31), "year"),
    # French
    ("15 mars 2016", D(2016, 3, 15), D(2016, 3, 15), "day"),
    ("1er juillet 2023", D(2023, 7, 1), D(2023, 7, 1), "day"),
    ("8 et 9 décembre 2022", D(2022, 12, 8), D(2022, 12, 9), "day"),
    ("les 8 et 9 décembre 2022", D(2022, 12, 8), D(2022, 12, 9), "day"),
    ("du 9 au 10 octobre 2024", D(2024, 10, 9), D(2024, 10, 10), "day"),
    ("20 mai 2020", D(2020, 5, 20), D(2020, 5, 20), "day"),
    ("lundi 3 juillet 2023", D(2023, 7, 3), D(2023, 7, 3), "day"),
    ("décembre 2022", D(2022, 12, 1), D(2022, 12, 31), "month"),
    ("decembre 2022", D(2022, 12, 1), D(2022, 12, 31), "month"),
    ("février 2019", D(2019, 2, 1), D(2019, 2, 28), "month"),
    ("fevrier 2019", D(2019, 2, 1), D(2019, 2, 28), "month"),
    ("août 2021", D(2021, 8, 1), D(2021, 8, 31), "month"),
    ("aout 2021", D(2021, 8, 1), D(2021, 8, 31), "month"),
    ("juin 2019", D(2019, 6, 1), D(2019, 6, 30), "month"),
    ("juillet 2019", D(2019, 7, 1), D(2019, 7, 31), "month"),
    # Case, spaces, non-breaking spaces
    ("  15   MARCH   2016 ", D(2016, 3, 15), D(2016, 3, 15), "day"),
    ("15\u00a0March\u00a02016", D(2016, 3, 15), D(2016, 3, 15), "day"),
    ("12\u202f-\u202f13 JUNE 2019", D(2019, 6, 12), D(2019, 6, 13), "day"),
]


@pytest.mark.parametrize(("text", "start", "end", "precision"), ACCEPTED)
def test_parse_date_span_reads_accepted_forms(
    text: str, start: datetime.date, end: datetime.date, precision: str
) -> None:
    assert parse_date_span(text) == DateSpan(start, end, precision)


@pytest.mark.parametrize("text", ["", "   ", "\u00a0\t\n"])
def test_parse_date_span_returns_none_for_blank(text: str) -> None:
    assert parse_date_span(text) is None


REJECTED = [
    # (text, fragments the message must contain)
    ("sometime in spring", ["not a date", "expected forms like", "'15 March 2016'"]),
    ("c. 1981", ["not a date", "'c'", "expected forms like"]),
    ("about 1981", ["not a date", "'about'", "expected forms like"]),
    ("2016?", ["not a date", "'?'", "expected forms like"]),
    ("juin", ["not a date", "no year", "expected forms like"]),
    ("15 March", ["not a date", "no year"]),
    ("9 2024", ["not a date", "no month"]),
    ("12-13-14 June 2019", ["not a date", "expected one date, or two joined by"]),
    ("- 13 June 2019", ["not a date", "expected one date, or two joined by"]),
    ("15 15 March 2016", ["not a date", "unexpected '15'"]),
    ("31 February 2019", ["impossible date: 31 February 2019 (February 2019 has 28 days)"]),
    ("2019-02-29", ["impossible date: 29 February 2019 (February 2019 has 28 days)"]),
    ("32 March 2016", ["impossible date: 32 March 2016 (March 2016 has 31 days)"]),
    ("2019-13-01", ["impossible date", "no month 13"]),
    ("16 and 15 March 2016", ["end before start", "2016-03-16 to 2016-03-15", "earlier date"]),
    ("January 2020 - December 2019", ["end before start"]),
    ("15/03/2016", ["ambiguous numeric date", "expected ISO", "'2016-03-15'"]),
    ("15.03.2016", ["ambiguous numeric date", "expected ISO"]),
    ("1799", ["year out of range", "expected a year from 1800 to 2100"]),
    ("15 March 2101", ["year out of range", "expected a year from 1800 to 2100"]),
    ("March - 15 April 2016", ["mixed precision", "expected both ends at the same precision"]),
]


@pytest.mark.parametrize(("text", "fragments"), REJECTED)
def test_parse_date_span_rejects_with_message_saying_what_was_expected(
    text: str, fragments: list[str]
) -> None:
    with pytest.raises(ValueError) as caught:
        parse_date_span(text)
    for fragment in fragments:
        assert fragment in str(caught.value)


def test_parse_date_column_parses_repeats_and_keeps_index() -> None:
    values = pd.Series(
        ["12-13 June 2019", None, "March 2016", "  ", "12-13 June 2019", "31 February 2019"],
        index=[10, 11, 12, 13, 14, 15],
    )

    parsed = parse_date_column(values)

    assert parsed.index.equals(values.index)
    assert list(parsed.columns) == ["start", "end", "precision", "error"]
    assert str(parsed["start"].dtype) == "datetime64[s]"
    assert str(parsed["end"].dtype) == "datetime64[s]"
    assert parsed["precision"].dtype == "string"
    assert parsed["error"].dtype == "string"
    assert parsed.loc[10, "start"] == pd.Timestamp("2019-06-12")
    assert parsed.loc[10, "end"] == pd.Timestamp("2019-06-13")
    assert parsed.loc[14].equals(parsed.loc[10])
    assert parsed.loc[12, "start"] == pd.Timestamp("2016-03-01")
    assert parsed.loc[12, "end"] == pd.Timestamp("2016-03-31")
    assert parsed["precision"].tolist() == ["day", pd.NA, "month", pd.NA, "day", pd.NA]
    # Blanks are unknown, not errors; only the bad row carries a message.
    assert parsed.loc[[11, 13, 15], "start"].isna().all()
    assert parsed.loc[[11, 13, 15], "end"].isna().all()
    assert parsed["error"].notna().tolist() == [False, False, False, False, False, True]
    assert "February 2019 has 28 days" in parsed.loc[15, "error"]


def test_parse_date_column_reads_non_text_values_and_empty_series() -> None:
    parsed = parse_date_column(pd.Series([2016, 2016], dtype="Int64"))
    assert parsed["precision"].tolist() == ["year", "year"]
    assert parsed["end"].tolist() == [pd.Timestamp("2016-12-31")] * 2

    empty = parse_date_column(pd.Series([], dtype="string"))
    assert empty.empty
    assert list(empty.columns) == ["start", "end", "precision", "error"]


def test_parse_date_column_reads_each_distinct_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def counting_parse(text: str) -> DateSpan | None:
        seen.append(text)
        return parse_date_span(text)

    monkeypatch.setattr(dates, "parse_date_span", counting_parse)
    parsed = parse_date_column(pd.Series(["2016", "March 2016", None, "2016"] * 50))

    assert sorted(seen) == ["2016", "March 2016"]
    assert len(parsed) == 200


FOUND_IN_TEXT = [
    # (text, year for dates without one, [(words as written, start, end, precision)])
    (
        "during the two-day (12 and 13 June) Dialogue meeting",
        2019,
        [("12 and 13 June", D(2019, 6, 12), D(2019, 6, 13), "day")],
    ),
    (
        "held in March 2016 and May 2017, respectively",
        None,
        [
            ("March 2016", D(2016, 3, 1), D(2016, 3, 31), "month"),
            ("May 2017", D(2017, 5, 1), D(2017, 5, 31), "month"),
        ],
    ),
    (
        "La réunion a lieu du 4 au 5 novembre 2025 à Lyon.",
        None,
        [("4 au 5 novembre 2025", D(2025, 11, 4), D(2025, 11, 5), "day")],
    ),
    (
        "the 15 and 16 March 2016 meeting",
        None,
        [("15 and 16 March 2016", D(2016, 3, 15), D(2016, 3, 16), "day")],
    ),
    (
        "From October 9 to 10, 2024, in Bridgetown",
        None,
        [("October 9 to 10, 2024", D(2024, 10, 9), D(2024, 10, 10), "day")],
    ),
    (
        "les 8 et 9 décembre au siège",
        2022,
        [("8 et 9 décembre", D(2022, 12, 8), D(2022, 12, 9), "day")],
    ),
    ("On 2020-05-20, online", None, [("2020-05-20", D(2020, 5, 20), D(2020, 5, 20), "day")]),
    # Not dates: a bare year, an impossible day, a day without a year when none is given,
    # 'may' the verb.
    ("established in 2016", None, []),
    ("on 31 June 2019", None, []),
    ("on 12 June", None, []),
    ("they may 5 times", 2019, []),
]


@pytest.mark.parametrize(("text", "year", "expected"), FOUND_IN_TEXT)
def test_find_dates_in_running_text(text: str, year: int | None, expected: list[tuple]) -> None:
    found = dates.find_dates(text, year)
    assert [(f.written, f.span.start, f.span.end, f.span.precision) for f in found] == expected
    for f in found:
        assert text[f.start : f.end] == f.written
        assert f.has_year == (year is None or str(f.span.start.year) in f.written)


def test_fold_keeps_offsets() -> None:
    text = "Décembre ÉDITION août"
    assert dates.fold(text) == "decembre edition aout"
    assert len(dates.fold(text)) == len(text)
