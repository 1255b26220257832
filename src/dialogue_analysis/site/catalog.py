"""What the site is given: the reports, how each fared in a run, where a build keeps its records.

The build (``dialogue_analysis.build``) reads the registry into ``Report``s, runs them and returns
an ``Outcome`` per report; the site (landing page, navigation, screenshots) shows them. Both floors
read these records, so they live here, on the lower one: the site never imports the build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

#: The folder, inside the reports folder, where a build records each report's cache key, status
#: and landing-page card, and the screenshots their state.
CACHE_DIR = ".cache"
#: How the landing page may show a group of reports.
LAYOUTS = ("cards", "list")


@dataclass(frozen=True)
class Report:
    """One report to build: a notebook run with one parameter set.

    Attributes:
        name: Output name (``reports/<name>.html``), safe as a file name.
        notebook: The notebook file.
        title: Title shown on the landing page and the report's own page, in words.
        description: One line shown on the landing page.
        parameters: The values injected into the notebook's ``parameters`` cell.
        reads: Processed tables the notebook reads (all of them if empty).
        group: The landing page's section for it (Meetings, Membership, Bodies, Coverage, ...);
            previous / next links run within a group.
        label: Its short name in a list ("Kenya"); the title when not given.
        subgroup: Its heading within the group on the landing page ("Africa"), if any.
        layout: How the landing page shows the group: "cards" (title, finding, thumbnail) or
            "list" (an A–Z list of labels under each subgroup, for a grid of hundreds).
        key_inputs: "module:function" and the grid parameter it keys: the function, given the
            dataset, returns per parameter value a digest of the rows the report reads beyond
            the whole tables in ``reads``; the digest joins the report's cache key.
    """

    name: str
    notebook: Path
    title: str
    description: str
    parameters: dict[str, Any] = field(default_factory=dict)
    reads: tuple[str, ...] = ()
    group: str = "Reports"
    label: str = ""
    subgroup: str = ""
    layout: str = "cards"
    key_inputs: tuple[str, str] | None = None

    @property
    def short(self) -> str:
        """The report's name in a list: its label, else its title."""
        return self.label or self.title


class Status(StrEnum):
    """What happened to a report in one run; the value is the word the run prints."""

    BUILT = "built"  # executed and rendered
    REFRESHED = "refreshed"  # the same output, its navigation and citation redone
    CACHED = "cached"  # unchanged since the last build, left as it was
    FAILED = "failed"  # the notebook failed (its last good HTML, if any, is kept)
    NOT_BUILT = "not built"  # not asked for and never built, or its run was stopped first


@dataclass(frozen=True)
class Outcome:
    """What happened to one report in a run."""

    report: Report
    status: Status
    seconds: float = 0.0
    error: str = ""
