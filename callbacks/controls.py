"""The chart controls and the URL: the controls show the URL's view, and a change of them makes a new URL.

The URL is the single source of truth. When it changes (a link, back/forward, a pasted address) the
controls take its values; when a control changes, the URL gets a new entry in the browser's history.
Both directions are parts of the one page callback (:mod:`callbacks.page`): Dash allows a cycle only
within one callback, and a change then costs one round trip.
"""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, clientside_callback

from indicators.summary import year_span
from layouts.charts import DEFAULT_KIND, view_names
from layouts.ids import Ids
from layouts.view_state import MAX_INDICATORS
from server.context import RequestView

#: The controls' values (a part of the page callback's outputs).
CONTROLS = {
    "indicators": Output(Ids.INDICATOR_SELECT, "value"),
    "years": Output(Ids.YEAR_RANGE, "value"),
    "view": Output(Ids.VIEW_MODE, "value"),
}


def controls_outputs(view: RequestView) -> dict:
    """The controls set to the URL's view (the year slider spans the data when the URL names no years)."""
    state = view.state
    first, last = year_span(view.dataset)
    return {
        "indicators": list(state.indicators),
        "years": [state.year_from or first, state.year_to or last],
        "view": state.view,
    }


def search_from_controls(view: RequestView, chosen: object, years: object, mode: object) -> str:
    """The query string of the URL's view with the controls' values (the browser may send anything)."""
    settings, dataset, state = view.settings, view.dataset, view.state
    first, last = year_span(dataset)
    known = set(dataset.indicators.index)
    chosen = chosen if isinstance(chosen, list) else []
    indicators = tuple(dict.fromkeys(i for i in chosen if isinstance(i, str) and i in known))[:MAX_INDICATORS]
    year_from = year_to = None
    if isinstance(years, list) and len(years) == 2 and all(isinstance(y, int | float) for y in years):
        low, high = sorted(int(y) for y in years)
        year_from = low if low > first else None
        year_to = high if high < last else None
    kind = mode if isinstance(mode, str) and mode in view_names() else DEFAULT_KIND
    new_state = state.with_(indicators=indicators, year_from=year_from, year_to=year_to, view=kind)
    return new_state.to_search(settings.language)


# The dropdown's options come from the store of every option (the page's first response gives the
# dropdown only its values): at load once the chart is drawn, then at once when they change (another
# language). Indexing a thousand options for search took the dropdown most of a second, before the
# chart could be drawn (assets/indicator-options.js).
clientside_callback(
    ClientsideFunction(namespace="reformOptions", function_name="fill"),
    Output(Ids.INDICATOR_SELECT, "options"),
    Input(Ids.INDICATOR_OPTIONS, "data"),
)
