import csv
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import geopandas
import pytest
import shapely

from dialogue_analysis.data import boundaries
from dialogue_analysis.errors import DataValidationError
from dialogue_analysis.paths import PROJECT_ROOT, RAW_DIR
from tests.conftest import replace_in

BOUNDARIES = RAW_DIR / "boundaries"


def load_script():
    path = PROJECT_ROOT / "scripts" / "vendor_boundaries.py"
    spec = importlib.util.spec_from_file_location("vendor_boundaries", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def world() -> geopandas.GeoDataFrame:
    return boundaries.world()


def test_every_feature_joins_to_an_iso_code():
    assert [str(p) for p in boundaries.unmatched()] == []


def test_one_row_per_country_in_wgs84(world):
    assert world["country_iso3"].is_unique
    assert world.crs == "EPSG:4326"
    assert list(world.columns) == ["country_iso3", "name", "shape", "geometry"]
    # 177 areas less two dissolved into their parent, plus one point per small state.
    assert (world["shape"] == "area").sum() == 175
    assert (world["shape"] == "point").sum() == 64
    assert world.geometry.is_valid.all()


@pytest.mark.parametrize("iso3", ["SGP", "BHR", "MLT", "BRB", "LCA", "TUV", "VAT"])
def test_small_states_are_points(world, iso3):
    row = world.set_index("country_iso3").loc[iso3]
    assert row["shape"] == "point"
    assert row.geometry.geom_type == "Point"


@pytest.mark.parametrize("iso3", ["FRA", "RUS", "FJI", "XKX", "CYP", "SOM"])
def test_larger_countries_are_areas(world, iso3):
    row = world.set_index("country_iso3").loc[iso3]
    assert row["shape"] == "area"
    assert row.geometry.geom_type in {"Polygon", "MultiPolygon"}


@pytest.mark.parametrize(
    ("iso3", "lon", "lat"),
    [("CYP", 33.4, 35.3), ("SOM", 44.06, 9.56)],  # Northern Cyprus; Hargeisa, Somaliland
)
def test_de_jure_parts_are_dissolved_into_the_parent(world, iso3, lon, lat):
    shape = world.set_index("country_iso3").loc[iso3].geometry
    assert shape.contains(shapely.Point(lon, lat))


def test_no_part_spans_the_antimeridian(world):
    areas = world[(world["shape"] == "area") & (world["country_iso3"] != "ATA")]
    too_wide = {
        iso3: part.bounds
        for iso3, geometry in zip(areas["country_iso3"], areas.geometry, strict=True)
        for part in shapely.get_parts(geometry)
        if part.bounds[2] - part.bounds[0] > 180
    }
    assert too_wide == {}


def test_russia_is_cut_at_180_and_keeps_chukotka(world):
    russia = world.set_index("country_iso3").loc["RUS"].geometry
    west, _, east, _ = russia.bounds
    assert (west, east) == (-180.0, 180.0)
    assert russia.contains(shapely.Point(-175, 66))  # Chukotka, west of the antimeridian
    assert russia.contains(shapely.Point(170, 66))


def test_split_antimeridian_cuts_a_crossing_square_in_two():
    square = shapely.Polygon([(170, 0), (-170, 0), (-170, 10), (170, 10)])
    parts = sorted(shapely.get_parts(boundaries.split_antimeridian(square)), key=lambda p: p.bounds)
    assert [p.bounds for p in parts] == [(-180, 0, -170, 10), (170, 0, 180, 10)]


def test_split_antimeridian_leaves_other_shapes_alone():
    square = shapely.Polygon([(10, 0), (20, 0), (20, 10), (10, 10)])
    assert boundaries.split_antimeridian(square) is square
    # A ring closing along the map's edge from +180 to -180 (like Antarctica's) is not a crossing.
    edge = shapely.Polygon([(-180, -80), (0, -70), (180, -80), (-180, -80)])
    assert boundaries.split_antimeridian(edge) is edge


def test_returned_frames_are_copies():
    first = boundaries.world()
    first.loc[0, "name"] = "changed"
    assert boundaries.world().loc[0, "name"] != "changed"


def test_a_feature_without_code_or_override_is_listed(raw_copy: Path):
    replace_in(raw_copy / "boundaries" / "name_overrides.csv", "Kosovo,XKX", "Kosova,XKX")
    topology = json.loads((BOUNDARIES / "countries-110m.json").read_text(encoding="utf-8"))
    names = [g["properties"]["name"] for g in topology["objects"]["countries"]["geometries"]]
    kosovo = names.index("Kosovo") + 1  # a feature is located by its position in the file
    problems = boundaries.unmatched(raw_copy)
    assert [(p.file, p.line, p.column, p.value) for p in problems] == [
        ("boundaries/countries-110m.json", kosovo, "id", None),
        ("boundaries/name_overrides.csv", 2, "name", "Kosova"),
    ]
    with pytest.raises(DataValidationError) as raised:
        boundaries.world(raw_copy)
    assert len(raised.value.problems) == len(problems) == 2


def test_an_override_to_an_unknown_code_is_listed(raw_copy: Path):
    replace_in(raw_copy / "boundaries" / "name_overrides.csv", "Somaliland,SOM", "Somaliland,SML")
    problems = boundaries.unmatched(raw_copy)
    assert [(p.line, p.column, p.value) for p in problems] == [(4, "country_iso3", "SML")]


def test_small_states_file_is_as_the_readme_says():
    with (BOUNDARIES / "small_states.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    codes = [row["iso_numeric"] for row in rows]
    assert codes == sorted(set(codes))
    assert all(len(code) == 3 and code.isdigit() for code in codes)
    assert "020" in codes  # Andorra keeps its leading zero
    assert all(len(row["lon"].split(".")[1]) == 3 for row in rows)
    assert {row["scale"] for row in rows} == {"50m", "10m"}
    topology = json.loads((BOUNDARIES / "countries-110m.json").read_text(encoding="utf-8"))
    area_ids = {g.get("id") for g in topology["objects"]["countries"]["geometries"]}
    assert len(topology["objects"]["countries"]["geometries"]) == 177
    assert not set(codes) & area_ids


def test_readme_and_sources_record_the_same_tarball():
    readme = (BOUNDARIES / "README.md").read_text(encoding="utf-8")
    sources = (RAW_DIR / "sources.csv").read_text(encoding="utf-8")
    integrity = (
        "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/"
        "MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
    )
    tarball = "https://registry.npmjs.org/world-atlas/-/world-atlas-2.0.2.tgz"
    for text in (readme, sources):
        assert integrity in text
        assert tarball in text
    assert (BOUNDARIES / "LICENSE-world-atlas").read_text().startswith("Copyright")


def test_script_keeps_the_largest_feature_of_a_duplicated_id():
    script = load_script()
    frame = geopandas.GeoDataFrame(
        {"id": ["036", "036", None], "name": ["Small Is.", "Big", "No id"]},
        geometry=[shapely.box(0, 0, 1, 1), shapely.box(0, 0, 5, 5), shapely.box(9, 9, 10, 10)],
    )
    assert script.one_per_id(frame)["name"].tolist() == ["Big"]


def test_script_writes_one_sorted_row_per_missing_country():
    script = load_script()
    fifty = geopandas.GeoDataFrame(
        {"id": ["702", "048", "250"], "name": ["Singapore", "Bahrain", "France"]},
        geometry=[
            shapely.box(103, 1, 104, 2),
            shapely.box(50, 25, 51, 27),
            shapely.box(0, 40, 8, 50),
        ],
    )
    ten = geopandas.GeoDataFrame(
        {"id": ["798", "702"], "name": ["Tuvalu", "Singapore (10m)"]},
        geometry=[shapely.box(179, -9, 179.5, -8), shapely.box(103, 1, 104, 2)],
    )
    rows = script.small_state_rows([("50m", fifty), ("10m", ten)], known_ids={"250"})
    assert [(r["iso_numeric"], r["name"], r["scale"]) for r in rows] == [
        ("048", "Bahrain", "50m"),
        ("702", "Singapore", "50m"),
        ("798", "Tuvalu", "10m"),
    ]
    assert rows[0]["lon"] == "50.500" and rows[0]["lat"] == "26.000"
    text = script.rows_to_csv(rows).decode()
    assert text.splitlines()[0] == "iso_numeric,name,lon,lat,scale"


def test_script_refuses_a_tarball_that_does_not_match():
    script = load_script()
    good = (
        "sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/"
        "BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw=="
    )
    script.check_integrity(b"abc", good, "a9993e364706816aba3e25717850c26c9cd0d89d")
    with pytest.raises(ValueError, match="sha512"):
        script.check_integrity(b"abd", good, "a9993e364706816aba3e25717850c26c9cd0d89d")


def test_importing_the_package_stays_light():
    code = (
        "import sys, dialogue_analysis, dialogue_analysis.data.boundaries; "
        "print(sorted({'geopandas', 'shapely', 'pyogrio', 'pyproj'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
