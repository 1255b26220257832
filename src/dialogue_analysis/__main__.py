"""Allow ``python -m dialogue_analysis``."""

import sys

try:
    from dialogue_analysis.cli import main
except KeyboardInterrupt:  # interrupted while still importing: nothing was written yet
    sys.exit(130)

sys.exit(main())
