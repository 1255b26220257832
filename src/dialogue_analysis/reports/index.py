"""The landing page, ``reports/index.html``: every report, grouped by notebook, with its status."""

from __future__ import annotations

from html import escape
from itertools import groupby
from pathlib import Path

from dialogue_analysis.reports.export import TEMPLATES_DIR
from dialogue_analysis.reports.state import Outcome

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="referrer" content="no-referrer">
<title>INTERPOL Dialogue: reports</title>
<style>
{css}
</style>
</head>
<body>
<main>
<h1>The INTERPOL Dialogue: reports</h1>
<p>Reports built from the sourced dataset of the INTERPOL Dialogue on an Effective Multilateral
Policing Architecture against Global Threats. Each report ends with its provenance: parameters,
data hashes, library versions and commit.</p>
{sections}
</main>
</body>
</html>
"""


def _row(outcome: Outcome, out_dir: Path) -> str:
    r = outcome.report
    params = ", ".join(f"{k} = {v}" for k, v in r.parameters.items()) or "defaults"
    has_html = (out_dir / f"{r.name}.html").is_file()
    title = escape(r.title)
    link = f'<a href="{escape(r.name)}.html">{title}</a>' if has_html else title
    if outcome.status == "failed":
        status = (
            f'<span class="status-failed">failed</span>: {escape(outcome.error)} '
            f'(<a href="{escape(r.name)}.failed.ipynb">executed notebook</a>'
            + ("; the link shows the last good version)" if has_html else ")")
        )
    elif outcome.status == "not built":
        status = "not built yet"
    else:
        status = "ok"
    return (
        f"<tr><td>{link}</td><td>{escape(r.description)}</td><td>{escape(params)}</td>"
        f"<td>{status}</td></tr>"
    )


def render(outcomes: list[Outcome], out_dir: Path) -> str:
    """The index page for one run's outcomes (no timings: two identical runs give one page)."""
    sections = []
    by_notebook = groupby(outcomes, key=lambda o: o.report.notebook.name)
    for notebook, group in by_notebook:
        rows = "\n".join(_row(o, out_dir) for o in group)
        sections.append(
            f"<h2>{escape(notebook.removesuffix('.ipynb').replace('_', ' ').capitalize())}</h2>\n"
            f"<table>\n<thead><tr><th>Report</th><th>What it shows</th><th>Parameters</th>"
            f"<th>Status</th></tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>"
        )
    css = (TEMPLATES_DIR / "compact" / "report.css").read_text(encoding="utf-8")
    return PAGE.format(css=css, sections="\n".join(sections))
