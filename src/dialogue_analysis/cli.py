"""Command line: ``dialogue-analysis data|report|propose|dictionary|release`` (or ``python -m``).

Exit codes: 0 success; 1 invalid input or a failed build (problems on stderr, no traceback);
2 usage error; 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import re
import signal
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dialogue_analysis.errors import (
    BrowserUnavailable,
    BuildError,
    DataValidationError,
    ForeignDataError,
    Problem,
)
from dialogue_analysis.paths import DIST_DIR, PROCESSED_DIR, RAW_DIR, REPORTS_DIR, display_path

if TYPE_CHECKING:
    from dialogue_analysis.site.catalog import Report

# At most this many lines are printed for one kind of problem in one file; the rest are counted.
MAX_PER_KIND = 20


def format_problems(problems: Sequence[Problem], limit: int = MAX_PER_KIND) -> list[str]:
    """One line per problem, sorted by file and line, at most ``limit`` per file and kind."""
    shown: Counter[tuple[str, str]] = Counter()
    lines, hidden = [], Counter()
    for p in sorted(problems, key=Problem.sort_key):
        kind = (p.file, p.message.split(" (")[0])
        shown[kind] += 1
        if shown[kind] <= limit:
            lines.append(str(p))
        else:
            hidden[kind] += 1
    lines += [f"{file}: ... and {n} more '{msg}' problem(s)" for (file, msg), n in hidden.items()]
    return lines


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dialogue-analysis", description="Build and explore the INTERPOL Dialogue dataset."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add_parser in (
        _data_parser,
        _report_parser,
        _propose_parser,
        _dictionary_parser,
        _release_parser,
    ):
        add_parser(sub)
    return parser


# --- Argument types: a value argparse refuses is a usage error (exit 2) -------------------------


def _raw_folder(text: str) -> Path:
    """A raw folder, which must exist."""
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"raw folder not found: {path}")
    return path


def _at_least_one(text: str) -> int:
    """A whole number of at least 1."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {n}")
    return n


def _publication_date(text: str) -> str:
    """A date as a source writes it ("13 June 2019", "June 2019", "2019-06-13"), kept as text."""
    from dialogue_analysis.data.dates import parse_date_span

    try:
        if parse_date_span(text) is None:
            raise argparse.ArgumentTypeError("is blank")
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    return text


