"""``python -m indicators validate``: check every data file and report every problem."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.common import DATA_DIR_HELP, load
from indicators.problems import Severity


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate a data directory; print a summary and every problem. Exit 1 on any error."""
    dataset = load(args.data_dir)
    print(f"Data directory: {dataset.data_dir}")
    print(
        f"  {len(dataset.files)} files, {len(dataset.sources)} sources, {len(dataset.indicators)} indicators "
        f"({int(dataset.indicators['derived'].sum())} derived), {len(dataset.observations)} observations, "
        f"{len(dataset.derived)} derived values, {len(dataset.events)} events"
    )
    for source_id, count in dataset.observations.groupby("source_id").size().items():
        print(f"  source {source_id}: {count} observations")
    errors, warnings = dataset.errors, dataset.warnings
    for problem in sorted(dataset.problems, key=lambda p: (p.file, p.line or 0)):
        print(str(problem), file=sys.stderr if problem.severity is Severity.ERROR else sys.stdout)
    if errors:
        print(
            f"FAILED: {len(errors)} error(s), {len(warnings)} warning(s); records with errors were not loaded.",
            file=sys.stderr,
        )
        return 1
    print(f"OK: no errors, {len(warnings)} warning(s).")
    return 0


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The ``validate`` command."""
    validate = commands.add_parser("validate", help="check every data file and report every problem")
    validate.add_argument("data_dir", nargs="?", type=Path, default=None, help=DATA_DIR_HELP)
    validate.set_defaults(func=cmd_validate)
