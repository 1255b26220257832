"""Synthetic raw data at a chosen size, with the messy spellings people and sources use.

The shipped raw tables are the seed: sources, bodies and country names stay real; editions,
participation and memberships are multiplied to the requested number of rows, with body aliases
in random case and punctuation, countries as names, alpha-2 or alpha-3 codes, and dates in the
forms the sources print. Everything is drawn from a seeded generator, so a size gives one data set.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pycountry

from dialogue_analysis.paths import RAW_DIR

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _messy(values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Random case and surrounding spaces, as people type."""
    style = rng.integers(0, 4, len(values))
    out = np.where(style == 1, np.char.upper(values.astype(str)), values.astype(str))
    out = np.where(style == 2, np.char.lower(out), out)
    return np.where(style == 3, np.char.add(np.char.add("  ", out), " "), out)


def _dates(days: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Days (datetime64[D]) written as ISO, '15 March 2016' or 'March 15, 2016'."""
    ts = pd.DatetimeIndex(days)
    iso = ts.strftime("%Y-%m-%d").to_numpy()
    dmy = (
        ts.day.astype(str) + " " + np.array(MONTHS)[ts.month - 1] + " " + ts.year.astype(str)
    ).to_numpy()
    mdy = (
        np.array(MONTHS)[ts.month - 1] + " " + ts.day.astype(str) + ", " + ts.year.astype(str)
    ).to_numpy()
    pick = rng.integers(0, 3, len(days))
    return np.where(pick == 0, iso, np.where(pick == 1, dmy, mdy))


def generate(dest: Path, rows: int, seed: int = 0) -> Path:
    """Write a raw folder with ``rows`` membership and participation rows into ``dest``."""
    rng = np.random.default_rng(seed)
    shutil.copytree(RAW_DIR, dest, dirs_exist_ok=True)
    bodies = pd.read_csv(RAW_DIR / "bodies.csv", dtype=str, keep_default_na=False)
    spellings = {
        row.body_id: [row.body_id, row.acronym, row.full_name]
        + [s.strip() for s in row.aliases.split(";") if s.strip()]
        for row in bodies.itertuples()
    }
    source = pd.read_csv(RAW_DIR / "sources.csv", dtype=str)["source_id"].to_numpy()
    countries = list(pycountry.countries)
    names = np.array(
        [c.name for c in countries]
        + [c.alpha_2 for c in countries]
        + [c.alpha_3 for c in countries]
    )

    n_editions = max(10, rows // 10)
    start = np.datetime64("1990-01-01") + rng.integers(0, 12_000, n_editions).astype(
        "timedelta64[D]"
    )
    editions = pd.DataFrame(
        {
            "edition": [f"S{i}" for i in range(n_editions)],
            "kind": "edition",
            "number": np.arange(1, n_editions + 1),
            "dates": _dates(start, rng),
            "venue": "",
            "city": "Lyon",
            "country": "France",
            "host_as_written": "INTERPOL",
            "format": _messy(
                np.array(["in person", "virtual", "hybrid"])[rng.integers(0, 3, n_editions)], rng
            ),
            "theme": "",
            "outcome_document": "",
            "name_used": "",
            "participant_list": "partial",
            "source_id": rng.choice(source, n_editions),
            "quote": "",
            "more_source_ids": "",
            # No quotes here, so no row may be "high" (the build refuses a high row without one).
            "confidence": _messy(np.array(["medium", "low"])[rng.integers(0, 2, n_editions)], rng),
            "notes": "",
        }
    )
    # Each synthetic edition has 10 rows: distinct bodies drawn per edition.
    n_part = n_editions * 10
    body_ids = bodies["body_id"].to_numpy()
    order = np.argsort(rng.random((n_editions, len(body_ids))), axis=1)[:, :10].ravel()
    participation = pd.DataFrame(
        {
            "edition": np.repeat(editions["edition"].to_numpy(), 10),
            "body": _messy(body_ids[order], rng),
            # Every edition's first row is its host (a meeting with a host needs a host row).
            "role": np.where(
                np.arange(n_part) % 10 == 0,
                "host",
                np.array(["member", "observer", "participant", "host", "co-host"])[
                    rng.integers(0, 5, n_part)
                ],
            ),
            "attendance": "not stated",
            "source_id": rng.choice(source, n_part),
            "quote": "",
            "more_source_ids": "",
            "confidence": "medium",
            "notes": "",
        }
    ).head(rows)
    # Keys stay unique after normalisation: each block of 60,000 rows is one body, and within a
    # block every row has its own day.
    i = np.arange(rows)
    joined = np.datetime64("1850-01-01") + (i % 60_000).astype("timedelta64[D]")
    block = i // 60_000
    stay = rng.integers(1, 30_000, rows).astype("timedelta64[D]")  # every exit before 2100
    body = np.empty(rows, dtype=object)
    for b in np.unique(block):  # at most seventeen blocks (10^6 rows), one per body
        rows_b = block == b
        body[rows_b] = rng.choice(spellings[body_ids[b % len(body_ids)]], rows_b.sum())
    memberships = pd.DataFrame(
        {
            "body": _messy(body.astype(str), rng),
            "country": _messy(rng.choice(names, rows), rng),
            "status": "member",
            "joined": _dates(joined, rng),
            # Every third spell has ended; every tenth row is a dated snapshot (as AMERIPOL's).
            "left": np.where(i % 3 == 0, _dates(joined + stay, rng), ""),
            "known_from": "",
            "as_of": np.where(i % 10 == 1, _dates(joined, rng), ""),
            "derived_from": "",
            "source_id": rng.choice(source, rows),
            "quote": "",
            "more_source_ids": "",
            "confidence": "medium",
            "notes": "",
        }
    )
    for name, frame in (
        ("editions", editions),
        ("participation", participation),
        ("memberships", memberships),
    ):
        frame.to_csv(dest / f"{name}.csv", index=False, quoting=csv.QUOTE_MINIMAL)
    return dest
