"""Allow ``python -m dialogue_analysis``."""

from dialogue_analysis.cli import main

raise SystemExit(main())
