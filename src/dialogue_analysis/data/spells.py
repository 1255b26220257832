"""From the spells people write to the days a membership is confirmed, unknown or over.

Two steps of the build, both pure functions over the cleaned tables:

``bounds`` runs first, on the rows as written; then

``derive``
    A row with ``derived_from`` (AFRIPOL's members are the African Union's) becomes a copy of
    every row the parent holds for that country, its member spells and its suspensions, with the
    parent's dates, cut so that nothing starts before the derived body was founded (AFRIPOL has
    no member before February 2014; Morocco joins it with the AU, on 31 January 2017). A derived
    row's own ``joined`` or ``left``, when written, narrows the copy further.

``bounds``
    Every row gets four days that say what the data knows, whatever the precision of its dates:

    ``possible_from``
        Before it, the country was not in the body. The first day its ``joined`` allows; the
        body's founding when the start is unknown or of low confidence (an uncertain join year
        makes the years before it uncertain, not the years after).
    ``confirmed_from``
        From it, a source evidences the membership. The last day the ``joined`` text allows
        ("1991": 31 December 1991; "19-22 September 2005": the 22nd); for a row whose start is
        unknown, the ``known_from`` day or else its source's publication date; for a dated
        snapshot, the last day of the period it was seen in ("2022": 31 December 2022).
        A row of ``low`` confidence never confirms by itself: only its ``known_from`` day (a
        further source showing the country) does, else it stays blank and the row unknown; a
        derived copy of a low-confidence row of its own is likewise not confirmed.
    ``confirmed_until``
        The first day that may be outside (``left``; "2020": 1 January 2020). Blank: still in.
    ``out_from``
        From it, the country is surely out (the last day ``left`` allows). Blank: still in.

    Between ``possible_from`` and ``confirmed_from`` (and between ``confirmed_until`` and
    ``out_from``) the country's status in the body is unknown: counts give it apart.
"""

from __future__ import annotations

import pandas as pd

from dialogue_analysis.data.dates import parse_date_column

#: Columns ``bounds`` adds.
BOUND_COLUMNS = ("possible_from", "confirmed_from", "confirmed_until", "out_from")


def last_day(as_written: pd.Series) -> pd.Series:
    """The last day each date text allows ("1991" -> 1991-12-31); NaT where blank."""
    return parse_date_column(as_written.astype("string"))["end"].astype("datetime64[ms]")


def period_end(start: pd.Series, precision: pd.Series, as_written: pd.Series) -> pd.Series:
    """The last day of each date (ranges keep their last day; "2016" -> 31 December 2016).

    Read from the text where there is one, else from the first day and its precision (a missing
    precision counts as a day).
    """
    start = start.astype("datetime64[ms]")
    by_precision = start.where(precision.ne("month").fillna(True), start + pd.offsets.MonthEnd(0))
    by_precision = by_precision.where(
        precision.ne("year").fillna(True), start + pd.offsets.YearEnd(0)
    )
    return last_day(as_written).fillna(by_precision)


def _later(a: pd.Series, b: pd.Series) -> pd.Series:
    """Element-wise later of two date columns (NaT counts as 'no bound')."""
    return a.where(b.isna() | (a >= b), b)


def _not_before(a: pd.Series, b: pd.Series) -> pd.Series:
    """``a`` moved forward to ``b`` where it is earlier; a blank ``a`` (never) stays blank."""
    return a.where(a.isna() | b.isna() | (a >= b), b)


def _earlier(a: pd.Series, b: pd.Series) -> pd.Series:
    """Element-wise earlier of two date columns (NaT counts as 'no bound')."""
    return a.where(b.isna() | (a <= b), b)


