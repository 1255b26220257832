"""Propose raw rows from a new source: a press release or web page, saved as text or HTML.

The ``dialogue-analysis propose FILE`` command runs, one module after the other:

- ``text``: ``read_source`` turns the file into the text the quotes will be checked against
  (HTML is reduced to its article text with BeautifulSoup) and ``split_sentences`` cuts it into
  sentences;
- ``words``: the words the finders look for (meeting, role, format and place words, ordinals),
  one table per kind, in English and French;
- ``curated``: ``read_curated`` reads the curated tables and the spellings (bodies, countries,
  cities) the finders look names up in;
- ``meeting``: ``find_meeting`` finds the meeting (dates, ordinal, place, venue, format) and
  the earlier meetings the text mentions;
- ``bodies``: ``find_bodies`` finds every body the text names, ``find_unknown_bodies`` the
  organisation names bodies.csv does not know, and ``find_roles`` each body's role (host among
  them);
- ``compare``: ``propose`` runs the finders, turns what they found into raw rows and compares
  each with the curated tables;
- ``review``: ``write_proposals`` writes the rows plus ``review.md`` (``review_markdown``), and
  ``summary_lines`` sums them up for the command line.

The package stands beside the floors: it reads the data floor (cleaning, names, dates,
countries) and only the command line imports it. Nothing here writes to ``data/raw``: a person
copies what they accept. Every proposed row quotes the sentences it rests on, cut from the text
without changing a character, so that the build's quote check (``validation.quote_found``)
accepts them once the text is stored under ``data/raw/sources/``.
"""

from dialogue_analysis.intake.bodies import find_bodies
from dialogue_analysis.intake.compare import Proposal, Proposals, SourceInfo, propose
from dialogue_analysis.intake.curated import Curated, read_curated
from dialogue_analysis.intake.review import review_markdown, summary_lines, write_proposals
from dialogue_analysis.intake.text import SourceText, read_source, split_sentences

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
