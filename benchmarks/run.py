"""`make bench`: the project against what a user would do without it, measured side by side.

Every figure is the median of several runs (printed with min and max); ratios compare runs made
in this same invocation on this machine. Results go to stdout as a table and to
benchmarks/results/latest.json. `--quick` uses smaller data sizes and fewer repeats.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))

from synth import generate  # noqa: E402

RESULTS: dict[str, dict] = {}


def record(name: str, times: list[float]) -> dict:
    """Keep and print the median, min and max of ``times``."""
    row = {
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
        "runs": len(times),
        "unit": "s",
    }
    RESULTS[name] = row
    print(
        f"  {name:<58} {row['median']:8.3f} s  (min {row['min']:.3f}, max {row['max']:.3f}, "
        f"n={len(times)})",
        flush=True,
    )
    return row


def measure(
    name: str,
    fn: Callable[[], object],
    repeat: int,
    setup: Callable[[], object] | None = None,
) -> dict:
    """Run ``fn`` ``repeat`` times (``setup`` before each, untimed); keep median, min and max."""
    times = []
    for _ in range(repeat):
        if setup:
            setup()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return record(name, times)


def ratio(name: str, ours: str, baseline: str) -> None:
    value = RESULTS[ours]["median"] / RESULTS[baseline]["median"]
    RESULTS[name] = {"ratio": value, "ours": ours, "baseline": baseline}
    print(f"  {name:<58} {value:8.3f} x", flush=True)


def run(*cmd: str | Path, env: dict | None = None, cwd: Path | None = None) -> None:
    subprocess.run(
        [str(c) for c in cmd],
        check=True,
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


# 1. Report builds ---------------------------------------------------------------------------

# The naive loop's sample: every kind of report, a few country profiles (the loop is timed per
# report and scaled by the number of reports of each kind; the whole loop would take ~20 min).
NAIVE_SAMPLE = ("meeting_history", "membership", "body_profile_AFRIPOL", "coverage_latest")
NAIVE_COUNTRIES = ("country_profile_FRA", "country_profile_KEN", "country_profile_USA")
PROGRESS = re.compile(r"^\[\d+/\d+\] (\S+): (\w+) \(([\d.]+) s\)")


def _kind(name: str) -> str:
    return "country profile" if name.startswith("country_profile_") else "other report"


def bench_reports(work: Path, repeat: int) -> None:
    from dialogue_analysis import load
    from dialogue_analysis.build.registry import grid_tables, load_registry

    print("\n1. Report builds (every registered report)")
    raw, data_dir = work / "raw", work / "processed"
    shutil.copytree(ROOT / "data" / "raw", raw)  # a private copy: one row is edited below
    # A private copy of the registry and notebooks, so that one can be edited safely.
    project = work / "project"
    shutil.copytree(ROOT / "notebooks", project / "notebooks")
    shutil.copy(ROOT / "reports.toml", project / "reports.toml")
    data = load(data_dir, raw)
    reports = load_registry(grid_tables(data), project / "reports.toml", project / "notebooks")
    kinds = {
        k: sum(_kind(r.name) == k for r in reports) for k in ("other report", "country profile")
    }
    RESULTS["reports"] = {"count": len(reports), **kinds}
    print(
        f"  {len(reports)} reports: {kinds['other report']} others, "
        f"{kinds['country profile']} country profiles"
    )
    env = {**os.environ, "DIALOGUE_PROCESSED_DIR": str(data_dir)}

    def naive_one(r) -> None:  # noqa: ANN001
        out = work / "naive"
        out.mkdir(exist_ok=True)
        params = [x for k, v in r.parameters.items() for x in ("-p", k, str(v))]
        executed = out / f"{r.name}.ipynb"
        run(
            BIN / "papermill",
            r.notebook,
            executed,
            *params,
            "--cwd",
            r.notebook.parent,
            "--kernel",
            "python3",
            "--no-progress-bar",
            env=env,
        )
        run(BIN / "jupyter", "nbconvert", "--to", "html", executed, env=env)

    per_kind: dict[str, list[float]] = {"other report": [], "country profile": []}
    sample = [r for r in reports if r.name in NAIVE_SAMPLE + NAIVE_COUNTRIES]
    for _ in range(repeat):
        for r in sample:
            t0 = time.perf_counter()
            naive_one(r)
            per_kind[_kind(r.name)].append(time.perf_counter() - t0)
    for kind, times in per_kind.items():
        record(f"naive loop, one {kind} (papermill CLI + nbconvert CLI)", times)
    naive = sum(statistics.median(per_kind[k]) * n for k, n in kinds.items())
    RESULTS["naive loop, every report (estimated)"] = {
        "median": naive,
        "unit": "s",
        "how": "median per report of each kind, timed on "
        + ", ".join(r.name for r in sample)
        + ", times the number of reports of that kind",
    }
    print(f"  {'naive loop, every report (estimated: per kind x count)':<58} {naive:8.1f} s")

    def ours(*extra: str, out: str = "ours") -> list[str]:
        done = subprocess.run(
            [
                str(BIN / "dialogue-analysis"),
                "report",
                "--data",
                str(data_dir),
                "--raw",
                str(raw),
                "--out",
                str(work / out),
                "--registry",
                str(project / "reports.toml"),
                *extra,
            ],
            check=True,
            env=env,
            capture_output=True,
            text=True,
        )
        return done.stdout.splitlines()

    def cold() -> None:
        shutil.rmtree(work / "ours", ignore_errors=True)
        lines["cold"] = ours()

    lines: dict[str, list[str]] = {}
    jobs = f"{os.cpu_count()} jobs"
    measure(f"ours: cold build of every report, warm kernels, {jobs}", cold, repeat)
    ratio(
        "ratio cold build / naive loop (target <= 0.15)",
        f"ours: cold build of every report, warm kernels, {jobs}",
        "naive loop, every report (estimated)",
    )
    others = [r.name for r in reports if _kind(r.name) == "other report"]
    measure(
        f"ours: the {len(others)} other reports alone, --force, {jobs}",
        lambda: ours("--force", "--only", *others, out="others"),
        repeat,
    )
    added = (
        RESULTS[f"ours: cold build of every report, warm kernels, {jobs}"]["median"]
        - RESULTS[f"ours: the {len(others)} other reports alone, --force, {jobs}"]["median"]
    )
    RESULTS["country profiles add to a cold build"] = {"median": added, "unit": "s"}
    print(f"  {'the country profiles add to a cold build (target < 60 s)':<58} {added:8.1f} s")
    # Per profile in a warm kernel: the runner's own timing of each report, one job.
    profiles = [r.name for r in reports if _kind(r.name) == "country profile"]
    subset = profiles if len(profiles) <= 60 or repeat > 2 else profiles[::4]
    seconds = [
        float(m.group(3))
        for line in ours("--force", "--jobs", "1", "--only", *subset, out="profiles")
        if (m := PROGRESS.match(line)) and m.group(2) == "built"
    ][1:]  # the first report also starts the kernel and imports everything
    record(f"one country profile in a warm kernel, built (median of {len(seconds)})", seconds)
    kernel = _profile_kernel_seconds(data_dir, project / "notebooks", subset[:12])
    record("one country profile: kernel reset + notebook only (median)", kernel)
    measure("ours: no-op, every report up to date (target <= 1 s)", ours, max(repeat, 3))
    # One country's membership row changes: which reports run again, which are refreshed.
    edits = iter(range(1_000_000))
    row = "AU,Kenya,member,1963-05-25,,,,,vi0-wiki-african-union,,worldpopulationreview-au,medium,"
    original = (raw / "memberships.csv").read_text(encoding="utf-8")
    assert row + "\n" in original, "the benchmark's row to edit is gone from memberships.csv"

    def edit() -> None:
        text = original.replace(row + "\n", f"{row}checked {next(edits)}\n", 1)
        (raw / "memberships.csv").write_text(text, encoding="utf-8")

    def changed() -> None:
        lines["changed"] = ours()

    measure("ours: after one country's membership row changed", changed, repeat, setup=edit)
    built = sorted(
        m.group(1)
        for line in lines["changed"]
        if (m := PROGRESS.match(line)) and m.group(2) == "built"
    )
    refreshed = next((line for line in lines["changed"] if "refreshed" in line), "")
    RESULTS["one row changed: reports run again"] = {"names": built, "count": len(built)}
    print(f"  one Kenyan row changed: {len(built)} reports run again: {', '.join(built)}")
    print(f"  {refreshed.strip()}")
    nb = project / "notebooks" / "membership.ipynb"
    original_nb = nb.read_bytes()
    counter = iter(range(1_000_000))

    def edit_notebook() -> None:  # a change to the notebook's bytes, as saving it in Jupyter would
        meta = json.loads(original_nb)
        meta["metadata"]["bench_edit"] = next(counter)
        nb.write_text(json.dumps(meta, indent=1))

    n_edit = sum(r.notebook.name == nb.name for r in reports)
    measure(
        f"ours after editing one notebook ({n_edit} of {len(reports)} reports)",
        ours,
        repeat,
        setup=edit_notebook,
    )
    sizes = {p.name: p.stat().st_size for p in sorted((work / "ours").glob("*.html"))}
    RESULTS["html_bytes"] = {
        "total": sum(sizes.values()),
        "files": len(sizes),
        "largest": max(sizes.values()),
    }
    print(
        f"  HTML: {len(sizes)} files, {sum(sizes.values()) / 1e6:.1f} MB in all, the largest "
        f"{max(sizes.values()) / 1000:.0f} kB (index.html included)"
    )
    bench_dask(project / "reports.toml", data_dir, work)


def _profile_kernel_seconds(data_dir: Path, notebooks: Path, names: list[str]) -> list[float]:
    """Seconds of the kernel's work per country profile: the reset, then the notebook."""
    import papermill

    from dialogue_analysis.build import kernels
    from dialogue_analysis.build.execute import KERNEL_ARGUMENTS

    env = {**os.environ, "DIALOGUE_PROCESSED_DIR": str(data_dir)}
    pool = kernels.KernelPool(KERNEL_ARGUMENTS, env=env)
    notebook = notebooks / "country_profile.ipynb"
    times = []

    def execute(code: str) -> Callable:
        return lambda km, kc: papermill.execute_notebook(
            str(notebook),
            str(data_dir.parent / "profile.ipynb"),
            parameters={"country": code},
            engine_name=kernels.ENGINE_NAME,
            km=km,
            kc=kc,
            kernel_name="python3",
            progress_bar=False,
            request_save_on_cell_execute=False,
        )

    try:
        pool.run(str(notebooks), execute(names[0].removeprefix("country_profile_")))  # untimed
        for name in names[1:]:
            t0 = time.perf_counter()
            pool.run(str(notebooks), execute(name.removeprefix("country_profile_")))
            times.append(time.perf_counter() - t0)
    finally:
        pool.close()
    return times


