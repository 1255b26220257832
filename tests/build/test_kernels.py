"""Warm kernels: reused between reports, yet no report sees what the one before it left behind."""

import json
from pathlib import Path

import nbformat
import psutil
import pytest
from nbformat.v4 import new_code_cell

from dialogue_analysis.build import kernels, runner
from dialogue_analysis.build.registry import Report, grid_tables, load_registry
from dialogue_analysis.data.pipeline import build
from dialogue_analysis.paths import RAW_DIR
from tests.conftest import COUNTRY_SAMPLE, write_notebook

pytestmark = pytest.mark.slow

# Everything a report could leave behind in a kernel, changed; the last line fails on request.
POLLUTE = """\
%matplotlib inline
%config InlineBackend.figure_formats = ["svg"]
import os, sys, warnings
import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
import helper
helper.old()
secret = 42
mpl.rcParams["lines.linewidth"] = 9.0
mpl.rcParams["axes.grid"] = True
pd.set_option("display.max_rows", 3)
os.environ["DIALOGUE_LEAK"] = "leaked"
sys.path.insert(0, "/leaked")
warnings.simplefilter("ignore")
plt.figure()
os.chdir("/")
if fail:
    raise RuntimeError("told to fail")"""

# What a report can see of the kernel's state, printed; and one chart, whose format is checked.
PROBE = """\
%matplotlib inline
import os, sys, warnings
import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
import helper
from helper import fresh_rc, rc
helper.old()
print("defined:", sorted(k for k in globals() if not k.startswith("_")))
print("history:", len(In), len(Out), sorted(k for k in globals() if k.startswith("_")))
print("secret" in globals(), os.getcwd() == os.path.dirname(helper.__file__))
print(os.environ.get("DIALOGUE_LEAK"), "/leaked" in sys.path, len(warnings.filters))
print(mpl.rcParams["lines.linewidth"], mpl.rcParams["axes.grid"], rc() == fresh_rc())
print(pd.get_option("display.max_rows"), plt.get_fignums())
plt.plot([1, 2, 3])
plt.show()"""

HELPER = """\
import subprocess
import sys
import warnings

# rcParams as a string, but for those IPython sets when the inline backend is active.
RC = (
    "import matplotlib; print(sorted((k, repr(v)) for k, v in matplotlib.rcParams.items() "
    "if k not in ('backend', 'interactive')))"
)


def old():
    warnings.warn("old() is deprecated", UserWarning, stacklevel=1)


def rc():
    import matplotlib

    return str(
        sorted(
            (k, repr(v))
            for k, v in matplotlib.rcParams.items()
            if k not in ("backend", "interactive")
        )
    )


def fresh_rc():
    return subprocess.run([sys.executable, "-c", RC], capture_output=True, text=True).stdout.strip()
"""


def notebook(path: Path, body: str) -> Path:
    return write_notebook(
        path,
        [
            new_code_cell("fail = False  # raise at the end?", metadata={"tags": ["parameters"]}),
            new_code_cell("x = 1\nx"),
            new_code_cell(body),
        ],
    )


@pytest.fixture
def setup(tmp_path: Path):
    nb_dir = tmp_path / "notebooks"
    nb_dir.mkdir()
    (nb_dir / "helper.py").write_text(HELPER)
    data = tmp_path / "data"
    data.mkdir()
    (data / "datapackage.json").write_text(
        json.dumps({"resources": [{"name": "editions", "hash": "sha256:abc"}]})
    )
    pollute = notebook(nb_dir / "pollute.ipynb", POLLUTE)
    probe = notebook(nb_dir / "probe.ipynb", PROBE)
    return pollute, probe, data, tmp_path


@pytest.fixture
def pools(monkeypatch) -> list[kernels.KernelPool]:
    """Every kernel pool a run closes, to count the kernels it started."""
    closed = []
    close = kernels.KernelPool.close

    def recording_close(self):
        closed.append(self)
        close(self)

    monkeypatch.setattr(kernels.KernelPool, "close", recording_close)
    return closed


def outputs(out: Path, name: str) -> tuple[bytes, bytes]:
    return (out / f"{name}.ipynb").read_bytes(), (out / f"{name}.html").read_bytes()


