"""The sources tables every report ends with: each source cited, who cites it and how surely."""

from __future__ import annotations

import pandas as pd

from dialogue_analysis.analysis.evidence import CONFIDENCE_RANK, body_citations, citations
from dialogue_analysis.data.dataset import Dataset

COLUMNS = ["source_id", "title", "publisher", "published_as_written", "url"]


def source_table(data: Dataset, cited: pd.DataFrame) -> pd.DataFrame:
    """One row per cited source: its title, publisher, address, who cites it and how surely.

    Args:
        data: The dataset (for the sources' titles and addresses).
        cited: (source_id, table, confidence) rows, from ``evidence.citations`` or
            ``evidence.body_citations``.

    Returns:
        Columns source_id, title, publisher, published_as_written, url, cited_by ("memberships
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
