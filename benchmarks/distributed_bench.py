"""A forced full build on this process's threads, then on a Dask LocalCluster with as many workers.

``time_builds`` is called by ``benchmarks/run.py``; run alone, it times the shipped registry on
``data/processed``: ``python benchmarks/distributed_bench.py [--jobs N]`` (needs the dask extra).
The cluster's start-up (scheduler and worker processes) is timed apart from the build on it; the
build on the cluster includes the workers' kernel starts, as the local build includes its own.
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
import time
from pathlib import Path

from dialogue_analysis.build import runner
from dialogue_analysis.build.registry import REGISTRY_FILE, grid_tables, load_registry
from dialogue_analysis.data.dataset import load
from dialogue_analysis.paths import PROCESSED_DIR


def time_builds(registry_path: Path, data_dir: Path, out_root: Path, jobs: int) -> dict[str, float]:
    """Seconds for a forced build of every report of ``registry_path``, here and on Dask.

    Args:
        registry_path: A ``reports.toml``; its notebooks are in ``notebooks/`` beside it.
        data_dir: The processed data folder the reports read (already built).
        out_root: Where the two builds write (``local/`` and ``dask/`` under it).
        jobs: Threads of the local build, single-threaded worker processes of the cluster.

    Returns:
        ``local``: the build on ``jobs`` threads; ``dask_cluster_start``: starting a
        ``LocalCluster`` of ``jobs`` workers until they are all ready; ``dask_build``: the same
        build on that cluster (through its scheduler address); ``dask_total``: the two together;
        ``reports``: how many reports were built.
    """
    from distributed import Client

    from dialogue_analysis.build.distributed import local_cluster

    data = load(processed_dir=data_dir, rebuild=False)
    reports = load_registry(grid_tables(data), registry_path, registry_path.parent / "notebooks")

    def build(out: Path, dask: str | None) -> float:
        start = time.perf_counter()
        outcomes = runner.run(
            reports, data_dir, out, jobs=jobs, force=True, progress=lambda _: None, dask=dask
        )
        seconds = time.perf_counter() - start
        failed = [o.report.name for o in outcomes if o.status == "failed"]
        if failed:
            raise RuntimeError(f"reports failed: {', '.join(failed)}")
        return seconds

    results = {"local": build(out_root / "local", None)}
    start = time.perf_counter()
    with local_cluster(jobs) as cluster:
        with Client(cluster) as client:
            client.wait_for_workers(jobs)
        results["dask_cluster_start"] = time.perf_counter() - start
        results["dask_build"] = build(out_root / "dask", cluster.scheduler_address)
    results["dask_total"] = results["dask_cluster_start"] + results["dask_build"]
    results["reports"] = float(len(reports))
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    logging.getLogger("distributed").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        found = time_builds(REGISTRY_FILE, PROCESSED_DIR, Path(tmp), args.jobs)
    print(json.dumps({k: round(v, 2) for k, v in found.items()}, indent=2))
