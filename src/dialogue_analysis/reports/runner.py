"""Build the registered reports: papermill executes, nbconvert renders, a content hash skips.

Everything runs in this Python process through the papermill and nbconvert APIs; reports execute in
parallel on a ``concurrent.futures.ThreadPoolExecutor`` (each notebook's kernel is its own
process), or on a Dask cluster (``dask=``, see ``reports.distributed``) through the same
``concurrent.futures`` interface: what is submitted is plain data, so it runs the same anywhere.
A report is rebuilt only when the hash of what it depends on changes: the notebook, its
parameters, the processed tables it reads, the library's source and the report stack's versions.
Every file is written to a temporary name and renamed into place, so an interrupted or failed
build never leaves a half-written report, and a failed report keeps its previous good HTML.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
import time
import uuid
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import Executor, ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING

from dialogue_analysis import files
from dialogue_analysis.data import package
from dialogue_analysis.data.dataset import PROCESSED_DIR_ENV
from dialogue_analysis.data.package import table_hashes
from dialogue_analysis.errors import DialogueDataError
from dialogue_analysis.files import sha256_bytes
from dialogue_analysis.paths import REPORTS_DIR
from dialogue_analysis.products.citation import read_release
from dialogue_analysis.reports import datapage, export, index, site, sourcespage
from dialogue_analysis.reports.registry import Report, check_parameters
from dialogue_analysis.reports.state import (
    CACHE_DIR,
    Outcome,
    cache_key,
    git_commit,
    last_result,
    library_hash,
    page_key,
    record,
    stack_versions,
)

if TYPE_CHECKING:  # papermill and jupyter_client are imported only when a report runs
    from dialogue_analysis.data.dataset import Dataset
    from dialogue_analysis.reports.kernels import KernelPool, PoolSpec

DASK_EXTRA = "--dask needs the distributed package: install the dask extra: pip install '.[dask]'"
# The kernel's start-up warnings would drown the progress lines.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]


class DaskUnavailable(DialogueDataError):
    """A Dask build cannot start: ``distributed`` is missing or the scheduler is out of reach."""


@dataclasses.dataclass(frozen=True)
class Provenance:
    """What a report's provenance footer shows besides its own parameters, as plain data.

    Calling it with a report and its executed notebook gives the footer's rows.
    """

    data: dict[str, str]
    versions: dict[str, str]
    commit: str
    inputs: dict[str, str] = dataclasses.field(default_factory=dict)

    def __call__(self, report: Report, nb) -> list[tuple[str, str]]:  # noqa: ANN001
        """The footer's (label, value) rows for ``report`` and its executed notebook ``nb``."""
        rows = _provenance(report, nb, self.data, self.versions, self.commit)
        if report.name in self.inputs:  # the rows it reads beyond whole tables (key_inputs)
            at = next(i for i, (label, _) in enumerate(rows) if label == "Git commit")
            rows.insert(at, ("Rows read (digest)", self.inputs[report.name]))
        return rows


def _provenance(
    report: Report,
    nb,
    data: dict[str, str],
    versions: dict[str, str],  # noqa: ANN001
    commit: str,
) -> list[tuple[str, str]]:
    params = nb.metadata.get("papermill", {})
    defaults = {k: v["default"] for k, v in params.get("default_parameters", {}).items()}
    used = {**defaults, **{k: repr(v) for k, v in report.parameters.items()}}
    rows = [("Report", report.name), ("Notebook", f"notebooks/{report.notebook.name}")]
    rows += [(f"Parameter {k}", str(v)) for k, v in sorted(used.items())]
    rows += [
        (f"Data {name}", h)
        for name, h in sorted(data.items())
        if not report.reads or name in report.reads
    ]
    rows += [("Git commit", commit)]
    rows += [(f"Version {k}", v) for k, v in versions.items()]
    return rows


def _dataset(data_dir: Path) -> Dataset | None:
    """The processed Dialogue tables in ``data_dir`` (read once per run), or None if absent."""
    from dialogue_analysis.data.dataset import load

    if not all((data_dir / f"{t}.parquet").is_file() for t in package.OUTPUT_TABLES):
        return None
    return load(processed_dir=data_dir, rebuild=False)