def test_a_report_sees_a_fresh_kernel_after_one_that_changed_everything(setup, pools):
    pollute, probe, data, tmp = setup
    regs = [Report("pollute", pollute, "P", "p"), Report("probe", probe, "Q", "q", {"fail": False})]
    warm = runner.run(regs, data, tmp / "warm", jobs=1)
    assert [o.status for o in warm] == ["built", "built"]
    assert pools[-1].started == 1  # both reports ran in the same kernel
    # The same registry (so the same neighbours in the page's navigation), probe alone, cold.
    runner.run(regs, data, tmp / "cold", warm=False, only={"probe"})
    assert outputs(tmp / "warm", "probe") == outputs(tmp / "cold", "probe")

    cells = nbformat.read(tmp / "warm" / "probe.ipynb", as_version=4).cells
    assert [c.execution_count for c in cells] == [1, 2, 3, 4]  # cell 2: papermill's parameters
    text = "".join(o.get("text", "") for o in cells[3].outputs)
    assert "'secret'" not in text and "False True\n" in text  # no variable; cwd restored
    assert "None False" in text  # os.environ and sys.path restored
    assert "1.5 False True\n" in text  # rcParams are matplotlib's defaults again
    assert "60 []\n" in text  # pandas options default; no figure left open
    assert "old() is deprecated" in text  # the warning is shown again, filters restored
    assert any("image/png" in o.get("data", {}) for o in cells[3].outputs)  # not svg


@pytest.mark.parametrize(
    ("parameters", "body"),
    [({"fail": True}, POLLUTE), ({}, POLLUTE + "\nimport os\nos._exit(1)")],
    ids=["error", "kernel dies"],
)
def test_a_failed_report_does_not_poison_the_next_its_kernel_is_replaced(
    setup, pools, parameters, body
):
    pollute, probe, data, tmp = setup
    notebook(pollute, body)
    regs = [
        Report("pollute", pollute, "P", "p", parameters),
        Report("probe", probe, "Q", "q", {"fail": False}),
    ]
    warm = runner.run(regs, data, tmp / "warm", jobs=1)
    assert [o.status for o in warm] == ["failed", "built"]
    assert pools[-1].started == 2
    # The same registry (so the same neighbours in the page's navigation), probe alone, cold.
    runner.run(regs, data, tmp / "cold", warm=False, only={"probe"})
    assert outputs(tmp / "warm", "probe") == outputs(tmp / "cold", "probe")


def test_a_reset_that_fails_fails_the_report_and_the_next_gets_a_new_kernel(setup, pools):
    pollute, probe, data, tmp = setup
    # A notebook can break what the reset relies on (here: IPython's reset itself).
    notebook(pollute, "get_ipython().reset = None")
    regs = [
        Report("pollute", pollute, "P", "p"),
        Report("probe", probe, "Q", "q", {"fail": False}),
    ] + [Report("probe_again", probe, "Q", "q", {"fail": False})]
    warm = runner.run(regs, data, tmp / "warm", jobs=1)
    assert [o.status for o in warm] == ["built", "failed", "built"]
    assert "KernelResetError" in warm[1].error
    assert pools[-1].started == 2


def test_no_kernel_process_is_left_after_a_run(setup):
    pollute, probe, data, tmp = setup
    regs = [Report(f"probe_{i}", probe, "Q", "q") for i in range(3)]
    before = psutil.Process().children(recursive=True)
    assert [o.status for o in runner.run(regs, data, tmp / "out", jobs=2)] == ["built"] * 3
    left = [p for p in psutil.Process().children(recursive=True) if p not in before]
    assert left == []


def test_warm_and_cold_builds_of_the_real_reports_are_byte_identical(data, tmp_path, pools):
    processed = tmp_path / "processed"
    build(RAW_DIR, processed)
    registered = load_registry(grid_tables(data, COUNTRY_SAMPLE))
    # Country profiles share the data read and the projected world within a kernel: two of them
    # in one kernel must give what two fresh kernels give.
    some = {
        "membership",
        "meeting_history",
        "body_profile_FRONTEX",
        "body_profile_AFRIPOL",
        "country_profile_USA",
        "country_profile_KEN",
    }
    # One job: the six reports run one after the other in the same kernel.
    warm = runner.run(registered, processed, tmp_path / "warm", jobs=1, only=some)
    assert {o.report.name for o in warm if o.status == "built"} == some
    assert pools[-1].started == 1
    cold = runner.run(registered, processed, tmp_path / "cold", jobs=2, only=some, warm=False)
    assert {o.report.name for o in cold if o.status == "built"} == some
    for name in sorted(some):
        # Cell by cell first, so that a failure names the cell and shows the differing output.
        warm_nb, cold_nb = (
            json.loads((tmp_path / build / f"{name}.ipynb").read_text(encoding="utf-8"))
            for build in ("warm", "cold")
        )
        assert warm_nb["metadata"] == cold_nb["metadata"], name
        assert len(warm_nb["cells"]) == len(cold_nb["cells"]), name
        for number, (w, c) in enumerate(zip(warm_nb["cells"], cold_nb["cells"], strict=True)):
            assert w == c, f"{name}: cell {number}"
        assert outputs(tmp_path / "warm", name) == outputs(tmp_path / "cold", name), name
