"""Read dates as sources write them ("12-13 June 2019", "8 et 9 décembre 2022") into spans.

A date keeps its precision: "March 2016" is the whole of March 2016 at month precision, never
an invented day. Numeric day/month forms such as "15/03/2016" are refused as ambiguous, and
approximate ones ("c. 1981", "2016?") are refused as inexact.
"""

from __future__ import annotations

import calendar
import datetime
import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd

logger = logging.getLogger(__name__)

Precision = Literal["day", "month", "year"]

#: Years a date may fall in; anything else is taken as a typing error.
MIN_YEAR, MAX_YEAR = 1800, 2100
#: Unit of the start and end columns made by `parse_date_column`.
DATETIME_DTYPE = "datetime64[s]"
EXPECTED_FORMS = (
    "expected forms like '2016-03-15', '15 March 2016', '12-13 June 2019', 'March 2016', '2016'"
)

_MONTH_SPELLINGS: dict[int, tuple[str, ...]] = {  # lower case, without accents
    1: ("january", "jan", "janvier", "janv"),
    2: ("february", "feb", "fevrier", "fevr", "fev"),
    3: ("march", "mar", "mars"),
    4: ("april", "apr", "avril", "avr"),
    5: ("may", "mai"),
    6: ("june", "jun", "juin"),
    7: ("july", "jul", "juillet", "juil"),
    8: ("august", "aug", "aout"),
    9: ("september", "sep", "sept", "septembre"),
    10: ("october", "oct", "octobre"),
    11: ("november", "nov", "novembre"),
    12: ("december", "dec", "decembre"),
}
#: Month word (lower case, no accents, no trailing dot) -> month number.
MONTHS: dict[str, int] = {word: n for n, words in _MONTH_SPELLINGS.items() for word in words}
#: Words joining the two ends of a range.
RANGE_WORDS: frozenset[str] = frozenset({"-", "/", "to", "and", "au", "et"})
#: Words that carry no date information: prepositions, articles and weekday names.
FILLER_WORDS: frozenset[str] = frozenset(
    "from du on le les the of monday mon tuesday tue tues wednesday wed thursday thu thur thurs "
    "friday fri saturday sat sunday sun lundi mardi mercredi jeudi vendredi samedi dimanche".split()
)

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_NUMERIC_DMY = re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b")
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th|er)\b")
_TOKEN = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?(?!\d)|\d+|[a-z]+|\S")


@dataclass(frozen=True)
class DateSpan:
    """The days a date text allows (start and end inclusive), and the finest unit it states."""

    start: datetime.date
    end: datetime.date
    precision: Precision


class _Part(NamedTuple):
    """One end of a date text; None where the text leaves a field out."""

    day: int | None = None
    month: int | None = None
    year: int | None = None


def _not_a_date(text: str, why: str) -> ValueError:
    """Return the error for text that cannot be read as a date."""
    return ValueError(f"not a date: {text!r} ({why}); {EXPECTED_FORMS}")


