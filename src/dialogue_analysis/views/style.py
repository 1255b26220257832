"""How every chart looks: the colour-blind-safe palette, marks, sizes and the shared frame.

Colours are Okabe & Ito's; categories, meeting formats and regions map to them here so that every
chart uses the same key. ``new_figure`` makes a headless ``Figure`` (never pyplot) on a
``PaletteCanvas``, which writes compact 8-bit palette PNGs; ``finish`` adds the finding as title
and the source line. The marks of doubt (status unknown, low confidence, derived roster, suspended,
dated snapshot) are declared once in ``data.vocabulary.MARKS`` (symbol, legend words, sentence);
``MARK_STYLES`` gives each the colour and hatch charts draw it with, ``mark_words`` and
``mark_handle`` its legend words and entry. ``legend_with_marks``
and ``marked`` explain and draw the low-confidence mark; ``with_roster_marks`` labels bodies with
the marks of a roster a reader should not take at face value, and ``roster_legend`` explains
them. ``PLAIN`` is passed wherever text from the data is drawn, so that a '$' in a CSV cannot
turn into mathtext.
"""

from __future__ import annotations

import base64
import io
import textwrap
from typing import IO

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from PIL import Image

from dialogue_analysis.data.vocabulary import MARKS

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour deficiency.
BLACK, ORANGE, SKY_BLUE, GREEN = "#000000", "#E69F00", "#56B4E9", "#009E73"
YELLOW, BLUE, VERMILLION, PURPLE = "#F0E442", "#0072B2", "#D55E00", "#CC79A7"
GREY, LIGHT_GREY, WHITE = "#999999", "#E4E4E4", "#FFFFFF"

CATEGORY_STYLES = {  # heatmap category -> (colour, legend label)
    "host": (VERMILLION, "host or co-host"),
    "member": (BLUE, "member"),
    "observer": (SKY_BLUE, "observer"),
    "participant": (YELLOW, "took part, role not stated"),
    "not reported": (LIGHT_GREY, "not reported (list partial or unknown)"),
    "absent": (WHITE, "absent (list complete or a composition)"),
}
CATEGORY_COLOURS = {category: colour for category, (colour, _) in CATEGORY_STYLES.items()}
FORMAT_STYLES = {  # format -> (marker, colour); legend labels come from the vocabulary
    "in_person": ("o", BLUE),
    "virtual": ("s", ORANGE),
    "hybrid": ("D", GREEN),
    "not_stated": ("^", GREY),
}
REGION_COLOURS = {
    "global": BLACK,
    "africa": ORANGE,
    "americas": SKY_BLUE,
    "caribbean": GREEN,
    "southeast_asia": YELLOW,
    "arab_states": BLUE,
    "gulf": VERMILLION,
    "europe": PURPLE,
    "central_and_west_asia": GREY,
    "eurasia": "#882255",  # Tol's wine: Okabe-Ito has eight colours for ten regions
}
MARK_STYLES = {  # kind of mark (vocabulary.MARKS) -> how areas, bars and bands draw it
    "confirmed": {"facecolor": BLUE, "hatch": None},
    "unknown": {"facecolor": YELLOW, "hatch": "////"},
    "low_confidence": {"facecolor": WHITE, "hatch": None},  # hollow: the outline only
    "derived": {"facecolor": SKY_BLUE, "hatch": "//"},
    "suspended": {"facecolor": VERMILLION, "hatch": None},
}
LOW_MARK = MARKS["low_confidence"].symbol
ROSTER_MARKS = {  # how charts flag a roster a reader should not take at face value
    kind: (MARKS[kind].symbol, MARKS[kind].sentence) for kind in ("derived", "unknown", "snapshot")
}
_ROSTER_COUNTS = {"derived": "n_derived", "unknown": "n_unknown", "snapshot": "n_snapshot"}
SOURCE_LINE = "Source: dialogue-analysis dataset; INTERPOL and member-body releases — see Sources"
WIDTH, DPI = 9.0, 100
#: The marks as legend markers (mathtext: a bare '~' would be a space there).
MATH_MARKS = {m.symbol: f"${m.symbol}$" for m in MARKS.values() if m.symbol} | {"~": r"$\sim$"}
PLAIN = {"parse_math": False}
SMALL = {"fontsize": 8}


class PaletteCanvas(FigureCanvasAgg):
    """Agg canvas that writes 8-bit palette PNGs.

    A chart is a few flat colours plus anti-aliasing shades: a 256-colour palette keeps it visually
    the same at about 40% of the bytes, so a report with four charts stays well under 300 kB.
    """

    def print_png(
        self,
        filename_or_obj: str | IO[bytes],
        *,
        metadata: dict[str, str] | None = None,
        pil_kwargs: dict[str, object] | None = None,
        **_ignored: object,  # dpi, facecolor, ...: already applied by print_figure
    ) -> None:
        """Render with Agg, then write the image with an adaptive 256-colour palette.

        The rendered pixels are read straight from the Agg buffer (not written as an RGBA PNG and
        read back); the palette PNG carries no metadata either way.
        """
        FigureCanvasAgg.draw(self)
        image = Image.fromarray(np.asarray(self.buffer_rgba()), "RGBA").convert("RGB")
        image.quantize(256).save(filename_or_obj, format="png")


