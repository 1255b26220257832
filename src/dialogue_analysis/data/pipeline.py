"""Raw -> clean -> validate -> processed: build the dataset.

``build`` reads every raw table, cleans and validates all of them, and only when no problem is left
writes the processed folder (``package.write``: one Parquet file per table plus
``datapackage.json``, replaced together), so a failed build leaves the previous output as it was.
Two builds from the same raw data give byte-identical files.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from dialogue_analysis.data import cleaning, countries, names, package, spells
from dialogue_analysis.data.package import BOUNDARIES, OUTPUT_TABLES
from dialogue_analysis.data.rawfiles import read_raw_table
from dialogue_analysis.data.schema import TABLES
from dialogue_analysis.errors import BuildError, DataValidationError, Problem
from dialogue_analysis.files import exclusive, sha256_file
from dialogue_analysis.paths import PROCESSED_DIR, RAW_DIR, display_path

log = logging.getLogger(__name__)

FACT_TABLES = ("editions", "bodies", "participation", "memberships")
# Every table whose rows cite a source with a quote and a confidence.
SOURCED_TABLES = (*FACT_TABLES, "states")


def _check_boundaries(raw_dir: Path) -> list[Problem]:
    """Every map boundary feature must join to an ISO code (skipped if there are no boundaries)."""
    if not (raw_dir / BOUNDARIES).is_dir():
        return []
    from dialogue_analysis.data import boundaries  # geopandas is imported only here

    try:
        problems = boundaries.unmatched(raw_dir)
    except Exception as err:  # noqa: BLE001 - any unreadable file is a problem to report
        return [
            Problem(
                display_path(raw_dir / BOUNDARIES),
                None,
                None,
                f"cannot read the map boundaries ({type(err).__name__}: {err})",
                expected="the files described in data/raw/boundaries/README.md",
            )
        ]
    return [replace(p, file=display_path(raw_dir / p.file)) for p in problems]


def _read_all(raw_dir: Path) -> tuple[dict[str, pd.DataFrame | None], list[Problem]]:
    frames, problems = {}, []
    for name, table in TABLES.items():
        frames[name], found = read_raw_table(raw_dir / table.raw_file, table)
        problems += found
    return frames, problems


def _body_lookups(raw_bodies: pd.DataFrame, file: str) -> tuple[cleaning.Lookups, list[Problem]]:
    """The alias index of the bodies table; a spelling two bodies share is reported and dropped.

    Rows without a body_id are left out here (validation reports them), so that one bad row does
    not turn every reference to every body into a problem.
    """
    spellings = raw_bodies.loc[
        raw_bodies["body_id"].notna(), ["body_id", "acronym", "full_name", "aliases"]
    ].copy()
    spellings["body_id"] = spellings["body_id"].str.upper()
    problems = []
    for _ in range(len(spellings) * 4):  # each pass removes one clashing spelling
        try:
            index = names.build_alias_index(spellings)
            break
        except names.AliasConflictError as err:
            clashing = spellings["body_id"].isin(err.body_ids)
            problems += [
                Problem(
                    file,
                    int(line),
                    "aliases",
                    "spelling shared by two bodies",
                    value=err.key,
                    expected=f"each spelling to name one body, not {' and '.join(err.body_ids)}",
                )
                for line in spellings.index[clashing]
            ]
            spellings = _without_spelling(spellings, err.key)
    else:  # pragma: no cover - every pass removes a spelling, so this cannot loop forever
        index = {}
    every = spellings.drop(columns="body_id").stack().dropna().str.split(";").explode()
    every = every.str.strip()
    return cleaning.Lookups(
        body_index=index, body_spellings=tuple(sorted(set(every[every != ""])))
    ), problems


def _without_spelling(spellings: pd.DataFrame, key: str) -> pd.DataFrame:
    """``spellings`` with every acronym, full name or alias whose name key is ``key`` blanked."""
    out = spellings.copy()
    for col in ("acronym", "full_name"):
        out[col] = out[col].where(out[col].fillna("").map(names.name_key) != key)
    out["aliases"] = (
        out["aliases"]
        .fillna("")
        .map(lambda cell: ";".join(a for a in cell.split(";") if names.name_key(a) != key))
    )
    return out


def clean_all(raw_dir: Path) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Read, clean and validate every raw table.

    Returns:
        The cleaned tables (indexed by raw line) and every problem found; the tables are only
        trustworthy when the problem list is empty.
    """
    from dialogue_analysis.data import validation  # pandera is imported only when validating

    raw, problems = _read_all(raw_dir)
    file = {name: display_path(raw_dir / t.raw_file) for name, t in TABLES.items()}
    clean: dict[str, pd.DataFrame] = {}
    reported: dict[str, set[tuple[int, str]]] = {}

    def keep(name: str, result: cleaning.Cleaned) -> None:
        clean[name] = result.frame
        problems.extend(result.problems)
        reported[name] = {(p.line, p.column) for p in result.problems if p.line}

    extra: dict[str, str] = {}
    if raw["country_names"] is not None:
        keep(
            "country_names",
            cleaning.clean_country_names(raw["country_names"], file["country_names"]),
        )
        known = clean["country_names"].dropna(subset=["name", "country_iso3"])
        extra = dict(zip(known["name"], known["country_iso3"], strict=True))
    lookups = cleaning.Lookups(country_index=countries.build_country_index(extra))
    has_bodies = raw["bodies"] is not None and not raw["bodies"].empty
    if has_bodies:
        body_lookups, found = _body_lookups(raw["bodies"], file["bodies"])
        problems += found
        lookups.body_index, lookups.body_spellings = (
            body_lookups.body_index,
            body_lookups.body_spellings,
        )
    for name in ("sources", "conflicts"):
        if raw[name] is not None:
            keep(name, getattr(cleaning, f"clean_{name}")(raw[name], file[name]))
    for name in FACT_TABLES:
        # Without bodies every body reference would fail: report the bodies file alone then.
        if raw[name] is not None and (has_bodies or name == "editions"):
            keep(name, getattr(cleaning, f"clean_{name}")(raw[name], file[name], lookups))
    if raw["states"] is not None:
        keep("states", cleaning.clean_states(raw["states"], file["states"], lookups))

    for name, frame in clean.items():
        problems += validation.check_columns(frame, TABLES[name], file[name], reported[name])
        problems += validation.check_keys(frame, TABLES[name], file[name])
    problems += _check_across(clean, raw, file, raw_dir)
    problems += _check_boundaries(raw_dir)
    return clean, problems


