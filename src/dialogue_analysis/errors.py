"""Errors the library raises, with structured fields the CLI prints and tests assert on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the raw data, located as precisely as the input allows.

    Attributes:
        file: The raw file concerned.
        line: 1-based physical line of the row in the file, or None for a file-level problem.
        column: The column concerned, or None.
        message: What is wrong, in a few words.
        value: The offending value as found in the file, or None.
        expected: What would have been accepted, or None.
        hint: A "did you mean" suggestion, or None.
    """

    file: str
    line: int | None
    column: str | None
    message: str
    value: str | None = None
    expected: str | None = None
    hint: str | None = None

    def sort_key(self) -> tuple[str, int, str, str]:
        """Order problems by file, line and column for a readable report."""
        return (self.file, self.line or 0, self.column or "", self.message)

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        text = (
            f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        )
        details = []
        if self.value is not None:
            details.append(f"got {self.value!r}")
        if self.expected:
            details.append(f"expected {self.expected}")
        if details:
            text += f" ({', '.join(details)})"
        if self.hint:
            text += f"; did you mean {self.hint!r}?"
        return text


class DialogueDataError(Exception):
    """Base class of every error the library raises on purpose."""


class DataValidationError(DialogueDataError):
    """The raw data has one or more problems; nothing was written.

    Attributes:
        problems: Every problem found, sorted by file, line and column.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=Problem.sort_key)
        files = len({p.file for p in self.problems})
        super().__init__(f"{len(self.problems)} problem(s) in {files} raw file(s)")


class BuildError(DialogueDataError):
    """The processed data could not be written (e.g. the output folder is not writable).

    Attributes:
        path: The file or folder concerned.
    """

    def __init__(self, path: Path, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")


class BrowserUnavailable(DialogueDataError):
    """Headless Chromium or its driver is missing, so no page can be opened in a browser.

    Attributes:
        missing: What is missing: the browser's path or the driver package's name.
        remedy: The command that installs it.
    """

    def __init__(self, missing: str, remedy: str) -> None:
        self.missing = missing
        self.remedy = remedy
        super().__init__(f"{missing} not found; install it with: {remedy}")


class ForeignDataError(DialogueDataError):
    """A processed folder was built from another raw folder, or from one that is gone.

    Such a folder is neither rebuilt from another raw folder nor read.

    Attributes:
        processed: The processed folder.
        built_from: The raw folder its ``datapackage.json`` records.
        asked: The raw folder the caller named (None when it did not name one).
    """

    def __init__(self, processed: Path, built_from: Path, asked: Path | None) -> None:
        self.processed, self.built_from, self.asked = processed, built_from, asked
        if asked is None:
            why = f"it was built from {built_from}, which no longer exists"
            fix = f"rebuild it: dialogue-analysis data --raw DIR --out {processed}"
        else:
            why = f"it was built from {built_from}, not from {asked}"
            fix = (
                f"pass --raw {built_from}, or rebuild it from {asked}: "
                f"dialogue-analysis data --raw {asked} --out {processed}"
            )
        super().__init__(f"{processed}: {why}; left as it is ({fix})")


class SourceFileError(DialogueDataError):
    """A file given as a source text cannot be read as text: missing, empty, binary or not UTF-8.

    Attributes:
        path: The file concerned.
        problem: What is wrong with it, in a few words ('is empty', 'is a PDF file').
        expected: What would have been accepted.
    """

    def __init__(self, path: Path, problem: str, expected: str) -> None:
        self.path, self.problem, self.expected = path, problem, expected
        super().__init__(f"{path}: {problem}; expected {expected}")
