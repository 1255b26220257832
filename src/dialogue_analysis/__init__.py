"""dialogue-analysis: a sourced dataset of the INTERPOL Dialogue, with query helpers.

    >>> import dialogue_analysis as da
    >>> data = da.load()                    # builds data/processed first if needed
    >>> da.members("GCC-POL", as_of="2019-06-12")

The public names are imported on first use, so ``import dialogue_analysis`` (and starting the
command line) costs almost nothing until a table is actually read.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

_PUBLIC = {
    "BuildError": "errors",
    "DataValidationError": "errors",
    "DialogueDataError": "errors",
    "Problem": "errors",
    "Dataset": "dataset",
    "load": "dataset",
    "build": "pipeline",
    "coverage": "overlaps",
    "membership_changes": "overlaps",
    "overlap_matrix": "overlaps",
    "bodies_of": "queries",
    "body_id": "queries",
    "members": "queries",
    "participants": "queries",
}

__all__ = [
    "BuildError",
    "DataValidationError",
    "Dataset",
    "DialogueDataError",
    "Problem",
    "bodies_of",
    "body_id",
    "build",
    "coverage",
    "load",
    "members",
    "membership_changes",
    "overlap_matrix",
    "participants",
]

if TYPE_CHECKING:
    from dialogue_analysis.dataset import Dataset, load
    from dialogue_analysis.errors import BuildError, DataValidationError, DialogueDataError, Problem
    from dialogue_analysis.overlaps import coverage, membership_changes, overlap_matrix
    from dialogue_analysis.pipeline import build
    from dialogue_analysis.queries import bodies_of, body_id, members, participants


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(import_module(f"dialogue_analysis.{_PUBLIC[name]}"), name)
    raise AttributeError(f"module 'dialogue_analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
