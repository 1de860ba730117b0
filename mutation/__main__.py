"""``python -m mutation``: mutation testing of the figure logic; see :mod:`mutation`."""

from mutation.cli import main

raise SystemExit(main())
