"""The data floor: raw tables in, the processed, typed and sourced dataset out.

``schema`` and ``vocabulary`` declare every column and controlled value once; ``rawfiles`` reads
the hand-edited CSVs; ``names``, ``dates`` and ``countries`` normalise spellings; ``cleaning`` and
``validation`` turn raw frames into typed ones and list every problem; ``pipeline`` builds the
processed folder that ``package`` writes and reads; ``dataset.load`` returns it; ``boundaries``
joins the vendored map shapes to ISO codes. Nothing here imports ``analysis``, ``views``,
``site`` or ``build``.
"""
