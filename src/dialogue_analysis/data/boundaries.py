"""Country shapes for maps: the vendored Natural Earth boundaries, keyed by ISO 3166-1 alpha-3.

``world`` reads ``data/raw/boundaries`` (see its README): the 1:110m countries as areas and the
countries too small for that scale as points (``small_states.csv``). Features join on their ISO
3166-1 numeric id; a feature without one is joined through ``name_overrides.csv``, and a feature
that joins to nothing is an error, listed by ``unmatched``. Areas that an override gives to the
same country (Northern Cyprus to Cyprus, Somaliland to Somalia) are dissolved into one.

The boundaries carry no CRS; they are longitude/latitude on WGS 84 (EPSG:4326). Natural Earth's
Russia and Fiji cross the antimeridian, which a flat map would draw as streaks across the world;
``split_antimeridian`` cuts them at 180°. geopandas, shapely and pyogrio are imported inside the
functions so that ``import dialogue_analysis`` stays light.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dialogue_analysis.data import countries
from dialogue_analysis.errors import DataValidationError, Problem
from dialogue_analysis.paths import RAW_DIR

if TYPE_CHECKING:
    import geopandas
    from shapely.geometry.base import BaseGeometry

log = logging.getLogger(__name__)

BOUNDARIES = "boundaries"
AREAS_FILE = "countries-110m.json"
POINTS_FILE = "small_states.csv"
OVERRIDES_FILE = "name_overrides.csv"
CRS = "EPSG:4326"
_EXPECTED_ID = "an ISO 3166-1 numeric code, or a row in boundaries/name_overrides.csv"


def split_antimeridian(geometry: BaseGeometry) -> BaseGeometry:
    """Cut the polygons that cross the antimeridian into an eastern and a western part.

    A ring crosses when it steps more than 180° in longitude from a vertex that is not itself on
    the ±180° meridian (Antarctica's closing edge along the map's bottom runs from +180° to
    -180° and is left alone). Such a polygon is moved onto 0..360° longitude, clipped at 180° and
    its eastern half moved back by 360°.

    Args:
        geometry: A Polygon or MultiPolygon in longitude/latitude degrees.

    Returns:
        A valid geometry lying within longitude -180..180; the input itself when nothing crosses.
    """
    import shapely

    parts = shapely.get_parts(geometry)
    crossing = [_crosses(part) for part in parts]
    if not any(crossing):
        return geometry
    west_box, east_box = shapely.box(-180, -90, 180, 90), shapely.box(180, -90, 540, 90)
    pieces = []
    for part, crosses in zip(parts, crossing, strict=True):
        if not crosses:
            pieces.append(part)
            continue
        wrapped = shapely.make_valid(shapely.transform(part, _wrap_east))
        pieces.append(wrapped.intersection(west_box))
        east = wrapped.intersection(east_box)
        pieces.append(shapely.transform(east, lambda xy: xy - np.array([360.0, 0.0])))
    polygons = [p for piece in pieces for p in shapely.get_parts(piece) if p.geom_type == "Polygon"]
    return shapely.make_valid(shapely.multipolygons(polygons))


def _crosses(polygon: BaseGeometry) -> bool:
    import shapely

    lon = shapely.get_coordinates(polygon.exterior)[:, 0]
    jump = np.abs(np.diff(lon)) > 180
    on_meridian = np.abs(lon) == 180
    return bool((jump & ~(on_meridian[:-1] & on_meridian[1:])).any())


def _wrap_east(xy: np.ndarray) -> np.ndarray:
    """Longitudes below 0 moved by +360, so a crossing ring is continuous on 0..360."""
    return np.column_stack([np.where(xy[:, 0] < 0, xy[:, 0] + 360, xy[:, 0]), xy[:, 1]])


def _read_overrides(folder: Path) -> pd.DataFrame:
    return pd.read_csv(folder / OVERRIDES_FILE, dtype="string", keep_default_na=False)


def _features(folder: Path) -> geopandas.GeoDataFrame:
    """Every area and point feature: iso_numeric, name, shape, file, line, geometry."""
    import geopandas

    # The file declares no CRS; Natural Earth is longitude/latitude on WGS 84.
    areas = geopandas.read_file(folder / AREAS_FILE, layer="countries").set_crs(CRS)
    areas = areas.assign(
        iso_numeric=areas["id"].astype("string"),
        shape="area",
        file=f"{BOUNDARIES}/{AREAS_FILE}",
        line=np.arange(1, len(areas) + 1),  # the feature's position in the file
    )
    table = pd.read_csv(folder / POINTS_FILE, dtype="string", keep_default_na=False)
    points = geopandas.GeoDataFrame(
        table.assign(
            shape="point",
            file=f"{BOUNDARIES}/{POINTS_FILE}",
            line=np.arange(2, len(table) + 2),  # header is line 1
        ),
        geometry=geopandas.points_from_xy(table["lon"].astype(float), table["lat"].astype(float)),
        crs=CRS,
    )
    columns = ["iso_numeric", "name", "shape", "file", "line", "geometry"]
    return pd.concat([areas[columns], points[columns]], ignore_index=True)


def _join(folder: Path) -> tuple[geopandas.GeoDataFrame, list[Problem]]:
    """The features with their country_iso3, and a problem for each that joins to nothing."""
    features = _features(folder)
    overrides = _read_overrides(folder)
    by_name = dict(zip(overrides["name"], overrides["country_iso3"], strict=True))
    from_id = features["iso_numeric"].fillna("").map(countries.iso3_from_numeric)
    from_name = features["name"].map(by_name)
    iso3 = from_id.where(from_id.notna(), from_name).astype("string")
    problems = [
        Problem(
            f.file,
            int(f.line),
            "id" if f.shape == "area" else "iso_numeric",
            f"feature {f.name!r} has no ISO 3166-1 code and no override",
            value=None if pd.isna(f.iso_numeric) else str(f.iso_numeric),
            expected=_EXPECTED_ID,
        )
        for f in features[iso3.isna()].itertuples()
    ]
    overrides_file = f"{BOUNDARIES}/{OVERRIDES_FILE}"
    for line, row in enumerate(overrides.itertuples(), start=2):
        if not countries.is_known_code(row.country_iso3):
            problems.append(
                Problem(
                    overrides_file,
                    line,
                    "country_iso3",
                    "unknown country code",
                    value=row.country_iso3,
                    expected="an ISO 3166-1 alpha-3 code or a user-assigned one such as 'XKX'",
                )
            )
        if row.name not in set(features.loc[from_id.isna(), "name"]):
            problems.append(
                Problem(
                    overrides_file,
                    line,
                    "name",
                    "override matches no boundary feature without an ISO code",
                    value=row.name,
                )
            )
    return features.assign(country_iso3=iso3), problems


def unmatched(raw_dir: Path = RAW_DIR) -> list[Problem]:
    """Every boundary feature (or override) that does not join to an ISO alpha-3 code.

    Args:
        raw_dir: The raw data folder; boundaries are read from its ``boundaries`` folder.

    Returns:
        One Problem per feature without an ISO 3166-1 numeric id or override, per override with
        an unknown code or that matches nothing, and per country drawn both as an area and a
        point; empty when everything joins.
    """
    return list(_world(Path(raw_dir), stamp(Path(raw_dir)))[1])


def world(raw_dir: Path = RAW_DIR) -> geopandas.GeoDataFrame:
    """One row per country: its area from the 1:110m file, or a point for a small state.

    Args:
        raw_dir: The raw data folder; boundaries are read from its ``boundaries`` folder.

    Returns:
        A new GeoDataFrame (EPSG:4326) sorted by country_iso3, with columns country_iso3, name
        (the project's short English name), shape ('area' or 'point') and geometry. Areas are cut
        at the antimeridian and valid.

    Raises:
        DataValidationError: Listing every feature that does not join to an ISO code.
    """
    frame, problems = _world(Path(raw_dir), stamp(Path(raw_dir)))
    if problems:
        raise DataValidationError(problems)
    return frame.copy()


def stamp(raw_dir: Path = RAW_DIR) -> tuple:
    """Size and modification time of every boundary file: an edited file is read again."""
    return tuple(
        (p.name, p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted((raw_dir / BOUNDARIES).glob("*"))
        if p.is_file()
    )


@functools.lru_cache(maxsize=4)
def _world(raw_dir: Path, stamp: tuple) -> tuple[geopandas.GeoDataFrame, list[Problem]]:
    """``world`` and its problems, cached per folder and ``stamp`` of its files."""
    import shapely

    features, problems = _join(raw_dir / BOUNDARIES)
    features = features[features["country_iso3"].notna()]
    areas = features[features["shape"] == "area"]
    areas = areas.set_geometry(
        [shapely.make_valid(split_antimeridian(g)) for g in areas.geometry], crs=CRS
    )
    # An override may give two features to one country (Northern Cyprus to Cyprus): one area each.
    areas = areas.dissolve(by="country_iso3", as_index=False, sort=True)
    points = features[features["shape"] == "point"]
    both = points[points["country_iso3"].isin(areas["country_iso3"])]
    problems += [
        Problem(
            p.file,
            int(p.line),
            "iso_numeric",
            "country is drawn both as an area and as a point",
            value=str(p.iso_numeric),
        )
        for p in both.itertuples()
    ]
    frame = pd.concat([areas, points[~points.index.isin(both.index)]], ignore_index=True)
    frame = frame.assign(name=frame["country_iso3"].map(countries.country_name))
    frame = frame.sort_values("country_iso3", kind="mergesort", ignore_index=True)
    log.debug("world: %d areas, %d points", (frame["shape"] == "area").sum(), len(points))
    problems.sort(key=Problem.sort_key)
    return frame[["country_iso3", "name", "shape", "geometry"]], problems