def derive(memberships: pd.DataFrame, bodies: pd.DataFrame) -> pd.DataFrame:
    """Replace every derived row by the parent's rows for the country (see the module doc).

    Args:
        memberships: The cleaned memberships with ``bounds`` added (one row per raw line).
        bodies: The cleaned bodies (for the derived bodies' founding dates).

    Returns:
        The memberships with each derived row replaced by zero or more rows (none where the
        parent's spells all ended before the derived body was founded). A copy keeps the parent
        row's status, dates and bounds, cut at the body's founding and at the derived row's own
        ``joined``/``left``; its own body, source, quote and notes; the worse of the two
        confidences; and cites the parent row's source among ``more_source_ids``.
    """
    is_derived = memberships["derived_from"].notna()
    own, derived = memberships[~is_derived], memberships[is_derived]
    if derived.empty:
        return memberships
    parent_rows = own[own["as_of"].isna()]
    carried = [
        "status",
        *(c for c in memberships.columns if c.startswith(("joined", "left", "known_from"))),
        *BOUND_COLUMNS,
    ]
    merged = derived.reset_index(names="_line").merge(
        parent_rows[["body_id", "country_iso3", *carried, "source_id", "confidence"]],
        left_on=["derived_from", "country_iso3"],
        right_on=["body_id", "country_iso3"],
        suffixes=("_own", ""),
    )
    body = merged["body_id_own"]
    info = bodies.set_index("body_id")
    founding = pd.Series(info["founded"].reindex(body).to_numpy(), merged.index)
    founding = founding.astype("datetime64[ms]")
    founding_last = period_end(
        founding,
        pd.Series(info["founded_precision"].reindex(body).to_numpy(), merged.index),
        pd.Series(info["founded_as_written"].reindex(body).to_numpy(), merged.index),
    )
    # The shown start: the body's founding where the parent's known start is earlier, then
    # the row's own joined where it is later still.
    for day, text, precision in (
        (founding, info["founded_as_written"], info["founded_precision"]),
        (merged["joined_own"], None, None),
    ):
        later = day.notna() & merged["joined"].notna() & (day > merged["joined"])
        if text is None:
            later |= day.notna() & merged["joined"].isna()
            for col in ("joined", "joined_as_written", "joined_precision"):
                merged.loc[later, col] = merged.loc[later, f"{col}_own"]
        else:
            merged.loc[later, "joined"] = day[later]
            merged.loc[later, "joined_as_written"] = text.reindex(body[later]).to_numpy()
            merged.loc[later, "joined_precision"] = precision.reindex(body[later]).to_numpy()
    own_left = merged["left_own"].notna() & (
        merged["left"].isna() | (merged["left_own"] < merged["left"])
    )
    for col in ("left", "left_as_written", "left_precision"):
        merged.loc[own_left, col] = merged.loc[own_left, f"{col}_own"]
    own_joined = merged["joined_own"].astype("datetime64[ms]")
    own_joined_last = period_end(
        own_joined, merged["joined_precision_own"], merged["joined_as_written_own"]
    )
    own_left_day = merged["left_own"].astype("datetime64[ms]")
    own_out = period_end(own_left_day, merged["left_precision_own"], merged["left_as_written_own"])
    merged = merged.assign(
        possible_from=_later(_later(merged["possible_from"], founding), own_joined),
        confirmed_from=_not_before(
            _not_before(merged["confirmed_from"], founding_last), own_joined_last
        ),
        confirmed_until=_earlier(merged["confirmed_until"], own_left_day),
        out_from=_earlier(merged["out_from"], own_out),
    )
    alive = merged["out_from"].isna() | merged["possible_from"].isna()
    alive |= merged["out_from"] > merged["possible_from"]
    merged = merged[alive]
    ranks = ["high", "medium", "low"]
    own_rank = merged["confidence_own"].map(ranks.index, na_action="ignore")
    parent_rank = merged["confidence"].map(ranks.index, na_action="ignore")
    worse = pd.concat([own_rank, parent_rank], axis=1).max(axis=1).map(lambda r: ranks[int(r)])
    more = merged["more_source_ids"].fillna("").str.split(";")
    more_ids = [
        ";".join(dict.fromkeys(x for x in [*m, parent] if x and x != src))
        for m, parent, src in zip(more, merged["source_id"], merged["source_id_own"], strict=True)
    ]
    # A copy resting on a low-confidence row of its own is no longer confirmed by the parent's.
    made_low = worse.eq("low") & merged["confidence"].ne("low")
    rows = merged.assign(
        body_id=body,
        source_id=merged["source_id_own"],
        confidence=worse.astype("string"),
        confirmed_from=merged["confirmed_from"].mask(made_low),
        more_source_ids=pd.Series(more_ids, index=merged.index, dtype="string").replace("", pd.NA),
    ).set_index("_line")
    rows.index.name = memberships.index.name
    rows = rows[list(memberships.columns)].astype(memberships.dtypes.to_dict())
    return pd.concat([own, rows]).sort_index(kind="stable")