def _key_inputs(reports: list[Report], data: Dataset | None) -> dict[str, str]:
    """Each report's digest of the rows it reads beyond whole tables (``Report.key_inputs``).

    One call per function over the whole dataset; a value the function does not know gets the
    digest "" (the report reads no row of it). Empty without the Dialogue tables.
    """
    from dialogue_analysis.reports.registry import key_input_function

    wanted = [r for r in reports if r.key_inputs]
    if not wanted or data is None:
        return {}
    digests: dict[tuple[str, str], dict[str, str]] = {}
    found = {}
    for r in wanted:
        if r.key_inputs not in digests:
            digests[r.key_inputs] = key_input_function(r.key_inputs)(data)
        value = str(r.parameters.get(r.key_inputs[1], ""))
        found[r.name] = digests[r.key_inputs].get(value, "")
    return found


SITE_RECORD = "site.json"  # under .cache: what the Data and Sources pages were built from


def _site_pages(
    data_dir: Path, out_dir: Path, progress: Callable[[str], None], data: Dataset | None, key: str
) -> list[tuple[str, str]]:
    """Write the Data and Sources pages; return the landing page's headline figures.

    Both pages and the figures follow from the processed data and the library alone: when
    ``key`` (their hash) is the one recorded and the pages are there, nothing is written and the
    recorded figures are returned. A folder without the processed tables (a registry of other
    notebooks, run on other data) gets neither page and no figures, and the run says so.
    """
    if data is None:
        progress(f"Data and Sources pages skipped: no processed Dialogue tables in {data_dir}")
        return []
    record_path = out_dir / CACHE_DIR / SITE_RECORD
    try:
        last = json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        last = {}
    pages = [out_dir / datapage.PAGE_FILE, out_dir / sourcespage.PAGE_FILE]
    if last.get("key") == key and all(p.is_file() for p in pages):
        return [tuple(pair) for pair in last["figures"]]
    from dialogue_analysis.views.headline import headline_figures

    datapage.write_data_page(data_dir, out_dir)
    sourcespage.write_sources_page(data_dir, out_dir, data)
    figures = headline_figures(data)
    files.write_atomic(record_path, json.dumps({"key": key, "figures": figures}).encode("utf-8"))
    return figures


def _failure(err: BaseException) -> str:
    """A one-paragraph account of why a notebook failed: cell, error, message."""
    cell = getattr(err, "exec_count", None)
    ename, evalue = getattr(err, "ename", type(err).__name__), getattr(err, "evalue", str(err))
    where = f"cell [{cell}]: " if cell is not None else ""
    return f"{where}{ename}: {evalue}".strip()


