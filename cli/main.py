"""Command line: ``python -m indicators validate|build|export|chart|briefing ...`` (see :mod:`cli`).

Each command lives in a module of its own that adds its parser; this module puts them together.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from cli import build, files, validate
from indicators.problems import DataError


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog="python -m indicators",
        description="Curated reform indicators: validate, publish, export, draw charts, write a briefing.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate.add_parser(commands)
    build.add_parser(commands)
    files.add_parsers(commands)
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
