"""Command line: ``python -m indicators validate|build|audit|draft|export|chart|briefing|serve ...`` (see :mod:`cli`).

Each command lives in a module of its own that adds its parser; this module puts them together. Every
command takes the data folder as ``--data-dir DIR`` (:func:`cli.common.add_data_dir`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from cli import build, curation, files, serve, validate
from indicators.problems import DataError


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog="python -m indicators",
        description="Curated reform indicators: validate, publish, audit and draft the curation, export, draw "
        "charts, write a briefing, serve the dashboard. Every command takes the data folder as --data-dir DIR.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate.add_parser(commands)
    build.add_parser(commands)
    curation.add_parsers(commands)
    files.add_parsers(commands)
    serve.add_parser(commands)
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