def _clean(text: str) -> str:
    """Lower-case, strip accents, unify spaces and dashes, drop commas and ordinal endings."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    folded = _DASHES.sub("-", folded).replace(",", " ")
    folded = re.sub(r"(?<=[a-z])\.", " ", folded)  # "Mar." -> "Mar"; "c." -> "c" (refused later)
    # str.split() splits on every Unicode space, non-breaking ones included.
    return " ".join(_ORDINAL.sub(r"\1", folded).split())


def _tokenise(text: str, cleaned: str) -> list[str | _Part]:
    """Split cleaned text into ISO dates (as parts), numbers, month names and range words."""
    tokens: list[str | _Part] = []
    for match in _TOKEN.finditer(cleaned):
        word = match.group()
        if match.group(1):  # ISO 8601: 2016-03-15 or 2016-03
            year, month, day = match.groups()
            tokens.append(_Part(int(day) if day else None, int(month), int(year)))
        elif word.isdigit() or word in MONTHS or word in RANGE_WORDS:
            tokens.append(word)
        elif word not in FILLER_WORDS:
            raise _not_a_date(text, f"unrecognised {word!r}")
    return tokens


def _read_part(text: str, tokens: list[str | _Part]) -> _Part:
    """Read one end of a range: an ISO date, or day, month and year words in any usual order."""
    if len(tokens) == 1 and isinstance(tokens[0], _Part):
        return tokens[0]
    fields: dict[str, int] = {}
    for token in tokens:
        if isinstance(token, _Part):
            raise _not_a_date(text, "an ISO date mixed with other words")
        field = "month" if token in MONTHS else {1: "day", 2: "day", 4: "year"}.get(len(token))
        if field is None or field in fields:
            raise _not_a_date(text, f"unexpected {token!r}")
        fields[field] = MONTHS[token] if field == "month" else int(token)
    return _Part(**fields)


def _check(text: str, part: _Part) -> None:
    """Raise ValueError when a complete part names no real day, month or year."""
    assert part.year is not None and (part.day is None or part.month is not None)
    if not MIN_YEAR <= part.year <= MAX_YEAR:
        raise ValueError(
            f"year out of range: {part.year} in {text!r}; expected a year from {MIN_YEAR} "
            f"to {MAX_YEAR}"
        )
    if part.month is not None and not 1 <= part.month <= 12:
        raise ValueError(f"impossible date: {text!r} (there is no month {part.month})")
    if part.day is not None and part.month is not None:
        n_days = calendar.monthrange(part.year, part.month)[1]
        if not 1 <= part.day <= n_days:
            month = f"{calendar.month_name[part.month]} {part.year}"
            raise ValueError(f"impossible date: {part.day} {month} ({month} has {n_days} days)")


def _precision(part: _Part) -> Precision:
    """Return the finest unit a complete part states."""
    return "day" if part.day is not None else "month" if part.month is not None else "year"


def _bounds(part: _Part) -> tuple[datetime.date, datetime.date]:
    """Return the first and last day a complete part allows."""
    assert part.year is not None
    if part.month is None:
        return datetime.date(part.year, 1, 1), datetime.date(part.year, 12, 31)
    if part.day is None:
        last = calendar.monthrange(part.year, part.month)[1]
        return datetime.date(part.year, part.month, 1), datetime.date(part.year, part.month, last)
    day = datetime.date(part.year, part.month, part.day)
    return day, day


def parse_date_span(text: str) -> DateSpan | None:
    """Read a date, month, year or range as a source writes it.

    Accepted: ISO ('2016-03-15', '2016-03', '2016', '2016-03-15/2016-03-16'); English and
    French day-month-year ('15 March 2016', '1er juillet 2023'), month-day-year
    ('March 15, 2016'), month ('Mar. 2016', 'décembre 2022') and year ('1981'); ranges joined
    by '-', en/em dashes, '/', 'to', 'and', 'au' or 'et' whose start may borrow month and
    year from the end ('12-13 June 2019', 'From October 9 to 10, 2024'). Case, spaces, commas,
    accents, ordinal endings, weekday names and 'from'/'on'/'du'/'les' do not matter.

    Args:
        text: The date as written.

    Returns:
        The span, or None when the text is blank.

    Raises:
        ValueError: When the text is not an exact date ('c. 1981', '15/03/2016', 'spring'), is
            impossible ('31 February 2019', year outside 1800-2100), mixes precisions or ends
            before it starts; the message says what was expected.
    """
    cleaned = _clean(text)
    if not cleaned:
        return None
    if _NUMERIC_DMY.search(cleaned):
        raise ValueError(
            f"ambiguous numeric date: {text!r} (day/month order is unclear); expected ISO "
            "year-month-day such as '2016-03-15', or the month in words such as '15 March 2016'"
        )
    tokens = _tokenise(text, cleaned)
    cuts = [i for i, token in enumerate(tokens) if token in RANGE_WORDS]
    if len(cuts) > 1 or (cuts and cuts[0] in (0, len(tokens) - 1)):
        raise _not_a_date(text, "expected one date, or two joined by '-', 'to', 'and'")
    if not cuts:
        first = last = _read_part(text, tokens)
    else:
        first = _read_part(text, tokens[: cuts[0]])
        last = _read_part(text, tokens[cuts[0] + 1 :])
        # The start may leave out what the end states ("12-13 June 2019"), and in
        # month-first ranges the end leaves out the month ("October 9-10, 2024").
        if last.day is not None and last.month is None:
            last = last._replace(month=first.month)
        if first.month is None and first.day is not None:
            first = first._replace(month=last.month)
        if first.year is None:
            first = first._replace(year=last.year)
    for part in (first, last):
        if part.year is None or (part.day is not None and part.month is None):
            raise _not_a_date(text, "no year" if part.year is None else "no month")
        _check(text, part)
    if _precision(first) != _precision(last):
        raise ValueError(
            f"mixed precision: {text!r} starts at {_precision(first)} precision and ends at "
            f"{_precision(last)}; expected both ends at the same precision"
        )
    start, end = _bounds(first)[0], _bounds(last)[1]
    if end < start:
        raise ValueError(
            f"end before start: {text!r} reads as {start} to {_bounds(last)[0]}; "
            "expected the earlier date first"
        )
    return DateSpan(start, end, _precision(first))


class FoundDate(NamedTuple):
    """A date written in running text: where it is, its words, and the days it allows.

    Attributes:
        start: Offset of its first character in the text searched.
        end: Offset just after its last character (``text[start:end]`` is ``written``).
        written: The words exactly as the text writes them ('12 and 13 June').
        span: The days they allow; the year is the one given to ``find_dates`` when the words
            leave it out.
        has_year: Whether the words state the year themselves.
    """

    start: int
    end: int
    written: str
    span: DateSpan
    has_year: bool


_MONTH_WORD = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = r"\d{1,2}(?:st|nd|rd|th|er|e)?(?![\w])"
_MONTH = rf"(?:{_MONTH_WORD})(?![a-z])\.?"
_YEAR = r"(?:1[89]|20|21)\d\d(?!\d)"
_JOIN = r"\s*(?:[-\u2010-\u2015\u2212/]|\b(?:to|and|au|et)\b)\s*"
# Day first ("12-13 June 2019", "30 November - 2 December 2019", "8 et 9 décembre"), month first
# ("October 9-10, 2024"), month and year ("March 2016"), ISO ("2020-05-20"). Searched in a
# folded copy of the text (lower case, no accents, same length), so offsets are the text's.
_IN_TEXT = re.compile(
    rf"(?<![\w-])(?:"
    rf"{_DAY}(?:{_JOIN}{_DAY})?\s+{_MONTH}(?:{_JOIN}{_DAY}\s+{_MONTH})?(?:,?\s+{_YEAR})?"
    rf"|{_MONTH}\s+{_DAY}(?:{_JOIN}{_DAY})?(?:,?\s+{_YEAR})?"
    rf"|{_MONTH}\s+{_YEAR}"
    rf"|{_YEAR}-\d\d-\d\d(?!\d)"
    rf")"
)


def fold(text: str) -> str:
    """Lower-case ``text`` and strip its accents, one character for one (offsets are kept)."""
    return "".join((unicodedata.normalize("NFKD", char)[:1] or char).lower()[:1] for char in text)


def find_dates(text: str, year: int | None = None) -> list[FoundDate]:
    """Every day, day range or month that running text writes, in the order they appear.

    Reads the forms `parse_date_span` reads, within a sentence: '12-13 June 2019', '15 and 16
    March 2016', 'du 4 au 5 novembre 2025', 'October 9 to 10, 2024', 'March 2016',
    '2020-05-20'. A bare year ('in 2016') is not taken for a date; two months joined by 'and'
    ('March 2016 and May 2017') are two dates, not a range. A date without a year must start
    with a digit or a capital ('May 5', not 'may 5').

    Args:
        text: Any text.
        year: The year of dates that leave it out ('the two-day (12 and 13 June) meeting'),
            e.g. the year the text was published; None to skip such dates.

    Returns:
        The dates found, each with its offsets in ``text`` and the words as written; words
        that name no real day ('31 June 2019') are left out.
    """
    found = []
    for match in _IN_TEXT.finditer(fold(text)):
        written = text[match.start() : match.end()]
        has_year = re.search(_YEAR, match.group()) is not None
        if not has_year and (year is None or written[0].islower()):
            continue  # 'may 5' without a year is more likely the verb than a day
        try:
            span = parse_date_span(written if has_year else f"{written} {year}")
        except ValueError:
            continue
        if span is not None:
            found.append(FoundDate(match.start(), match.end(), written, span, has_year))
    return found


def _parse_or_error(text: str) -> tuple[DateSpan | None, str | None]:
    """Return the span of a text and None, or None and the error message."""
    try:
        return parse_date_span(text), None
    except ValueError as error:
        return None, str(error)


# The commonest single-day forms, read by pandas in bulk; anything else (ranges, French, month or
# year precision, impossible dates) goes through parse_date_span one distinct text at a time.
_FAST_FORMS = (
    (r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d"),
    (r"\d{1,2} [A-Za-z]+ \d{4}", "%d %B %Y"),
    (r"[A-Za-z]+ \d{1,2}, \d{4}", "%B %d, %Y"),
)


def _fast_days(texts: pd.Index) -> pd.Series:
    """Midnight of each text that is a plain single day in a common form; NaT for the rest."""
    stripped = pd.Series(texts.str.strip(), dtype="string")
    days = pd.Series(pd.NaT, index=stripped.index, dtype="datetime64[s]")
    for pattern, form in _FAST_FORMS:
        match = stripped.str.fullmatch(pattern).fillna(False).astype(bool) & days.isna()
        if match.any():
            parsed = pd.to_datetime(stripped[match], format=form, errors="coerce")
            days[match] = parsed.astype("datetime64[s]")
    in_range = days.dt.year.between(MIN_YEAR, MAX_YEAR)
    return days.where(in_range)


def parse_date_column(values: pd.Series) -> pd.DataFrame:
    """Parse a column of date texts, reading each distinct text once.

    Args:
        values: Date texts as written; blanks and missing values mean unknown. Non-text
            values are read as their text (2016 as '2016').

    Returns:
        Frame with the index of `values` and columns start and end (datetime64[s], midnight of
        the first and last day allowed; NaT when blank or invalid), precision ("string":
        'day', 'month' or 'year'; <NA> when blank or invalid) and error ("string": the
        ValueError message; <NA> when the text is blank or valid).
    """
    codes, distinct = pd.factorize(values.astype("string"), use_na_sentinel=True)
    fast = _fast_days(pd.Index(distinct, dtype="string"))
    need = fast.isna().to_numpy()
    slow = {i: _parse_or_error(distinct[i]) for i in np.flatnonzero(need)}
    start = fast.to_numpy(dtype=DATETIME_DTYPE, copy=True)
    end = start.copy()
    precision = np.where(need, None, "day").astype(object)
    error = np.full(len(distinct), None, dtype=object)
    for i, (span, message) in slow.items():
        if span is not None:
            start[i], end[i], precision[i] = span.start, span.end, span.precision
        error[i] = message
    columns = {
        "start": start,
        "end": end,
        "precision": pd.array(precision, dtype="string"),
        "error": pd.array(error, dtype="string"),
    }
    n_errors = sum(message is not None for _, message in slow.values())
    logger.debug("parsed %d distinct date texts, %d invalid", len(distinct), n_errors)
    return pd.DataFrame(
        {name: pd.array(column).take(codes, allow_fill=True) for name, column in columns.items()},
        index=values.index,
    )
