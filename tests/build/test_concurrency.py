"""Builds that go wrong: interrupted at any moment, or two at once, never tear an output file."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from dialogue_analysis.files import LOCK_FILE
from dialogue_analysis.paths import RAW_DIR
from dialogue_analysis.products import database
from tests.conftest import replace_in, snapshot

pytestmark = pytest.mark.slow


def _hear_ctrl_c() -> None:
    """In the child: take SIGINT as Ctrl-C even if this process was started ignoring it.

    A shell starts background jobs (``cmd &``) with SIGINT ignored, and Python then never turns
    SIGINT into KeyboardInterrupt: the build would finish and exit 0 whatever the test sent.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def popen(args: list[str]) -> subprocess.Popen:
    """``args`` started with piped text output, hearing SIGINT as Ctrl-C."""
    return subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_hear_ctrl_c,  # the test starts no threads of its own
    )


def start(raw: Path, out: Path) -> subprocess.Popen:
    return popen(
        [sys.executable, "-m", "dialogue_analysis", "data", "--raw", str(raw), "--out", str(out)]
    )


def outputs(out: Path) -> dict[str, bytes]:
    """Every output file under ``out`` (the processed tables and the research files beside them).

    Without the locks and staging files, whose names start with a dot; a DuckDB file stands for
    its contents (its header carries a random identifier: see ``products.database``).
    """
    files = {}
    for name, data in snapshot(out).items():
        if any(part.startswith(".") for part in name.split("/")):
            continue
        if name.endswith(".duckdb"):
            data = repr(database._contents(out / name)).encode()
        files[name] = data
    return files


def cli_build(raw: Path, out: Path) -> dict[str, bytes]:
    """``dialogue-analysis data`` run to the end, as the interrupted runs are: its outputs."""
    proc = start(raw, out)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return outputs(out)


def wait_until_writing(proc: subprocess.Popen, out: Path, timeout: float = 120) -> bool:
    """Wait until ``proc`` holds a build lock under ``out`` (it is writing); False if it ended.

    The moment to interrupt is measured from this observable event, not from the start: under
    load, a fixed delay after the start can land anywhere, even before the interpreter has
    started the program (where Ctrl-C is Python's, not the build's).
    """
    deadline = time.monotonic() + timeout
    child = psutil.Process(proc.pid)
    while time.monotonic() < deadline:
        try:
            if any(Path(f.path).name == LOCK_FILE for f in child.open_files()):
                return True
        except (psutil.NoSuchProcess, psutil.ZombieProcess):
            return False
        if proc.poll() is not None:
            return False
        time.sleep(0.005)
    raise AssertionError(f"the build did not start writing within {timeout} s")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_build_leaves_each_file_old_or_new(raw_copy, tmp_path, sig):
    out, new_out = tmp_path / "out", tmp_path / "expected_new"
    old = cli_build(raw_copy, out)
    replace_in(raw_copy / "editions.csv", "New York", "Manhattan")
    new = cli_build(raw_copy, new_out)
    interrupted = 0
    # From the moment the build takes its first lock: while it writes the tables, between them
    # and the research files, and while it writes those.
    for delay in (0.0, 0.05, 0.15, 0.4, 0.8, 1.5):
        proc = start(raw_copy, out)
        if wait_until_writing(proc, out):
            time.sleep(delay)
            proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
        interrupted += proc.returncode == 130
        assert "Traceback" not in err
        for name, data in outputs(out).items():
            assert data in (old.get(name), new.get(name)), f"{name} torn after {delay} s"
        assert not list(out.rglob(".build-*"))
    assert interrupted  # at least one run was stopped part-way, not only runs that had finished
    assert start(raw_copy, out).wait(timeout=120) == 0
    assert outputs(out) == new


def test_two_builds_at_once_do_not_corrupt_each_other(raw_copy, tmp_path):
    out, reference = tmp_path / "out", tmp_path / "reference"
    expected = cli_build(raw_copy, reference)
    procs = [start(raw_copy, out) for _ in range(3)]
    assert [p.wait(timeout=180) for p in procs] == [0, 0, 0]
    assert outputs(out) == expected


# Enough reports that an interrupted run is still busy after a few seconds (the shipped registry
# has some 215; the country profiles beyond two add nothing to what these tests check).
SOME = [
    "meeting_history",
    "membership",
    "body_profile_AFRIPOL",
    "body_profile_INTERPOL",
    "coverage_latest",
    "country_profile_KEN",
    "country_profile_USA",
]


def wait_for_line(proc: subprocess.Popen, prefix: str) -> str:
    """The first line of ``proc``'s output that starts with ``prefix`` ("" if it ends first)."""
    for line in proc.stdout:
        if line.startswith(prefix):
            return line
    return ""


def test_interrupted_report_run_stops_soon_and_the_next_run_repairs(tmp_path):
    out = tmp_path / "reports"
    # The processed data is built in tmp_path too, never in the repository's data/processed.
    cmd = [sys.executable, "-m", "dialogue_analysis", "report", "--out", str(out)]
    cmd += ["--data", str(tmp_path / "processed"), "--raw", str(RAW_DIR)]
    assert (
        subprocess.run(
            [*cmd, "--only", "meeting_history"], capture_output=True, check=False
        ).returncode
        == 0
    )
    proc = popen([*cmd, "--force", "--jobs", "1", "--only", *SOME])
    # Interrupt on an observable event, not after a fixed sleep (under load a build can be
    # anywhere by then): the line that reports the first of the seven finished. With one job
    # the next report is starting in the same warm kernel, and six are still to come.
    first = wait_for_line(proc, "[1/")
    assert first, "the run ended before finishing one report"
    kernels = psutil.Process(proc.pid).children(recursive=True)
    assert kernels  # the build was running a report
    started = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert time.monotonic() - started < 30  # it does not go on to build every report
    assert not [k for k in kernels if k.is_running() and k.status() != psutil.STATUS_ZOMBIE]
    assert "Traceback" not in err
    for html in out.glob("*.html"):
        assert html.read_text(encoding="utf-8").rstrip().endswith("</html>"), html.name
    assert not list(out.glob(".build-*"))
    again = subprocess.run([*cmd, "--only", *SOME], capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert "0 failed" in again.stdout
    for name in SOME:  # every report asked for is there, whole
        assert (out / f"{name}.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
