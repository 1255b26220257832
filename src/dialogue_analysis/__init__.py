"""dialogue-analysis: a sourced dataset of the INTERPOL Dialogue, with query helpers.

    >>> import dialogue_analysis as da
    >>> data = da.load()                    # builds data/processed first if needed
    >>> da.members("GCC-POL", as_of="2019-06-12")

The public names are imported on first use, so ``import dialogue_analysis`` (and starting the
command line) costs almost nothing until a table is actually read. The report views that the
notebooks use are public too: ``dialogue_analysis.views.<report>`` (see ``views``).

The package has four floors, each importing only from its own floor or the floors below:
``reports`` (registry, runner, kernels, HTML export, index, screenshots) -> ``views`` (one module
per report, the house style, maps) -> ``analysis`` (questions asked of the data, frames of
facts) -> ``data`` (schema, vocabulary, reading, cleaning, validation, the processed package,
``load``). ``cli``, ``paths``, ``errors`` and ``files`` sit beside them, at the top.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

_PUBLIC = {
    "BuildError": "errors",
    "DataValidationError": "errors",
    "DialogueDataError": "errors",
    "ForeignDataError": "errors",
    "Problem": "errors",
    "Dataset": "data.dataset",
    "load": "data.dataset",
    "build": "data.pipeline",
    "body_pair_year": "analysis.panels",
    "country_edition": "analysis.panels",
    "country_year": "analysis.panels",
    "coverage": "analysis.overlaps",
    "membership_changes": "analysis.overlaps",
    "overlap_matrix": "analysis.overlaps",
    "bodies_of": "analysis.membership",
    "body_id": "analysis.resolve",
    "country_iso3": "analysis.resolve",
    "country_profile": "analysis.countries",
    "members": "analysis.membership",
    "participants": "analysis.meetings",
}

__all__ = [
    "BuildError",
    "DataValidationError",
    "Dataset",
    "DialogueDataError",
    "ForeignDataError",
    "Problem",
    "bodies_of",
    "body_id",
    "body_pair_year",
    "build",
    "country_edition",
    "country_iso3",
    "country_profile",
    "country_year",
    "coverage",
    "load",
    "members",
    "membership_changes",
    "overlap_matrix",
    "participants",
]

if TYPE_CHECKING:
    from dialogue_analysis.analysis.countries import country_profile
    from dialogue_analysis.analysis.meetings import participants
    from dialogue_analysis.analysis.membership import bodies_of, members
    from dialogue_analysis.analysis.overlaps import coverage, membership_changes, overlap_matrix
    from dialogue_analysis.analysis.panels import body_pair_year, country_edition, country_year
    from dialogue_analysis.analysis.resolve import body_id, country_iso3
    from dialogue_analysis.data.dataset import Dataset, load
    from dialogue_analysis.data.pipeline import build
    from dialogue_analysis.errors import (
        BuildError,
        DataValidationError,
        DialogueDataError,
        ForeignDataError,
        Problem,
    )


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(import_module(f"dialogue_analysis.{_PUBLIC[name]}"), name)
    raise AttributeError(f"module 'dialogue_analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
