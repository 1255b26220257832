"""Bad-input corpus: small changes to a copy of data/raw, run through the real command line.

Each case changes one raw file the way a person editing it might. An accepted case must build the
same processed tables as the unchanged data (the input was normalised, not just tolerated). A
rejected case must exit 1 with a problem line naming the file, line, column and value, report
nothing anywhere else, print no traceback, and leave the previous output byte for byte as it was.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import shutil
import subprocess
import traceback
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from dialogue_analysis import cli
from dialogue_analysis.cli import MAX_PER_KIND
from dialogue_analysis.data.package import OUTPUT_TABLES
from dialogue_analysis.paths import RAW_DIR
from tests.conftest import line_of, snapshot

CORPUS = Path(__file__).parent / "corpus"  # inputs too odd to write inline (non-UTF-8 bytes)

# An edit changes one raw file in place and returns the line it changed (None: the whole file).
Edit = Callable[[Path], int | None]


# --- Edits ---------------------------------------------------------------------------------------


def sub(old: str, new: str, count: int = 1) -> Edit:
    """Replace text (the first ``count`` times); the changed line is where ``new`` ends."""

    def edit(path: Path) -> int:
        text = path.read_text(encoding="utf-8")
        assert text.count(old) >= count, f"{old!r} not found {count} time(s) in {path.name}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")
        return text[: text.index(old)].count("\n") + new.count("\n") + 1

    return edit


def append(row: str | Path) -> Edit:
    """Add one row at the end of the file: text, or the bytes of a file under tests/data/corpus/."""

    def edit(path: Path) -> int:
        added = row.read_bytes() if isinstance(row, Path) else f"{row}\n".encode()
        data = path.read_bytes() + added
        path.write_bytes(data)
        return data.count(b"\n")

    return edit


def bytes_edit(change: Callable[[bytes], bytes]) -> Edit:
    return lambda path: path.write_bytes(change(path.read_bytes()))


def with_crlf(edit: Edit) -> Edit:
    """Apply ``edit``, then save the file with Windows line endings."""

    def both(path: Path) -> int | None:
        line = edit(path)
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
        return line

    return both


def delete(path: Path) -> None:
    path.unlink()


def header_only(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8").splitlines(keepends=True)[0], "utf-8")


def resave(delimiter: str = ",", drop: str = "", add: str = "", reverse: bool = False) -> Edit:
    """Rewrite the file with a CSV writer: another delimiter, a column dropped or added (blank),
    or the columns in reverse order."""

    def edit(path: Path) -> None:
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        keep = [h != drop for h in rows[0]]
        rows = [[c for c, k in zip(r, keep, strict=True) if k] for r in rows]
        if add:
            rows = [rows[0] + [add]] + [r + [""] for r in rows[1:]]
        out = io.StringIO(newline="")
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
        writer.writerows(r[::-1] if reverse else r for r in rows)
        path.write_text(out.getvalue(), encoding="utf-8")

    return edit


# --- The corpus ----------------------------------------------------------------------------------

EDITED = "edited"  # the expected line is the one the edit changed


@dataclass(frozen=True)
class Case:
    """One change to one raw file, and the problem the build must report (None: accepted).

    ``expect`` is the problem as the command line prints it after ``file:line: ``; ``...`` stands
    for any text. ``line`` is the line it must name: the edited line, a number, or None for a
    problem with the whole file. ``bug`` marks a known library bug (a strict xfail).
    """

    id: str
    file: str
    edit: Edit
    expect: str | None = None
    line: int | str | None = EDITED
    bug: str | None = None


ED, BOD, PART, MEMB, SRC = (
    "editions.csv",
    "bodies.csv",
    "participation.csv",
    "memberships.csv",
    "sources.csv",
)
GCC_3 = "3,Gulf Cooperation Council-POL,"  # participation: GCC-POL as a member at edition 3
UK_EU = "EU,United Kingdom,member,1973,2020-02-01"  # memberships: a spell with joined and left
INDONESIA = "ASEAN,Indonesia,member,1967-08-08,,,,,"  # memberships line 2
# participation line 19 (3/AFRIPOL member, first of several): a quoted notes cell ending its row
DATELINE = '"Standing membership of the Dialogue, not an attendance list."'
ROLE_NOTE = 'stated; list introduced with ""including""."\n1,AMERIPOL,'  # end of line 3, line 4
LYON_3 = 'Lyon,France,INTERPOL,in person,"foreign'  # editions: city and country of edition 3
BOM = b"\xef\xbb\xbf"

# fmt: off
CASES = [
    # Harmless differences: normalised to exactly the same processed tables.
    Case("utf8-bom", ED, bytes_edit(lambda b: BOM + b)),
    Case("crlf-line-endings", MEMB, bytes_edit(lambda b: b.replace(b"\n", b"\r\n"))),
    Case("blank-lines", PART, sub("\n2,", "\n\n \n2,", count=3)),
    Case("spaces-around-cells", PART,
         sub("1,INTERPOL,host,not stated,", " 1 , INTERPOL ,host , not stated ,")),
    Case("spaces-in-header", PART, sub("edition,body,role,", " edition , body,role ,")),
    Case("header-letter-case", ED, sub("edition,kind,number", "Edition,KIND,Number")),
    Case("columns-reordered", PART, resave(reverse=True)),
    Case("format-In-Person", ED, sub(",in person,,,Dialogue", ",In Person,,,Dialogue")),
    Case("confidence-HIGH", MEMB, sub("-timor-leste,high,", "-timor-leste,HIGH,")),
    Case("role-Observer", PART, sub("3,UNODC,observer,", "3,UNODC,Observer,")),
    Case("edition-lower-case", PART, sub("WG-2025,", "wg-2025,", count=10)),
    Case("source-id-upper-case", PART,
         sub("host,not stated,interpol-2019-06-12,", "host,not stated,INTERPOL-2019-06-12,")),
    Case("country-in-capitals", ED, sub(LYON_3, LYON_3.replace("France", "FRANCE"))),
    Case("country-as-iso-code", ED, sub(LYON_3, LYON_3.replace("France", "fra"))),
    Case("number-leading-zero", ED, sub("3,edition,3,", "3,edition,03,")),
    Case("space-before-quoted-cell", PART,
         sub(',"Role not stated;', ', "Role not stated;')),
    Case("body-id-lower-case", BOD, sub("EUROPOL,Europol,", "europol,Europol,")),

    # Names, countries and controlled vocabularies.
    Case("unknown-body", MEMB, sub("ASEAN,Indonesia,", "ASEAM,Indonesia,"),
         "body: unknown body (got 'ASEAM'"),
    Case("unknown-alias", PART, sub(GCC_3, "3,Gulf Cooperation Council-PLO,"),
         "body: unknown body (got 'Gulf Cooperation Council-PLO'"),
    Case("misspelt-country", MEMB, sub("ASEAN,Indonesia,", "ASEAN,Indonesai,"),
         "country: unknown country (got 'Indonesai'"),
    Case("bad-role", PART, sub("3,UNODC,observer,", "3,UNODC,obsrever,"),
         "role: unknown role (got 'obsrever'"),
    Case("bad-attendance", PART, sub("1,INTERPOL,host,not stated,", "1,INTERPOL,host,on site,"),
         "attendance: unknown attendance (got 'on site'"),
    Case("bad-format", ED, sub(",hybrid,", ",hybird,"), "format: unknown format (got 'hybird'"),
    Case("bad-confidence", MEMB, sub("-timor-leste,high,", "-timor-leste,hihg,"),
         "confidence: unknown confidence (got 'hihg'"),
    Case("bad-participant-list", ED, sub(",composition,", ",compositon,"),
         "participant_list: unknown participant list (got 'compositon'"),
    Case("bad-status", MEMB, sub(UK_EU, UK_EU.replace("member", "ex-member")),
         "status: unknown status (got 'ex-member'"),
    Case("bad-kind", ED, sub("WG-2025,working group,", "WG-2025,workshop,"),
         "kind: unknown kind (got 'workshop'"),
    Case("number-not-matching-kind", ED, sub("WG-2023,working group,,", "WG-2023,working group,9,"),
         "number: number does not match kind (got '9'"),
    Case("number-in-words", ED, sub("3,edition,3,", "3,edition,three,"),
         "number: not a whole number (got 'three'"),

    # Sources: their kind, the address they are cited at, and the confidence their kind allows.
    Case("bad-source-kind", SRC,
         sub("INTERPOL,official primary,12 June 2019,", "INTERPOL,offical primary,12 June 2019,"),
         "kind: unknown source kind (got 'offical primary'"),
    Case("missing-source-kind", SRC,
         sub("INTERPOL,official primary,12 June 2019,", "INTERPOL,,12 June 2019,"),
         "kind: required value is missing"),
    Case("url-on-a-mirror", SRC,
         sub("https://simple.wikipedia.org/wiki/African_Union,",
             "https://vi0.me/wiki/African_Union?lang=simple,"),
         "url: address on vi0.me, a host of copies, not the publisher's "
         "(got 'https://vi0.me/wiki/African_Union?lang=simple'"),
    Case("high-on-a-copy", MEMB, sub("Spain's Civil Guard\",,low,", "Spain's Civil Guard\",,high,"),
         "confidence: confidence above what its sources' kinds allow (got 'high', expected at "
         "most low, as its sources are gmic-oas-report-ameripol (copy on a third-party host)"),
    Case("high-on-a-reference-work", MEMB,
         sub("AU,Algeria,member,1963-05-25,,,,,vi0-wiki-african-union,,worldpopulationreview-au,"
             "medium,", "AU,Algeria,member,1963-05-25,,,,,vi0-wiki-african-union,,"
             "worldpopulationreview-au,high,"),
         "confidence: confidence above what its sources' kinds allow (got 'high', expected at "
         "most medium, as its sources are vi0-wiki-african-union (reference work), "
         "worldpopulationreview-au (reference work)"),
    Case("high-on-a-copy-and-a-study", BOD,
         sub("eumonitor-frontex-rename,medium,", "eumonitor-frontex-rename,high,"),
         "confidence: confidence above what its sources' kinds allow (got 'high', expected at "
         "most medium, as its sources are docslib-frontex-at-a-glance (copy on a third-party "
         "host), eumonitor-frontex-rename (secondary source)"),

    # Dates, in every date column: unreadable, impossible, or running backwards.
    Case("dates-unreadable", ED, sub("12 and 13 June 2019", "12 and 13 Jnue 2019"),
         "dates: not a valid date (unrecognised 'jnue') (got '12 and 13 Jnue 2019'"),
    Case("dates-end-before-start", ED, sub("15 and 16 March 2016", "16 and 15 March 2016"),
         "dates: not a valid date (end before start... (got '16 and 15 March 2016'"),
    Case("founded-impossible", BOD, sub("10-11 February 2014", "29 February 2014"),
         "founded: not a valid date (impossible date... (got '29 February 2014'"),
    Case("founded-year-typo", BOD, sub("September 1923", "September 923"),
         "founded: not a valid date... (got 'September 923'"),
    Case("published-unreadable", SRC,
         sub("Secretariat,official primary,May 2017,", "Secretariat,official primary,Spring 2017,"),
         "published: not a valid date (unrecognised 'spring') (got 'Spring 2017'"),
    Case("joined-impossible", MEMB, sub(INDONESIA, INDONESIA.replace("-08-08", "-08-32")),
         "joined: not a valid date (impossible date... (got '1967-08-32'"),
    Case("left-ambiguous", MEMB, sub(UK_EU, UK_EU.replace("2020-02-01", "01/02/2020")),
         "left: not a valid date (ambiguous numeric date... (got '01/02/2020'"),
    Case("as-of-approximate", MEMB, sub("observer,,,,2019,", "observer,,,,c. 2019,"),
         "as_of: not a valid date... (got 'c. 2019'"),
    Case("left-before-joined", MEMB, sub(UK_EU, UK_EU.replace("2020-02-01", "1972")),
         "left: left is before the start (got '1972'"),

    # Keys: a row repeating the key of an earlier one (after normalising case and spelling).
    Case("duplicate-source", SRC, append("Interpol-2019-06-12,Copy,INTERPOL,press,2019,https://x.org,,en,,"),
         "source_id: duplicate key (got 'interpol-2019-06-12'"),
    Case("duplicate-edition", ED,
         append("wg-2023,working group,,2023-07-03,,Lyon,France,INTERPOL,in person,,,WG,partial,"
                "aseanapol-2023-10-24,,,high,"),
         "edition: duplicate key (got 'WG-2023'"),
    Case("duplicate-body", BOD,
         append("EUROPOL,Europol,Copy,,EU agency,Europe,,,,,europol-history,,,high,"),
         "body_id: duplicate key (got 'EUROPOL'"),
    Case("duplicate-body-lower-case", BOD,
         append("europol,Europol,Copy,,EU agency,Europe,,,,,europol-history,,,high,"),
         "body_id: duplicate key (got 'EUROPOL'"),
    Case("duplicate-participation", PART,
         append("3,GCC-POL,member,not stated,interpol-2019-06-12,,,high,"),
         "edition/body/role: duplicate key (got '3, GCCPOL, member'"),
    Case("duplicate-membership", MEMB, sub("ASEAN,Malaysia,member,", "ASEAN,IDN,member,"),
         "body/country/status/joined/as_of: duplicate key (got 'ASEAN, IDN, member, 1967-08-08, '"),

    # References to rows, bodies and sources that do not exist.
    Case("unknown-edition", PART, sub(GCC_3, "9,Gulf Cooperation Council-POL,"),
         "edition: refers to an unknown edition (got '9'"),
    Case("unknown-source-id", MEMB, sub("asean-sg-remarks-tac,", "asean-sg-remarks-tca,"),
         "source_id: refers to an unknown source (got 'asean-sg-remarks-tca'"),
    Case("unknown-more-source-id", PART,
         sub(",interpol-2019-06-12,high,\"INTERPOL convened",
             ",interpol-2019-06-12; x-2099,high,\"INTERPOL convened"),
         "more_source_ids: refers to an unknown source (got 'x-2099'"),
    Case("unknown-parent", BOD, sub("Algeria,AU,afripol", "Algeria,AUX,afripol"),
         "parent: unknown body (got 'AUX'"),
    Case("unknown-derived-from", MEMB, sub("Belgium,member,,,,,EU,", "Belgium,member,,,,,EC,"),
         "derived_from: unknown body (got 'EC'"),
    Case("unknown-conflict-source", "conflicts.csv",
         sub(",ecrats-2020-05-20,", ",ecrats-2020-05-02,"),
         "source_id_used: refers to an unknown source (got 'ecrats-2020-05-02'"),
    Case("stored-text-missing", SRC, sub("interpol-2019-06-12.txt", "interpol-2019-06-21.txt"),
         "text_file: stored text not found (got 'interpol-2019-06-21.txt'"),
    Case("quote-not-in-source", PART, sub("INTERPOL’s global umbrella", "INTERPOL’s global banner"),
         "quote: quote not found in the stored text of interpol-2019-06-12 (got 'are meeting"),

    # Line numbers stay right after blank lines, a two-line cell and Windows line endings.
    Case("line-after-blank-lines", PART, sub("\n2,AIMC,", "\n\n \n2,AIMX,"),
         "body: unknown body (got 'AIMX'"),
    Case("line-after-two-line-cell", PART,
         sub(ROLE_NOTE, ROLE_NOTE.replace("; list", ";\nlist").replace("AMERIPOL", "AMERIPOX")),
         "body: unknown body (got 'AMERIPOX'"),
    Case("line-with-crlf", PART, with_crlf(sub("\n2,AIMC,", "\n2,AIMX,")),
         "body: unknown body (got 'AIMX'"),

    # The layout of the file.
    Case("missing-column", PART, resave(drop="attendance"),
         "attendance: required column is missing", line=1),
    Case("renamed-column", ED, sub(",participant_list,", ",participants,"),
         "participants: unknown column (got 'participants'"),
    Case("extra-column", PART, resave(add="comment"),
         "comment: unknown column (got 'comment'", line=1),
    Case("column-twice", PART, sub("edition,body,role,", "edition,body,body,"),
         "body: column appears twice in the header (got 'body'"),
    Case("empty-file", SRC, bytes_edit(lambda b: b""), "file is empty", line=None),
    Case("missing-file", ED, delete, "file is missing", line=None),
    Case("header-only", PART, header_only, "file has a header but no rows", line=1),
    Case("header-only-bodies", BOD, header_only, "file has a header but no rows", line=1),
    Case("semicolons", ED, resave(delimiter=";"), "wrong delimiter (got ';'", line=1),
    Case("latin-1-bytes", PART, append(CORPUS / "participation_row_latin1.csv"),
         "file is not UTF-8 text (got 'bytes e9'"),
    Case("too-many-fields", PART, sub(DATELINE, DATELINE + ",oops"),
         "wrong number of fields (got '10 fields'"),
    Case("too-few-fields", MEMB, sub(INDONESIA, INDONESIA[:-1]),
         "wrong number of fields (got '12 fields'"),
    Case("unterminated-quote", PART, sub(DATELINE, DATELINE[:-1]), "unreadable CSV"),
    Case("long-field", PART, sub(DATELINE, "x" * 30_000),
         "notes: cell is too long (got 'xxxxx...(30000 characters)'"),
    Case("huge-field", PART, sub(DATELINE, "x" * 200_000),
         "notes: cell is too long (got 'xxxxx...(200000 characters)'"),
    Case("nul-byte", PART, sub(DATELINE, DATELINE.replace("Standing", "Stan\x00ding")),
         "notes: control character in cell"),
    Case("blank-body-id", BOD, append(",XYZ,Xyz Org,,EU agency,Europe,,,,,europol-history,,,high,"),
         "body_id: required value is missing"),
]
# fmt: on


# --- Running the command line --------------------------------------------------------------------


def run_data(raw: Path, out: Path) -> subprocess.CompletedProcess:
    """``dialogue-analysis data`` as a person runs it, from the folder holding raw/ and out/.

    The command line's own ``main`` runs in this process (78 cases would otherwise each pay for
    a new interpreter and its imports); what it prints is captured as a terminal would show it,
    and an exception escaping it is printed as the traceback a person would see.
    ``tests/test_cli.py`` runs the same command in a process of its own.
    """
    stdout, stderr = io.StringIO(), io.StringIO()
    args = ["data", "--raw", str(raw), "--out", str(out)]
    with contextlib.chdir(raw.parent), redirect_stdout(stdout), redirect_stderr(stderr):
        try:
            code = cli.main(args)
        except BaseException:  # shown as a person would see it, then failed on
            traceback.print_exc()
            code = 1
    return subprocess.CompletedProcess(args, code, stdout.getvalue(), stderr.getvalue())


def problems(stderr: str) -> list[str]:
    """The problem lines: everything before the blank line and the summary."""
    return stderr.split("\n\n")[0].splitlines()


def where(problem: str, file: str) -> tuple[int | None, str] | None:
    """(line or None, the rest) of a problem line about ``file``; None if about another file."""
    found = re.fullmatch(rf"(?:.*[/\\])?{re.escape(file)}(?::(\d+))?: (.*)", problem)
    return None if found is None else ((int(found[1]) if found[1] else None), found[2])


def tables(out: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in OUTPUT_TABLES}


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build of the unchanged raw data; each case starts from a copy of it."""
    base = tmp_path_factory.mktemp("baseline")
    shutil.copytree(RAW_DIR, base / "raw")
    result = run_data(base / "raw", base / "out")
    assert result.returncode == 0, result.stderr
    return base / "out"


