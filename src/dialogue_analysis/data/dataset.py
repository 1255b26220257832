"""Load the processed Dialogue dataset, building it first when it is missing or stale.

A processed folder remembers the raw folder it was built from (``datapackage.json``); it is only
ever rebuilt from that folder. ``load(processed, raw)`` with another raw folder than the recorded
one stops with ``ForeignDataError`` instead of replacing a build the caller did not ask to replace.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dialogue_analysis.data import package, pipeline
from dialogue_analysis.data.schema import DTYPES, TABLES
from dialogue_analysis.errors import ForeignDataError
from dialogue_analysis.paths import PROCESSED_DIR, RAW_DIR

# Set by the report runner in the environment of the kernels it starts, so that the notebooks'
# ``load()`` reads the processed folder the run was given (and never rebuilds it).
PROCESSED_DIR_ENV = "DIALOGUE_PROCESSED_DIR"


@dataclass(frozen=True)
class Dataset:
    """The processed tables of the Dialogue dataset.

    Attributes:
        editions: One row per meeting (numbered editions and working-group meetings).
        bodies: One row per body, including the parent organisations.
        participation: One row per meeting x body x role.
        memberships: One row per spell or dated snapshot of a country in a body.
        sources: One row per source cited.
        conflicts: Where sources disagree, and which value the data uses.
        package: The contents of ``datapackage.json`` (field descriptions, hashes, row counts).
        states: One row per spell in which a state (or territory) of the rosters existed; empty
            for a dataset assembled by hand without one.
    """

    editions: pd.DataFrame
    bodies: pd.DataFrame
    participation: pd.DataFrame
    memberships: pd.DataFrame
    sources: pd.DataFrame
    conflicts: pd.DataFrame
    package: dict
    states: pd.DataFrame = field(default_factory=lambda: empty_table("states"))


def empty_table(name: str) -> pd.DataFrame:
    """A processed table with no rows: its declared columns and dtypes."""
    columns = TABLES[name].columns
    return pd.DataFrame({c.name: pd.Series(dtype=DTYPES[c.dtype][0]) for c in columns})


def raw_folder_of(processed_dir: Path, raw_dir: Path | None = None) -> Path:
    """The raw folder ``processed_dir`` may be (re)built from.

    Args:
        processed_dir: The processed folder.
        raw_dir: The raw folder the caller names; None: the one the folder was built from, or
            ``data/raw`` for a folder not built yet.

    Raises:
        ForeignDataError: The folder was built from another raw folder than ``raw_dir``, or
            (``raw_dir`` None) from a folder that no longer exists.
    """
    recorded = package.built_from(processed_dir)
    if recorded is None:
        return Path(raw_dir) if raw_dir is not None else RAW_DIR
    if raw_dir is None:
        if not recorded.is_dir():
            raise ForeignDataError(Path(processed_dir), recorded, None)
        return recorded
    if Path(raw_dir).resolve() != recorded.resolve():
        raise ForeignDataError(Path(processed_dir), recorded, Path(raw_dir))
    return Path(raw_dir)


def load(
    processed_dir: Path | str | None = None,
    raw_dir: Path | str | None = None,
    rebuild: bool | None = None,
) -> Dataset:
    """Load the dataset.

    Args:
        processed_dir: Folder of the processed tables (default: data/processed; inside a report
            run, the folder the runner names in $DIALOGUE_PROCESSED_DIR, read without rebuilding).
        raw_dir: Folder of the raw tables they are built from (default: the folder the processed
            tables were built from; data/raw for a folder not built yet).
        rebuild: None (default) rebuilds only when the processed data is missing or older than
            the raw data or the library; True always rebuilds; False never does.

    Raises:
        DataValidationError: A rebuild was needed and the raw data has problems.
        ForeignDataError: ``processed_dir`` was built from another raw folder than ``raw_dir``.
    """
    if processed_dir is None and os.environ.get(PROCESSED_DIR_ENV):
        # Inside a report run: the runner built this folder and hashed it; read it as it is.
        processed_dir = os.environ[PROCESSED_DIR_ENV]
        rebuild = False if rebuild is None else rebuild
    processed = Path(processed_dir) if processed_dir is not None else PROCESSED_DIR
    if rebuild is not False:
        raw = raw_folder_of(processed, None if raw_dir is None else Path(raw_dir))
        if rebuild or not package.is_current(raw, processed):
            pipeline.build(raw, processed)
    tables = {name: package.read_table(name, processed) for name in package.OUTPUT_TABLES}
    return Dataset(**tables, package=package.read_package(processed) or {})
