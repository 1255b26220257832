"""Broken copies of the real raw tables: every problem is found, located, and nothing is written."""

import csv
import io
from pathlib import Path

import pytest

from dialogue_analysis import DataValidationError
from dialogue_analysis.data.pipeline import build
from tests.conftest import line_of, replace_in, snapshot


@pytest.fixture
def previous_build(tmp_path: Path, raw_copy: Path) -> tuple[Path, dict[str, bytes]]:
    """An output folder holding a good earlier build, and its bytes."""
    out = tmp_path / "processed"
    build(raw_copy, out)
    return out, snapshot(out)


def problems_after(raw: Path, out: Path) -> list:
    with pytest.raises(DataValidationError) as caught:
        build(raw, out)
    return caught.value.problems


def only(problems, message: str):
    found = [p for p in problems if message in p.message]
    assert len(found) == 1, problems
    return found[0]


def test_unknown_body_is_located_with_a_suggestion(raw_copy, previous_build):
    out, before = previous_build
    path = raw_copy / "participation.csv"
    line = line_of(path, "3,Gulf Cooperation Council-POL,")
    replace_in(path, "3,Gulf Cooperation Council-POL,", "3,Gulf Cooperation Council-PLO,")
    problem = only(problems_after(raw_copy, out), "unknown body")
    assert (problem.file.endswith("participation.csv"), problem.line, problem.column) == (
        True,
        line,
        "body",
    )
    assert problem.value == "Gulf Cooperation Council-PLO"
    assert problem.hint == "Gulf Cooperation Council-POL"
    assert snapshot(out) == before


def test_impossible_date(raw_copy, previous_build):
    out, before = previous_build
    path = raw_copy / "editions.csv"
    line = line_of(path, "12 and 13 June 2019")
    replace_in(path, "12 and 13 June 2019", "31 and 32 June 2019")
    problem = only(problems_after(raw_copy, out), "not a valid date")
    assert (problem.line, problem.column, problem.value) == (line, "dates", "31 and 32 June 2019")
    assert "June 2019 has 30 days" in problem.message
    assert snapshot(out) == before


def test_end_before_start_in_one_date_text(raw_copy, previous_build):
    out, _ = previous_build
    replace_in(raw_copy / "editions.csv", "15 and 16 March 2016", "16 and 15 March 2016")
    problem = only(problems_after(raw_copy, out), "not a valid date")
    assert "end before start" in problem.message


def test_left_before_joined(raw_copy, previous_build):
    out, before = previous_build
    path = raw_copy / "memberships.csv"
    text = path.read_text(encoding="utf-8")
    # Iran joined the SCO on 2023-07-04; give it an exit two years earlier.
    row = next(
        r for r in text.splitlines() if r.startswith("SCO,Iran,") or r.startswith("SCO,IRN,")
    )
    fields = row.split(",")
    fields[4] = "2021-07-04"  # the 'left' column
    path.write_text(text.replace(row, ",".join(fields)), encoding="utf-8")
    problem = only(problems_after(raw_copy, out), "left is before the start")
    assert (problem.line, problem.column) == (line_of(path, ",".join(fields)), "left")
    assert snapshot(out) == before


def test_duplicate_key_names_the_first_occurrence(raw_copy, previous_build):
    out, before = previous_build
    path = raw_copy / "bodies.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(i for i, ln in enumerate(lines) if ln.startswith("EUROPOL,"))
    lines.append(lines[first])
    path.write_text("".join(lines), encoding="utf-8")
    problems = problems_after(raw_copy, out)
    dup = only(problems, "duplicate key")
    assert (dup.line, dup.column) == (len(lines), "body_id")
    assert f"line {first + 1}" in dup.expected
    assert snapshot(out) == before


@pytest.mark.parametrize(
    ("file", "column", "target"),
    [
        ("participation.csv", "edition", "edition"),
        ("memberships.csv", "source_id", "source"),
    ],
)
def test_dangling_reference(raw_copy, previous_build, file, column, target):
    out, before = previous_build
    path = raw_copy / file
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    fields = lines[1].split(",")
    fields[header.index(column)] = "no-such-thing"
    lines[1] = ",".join(fields)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problem = only(problems_after(raw_copy, out), f"refers to an unknown {target}")
    assert (problem.line, problem.column, problem.value) == (2, column, "no-such-thing")
    assert snapshot(out) == before


def test_quote_not_in_its_stored_source(raw_copy, previous_build):
    out, before = previous_build
    path = raw_copy / "participation.csv"
    quote = "also participate as observer organizations"
    line = line_of(path, quote)
    replace_in(path, quote, "also participate as full members")
    problem = only(problems_after(raw_copy, out), "quote not found")
    assert (problem.line, problem.column) == (line, "quote")
    assert "interpol-2019-06-12" in problem.message
    assert snapshot(out) == before


