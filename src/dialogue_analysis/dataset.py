"""Load the processed Dialogue dataset, building it first when it is missing or stale."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dialogue_analysis import pipeline
from dialogue_analysis.paths import PROCESSED_DIR, RAW_DIR

# Set by the report runner so that notebooks read the processed folder it was given.
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
    """

    editions: pd.DataFrame
    bodies: pd.DataFrame
    participation: pd.DataFrame
    memberships: pd.DataFrame
    sources: pd.DataFrame
    conflicts: pd.DataFrame
    package: dict


def load(
    processed_dir: Path | str | None = None,
    raw_dir: Path | str = RAW_DIR,
    rebuild: bool | None = None,
) -> Dataset:
    """Load the dataset.

    Args:
        processed_dir: Folder of the processed tables (default: data/processed; inside a report
            run, the folder the runner names in $DIALOGUE_PROCESSED_DIR, read without rebuilding).
        raw_dir: Folder of the raw tables they are built from.
        rebuild: None (default) rebuilds only when the processed data is missing or older than
            the raw data or the library; True always rebuilds; False never does.

    Raises:
        DataValidationError: A rebuild was needed and the raw data has problems.
    """
    if processed_dir is None and os.environ.get(PROCESSED_DIR_ENV):
        # Inside a report run: the runner built this folder and hashed it; read it as it is.
        processed_dir = os.environ[PROCESSED_DIR_ENV]
        rebuild = False if rebuild is None else rebuild
    if processed_dir is None:
        processed_dir = PROCESSED_DIR
    processed_dir, raw_dir = Path(processed_dir), Path(raw_dir)
    if rebuild or (rebuild is None and not pipeline.is_current(raw_dir, processed_dir)):
        pipeline.build(raw_dir, processed_dir)
    package = json.loads((processed_dir / pipeline.PACKAGE_FILE).read_text(encoding="utf-8"))
    tables = {name: pipeline.read_table(name, processed_dir) for name in pipeline.OUTPUT_TABLES}
    return Dataset(**tables, package=package)
