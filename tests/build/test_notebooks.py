"""The shipped notebooks and registry: every report builds from the shipped data, offline."""

import json
import re

import nbformat
import papermill
import pytest

from dialogue_analysis.analysis.countries import roster_countries
from dialogue_analysis.analysis.resolve import as_timestamp
from dialogue_analysis.build import runner
from dialogue_analysis.build.registry import REGISTRY_FILE, grid_tables, load_registry
from dialogue_analysis.data.dataset import PROCESSED_DIR_ENV
from dialogue_analysis.paths import NOTEBOOKS_DIR

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_clean_with_one_documented_parameters_cell(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    params = papermill.inspect_notebook(str(path))
    assert params, "a parameters cell with at least one parameter"
    assert all(p["help"] for p in params.values()), params


def test_every_notebook_is_registered():
    text = REGISTRY_FILE.read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        assert f'"{path.name}"' in text, path.name


def test_registry_expands_body_profiles_for_every_dialogue_body(registered, data):
    profiles = {r.parameters.get("body") for r in registered if r.notebook.stem == "body_profile"}
    expected = set(data.bodies.loc[data.bodies["is_dialogue_participant"], "body_id"])
    assert profiles == expected


def test_registry_expands_a_country_profile_for_every_roster_country_a_to_z(data):
    every = load_registry(grid_tables(data))
    profiles = [r for r in every if r.notebook.stem == "country_profile"]
    roster = roster_countries(data).set_index("country_iso3")
    assert {r.parameters["country"] for r in profiles} == set(roster.index)
    assert [r.label for r in profiles] == sorted(roster["country_name"])  # previous/next A-Z
    for r in profiles:
        code = r.parameters["country"]
        assert r.label == roster.loc[code, "country_name"]
        assert r.subgroup == roster.loc[code, "region"]
        assert r.layout == "list" and r.group == "Countries"
        assert r.name == f"country_profile_{code}"
    assert len(every) > 200


@pytest.mark.slow
def test_every_registered_report_builds(built, registered):
    out, outcomes = built
    failed = [f"{o.report.name}: {o.error}" for o in outcomes if o.status != "built"]
    assert not failed
    for r in registered:
        html = (out / f"{r.name}.html").read_text(encoding="utf-8")
        assert len(html.encode()) < 300_000, r.name
        assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"?(https?:)?//", html), r.name
        assert "Traceback" not in html and "Error" not in html.split("<footer")[0], r.name


@pytest.mark.slow
def test_index_links_resolve(built, registered):
    out, _ = built
    index = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', index)
    assert {f"{r.name}.html" for r in registered} <= set(links)
    pages = [link for link in links if not link.startswith("#")]
    assert all((out / link).is_file() for link in pages)
    # In-page links (the report groups) name an element of the page.
    assert all(f'id="{link[1:]}"' in index for link in links if link.startswith("#"))


