"""The landing page's headline figures: each says what it counts and what it leaves out."""

import re

from dialogue_analysis.analysis.meetings import dialogue_bodies
from dialogue_analysis.analysis.overlaps import coverage, coverage_bodies
from dialogue_analysis.views.headline import headline_figures


def test_the_figures_say_what_is_counted_and_read_the_coverage_frame(data):
    figures = dict(headline_figures(data))
    took_part = figures["Organisations that took part"]
    assert took_part.startswith(f"{len(dialogue_bodies(data))}, INTERPOL included; ")
    assert f"{len(coverage_bodies(data))} have a member list" in took_part
    covered = figures["Countries covered"]
    n, universe, unknown = map(
        int, re.search(r"^(\d+) of the (\d+) .*\((\d+) more of unknown status\)$", covered).groups()
    )
    latest = coverage("latest", data)
    assert universe == len(latest)
    assert n == (latest["n_bodies"] > 0).sum()
    assert unknown == ((latest["n_bodies"] == 0) & (latest["n_unknown"] > 0)).sum()