def _check_across(
    clean: dict[str, pd.DataFrame],
    raw: dict[str, pd.DataFrame | None],
    file: dict[str, str],
    raw_dir: Path,
) -> list[Problem]:
    """References between tables, date order, stored texts and quotes."""
    from dialogue_analysis.data import validation

    problems: list[Problem] = []
    texts: dict[str, str] = {}
    if "sources" in clean:
        src = clean["sources"]
        for line, sid, name in src[["source_id", "text_file"]].dropna().itertuples():
            path = raw_dir / "sources" / name
            if path.is_file() and path.resolve().parent == (raw_dir / "sources").resolve():
                texts[sid] = path.read_text(encoding="utf-8-sig")
                src.loc[line, "text_sha256"] = sha256_file(path)
            else:
                problems.append(
                    Problem(
                        file["sources"],
                        int(line),
                        "text_file",
                        "stored text not found",
                        value=name,
                        expected="a file name in data/raw/sources/",
                    )
                )
        known_sources = set(src["source_id"].dropna())
        for name in (*SOURCED_TABLES, "conflicts"):
            if name not in clean:
                continue
            cols = (
                ("source_id_used", "alternative_source_id")
                if name == "conflicts"
                else ("source_id", "more_source_ids")
            )
            for col in cols:
                problems += validation.check_references(
                    clean[name][col],
                    known_sources,
                    file[name],
                    col,
                    "source",
                    split=col == "more_source_ids",  # the only column holding lists of ids
                )
            if name != "conflicts":
                problems += validation.check_quotes(clean[name], texts, file[name])
    if "participation" in clean and "editions" in clean:
        problems += validation.check_references(
            clean["participation"]["edition"],
            clean["editions"]["edition"].dropna(),
            file["participation"],
            "edition",
            "edition",
            shown=raw["participation"]["edition"],
        )
    if "editions" in clean:
        ed = clean["editions"]
        mismatch = ed[(ed["kind"] == "edition") == ed["number"].isna()]
        problems += [
            Problem(
                file["editions"],
                int(line),
                "number",
                "number does not match kind",
                value="" if pd.isna(row["number"]) else str(row["number"]),
                expected="a number for kind 'edition', blank for 'working group'",
            )
            for line, row in mismatch.iterrows()
            if pd.notna(row["kind"])
        ]
    for name in SOURCED_TABLES:
        if name in clean:
            problems += validation.check_high_has_quote(clean[name], file[name])
    if "memberships" in clean:
        problems += validation.check_order(
            clean["memberships"], "joined", "left", file["memberships"], "left", "left"
        )
        if {"bodies", "sources"} <= clean.keys():
            problems += _check_spells(clean, file["memberships"])
    if "states" in clean:
        states = clean["states"]
        problems += validation.check_order(states, "start", "end", file["states"], "end", "end")
        problems += validation.check_state_spells(states, file["states"])
        if "memberships" in clean:
            problems += validation.check_statehood_rows(
                clean["memberships"], states, file["states"], file["memberships"]
            )
    if "participation" in clean and "editions" in clean:
        problems += validation.check_hosts(
            clean["editions"], clean["participation"], file["editions"]
        )
    if "conflicts" in clean:
        problems += validation.check_references(
            clean["conflicts"]["table"], TABLES, file["conflicts"], "table", "table"
        )
    return problems