def test_missing_column(raw_copy, previous_build):
    out, before = previous_build
    path = raw_copy / "editions.csv"
    replace_in(path, ",participant_list,", ",participants,")
    problems = problems_after(raw_copy, out)
    missing = only(problems, "required column is missing")
    assert (missing.line, missing.column) == (1, "participant_list")
    assert only(problems, "unknown column").hint == "participant_list"
    assert snapshot(out) == before


def test_empty_file(raw_copy, previous_build):
    out, before = previous_build
    (raw_copy / "bodies.csv").write_text("", encoding="utf-8")
    problem = only(problems_after(raw_copy, out), "file is empty")
    assert problem.file.endswith("bodies.csv")
    assert snapshot(out) == before


def test_every_problem_is_reported_in_one_run(raw_copy, previous_build):
    out, _ = previous_build
    replace_in(raw_copy / "editions.csv", "15 and 16 March 2016", "15 and 16 Marhc 2016")
    replace_in(raw_copy / "participation.csv", "3,Gulf Cooperation Council-POL,", "3,Gulf Org,")
    replace_in(raw_copy / "bodies.csv", "EU agency", "EU agencee")
    problems = problems_after(raw_copy, out)
    files = {Path(p.file).name for p in problems}
    assert files == {"editions.csv", "participation.csv", "bodies.csv"}
    assert sorted(p.message.split(" (")[0] for p in problems) == [
        "not a valid date",
        "unknown body",
        "unknown body type",
    ]


def test_unknown_vocabulary_value_suggests_the_label(raw_copy, previous_build):
    out, _ = previous_build
    replace_in(raw_copy / "editions.csv", ",in person,", ",in persn,")
    problem = only(problems_after(raw_copy, out), "unknown format")
    assert problem.hint == "in person"
    assert "'virtual'" in problem.expected


def test_a_high_row_without_a_quote_is_refused(raw_copy, previous_build):
    out, before = previous_build
    path = raw_copy / "participation.csv"
    quote = "also participate as observer organizations"
    line = line_of(path, quote)
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(csv.reader(io.StringIO(text[line - 1])))
    header = next(csv.reader(io.StringIO(text[0])))
    row[header.index("quote")], row[header.index("confidence")] = "", "high"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(row)
    text[line - 1] = buffer.getvalue()
    path.write_text("".join(text), encoding="utf-8")
    problem = only(problems_after(raw_copy, out), "high confidence without a quote")
    assert (problem.line, problem.column, problem.value) == (line, "confidence", "high")
    assert snapshot(out) == before


def test_an_elided_quote_must_keep_its_pieces_in_order(raw_copy, previous_build):
    out, _ = previous_build
    path = raw_copy / "participation.csv"
    quote = "also participate as observer organizations"
    line = line_of(path, quote)
    replace_in(path, quote, "observer organizations … also participate as")
    problem = only(problems_after(raw_copy, out), "quote not found")
    assert problem.line == line


def test_a_meeting_with_a_host_needs_a_host_row(raw_copy, previous_build):
    out, _ = previous_build
    path = raw_copy / "participation.csv"
    line = line_of(path, "1,INTERPOL,host,")
    replace_in(path, "1,INTERPOL,host,", "1,INTERPOL,participant,")
    problem = only(problems_after(raw_copy, out), "no participation row with role host")
    assert problem.file.endswith("editions.csv") and problem.column == "host_as_written"
    assert line > 1


def test_a_derived_row_needs_a_parent_row(raw_copy, previous_build):
    out, _ = previous_build
    path = raw_copy / "memberships.csv"
    with path.open("a", encoding="utf-8") as f:
        f.write("AFRIPOL,France,member,,,,,AU,afripol-about,,,medium,\n")
    line = len(path.read_text(encoding="utf-8").splitlines())
    problem = only(problems_after(raw_copy, out), "has no row for this country to derive from")
    assert (problem.line, problem.column, problem.value) == (line, "derived_from", "France")


def test_an_undated_spell_needs_dated_evidence(raw_copy, previous_build):
    out, _ = previous_build
    path = raw_copy / "memberships.csv"
    sources = raw_copy / "sources.csv"
    with sources.open("a", encoding="utf-8") as f:
        f.write("undated-page,A page,Someone,secondary,,https://example.org/p,,en,,\n")
    with path.open("a", encoding="utf-8") as f:
        f.write("ASEAN,Timor-Leste,observer,,,,,,undated-page,,,medium,\n")
    line = len(path.read_text(encoding="utf-8").splitlines())
    problem = only(problems_after(raw_copy, out), "nothing dates the evidence")
    assert (problem.line, problem.column) == (line, "known_from")


