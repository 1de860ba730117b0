"""The layout function Dash calls for each page load: the shell, already showing the page URL's view.

The page callback (:mod:`callbacks.page`) does not run at load: the layout holds what it would
answer for the page's URL, so the page is drawn from its first response, and the URL component
holds that URL, so its mount changes nothing that a callback listens to.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from urllib.parse import urlsplit

from dash import Output, html, no_update
from flask import has_request_context, request

from callbacks.chart import chart_box_width
from callbacks.page import OUTPUTS, page_answer
from indicators.problems import DataError
from indicators.summary import year_span
from layouts.components import indicator_options, make_shell
from layouts.ids import Ids
from server.context import current_dataset, current_settings, request_view

#: Dash's path for the layout (after the app's prefix).
LAYOUT_PATH = "_dash-layout"


def page_address() -> tuple[str, str]:
    """The path and query string (``"?..."`` or ``""``) of the page the layout is for.

    The page itself when it is what is asked for; for Dash's ``_dash-layout`` request the page that
    asks (its referrer, same-origin).
    """
    if request.path.endswith("/" + LAYOUT_PATH):
        page = urlsplit(request.referrer or "")
        if page.netloc and page.netloc != request.host:
            return "/", ""
        return page.path or "/", f"?{page.query}" if page.query else ""
    query = request.query_string.decode("utf-8", "replace")
    return request.path, f"?{query}" if query else ""


def serve_layout() -> html.Div:
    """The shell, with the year slider spanning the data loaded now, showing the page's view."""
    settings = current_settings()
    try:
        dataset = current_dataset()
    except DataError:
        return make_shell((2019, 2022), settings.language, [])
    if not has_request_context():
        # Dash's check of the layout at start, kept as its validation layout and sent in every page's
        # config: the ids are what it needs, not the indicator options.
        return make_shell(year_span(dataset), settings.language, [])
    shell = make_shell(year_span(dataset), settings.language, indicator_options(dataset, settings.language))
    path, search = page_address()
    fill(shell, outputs_of(OUTPUTS, page_answer(request_view(search), None)))
    # The width of the box the chart was planned for (this browser's last, from its cookie, or a
    # screen's): the page measures its own and asks for the chart again only when it does not fit.
    shell[Ids.VIEWPORT].data = {**shell[Ids.VIEWPORT].data, "chart_width": chart_box_width()}
    # The dropdown starts with its values only; the store's full list follows once the chart is drawn.
    select, every = shell[Ids.INDICATOR_SELECT], shell[Ids.INDICATOR_OPTIONS].data
    chosen = set(select.value or [])
    select.options = [option for option in every if option["value"] in chosen]
    # Every property the URL component would otherwise read from the address bar as it mounts: a
    # change there is an update of the page's state (a store update, every component checked).
    location = shell[Ids.URL]
    location.pathname, location.search, location.hash = path, search, ""
    location.href = f"{request.host_url.rstrip('/')}{path}{search}"
    return shell


def outputs_of(spec: Mapping, answer: Mapping) -> Iterator[tuple[str, str, object]]:
    """(component id, property, value) of each output of a callback answer grouped as its spec."""
    for key, part in spec.items():
        if isinstance(part, Output):
            yield str(part.component_id), part.component_property, answer[key]
        else:
            yield from outputs_of(part, answer[key])


def fill(shell: html.Div, outputs: Iterator[tuple[str, str, object]]) -> None:
    """Set each output's value on the shell's component of that id (``no_update`` leaves it as it is)."""
    for component_id, prop, value in outputs:
        if value is not no_update:
            setattr(shell[component_id], prop, value)
