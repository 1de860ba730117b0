"""What every command shares: the data and texts folders, the chart settings, writing to standard output.

Every command takes the data folder the same way, ``--data-dir DIR`` (:func:`add_data_dir`);
``validate`` and ``audit``, whose subject is the data folder, also take it as their first argument.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from indicators.dataset import Dataset, default_data_dir, load_dataset
from indicators.periods import PeriodError, parse_period
from indicators.settings import Settings, SettingsError, load_settings

DATA_DIR_HELP = "data folder (default: $REFORM_DATA_DIR or data/)"


def add_data_dir(parser: argparse.ArgumentParser, *, positional: bool = False) -> None:
    """``--data-dir DIR``; with ``positional``, also an optional first argument ``DATA_DIR``."""
    parser.add_argument("--data-dir", type=Path, default=None, metavar="DIR", help=DATA_DIR_HELP)
    if positional:
        parser.add_argument(
            "data_dir_positional", nargs="?", type=Path, default=None, metavar="DATA_DIR", help="same as --data-dir"
        )


def data_dir_of(args: argparse.Namespace) -> Path | None:
    """The data folder a command was given (``--data-dir`` or ``DATA_DIR``); None for the default.

    Raises:
        SystemExit: When both are given and differ (status 2).
    """
    option, positional = getattr(args, "data_dir", None), getattr(args, "data_dir_positional", None)
    if option is not None and positional is not None and option.resolve() != positional.resolve():
        print(f"error: two data folders given: {positional} and --data-dir {option}", file=sys.stderr)
        raise SystemExit(2)
    return option or positional


def load(data_dir: Path | None) -> Dataset:
    """The dataset of a data folder (the default one when None)."""
    return load_dataset(data_dir if data_dir is not None else default_data_dir())


def add_texts_argument(parser: argparse.ArgumentParser) -> None:
    """``--texts DIR``: the folder of the sources' texts."""
    parser.add_argument(
        "--texts",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder of the sources' texts (default: texts_dir in config.yaml, or $REFORM_TEXTS_DIR)",
    )


def texts_folder(args: argparse.Namespace) -> Path | None:
    """``--texts``, else ``texts_dir`` of config.yaml (which ``REFORM_TEXTS_DIR`` overrides)."""
    if getattr(args, "texts", None) is not None:
        return args.texts
    try:
        return load_settings().texts_dir
    except SettingsError as exc:
        print(f"warning: {exc}; using the default texts folder", file=sys.stderr)
        return Settings().texts_dir


def chart_settings() -> Settings:
    """Number style and theme from config.yaml, as the dashboard draws them."""
    try:
        return load_settings()
    except SettingsError as exc:
        print(f"warning: {exc}; using the default number style and theme", file=sys.stderr)
        return Settings()


def unknown_ids(dataset: Dataset, ids: Sequence[str]) -> list[str]:
    """The ids that name no indicator of the dataset."""
    return [i for i in ids if i not in dataset.indicators.index]


def write_stdout(content: bytes) -> None:
    """Write bytes as they are (the console's encoding must not re-encode the UTF-8)."""
    sys.stdout.flush()
    if hasattr(sys.stdout, "buffer"):
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    else:  # a replaced stream without bytes (some test runners)
        sys.stdout.write(content.decode("utf-8"))


def date_bound(end: bool):
    """Parse --start/--end: a day, or a month/quarter/year meaning its first (start) or last (end) day."""

    def parse(text: str) -> date:
        try:
            period = parse_period(text)
        except PeriodError as exc:
            raise argparse.ArgumentTypeError(f"{exc}; write a date such as 2022-08-23, 2022-08 or 2022") from None
        return period.end if end else period.start

    return parse
