"""World maps of countries: how many bodies cover each (``coverage_map``), or a body's members.

Both take a Series indexed by ``country_iso3`` and return a ``ChartFigure`` in the house style
(``style``): title stating the finding, source line, palette PNG canvas, legend for every
class, and the marks of ``vocabulary.MARKS`` drawn in the colours and hatches of
``style.MARK_STYLES``. Shapes come from ``boundaries.world``, reprojected by geopandas/pyproj to
the equal-area Equal Earth projection. Countries too small for the 1:110m boundaries are drawn as
outlined points so that none is invisible. A country in the input that has no shape at all is
never dropped silently: it is named in the note under the map and listed in the figure's
``not_drawn``. Antarctica is drawn only when the input mentions it.
"""

from __future__ import annotations

import functools
import logging
import textwrap
from collections.abc import Collection

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.patheffects import withStroke

from dialogue_analysis.data import boundaries, countries
from dialogue_analysis.data.vocabulary import LABELS, MARKS, label
from dialogue_analysis.views.style import (
    BLACK,
    BLUE,
    GREEN,
    GREY,
    LIGHT_GREY,
    MARK_STYLES,
    ORANGE,
    PLAIN,
    SKY_BLUE,
    SMALL,
    VERMILLION,
    WHITE,
    ChartFigure,
    finish,
    mark_handle,
    new_figure,
)

log = logging.getLogger(__name__)

#: Equal Earth on WGS 84: an equal-area world projection, so areas compare fairly.
EQUAL_AREA_CRS = "EPSG:8857"
#: ColorBrewer YlGnBu: a sequential scheme that stays ordered under colour-vision deficiencies.
SEQUENTIAL = "YlGnBu"
MAX_STEPS = 7
ZERO_COLOUR = to_hex(colormaps[SEQUENTIAL](0.0))
NO_DATA = {"facecolor": LIGHT_GREY, "hatch": "/////", "label": "no data"}
NOT_LISTED = "#F2F2F2"
STATUS_STYLES = {  # class -> colour: the vocabulary's statuses; suspended and unknown are marks
    "member": BLUE,
    "partial": GREEN,
    "observer": SKY_BLUE,
    "signatory": ORANGE,
    "suspended": MARK_STYLES["suspended"]["facecolor"],
    "unknown": MARK_STYLES["unknown"]["facecolor"],
}
STATUS_HATCHES = {"unknown": MARK_STYLES["unknown"]["hatch"]}
_BORDER = {"edgecolor": GREY, "linewidth": 0.25}
_POLAR = "ATA"