def _source_id(text: str) -> str:
    """A source id: lower-case letters, digits and '-', starting with a letter or digit."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", text):
        raise argparse.ArgumentTypeError(f"{text!r}: expected lower-case letters, digits, '-'")
    return text


# --- dictionary ---------------------------------------------------------------------------------


def _dictionary_parser(sub: argparse._SubParsersAction) -> None:
    dictionary = sub.add_parser("dictionary", help="print the data dictionary, in Markdown")
    dictionary.set_defaults(handler=_dictionary)


def _dictionary(args: argparse.Namespace) -> int:
    from dialogue_analysis.analysis.status import rules_markdown
    from dialogue_analysis.data.schema import data_dictionary

    print(data_dictionary() + "\n" + rules_markdown(), end="")
    return 0


def _report_problems(err: DataValidationError, consequence: str) -> int:
    """Print every problem of invalid raw data on stderr; the exit code for it."""
    for line in format_problems(err.problems):
        print(line, file=sys.stderr)
    print(f"\n{err}; {consequence}.", file=sys.stderr)
    return 1


# --- report -------------------------------------------------------------------------------------


def _report_parser(sub: argparse._SubParsersAction) -> None:
    rep = sub.add_parser(
        "report",
        help="build the reports (and the data they need)",
        description="Execute the registered notebooks and render HTML reports. "
        "Reports whose inputs have not changed are skipped.",
    )
    rep.set_defaults(handler=_report)
    _report_inputs(rep.add_argument_group("what to build"))
    _report_running(rep.add_argument_group("how to build it"))
    _report_outputs(rep.add_argument_group("what to write"))


def _report_inputs(group: argparse._ArgumentGroup) -> None:
    group.add_argument(
        "--only",
        nargs="+",
        metavar="NAME",
        default=None,
        help="build only these reports (report names or notebook names)",
    )
    group.add_argument("--force", action="store_true", help="rebuild even unchanged reports")
    group.add_argument(
        "--data",
        type=Path,
        default=PROCESSED_DIR,
        metavar="DIR",
        help="processed data folder (default: data/processed); rebuilt when stale, only ever "
        "from the raw folder it was built from",
    )
    group.add_argument(
        "--raw",
        type=_raw_folder,
        default=None,
        metavar="DIR",
        help="raw folder the processed data is built from (default: the one it was built from, "
        "or data/raw for a new folder); a folder built from another raw folder is left alone "
        "and the run stops",
    )
    group.add_argument(
        "--registry",
        type=Path,
        default=None,
        metavar="FILE",
        help="report registry (default: reports.toml; notebooks are read from the notebooks/ "
        "folder beside it)",
    )


def _report_running(group: argparse._ArgumentGroup) -> None:
    group.add_argument(
        "--jobs",
        type=_at_least_one,
        default=None,
        metavar="N",
        help="reports built in parallel (default: one per core)",
    )
    group.add_argument(
        "--cold",
        action="store_true",
        help="start a fresh kernel for every report (default: one warm kernel per job, reset "
        "between reports)",
    )
    group.add_argument(
        "--timeout",
        type=int,
        default=600,
        metavar="SECONDS",
        help="per-cell execution timeout (default: 600)",
    )
    group.add_argument(
        "--dask",
        default=None,
        metavar="ADDRESS",
        help="build on Dask (needs the dask extra: pip install '.[dask]'): 'local' starts a "
        "LocalCluster of --jobs worker processes on this machine; an address such as "
        "tcp://host:8786 uses a running scheduler, whose workers must see this project folder "
        "at the same path and run the same environment",
    )


def _report_outputs(group: argparse._ArgumentGroup) -> None:
    group.add_argument(
        "--out",
        type=Path,
        default=REPORTS_DIR,
        metavar="DIR",
        help="output folder (default: reports)",
    )
    group.add_argument("--show-code", action="store_true", help="show code cells in the HTML")
    group.add_argument(
        "--screenshots",
        action="store_true",
        help="then save PNGs of the index and meeting_history under screenshots/ (needs "
        "Chromium; skipped with a message without it)",
    )
    group.add_argument(
        "--pdf",
        action="store_true",
        help="then print every page to pdf/<name>.pdf (A4; needs Chromium, skipped with a "
        "message without it; unchanged pages are not printed again)",
    )


def _report(args: argparse.Namespace) -> int:
    from dialogue_analysis.build import runner
    from dialogue_analysis.build.execute import DASK_EXTRA
    from dialogue_analysis.build.registry import RegistryError

    if args.dask is not None and importlib.util.find_spec("distributed") is None:
        print(f"dialogue-analysis report: {DASK_EXTRA}", file=sys.stderr)
        return 1
    try:
        registered = _registered(args)
    except DataValidationError as err:
        return _report_problems(err, "no report built")
    except (RegistryError, BuildError, ForeignDataError) as err:
        print(f"dialogue-analysis report: {err}", file=sys.stderr)
        return 1
    only = None
    if args.only:
        wanted = set(args.only)
        only = {r.name for r in registered if r.name in wanted or r.notebook.stem in wanted}
        unknown = wanted - only - {r.notebook.stem for r in registered}
        if unknown:
            print(
                f"dialogue-analysis report: error: unknown report(s): {', '.join(sorted(unknown))}"
                f"; known: {', '.join(r.name for r in registered)}",
                file=sys.stderr,
            )
            return 2
    try:
        outcomes = runner.run(
            registered,
            args.data,
            args.out,
            jobs=args.jobs,
            force=args.force,
            show_code=args.show_code,
            timeout=args.timeout,
            progress=lambda line: print(line, flush=True),
            only=only,
            warm=not args.cold,
            dask=args.dask,
        )
    except (runner.DaskUnavailable, RegistryError) as err:
        print(f"dialogue-analysis report: {err}", file=sys.stderr)
        return 1
    lines = runner.summary(outcomes, args.out)
    print(lines[0])
    for line in lines[1:]:
        print(line, file=sys.stderr)
    print(f"Open {display_path(args.out / 'index.html')}")
    if args.screenshots:
        _screenshots(args.out)
    if args.pdf and _pdfs(args.out):
        return 1
    asked = [o for o in outcomes if only is None or o.report.name in only]
    return 1 if any(o.status == runner.Status.FAILED for o in asked) else 0


def _registered(args: argparse.Namespace) -> list[Report]:
    """The registered reports, over the processed data (built first when it is stale)."""
    from dialogue_analysis.build.registry import grid_tables, load_registry
    from dialogue_analysis.data.dataset import load

    tables = grid_tables(load(args.data, args.raw))
    if args.registry is None:
        return load_registry(tables, check=False)
    return load_registry(tables, args.registry, args.registry.parent / "notebooks", check=False)


def _screenshots(out: Path) -> None:
    """Screenshots of the index and a report; a missing browser is a notice, not a failure."""
    from dialogue_analysis.site import browser

    try:
        taken = browser.take_screenshots(out)
    except BrowserUnavailable as err:
        print(f"screenshots skipped: {err}", file=sys.stderr)
        return
    if taken:
        print(f"Screenshots in {display_path(taken[0].parent)}")


def _pdfs(out: Path) -> int:
    """Print every page to PDF; a missing browser is a notice, not a failure. The exit code."""
    from dialogue_analysis.site import pdf

    try:
        summary = pdf.print_pdfs(out)
    except BrowserUnavailable as err:
        print(f"PDFs skipped: {err}", file=sys.stderr)
        return 0
    except RuntimeError as err:
        print(f"dialogue-analysis report: PDFs: {err}", file=sys.stderr)
        return 1
    print(f"{summary} in {display_path(out / pdf.PDF_DIR)}")
    return 0


# --- data ---------------------------------------------------------------------------------------


def _data_parser(sub: argparse._SubParsersAction) -> None:
    data = sub.add_parser(
        "data",
        help="validate data/raw and build data/processed",
        description="Validate the raw tables and write the processed dataset "
        "(Parquet + datapackage.json). Nothing is written if any problem is "
        "found.",
    )
    data.set_defaults(handler=_data)
    data.add_argument(
        "--raw",
        type=_raw_folder,
        default=str(RAW_DIR),  # a string, so that argparse checks the default folder too
        metavar="DIR",
        help="folder of raw tables (default: data/raw)",
    )
    data.add_argument(
        "--out",
        type=Path,
        default=PROCESSED_DIR,
        metavar="DIR",
        help="output folder (default: data/processed)",
    )


def _data(args: argparse.Namespace) -> int:
    from dialogue_analysis.data.pipeline import build

    try:
        summary = build(args.raw, args.out)
    except DataValidationError as err:
        return _report_problems(err, f"{display_path(args.out)} left unchanged")
    except BuildError as err:
        print(f"dialogue-analysis data: {err}", file=sys.stderr)
        return 1
    print(f"Built {display_path(summary.out_dir)} from {display_path(args.raw)}:")
    for name, n in summary.rows.items():
        print(f"  {name + '.parquet':<22} {n:>5} rows")
    print(f"  {'datapackage.json':<22} schema, sources and sha256 of every file")
    return _products(summary.out_dir)


def _products(processed: Path) -> int:
    """Write the panels, Stata and DuckDB files, codebook and citation beside ``processed``."""
    from dialogue_analysis.data.dataset import load
    from dialogue_analysis.products import outputs

    try:
        outputs.write(load(processed, rebuild=False), processed)
    except OSError as err:
        print(f"dialogue-analysis data: research files not written ({err})", file=sys.stderr)
        return 1
    print(f"  {outputs.FOLDER + '/':<22} panels (CSV, Parquet, Stata), DuckDB, codebook, citation")
    return 0


# --- propose ------------------------------------------------------------------------------------


def _propose_parser(sub: argparse._SubParsersAction) -> None:
    prop = sub.add_parser(
        "propose",
        help="propose raw rows from a press release or web page (never changes data/raw)",
        description="Read a press release or web page saved as text or HTML, find the meeting, "
        "the bodies and their roles and the earlier meetings it mentions, and write them as raw "
        "rows (editions.csv, participation.csv, sources.csv) with review.md, which marks each "
        "row new, already in the data or different from it.",
    )
    prop.set_defaults(handler=_propose)
    prop.add_argument("file", type=Path, metavar="FILE", help="the page, as .txt or .html")
    prop.add_argument(
        "--source-id",
        type=_source_id,
        metavar="ID",
        default=None,
        help="source id (default: the data's id for "
        "this text or address, else publisher-date from --url, else the file name)",
    )
    prop.add_argument("--url", metavar="URL", default=None, help="address of the page")
    prop.add_argument(
        "--published",
        type=_publication_date,
        metavar="DATE",
        default=None,
        help="publication date (default: the date the page declares or its dateline); dates the "
        "text writes without a year are read in its year",
    )
    prop.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        default=None,
        help="output folder (default: data/proposals/<source id>)",
    )
    prop.add_argument(
        "--raw",
        type=_raw_folder,
        metavar="DIR",
        default=str(RAW_DIR),  # a string, so that argparse checks the default folder too
        help="raw tables to compare with, read only (default: data/raw)",
    )


def _propose(args: argparse.Namespace) -> int:
    from dialogue_analysis import intake
    from dialogue_analysis.errors import SourceFileError
    from dialogue_analysis.paths import DATA_DIR

    try:
        source = intake.read_source(args.file)
    except SourceFileError as err:
        print(f"dialogue-analysis propose: {err}", file=sys.stderr)
        return 1
    curated = intake.read_curated(args.raw)
    info = intake.SourceInfo(args.source_id, args.url, args.published)
    found = intake.propose(source, curated, info)
    out = args.out if args.out is not None else DATA_DIR / "proposals" / found.source_id
    try:
        written = intake.write_proposals(found, out)
    except OSError as err:
        print(f"dialogue-analysis propose: {out}: cannot write ({err})", file=sys.stderr)
        return 1
    for line in intake.summary_lines(found):
        print(line)
    if curated.n_problems:
        print(f"Compared with {display_path(args.raw)}, which has {curated.n_problems} problem(s)")
    print(f"Wrote {', '.join(p.name for p in written)} in {display_path(out)}")
    review, raw = display_path(out / "review.md"), display_path(args.raw)
    print(f"Review {review}; nothing in {raw} was changed.")
    if found.meeting is None:
        print(
            f"dialogue-analysis propose: no meeting found in {display_path(args.file)}: no "
            "sentence dates a meeting; the bodies are proposed without an edition",
            file=sys.stderr,
        )
        return 1
    return 0


def _release_parser(sub: argparse._SubParsersAction) -> None:
    rel = sub.add_parser(
        "release",
        help="pack the data as dist/dialogue-data-<version>.zip (version from CITATION.cff)",
        description="Write dist/dialogue-data-<version>.zip: the tables as CSV with their data "
        "package, the panels (CSV, Parquet, Stata), the DuckDB file, the codebook, CITATION.cff "
        "and CHANGELOG.md. A released version is never rewritten, and a new version must be "
        "higher than every earlier one: raise `version` in CITATION.cff for each release.",
    )
    rel.add_argument(
        "--data",
        type=Path,
        default=PROCESSED_DIR,
        metavar="DIR",
        help="processed data folder (default: data/processed; rebuilt first when stale)",
    )
    rel.add_argument(
        "--dist",
        type=Path,
        default=DIST_DIR,
        metavar="DIR",
        help="folder of the releases (default: dist)",
    )
    rel.set_defaults(handler=_release)


def _release(args: argparse.Namespace) -> int:
    from dialogue_analysis.data import package
    from dialogue_analysis.data.dataset import load
    from dialogue_analysis.files import exclusive, write_atomic
    from dialogue_analysis.products import citation, offer, release
    from dialogue_analysis.site.datapage import changelog

    try:
        data = load(args.data)
        version = citation.read_release().version
        archive = release.check(args.dist, version)
        research = offer.research(args.data)
        rows = {name: len(getattr(data, name)) for name in package.OUTPUT_TABLES}
        files = release.release_files(
            research.release,
            package.csv_package(args.data),
            research.files,
            args.dist,
            changelog,
            rows,
        )
        with exclusive(args.dist):
            release.check(args.dist, version)  # again, under the lock
            write_atomic(archive, release.archive_bytes(version, files))
    except DataValidationError as err:
        return _report_problems(err, "no release written")
    except (release.ReleaseError, BuildError, ForeignDataError, ValueError, OSError) as err:
        print(f"dialogue-analysis release: {err}", file=sys.stderr)
        return 1
    size = archive.stat().st_size
    print(f"Released {display_path(archive)} ({size / 1e6:.1f} MB): version {version}")
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:  # --help (0), or a usage error (2) argparse has printed
        return 0 if stop.code is None else int(stop.code)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    signal.signal(signal.SIGTERM, _interrupt)  # finish like Ctrl-C: clean up, keep old outputs
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        print("interrupted; outputs left as they were", file=sys.stderr)
        return 130
