"""Proposed rows written out: raw rows, ``review.md`` and a summary for the command line.

``write_proposals`` writes the rows as raw editions, participation and sources files, plus
``review.md`` (``review_markdown``) and the text to store; ``summary_lines`` sums them up.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from dialogue_analysis.data import countries
from dialogue_analysis.data.schema import EDITIONS, PARTICIPATION, SOURCES
from dialogue_analysis.intake.compare import Proposals


def _write_csv(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})


def review_markdown(found: Proposals) -> str:
    """review.md: each proposal with its status and quote, the unknown bodies, and how to accept."""
    from dialogue_analysis.paths import display_path

    kind = "HTML (article text)" if found.source.kind == "html" else "plain text"
    lines = [
        f"# Proposed rows from {display_path(found.source.path)}",
        "",
        f"Source id: `{found.source_id}`. Read as {kind}, "
        f"{found.n_sentences} sentences."
        + (f" Dates written without a year are read in {found.year}." if found.year else ""),
        "Nothing in data/raw was changed. Each row quotes the sentences it rests on, verbatim;",
        "copy the rows you accept into data/raw/*.csv (see docs/propose.md).",
        "",
    ]
    if found.meeting is None:
        lines += [
            "**No meeting found**: no sentence dates a meeting. The bodies are proposed "
            "below without an edition; fill it in.",
            "",
        ]
    for table, title in (
        ("sources", "sources.csv"),
        ("editions", "editions.csv"),
        ("participation", "participation.csv"),
    ):
        lines += [f"## {title}", ""]
        for p in found.of(table):
            where = f" ({p.where})" if p.where else ""
            lines.append(f"- **{p.status}**: {p.label}{where}")
            for column, proposed, data in p.differences:
                lines.append(f"  - {column}: proposed `{proposed}`, data `{data or '(blank)'}`")
            if table == "editions":
                r = p.row
                values = ", ".join(
                    f"{c} `{r[c]}`"
                    for c in ("number", "dates", "venue", "city", "country", "format")
                    if r[c]
                )
                lines.append(f"  - {values}")
            if p.row.get("quote"):
                lines.append(f"  - quote: “{p.row['quote']}” (confidence {p.row['confidence']})")
        lines.append("")
    lines += ["## Unknown bodies", ""]
    if not found.unknown:
        lines.append("None: every organisation name found is in bodies.csv.")
    for body in found.unknown:
        lines.append(
            f"- **unknown body** `{body.written}`: add it to bodies.csv if it is one — "
            f"“{body.sentence.text}”"
        )
    lines.append("")
    return "\n".join(lines)


def write_proposals(found: Proposals, out_dir: Path) -> list[Path]:
    """Write editions.csv, participation.csv, sources.csv (raw columns), review.md and the text.

    The text is written as ``<source_id>.txt``: the file to store under data/raw/sources/ (for an
    HTML page, the article text the quotes were cut from).

    Returns:
        The files written.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for table in (EDITIONS, PARTICIPATION, SOURCES):
        path = out_dir / table.raw_file
        _write_csv(path, table.raw_columns, (p.row for p in found.of(table.name)))
        written.append(path)
    review = out_dir / "review.md"
    review.write_text(review_markdown(found), encoding="utf-8")
    text = out_dir / f"{found.source_id}.txt"
    text.write_text(found.source.text, encoding="utf-8")
    return [*written, review, text]


def summary_lines(found: Proposals) -> list[str]:
    """A one-screen summary for the command line."""
    from dialogue_analysis.data.vocabulary import label
    from dialogue_analysis.paths import display_path

    m = found.meeting
    lines = [
        f"Read {display_path(found.source.path)} ({found.source.kind}, {found.n_sentences} "
        f"sentences) as source {found.source_id}"
    ]
    if m is None:
        lines.append("Meeting: none found")
    else:
        edition = found.of("editions")[0].row["edition"] or "(new)"
        place = ", ".join(
            x
            for x in (
                m.venue and m.venue.value,
                m.city and m.city.value,
                m.country and countries.country_name(m.country.value),
            )
            if x
        )
        lines.append(
            f"Meeting: edition {edition}, {m.dates_written}"
            + (f", {place}" if place else "")
            + f", {label('format', m.format.value) if m.format else 'format not stated'}"
        )
    for mention in found.mentions:
        place = mention.city.value if mention.city else "place not stated"
        lines.append(f"Mentioned: {mention.dates_written}, {place}")
    counts = {t: len(found.of(t)) for t in ("editions", "participation", "sources")}
    lines.append("Proposed: " + ", ".join(f"{n} {t} row(s)" for t, n in counts.items()))
    by_status = {
        s: sum(p.status == s for p in found.rows)
        for s in ("new", "already in the data", "differs from the data")
    }
    lines.append("  " + "; ".join(f"{s}: {n}" for s, n in by_status.items()))
    unknown = ", ".join(b.written for b in found.unknown) or "none"
    lines.append(f"Unknown bodies: {unknown}")
    return lines
