"""``python -m utils.report``: what ``make report`` runs (see :func:`utils.report.build.main`)."""

import sys

from utils.report.build import main

sys.exit(main())
