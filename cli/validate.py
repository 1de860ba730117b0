"""``python -m indicators validate``: check every data file, and every quote against its source's text."""

from __future__ import annotations

import argparse
import sys

from cli.common import add_data_dir, add_texts_argument, data_dir_of, load, texts_folder
from indicators.problems import Severity
from indicators.source_checks import check_source_texts
from indicators.texts import TextStatus


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate a data directory and its quotes against the sources' texts at hand. Exit 1 on any error."""
    dataset = load(data_dir_of(args))
    checks = check_source_texts(dataset, texts_folder(args))
    print(f"Data directory: {dataset.data_dir}")
    print(
        f"  {len(dataset.files)} files, {len(dataset.sources)} sources, {len(dataset.indicators)} indicators "
        f"({int(dataset.indicators['derived'].sum())} derived), {len(dataset.observations)} observations, "
        f"{len(dataset.derived)} derived values, {len(dataset.events)} events"
    )
    for source_id, count in dataset.observations.groupby("source_id").size().items():
        text = checks.texts.get(str(source_id))
        checked = f", quotes checked against {text.file}" if text is not None and text.usable else ""
        print(f"  source {source_id}: {count} observations{checked}")
    problems = [*dataset.problems, *checks.problems]
    errors = [p for p in problems if p.severity is Severity.ERROR]
    warnings = [p for p in problems if p.severity is Severity.WARNING]
    for problem in sorted(problems, key=lambda p: (p.file, p.line or 0)):
        print(str(problem), file=sys.stderr if problem.severity is Severity.ERROR else sys.stdout)
    skipped = sum(t.status is TextStatus.MISSING for t in checks.texts.values())
    if skipped:
        print(f"Quote check skipped for {skipped} source(s) whose text is not at hand (see the notices).")
    if errors:
        rejected = "; records with errors were not loaded" if dataset.errors else ""
        misquoted = len(errors) - len(dataset.errors)
        quotes = f"; {misquoted} quote(s) not in their source's text" if misquoted else ""
        print(f"FAILED: {len(errors)} error(s), {len(warnings)} warning(s){rejected}{quotes}.", file=sys.stderr)
        return 1
    print(f"OK: no errors, {len(warnings)} warning(s).")
    return 0


def add_parser(commands: argparse._SubParsersAction) -> None:
    """The ``validate`` command."""
    validate = commands.add_parser(
        "validate",
        help="check every data file, and every quote against its source's text, and report every problem",
        description="Check every data file and report every problem; with the sources' texts at hand (--texts, "
        "texts_dir in config.yaml or $REFORM_TEXTS_DIR), check that each quote stands in its text.",
    )
    add_data_dir(validate, positional=True)
    add_texts_argument(validate)
    validate.set_defaults(func=cmd_validate)
