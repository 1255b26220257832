"""Executed notebooks made deterministic: what varies from run to run is taken out."""

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from dialogue_analysis.site.export import make_deterministic


def test_stdout_and_stderr_read_the_same_however_the_kernel_flushed_them():
    def cell(*outputs):
        return new_notebook(cells=[new_code_cell("print(1)", outputs=list(outputs))])

    chart = new_output("display_data", data={"text/plain": "<chart>"})
    one = cell(
        chart,
        new_output("stream", name="stdout", text="a\n"),
        new_output("stream", name="stderr", text="warning\n"),
        new_output("stream", name="stdout", text="b\n"),
    )
    other = cell(
        chart,
        new_output("stream", name="stderr", text="warning\n"),
        new_output("stream", name="stdout", text="a\nb\n"),
    )
    first, second = make_deterministic(one), make_deterministic(other)
    assert nbformat.writes(first) == nbformat.writes(second)
    outputs = first.cells[0].outputs
    assert [o.output_type for o in outputs] == ["display_data", "stream", "stream"]
    expected = [("stderr", "warning\n"), ("stdout", "a\nb\n")]
    assert [(o.name, o.text) for o in outputs[1:]] == expected