def build_one(
    report: Report,
    out_dir: Path,
    key: str,
    provenance: Callable,
    show_code: bool,
    timeout: int | None,
    kernels: KernelPool | PoolSpec,
    page: site.Page | None = None,
) -> Outcome:
    """Execute one report and write its HTML and executed notebook; never raises for the report.

    The report runs in the calling thread's kernel from ``kernels`` (reset first when reused):
    a pool, or the spec of this process's pool for the run (``kernels.pool_for``), which is what
    the runner submits, so that the call and its arguments are plain data that any process can
    run. A report of a run that was stopped before it started returns "not built" at once.
    """
    import nbformat
    import papermill

    from dialogue_analysis.reports.kernels import ENGINE_NAME, PoolSpec, RunStopped, pool_for

    if isinstance(kernels, PoolSpec):
        try:
            kernels = pool_for(kernels)
        except RunStopped:
            return Outcome(report, "not built")
    start = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix=f"{files.TEMP_PREFIX}{report.name}.", dir=out_dir))
    executed = work / "executed.ipynb"
    cwd = str(report.notebook.parent)
    try:
        try:
            kernels.run(
                cwd,
                lambda km, kc: papermill.execute_notebook(
                    str(report.notebook),
                    str(executed),
                    parameters=report.parameters,
                    engine_name=ENGINE_NAME,
                    kernel_name="python3",
                    # No cwd here: papermill would chdir this whole process, which the other
                    # worker threads share; the kernel was started in cwd and the reset
                    # chdirs it there again.
                    progress_bar=False,
                    request_save_on_cell_execute=False,
                    execution_timeout=timeout,
                    km=km,
                    kc=kc,
                ),
            )
        except Exception as err:  # noqa: BLE001 - every kind of notebook failure is reported
            if executed.is_file():
                files.write_atomic(out_dir / f"{report.name}.failed.ipynb", executed.read_bytes())
            outcome = Outcome(report, "failed", time.perf_counter() - start, _failure(err))
            record(out_dir, report, {"key": key, "status": "failed", "error": outcome.error})
            return outcome
        nb = export.make_deterministic(nbformat.read(executed, as_version=4))
        downloads = export.take_downloads(nb, report.name, report.title, page)
        html = export.to_html(nb, report.title, provenance(report, nb), show_code, page)
        card = {"finding": site.finding_of(nb), "thumbnail": None}
        chart = site.first_chart(nb)
        # The notebook and card first, the HTML last: the HTML's presence means the report is
        # complete.
        with files.staged() as write:
            write(out_dir / f"{report.name}.ipynb", nbformat.writes(nb).encode("utf-8"))
            stale = out_dir / export.DOWNLOADS_DIR / report.name
            for old in stale.glob("*") if stale.is_dir() else []:
                old.unlink()
            for relative, content in downloads:
                (out_dir / relative).parent.mkdir(parents=True, exist_ok=True)
                write(out_dir / relative, content)
            if chart is not None and report.layout == "cards":  # a list shows no thumbnail
                card["thumbnail"] = f"{site.THUMBS_DIR}/{report.name}.png"
                (out_dir / site.THUMBS_DIR).mkdir(exist_ok=True)
                write(out_dir / card["thumbnail"], site.thumbnail(chart))
            write(
                out_dir / CACHE_DIR / f"{report.name}.card.json",
                json.dumps(card, sort_keys=True, ensure_ascii=False).encode("utf-8"),
            )
            write(out_dir / f"{report.name}.html", html.encode("utf-8"))
        (out_dir / f"{report.name}.failed.ipynb").unlink(missing_ok=True)
        record(out_dir, report, {"key": key, "page": page_key(page), "status": "ok"})
        return Outcome(report, "built", time.perf_counter() - start)
    finally:
        for p in work.iterdir():
            p.unlink()
        work.rmdir()


def refresh_one(report: Report, out_dir: Path, key: str, page: site.Page) -> Outcome:
    """Redo a built report's navigation, citation and download sidecars for its new ``page``.

    For a report whose own output is unchanged (the same cache key) but whose place in the site
    is not: a new neighbour, or a new data version after a change to rows it does not read. The
    result is byte for byte what a full build would write (tested). Returns "not built" when the
    page cannot be refreshed (no page blocks): the caller builds it instead.
    """
    start = time.perf_counter()
    html_path = out_dir / f"{report.name}.html"
    try:
        html = export.with_page(html_path.read_text(encoding="utf-8"), report.title, page)
    except (OSError, ValueError):
        return Outcome(report, "not built")
    folder = out_dir / export.DOWNLOADS_DIR / report.name
    sidecars = sorted(folder.glob("*.json")) if folder.is_dir() else []
    with files.staged() as write:
        for path in sidecars:
            write(path, export.sidecar_with_page(path.read_bytes(), report.title, page))
        write(html_path, html.encode("utf-8"))
    record(out_dir, report, {"key": key, "page": page_key(page), "status": "ok"})
    return Outcome(report, "refreshed", time.perf_counter() - start)


