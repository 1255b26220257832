"""Print the confirmed and unknown member counts and every country profile's headline, as CSV.

Per body with a member list (the Dialogue bodies that count as coverage) and per numbered
edition (its first day) and the latest day the data dates: how many countries a source confirms
as members (suspended members included) and how many are of unknown status. Then, per country
the data names, the one-line finding of its profile. A before/after comparison of a change to the
status rule is two runs of this script and a diff.

Usage (from the worktree):
    .venv/bin/python scripts/status_counts.py --counts counts.csv --headlines headlines.csv
        [--data data/processed]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from dialogue_analysis import load
from dialogue_analysis.analysis.countries import roster_countries
from dialogue_analysis.analysis.membership import members
from dialogue_analysis.analysis.overlaps import coverage_bodies
from dialogue_analysis.analysis.resolve import latest_day
from dialogue_analysis.views.country_profile import finding


def _counts(data: object) -> list[dict[str, object]]:
    editions = data.editions[data.editions["kind"] == "edition"].dropna(subset=["start_date"])
    numbers, starts = editions["number"], editions["start_date"]
    days = [(f"edition {int(n)}", d) for n, d in zip(numbers, starts, strict=True)]
    days.append(("latest", latest_day(data)))
    out = []
    for body in coverage_bodies(data):
        for when, day in days:
            found = members(body, day, data, unknown=True)
            sure = found["certainty"] == "confirmed"
            out.append(
                {
                    "body_id": body,
                    "when": when,
                    "date": f"{day:%Y-%m-%d}",
                    "n_confirmed": int(sure.sum()),
                    "n_unknown": int((~sure).sum()),
                }
            )
    return out


def _write(rows: list[dict[str, object]], path: Path | None) -> None:
    stream = sys.stdout if path is None else path.open("w", newline="", encoding="utf-8")
    writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    if path is not None:
        stream.close()


def main() -> int:
    """Write the counts and the headlines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="processed folder")
    parser.add_argument("--counts", type=Path, default=None, help="counts CSV (default stdout)")
    parser.add_argument("--headlines", type=Path, default=None, help="headlines CSV")
    args = parser.parse_args()
    data = load(args.data)
    _write(_counts(data), args.counts)
    headlines = [
        {"country_iso3": code, "headline": finding(data, code)}
        for code in roster_countries(data)["country_iso3"]
    ]
    _write(headlines, args.headlines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
