"""Build the registered reports: plan, execute, publish.

``run`` is the steps a build takes, in order: ``plan`` reads what the reports are built from and
decides, by each report's cache key, which to build, refresh or leave; ``execute`` runs the
notebooks (papermill, in parallel, on warm kernels here or on Dask) and writes each report;
``publish`` writes the site around them (the Data and Sources pages and the landing page).
A report is rebuilt only when the hash of what it depends on changes: the notebook, its
parameters, the processed tables it reads, the library code its output depends on and the report
stack's versions (``state``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from pathlib import Path

from dialogue_analysis import files
from dialogue_analysis.build import execute
from dialogue_analysis.build.execute import DaskUnavailable
from dialogue_analysis.build.plan import make_plan, read_inputs
from dialogue_analysis.build.publish import publish
from dialogue_analysis.build.registry import Report, check_parameters
from dialogue_analysis.paths import REPORTS_DIR
from dialogue_analysis.site.catalog import CACHE_DIR, Outcome, Status

__all__ = ["DaskUnavailable", "Outcome", "Status", "run", "summary"]


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
    settings = execute.Settings(jobs, show_code, timeout, warm, dask)
    with files.exclusive(out_dir):
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / CACHE_DIR).mkdir(exist_ok=True)
        inputs = read_inputs(reports, data_dir)
        plan = make_plan(reports, inputs, out_dir, show_code, force, only)
        execute.refresh(plan, out_dir)
        for r in plan.to_build:  # before any kernel starts (a cached report was checked when built)
            check_parameters(r)
        progress(plan.headline())
        built = execute.execute(plan, inputs, data_dir, out_dir, settings, progress)
        outcomes = [built.get(r.name) or plan.settled[r.name] for r in reports]
        publish(outcomes, inputs, data_dir, out_dir, progress)
        return outcomes


def summary(outcomes: Iterable[Outcome], out_dir: Path | None = None) -> list[str]:
    """Lines for the end of a run: counts, then every failure with its parameters and error.

    With ``out_dir``, a failure names its kept executed notebook only when there is one (a
    report lost with its Dask worker never ran to a notebook).
    """
    outcomes = list(outcomes)
    counts = {s: sum(o.status == s for o in outcomes) for s in Status}
    lines = [
        f"{counts[Status.BUILT]} built, "
        + (f"{counts[Status.REFRESHED]} refreshed, " if counts[Status.REFRESHED] else "")
        + f"{counts[Status.CACHED]} up to date, {counts[Status.FAILED]} failed"
        + (f", {counts[Status.NOT_BUILT]} not built yet" if counts[Status.NOT_BUILT] else "")
    ]
    for o in outcomes:
        if o.status == Status.FAILED:
            params = ", ".join(f"{k}={v!r}" for k, v in o.report.parameters.items()) or "defaults"
            kept = f"{o.report.name}.failed.ipynb"
            line = f"FAILED {o.report.name} ({o.report.notebook.name}; {params}): {o.error}"
            if out_dir is None or (Path(out_dir) / kept).is_file():
                line += f"; executed notebook kept as {kept}"
            lines.append(line)
    return lines
