"""``python -m teleconsult``: the same as the ``teleconsult`` command."""

import sys

from teleconsult.cli import main

sys.exit(main())
