"""``python -m probes NAME [OPTIONS]``: run one probe (``python -m probes NAME --help`` for its options)."""

from __future__ import annotations

import importlib
import sys

#: Probe name -> module holding its ``main(argv) -> int``.
PROBES = {
    "soak": "probes.soak",
    "slow-clients": "probes.slow_clients",
    "image-storm": "probes.image_storm",
    "stalled-write": "probes.stalled_write",
    "big-file": "probes.big_file",
    "replica-kill": "probes.replica_kill",
}


def main(argv: list[str]) -> int:
    """Run the probe named first in ``argv`` with the rest of the arguments."""
    if not argv or argv[0] not in PROBES:
        print(f"usage: python -m probes {{{'|'.join(PROBES)}}} [OPTIONS]", file=sys.stderr)
        return 2
    return importlib.import_module(PROBES[argv[0]]).main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