def run(
    reports: list[Report],
    data_dir: Path,
    out_dir: Path = REPORTS_DIR,
    jobs: int | None = None,
    force: bool = False,
    show_code: bool = False,
    timeout: int | None = 600,
    progress: Callable[[str], None] = print,
    only: Collection[str] | None = None,
    warm: bool = True,
    dask: str | None = None,
) -> list[Outcome]:
    """Build ``reports`` (skipping those whose cache key is unchanged) and write the index.

    Args:
        reports: Every registered report; the index lists them all.
        data_dir: The processed data folder the notebooks read.
        out_dir: Where the HTML, executed notebooks and index go.
        jobs: Reports built at once (default: one per core).
        force: Rebuild even reports whose inputs have not changed.
        show_code: Show code cells in the HTML.
        timeout: Seconds a cell may run before the report fails.
        progress: Called with one line per finished report.
        only: Names of the reports to build; the others keep their last result.
        warm: Reuse one kernel per worker, reset between reports (see ``kernels``); False
            starts a fresh kernel for every report. Either way the kernels are started with
            ``data_dir`` in their environment, where the notebooks' ``load()`` finds it; this
            process's own environment is left alone.
        dask: Build on Dask instead of this process's threads: ``"local"`` starts a
            ``LocalCluster`` of ``jobs`` single-threaded worker processes, any other value is a
            running scheduler's address (``tcp://host:8786``), whose workers must see this
            project's folders at the same paths and run the same environment. Each worker keeps
            its own warm kernels; the outputs are byte-identical to a local build. The cache, the
            index and the lock stay here; a report lost with its worker fails like a failing
            notebook. Nothing connects when every report is up to date.

    Returns:
        One outcome per report, in registry order.

    Raises:
        DaskUnavailable: ``dask`` is given but ``distributed`` is not installed, or the
            scheduler cannot be reached or has no worker.
    """
    with files.exclusive(out_dir):
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / CACHE_DIR).mkdir(exist_ok=True)
        data, library, versions = table_hashes(data_dir), library_hash(), stack_versions()
        dataset = _dataset(Path(data_dir))
        inputs = _key_inputs(reports, dataset)
        provenance = Provenance(data, versions, git_commit(), inputs)
        version = package.data_version(data_dir)
        places = site.pages(reports, version)
        keys = {
            r.name: cache_key(r, data, library, versions, show_code, inputs.get(r.name))
            for r in reports
        }
        outcomes: dict[str, Outcome] = {}
        todo, moved = [], []
        for r in reports:
            last = last_result(out_dir, r)
            has_html = (out_dir / f"{r.name}.html").is_file()
            if only is not None and r.name not in only:  # not asked for: keep its last result
                status = (
                    "failed"
                    if last.get("status") == "failed"
                    else "cached"
                    if has_html
                    else ("not built")
                )
                outcomes[r.name] = Outcome(r, status, error=last.get("error", ""))
            elif (
                force
                or not has_html
                or last.get("status") != "ok"
                or last.get("key") != keys[r.name]
            ):
                todo.append(r)
            elif last.get("page") == page_key(places[r.name]):
                outcomes[r.name] = Outcome(r, "cached")
            else:  # the same output in a new place: its navigation and citation are redone
                moved.append(r)
        for r in moved:
            outcomes[r.name] = refresh_one(r, out_dir, keys[r.name], places[r.name])
            if outcomes[r.name].status == "not built":
                todo.append(r)
        asked = len(reports) if only is None else sum(r.name in only for r in reports)
        for r in todo:  # before any kernel starts (a cached report was checked when built)
            check_parameters(r)
        n_moved = sum(outcomes[r.name].status == "refreshed" for r in moved)
        progress(
            f"{asked} reports: {len(todo)} to build, {asked - len(todo)} up to date"
            + (
                f" ({n_moved} with new navigation or data version only, refreshed)"
                if n_moved
                else ""
            )
        )
        workers = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
        spec, pool = None, None
        if todo:
            from dialogue_analysis.reports.kernels import PoolSpec

            # Plain data, the same in any process: the kernels get the data folder's absolute
            # path over the environment of the process that starts them.
            env = ((PROCESSED_DIR_ENV, str(Path(data_dir).resolve())),)
            spec = PoolSpec(uuid.uuid4().hex, tuple(KERNEL_ARGUMENTS), env, warm)
            pool = _executor(dask, workers, spec.run_id, (library, versions))
        futures = {
            pool.submit(
                build_one,
                _anchored(r),
                Path(out_dir).absolute(),
                keys[r.name],
                provenance,
                show_code,
                timeout,
                spec,
                places[r.name],
            ): r
            for r in todo
        }
        try:
            for done, future in enumerate(as_completed(futures), start=1):
                report = futures[future]
                try:
                    outcome = dataclasses.replace(future.result(), report=report)
                except Exception as err:  # a report lost with its Dask worker fails, as locally
                    if not hasattr(pool, "explain"):
                        raise
                    outcome = Outcome(report, "failed", error=pool.explain(err))
                    record(
                        out_dir,
                        report,
                        {"key": keys[report.name], "status": "failed", "error": outcome.error},
                    )
                outcomes[outcome.report.name] = outcome
                progress(
                    f"[{done}/{len(todo)}] {outcome.report.name}: {outcome.status} "
                    f"({outcome.seconds:.1f} s)" + (f" - {outcome.error}" if outcome.error else "")
                )
        finally:
            # On Ctrl-C or SIGTERM: start nothing new, let the reports in progress finish their
            # atomic writes, and leave the index as the last complete run wrote it.
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
            if spec is not None:
                from dialogue_analysis.reports.kernels import close_pools

                close_pools(spec.run_id)
        ordered = [outcomes[r.name] for r in reports]
        cited = repr(read_release())  # the citable version and the site's address the page cites
        site_key = sha256_bytes(
            json.dumps([data, library, versions, cited], sort_keys=True).encode()
        )
        figures = _site_pages(data_dir, out_dir, progress, dataset, site_key)
        page = index.render(ordered, out_dir, figures, version)
        files.write_atomic(out_dir / "index.html", page.encode("utf-8"))
        return ordered


