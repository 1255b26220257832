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
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from dialogue_analysis.errors import DialogueDataError
from dialogue_analysis.paths import NOTEBOOKS_DIR, PROJECT_ROOT
from dialogue_analysis.site.catalog import LAYOUTS, Report

if TYPE_CHECKING:
    from dialogue_analysis.data.dataset import Dataset

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

    A list gives bare values; ``{table, column[, where][, sort]}`` reads them from the data
    (ordered by ``sort``, else by value), and a title may then name any column of the value's row
    as ``{<key>_<column>}`` (``{body_full_name}``).
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
        frame = frame.assign(_value=frame[spec["column"]].astype(str))
        order = spec.get("sort", "_value")
        if order not in frame:
            raise RegistryError(report, f"grid sorts by unknown column {order!r}", key)
        frame = frame.sort_values([order, "_value"], kind="mergesort")
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


def _key_inputs(entry: dict[str, Any], report: str, grid: dict[str, Any]) -> tuple[str, str] | None:
    """``key_inputs = { function = "module:function", parameter = "<grid key>" }``, checked."""
    spec = entry.get("key_inputs")
    if spec is None:
        return None
    if not isinstance(spec, dict) or set(spec) != {"function", "parameter"}:
        raise RegistryError(report, "key_inputs is { function = 'module:function', parameter }")
    if spec["parameter"] not in grid:
        raise RegistryError(report, "key_inputs names a parameter the grid does not give")
    if ":" not in spec["function"]:
        raise RegistryError(report, "key_inputs' function is written 'module:function'")
    return str(spec["function"]), str(spec["parameter"])


def key_input_function(spec: tuple[str, str]) -> Any:
    """The function a ``key_inputs`` entry names (imported on first use)."""
    import importlib

    module, _, function = spec[0].partition(":")
    return getattr(importlib.import_module(module), function)


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
    layout = entry.get("layout", "cards")
    if layout not in LAYOUTS:
        raise RegistryError(name, f"layout {layout!r} is not one of {', '.join(LAYOUTS)}")
    inputs = _key_inputs(entry, name, grid)
    reports = []
    for combo in itertools.product(*axes.values()):
        params = {**base, **{key: value for key, (value, _) in zip(axes, combo, strict=True)}}
        fmt = {k: str(v) for k, v in params.items()}
        for _, words in combo:
            fmt.update(words)
        try:
            title = entry["title"].format(**fmt)
            description = entry.get("description", "").format(**fmt)
            short = entry.get("label", "").format(**fmt)
            subgroup = entry.get("subgroup", "").format(**fmt)
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
                label=short,
                subgroup=subgroup,
                layout=layout,
                key_inputs=inputs,
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


def grid_tables(data: Dataset, countries: Collection[str] | None = None) -> dict[str, pd.DataFrame]:
    """The tables a registry's grids may read: bodies, editions and the roster countries.

    Args:
        data: The dataset.
        countries: Keep only these ISO codes in ``countries`` (a sample of the country profiles,
            as the test suite builds); None keeps every country a roster names.
    """
    from dialogue_analysis.analysis.countries import roster_countries

    table = roster_countries(data)
    if countries is not None:
        table = table[table["country_iso3"].isin(set(countries))]
    return {"bodies": data.bodies, "editions": data.editions, "countries": table}


def load_registry(
    tables: dict[str, pd.DataFrame],
    path: Path = REGISTRY_FILE,
    notebooks_dir: Path = NOTEBOOKS_DIR,
    check: bool = True,
) -> list[Report]:
    """Every report of the registry, expanded; names are unique.

    ``check``: also check every report's parameters against its notebook now (papermill's
    ``inspect_notebook``, which imports papermill). The report builder passes False and checks
    the reports it is about to build, before any kernel starts: a report whose cache key is
    unchanged was built with these very parameters and this very notebook.
    """
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
        if check:
            check_parameters(report)
    return reports
