"""What a request runs against: the serving app's settings, its (cached) dataset and the view asked for."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import current_app, g

from indicators.dataset import Dataset, load_dataset
from indicators.settings import Settings
from layouts.view_state import ParsedView, ViewState, parse_search
from server.logs import log_event

SETTINGS_KEY = "REFORM_SETTINGS"
#: The dataset version this process last served, per data folder, so a new version is logged once.
_served: dict[str, float] = {}


def current_settings() -> Settings:
    """Settings of the app serving this request (set by app.py)."""
    return current_app.config[SETTINGS_KEY]


def current_dataset() -> Dataset:
    """The dataset, re-read only when a data file changed (see :func:`indicators.load_dataset`).

    Raises:
        indicators.DataError: When the data directory does not exist.
    """
    settings = current_settings()
    # Once per request: the answer cache's key and the callback both need it, and each look stats
    # every data file.
    kept = g.get("reform_dataset")
    if kept is not None and kept[0] == settings.data_dir:
        return kept[1]
    dataset = load_dataset(settings.data_dir, settle_seconds=settings.settle_seconds)
    g.reform_dataset = (settings.data_dir, dataset)
    key = str(settings.data_dir)
    if _served.get(key) != dataset.loaded_at:
        _served[key] = dataset.loaded_at
        status = dataset.status()
        fields = {k: status[k] for k in ("status", "files", "sources", "observations", "rejected_records", "warnings")}
        level = logging.INFO if dataset.ok else logging.WARNING
        log_event("data loaded", level, data_dir=key, **fields, problems=[str(p) for p in dataset.problems[:20]])
    return dataset


@dataclass(frozen=True)
class RequestView:
    """What a callback answers for: the settings, the dataset, and the view its URL asks for."""

    settings: Settings
    dataset: Dataset
    parsed: ParsedView

    @property
    def state(self) -> ViewState:
        """The view, with what the URL got wrong already dropped (see :attr:`parsed` for the notices)."""
        return self.parsed.state


def request_view(search: object) -> RequestView:
    """The settings, dataset and parsed view of a callback's URL (a forged request may send anything).

    Raises:
        indicators.DataError: When the data directory does not exist.
    """
    settings = current_settings()
    dataset = current_dataset()
    parsed = parse_search(search, frozenset(dataset.indicators.index), settings.language)  # type: ignore[arg-type]
    return RequestView(settings, dataset, parsed)
