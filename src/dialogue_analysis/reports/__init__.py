"""The reports floor (the build floor): from notebooks and processed data to the reports folder.

``registry`` reads ``reports.toml``; ``runner`` executes the reports (papermill, in parallel,
skipping those whose ``state`` cache key is unchanged) in ``kernels`` kept warm between reports;
``export`` renders deterministic HTML; ``index`` writes the landing page; ``browser`` takes
screenshots. The top floor: it may import every floor below.
"""