def orphans(memberships: pd.DataFrame) -> pd.DataFrame:
    """Derived rows whose parent holds no row for the country (nothing to derive from).

    A row whose country is not known is left out: its own problem is reported already.
    """
    derived = memberships[memberships["derived_from"].notna() & memberships["country_iso3"].notna()]
    own = memberships.loc[memberships["derived_from"].isna(), ["body_id", "country_iso3"]]
    keys = pd.MultiIndex.from_frame(own)
    wanted = pd.MultiIndex.from_arrays([derived["derived_from"], derived["country_iso3"]])
    return derived[~wanted.isin(keys)]


def bounds(memberships: pd.DataFrame, bodies: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Add ``possible_from``, ``confirmed_from``, ``confirmed_until``, ``out_from``.

    See the module doc for the rule. A row whose start is unknown and whose source is undated
    (and with no ``known_from``) is never confirmed: ``missing_evidence`` lists such rows so that
    the build can refuse them.
    """
    rows = memberships
    # A duplicated id is reported by validation; the first row stands for it here.
    bodies = bodies.drop_duplicates("body_id")
    sources = sources.drop_duplicates("source_id")
    founded = bodies.set_index("body_id")["founded"].astype("datetime64[ms]")
    founding = rows["body_id"].map(founded).astype("datetime64[ms]")
    by_id = sources.set_index("source_id")
    source_day = period_end(
        rows["source_id"].map(by_id["published"]),
        rows["source_id"].map(by_id["published_precision"]),
        rows["source_id"].map(by_id["published_as_written"]),
    )
    joined = rows["joined"].astype("datetime64[ms]")
    joined_last = period_end(joined, rows["joined_precision"], rows["joined_as_written"])
    low = rows["confidence"].eq("low").fillna(False)
    sure_start = joined.notna() & ~low
    possible = joined.where(sure_start, founding)
    known = period_end(
        rows["known_from"], rows["known_from_precision"], rows["known_from_as_written"]
    )
    # A low-confidence row confirms nothing itself: only a known_from day (another source
    # showing the country) does; its own start and its source's date do not.
    evidence = known.where(low, known.fillna(source_day))
    confirmed = joined_last.where(sure_start, evidence)
    snapshot = rows["as_of"].notna()
    seen = period_end(
        rows["as_of"], rows["as_of_precision"], pd.Series(pd.NA, index=rows.index, dtype="string")
    )
    confirmed = confirmed.where(~snapshot, seen.where(~low))
    possible = possible.where(~snapshot, founding)
    # Nothing is possible before the body existed, and a start's last day is never before it.
    possible = _later(possible, founding)
    confirmed = _not_before(confirmed, possible)
    until = rows["left"].astype("datetime64[ms]")
    out = period_end(rows["left"], rows["left_precision"], rows["left_as_written"])
    return rows.assign(
        possible_from=possible,
        confirmed_from=confirmed,
        confirmed_until=until,
        out_from=out,
    )


def missing_evidence(memberships: pd.DataFrame) -> pd.Series:
    """Rows that can never be confirmed: no start, no ``known_from`` and an undated source.

    A low-confidence row is left out: it is meant to stay unknown until a better source shows
    the country.
    """
    return memberships["confirmed_from"].isna() & memberships["confidence"].ne("low").fillna(True)
