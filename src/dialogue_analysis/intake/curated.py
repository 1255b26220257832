"""What the data already holds: the curated tables a new text is compared with.

``read_curated`` reads and cleans the raw tables (nothing is written) into a ``Curated``, which
also gives the lookups the finders need: every spelling of a body (``body_index``), of a country
(``country_index``) and the cities the data knows (``cities``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dialogue_analysis.data import countries, names

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Curated:
    """The curated tables a text is compared with, and the lookups finding needs.

    Attributes:
        editions: Cleaned editions, indexed by their line in the raw file.
        participation: Cleaned participation rows, indexed by line.
        sources: Cleaned sources, indexed by line.
        bodies: Cleaned bodies, indexed by line.
        country_index: name key -> ISO alpha-3 (pycountry plus country_names.csv).
        raw_dir: The raw folder they were read from.
        n_problems: How many problems the raw data has (0 for valid data).
    """

    editions: pd.DataFrame
    participation: pd.DataFrame
    sources: pd.DataFrame
    bodies: pd.DataFrame
    country_index: Mapping[str, str]
    raw_dir: Path
    n_problems: int = 0

    @property
    def body_index(self) -> dict[str, str]:
        """Map from the name key of every spelling in bodies.csv to its body_id."""
        return names.build_alias_index(self.bodies)

    @property
    def cities(self) -> dict[str, str]:
        """Cities the data knows (meeting cities and headquarters) -> their ISO alpha-3 code."""
        pairs = pd.concat(
            [
                self.editions[["city", "country_iso3"]],
                self.bodies[["hq_city", "hq_country_iso3"]].set_axis(
                    ["city", "country_iso3"], axis=1
                ),
            ]
        ).dropna()
        return dict(zip(pairs["city"].astype(str), pairs["country_iso3"].astype(str), strict=True))


def read_curated(raw_dir: Path) -> Curated:
    """Read and clean the raw tables (nothing is written), for comparing proposals with them."""
    from dialogue_analysis.data.pipeline import clean_all

    clean, problems = clean_all(Path(raw_dir))
    if problems:
        logger.warning(
            "%s has %d problem(s); compared with what could be read", raw_dir, len(problems)
        )
    known = clean["country_names"].dropna(subset=["name", "country_iso3"])
    extra = dict(zip(known["name"], known["country_iso3"], strict=True))
    return Curated(
        editions=clean["editions"],
        participation=clean["participation"],
        sources=clean["sources"],
        bodies=clean["bodies"],
        country_index=countries.build_country_index(extra),
        raw_dir=Path(raw_dir),
        n_problems=len(problems),
    )
