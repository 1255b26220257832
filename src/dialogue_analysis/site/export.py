"""Executed notebook -> deterministic, self-contained HTML (nbconvert with a compact template)."""

from __future__ import annotations

import copy
import json
import re
import threading
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import nbformat

from dialogue_analysis.site import site

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
    page: site.Page | None = None,
) -> str:
    """Render a notebook as one HTML page with the site's navigation and a provenance footer.

    Args:
        nb: The executed (and deterministic) notebook.
        title: The page title.
        provenance: (label, value) pairs shown in the footer; values are escaped.
        show_code: Show the code cells (hidden by default).
        page: The report's place in the site (navigation, how to cite); None: links to the
            landing page only.
    """
    resources = {
        "report_title": title,
        "report_css": page_css(),
        "provenance": list(provenance),
        "show_code": show_code,
        "site_header": site.header(page) if page else site.landing_link(),
        "site_footer": site.footer(title, page) if page else "",
    }
    with _EXPORT_LOCK:
        body, _ = _exporter(show_code).from_notebook_node(nb, resources=resources)
    return site.with_contents(site.with_title(body, title) if page else body)


_NAVIGATION = re.compile(r'(<header class="report-nav">).*?(</header>)', re.S)
_CITATION = re.compile(r'<section class="cite">.*?</section>', re.S)


def with_page(html: str, title: str, page: site.Page) -> str:
    """A built report page moved to ``page``: its navigation and "how to cite" redone.

    What a report shows of the site around it (neighbours, group, data version) lives in these two
    blocks only, so a page whose notebook output is unchanged is refreshed without running or
    rendering it again; the result is the page ``to_html`` would write for ``page``.

    Raises:
        ValueError: ``html`` lacks either block (it is not a report page of this site).
    """
    header, footer = _as_exported(site.header(page)), _as_exported(site.footer(title, page))
    html, found_nav = _NAVIGATION.subn(lambda m: m.group(1) + header + m.group(2), html, count=1)
    html, found_cite = _CITATION.subn(lambda m: footer, html, count=1)
    if (found_nav, found_cite) != (1, 1):
        raise ValueError("not a report page of this site: no navigation or citation block")
    return html


def _as_exported(fragment: str) -> str:
    """``fragment`` serialised as nbconvert's HTML exporter serialises its whole page.

    The exporter passes the page through BeautifulSoup's ``html.parser`` (attributes sorted,
    entities such as ``&#x27;`` written as characters); a refreshed block must read the same.
    """
    from bs4 import BeautifulSoup

    return str(BeautifulSoup(fragment, features="html.parser"))


def sidecar_with_page(content: bytes, title: str, page: site.Page) -> bytes:
    """A download's JSON sidecar with ``page``'s data version and citation, as written anew."""
    meta = json.loads(content)
    meta["data_version"] = page.version
    meta["citation"] = site.citation(title, page.version)
    return (json.dumps(meta, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def page_css() -> str:
    """The pages' stylesheet: the screen rules, and the print rules inside ``@media print``."""
    css = (TEMPLATES_DIR / "compact" / "report.css").read_text(encoding="utf-8")
    printed = TEMPLATES_DIR / "compact" / "print.css"
    if printed.is_file():
        css += "\n@media print {\n" + printed.read_text(encoding="utf-8") + "}\n"
    return css


# --- The data behind each chart and table --------------------------------------------------------

CSV_MIME = "text/csv"  # the library's charts and tables put their data under this mimetype
DOWNLOADS_DIR = "data"


def take_downloads(
    nb: nbformat.NotebookNode, report: str, title: str, page: site.Page | None
) -> list[tuple[str, bytes]]:
    """Take each output's data out of ``nb`` as files to write beside the report.

    Every chart or table the library drew carries its frame as CSV (``text/csv``); this removes
    it from the notebook, marks the output with the file's relative path (the template adds the
    "Download data (CSV)" link) and returns ``(path, bytes)`` pairs: the CSV
    (``data/<report>/<nn>-<chart|table>.csv``) and a JSON sidecar naming its title, columns,
    report, data version and citation.
    """
    import io

    import pandas as pd

    found: list[tuple[str, bytes]] = []
    number = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if CSV_MIME not in data:
                continue
            number += 1
            kind = "chart" if "image/png" in data else "table"
            base = f"{DOWNLOADS_DIR}/{report}/{number:02d}-{kind}"
            text = data.pop(CSV_MIME)
            text = "".join(text) if isinstance(text, list) else text
            meta = output.get("metadata", {})
            caption = (meta.pop(CSV_MIME, None) or {}).get("title") or f"{kind} {number} of {title}"
            meta["download"] = f"{base}.csv"
            output["metadata"] = meta
            frame = pd.read_csv(io.StringIO(text)) if text.strip() else pd.DataFrame()
            version = page.version if page else ""
            sidecar = {
                "title": caption,
                "report": title,
                "file": f"{number:02d}-{kind}.csv",
                "columns": [
                    {"name": str(c), "type": _column_type(frame[c])} for c in frame.columns
                ],
                "rows": len(frame),
                "data_version": version,
                "sources": "sources.html (every source of the data), and the report's Sources "
                "section",
                "citation": site.citation(title, version),
                "licence": "CC BY 4.0 (see data.html)",
            }
            found.append((f"{base}.csv", text.encode("utf-8")))
            found.append(
                (
                    f"{base}.json",
                    (json.dumps(sidecar, indent=1, ensure_ascii=False) + "\n").encode("utf-8"),
                )
            )
    return found


def _column_type(values) -> str:  # noqa: ANN001 - a pandas Series
    """A column's kind in words: integer (count), number, date, yes/no or text."""
    import pandas as pd

    if pd.api.types.is_bool_dtype(values):
        return "yes/no"
    if pd.api.types.is_integer_dtype(values):
        return "integer"
    if pd.api.types.is_float_dtype(values):
        return "number"
    text = values.dropna().astype(str)
    if len(text) and text.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all():
        return "date (ISO 8601)"
    return "text"
