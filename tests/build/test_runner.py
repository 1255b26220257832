"""The report runner on small notebooks: cache, failures, determinism, safe names, offline HTML."""

import dataclasses
import json
import os
import re
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell

from dialogue_analysis.build import runner
from dialogue_analysis.build.registry import (
    RegistryError,
    Report,
    check_parameters,
    expand,
    safe_name,
)
from dialogue_analysis.data.dataset import PROCESSED_DIR_ENV as ENV
from tests.conftest import tiny_data_folder, write_notebook

pytestmark = pytest.mark.slow

PLOT = """\
%matplotlib inline
from matplotlib.figure import Figure
fig = Figure(figsize=(3, 2))
ax = fig.subplots()
ax.plot([1, 2, x])
ax.set_title(label)
fig"""


def notebook(path: Path, body: str = PLOT) -> Path:
    return write_notebook(
        path,
        [
            new_code_cell(
                "x = 1  # a number\nlabel = 'a'  # a title\nfail = False  # raise?",
                metadata={"tags": ["parameters"]},
            ),
            new_markdown_cell("# A small report"),
            new_code_cell("if fail:\n    raise ValueError('told to fail')"),
            new_code_cell(body),
        ],
    )


@pytest.fixture
def setup(tmp_path: Path):
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    data = tiny_data_folder(tmp_path)
    one, two = notebook(nb_dir / "one.ipynb"), notebook(nb_dir / "two.ipynb")
    regs = [
        Report(f"one_{i}", one, f"One {i}", "first", {"x": i, "label": f"one {i}"})
        for i in range(2)
    ] + [Report("two", two, "Two", "second", {"x": 5})]
    return regs, data, tmp_path / "reports"


def statuses(outcomes):
    return {o.report.name: o.status for o in outcomes}


def test_second_run_builds_nothing_and_an_edit_rebuilds_only_its_reports(setup):
    regs, data, out = setup
    assert set(statuses(runner.run(regs, data, out, jobs=2)).values()) == {"built"}
    assert set(statuses(runner.run(regs, data, out, jobs=2)).values()) == {"cached"}
    notebook(regs[2].notebook, PLOT.replace("Figure(figsize=(3, 2))", "Figure(figsize=(3, 3))"))
    assert statuses(runner.run(regs, data, out, jobs=2)) == {
        "one_0": "cached",
        "one_1": "cached",
        "two": "built",
    }
    assert set(statuses(runner.run(regs, data, out, force=True)).values()) == {"built"}


def test_changed_data_rebuilds(setup):
    regs, data, out = setup
    runner.run(regs, data, out)
    (data / "datapackage.json").write_text(
        json.dumps({"resources": [{"name": "editions", "hash": "sha256:def"}]})
    )
    assert set(statuses(runner.run(regs, data, out)).values()) == {"built"}


def test_failing_notebook_keeps_previous_html_and_others_build(setup):
    regs, data, out = setup
    runner.run(regs, data, out)
    before = (out / "one_1.html").read_bytes()
    broken = regs[1].__class__(**{**regs[1].__dict__, "parameters": {"x": 9, "fail": True}})
    outcomes = runner.run([regs[0], broken, regs[2]], data, out, force=True)
    assert statuses(outcomes) == {"one_0": "built", "one_1": "failed", "two": "built"}
    failed = next(o for o in outcomes if o.status == "failed")
    assert "ValueError: told to fail" in failed.error and "cell [" in failed.error
    assert (out / "one_1.html").read_bytes() == before
    assert (out / "one_1.failed.ipynb").is_file()
    index = (out / "index.html").read_text()
    assert "failed" in index and 'href="one_1.failed.ipynb"' in index
    summary = "\n".join(runner.summary(outcomes, out))
    assert "FAILED one_1 (one.ipynb; x=9, fail=True)" in summary
    assert "executed notebook kept as one_1.failed.ipynb" in summary
    # The next run retries the failed report even though nothing changed.
    assert statuses(runner.run([regs[0], broken], data, out))["one_1"] == "failed"


