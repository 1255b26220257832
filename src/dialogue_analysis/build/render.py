"""What a report's executed notebook becomes: its page, downloads, landing-page card, thumbnail.

``render`` turns the executed notebook into the files a report publishes (deterministic bytes,
the page chrome of ``site`` around them) and ``write`` puts them in place, the HTML last. Every
line here decides a report's output, so this module is part of the cache key's library hash
(``state.REPORT_SOURCES``), as is ``Provenance``, the footer's rows.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dialogue_analysis import files
from dialogue_analysis.site import export, site
from dialogue_analysis.site.catalog import CACHE_DIR, Report


@dataclasses.dataclass(frozen=True)
class Provenance:
    """What a report's provenance footer shows besides its own parameters, as plain data.

    Calling it with a report and its executed notebook gives the footer's rows.

    Attributes:
        table_digests: Processed table name -> its SHA-256 (from ``datapackage.json``).
        versions: Python's and the report stack's package versions.
        commit: The project's git commit.
        row_digests: Report name -> the digest of the rows it reads beyond whole tables
            (``Report.key_inputs``), for the reports that have one.
    """

    table_digests: dict[str, str]
    versions: dict[str, str]
    commit: str
    row_digests: dict[str, str] = dataclasses.field(default_factory=dict)

    def __call__(self, report: Report, nb) -> list[tuple[str, str]]:  # noqa: ANN001
        """The footer's (label, value) rows for ``report`` and its executed notebook ``nb``."""
        rows = _provenance(report, nb, self.table_digests, self.versions, self.commit)
        if report.name in self.row_digests:  # the rows it reads beyond whole tables
            at = next(i for i, (label, _) in enumerate(rows) if label == "Git commit")
            rows.insert(at, ("Rows read (digest)", self.row_digests[report.name]))
        return rows


def _provenance(
    report: Report,
    nb,  # noqa: ANN001
    table_digests: dict[str, str],
    versions: dict[str, str],
    commit: str,
) -> list[tuple[str, str]]:
    params = nb.metadata.get("papermill", {})
    defaults = {k: v["default"] for k, v in params.get("default_parameters", {}).items()}
    used = {**defaults, **{k: repr(v) for k, v in report.parameters.items()}}
    rows = [("Report", report.name), ("Notebook", f"notebooks/{report.notebook.name}")]
    rows += [(f"Parameter {k}", str(v)) for k, v in sorted(used.items())]
    rows += [
        (f"Data {name}", digest)
        for name, digest in sorted(table_digests.items())
        if not report.reads or name in report.reads
    ]
    rows += [("Git commit", commit)]
    rows += [(f"Version {k}", v) for k, v in versions.items()]
    return rows


@dataclasses.dataclass(frozen=True)
class Rendered:
    """The files one report publishes, as bytes.

    Attributes:
        notebook: The executed notebook, made deterministic.
        html: The report's page.
        downloads: (path under the reports folder, bytes) of its charts' and tables' downloads.
        card: What the landing page shows of it: its first finding and thumbnail path.
        thumbnail: The thumbnail of its first chart, for a report shown as a card with a chart.
    """

    notebook: bytes
    html: bytes
    downloads: list[tuple[str, bytes]]
    card: dict[str, Any]
    thumbnail: bytes | None


def render(
    report: Report,
    executed: Path,
    provenance: Callable,
    show_code: bool,
    page: site.Page | None,
) -> Rendered:
    """The files ``report`` publishes, from its executed notebook ``executed``."""
    import nbformat

    nb = export.make_deterministic(nbformat.read(executed, as_version=4))
    downloads = export.take_downloads(nb, report.name, report.title, page)
    html = export.to_html(nb, report.title, provenance(report, nb), show_code, page)
    card = {"finding": site.finding_of(nb), "thumbnail": None}
    chart = site.first_chart(nb)
    thumbnail = None
    if chart is not None and report.layout == "cards":  # a list shows no thumbnail
        card["thumbnail"] = f"{site.THUMBS_DIR}/{report.name}.png"
        thumbnail = site.thumbnail(chart)
    return Rendered(
        nbformat.writes(nb).encode("utf-8"), html.encode("utf-8"), downloads, card, thumbnail
    )


def write(out_dir: Path, report: Report, rendered: Rendered) -> None:
    """Put ``report``'s files in ``out_dir``, replacing its last ones; the HTML last.

    The notebook and card come first, the HTML last: the HTML's presence means the report is
    complete. Downloads the report no longer makes are removed; so is the executed notebook a
    failed build kept.
    """
    with files.staged() as put:
        put(out_dir / f"{report.name}.ipynb", rendered.notebook)
        stale = out_dir / export.DOWNLOADS_DIR / report.name
        for old in stale.glob("*") if stale.is_dir() else []:
            old.unlink()
        for relative, content in rendered.downloads:
            (out_dir / relative).parent.mkdir(parents=True, exist_ok=True)
            put(out_dir / relative, content)
        if rendered.thumbnail is not None:
            (out_dir / site.THUMBS_DIR).mkdir(exist_ok=True)
            put(out_dir / rendered.card["thumbnail"], rendered.thumbnail)
        put(
            out_dir / CACHE_DIR / f"{report.name}.card.json",
            json.dumps(rendered.card, sort_keys=True, ensure_ascii=False).encode("utf-8"),
        )
        put(out_dir / f"{report.name}.html", rendered.html)
    (out_dir / f"{report.name}.failed.ipynb").unlink(missing_ok=True)
