"""Raw -> clean -> validate -> processed: build the dataset, and load it back.

``build`` reads every raw table, cleans and validates all of them, and only when no problem is left
writes one Parquet file per table plus ``datapackage.json`` into the output folder. Each file is
first written into a temporary folder beside it and then moved into place, so a failed build leaves
the previous output as it was. Two builds from the same raw data give byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dialogue_analysis import cleaning, countries, locks, names
from dialogue_analysis.errors import BuildError, DataValidationError, Problem
from dialogue_analysis.paths import PROCESSED_DIR, RAW_DIR, display_path
from dialogue_analysis.rawfiles import read_raw_table
from dialogue_analysis.schema import DTYPES, TABLES, Table

log = logging.getLogger(__name__)

OUTPUT_TABLES = ("editions", "bodies", "participation", "memberships", "sources", "conflicts")
FACT_TABLES = ("editions", "bodies", "participation", "memberships")
PACKAGE_FILE = "datapackage.json"
BOUNDARIES = "boundaries"  # data/raw/boundaries: the vendored map (see geography.py)
_ARROW_TYPES = {
    "string": pa.string(),
    "integer": pa.int64(),
    "date": pa.date32(),
    "boolean": pa.bool_(),
}


def package_version() -> str:
    """The installed version of dialogue-analysis."""
    try:
        return version("dialogue-analysis")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0+unknown"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def raw_inputs(raw_dir: Path) -> dict[str, str]:
    """Every raw data file (CSV tables, stored source texts, map boundaries) -> its SHA-256."""
    files = [
        *raw_dir.glob("*.csv"),
        *(raw_dir / "sources").glob("*"),
        *(raw_dir / BOUNDARIES).glob("*"),
    ]
    return {p.relative_to(raw_dir).as_posix(): _sha256(p) for p in sorted(files) if p.is_file()}


def inputs_hash(inputs: dict[str, str], folder: str) -> str | None:
    """One hash over the inputs under ``folder`` (the map boundaries), None if there are none."""
    chosen = sorted((path, h) for path, h in inputs.items() if path.startswith(f"{folder}/"))
    return _sha256_text(json.dumps(chosen)) if chosen else None


def _sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _check_boundaries(raw_dir: Path) -> list[Problem]:
    """Every map boundary feature must join to an ISO code (skipped if there are no boundaries)."""
    if not (raw_dir / BOUNDARIES).is_dir():
        return []
    from dialogue_analysis import geography  # geopandas is imported only here

    try:
        problems = geography.unmatched(raw_dir)
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
    from dialogue_analysis import validation  # pandera is imported only when validating

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
    from dialogue_analysis import validation

    problems: list[Problem] = []
    texts: dict[str, str] = {}
    if "sources" in clean:
        src = clean["sources"]
        for line, sid, name in src[["source_id", "text_file"]].dropna().itertuples():
            path = raw_dir / "sources" / name
            if path.is_file() and path.resolve().parent == (raw_dir / "sources").resolve():
                texts[sid] = path.read_text(encoding="utf-8-sig")
                src.loc[line, "text_sha256"] = _sha256(path)
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
        for name in (*FACT_TABLES, "conflicts"):
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
    if "memberships" in clean:
        problems += validation.check_order(
            clean["memberships"], "joined", "left", file["memberships"], "left", "left"
        )
    if "conflicts" in clean:
        problems += validation.check_references(
            clean["conflicts"]["table"], TABLES, file["conflicts"], "table", "table"
        )
    return problems


def _finalise(clean: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Add cross-table columns, sort by key and drop the line index."""
    bodies = clean["bodies"].copy()
    bodies["is_dialogue_participant"] = (
        bodies["body_id"].isin(clean["participation"]["body_id"].unique()).astype("boolean")
    )
    clean = {**clean, "bodies": bodies}
    return {
        name: clean[name]
        .sort_values(list(TABLES[name].key), na_position="first", kind="stable")
        .reset_index(drop=True)
        for name in OUTPUT_TABLES
    }


