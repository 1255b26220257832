"""Executed notebook -> deterministic, self-contained HTML (nbconvert with a compact template)."""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import nbformat

TEMPLATES_DIR = Path(__file__).parent / "templates"
_EXPORT_LOCK = threading.Lock()  # one exporter per setting is shared by the worker threads


def make_deterministic(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of an executed notebook without the run's timestamps, durations and random ids.

    papermill and nbclient record start/end times and durations in the notebook and cell metadata,
    and papermill gives its injected-parameters cell a random id; none of that says anything about
    the report, and all of it would make two builds differ.
    """
    nb = copy.deepcopy(nb)
    pm = nb.metadata.get("papermill", {})
    nb.metadata["papermill"] = {
        k: pm[k] for k in ("parameters", "default_parameters", "version") if k in pm
    }
    for number, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{number}"
        if cell.get("outputs"):
            cell["outputs"] = _streams_merged(cell["outputs"])
        cell.metadata.pop("execution", None)
        cell_pm = cell.metadata.get("papermill")
        if cell_pm is not None:
            cell.metadata["papermill"] = {
                k: v for k, v in cell_pm.items() if k in ("status", "exception")
            }
    return nb


def _streams_merged(outputs: list) -> list:
    """A cell's outputs with its stdout and its stderr text each merged into one output.

    The kernel flushes stdout and stderr separately, on timers, so how a cell's printed lines and
    its warnings interleave depends on the machine's load; merged (stderr first, where the first
    stream output stood) they read the same on every run.
    """
    streams = [o for o in outputs if o.get("output_type") == "stream"]
    if len({o.get("name") for o in streams}) < 2:  # one stream keeps its order with the rest
        return outputs
    merged = [
        nbformat.v4.new_output(
            "stream", name=name, text="".join(o["text"] for o in streams if o["name"] == name)
        )
        for name in ("stderr", "stdout")
        if any(o["name"] == name for o in streams)
    ]
    first = outputs.index(streams[0])
    rest = [o for o in outputs if o.get("output_type") != "stream"]
    return rest[:first] + merged + rest[first:]


@cache
def _exporter(show_code: bool):  # noqa: ANN202 - nbconvert's exporter type is heavy to import
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="compact",
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        anchor_link_text="",
    )


def to_html(
    nb: nbformat.NotebookNode,
    title: str,
    provenance: Iterable[tuple[str, str]],
    show_code: bool = False,
) -> str:
    """Render a notebook as one HTML page with a provenance footer.

    Args:
        nb: The executed (and deterministic) notebook.
        title: The page title.
        provenance: (label, value) pairs shown in the footer; values are escaped.
        show_code: Show the code cells (hidden by default).
    """
    resources = {
        "report_title": title,
        "report_css": (TEMPLATES_DIR / "compact" / "report.css").read_text(encoding="utf-8"),
        "provenance": list(provenance),
        "show_code": show_code,
    }
    with _EXPORT_LOCK:
        body, _ = _exporter(show_code).from_notebook_node(nb, resources=resources)
    return body
