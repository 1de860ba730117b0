"""Options every command shares: the data folder (taken the same way by all) and the texts folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from indicators.dataset import Dataset, default_data_dir, load_dataset
from indicators.settings import Settings, SettingsError, load_settings

_DATA_DIR_HELP = "data folder (default: $REFORM_DATA_DIR or data/)"


def data_dir_parent() -> argparse.ArgumentParser:
    """A parent parser giving a command ``--data-dir DIR``."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--data-dir", type=Path, default=None, metavar="DIR", help=_DATA_DIR_HELP)
    return parent


def add_data_dir_argument(parser: argparse.ArgumentParser) -> None:
    """Also take the data folder as an optional first argument (``validate data``, ``audit data``)."""
    parser.add_argument(
        "data_dir_positional", nargs="?", type=Path, default=None, metavar="DATA_DIR", help="same as --data-dir"
    )


def add_texts_argument(parser: argparse.ArgumentParser) -> None:
    """``--texts DIR``: the folder of the source texts."""
    parser.add_argument(
        "--texts",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder of the source texts (default: texts_dir in config.yaml, or $REFORM_TEXTS_DIR)",
    )


def data_dir_of(args: argparse.Namespace) -> Path:
    """The data folder a command was given (``--data-dir`` or ``DATA_DIR``), else the default.

    Raises:
        SystemExit: When both are given and differ (status 2).
    """
    option = getattr(args, "data_dir", None)
    positional = getattr(args, "data_dir_positional", None)
    if option is not None and positional is not None and option.resolve() != positional.resolve():
        print(f"error: two data folders given: {positional} and --data-dir {option}", file=sys.stderr)
        raise SystemExit(2)
    return option or positional or default_data_dir()


def load(args: argparse.Namespace) -> Dataset:
    """The dataset of the command's data folder."""
    return load_dataset(data_dir_of(args))


def settings_or_default() -> Settings:
    """config.yaml's settings; the defaults (with a warning) when it cannot be read."""
    try:
        return load_settings()
    except SettingsError as exc:
        print(f"warning: {exc}; using the default settings", file=sys.stderr)
        return Settings()


def texts_folder(args: argparse.Namespace) -> Path | None:
    """``--texts``, else ``texts_dir`` of config.yaml (which ``REFORM_TEXTS_DIR`` overrides)."""
    given = getattr(args, "texts", None)
    return given if given is not None else settings_or_default().texts_dir