@pytest.mark.slow
def test_second_run_executes_nothing(built, processed, registered):
    out, _ = built
    again = runner.run(registered, processed, out, jobs=2)
    assert {o.status for o in again} == {"cached"}


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_with_defaults_from_the_notebooks_folder(
    path, processed, tmp_path, monkeypatch
):
    # As a person would in Jupyter: notebooks/ as the working directory, default parameters.
    monkeypatch.setenv(PROCESSED_DIR_ENV, str(processed))
    out = tmp_path / path.name
    papermill.execute_notebook(
        str(path),
        str(out),
        cwd=str(NOTEBOOKS_DIR),
        kernel_name="python3",
        progress_bar=False,
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    nb = json.loads(out.read_text(encoding="utf-8"))
    assert any(
        o.get("data", {}).get("image/png") for c in nb["cells"] for o in c.get("outputs", [])
    )


@pytest.mark.slow
def test_forced_rebuild_of_real_reports_is_byte_identical(built, processed, registered):
    out, _ = built
    some = {"meeting_history", "body_profile_FRONTEX"}

    def files() -> dict[str, bytes]:  # every page, CSV, sidecar, thumbnail and download
        skip = {".cache", "screenshots", "pdf"}
        return {
            p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*"))
            if p.is_file() and not skip & set(p.relative_to(out).parts)
        }

    before = files()
    outcomes = runner.run(registered, processed, out, jobs=2, force=True, only=some)
    assert {o.report.name for o in outcomes if o.status == "built"} == some
    after = files()
    assert after == before
    assert any(name.startswith("data/meeting_history/") for name in after)
    assert {"data.html", "sources.html", "thumbs/meeting_history.png"} <= set(after)


def test_coverage_is_registered_for_the_2019_meeting_and_the_latest_day(registered):
    dates = {r.name: r.parameters for r in registered if r.notebook.stem == "coverage"}
    assert dates == {
        "coverage_2019-06-12": {"as_of": "2019-06-12"},
        "coverage_latest": {"as_of": "latest"},
    }


@pytest.mark.slow
def test_coverage_reports_and_every_body_profile_render_maps(built, registered, data):
    out, _ = built
    latest = as_timestamp("latest", data)
    for name, day in [("coverage_2019-06-12", "12 June 2019"), ("coverage_latest", latest)]:
        day = day if isinstance(day, str) else f"{day.day} {day:%B %Y}"
        alts = re.findall(r'alt="([^"]*)"', (out / f"{name}.html").read_text(encoding="utf-8"))
        assert any(a.startswith(f"On {day}, the Dialogue's bodies covered") for a in alts), alts
        assert any("pairs of regional bodies shared" in a for a in alts), alts
    with_roster = set(data.memberships["body_id"])
    for r in registered:
        if r.notebook.stem != "body_profile":
            continue
        html = (out / f"{r.name}.html").read_text(encoding="utf-8")
        acronym = data.bodies.set_index("body_id").at[r.parameters["body"], "acronym"]
        if r.parameters["body"] in with_roster:
            assert f'alt="{acronym} on ' in html, r.name  # the map
            assert "shared member countries" in html or "shared no member" in html, r.name
        else:
            assert "no member list" in html, r.name


@pytest.mark.slow
def test_body_profiles_say_which_bodies_take_part_in_the_dialogue(built, registered, data):
    out, _ = built
    takes_part = data.bodies.set_index("body_id")["is_dialogue_participant"]
    profiles = [r for r in registered if r.notebook.stem == "body_profile"]
    assert profiles
    for r in profiles:
        html = (out / f"{r.name}.html").read_text(encoding="utf-8")
        cells = re.search(r"Takes part in the Dialogue</t[dh]>\s*<td>(\w+)</td>", html)
        assert cells, r.name
        expected = "yes" if bool(takes_part[r.parameters["body"]]) else "no"
        assert cells.group(1) == expected, r.name
    assert any(bool(v) for v in takes_part)  # INTERPOL and the regional bodies do


@pytest.mark.slow
def test_every_chart_and_table_offers_its_data(built, registered):
    import json

    import pandas as pd

    out, _ = built
    for r in registered:
        html = (out / f"{r.name}.html").read_text(encoding="utf-8")
        charts = len(re.findall(r'<img [^>]*src="data:image/png', html))
        tables = len(re.findall(r'<table [^>]*class="readable"', html))
        anchors = re.findall(r"<a ([^>]*)>Download data \(CSV\)</a>", html)
        links = [re.search(r'href="(data/[^"]+\.csv)"', a).group(1) for a in anchors]
        assert len(links) == charts + tables, r.name
        for link in links:
            frame = pd.read_csv(out / link)
            sidecar = json.loads((out / link.replace(".csv", ".json")).read_text(encoding="utf-8"))
            assert [c["name"] for c in sidecar["columns"]] == list(frame.columns), link
            assert sidecar["rows"] == len(frame) and sidecar["title"], link
            assert sidecar["data_version"] in sidecar["citation"], link


@pytest.mark.slow
def test_no_report_shows_missing_values_as_code(built, registered):
    out, _ = built
    for r in registered:
        html = (out / f"{r.name}.html").read_text(encoding="utf-8")
        body = re.sub(r"<(style|script)[^>]*>.*?</\1>", "", html, flags=re.S)
        text = re.sub(r"<[^>]+>", " ", body)
        for token in ("&lt;NA&gt;", "NaN", "NaT", "None"):
            assert not re.search(rf"(?<![\w-]){re.escape(token)}(?![\w-])", text), (r.name, token)
        assert 'class="dataframe"' not in html, r.name  # every table is a readable one
