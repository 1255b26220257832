"""The report registry (``reports.toml``): which notebook makes which report, with which parameters.

Each ``[[report]]`` entry names a notebook and either one parameter set or a grid that expands into
many (for example one ``body_profile`` per body in the data). Parameters are checked against the
notebook's ``parameters`` cell (papermill's ``inspect_notebook``) before any kernel starts.
"""

from __future__ import annotations

import ast
import functools
import itertools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from dialogue_analysis.errors import DialogueDataError
from dialogue_analysis.paths import NOTEBOOKS_DIR, PROJECT_ROOT

REGISTRY_FILE = PROJECT_ROOT / "reports.toml"

# papermill's inferred type names -> the Python types a value may have.
_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "list": (list,),
    "dict": (dict,),
}


class RegistryError(DialogueDataError):
    """An entry of the registry is wrong; names the report and, if any, the parameter."""

    def __init__(self, report: str, message: str, parameter: str | None = None) -> None:
        self.report, self.parameter = report, parameter
        where = f"report {report!r}" + (f", parameter {parameter!r}" if parameter else "")
        super().__init__(f"{REGISTRY_FILE.name}: {where}: {message}")


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
    """

    name: str
    notebook: Path
    title: str
    description: str
    parameters: dict[str, Any] = field(default_factory=dict)
    reads: tuple[str, ...] = ()
    group: str = "Reports"


def safe_name(text: str) -> str:
    """A file-name-safe version of ``text``: letters, digits, '-' and '_' only, never empty.

    Path separators, dots and anything else a parameter value might carry become '_', so no
    parameter can make a report write outside ``reports/``.
    """
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_")
    return cleaned or "_"


def _grid_values(
    spec: Any, report: str, key: str, tables: dict[str, pd.DataFrame]
) -> list[tuple[Any, dict[str, str]]]:
    """The values of one grid axis, each with the words a title may use for it.

    A list gives bare values; ``{table, column[, where]}`` reads them from the data, and a title
    may then name any column of the value's row as ``{<key>_<column>}`` (``{body_full_name}``).
    """
    if isinstance(spec, list):
        return [(v, {}) for v in spec]
    if isinstance(spec, dict) and {"table", "column"} <= set(spec):
        frame = tables.get(spec["table"])
        if frame is None or spec["column"] not in frame:
            raise RegistryError(report, f"grid reads unknown column {spec}", key)
        if where := spec.get("where"):
            frame = frame[frame[where].fillna(False).astype(bool)]
        frame = frame.dropna(subset=[spec["column"]]).drop_duplicates(spec["column"])
        frame = frame.assign(_value=frame[spec["column"]].astype(str)).sort_values("_value")
        return [
            (
                row["_value"],
                {
                    f"{key}_{col}": "" if pd.isna(row[col]) else str(row[col])
                    for col in frame.columns
                    if col != "_value"
                },
            )
            for _, row in frame.iterrows()
        ]
    raise RegistryError(report, "a grid axis is a list or {table, column[, where]}", key)


def expand(
    entry: dict[str, Any], tables: dict[str, pd.DataFrame], notebooks_dir: Path = NOTEBOOKS_DIR
) -> list[Report]:
    """The reports one registry entry stands for."""
    name = entry.get("name") or entry.get("notebook", "?")
    for required in ("name", "notebook", "title"):
        if required not in entry:
            raise RegistryError(name, f"missing {required!r}")
    base = dict(entry.get("parameters", {}))
    grid = entry.get("grid", {})
    axes = {key: _grid_values(spec, name, key, tables) for key, spec in grid.items()}
    reports = []
    for combo in itertools.product(*axes.values()):
        params = {**base, **{key: value for key, (value, _) in zip(axes, combo, strict=True)}}
        fmt = {k: str(v) for k, v in params.items()}
        for _, words in combo:
            fmt.update(words)
        try:
            title = entry["title"].format(**fmt)
            description = entry.get("description", "").format(**fmt)
        except KeyError as err:
            message = f"the title names {err}, which the grid does not give"
            raise RegistryError(name, message) from err
        reports.append(
            Report(
                name=safe_name(entry["name"].format(**fmt)),
                notebook=notebooks_dir / entry["notebook"],
                title=title,
                description=description,
                parameters=params,
                reads=tuple(entry.get("reads", ())),
                group=entry.get("group", "Reports"),
            )
        )
    return reports


def _declared_type(spec: dict[str, str]) -> str:
    """A parameter's type: its annotation, else the type of its default literal ('None': any)."""
    name = spec["inferred_type_name"].split("[")[0]
    if name != "None":
        return name
    try:
        default = ast.literal_eval(spec["default"])
    except (ValueError, SyntaxError):
        return "None"
    return "None" if default is None else type(default).__name__


@functools.lru_cache(maxsize=64)
def _declared(notebook: Path, stamp: tuple[int, int]) -> dict[str, dict]:
    """The notebook's parameters cell, read once per file version (a grid shares one notebook)."""
    import papermill

    return papermill.inspect_notebook(str(notebook))


def check_parameters(report: Report) -> None:
    """Raise RegistryError if a parameter is unknown to the notebook or of the wrong type.

    Reads the notebook's ``parameters`` cell with papermill's ``inspect_notebook``; no kernel runs.
    """
    if not report.notebook.is_file():
        raise RegistryError(report.name, f"notebook not found: {report.notebook}")
    stat = report.notebook.stat()
    declared = _declared(report.notebook, (stat.st_mtime_ns, stat.st_size))
    for key, value in report.parameters.items():
        if key not in declared:
            raise RegistryError(
                report.name,
                f"not in the notebook's parameters cell (it has {', '.join(declared) or 'none'})",
                key,
            )
        type_name = _declared_type(declared[key])
        expected = _TYPES.get(type_name)
        wrong = expected and (
            not isinstance(value, expected) or (isinstance(value, bool) and bool not in expected)
        )
        if wrong:
            raise RegistryError(
                report.name,
                f"value {value!r} is a {type(value).__name__}, the notebook expects {type_name}",
                key,
            )


def load_registry(
    tables: dict[str, pd.DataFrame], path: Path = REGISTRY_FILE, notebooks_dir: Path = NOTEBOOKS_DIR
) -> list[Report]:
    """Every report of the registry, expanded and checked; names are unique."""
    try:
        with path.open("rb") as fh:
            entries = tomllib.load(fh).get("report", [])
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise RegistryError("(all)", f"cannot read the registry ({err})") from err
    reports = [r for entry in entries for r in expand(entry, tables, notebooks_dir)]
    seen: set[str] = set()
    for report in reports:
        if report.name in seen:
            raise RegistryError(report.name, "two reports would have this output name")
        seen.add(report.name)
        check_parameters(report)
    return reports