def test_a_misspelt_country_in_a_derived_row_is_one_problem(raw_copy, previous_build):
    out, _ = previous_build
    path = raw_copy / "memberships.csv"
    line = line_of(path, "GCCPOL,Bahrain,member,")
    replace_in(path, "GCCPOL,Bahrain,member,", "GCCPOL,Bahrian,member,")
    found = [p for p in problems_after(raw_copy, out) if p.line == line]
    assert [(p.column, p.value) for p in found] == [("country", "Bahrian")]


# --- Sources: kinds cap confidence, and a copy is never the cited address ------------------------


def _set_cells(path: Path, needle: str, **cells: str) -> int:
    """Change cells of the first row containing ``needle``; return its line."""
    line = line_of(path, needle)
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(csv.reader(io.StringIO(text[0])))
    row = next(csv.reader(io.StringIO(text[line - 1])))
    for column, value in cells.items():
        row[header.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(row)
    text[line - 1] = buffer.getvalue()
    path.write_text("".join(text), encoding="utf-8")
    return line


def test_a_high_row_resting_on_a_copy_is_refused(raw_copy, previous_build):
    out, before = previous_build
    path = raw_copy / "memberships.csv"
    # A row that quotes a forum copy of an OAS report, its only source.
    line = _set_cells(path, "AMERIPOL,Canada,observer,", confidence="high")
    problem = only(problems_after(raw_copy, out), "above what its sources' kinds allow")
    assert problem.file.endswith("memberships.csv")
    assert (problem.line, problem.column, problem.value) == (line, "confidence", "high")
    assert problem.expected.startswith("at most low, as its sources are gmic-oas-report-ameripol")
    assert "copy on a third-party host" in problem.expected
    assert snapshot(out) == before


def test_a_reference_work_caps_at_medium_and_a_primary_source_lifts_the_cap(
    raw_copy, previous_build
):
    out, _ = previous_build
    path = raw_copy / "memberships.csv"
    needle = "AU,Algeria,member,1963-05-25,"
    line = _set_cells(path, needle, confidence="high", quote="Algeria")
    problem = only(problems_after(raw_copy, out), "above what its sources' kinds allow")
    assert (problem.line, problem.value) == (line, "high")
    assert problem.expected.startswith("at most medium")
    assert "vi0-wiki-african-union (reference work)" in problem.expected
    # The AU's own member-states page beside the encyclopaedia allows high.
    _set_cells(path, needle, more_source_ids="worldpopulationreview-au;au-member-states")
    build(raw_copy, out)


def test_every_row_over_its_cap_is_reported_in_one_run(raw_copy, previous_build):
    out, _ = previous_build
    memb, bodies = raw_copy / "memberships.csv", raw_copy / "bodies.csv"
    lines = {
        ("memberships.csv", _set_cells(memb, "AMERIPOL,Canada,observer,", confidence="high")),
        ("memberships.csv", _set_cells(memb, "AMERIPOL,Spain,observer,", confidence="medium")),
        ("bodies.csv", _set_cells(bodies, "FRONTEX,Frontex,", confidence="high")),
    }
    found = {
        (Path(p.file).name, p.line)
        for p in problems_after(raw_copy, out)
        if "above what its sources' kinds allow" in p.message
    }
    assert found == lines


@pytest.mark.parametrize(
    "url",
    [
        "http://bp.piusbird.space/https:/en.wikipedia.org/wiki/Interpol",
        "https://html.pdfcookie.com/02/2019/12/16/yv859r3wxdv1/yv859r3wxdv1.html",
        "https://156142.newalkerhk.tech/display/2024/10/13/x",
    ],
)
def test_a_source_cited_at_a_copys_address_is_refused(raw_copy, previous_build, url):
    out, _ = previous_build
    path = raw_copy / "sources.csv"
    line = _set_cells(path, "europol-history,", url=url)
    problem = only(problems_after(raw_copy, out), "a host of copies")
    assert (problem.line, problem.column, problem.value) == (line, "url", url)
    assert "copy_url" in problem.expected


def test_a_copy_is_never_also_the_cited_address(raw_copy, previous_build):
    out, _ = previous_build
    path = raw_copy / "sources.csv"
    url = "https://europol.europa.eu/history/europol-history.html"
    line = _set_cells(path, "europol-history,", copy_url=url)
    problem = only(problems_after(raw_copy, out), "the copy is given as the cited address")
    assert (problem.line, problem.column, problem.value) == (line, "copy_url", url)


def test_a_source_without_a_kind_is_refused(raw_copy, previous_build):
    out, _ = previous_build
    line = _set_cells(raw_copy / "sources.csv", "europol-history,", kind="")
    problem = only(problems_after(raw_copy, out), "required value is missing")
    assert (problem.line, problem.column) == (line, "kind")
