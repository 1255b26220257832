"""The processed folder as a data package: Parquet tables + ``datapackage.json``, written and read.

``write`` puts one Parquet file per table and ``datapackage.json`` (schemas, row counts, the SHA-256
of every output and raw input, the package version and the raw folder it was built from) into the
output folder, all of them replaced together (tables first, the package file last) or none.
``is_current`` tells whether a folder holds a complete build of a raw folder's current files by this
version; ``built_from`` which raw folder it was built from; ``read_table`` reads a table back with
its declared dtypes. Two builds of the same raw folder give byte-identical files.

``datapackage.json`` in the processed folder is the library's record (it describes the Parquet
files, which Frictionless cannot check row by row). ``csv_package`` gives the set offered for
download: one CSV per table (ISO dates, ``true``/``false``, blanks for missing values) and a
``datapackage.json`` describing them that the Frictionless validator accepts, schema and rows,
stamped with the data's version (``data_version``: a short hash of ``table_hashes``) and date
(``data_date``: the latest date in the data) and the data's licence.
"""

from __future__ import annotations

import functools
import io
import json
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dialogue_analysis.data.schema import DTYPES, TABLES, Table
from dialogue_analysis.files import sha256_bytes, sha256_file, staged
from dialogue_analysis.paths import PROCESSED_DIR, PROJECT_ROOT, RAW_DIR

OUTPUT_TABLES = (
    "editions",
    "bodies",
    "participation",
    "memberships",
    "sources",
    "conflicts",
    "states",
)
PACKAGE_FILE = "datapackage.json"
BOUNDARIES = "boundaries"  # data/raw/boundaries: the vendored map (see boundaries.py)
_INPUT_PREFIX = "data/raw/"  # how the package names a raw input (relative to the raw folder)
TITLE = "The INTERPOL Dialogue with regional policing organisations"
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
VERSION_DIGITS = 12  # a data version is this many hex digits of one hash over the tables
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


def raw_inputs(raw_dir: Path) -> dict[str, str]:
    """Every raw data file (CSV tables, stored source texts, map boundaries) -> its SHA-256."""
    files = [
        *raw_dir.glob("*.csv"),
        *(raw_dir / "sources").glob("*"),
        *(raw_dir / BOUNDARIES).glob("*"),
    ]
    return {p.relative_to(raw_dir).as_posix(): sha256_file(p) for p in sorted(files) if p.is_file()}


def inputs_hash(inputs: dict[str, str], folder: str) -> str | None:
    """One hash over the inputs under ``folder`` (the map boundaries), None if there are none."""
    chosen = sorted((path, h) for path, h in inputs.items() if path.startswith(f"{folder}/"))
    return sha256_bytes(json.dumps(chosen).encode("utf-8")) if chosen else None


def folder_name(raw_dir: Path) -> str:
    """How the package records a raw folder: relative to the project when inside it."""
    resolved = Path(raw_dir).resolve()
    try:
        return resolved.relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return resolved.as_posix()


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


def _parquet(frame: pd.DataFrame, table: Table) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(_arrow_table(frame, table), buffer)
    return buffer.getvalue()


def _datapackage(
    frames: dict[str, pd.DataFrame], files: dict[str, bytes], inputs: dict[str, str], raw: str
) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": "interpol-dialogue",
        "title": TITLE,
        "version": package_version(),
        "description": "Editions, bodies, participation and country memberships of the INTERPOL "
        "Dialogue, each fact with its source, a verbatim quote and a confidence. "
        "Built by dialogue-analysis from data/raw.",
        "raw_folder": raw,
        "inputs": [
            {"path": f"{_INPUT_PREFIX}{p}", "hash": f"sha256:{h}"} for p, h in inputs.items()
        ],
        "resources": [
            {
                "name": name,
                "profile": "tabular-data-resource",
                "path": f"{name}.parquet",
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "description": TABLES[name].description,
                "rows": len(frames[name]),
                "bytes": len(data),
                "hash": f"sha256:{sha256_bytes(data)}",
                "schema": _table_schema(TABLES[name]),
            }
            for name, data in files.items()
        ],
    }


def write(
    frames: dict[str, pd.DataFrame], inputs: dict[str, str], raw_dir: Path, out_dir: Path
) -> None:
    """Write every table and the package file into ``out_dir``, all replaced together or none.

    Raises:
        OSError: A file could not be written; every previous file is left as it was.
    """
    files = {name: _parquet(frame, TABLES[name]) for name, frame in frames.items()}
    package = _datapackage(frames, files, inputs, folder_name(raw_dir))
    text = json.dumps(package, indent=2, ensure_ascii=False) + "\n"
    # Tables first, the package file last: a datapackage.json always describes whole tables.
    with staged() as put:
        for name, data in files.items():
            put(out_dir / f"{name}.parquet", data)
        put(out_dir / PACKAGE_FILE, text.encode("utf-8"))


