"""What every command shares: loading the data folder, the chart settings, writing to standard output."""

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


def load(data_dir: Path | None) -> Dataset:
    """The dataset of a data folder (the default one when None)."""
    return load_dataset(data_dir if data_dir is not None else default_data_dir())


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
