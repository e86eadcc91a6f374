"""``python -m utils.report``: what ``make report`` runs (see :func:`utils.report.cli.main`)."""

import sys

from utils.report.cli import main

sys.exit(main())
