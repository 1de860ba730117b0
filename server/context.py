"""What a request runs against: the serving app's settings, the dataset they serve and the view asked for."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import current_app, g, request

from indicators.dataset import Dataset
from indicators.serving import data_source
from indicators.settings import Settings
from layouts.chart_sizes import shown_width
from layouts.view_state import ParsedView, ViewState, parse_search
from server.logs import log_event

SETTINGS_KEY = "REFORM_SETTINGS"
#: The cookie in which a page keeps the width of its chart's box (assets/app.js), so that the next
#: page's first response draws the chart for that width.
CHART_WIDTH_COOKIE = "reform_chart_width"
#: The dataset this process last served, per data folder, so a new version is logged once.
_served: dict[str, float] = {}


def current_settings() -> Settings:
    """Settings of the app serving this request (set by app.py)."""
    return current_app.config[SETTINGS_KEY]


def current_dataset() -> Dataset:
    """The dataset served now: the published snapshot, or the live YAML (see :mod:`indicators.serving`).

    Raises:
        indicators.DataError: When there is no data to serve (no folder, nothing published).
    """
    settings = current_settings()
    # Once per request: the answer cache's key and the callback both need it, and in live mode each
    # look stats every data file.
    kept = g.get("reform_dataset")
    if kept is not None and kept[0] is settings:
        return kept[1]
    dataset = data_source(settings).dataset()
    g.reform_dataset = (settings, dataset)
    key = str(settings.data_dir)
    if _served.get(key) != dataset.loaded_at:
        _served[key] = dataset.loaded_at
        status = dataset.status()
        fields = {k: status[k] for k in ("status", "files", "sources", "observations", "rejected_records", "warnings")}
        level = logging.INFO if dataset.ok else logging.WARNING
        log_event(
            "data loaded",
            level,
            data_dir=key,
            mode=settings.data_mode,
            version=dataset.version,
            **fields,
            problems=[str(p) for p in dataset.problems[:20]],
        )
    return dataset


def data_status() -> dict[str, object]:
    """How the data is served, for ``/healthz``: the mode, the version, and any problem refreshing it."""
    return data_source(current_settings()).status()


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


def remembered_width() -> int | None:
    """The width this browser last showed a chart at (its cookie): pages and callbacks plan the chart for it."""
    return shown_width(request.cookies.get(CHART_WIDTH_COOKIE))