def bench_dask(registry: Path, data_dir: Path, work: Path) -> None:
    """A forced build here and on a Dask LocalCluster with as many workers (the dask extra)."""
    try:
        from distributed_bench import time_builds
    except ImportError as err:
        print(f"  Dask comparison skipped: {err}")
        return
    jobs = os.cpu_count() or 1
    found = time_builds(registry, data_dir, work / "dask-bench", jobs)
    for name, value in found.items():
        if name != "reports":
            RESULTS[f"dask comparison: {name}"] = {"median": value, "runs": 1, "unit": "s"}
            print(
                f"  {'forced build, ' + name.replace('_', ' ') + f' ({jobs} jobs)':<58} "
                f"{value:8.1f} s  (n=1)"
            )
    RESULTS["ratio dask total / local"] = {"ratio": found["dask_total"] / found["local"]}
    print(
        f"  {'ratio Dask LocalCluster (start + build) / local':<58} "
        f"{found['dask_total'] / found['local']:8.3f} x"
    )


# 2. Per-report fixed cost -------------------------------------------------------------------


def bench_fixed_cost(work: Path, repeat: int) -> None:
    import nbformat
    from jupyter_client.manager import start_new_kernel
    from nbconvert import HTMLExporter

    from dialogue_analysis.site import export

    print("\n2. Where one report's time goes (meeting_history)")
    os.environ["DIALOGUE_PROCESSED_DIR"] = str(work / "processed")
    nb = nbformat.read(ROOT / "notebooks" / "meeting_history.ipynb", as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    stages: dict[str, list[float]] = {
        "kernel start": [],
        "imports (first cell)": [],
        "rest of the notebook": [],
    }
    for _ in range(repeat):
        t0 = time.perf_counter()
        km, kc = start_new_kernel(
            kernel_name="python3",
            cwd=str(ROOT / "notebooks"),
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
        t1 = time.perf_counter()
        kc.execute_interactive(code[0], timeout=600, output_hook=lambda msg: None)
        t2 = time.perf_counter()
        for source in code[1:]:
            kc.execute_interactive(source, timeout=600, output_hook=lambda msg: None)
        t3 = time.perf_counter()
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        for name, value in zip(stages, (t1 - t0, t2 - t1, t3 - t2), strict=True):
            stages[name].append(value)
    for name, times in stages.items():
        record(name, times)
    bench_warm_cost(work, repeat)
    executed = sorted((work / "ours").glob("meeting_history.ipynb"))
    if executed:
        done = nbformat.read(executed[0], as_version=4)
        measure(
            "HTML export, new exporter each time",
            lambda: HTMLExporter(
                template_name="compact", extra_template_basedirs=[str(export.TEMPLATES_DIR)]
            ).from_notebook_node(done),
            repeat,
        )
        measure("HTML export, reused exporter", lambda: export.to_html(done, "t", []), repeat)


def bench_warm_cost(work: Path, repeat: int) -> None:
    """One report's fixed cost in a warm kernel: the reset, then papermill on the running kernel."""
    import papermill

    from dialogue_analysis.build import kernels
    from dialogue_analysis.build.execute import KERNEL_ARGUMENTS

    notebook = ROOT / "notebooks" / "meeting_history.ipynb"
    cwd = str(notebook.parent)
    pool = kernels.KernelPool(KERNEL_ARGUMENTS)
    times: dict[str, list[float]] = {
        "warm kernel: the reset before a report": [],
        "warm kernel: reset + whole notebook (papermill)": [],
    }

    def execute(km, kc) -> None:  # noqa: ANN001
        papermill.execute_notebook(
            str(notebook),
            str(work / "warm.ipynb"),
            engine_name=kernels.ENGINE_NAME,
            km=km,
            kc=kc,
            kernel_name="python3",
            cwd=cwd,
            progress_bar=False,
            request_save_on_cell_execute=False,
        )

    try:
        pool.run(cwd, execute)  # start the kernel and import everything once, untimed
        for _ in range(repeat):
            t0 = time.perf_counter()
            pool.run(cwd, lambda km, kc: None)  # the reset alone
            t1 = time.perf_counter()
            pool.run(cwd, execute)  # its own reset, then the notebook
            t2 = time.perf_counter()
            times["warm kernel: the reset before a report"].append(t1 - t0)
            times["warm kernel: reset + whole notebook (papermill)"].append(t2 - t1)
    finally:
        pool.close()
    for name, values in times.items():
        record(name, values)


# 3. Data pipeline scaling -------------------------------------------------------------------

STAGE_SCRIPT = """
import json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from dialogue_analysis.data import package, pipeline
t1 = time.perf_counter()
raw, out = Path(sys.argv[1]), Path(sys.argv[2])
frames, problems = pipeline._read_all(raw)
t2 = time.perf_counter()
clean, problems = pipeline.clean_all(raw)
t3 = time.perf_counter()
assert not problems, problems[:3]
out.mkdir(parents=True, exist_ok=True)
package.write(pipeline._finalise(clean), package.raw_inputs(raw), raw, out)
t4 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "read": t2 - t1, "clean+validate": (t3 - t2) - (t2 - t1),
                  "write": (t4 - t3),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def bench_pipeline(work: Path, sizes: list[int], repeat: int) -> None:
    print("\n3. Data pipeline: clean + validate + write, synthetic raw tables (messy spellings)")
    rows = {}
    for n in sizes:
        raw = generate(work / f"raw_{n}", n)
        runs = []
        for _ in range(repeat):
            shutil.rmtree(work / f"out_{n}", ignore_errors=True)
            out = subprocess.run(
                [sys.executable, "-c", STAGE_SCRIPT, raw, work / f"out_{n}"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            runs.append(json.loads(out))
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        lo = {k: min(r[k] for r in runs) for k in runs[0]}
        hi = {k: max(r[k] for r in runs) for k in runs[0]}
        rows[n] = {"median": med, "min": lo, "max": hi, "runs": repeat}
        print(
            f"  {n:>9,} rows: read {med['read']:.2f} s, clean+validate "
            f"{med['clean+validate']:.2f} s, write {med['write']:.2f} s, "
            f"peak RSS {med['peak_rss_mb']:.0f} MB "
            f"(n={repeat}; read min/max {lo['read']:.2f}/{hi['read']:.2f})",
            flush=True,
        )
    sizes_sorted = sorted(rows)
    for a, b in zip(sizes_sorted, sizes_sorted[1:], strict=False):
        t_a = rows[a]["median"]["read"] + rows[a]["median"]["clean+validate"]
        t_b = rows[b]["median"]["read"] + rows[b]["median"]["clean+validate"]
        print(f"  growth {a:,} -> {b:,} rows (x{b / a:.0f}): read+clean+validate x{t_b / t_a:.1f}")
    RESULTS["pipeline"] = rows


# 4. Query helpers ---------------------------------------------------------------------------


def bench_queries(work: Path, n: int, repeat: int) -> None:
    import dialogue_analysis as da

    print(f"\n4. Query helpers on {n:,} synthetic membership rows")
    data = da.load(work / f"out_{n}", work / f"raw_{n}")
    measure(
        "members('AFRIPOL', as_of='2000-01-01')",
        lambda: da.members("AFRIPOL", "2000-01-01", data),
        repeat,
    )
    measure(
        "bodies_of('FRA', as_of='2000-01-01')",
        lambda: da.bodies_of("FRA", "2000-01-01", data),
        repeat,
    )
    measure("coverage(as_of='2000-01-01')", lambda: da.coverage("2000-01-01", data), repeat)
    measure(
        "overlap_matrix(as_of='2000-01-01')",
        lambda: da.overlap_matrix("2000-01-01", data=data),
        repeat,
    )
    measure(
        "overlap_matrix(as_of='2000-01-01', metric='jaccard')",
        lambda: da.overlap_matrix("2000-01-01", "jaccard", data),
        repeat,
    )
    measure(
        "membership_changes('1990-01-01', '2000-01-01')",
        lambda: da.membership_changes("1990-01-01", "2000-01-01", data),
        repeat,
    )
    table = da.coverage("2000-01-01", data)
    RESULTS["coverage rows"] = {"countries": len(table), "bodies": int(table["n_bodies"].max())}
    print(f"  (coverage: {len(table):,} countries, up to {table['n_bodies'].max()} bodies each)")


# 5. Import time -----------------------------------------------------------------------------


def bench_imports(repeat: int) -> None:
    print("\n5. Cold import cost (new interpreter each run)")
    py = sys.executable
    measure("python -c pass", lambda: run(py, "-c", "pass"), repeat)
    measure("import dialogue_analysis", lambda: run(py, "-c", "import dialogue_analysis"), repeat)
    measure(
        "import dialogue_analysis; load a table",
        lambda: run(py, "-c", "import dialogue_analysis as d; d.load()"),
        repeat,
    )
    heavy = subprocess.run(
        [
            py,
            "-c",
            "import sys, dialogue_analysis; print(sorted(m for m in "
            "('matplotlib', 'papermill', 'nbconvert', 'pandas') if m in "
            "sys.modules))",
        ],
        capture_output=True,
        text=True,
    ).stdout.strip()
    RESULTS["modules loaded by import dialogue_analysis"] = {"modules": heavy}
    print(f"  heavy modules loaded by 'import dialogue_analysis': {heavy}")
    measure("import nbformat (batch .venv)", lambda: run(py, "-c", "import nbformat"), repeat)
    lab = ROOT / ".venv-lab" / "bin" / "python"
    if lab.exists():
        measure(
            "import nbformat (.venv-lab with JupyterLab)",
            lambda: run(lab, "-c", "import nbformat"),
            repeat,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer repeats")
    args = parser.parse_args()
    repeat = 2 if args.quick else 3
    sizes = [1_000, 10_000, 100_000] if args.quick else [1_000, 10_000, 100_000, 1_000_000]
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; {'quick' if args.quick else 'full'} run"
    )
    RESULTS["machine"] = {
        "cores": os.cpu_count(),
        "arch": platform.machine(),
        "python": platform.python_version(),
    }
    with tempfile.TemporaryDirectory(prefix="dialogue-bench-") as tmp:
        work = Path(tmp)
        bench_reports(work, repeat)
        bench_fixed_cost(work, repeat)
        bench_pipeline(work, sizes, repeat)
        bench_queries(work, sizes[-1], repeat)
        bench_imports(5)
    out = HERE / "results" / "latest.json"
    out.write_text(json.dumps(RESULTS, indent=2, default=str) + "\n")
    print(f"\nWrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