def count_classes(top: int, max_steps: int = MAX_STEPS) -> list[tuple[int, int]]:
    """Classes (low, high) of positive counts up to ``top``: one per value, or equal widths.

    >>> count_classes(3)
    [(1, 1), (2, 2), (3, 3)]
    >>> count_classes(20, 4)
    [(1, 5), (6, 10), (11, 15), (16, 20)]
    """
    width = max(1, -(-top // max_steps))  # ceiling division
    return [(low, min(low + width - 1, top)) for low in range(1, top + 1, width)]


def coverage_map(
    counts: pd.Series,
    *,
    title: str,
    note: str = "",
    marked: Collection[str] = (),
    mark: str = "unknown",
    legend_title: str = "Count per country",
    missing_label: str = "no data",
) -> ChartFigure:
    """Choropleth of a whole number per country, e.g. how many bodies cover it.

    Args:
        counts: Whole numbers >= 0 indexed by country_iso3; a country missing (or NaN) is drawn
            hatched grey as "no data", a 0 in the palest colour of the scale.
        title: The finding the map states.
        note: Text under the map (what is counted, caveats).
        marked: country_iso3 codes to flag with the symbol of ``mark``.
        mark: The kind of mark (``vocabulary.MARKS``) the ``marked`` countries carry: its
            symbol is drawn on them and its words go in the legend.
        legend_title: What the numbers count, with units.
        missing_label: The legend's name for countries without a value.

    Returns:
        The figure; ``fig.not_drawn`` lists the input codes that have no shape (also named in
        the note).

    Raises:
        ValueError: When a country is listed twice or a value is not a whole number >= 0.
    """
    values = _checked_index(counts).dropna()
    if not (values.astype(float) % 1 == 0).all() or (values < 0).any():
        bad = values[(values.astype(float) % 1 != 0) | (values < 0)]
        raise ValueError(f"counts must be whole numbers >= 0; got {bad.to_dict()}")
    values = values.astype(int)
    classes = count_classes(int(values.max()) if len(values) else 0)
    shades = np.linspace(0.3, 0.95, len(classes)) if len(classes) > 1 else [0.7]
    palette = [to_hex(colormaps[SEQUENTIAL](s)) for s in shades]
    colours = pd.Series(ZERO_COLOUR, index=values.index, dtype=object)
    for (low, high), colour in zip(classes, palette, strict=True):
        colours[values.between(low, high)] = colour
    handles = [_patch(ZERO_COLOUR, "0")] + [
        _patch(colour, str(low) if low == high else f"{low}–{high}")
        for (low, high), colour in zip(classes, palette, strict=True)
    ]
    fig = _draw(
        colours,
        counts.index,
        handles=handles,
        missing={**NO_DATA, "label": missing_label},
        title=title,
        note=note,
        marked=marked,
        mark=mark,
        legend_title=legend_title,
    )
    fig.data = counts.rename(legend_title).rename_axis("country_iso3").reset_index()
    return fig


def member_map(status: pd.Series, *, title: str, note: str = "") -> ChartFigure:
    """A body's countries coloured by status; other countries light.

    Args:
        status: Status per country_iso3: one of ``STATUS_STYLES`` ('member', 'partial',
            'observer', 'signatory', 'suspended', 'unknown').
        title: The finding the map states.
        note: Text under the map.

    Returns:
        The figure; ``fig.not_drawn`` lists the input codes that have no shape.

    Raises:
        ValueError: When a country is listed twice, or a status is missing or unknown (all
            unknown values are listed).
    """
    status = _checked_index(status)
    unknown = sorted(set(status[~status.isin(STATUS_STYLES)].astype(str)))
    if unknown:
        raise ValueError(f"unknown status {unknown}; expected one of {list(STATUS_STYLES)}")
    colours = status.map(STATUS_STYLES)
    present = set(status)
    handles = [
        _patch(colour, _status_words(key), STATUS_HATCHES.get(key))
        for key, colour in STATUS_STYLES.items()
        if key in present
    ]
    fig = _draw(
        colours,
        status.index,
        handles=handles,
        missing={"facecolor": NOT_LISTED, "label": "not listed"},
        title=title,
        note=note,
        marked=(),
        legend_title="Status",
        hatched={code: STATUS_HATCHES[s] for code, s in status.items() if s in STATUS_HATCHES},
    )
    fig.data = status.rename("status").rename_axis("country_iso3").reset_index()
    return fig


@functools.lru_cache(maxsize=2)
def _projected(stamp: tuple) -> tuple[tuple[str, ...], tuple, np.ndarray, object]:
    """The world in Equal Earth as matplotlib paths, read once per boundary files' ``stamp``.

    Returns codes, one compound Path per area country (None for a point), the points' x/y, and
    the sphere's outline. Paths are never modified, so reports in one kernel can share them.
    """
    import geopandas
    import shapely
    from matplotlib.path import Path as MplPath

    shapes = boundaries.world()
    shapes = shapes[shapes["country_iso3"] != _POLAR].to_crs(EQUAL_AREA_CRS)

    def path(geometry: object) -> MplPath | None:
        if geometry.geom_type == "Point":
            return None
        rings = [
            ring
            for polygon in shapely.get_parts(geometry)
            for ring in (polygon.exterior, *polygon.interiors)
        ]
        return MplPath.make_compound_path(
            *(MplPath(np.asarray(ring.coords)[:, :2], closed=True) for ring in rings)
        )

    paths = tuple(path(g) for g in shapes.geometry)
    xy = np.array(
        [[g.x, g.y] if g.geom_type == "Point" else [np.nan, np.nan] for g in shapes.geometry]
    )
    sphere = geopandas.GeoSeries([_sphere()], crs=boundaries.CRS).to_crs(EQUAL_AREA_CRS)
    outline = MplPath(np.asarray(sphere.iloc[0].exterior.coords), closed=True)
    return tuple(shapes["country_iso3"]), paths, xy, outline


def locator_map(iso3: str, *, title: str) -> ChartFigure:
    """A small world map with one country in red; a ring marks it when it is small.

    Drawn from paths projected once per process (``_projected``), so a map costs a few tens of
    milliseconds: the country profiles draw some 200 of them.

    Returns:
        The figure; ``fig.not_drawn`` names the country when it has no shape.
    """
    from matplotlib.collections import PathCollection
    from matplotlib.patches import Circle, PathPatch

    codes, paths, xy, outline = _projected(boundaries.stamp())
    fig, ax = new_figure(2.3, width=4.4)
    ax.add_patch(PathPatch(outline, facecolor=WHITE, edgecolor=GREY, linewidth=0.5))
    areas = [(c, p) for c, p in zip(codes, paths, strict=True) if p is not None]
    others = [p for c, p in areas if c != iso3]
    ax.add_collection(
        PathCollection(others, facecolors=LIGHT_GREY, edgecolors=WHITE, linewidths=0.2)
    )
    mine = [p for c, p in areas if c == iso3]
    where = None
    if mine:
        ax.add_collection(
            PathCollection(mine, facecolors=VERMILLION, edgecolors=VERMILLION, linewidths=0.4)
        )
        extent = mine[0].get_extents()
        where = (extent.x0 + extent.x1) / 2, (extent.y0 + extent.y1) / 2
        small = max(extent.width, extent.height) < 6e5
    elif iso3 in codes:
        where, small = tuple(xy[codes.index(iso3)]), True
    if where is not None and small:
        ax.add_patch(Circle(where, 6e5, facecolor="none", edgecolor=VERMILLION, linewidth=1.2))
        ax.plot(*where, "o", color=VERMILLION, ms=3)
    extent = outline.get_extents()
    ax.set(xlim=(extent.x0, extent.x1), ylim=(extent.y0, extent.y1), aspect="equal")
    ax.axis("off")
    fig.not_drawn = () if where is not None else (iso3,)
    note = "" if where is not None else _note("", [iso3])
    if note:
        ax.set_title(note, loc="left", **SMALL, **PLAIN)
    fig.alt_text = title
    fig.data = pd.DataFrame({"country_iso3": [iso3], "drawn": [where is not None]})
    return fig


def _status_words(key: str) -> str:
    """A status class as the legend names it: the vocabulary's label, or the mark's words."""
    if key in MARKS:
        return MARKS[key].words
    return label("status", key) if key in LABELS["status"] else f"status {key}"


def _checked_index(values: pd.Series) -> pd.Series:
    twice = values.index[values.index.duplicated()]
    if len(twice):
        raise ValueError(f"countries listed more than once: {sorted(set(twice))}")
    return values


def _patch(colour: str, label: str, hatch: str | None = None) -> Patch:
    return Patch(facecolor=colour, hatch=hatch, label=label, **_BORDER)


def _draw(
    colours: pd.Series,
    wanted: pd.Index,
    *,
    handles: list,
    missing: dict[str, str],
    title: str,
    note: str,
    marked: Collection[str],
    legend_title: str,
    mark: str = "unknown",
    hatched: dict[str, str] | None = None,
) -> ChartFigure:
    """Draw the world with ``colours`` per country_iso3 and ``missing`` elsewhere.

    ``marked`` countries carry the symbol of ``mark``; ``hatched`` ones (code -> hatch) are
    hatched over their colour.
    """
    import geopandas

    handles = list(handles)

    shapes = boundaries.world()
    shapes = shapes[(shapes["country_iso3"] != _POLAR) | shapes["country_iso3"].isin(wanted)]
    not_drawn = sorted(set(wanted) - set(shapes["country_iso3"]))
    shapes = shapes.to_crs(EQUAL_AREA_CRS)
    fill = shapes["country_iso3"].map(colours)
    has = fill.notna().to_numpy()
    fig, ax = new_figure(4.3)
    sphere = geopandas.GeoSeries([_sphere()], crs=boundaries.CRS).to_crs(EQUAL_AREA_CRS)
    sphere.plot(ax=ax, facecolor=WHITE, edgecolor=GREY, linewidth=0.6)
    areas = (shapes["shape"] == "area").to_numpy()
    if (areas & has).any():
        shapes[areas & has].plot(ax=ax, color=fill[areas & has].tolist(), **_BORDER)
    if (areas & ~has).any():
        shapes[areas & ~has].plot(
            ax=ax, facecolor=missing["facecolor"], hatch=missing.get("hatch"), **_BORDER
        )
    hatch = shapes["country_iso3"].map(hatched or {})
    for pattern in hatch.dropna().unique():
        pick = areas & (hatch == pattern).to_numpy()
        shapes[pick].plot(ax=ax, facecolor="none", hatch=pattern, edgecolor=GREY, linewidth=0.25)
    dots, dot_fill = shapes[~areas], fill[~areas]
    for known, face, edge in ((False, missing["facecolor"], GREY), (True, None, BLACK)):
        pick = dot_fill.notna() == known
        ax.scatter(
            dots.geometry.x[pick],
            dots.geometry.y[pick],
            s=14,
            c=dot_fill[pick].tolist() if known else face,
            edgecolors=edge,
            linewidths=0.5,
            zorder=3,
        )
    if (~has).any():  # the missing class gets a legend entry only when some country is in it
        handles = [*handles, _patch(missing["facecolor"], missing["label"], missing.get("hatch"))]
    handles.append(
        Line2D([], [], marker="o", ls="", ms=4, mfc=WHITE, mec=BLACK, label="small state (point)")
    )
    marked_here = shapes[shapes["country_iso3"].isin(set(marked))]
    for point in _label_points(marked_here.geometry):
        ax.annotate(
            MARKS[mark].symbol,
            (point.x, point.y),
            xytext=(2, 1),
            textcoords="offset points",
            weight="bold",
            path_effects=[withStroke(linewidth=2, foreground=WHITE)],
            zorder=4,
            **SMALL,
        )
    if len(marked_here):
        handles.append(mark_handle(mark))
    fig.legend(
        handles=handles,
        loc="outside right center",
        title=textwrap.fill(legend_title, 24),
        title_fontsize=8,
        frameon=False,
        **SMALL,
    )
    ax.set(xticks=[], yticks=[], ylabel="", aspect="equal")
    ax.spines[:].set_visible(False)
    ax.set_xlabel(textwrap.fill(_note(note, not_drawn), 110), loc="left", **SMALL, **PLAIN)
    fig.not_drawn = tuple(not_drawn)
    if not_drawn:
        log.warning("not drawn (no shape in the boundary data): %s", ", ".join(not_drawn))
    return finish(fig, title)


def _note(note: str, not_drawn: list[str]) -> str:
    if not not_drawn:
        return note
    named = ", ".join(f"{countries.country_name(code)} ({code})" for code in not_drawn)
    return f"{note} Not drawn, no shape in the boundary data: {named}.".strip()


def _label_points(geometries: object) -> list:
    """A point inside the largest part of each geometry (France's is in Europe, not Guiana)."""
    import shapely

    return [
        max(shapely.get_parts(g), key=lambda part: part.area).representative_point()
        for g in geometries
    ]


def _sphere() -> object:
    """The whole globe's outline in longitude/latitude, densified so that it projects smoothly."""
    import shapely

    return shapely.segmentize(shapely.box(-180, -90, 180, 90), 1.0)
