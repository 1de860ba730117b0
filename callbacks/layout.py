"""The layout function Dash calls for each page load."""

from __future__ import annotations

from dash import html

from indicators.problems import DataError
from indicators.summary import year_span
from layouts.components import indicator_options, make_shell
from server.context import current_dataset, current_settings


def serve_layout() -> html.Div:
    """The shell, with the year slider spanning the data loaded now."""
    settings = current_settings()
    try:
        dataset = current_dataset()
    except DataError:
        return make_shell((2019, 2022), settings.language, [])
    return make_shell(year_span(dataset), settings.language, indicator_options(dataset, settings.language))
