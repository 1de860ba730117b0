"""What a request runs against: the serving app's settings and its (cached) dataset."""

from __future__ import annotations

from flask import current_app

from indicators.dataset import Dataset, load_dataset
from indicators.settings import Settings

SETTINGS_KEY = "REFORM_SETTINGS"


def current_settings() -> Settings:
    """Settings of the app serving this request (set by app.py)."""
    return current_app.config[SETTINGS_KEY]


def current_dataset() -> Dataset:
    """The dataset, re-read only when a data file changed (see :func:`indicators.load_dataset`).

    Raises:
        indicators.DataError: When the data directory does not exist.
    """
    settings = current_settings()
    return load_dataset(settings.data_dir, settle_seconds=settings.settle_seconds)
