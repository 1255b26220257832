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


def bench_reports(work: Path, repeat: int, serial_cold: bool = False) -> None:
    from dialogue_analysis import load
    from dialogue_analysis.reports.registry import grid_tables, load_registry

    print("\n1. Report builds (all registered reports)")
    data_dir = work / "processed"
    load(data_dir)
    # A private copy of the registry and notebooks, so that one can be edited safely.
    project = work / "project"
    shutil.copytree(ROOT / "notebooks", project / "notebooks")
    shutil.copy(ROOT / "reports.toml", project / "reports.toml")
    data = load(data_dir)
    reports = load_registry(
        grid_tables(data),
        project / "reports.toml",
        project / "notebooks",
    )
    RESULTS["reports"] = {"count": len(reports)}
    env = {**os.environ, "DIALOGUE_PROCESSED_DIR": str(data_dir)}

    def baseline() -> None:
        out = work / "baseline"
        out.mkdir(exist_ok=True)
        for r in reports:
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

    def ours(*extra: str) -> Callable[[], None]:
        return lambda: run(
            BIN / "dialogue-analysis",
            "report",
            "--data",
            data_dir,
            "--out",
            work / "ours",
            "--registry",
            project / "reports.toml",
            *extra,
            env=env,
        )

    jobs = f"default jobs ({os.cpu_count()})"
    measure("baseline: papermill CLI + nbconvert CLI, one by one", baseline, repeat)
    measure(f"ours --force, warm kernels, {jobs}", ours("--force"), repeat)
    measure("ours --force, warm kernels, --jobs 1", ours("--force", "--jobs", "1"), repeat)
    measure(f"ours --force --cold (kernel per report), {jobs}", ours("--force", "--cold"), repeat)
    if serial_cold:  # the slowest variant (~70 s a run): only when asked for
        measure(
            "ours --force --cold (kernel per report), --jobs 1",
            ours("--force", "--cold", "--jobs", "1"),
            repeat,
        )
    measure("ours no-op (nothing changed)", ours(), repeat)
    nb = project / "notebooks" / "membership.ipynb"
    original = nb.read_bytes()
    counter = iter(range(1_000_000))

    def edit() -> None:  # a change to the notebook's bytes, as saving it in Jupyter would make
        meta = json.loads(original)
        meta["metadata"]["bench_edit"] = next(counter)
        nb.write_text(json.dumps(meta, indent=1))

    n_edit = sum(r.notebook.name == nb.name for r in reports)
    measure(
        f"ours after editing one notebook ({n_edit} of {len(reports)} reports)",
        ours(),
        repeat,
        setup=edit,
    )
    base = "baseline: papermill CLI + nbconvert CLI, one by one"
    ratio("ratio warm default jobs / baseline", f"ours --force, warm kernels, {jobs}", base)
    ratio("ratio warm --jobs 1 / baseline", "ours --force, warm kernels, --jobs 1", base)
    ratio(
        "ratio --cold default jobs / baseline",
        f"ours --force --cold (kernel per report), {jobs}",
        base,
    )
    if serial_cold:
        ratio(
            "ratio --cold --jobs 1 / baseline",
            "ours --force --cold (kernel per report), --jobs 1",
            base,
        )
    ratio("ratio no-op / baseline", "ours no-op (nothing changed)", base)
    ratio(
        "ratio one-notebook edit / baseline",
        f"ours after editing one notebook ({n_edit} of {len(reports)} reports)",
        base,
    )
    sizes = {p.name: p.stat().st_size for p in sorted((work / "ours").glob("*.html"))}
    RESULTS["html_bytes"] = sizes
    print(
        f"  HTML sizes: {len(sizes)} files, {min(sizes.values()) / 1000:.0f} to "
        f"{max(sizes.values()) / 1000:.0f} kB (index.html included); all in results JSON"
    )


# 2. Per-report fixed cost -------------------------------------------------------------------


def bench_fixed_cost(work: Path, repeat: int) -> None:
    import nbformat
    from jupyter_client.manager import start_new_kernel
    from nbconvert import HTMLExporter

    from dialogue_analysis.reports import export

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

    from dialogue_analysis.reports import kernels, runner

    notebook = ROOT / "notebooks" / "meeting_history.ipynb"
    cwd = str(notebook.parent)
    pool = kernels.KernelPool(runner.KERNEL_ARGUMENTS)
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
    parser.add_argument(
        "--serial-cold",
        action="store_true",
        help="also time --cold --jobs 1 (a fresh kernel per report, one at a time; ~3.5 min)",
    )
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
        bench_reports(work, repeat, args.serial_cold)
        bench_fixed_cost(work, repeat)
        bench_pipeline(work, sizes, repeat)
        bench_queries(work, sizes[-1], repeat)
        bench_imports(5)
    out = HERE / "results" / "latest.json"
    out.write_text(json.dumps(RESULTS, indent=2, default=str) + "\n")
    print(f"\nWrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
