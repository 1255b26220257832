"""Builds on Dask: a LocalCluster and a real scheduler give the bytes a local build gives.

The registry is small (three reports of two tiny notebooks, one drawing a chart with its CSV), so
what is tested is the path, not the notebooks: outputs byte-identical to a local build, warm
kernels on the workers and none left behind, the cache, failures and lost workers as locally, and
a clear exit when the scheduler cannot be reached.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell

from dialogue_analysis import cli
from dialogue_analysis.reports import kernels, runner
from dialogue_analysis.reports.registry import Report
from tests.conftest import snapshot, tiny_data_folder, write_notebook

distributed = pytest.importorskip("distributed", reason="needs the dask extra")

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent

PARAMETERS = "x = 1  # a number\nlabel = 'a'  # a title\nfail = False  # raise?"
# Where the kernel ran: its parent (the process that started it) and its own pid, in a file
# beside the notebook, so that the report's outputs stay the same wherever it runs.
WHERE = """\
import os
with open(f"ran-{label}.txt", "a") as fh:
    fh.write(f"{os.getppid()} {os.getpid()}\\n")"""
CHART = """\
import pandas as pd
from dialogue_analysis.views import style
frame = pd.DataFrame({"year": ["2016", "2019", "2024"], "meetings": [1, 2, x]})
fig, ax = style.new_figure(2.0)
ax.bar(frame["year"], frame["meetings"])
ax.set_ylabel("meetings")
style.finish(fig, f"{label}: meetings by year", data=frame)"""
TEXT = """\
import pandas as pd
print(f"{label}: {x * 2}")
pd.DataFrame({"body": ["A", "B"], "n": [x, x + 1]})"""


def notebook(path: Path, body: str) -> Path:
    return write_notebook(
        path,
        [
            new_code_cell(PARAMETERS, metadata={"tags": ["parameters"]}),
            new_markdown_cell("# A small report"),
            new_code_cell("if fail:\n    raise ValueError('told to fail')"),
            new_code_cell(WHERE),
            new_code_cell(body),
        ],
    )


REGISTRY = """\
[[report]]
name = "chart_1"
notebook = "chart.ipynb"
title = "Chart 1"
description = "A chart and its data."
parameters = { x = 1, label = "chart1" }

[[report]]
name = "chart_2"
notebook = "chart.ipynb"
title = "Chart 2"
description = "Another chart."
parameters = { x = 2, label = "chart2" }