class ChartFigure(Figure):
    """A Figure that displays in Jupyter as a PNG whose alt text is the chart's title.

    Screen readers then read the finding the chart states; the report's HTML carries it as the
    image's ``alt`` attribute.
    """

    alt_text: str | None = None
    #: The frame the chart was drawn from; reports offer it as "Download data (CSV)".
    data: pd.DataFrame | None = None

    def _ipython_display_(self) -> None:
        """Show the chart once: this bundle, drawn once.

        IPython prefers a formatter registered for a type (the inline backend registers a PNG
        one for every Figure) over the object's own bundle, after computing both: a chart shown
        as a cell's value was drawn and encoded twice. Publishing the bundle here draws it once.
        """
        from IPython.display import publish_display_data

        bundle, metadata = self._repr_mimebundle_()
        publish_display_data(bundle, metadata)

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> tuple:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", bbox_inches="tight")
        alt = self.alt_text or "Chart; its finding is stated in the text above"
        bundle = {
            "image/png": base64.b64encode(buffer.getvalue()).decode("ascii"),
            "text/plain": f"<chart: {alt}>",
        }
        metadata = {"image/png": {"alt": alt}}
        if self.data is not None:
            bundle[CSV_MIME] = csv_text(self.data)
            metadata[CSV_MIME] = {"title": alt}
        return bundle, metadata


def new_figure(
    height: float, ncols: int = 1, width: float = WIDTH, **kwargs: object
) -> tuple[Figure, object]:
    """A headless figure (the report width unless told) on a ``PaletteCanvas``, and its axes."""
    fig = ChartFigure(figsize=(width, height), dpi=DPI, layout="constrained")
    PaletteCanvas(fig)
    return fig, fig.subplots(1, ncols, **kwargs)


CSV_MIME = "text/csv"


def csv_text(frame: pd.DataFrame) -> str:
    """A frame as deterministic CSV: ISO dates, a named index kept, Unix line ends."""
    keep_index = frame.index.name is not None or any(n is not None for n in frame.index.names)
    return frame.to_csv(index=keep_index, lineterminator="\n", date_format="%Y-%m-%d")


def finish(fig: Figure, title: str, data: pd.DataFrame | None = None) -> Figure:
    """Add the finding as title and the source line at the bottom; keep the chart's data."""
    fig.suptitle(
        textwrap.fill(title, 84, break_on_hyphens=False),
        x=0.01,
        ha="left",
        fontsize=12,
        weight="bold",
        **PLAIN,
    )
    if isinstance(fig, ChartFigure):
        fig.alt_text = title
        if data is not None:
            fig.data = data
    fig.supxlabel(SOURCE_LINE, x=0.01, ha="left", fontsize=8, color="#555555")
    return fig


def mark_words(kind: str, drawn: str = "") -> str:
    """A legend's words for a mark: '? status unknown', 'hollow or ~: low confidence'.

    ``drawn`` names how the chart draws it besides the symbol ('hollow', 'hatched yellow').
    """
    mark = MARKS[kind]
    how = " or ".join(filter(None, [drawn, mark.symbol]))
    return f"{how}: {mark.words}" if drawn else f"{mark.symbol} {mark.words}".strip()


def mark_handle(kind: str, drawn: str = "") -> object:
    """A legend entry for a mark: its symbol as the marker and its words as the label.

    With ``drawn`` ('hatched'), a patch in the mark's ``MARK_STYLES`` labelled with
    ``mark_words(kind, drawn)`` instead.
    """
    if drawn or not MARKS[kind].symbol:
        edge = BLACK if drawn == "hollow" else GREY
        return Patch(**MARK_STYLES[kind], edgecolor=edge, label=mark_words(kind, drawn))
    marker = MATH_MARKS[MARKS[kind].symbol]
    return Line2D([], [], marker=marker, ls="", color=BLACK, label=MARKS[kind].words)


def legend_with_marks(ax: object, hollow: bool = True, **kw: object) -> None:
    """The axes' legend plus one entry explaining the low-confidence mark."""
    if hollow:
        marker = Line2D(
            [],
            [],
            marker="o",
            ls="",
            mfc=WHITE,
            mec=BLACK,
            label=mark_words("low_confidence", "hollow"),
        )
    else:
        marker = mark_handle("low_confidence")
    ax.legend(handles=[*ax.get_legend_handles_labels()[0], marker], **SMALL, **kw)


def marked(text: pd.Series, flag: pd.Series, kind: str = "low_confidence") -> pd.Series:
    """``text`` with the symbol of the ``kind`` of mark appended where ``flag``."""
    return text + np.where(flag, f" {MARKS[kind].symbol}", "")


def with_roster_marks(rosters: pd.DataFrame) -> pd.DataFrame:
    """``rosters`` (``analysis.overlaps.rosters``) with ``marks`` (e.g. "*?") and ``label``.

    ``label`` is the acronym followed by the marks of every ``ROSTER_MARKS`` kind the body's
    roster has rows of.
    """
    marks = pd.Series("", index=rosters.index, dtype=object)
    for kind, column in _ROSTER_COUNTS.items():
        marks += (rosters[column] > 0).map({True: ROSTER_MARKS[kind][0], False: ""})
    return rosters.assign(marks=marks, label=rosters["acronym"] + marks)


def roster_legend(rosters: pd.DataFrame) -> str:
    """One line explaining the marks that ``with_roster_marks`` put on ``rosters``' labels."""
    used = [
        f"{mark} {meaning}"
        for mark, meaning in ROSTER_MARKS.values()
        if rosters["marks"].str.contains(mark, regex=False).any()
    ]
    return "; ".join(used)


def note_below(ax: object, text: str) -> None:
    """A small note under the axes (what a chart's marks mean), wrapped to the figure."""
    if text:
        ax.annotate(
            text,
            (0, 0),
            xycoords="axes fraction",
            xytext=(0, -34),
            textcoords="offset points",
            va="top",
            wrap=True,
            **SMALL,
            **PLAIN,
        )
