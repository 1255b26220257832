"""Run one test many times in a row with every core busy, to show it is not flaky.

A test that passes alone and fails in the full suite usually depends on timing; running it
repeatedly while busy loops hold every core reproduces the full suite's load. Made for
``tests/build/test_concurrency.py::test_interrupted_report_run_stops_soon_and_the_next_run_repairs``
(the default), which interrupts a report build and checks that the next run repairs it.

Usage (from the worktree):
    .venv/bin/python scripts/repeat_under_load.py [--runs 20] [--load 2] [TEST_ID]

Prints one line per run (passed or failed, seconds) and a summary; exit status 1 if any run
failed, with that run's pytest output.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import time

DEFAULT_TEST = (
    "tests/build/test_concurrency.py::"
    "test_interrupted_report_run_stops_soon_and_the_next_run_repairs"
)


def _spin(stop: multiprocessing.Event) -> None:
    """Keep one core busy until ``stop`` is set."""
    n = 0
    while not stop.is_set():
        for _ in range(100_000):
            n += 1


def main(argv: list[str] | None = None) -> int:
    """Run the test ``--runs`` times under ``--load`` busy loops; 0 if every run passed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("test", nargs="?", default=DEFAULT_TEST, help="pytest node id")
    parser.add_argument("--runs", type=int, default=20, help="how many runs in a row")
    parser.add_argument(
        "--load", type=int, default=os.cpu_count() or 1, help="busy loops (default: one per core)"
    )
    args = parser.parse_args(argv)
    stop = multiprocessing.Event()
    spinners = [multiprocessing.Process(target=_spin, args=(stop,)) for _ in range(args.load)]
    for s in spinners:
        s.start()
    failed = 0
    try:
        for i in range(1, args.runs + 1):
            start = time.monotonic()
            proc = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", args.test],
                capture_output=True,
                text=True,
                check=False,
            )
            seconds = time.monotonic() - start
            ok = proc.returncode == 0
            print(f"run {i:>2}/{args.runs}: {'passed' if ok else 'FAILED'} ({seconds:.0f} s)")
            if not ok:
                failed += 1
                print(proc.stdout[-4000:], proc.stderr[-2000:], sep="\n")
    finally:
        stop.set()
        for s in spinners:
            s.join()
    print(
        f"{args.runs - failed} of {args.runs} passed with {args.load} busy loop(s) "
        f"on {os.cpu_count()} core(s)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
