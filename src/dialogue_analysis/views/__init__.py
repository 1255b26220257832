"""The views floor: what a reader sees, one module per report plus the shared house style.

``meeting_history``, ``membership``, ``body_profile`` and ``coverage`` each hold their report's
findings, tables and charts, every function taking the dataset first; the notebooks call them.
``sources`` makes the sources table every report ends with, ``style`` is the house style
(palette, figure frame, marks), ``words`` writes labels, counts and dates (the labels come from
``data.vocabulary``), ``maps`` draws world maps. Imports only from
``analysis``, ``data`` and the top level.
"""
