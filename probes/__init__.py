"""Probes: load, slow clients, heavy work, faults, run against real servers on loopback.

Each probe is one command, bounded in time, that starts its own servers (gunicorn, and nginx in front
as the production command does), measures, prints Markdown and, with ``--out``, writes it between its
markers in ``docs/reliability.md``:

    python -m probes soak | slow-clients | image-storm | stalled-write | big-file | replica-kill

They are tools, not tests: ``tests/test_reliability.py`` runs them briefly and checks their verdicts.
The servers are started with the helpers the benchmarks use (``benchmarks/local_server.py``).
"""

from __future__ import annotations

import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
T0 = time.monotonic()


def now() -> float:
    """Seconds since the probe started (every time in a report is on this clock)."""
    return time.monotonic() - T0
