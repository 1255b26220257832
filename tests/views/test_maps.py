import io

import pandas as pd
import pytest
import shapely
from matplotlib.collections import PathCollection

from dialogue_analysis.data import boundaries
from dialogue_analysis.views import maps


def png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def legend_labels(fig) -> list[str]:
    return [text.get_text() for text in fig.legends[0].get_texts()]


COUNTS = pd.Series({"FRA": 3, "DEU": 2, "SGP": 1, "BHR": 0, "RUS": 2, "FJI": 1})


@pytest.mark.parametrize(
    ("top", "steps", "expected"),
    [
        (0, 7, []),
        (1, 7, [(1, 1)]),
        (3, 7, [(1, 1), (2, 2), (3, 3)]),
        (8, 7, [(1, 2), (3, 4), (5, 6), (7, 8)]),
        (20, 4, [(1, 5), (6, 10), (11, 15), (16, 20)]),
        (9, 4, [(1, 3), (4, 6), (7, 9)]),
    ],
)
def test_count_classes(top, steps, expected):
    assert maps.count_classes(top, steps) == expected


def test_legend_has_every_class_and_no_data():
    fig = maps.coverage_map(COUNTS, title="t")
    assert legend_labels(fig)[:5] == ["0", "1", "2", "3", "no data"]


def test_no_data_entry_only_when_a_country_lacks_a_value():
    world = boundaries.world()
    every = pd.Series(1, index=world.loc[world["country_iso3"] != "ATA", "country_iso3"])
    assert "no data" not in legend_labels(maps.coverage_map(every, title="t"))


def test_a_country_without_a_shape_is_reported_not_dropped():
    counts = pd.concat([COUNTS, pd.Series({"GUF": 1, "TKL": 2})])
    fig = maps.coverage_map(counts, title="t", note="Illustrative.")
    assert fig.not_drawn == ("GUF", "TKL")
    note = fig.axes[0].get_xlabel()
    assert "French Guiana (GUF)" in note and "Tokelau (TKL)" in note
    assert maps.coverage_map(COUNTS, title="t").not_drawn == ()


def test_two_draws_give_identical_png_bytes():
    first = png(maps.coverage_map(COUNTS, title="t", marked=["FRA"]))
    second = png(maps.coverage_map(COUNTS, title="t", marked=["FRA"]))
    assert first == second
    assert first.startswith(b"\x89PNG")


def test_every_small_state_is_drawn_as_a_point():
    fig = maps.coverage_map(COUNTS, title="t")
    dots = sum(len(c.get_offsets()) for c in fig.axes[0].collections if type(c) is PathCollection)
    world = boundaries.world()
    assert dots == (world["shape"] == "point").sum()


def test_no_drawn_area_streaks_across_the_map():
    world = boundaries.world().to_crs(maps.EQUAL_AREA_CRS)
    map_width = world.total_bounds[2] - world.total_bounds[0]
    widest = max(
        part.bounds[2] - part.bounds[0]
        for iso3, geometry in zip(world["country_iso3"], world.geometry, strict=True)
        if iso3 != "ATA"
        for part in shapely.get_parts(geometry)
    )
    assert widest < map_width / 2  # a streak would span the whole width


@pytest.mark.parametrize("bad", [pd.Series({"FRA": 1.5}), pd.Series({"FRA": -1})])
def test_counts_must_be_whole_numbers(bad):
    with pytest.raises(ValueError, match="whole numbers"):
        maps.coverage_map(bad, title="t")


def test_member_map_legend_and_unknown_status():
    status = pd.Series({"SAU": "member", "YEM": "observer", "SGP": "member"})
    fig = maps.member_map(status, title="t")
    assert legend_labels(fig)[:3] == ["member", "observer", "not listed"]
    with pytest.raises(ValueError, match="'ally'"):
        maps.member_map(pd.Series({"SAU": "ally", "YEM": "member"}), title="t")


def test_a_country_listed_twice_is_an_error():
    with pytest.raises(ValueError, match="FRA"):
        maps.member_map(pd.Series(["member", "observer"], index=["FRA", "FRA"]), title="t")
