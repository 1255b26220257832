"""Execute a plan: run each report's notebook on a warm kernel, here or on Dask, and write it.

Reports run in parallel on a ``concurrent.futures.ThreadPoolExecutor`` (each notebook's kernel is
its own process), or on a Dask cluster (``dask=``, see ``build.distributed``) through the same
``concurrent.futures`` interface: what is submitted is plain data, so it runs the same anywhere.
``build_one`` is one report: execute (papermill), render (``render``), write, record. Every file
is written to a temporary name and renamed into place, so an interrupted or failed build never
leaves a half-written report, and a failed report keeps its previous good HTML.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from dialogue_analysis import files
from dialogue_analysis.build import render
from dialogue_analysis.build.plan import Inputs, Plan
from dialogue_analysis.build.state import page_key, record
from dialogue_analysis.data.dataset import PROCESSED_DIR_ENV
from dialogue_analysis.errors import DialogueDataError
from dialogue_analysis.site import export, site
from dialogue_analysis.site.catalog import Outcome, Report, Status

if TYPE_CHECKING:  # papermill and jupyter_client are imported only when a report runs
    from dialogue_analysis.build.kernels import KernelPool, PoolSpec

DASK_EXTRA = "--dask needs the distributed package: install the dask extra: pip install '.[dask]'"
# The kernel's start-up warnings would drown the progress lines.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]


class DaskUnavailable(DialogueDataError):
    """A Dask build cannot start: ``distributed`` is missing or the scheduler is out of reach."""


# --- One report -----------------------------------------------------------------------------------


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
    from dialogue_analysis.build.kernels import PoolSpec, RunStopped, pool_for

    if isinstance(kernels, PoolSpec):
        try:
            kernels = pool_for(kernels)
        except RunStopped:
            return Outcome(report, Status.NOT_BUILT)
    start = time.perf_counter()
    with _scratch_folder(out_dir, report) as work:
        executed = work / "executed.ipynb"
        try:
            _execute_notebook(report, executed, timeout, kernels)
        except Exception as err:  # noqa: BLE001 - every kind of notebook failure is reported
            return _failed(report, out_dir, key, executed, err, time.perf_counter() - start)
        render.write(out_dir, report, render.render(report, executed, provenance, show_code, page))
        record(out_dir, report, {"key": key, "page": page_key(page), "status": "ok"})
        return Outcome(report, Status.BUILT, time.perf_counter() - start)


@contextmanager
def _scratch_folder(out_dir: Path, report: Report) -> Iterator[Path]:
    """A temporary folder in ``out_dir`` for one report's work, removed afterwards."""
    work = Path(tempfile.mkdtemp(prefix=f"{files.TEMP_PREFIX}{report.name}.", dir=out_dir))
    try:
        yield work
    finally:
        for p in work.iterdir():
            p.unlink()
        work.rmdir()


def _execute_notebook(
    report: Report, executed: Path, timeout: int | None, kernels: KernelPool
) -> None:
    """Execute ``report``'s notebook on a kernel of ``kernels``, writing it to ``executed``."""
    import papermill

    from dialogue_analysis.build.kernels import ENGINE_NAME

    kernels.run(
        str(report.notebook.parent),
        lambda km, kc: papermill.execute_notebook(
            str(report.notebook),
            str(executed),
            parameters=report.parameters,
            engine_name=ENGINE_NAME,
            kernel_name="python3",
            # No cwd here: papermill would chdir this whole process, which the other worker
            # threads share; the kernel was started in cwd and the reset chdirs it there again.
            progress_bar=False,
            request_save_on_cell_execute=False,
            execution_timeout=timeout,
            km=km,
            kc=kc,
        ),
    )


def _failed(
    report: Report, out_dir: Path, key: str, executed: Path, err: BaseException, seconds: float
) -> Outcome:
    """A failed report: keep its executed notebook, if any, and record the failure."""
    if executed.is_file():
        files.write_atomic(out_dir / f"{report.name}.failed.ipynb", executed.read_bytes())
    outcome = Outcome(report, Status.FAILED, seconds, _failure(err))
    record(out_dir, report, {"key": key, "status": "failed", "error": outcome.error})
    return outcome