[[report]]
name = "text"
notebook = "text.ipynb"
title = "Text"
description = "Printed lines and a table."
parameters = { x = 5, label = "text" }
"""


@pytest.fixture
def small(tmp_path: Path) -> tuple[list[Report], Path]:
    """Three reports (two charts, one text) and a minimal processed folder: (reports, data)."""
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    data = tiny_data_folder(tmp_path)
    chart, text = notebook(nb_dir / "chart.ipynb", CHART), notebook(nb_dir / "text.ipynb", TEXT)
    regs = [
        Report(f"chart_{i}", chart, f"Chart {i}", "c", {"x": i, "label": f"chart{i}"})
        for i in (1, 2)
    ] + [Report("text", text, "Text", "t", {"x": 5, "label": "text"})]
    return regs, data


def outputs(out: Path) -> dict[str, bytes]:
    """Every file a build wrote, but the cache records (their key hashes the library's source).

    The records are compared by what they are for: the next run, local or not, builds nothing.
    """
    return {
        name: data
        for name, data in snapshot(out).items()
        if not (name.startswith(".cache/") and name.count(".") == 2)  # .cache/<name>.json
    }


def statuses(outcomes: list[runner.Outcome]) -> dict[str, str]:
    return {o.report.name: o.status for o in outcomes}


def kernels_ran(nb_dir: Path) -> list[tuple[int, int]]:
    """(parent pid, kernel pid) of every report run so far; the files are then removed."""
    found = []
    for f in sorted(nb_dir.glob("ran-*.txt")):
        found += [tuple(map(int, line.split())) for line in f.read_text().splitlines()]
        f.unlink()
    return found


def test_a_local_cluster_builds_the_bytes_of_a_local_build_in_warm_worker_kernels(small, tmp_path):
    regs, data = small
    nb_dir = regs[0].notebook.parent
    here = runner.run(regs, data, tmp_path / "local", jobs=2)
    assert set(statuses(here).values()) == {"built"}
    assert {parent for parent, _ in kernels_ran(nb_dir)} == {os.getpid()}

    progress: list[str] = []
    there = runner.run(
        regs, data, tmp_path / "dask", jobs=2, dask="local", progress=progress.append
    )
    assert set(statuses(there).values()) == {"built"}
    assert [o.report for o in there] == regs  # the caller's reports, in registry order
    assert progress[0] == "3 reports: 3 to build, 0 up to date"
    counted = [line.split(": ")[0].split(" ") for line in progress if line.startswith("[")]
    assert [n for n, _ in counted] == ["[1/3]", "[2/3]", "[3/3]"]
    assert sorted(name for _, name in counted) == ["chart_1", "chart_2", "text"]
    expected = outputs(tmp_path / "local")
    assert {"chart_1.html", "chart_1.ipynb", "index.html", "thumbs/chart_1.png"} <= set(expected)
    assert "data/chart_2/01-chart.csv" in expected and ".cache/text.card.json" in expected
    assert outputs(tmp_path / "dask") == expected
    # The cache records are those of a local build: building the same folder here does nothing.
    again = runner.run(regs, data, tmp_path / "dask", jobs=2)
    assert set(statuses(again).values()) == {"cached"}

    ran = kernels_ran(nb_dir)
    parents, kernel_pids = {p for p, _ in ran}, {k for _, k in ran}
    assert os.getpid() not in parents  # the kernels were started by the worker processes
    assert len(ran) == 3 and len(kernel_pids) < 3  # a worker reused its warm kernel
    assert not [p for p in kernel_pids if psutil.pid_exists(p) and _alive(p)]


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_a_report_whose_worker_dies_fails_and_the_others_build(small, tmp_path):
    regs, data = small
    killer = notebook(regs[0].notebook.parent / "killer.ipynb", "os.kill(os.getppid(), 9)")
    lost = Report("killer", killer, "Killer", "k", {"label": "killer"})
    started = time.monotonic()
    outcomes = runner.run([regs[2], lost], data, tmp_path / "out", jobs=2, dask="local")
    assert statuses(outcomes) == {"text": "built", "killer": "failed"}
    assert "KilledWorker" in outcomes[1].error and "died" in outcomes[1].error
    assert json.loads((tmp_path / "out/.cache/killer.json").read_text())["status"] == "failed"
    assert "failed" in (tmp_path / "out/index.html").read_text()
    assert time.monotonic() - started < 60
    # The summary names no executed notebook: the report never ran to one.
    lines = runner.summary(outcomes, tmp_path / "out")
    assert lines[1].startswith("FAILED killer") and ".failed.ipynb" not in lines[1]


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A ``dask scheduler`` and two ``dask worker`` processes (one thread each): its address.

    The workers run in another folder than the tests, as they would on another machine.
    """
    root = tmp_path_factory.mktemp("dask")
    file = root / "scheduler.json"
    common = ["--no-dashboard"]
    procs = [
        subprocess.Popen(
            [BIN / "dask", "scheduler", "--scheduler-file", file, "--port", "0", *common],
            cwd=root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        deadline = time.monotonic() + 30
        while not file.is_file() or not file.read_text().strip():
            assert procs[0].poll() is None, "dask scheduler exited"
            assert time.monotonic() < deadline, "dask scheduler did not start"
            time.sleep(0.1)
        procs += [
            subprocess.Popen(
                [BIN / "dask", "worker", "--scheduler-file", file, "--nthreads", "1", *common],
                cwd=root,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(2)
        ]
        with distributed.Client(scheduler_file=str(file), timeout=30) as client:
            client.wait_for_workers(2, timeout=60)
            address = client.scheduler.address
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in reversed(procs):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture
def cli_project(tmp_path: Path, processed: Path) -> tuple[list[str], Path]:
    """A registry file with its notebooks, and the CLI arguments that build it: (args, root)."""
    (tmp_path / "notebooks").mkdir()
    notebook(tmp_path / "notebooks" / "chart.ipynb", CHART)
    notebook(tmp_path / "notebooks" / "text.ipynb", TEXT)
    (tmp_path / "reports.toml").write_text(REGISTRY)
    args = ["report", "--registry", str(tmp_path / "reports.toml"), "--data", str(processed)]
    return args, tmp_path


def test_a_real_scheduler_builds_the_bytes_of_a_local_build_and_caches_as_locally(
    scheduler, cli_project, capsys
):
    args, root = cli_project
    assert cli.main([*args, "--out", str(root / "local"), "--jobs", "2"]) == 0
    capsys.readouterr()
    assert {p for p, _ in kernels_ran(root / "notebooks")} == {os.getpid()}
    assert cli.main([*args, "--out", str(root / "dask"), "--dask", scheduler]) == 0
    out = capsys.readouterr().out
    assert "3 reports: 3 to build" in out and "3 built, 0 up to date, 0 failed" in out
    expected = outputs(root / "local")
    assert {"chart_1.html", "text.html", "data.html", "sources.html"} <= set(expected)
    assert outputs(root / "dask") == expected
    assert os.getpid() not in {p for p, _ in kernels_ran(root / "notebooks")}

    # Nothing changed: nothing is built (nor sent to the cluster).
    assert cli.main([*args, "--out", str(root / "dask"), "--dask", scheduler]) == 0
    out = capsys.readouterr().out
    assert "0 to build, 3 up to date" in out and "0 built, 3 up to date" in out
    assert kernels_ran(root / "notebooks") == []
    # An edited notebook rebuilds its reports only.
    notebook(root / "notebooks" / "text.ipynb", TEXT.replace("x * 2", "x * 3"))
    assert cli.main([*args, "--out", str(root / "dask"), "--dask", scheduler]) == 0
    assert "1 built, 2 up to date" in capsys.readouterr().out

    # No kernel outlives the run on the workers.
    with distributed.Client(scheduler, timeout=30) as client:
        children = client.run(lambda: len(psutil.Process().children(recursive=True)))
    assert set(children.values()) == {0}


def test_a_failing_notebook_on_dask_fails_and_keeps_the_previous_html(small, scheduler, tmp_path):
    regs, data = small
    out = tmp_path / "out"
    assert set(statuses(runner.run(regs, data, out, dask=scheduler)).values()) == {"built"}
    before = (out / "text.html").read_bytes()
    broken = Report("text", regs[2].notebook, "Text", "t", {"x": 9, "fail": True})
    outcomes = runner.run([regs[0], regs[1], broken], data, out, dask=scheduler)
    assert statuses(outcomes) == {"chart_1": "cached", "chart_2": "cached", "text": "failed"}
    assert "ValueError: told to fail" in outcomes[2].error and "cell [" in outcomes[2].error
    assert (out / "text.html").read_bytes() == before
    assert (out / "text.failed.ipynb").is_file()
    assert 'href="text.failed.ipynb"' in (out / "index.html").read_text()
    # The next run retries it even though nothing changed.
    assert statuses(runner.run([broken], data, out, dask=scheduler)) == {"text": "failed"}


def test_an_unreachable_scheduler_exits_1_with_a_clear_message(cli_project, capsys):
    args, root = cli_project
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # a port nothing listens on (bound, never listened)
        started = time.monotonic()
        code = cli.main([*args, "--out", str(root / "out"), "--dask", f"tcp://127.0.0.1:{port}"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in err
    assert "Traceback" not in err
    assert time.monotonic() - started < 30
    assert not (root / "out" / "chart_1.html").exists()


def test_a_worker_closing_shuts_its_kernels_down(small):
    from dialogue_analysis.reports.distributed import KernelPlugin

    regs, _ = small
    spec = kernels.PoolSpec("test-plugin", tuple(runner.KERNEL_ARGUMENTS))
    started = []
    kernels.pool_for(spec).run(
        str(regs[0].notebook.parent), lambda km, kc: started.append(km.provisioner.pid)
    )
    assert _alive(started[0])
    KernelPlugin().teardown(None)
    assert not _alive(started[0])
    kernels.close_pools("test-plugin")
    with pytest.raises(kernels.RunStopped):  # a report of a finished run starts no kernel
        kernels.pool_for(spec)


def test_without_the_dask_extra_the_cli_says_what_to_install(small, tmp_path, monkeypatch, capsys):
    find_spec = cli.importlib.util.find_spec
    monkeypatch.setattr(
        cli.importlib.util,
        "find_spec",
        lambda name: None if name == "distributed" else find_spec(name),
    )
    # --data in tmp_path: were the check to come after loading, the repository's data/processed
    # would be built.
    argv = ["report", "--data", str(tmp_path / "processed"), "--out", str(tmp_path / "out")]
    assert cli.main([*argv, "--dask", "local"]) == 1
    err = capsys.readouterr().err
    assert "pip install '.[dask]'" in err and "Traceback" not in err
    # The library says the same, before building anything.
    monkeypatch.setitem(sys.modules, "distributed", None)
    monkeypatch.delitem(sys.modules, "dialogue_analysis.reports.distributed", raising=False)
    regs, data = small
    with pytest.raises(runner.DaskUnavailable, match=r"pip install '\.\[dask\]'"):
        runner.run(regs, data, tmp_path / "lib", dask="local")
    assert not (tmp_path / "lib" / "chart_1.html").exists()
