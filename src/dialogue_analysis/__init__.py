"""dialogue-analysis: a sourced dataset of the INTERPOL Dialogue, with query helpers.

>>> import dialogue_analysis as da
>>> data = da.load()                    # builds data/processed first if needed
>>> da.members("GCC-POL", as_of="2019-06-12")
"""

from dialogue_analysis.dataset import Dataset, load
from dialogue_analysis.errors import BuildError, DataValidationError, DialogueDataError, Problem
from dialogue_analysis.pipeline import build
from dialogue_analysis.queries import bodies_of, body_id, members, participants

__all__ = [
    "BuildError",
    "DataValidationError",
    "Dataset",
    "DialogueDataError",
    "Problem",
    "bodies_of",
    "body_id",
    "build",
    "load",
    "members",
    "participants",
]
