"""The sources tables every report ends with: each source cited, who cites it and how surely.

Every address a report shows points at the quoted words themselves: ``text_fragment_url`` adds a
text fragment (``#:~:text=first%20words,last%20words``) that browsers scroll to and highlight, so
a reader checks a quote against the live page in one click.
"""

from __future__ import annotations

import re
from urllib.parse import quote as percent_encode

import pandas as pd

from dialogue_analysis.analysis.evidence import CONFIDENCE_RANK, body_citations, citations
from dialogue_analysis.data.dataset import Dataset

COLUMNS = ["source_id", "title", "publisher", "published_as_written", "url"]
#: Quotes up to this many words are matched whole; longer ones by their first and last words.
WHOLE_QUOTE_WORDS = 8
EDGE_WORDS = 4


def _fragment_part(words: list[str]) -> str:
    """Words percent-encoded for a text directive ('-', ',' and '&' are syntax there)."""
    return percent_encode(" ".join(words), safe="").replace("-", "%2D")


def text_fragment_url(url: str, quote: str | None) -> str:
    """``url`` with a text fragment that finds ``quote`` on the page (``url`` if no quote).

    A quote of up to ``WHOLE_QUOTE_WORDS`` words is matched whole; a longer one, or one with an
    elision ('…'), by its first and last ``EDGE_WORDS`` words (``text=start,end``), which still
    highlights the whole passage. A page address that has a fragment keeps it
    (``page#section:~:text=…``).

    >>> text_fragment_url("https://example.org/a", "INTERPOL’s 196 member countries")
    'https://example.org/a#:~:text=INTERPOL%E2%80%99s%20196%20member%20countries'
    """
    if not isinstance(quote, str) or not quote.strip():
        return url
    pieces = [p.split() for p in quote.split("\u2026") if p.strip()]
    words = [w for piece in pieces for w in piece]
    if len(pieces) == 1 and len(words) <= WHOLE_QUOTE_WORDS:
        directive = _fragment_part(words)
    else:
        first, last = pieces[0][:EDGE_WORDS], pieces[-1][-EDGE_WORDS:]
        directive = f"{_fragment_part(first)},{_fragment_part(last)}"
    base = re.sub(r":~:.*$", "", url)
    return f"{base}{'' if '#' in base else '#'}:~:text={directive}"


def quoted_links(
    data: Dataset, tables: tuple[str, ...], only: pd.Series | None = None
) -> pd.Series:
    """source_id -> its address with a text fragment of the first quote the tables cite from it.

    ``only``: the source ids wanted (default: every source).
    """
    frames = [getattr(data, t)[["source_id", "quote"]] for t in tables]
    quotes = pd.concat(frames).dropna().drop_duplicates("source_id").set_index("source_id")
    urls = data.sources.set_index("source_id")["url"].dropna()
    if only is not None:
        urls = urls[urls.index.isin(set(only))]
    return pd.Series(
        {sid: text_fragment_url(url, quotes["quote"].get(sid)) for sid, url in urls.items()},
        dtype="string",
    )


def source_table(data: Dataset, cited: pd.DataFrame) -> pd.DataFrame:
    """One row per cited source: its title, publisher, address, who cites it and how surely.

    Args:
        data: The dataset (for the sources' titles and addresses).
        cited: (source_id, table, confidence) rows, from ``evidence.citations`` or
            ``evidence.body_citations``.

    Returns:
        Columns source_id, title, publisher, published_as_written, url (with a text fragment
        of the first quote the data takes from it), cited_by ("memberships
        (12); bodies (1)", most confident tables first) and confidence (the citing rows'
        confidences); the most cited source first.
    """
    rows = cited.assign(rank=cited["confidence"].map(CONFIDENCE_RANK)).sort_values(
        ["rank", "table"]
    )
    out = rows.groupby("source_id", as_index=False).agg(
        n_rows=("table", "size"),
        cited_by=("table", lambda t: "; ".join(f"{k} ({n})" for k, n in t.value_counts().items())),
        confidence=("confidence", lambda c: ", ".join(dict.fromkeys(c.dropna())) or "n/a"),
    )
    out = out.merge(data.sources[COLUMNS], on="source_id", how="left")
    links = quoted_links(
        data, ("editions", "bodies", "participation", "memberships"), out["source_id"]
    )
    out["url"] = out["source_id"].map(links).fillna(out["url"]).astype("string")
    return out.sort_values(["n_rows", "source_id"], ascending=[False, True], ignore_index=True)[
        [*COLUMNS, "cited_by", "confidence"]
    ]


def report_sources(data: Dataset, tables: tuple[str, ...]) -> pd.DataFrame:
    """Every source cited by the rows of the given fact tables (e.g. editions, participation)."""
    return source_table(data, citations(data, tables))


def body_sources(data: Dataset, body_id: str) -> pd.DataFrame:
    """Every source cited by rows about a body (its own row, participation, memberships, conflicts).

    ``confidence`` lists the confidences of the citing rows; conflicts carry none.
    """
    return source_table(data, body_citations(data, body_id))