@pytest.fixture
def previous(raw_copy: Path, baseline: Path) -> Path:
    """An output folder beside ``raw_copy`` holding a good earlier build."""
    out = raw_copy.parent / "out"
    shutil.copytree(baseline, out)
    return out


def xfail_if_bug(case: Case) -> pytest.ParameterSet:
    marks = [pytest.mark.xfail(strict=True, reason=case.bug)] if case.bug else []
    return pytest.param(case, id=case.id, marks=marks)


@pytest.mark.slow
@pytest.mark.parametrize("case", [xfail_if_bug(c) for c in CASES])
def test_bad_input(case: Case, raw_copy: Path, previous: Path, baseline: Path) -> None:
    before = snapshot(previous)
    edited = case.edit(raw_copy / case.file)

    result = run_data(raw_copy, previous)

    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    if case.expect is None:
        assert result.returncode == 0, result.stderr
        expected = tables(baseline)
        for name, frame in tables(previous).items():
            pd.testing.assert_frame_equal(frame, expected[name], obj=name)
        return
    assert result.returncode == 1, result.stderr
    assert snapshot(previous) == before
    line = edited if case.line == EDITED else case.line
    pattern = ".*".join(re.escape(part) for part in case.expect.split("..."))
    found = [where(p, case.file) for p in problems(result.stderr)]
    assert any(f and f[0] == line and re.match(pattern, f[1]) for f in found), result.stderr
    # One small change: no problem is reported anywhere else.
    assert all(f and f[0] == line for f in found), result.stderr


@pytest.mark.slow
def test_many_problems_of_one_kind_are_bounded(raw_copy: Path, previous: Path) -> None:
    path, n = raw_copy / MEMB, 40
    sub("\nAFRIPOL,", "\nAFRIPOLX,", count=n)(path)
    before = snapshot(previous)

    result = run_data(raw_copy, previous)

    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert snapshot(previous) == before
    *shown, more = problems(result.stderr)
    found = [where(p, MEMB) for p in shown]
    assert len(found) == MAX_PER_KIND
    assert all(f and f[1].startswith("body: unknown body (got 'AFRIPOLX'") for f in found), shown
    numbers = [f[0] for f in found]
    assert numbers == sorted(numbers) and numbers[0] == line_of(path, "AFRIPOLX,")
    assert where(more, MEMB) == (None, f"... and {n - MAX_PER_KIND} more 'unknown body' problem(s)")
