"""The tiny hand-built dataset whose answers are known, and the row builders it is made of.

``tiny()`` builds a fresh ``Dataset`` (a test may change it); ``table`` gives a processed table
with every declared column, and ``meeting``, ``body``, ``took_part`` and ``spell`` one row each.
The analysis, views and data tests build on these instead of the shipped data.
"""

import pandas as pd

from dialogue_analysis.data import spells
from dialogue_analysis.data.dataset import Dataset
from dialogue_analysis.data.schema import DTYPES, TABLES


def table(name: str, rows: list[dict]) -> pd.DataFrame:
    """A processed table with every declared column (unset ones blank) and the declared dtypes."""
    columns = TABLES[name].columns
    frame = pd.DataFrame(rows, columns=[c.name for c in columns])
    return frame.astype({c.name: DTYPES[c.dtype][0] for c in columns})


def meeting(edition, number, start, city, fmt, listed, confidence="high", **more):
    kind = "edition" if number else "working_group"
    return dict(
        edition=edition,
        kind=kind,
        number=number,
        start_date=start,
        end_date=start,
        date_precision="day",
        city=city,
        format=fmt,
        participant_list=listed,
        source_id="src-editions",
        confidence=confidence,
        **more,
    )


def body(body_id, kind, region, founded, precision, confidence="high", **more):
    return dict(
        body_id=body_id,
        acronym=more.pop("acronym", body_id),
        full_name=more.pop("full_name", f"{body_id} full name"),
        type=kind,
        region=region,
        founded=founded,
        founded_precision=precision,
        source_id="src-bodies",
        confidence=confidence,
        **more,
    )


def took_part(edition, body_id, role, confidence="high", **more):
    return dict(
        edition=edition,
        body_id=body_id,
        role=role,
        attendance="not_stated",
        source_id="src-participation",
        confidence=confidence,
        **more,
    )


def spell(body_id, iso3, joined=None, left=None, confidence="high", **more):
    return dict(
        body_id=body_id,
        country_iso3=iso3,
        status=more.pop("status", "member"),
        joined=joined,
        left=left,
        is_derived=more.pop("is_derived", False),
        source_id="src-members",
        confidence=confidence,
        **more,
    )


def tiny() -> Dataset:
    """Four editions and a working group; five Dialogue bodies and one parent (AU).

    Edition lists: 1 and 2 partial, 3 the standing composition, 4 complete (and low confidence).
    FRONTEX observes in 2 and is a member from 3; INTERPOL hosts 1-4 and is also a member in 3.
    """
    editions = table(
        "editions",
        [
            meeting("1", 1, "2016-03-15", "Singapore", "in_person", "partial"),
            meeting("2", 2, "2017-05-03", "Lyon", "in_person", "partial", outcome_document="A"),
            meeting("3", 3, "2019-06-12", "Lyon", "in_person", "composition"),
            meeting("4", 4, "2020-05-20", None, "virtual", "complete", confidence="low"),
            meeting("WG-2023", None, "2023-07-03", "Lyon", "in_person", "partial", "medium"),
        ],
    )
    participation = table(
        "participation",
        [
            took_part("1", "INTERPOL", "host"),
            took_part("1", "GCCPOL", "participant"),
            took_part("2", "INTERPOL", "host"),
            took_part("2", "FRONTEX", "observer"),
            took_part("2", "UNODC", "observer", more_source_ids="src-extra; src-more"),
            took_part("3", "INTERPOL", "member"),
            took_part("3", "INTERPOL", "host"),
            took_part("3", "FRONTEX", "member"),
            took_part("3", "UNODC", "observer"),
            took_part("3", "GCCPOL", "member", confidence="low"),
            took_part("4", "INTERPOL", "host"),
            took_part("4", "FRONTEX", "member"),
            took_part("4", "GCCPOL", "member"),
            took_part("4", "AFRIPOL", "member"),
            took_part("WG-2023", "GCCPOL", "host"),
            took_part("WG-2023", "FRONTEX", "participant"),
        ],
    )
    bodies = table(
        "bodies",
        [
            body(
                "INTERPOL",
                "global_police_organisation",
                "global",
                "1923-09-01",
                "month",
                aliases="ICPO; OIPC",
                founded_as_written="September 1923",
                hq_city="Lyon",
                hq_country_iso3="FRA",
                full_name="International Criminal Police Organization",
            ),
            body("FRONTEX", "eu_agency", "europe", "2004-10-26", "day", acronym="Frontex"),
            body("UNODC", "un_office", "global", "1997-01-01", "year", confidence="low"),
            body("GCCPOL", "regional_police_organisation", "gulf", None, None),
            body(
                "AFRIPOL",
                "regional_police_organisation",
                "africa",
                "2014-01-01",
                "year",
                parent_body_id="AU",
            ),
            body(
                "AU",
                "intergovernmental_organisation",
                "africa",
                "2002-01-01",
                "year",
                full_name="African Union",
            ),  # fmt: skip
        ],
    )
    bodies["is_dialogue_participant"] = bodies["body_id"].isin(participation["body_id"])
    memberships = table(
        "memberships",
        [
            spell("GCCPOL", "BHR", "2001-06-15"),
            spell("GCCPOL", "KWT", "2001-06-15"),
            spell("GCCPOL", "OMN", "2001-06-15", "2019-01-01"),
            spell("GCCPOL", "QAT", "2017-06-09", confidence="low"),
            spell("GCCPOL", "SAU"),  # joining date unknown
            spell("FRONTEX", "DEU", is_derived=True, derived_from="EU"),
            spell("FRONTEX", "FRA", "2010-01-01", is_derived=True, derived_from="EU"),
            spell("AFRIPOL", "DZA", as_of="2020-08-11"),
            spell("AFRIPOL", "EGY", as_of="2020-08-11"),
            spell("AFRIPOL", "EGY", as_of="2022-01-01", confidence="low"),
        ],
    )
    sources = table(
        "sources",
        [
            {"source_id": s, "title": f"Title of {s}", "publisher": "P", "url": f"https://x/{s}"}
            for s in ("src-editions", "src-participation", "src-extra", "src-more", "src-alt")
        ],
    )
    conflicts = table(
        "conflicts",
        [
            {
                "table": "participation",
                "key": "2/UNODC/observer",
                "column": "role",
                "source_id_used": "src-participation",
                "alternative": "member",
                "alternative_source_id": "src-alt",
                "reason": "r",
            }
        ],
    )
    memberships = spells.bounds(memberships, bodies, sources)
    return Dataset(editions, bodies, participation, memberships, sources, conflicts, package={})