def test_two_forced_builds_are_byte_identical(setup, tmp_path):
    regs, data, out = setup
    runner.run(regs, data, out, force=True)
    first = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    runner.run(regs, data, out, force=True)
    second = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert first == second
    assert {"one_0.html", "one_0.ipynb", "index.html"} <= set(first)


def test_html_is_self_contained_with_code_hidden_and_provenance(setup):
    regs, data, out = setup
    runner.run(regs[:1], data, out)
    html = (out / "one_0.html").read_text()
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"?https?://", html)
    assert "<script" not in html
    assert "data:image/png;base64," in html
    assert "subplots" not in html  # code hidden by default
    assert "Parameter label" in html and "one 0" in html and "sha256:abc" in html
    assert len(html) < 300_000
    runner.run(regs[:1], data, out, show_code=True)
    assert "subplots" in (out / "one_0.html").read_text()


def test_index_links_every_report(setup):
    regs, data, out = setup
    runner.run(regs, data, out)
    index = (out / "index.html").read_text()
    for href in re.findall(r'href="([^"]+)"', index):
        if href.startswith("#"):  # a group, on this page
            assert f'id="{href[1:]}"' in index, href
        else:
            assert (out / href).is_file(), href
    assert len(re.findall(r'href="[^"]+\.html"', index)) == 3


def test_parameters_are_checked_against_the_notebook(setup):
    regs, _, _ = setup
    with pytest.raises(RegistryError, match="'one_0'.*'colour'") as err:
        check_parameters(Report("one_0", regs[0].notebook, "t", "d", {"colour": "red"}))
    assert err.value.parameter == "colour"
    with pytest.raises(RegistryError, match="expects int"):
        check_parameters(Report("one_0", regs[0].notebook, "t", "d", {"x": "three"}))
    with pytest.raises(RegistryError, match="expects bool"):
        check_parameters(Report("one_0", regs[0].notebook, "t", "d", {"fail": 1}))


@pytest.mark.parametrize("value", ["../../etc/passwd", "/tmp/evil", "a/b\\c", "..", ""])
def test_parameter_values_cannot_escape_the_reports_folder(tmp_path, value):
    name = safe_name(f"profile_{value}")
    assert "/" not in name and "\\" not in name and ".." not in name and name
    (out := tmp_path / "reports").mkdir()
    assert (out / f"{name}.html").resolve().parent == out.resolve()


def test_grid_expands_over_the_data(setup):
    import pandas as pd

    regs, _, _ = setup
    bodies = pd.DataFrame({"body_id": ["B", "A", "../X"], "keep": [True, True, False]})
    entry = {
        "name": "p_{label}",
        "notebook": "one.ipynb",
        "title": "P {label}",
        "grid": {"label": {"table": "bodies", "column": "body_id", "where": "keep"}},
    }
    got = expand(entry, {"bodies": bodies}, regs[0].notebook.parent)
    assert [(r.name, r.parameters) for r in got] == [
        ("p_A", {"label": "A"}),
        ("p_B", {"label": "B"}),
    ]


def test_grid_sorts_by_a_column_and_labels_subgroups_from_it(setup):
    import pandas as pd

    regs, _, _ = setup
    places = pd.DataFrame(
        {"code": ["B", "A", "C"], "name": ["Zeta", "Beta", "Alpha"], "zone": ["Z1", "Z2", "Z1"]}
    )
    entry = {
        "name": "p_{c}",
        "notebook": "one.ipynb",
        "title": "P {c_name}",
        "label": "{c_name}",
        "subgroup": "{c_zone}",
        "layout": "list",
        "grid": {"c": {"table": "places", "column": "code", "sort": "name"}},
    }
    got = expand(entry, {"places": places}, regs[0].notebook.parent)
    assert [(r.name, r.label, r.subgroup, r.layout) for r in got] == [
        ("p_C", "Alpha", "Z1", "list"),
        ("p_A", "Beta", "Z2", "list"),
        ("p_B", "Zeta", "Z1", "list"),
    ]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"layout": "grid"}, "layout 'grid' is not one of"),
        ({"key_inputs": {"function": "m:f", "parameter": "other"}}, "does not give"),
        ({"key_inputs": {"function": "no_colon", "parameter": "c"}}, "module:function"),
        ({"key_inputs": "m:f"}, "key_inputs is"),
    ],
)
def test_a_wrong_layout_or_key_inputs_entry_is_named(setup, extra, message):
    regs, _, _ = setup
    entry = {"name": "p_{c}", "notebook": "one.ipynb", "title": "P", "grid": {"c": ["x"]}, **extra}
    with pytest.raises(RegistryError, match=message):
        expand(entry, {}, regs[0].notebook.parent)