def _failure(err: BaseException) -> str:
    """A one-paragraph account of why a notebook failed: cell, error, message."""
    cell = getattr(err, "exec_count", None)
    ename, evalue = getattr(err, "ename", type(err).__name__), getattr(err, "evalue", str(err))
    where = f"cell [{cell}]: " if cell is not None else ""
    return f"{where}{ename}: {evalue}".strip()


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
        return Outcome(report, Status.NOT_BUILT)
    folder = out_dir / export.DOWNLOADS_DIR / report.name
    sidecars = sorted(folder.glob("*.json")) if folder.is_dir() else []
    with files.staged() as write:
        for path in sidecars:
            write(path, export.sidecar_with_page(path.read_bytes(), report.title, page))
        write(html_path, html.encode("utf-8"))
    record(out_dir, report, {"key": key, "page": page_key(page), "status": "ok"})
    return Outcome(report, Status.REFRESHED, time.perf_counter() - start)


# --- The plan -------------------------------------------------------------------------------------


def refresh(plan: Plan, out_dir: Path) -> None:
    """Refresh the pages of ``plan.to_refresh``; one that cannot be refreshed joins ``to_build``."""
    for r in plan.to_refresh:
        outcome = refresh_one(r, out_dir, plan.keys[r.name], plan.pages[r.name])
        if outcome.status == Status.NOT_BUILT:
            plan.to_build.append(r)
        else:
            plan.settled[r.name] = outcome


@dataclasses.dataclass(frozen=True)
class Settings:
    """How a run builds its reports (see ``runner.run`` for each)."""

    jobs: int | None = None
    show_code: bool = False
    timeout: int | None = 600
    warm: bool = True
    dask: str | None = None


def execute(
    plan: Plan,
    inputs: Inputs,
    data_dir: Path,
    out_dir: Path,
    settings: Settings,
    progress: Callable[[str], None],
) -> dict[str, Outcome]:
    """Build ``plan.to_build``, several at once; each report's outcome, by name.

    One progress line per finished report. On Ctrl-C or SIGTERM nothing new starts, the reports
    in progress finish their atomic writes, and the interruption goes on up.
    """
    todo = plan.to_build
    if not todo:
        return {}
    from dialogue_analysis.build.kernels import PoolSpec, close_pools

    # Plain data, the same in any process: the kernels get the data folder's absolute path over
    # the environment of the process that starts them.
    env = ((PROCESSED_DIR_ENV, str(Path(data_dir).resolve())),)
    spec = PoolSpec(uuid.uuid4().hex, tuple(KERNEL_ARGUMENTS), env, settings.warm)
    workers = max(1, min(settings.jobs or os.cpu_count() or 1, len(todo)))
    try:
        pool = _executor(settings.dask, workers, spec.run_id, (inputs.package, inputs.versions))
        try:
            return _collect(pool, plan, inputs, out_dir, settings, spec, progress)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    finally:
        close_pools(spec.run_id)


def _collect(
    pool: Executor,
    plan: Plan,
    inputs: Inputs,
    out_dir: Path,
    settings: Settings,
    spec: PoolSpec,
    progress: Callable[[str], None],
) -> dict[str, Outcome]:
    """Submit every report of ``plan.to_build`` to ``pool``; their outcomes as they finish."""
    provenance = inputs.provenance
    futures = {
        pool.submit(
            build_one,
            _anchored(r),
            Path(out_dir).absolute(),
            plan.keys[r.name],
            provenance,
            settings.show_code,
            settings.timeout,
            spec,
            plan.pages[r.name],
        ): r
        for r in plan.to_build
    }
    outcomes = {}
    for done, future in enumerate(as_completed(futures), start=1):
        outcome = _outcome_of(future, futures[future], pool, out_dir, plan.keys)
        outcomes[outcome.report.name] = outcome
        progress(
            f"[{done}/{len(futures)}] {outcome.report.name}: {outcome.status} "
            f"({outcome.seconds:.1f} s)" + (f" - {outcome.error}" if outcome.error else "")
        )
    return outcomes


def _outcome_of(
    future: Future, report: Report, pool: Executor, out_dir: Path, keys: dict[str, str]
) -> Outcome:
    """The outcome of one submitted report; a report lost with its Dask worker fails."""
    try:
        return dataclasses.replace(future.result(), report=report)
    except Exception as err:  # a report lost with its Dask worker fails, as locally
        if not hasattr(pool, "explain"):
            raise
        outcome = Outcome(report, Status.FAILED, error=pool.explain(err))
        record(
            out_dir, report, {"key": keys[report.name], "status": "failed", "error": outcome.error}
        )
        return outcome


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
        from dialogue_analysis.build.distributed import DaskExecutor
    except ImportError as err:
        raise DaskUnavailable(f"{DASK_EXTRA} ({err})") from None
    try:
        return DaskExecutor(dask, workers, run_id, expected)
    except ConnectionError as err:
        raise DaskUnavailable(str(err)) from None
