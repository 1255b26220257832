"""The build floor: from the registry and the processed data to a published reports folder.

``registry`` reads ``reports.toml`` into the reports to build; ``plan`` decides, from each report's
cache key (``state``), which to build, refresh or leave; ``execute`` runs them (papermill, in
parallel) on ``kernels`` kept warm between reports, here or on Dask (``distributed``); ``state``
records what each build did; ``publish`` writes the site around them (``dialogue_analysis.site``).
``runner.run`` is those steps in order. The top floor: it may import every floor below.
"""