def read_package(out_dir: Path) -> dict | None:
    """What ``out_dir``'s ``datapackage.json`` holds; None if it is missing or unreadable."""
    try:
        return json.loads((Path(out_dir) / PACKAGE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def built_from(out_dir: Path) -> Path | None:
    """The raw folder ``out_dir`` was built from, as its package records it (None: no package).

    A package written before the folder was recorded was built from the default ``data/raw``.
    """
    package = read_package(out_dir)
    if package is None:
        return None
    recorded = Path(package.get("raw_folder", folder_name(RAW_DIR)))
    return recorded if recorded.is_absolute() else PROJECT_ROOT / recorded


def is_current(raw_dir: Path = RAW_DIR, out_dir: Path = PROCESSED_DIR) -> bool:
    """Whether ``out_dir`` holds a complete build of ``raw_dir``'s current files by this version."""
    package = read_package(out_dir)
    if package is None:
        return False
    recorded = {
        i["path"].removeprefix(_INPUT_PREFIX): i["hash"].removeprefix("sha256:")
        for i in package.get("inputs", [])
    }
    return (
        package.get("version") == package_version()
        and package.get("raw_folder", folder_name(RAW_DIR)) == folder_name(raw_dir)
        and recorded == raw_inputs(Path(raw_dir))
        and all((Path(out_dir) / r["path"]).is_file() for r in package["resources"])
        and {r["name"] for r in package["resources"]} == set(OUTPUT_TABLES)
    )


def table_hashes(out_dir: Path) -> dict[str, str]:
    """Table name -> its ``sha256:`` hash; "boundaries" -> one hash over the maps' raw inputs."""
    package = read_package(out_dir) or {"resources": []}
    hashes = {r["name"]: r["hash"] for r in package["resources"]}
    inputs = {i["path"].removeprefix(_INPUT_PREFIX): i["hash"] for i in package.get("inputs", [])}
    if boundaries := inputs_hash(inputs, BOUNDARIES):
        hashes[BOUNDARIES] = f"sha256:{boundaries}"
    return hashes


def read_table(name: str, out_dir: Path = PROCESSED_DIR) -> pd.DataFrame:
    """One processed table with its declared pandas dtypes: a new frame, the caller's to change.

    A process reads each file once per version (its path, size and modification time) and hands
    out deep copies, so the reports that run one after another in a warm kernel share the read,
    never the frame: what one report does to its copy cannot reach the next.
    """
    path = Path(out_dir) / f"{name}.parquet"
    stat = path.stat()
    return _read_table(name, path.resolve(), stat.st_size, stat.st_mtime_ns).copy(deep=True)


@functools.lru_cache(maxsize=32)
def _read_table(name: str, path: Path, size: int, mtime_ns: int) -> pd.DataFrame:
    """``read_table``'s frame for one version of a file (never handed out: callers get copies)."""
    table = TABLES[name]
    frame = pq.read_table(path).to_pandas(date_as_object=False)
    return frame.astype({c.name: DTYPES[c.dtype][0] for c in table.columns})


def data_version(out_dir: Path) -> str:
    """The version of the data in ``out_dir``: one SHA-256 over ``table_hashes``, shortened.

    The tables' hashes and the map boundaries' (what the reports are built from), so the Data
    page and the reports name the same version.
    """
    joined = "\n".join(f"{name}={h}" for name, h in sorted(table_hashes(out_dir).items()))
    return sha256_bytes(joined.encode("utf-8"))[:VERSION_DIGITS]


def data_date(frames: dict[str, pd.DataFrame]) -> date | None:
    """The latest date in any date column of the tables (None: no date at all)."""
    latest = [
        frame[c.name].max()
        for name, frame in frames.items()
        for c in TABLES[name].columns
        if c.dtype == "date"
    ]
    known = [day for day in latest if pd.notna(day)]
    return max(known).date() if known else None


def _csv_column(values: pd.Series, dtype: str) -> pd.Series:
    """A column as the CSV writes it: ISO dates, true/false, blank for a missing value."""
    if dtype == "date":
        text = values.dt.strftime("%Y-%m-%d")
    elif dtype == "boolean":
        text = values.astype("object").map({True: "true", False: "false"})
    else:
        text = values.astype("string")
    return text.astype("object").where(values.notna(), "")


def csv_table(frame: pd.DataFrame, table: Table) -> bytes:
    """One table as UTF-8 CSV bytes, columns in declaration order, Unix line ends."""
    text = pd.DataFrame({c.name: _csv_column(frame[c.name], c.dtype) for c in table.columns})
    return text.to_csv(index=False, lineterminator="\n").encode("utf-8")


def csv_package(out_dir: Path = PROCESSED_DIR) -> dict[str, bytes]:
    """The download set of a processed folder: file name -> bytes.

    One ``<table>.csv`` per output table and a ``datapackage.json`` (tabular-data-package) that
    describes them: Table Schema fields and primary keys, bytes and SHA-256 of every file, the
    data's version and date, and the licence.
    """
    frames = {name: read_table(name, out_dir) for name in OUTPUT_TABLES}
    files = {f"{name}.csv": csv_table(frames[name], TABLES[name]) for name in OUTPUT_TABLES}
    day = data_date(frames)
    descriptor = {
        "profile": "tabular-data-package",
        "name": "interpol-dialogue",
        "title": TITLE,
        "version": data_version(out_dir),
        "data_date": day.isoformat() if day else None,
        "description": "Editions, bodies, participation and country memberships of the INTERPOL "
        "Dialogue, each fact with its source, a verbatim quote and a confidence. The quote "
        "columns are short excerpts from the cited sources and remain under their own terms.",
        "licenses": [LICENCE],
        "built_with": f"dialogue-analysis {package_version()}",
        "resources": [
            {
                "name": name,
                "profile": "tabular-data-resource",
                "path": f"{name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": TABLES[name].description,
                "bytes": len(files[f"{name}.csv"]),
                "hash": f"sha256:{sha256_bytes(files[f'{name}.csv'])}",
                "schema": _table_schema(TABLES[name]),
            }
            for name in OUTPUT_TABLES
        ],
    }
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    return {**files, PACKAGE_FILE: text.encode("utf-8")}