def test_a_list_group_is_listed_a_to_z_under_its_subgroups(setup):
    regs, data, out = setup
    base = regs[0]
    listed = [
        dataclasses.replace(
            base,
            name=f"c_{n}",
            label=label,
            subgroup=zone,
            group="Places",
            layout="list",
            title=f"{label} profile",
        )
        for n, (label, zone) in enumerate([("zeta", "South"), ("Alpha", "South"), ("Mid", "North")])
    ]
    runner.run([*listed], data, out, only={"c_0", "c_2"})
    index = (out / "index.html").read_text()
    north, south = index.index("<h3>North (1)</h3>"), index.index("<h3>South (2)</h3>")
    assert north < south
    alpha, zeta = index.index(">Alpha"), index.index(">zeta<")
    assert south < alpha < zeta  # A-Z whatever the case
    assert '<a href="c_0.html" title="zeta profile">zeta</a>' in index
    assert 'Alpha <span class="status-failed">(not built yet)</span>' in index
    assert 'class="card"' not in index
    assert '<a href="#Places">Places</a> (3)' in index  # the group is linked from the top


def test_only_builds_the_named_reports_and_the_index_still_lists_all(setup):
    regs, data, out = setup
    first = runner.run(regs, data, out, only={"two"})
    assert statuses(first) == {"one_0": "not built", "one_1": "not built", "two": "built"}
    index = (out / "index.html").read_text()
    assert "not built yet" in index and 'href="two.html"' in index and "One 0" in index
    runner.run(regs, data, out)
    again = runner.run(regs, data, out, force=True, only={"one_0"})
    assert statuses(again) == {"one_0": "built", "one_1": "cached", "two": "cached"}
    assert len(re.findall(r'href="[^"]+\.html"', (out / "index.html").read_text())) == 3


@pytest.mark.parametrize(
    ("body", "cause"),
    [
        ("import time\ntime.sleep(60)", "CellTimeoutError"),
        ("import os\nos._exit(1)", "DeadKernelError"),
    ],
)
def test_a_hanging_or_dying_notebook_fails_with_its_cause_and_the_others_build(setup, body, cause):
    regs, data, out = setup
    bad = notebook(regs[2].notebook.parent / "bad.ipynb", body)
    broken = Report("bad", bad, "Bad", "misbehaves", {})
    outcomes = runner.run([regs[0], broken], data, out, timeout=5)
    assert statuses(outcomes) == {"one_0": "built", "bad": "failed"}
    failed = outcomes[1]
    assert cause in failed.error
    assert failed.seconds < 45


def test_the_kernels_get_the_data_folder_and_this_process_keeps_its_environment(tmp_path):
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    probe = notebook(nb_dir / "probe.ipynb", f"import os\nprint(os.environ.get({ENV!r}))")
    runs = {}
    for name in ("first", "second"):  # two runs in one process, each with its own data folder
        data = tmp_path / f"data-{name}"
        data.mkdir()
        (data / "datapackage.json").write_text(json.dumps({"resources": []}))
        for warm in (True, False):
            out = tmp_path / f"reports-{name}-{warm}"
            outcomes = runner.run([Report("probe", probe, "P", "p")], data, out, warm=warm)
            assert statuses(outcomes) == {"probe": "built"}
            html = (out / "probe.html").read_text(encoding="utf-8")
            runs[name, warm] = str(data.resolve()) in html
    assert all(runs.values())
    assert ENV not in os.environ  # the runner never changes its own environment
