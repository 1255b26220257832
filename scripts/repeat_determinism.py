"""Repeat the warm-vs-cold comparison of tests/build/test_kernels.py many times.

Each round builds the four reports of
``test_warm_and_cold_builds_of_the_real_reports_are_byte_identical`` twice from one processed
folder: warm (jobs=1, one kernel reused and reset between reports) and cold (jobs=2, a fresh kernel
per report), each kernel with its own PYTHONHASHSEED, and compares the executed notebook and HTML of
every report byte for byte. Some rounds run with busy loops on every core (CPU load).

Usage (from the worktree):
    .venv/bin/python scripts/repeat_determinism.py [--rounds 24] [--load-every 2]

Prints one line per round and a summary; on a difference, keeps both builds under --keep and
prints which cells differ. Exit status 1 if any round differed.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dialogue_analysis import load
from dialogue_analysis.build import runner
from dialogue_analysis.build.registry import load_registry
from dialogue_analysis.data.pipeline import build
from dialogue_analysis.paths import RAW_DIR

SOME = {"membership", "meeting_history", "body_profile_FRONTEX", "body_profile_AFRIPOL"}


class Recorder(logging.Handler):
    """Warnings that papermill/nbclient log (e.g. 'Timeout waiting for IOPub output')."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:  # noqa: D102
        self.records.append(f"{record.name}: {record.getMessage()}")


def differing_cells(a: Path, b: Path) -> list[str]:
    """Where two executed notebooks differ: cell index and a short account."""
    na, nb = json.loads(a.read_text()), json.loads(b.read_text())
    out = []
    if na["metadata"] != nb["metadata"]:
        out.append("notebook metadata")
    for i, (ca, cb) in enumerate(zip(na["cells"], nb["cells"], strict=False)):
        if ca != cb:
            kinds = [
                [o["output_type"] + ":" + o.get("name", "") for o in c.get("outputs", [])]
                for c in (ca, cb)
            ]
            out.append(f"cell {i} ({kinds[0]} vs {kinds[1]})")
    if len(na["cells"]) != len(nb["cells"]):
        out.append(f"cell count {len(na['cells'])} vs {len(nb['cells'])}")
    return out


def start_load(n: int) -> list[subprocess.Popen]:
    """``n`` busy loops (CPU load)."""
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]


def stop_load(procs: list[subprocess.Popen]) -> None:
    """End the busy loops this script started (by their own Popen objects)."""
    for p in procs:
        p.terminate()
    for p in procs:
        p.wait()


def build_once(registered, processed: Path, out: Path, warm: bool, seed: int) -> None:  # noqa: ANN001
    """Build SOME warm (jobs=1) or cold (jobs=2, fresh kernels); the kernels get ``seed``."""
    os.environ["PYTHONHASHSEED"] = str(seed)  # the kernels' environment is this process's
    try:
        kw = {"jobs": 1} if warm else {"jobs": 2, "warm": False}
        outcomes = runner.run(
            registered, processed, out, only=SOME, force=True, progress=lambda s: None, **kw
        )
    finally:
        os.environ.pop("PYTHONHASHSEED", None)
    built = {o.report.name for o in outcomes if o.status == "built"}
    if built != SOME:
        raise RuntimeError(f"not built: {SOME - built}: {[o.error for o in outcomes if o.error]}")


def main() -> int:
    """Run the rounds; 1 if any differed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=24)
    parser.add_argument("--load-every", type=int, default=2, help="every Nth round under load")
    parser.add_argument("--load-procs", type=int, default=3, help="busy loops in a loaded round")
    parser.add_argument("--keep", type=Path, default=Path(tempfile.gettempdir()) / "determinism")
    parser.add_argument("--seed", type=int, default=None, help="seed of the hash-seed draws")
    args = parser.parse_args()

    recorder = Recorder()
    for name in ("papermill", "nbclient", "traitlets", "dialogue_analysis"):
        logging.getLogger(name).addHandler(recorder)

    rng = random.Random(args.seed)
    root = Path(tempfile.mkdtemp(prefix="determinism."))
    processed = root / "processed"
    build(RAW_DIR, processed)
    data = load(processed_dir=processed)
    registered = load_registry({"bodies": data.bodies, "editions": data.editions})

    differed = 0
    loaded_rounds = 0
    started = time.monotonic()
    for n in range(1, args.rounds + 1):
        loaded = args.load_every > 0 and n % args.load_every == 0
        seeds = rng.randrange(2**32), rng.randrange(2**32)
        recorder.records.clear()
        warm_out, cold_out = root / f"warm-{n}", root / f"cold-{n}"
        procs = start_load(args.load_procs) if loaded else []
        t0 = time.monotonic()
        try:
            build_once(registered, processed, warm_out, warm=True, seed=seeds[0])
            build_once(registered, processed, cold_out, warm=False, seed=seeds[1])
        finally:
            stop_load(procs)
        loaded_rounds += loaded
        diffs = {}
        for name in sorted(SOME):
            for ext in ("ipynb", "html"):
                a, b = warm_out / f"{name}.{ext}", cold_out / f"{name}.{ext}"
                if a.read_bytes() != b.read_bytes():
                    diffs.setdefault(name, []).append(ext)
        status = "DIFFER" if diffs else "same"
        detail = ""
        if diffs:
            differed += 1
            keep = args.keep / f"round-{n}"
            keep.mkdir(parents=True, exist_ok=True)
            shutil.copytree(warm_out, keep / "warm", dirs_exist_ok=True)
            shutil.copytree(cold_out, keep / "cold", dirs_exist_ok=True)
            detail = " " + "; ".join(
                f"{name} [{','.join(exts)}]: "
                + ", ".join(differing_cells(warm_out / f"{name}.ipynb", cold_out / f"{name}.ipynb"))
                for name, exts in diffs.items()
            )
            detail += f" (kept in {keep})"
        warnings = f" warnings={recorder.records}" if recorder.records else ""
        print(
            f"round {n:2d}: {status:6s} load={'yes' if loaded else 'no '} "
            f"hashseeds={seeds[0]},{seeds[1]} {time.monotonic() - t0:5.1f} s{detail}{warnings}",
            flush=True,
        )
        shutil.rmtree(warm_out)
        shutil.rmtree(cold_out)
    shutil.rmtree(root)
    print(
        f"summary: {differed} of {args.rounds} rounds differed "
        f"({loaded_rounds} under load), {time.monotonic() - started:.0f} s",
        flush=True,
    )
    return 1 if differed else 0


if __name__ == "__main__":
    sys.exit(main())
