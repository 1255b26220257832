"""The site floor: the pages around the reports, and the reports' own page chrome.

``catalog`` holds what the site is given (each ``Report`` and its ``Outcome`` in a run);
``export`` renders a report's deterministic HTML and downloads, with the chrome of ``site``
(navigation, contents, citation, cards) and the nbconvert ``templates``; ``index`` writes the
landing page, ``datapage`` and ``sourcespage`` the Data and Sources pages; ``pdf`` prints the
pages and ``browser`` takes screenshots with headless Chromium. It never imports the build floor,
which publishes it.
"""