def _check_spells(clean: dict[str, pd.DataFrame], file: str) -> list[Problem]:
    """Every derived row has a parent row; every spell can be confirmed on some day."""
    memberships = clean["memberships"]
    problems = [
        Problem(
            file,
            int(line),
            "derived_from",
            f"{row['derived_from']} has no row for this country to derive from",
            value=str(row["country_as_written"]),
            expected=f"a row for {row['country_iso3']} in {row['derived_from']}'s roster",
        )
        for line, row in spells.orphans(memberships).iterrows()
    ]
    bounded = spells.bounds(memberships, clean["bodies"], clean["sources"])
    never = bounded[spells.missing_evidence(bounded) & bounded["derived_from"].isna()]
    problems += [
        Problem(
            file,
            int(line),
            "known_from",
            "the start is unknown and nothing dates the evidence, so the row never counts",
            value="",
            expected="a known_from date, or a source with a published date",
        )
        for line in never.index
    ]
    return problems


def _finalise(clean: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Add cross-table columns, sort by key and drop the line index."""
    bodies = clean["bodies"].copy()
    bodies["is_dialogue_participant"] = (
        bodies["body_id"].isin(clean["participation"]["body_id"].unique()).astype("boolean")
    )
    memberships = spells.bounds(clean["memberships"], bodies, clean["sources"])
    memberships = spells.derive(memberships, bodies)
    clean = {**clean, "bodies": bodies, "memberships": memberships}
    return {
        name: clean[name]
        .sort_values(list(TABLES[name].key), na_position="first", kind="stable")
        .reset_index(drop=True)
        for name in OUTPUT_TABLES
    }


@dataclass(frozen=True)
class BuildSummary:
    """What a successful build wrote."""

    out_dir: Path
    rows: dict[str, int]


def build(raw_dir: Path = RAW_DIR, out_dir: Path = PROCESSED_DIR) -> BuildSummary:
    """Validate ``raw_dir`` and write the processed tables into ``out_dir``.

    Raises:
        DataValidationError: The raw data has problems (all of them are listed); nothing written.
        BuildError: The output could not be written; the previous output is left as it was.
    """
    raw_dir, out_dir = Path(raw_dir), Path(out_dir)
    inputs = package.raw_inputs(raw_dir)
    clean, problems = clean_all(raw_dir)
    if problems:
        raise DataValidationError(problems)
    frames = _finalise(clean)
    try:
        with exclusive(out_dir):
            package.write(frames, inputs, raw_dir, out_dir)
    except OSError as err:
        raise BuildError(out_dir, f"cannot write here ({err.strerror or err})") from err
    log.info("wrote %d tables to %s", len(frames), out_dir)
    return BuildSummary(out_dir, {name: len(f) for name, f in frames.items()})