def _anchored(report: Report) -> Report:
    """``report`` with an absolute notebook path, the same from any working directory."""
    return dataclasses.replace(report, notebook=Path(report.notebook).absolute())


def _executor(
    dask: str | None, workers: int, run_id: str, expected: tuple[str, dict[str, str]]
) -> Executor:
    """The executor reports run on: ``workers`` threads here, or a Dask cluster (see ``run``)."""
    if dask is None:
        return ThreadPoolExecutor(max_workers=workers)
    try:
        from dialogue_analysis.reports.distributed import DaskExecutor
    except ImportError as err:
        raise DaskUnavailable(f"{DASK_EXTRA} ({err})") from None
    try:
        return DaskExecutor(dask, workers, run_id, expected)
    except ConnectionError as err:
        raise DaskUnavailable(str(err)) from None


def summary(outcomes: Iterable[Outcome], out_dir: Path | None = None) -> list[str]:
    """Lines for the end of a run: counts, then every failure with its parameters and error.

    With ``out_dir``, a failure names its kept executed notebook only when there is one (a
    report lost with its Dask worker never ran to a notebook).
    """
    outcomes = list(outcomes)
    counts = {
        s: sum(o.status == s for o in outcomes)
        for s in ("built", "refreshed", "cached", "failed", "not built")
    }
    lines = [
        f"{counts['built']} built, "
        + (f"{counts['refreshed']} refreshed, " if counts["refreshed"] else "")
        + f"{counts['cached']} up to date, {counts['failed']} failed"
        + (f", {counts['not built']} not built yet" if counts["not built"] else "")
    ]
    for o in outcomes:
        if o.status == "failed":
            params = ", ".join(f"{k}={v!r}" for k, v in o.report.parameters.items()) or "defaults"
            kept = f"{o.report.name}.failed.ipynb"
            line = f"FAILED {o.report.name} ({o.report.notebook.name}; {params}): {o.error}"
            if out_dir is None or (Path(out_dir) / kept).is_file():
                line += f"; executed notebook kept as {kept}"
            lines.append(line)
    return lines