def _arrow_table(frame: pd.DataFrame, table: Table) -> pa.Table:
    schema = pa.schema(
        [pa.field(c.name, _ARROW_TYPES[c.dtype], nullable=not c.required) for c in table.columns]
    )
    return pa.Table.from_pandas(frame, schema=schema, preserve_index=False).replace_schema_metadata(
        {"dialogue_analysis.table": table.name}
    )


def _table_schema(table: Table) -> dict:
    fields = []
    for c in table.columns:
        constraints: dict = {}
        if c.required:
            constraints["required"] = True
        if c.allowed:
            constraints["enum"] = list(c.allowed)
        if c.pattern:
            constraints["pattern"] = c.pattern
        fields.append(
            {
                "name": c.name,
                "type": DTYPES[c.dtype][1],
                "description": c.description,
                **({"constraints": constraints} if constraints else {}),
            }
        )
    return {"fields": fields, "primaryKey": list(table.key)}


def _datapackage(
    frames: dict[str, pd.DataFrame], written: dict[str, Path], inputs: dict[str, str]
) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": "interpol-dialogue",
        "title": "The INTERPOL Dialogue with regional policing organisations",
        "version": package_version(),
        "description": "Editions, bodies, participation and country memberships of the INTERPOL "
        "Dialogue, each fact with its source, a verbatim quote and a confidence. "
        "Built by dialogue-analysis from data/raw.",
        "inputs": [{"path": f"data/raw/{p}", "hash": f"sha256:{h}"} for p, h in inputs.items()],
        "resources": [
            {
                "name": name,
                "path": path.name,
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "description": TABLES[name].description,
                "rows": len(frames[name]),
                "bytes": path.stat().st_size,
                "hash": f"sha256:{_sha256(path)}",
                "schema": _table_schema(TABLES[name]),
            }
            for name, path in written.items()
        ],
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
    inputs = raw_inputs(raw_dir)
    clean, problems = clean_all(raw_dir)
    if problems:
        raise DataValidationError(problems)
    frames = _finalise(clean)
    try:
        with locks.exclusive(out_dir):
            _write(frames, inputs, out_dir)
    except OSError as err:
        raise BuildError(out_dir, f"cannot write here ({err.strerror or err})") from err
    log.info("wrote %d tables to %s", len(frames), out_dir)
    return BuildSummary(out_dir, {name: len(f) for name, f in frames.items()})


def _write(frames: dict[str, pd.DataFrame], inputs: dict[str, str], out_dir: Path) -> None:
    """Write every table and the package file into a staging folder, then move them into place."""
    staging = Path(tempfile.mkdtemp(prefix=locks.TEMP_PREFIX, dir=out_dir))
    try:
        written = {}
        for name, frame in frames.items():
            written[name] = staging / f"{name}.parquet"
            pq.write_table(_arrow_table(frame, TABLES[name]), written[name])
        package = _datapackage(frames, written, inputs)
        (staging / PACKAGE_FILE).write_text(
            json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        # Tables first, the package file last: a datapackage.json always describes whole tables.
        for path in [*written.values(), staging / PACKAGE_FILE]:
            os.replace(path, out_dir / path.name)
    except OSError as err:
        raise BuildError(out_dir, f"writing failed ({err}); previous files kept") from err
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def is_current(raw_dir: Path = RAW_DIR, out_dir: Path = PROCESSED_DIR) -> bool:
    """Whether ``out_dir`` holds a complete build of the current raw data by this version."""
    package_path = Path(out_dir) / PACKAGE_FILE
    try:
        package = json.loads(package_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    built_from = {
        i["path"].removeprefix("data/raw/"): i["hash"].removeprefix("sha256:")
        for i in package.get("inputs", [])
    }
    return (
        package.get("version") == package_version()
        and built_from == raw_inputs(Path(raw_dir))
        and all((Path(out_dir) / r["path"]).is_file() for r in package["resources"])
        and {r["name"] for r in package["resources"]} == set(OUTPUT_TABLES)
    )


def read_table(name: str, out_dir: Path = PROCESSED_DIR) -> pd.DataFrame:
    """One processed table with its declared pandas dtypes."""
    table = TABLES[name]
    frame = pq.read_table(Path(out_dir) / f"{name}.parquet").to_pandas(date_as_object=False)
    return frame.astype({c.name: DTYPES[c.dtype][0] for c in table.columns})
