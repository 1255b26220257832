"""The products floor: the dataset in the forms researchers use, and its releases.

``variables`` declares every panel column once; ``formats`` writes a panel as CSV, Parquet and
Stata; ``database`` one DuckDB file of every table and panel; ``codebook`` the codebook;
``citation`` the citable version (declared in ``CITATION.cff``) as text, BibTeX and RIS;
``outputs`` writes them all beside the processed tables; ``release`` packs a versioned archive.
Imports from ``analysis``, ``data`` and the top level; ``cli`` and the site may import it.
"""
