"""Vendor Natural Earth country boundaries from the npm package world-atlas into data/raw.

Run it from the project root with the project's environment:

    .venv/bin/python scripts/vendor_boundaries.py

It asks the npm registry for the metadata of world-atlas@2.0.2, downloads the tarball, checks it
against the registry's sha512 integrity and sha1 shasum, and writes:

- ``countries-110m.json``: the package's 1:110m countries, copied byte for byte;
- ``small_states.csv``: one point per country that the 110m file leaves out (it is too small at
  that scale) but the 1:50m file has, or failing that the 1:10m file;
- ``LICENSE-world-atlas``: the package's licence.

The same tarball gives byte-identical files on every run. ``README.md`` and ``name_overrides.csv``
beside them are written by people and left alone. Needs the network (registry.npmjs.org).
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import io
import json
import logging
import sys
import tarfile
import urllib.request
from collections.abc import Iterable
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from dialogue_analysis.data.boundaries import split_antimeridian
from dialogue_analysis.paths import RAW_DIR

log = logging.getLogger("vendor_boundaries")

PACKAGE, VERSION = "world-atlas", "2.0.2"
REGISTRY = "https://registry.npmjs.org"
AREAS = "countries-110m.json"
#: Finer files searched, in order, for the countries the 110m file leaves out.
FINER = ("countries-50m.json", "countries-10m.json")
COLUMNS = ("iso_numeric", "name", "lon", "lat", "scale")


def fetch(url: str) -> bytes:
    """Return the body of ``url`` (a registry address)."""
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - fixed https URL
        return response.read()


def check_integrity(tarball: bytes, integrity: str, shasum: str) -> None:
    """Raise ValueError unless ``tarball`` matches the registry's sha512 integrity and sha1 sum.

    Args:
        tarball: The downloaded bytes.
        integrity: Subresource-integrity string from the registry ('sha512-<base64>').
        shasum: Hex SHA-1 from the registry.
    """
    algorithm, _, expected = integrity.partition("-")
    if algorithm != "sha512":
        raise ValueError(f"unexpected integrity algorithm {algorithm!r}; expected sha512")
    got = base64.b64encode(hashlib.sha512(tarball).digest()).decode("ascii")
    if got != expected:
        raise ValueError(f"sha512 mismatch: registry says {expected}, tarball has {got}")
    if hashlib.sha1(tarball).hexdigest() != shasum:  # noqa: S324 - the registry's own checksum
        raise ValueError(f"sha1 mismatch: registry says {shasum}")


def package_files(tarball: bytes, names: Iterable[str]) -> dict[str, bytes]:
    """Return the bytes of each named file in the npm tarball (stored under ``package/``)."""
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        return {name: archive.extractfile(f"package/{name}").read() for name in names}


def read_countries(topojson: bytes) -> gpd.GeoDataFrame:
    """The ``countries`` object of a world-atlas TopoJSON file: columns id, name, geometry."""
    frame = gpd.read_file(io.BytesIO(topojson), layer="countries")
    return frame[["id", "name", "geometry"]]


def largest_polygon(geometry: BaseGeometry) -> BaseGeometry:
    """The largest polygon of a (multi)polygon, after cutting it at the antimeridian.

    Areas are compared in square degrees, which is enough to pick the main island; ties go to
    the polygon listed first.
    """
    parts = shapely.get_parts(split_antimeridian(geometry))
    return max(parts, key=lambda part: part.area)


def one_per_id(countries: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Features with an id, one per id: the one of largest area, then the first name.

    The 50m file gives id '036' both to Australia and to the Ashmore and Cartier Islands;
    this keeps Australia. Features without an id are left out.
    """
    with_id = countries[countries["id"].notna()]
    order = with_id.assign(area=with_id.geometry.area).sort_values(
        ["id", "area", "name"], ascending=[True, False, True], kind="mergesort"
    )
    return order.drop_duplicates("id").drop(columns="area")


def small_state_rows(
    finer: Iterable[tuple[str, gpd.GeoDataFrame]], known_ids: Iterable[str]
) -> list[dict[str, str]]:
    """One row per country the coarse file lacks: id, name, a point inside it, and the scale.

    Args:
        finer: (scale, countries) pairs from the finer files, searched in the order given.
        known_ids: Ids the coarse file already draws as areas.

    Returns:
        Rows sorted by iso_numeric; lon and lat are a point inside the largest polygon,
        written with 3 decimals.
    """
    seen = set(known_ids)
    rows = []
    for scale, countries in finer:
        for feature in one_per_id(countries).itertuples():
            if feature.id in seen:
                continue
            seen.add(feature.id)
            point = largest_polygon(feature.geometry).representative_point()
            rows.append(
                {
                    "iso_numeric": feature.id,
                    "name": feature.name,
                    "lon": f"{point.x:.3f}",
                    "lat": f"{point.y:.3f}",
                    "scale": scale,
                }
            )
    return sorted(rows, key=lambda row: row["iso_numeric"])


def rows_to_csv(rows: list[dict[str, str]]) -> bytes:
    """The rows as UTF-8 CSV with a header and Unix line endings."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    """Download, verify and write the vendored boundaries; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=RAW_DIR / "boundaries", help="output folder")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    dist = json.loads(fetch(f"{REGISTRY}/{PACKAGE}/{VERSION}"))["dist"]
    log.info("tarball %s\nintegrity %s", dist["tarball"], dist["integrity"])
    tarball = fetch(dist["tarball"])
    check_integrity(tarball, dist["integrity"], dist["shasum"])
    files = package_files(tarball, [AREAS, *FINER, "LICENSE"])

    known = set(read_countries(files[AREAS])["id"].dropna())
    finer = [(name.split("-")[1].split(".")[0], read_countries(files[name])) for name in FINER]
    rows = small_state_rows(finer, known)
    for scale, countries in finer:
        loose = countries.loc[countries["id"].isna(), "name"].tolist()
        log.info("%s: features without an id, left out: %s", scale, ", ".join(loose))

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / AREAS).write_bytes(files[AREAS])
    (args.out / "small_states.csv").write_bytes(rows_to_csv(rows))
    (args.out / "LICENSE-world-atlas").write_bytes(files["LICENSE"])
    by_scale = pd.Series([row["scale"] for row in rows]).value_counts().to_dict()
    log.info("wrote %d small states %s to %s", len(rows), by_scale, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
