"""Command line: ``python -m indicators validate|export ...``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from indicators.dataset import Dataset, default_data_dir, load_dataset
from indicators.export import tidy_frame, to_csv_text
from indicators.problems import DataError, Severity


def _load(data_dir: Path | None) -> Dataset:
    return load_dataset(data_dir if data_dir is not None else default_data_dir())


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate a data directory; print a summary and every problem. Exit 1 on any error."""
    dataset = _load(args.data_dir)
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


def cmd_export(args: argparse.Namespace) -> int:
    """Write the tidy table of every value as CSV (stdout, or --out)."""
    dataset = _load(args.data_dir)
    try:
        frame = tidy_frame(dataset, args.indicator or None)
    except KeyError as exc:
        print(f"error: unknown indicator id(s): {exc.args[0]}", file=sys.stderr)
        return 2
    text = to_csv_text(frame)
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        print(f"Wrote {len(frame)} rows to {args.out}", file=sys.stderr)
    if dataset.errors:
        print(
            f"warning: {len(dataset.errors)} record(s) were rejected and are not in the export; "
            "run 'validate' to list them",
            file=sys.stderr,
        )
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog="python -m indicators", description="Curated reform indicators: validate and export."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check every data file and report every problem")
    validate.add_argument(
        "data_dir", nargs="?", type=Path, default=None, help="data folder (default: $REFORM_DATA_DIR or data/)"
    )
    validate.set_defaults(func=cmd_validate)

    export = commands.add_parser("export", help="write the tidy table of every value")
    export.add_argument("--format", choices=["csv"], default="csv", help="file format (default csv)")
    export.add_argument("--out", type=Path, default=None, help="file to write (default: standard output)")
    export.add_argument("--indicator", action="append", metavar="ID", help="only this indicator (repeatable)")
    export.add_argument("--data-dir", type=Path, default=None, help="data folder (default: $REFORM_DATA_DIR or data/)")
    export.set_defaults(func=cmd_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DataError as exc:
        for problem in exc.problems:
            print(str(problem), file=sys.stderr)
        return 1
    except BrokenPipeError:  # `... | head` closed the pipe: not an error of ours
        return 0
