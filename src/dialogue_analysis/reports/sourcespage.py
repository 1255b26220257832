"""The Sources page, ``reports/sources.html``: every source the data cites, and what rests on it.

One row per source: title (linked to its address), publisher, date as the source writes it,
language, whether its text is stored (and a link to the stored copy, copied to
``reports/sources/``), and how many rows of each fact table cite it, as ``source_id`` or among
``more_source_ids``. Each row carries ``id="<source_id>"``, so any page can link
``sources.html#<source_id>``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dialogue_analysis.data import package
from dialogue_analysis.data.dataset import Dataset, load
from dialogue_analysis.data.schema import TABLES
from dialogue_analysis.files import staged
from dialogue_analysis.reports import site, templating
from dialogue_analysis.reports.export import page_css

PAGE_FILE = "sources.html"
TEMPLATE = "sources.html.j2"  # templates/pages/
TEXTS_FOLDER = "sources"  # under the reports folder: the stored source texts
#: The tables whose rows cite sources (their own ``source_id`` and ``more_source_ids``).
FACT_TABLES = tuple(
    name
    for name in package.OUTPUT_TABLES
    if {"source_id", "more_source_ids"} <= {c.name for c in TABLES[name].columns}
    and name != "sources"
)


def citing_rows(data: Dataset) -> pd.DataFrame:
    """Source id x fact table: how many rows of the table cite the source (0 when none)."""
    counts = {}
    for table in FACT_TABLES:
        frame = getattr(data, table)
        more = frame["more_source_ids"].str.split(";").explode().str.strip()
        cited = pd.concat([frame["source_id"], more[more.fillna("") != ""]])
        # A row citing a source twice (as source_id and again among more) counts once.
        rows = cited.rename("source_id").rename_axis("row").reset_index().drop_duplicates()
        counts[table] = rows["source_id"].value_counts()
    table = pd.DataFrame(counts).reindex(data.sources["source_id"])
    return table.fillna(0).astype(int).reindex(columns=list(FACT_TABLES), fill_value=0)


def _is_web(url: object) -> bool:
    return isinstance(url, str) and url.startswith(("https://", "http://"))


def _text(value: object, missing: str = "") -> str:
    return missing if pd.isna(value) or value == "" else str(value)


def _source(source: pd.Series, counts: pd.Series, stored: bool) -> dict[str, object]:
    """What the page shows of one source: its details, its stored text and the rows citing it."""
    url, text_file = source["url"], source["text_file"]
    return {
        "id": str(source["source_id"]),
        "title": _text(source["title"], "title not recorded"),
        "url": url if _is_web(url) else None,
        "address": None if _is_web(url) or pd.isna(url) else str(url),
        "publisher": _text(source["publisher"]),
        "date": _text(source["published_as_written"], "not stated"),
        "language": _text(source["language"]),
        "text_file": text_file,
        "text": "stored" if stored else "missing" if not pd.isna(text_file) else "none",
        "counts": [int(n) for n in counts],
        "total": int(counts.sum()),
    }


def render(data: Dataset, stored: set[str]) -> str:
    """The Sources page; ``stored``: the text files copied beside it."""
    counts = citing_rows(data)
    return templating.render(
        TEMPLATE,
        title="INTERPOL Dialogue: sources",
        css=page_css(),
        links=site.links(),
        tables=FACT_TABLES,
        texts_folder=TEXTS_FOLDER,
        sources=[
            _source(source, counts.loc[source["source_id"]], source["text_file"] in stored)
            for _, source in data.sources.iterrows()
        ],
    )


def write_sources_page(processed_dir: Path, out_dir: Path, data: Dataset | None = None) -> Path:
    """Write ``sources.html`` into ``out_dir`` with copies of the stored source texts; its path.

    The tables are ``data`` if given, else read from ``processed_dir`` as they are (never
    rebuilt); the texts are copied from the raw folder it was built from.
    """
    processed_dir, out_dir = Path(processed_dir), Path(out_dir)
    data = data if data is not None else load(processed_dir, rebuild=False)
    raw_dir = package.built_from(processed_dir)
    texts = {}
    for name in data.sources["text_file"].dropna().unique():
        path = raw_dir / "sources" / name if raw_dir is not None else None
        # Only a plain file name under the raw sources folder is copied, never a path.
        if path is not None and Path(name).name == name and path.is_file():
            texts[out_dir / TEXTS_FOLDER / name] = path.read_bytes()
    page = out_dir / PAGE_FILE
    (out_dir / TEXTS_FOLDER).mkdir(parents=True, exist_ok=True)
    with staged() as put:
        for target, data_bytes in sorted(texts.items()):
            put(target, data_bytes)
        put(page, render(data, {p.name for p in texts}).encode("utf-8"))
    return page
