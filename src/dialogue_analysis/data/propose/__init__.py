"""Propose raw rows from a new source: a press release or web page, saved as text or HTML.

The ``dialogue-analysis propose FILE`` command runs, one module after the other:

- ``text``: ``read_source`` turns the file into the text the quotes will be checked against
  (HTML is reduced to its article text with BeautifulSoup) and ``split_sentences`` cuts it into
  sentences;
- ``find``: ``read_curated`` reads the curated tables; the finders find the meeting (dates,
  ordinal, place, format, host), every body the text names and its role, and the earlier
  meetings it mentions;
- ``review``: ``propose`` turns what was found into raw rows and compares each with the curated
  tables; ``write_proposals`` writes them plus ``review.md``.

Nothing here writes to ``data/raw``: a person copies what they accept. Every proposed row quotes
the sentences it rests on, cut from the text without changing a character, so that the build's
quote check (``validation.quote_found``) accepts them once the text is stored under
``data/raw/sources/``.
"""

from dialogue_analysis.data.propose.find import Curated, find_bodies, read_curated
from dialogue_analysis.data.propose.review import (
    Proposal,
    Proposals,
    SourceInfo,
    propose,
    review_markdown,
    summary_lines,
    write_proposals,
)
from dialogue_analysis.data.propose.text import SourceText, read_source, split_sentences

__all__ = [
    "Curated",
    "Proposal",
    "Proposals",
    "SourceInfo",
    "SourceText",
    "find_bodies",
    "propose",
    "read_curated",
    "read_source",
    "review_markdown",
    "split_sentences",
    "summary_lines",
    "write_proposals",
]
