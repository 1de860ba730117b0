"""Keeping the chart controls and the URL in step, in both directions, in one callback.

The URL is the single source of truth. When it changes (a link, back/forward, a pasted address)
the controls take its values; when a control changes, the URL gets a new entry in the browser's
history. Both directions live in one callback because Dash allows a cycle only within one.
"""

from __future__ import annotations

from dash import Input, Output, callback, ctx, no_update

from indicators.summary import year_span
from layouts.charts import DEFAULT_KIND, selectable_kinds
from layouts.ids import Ids
from layouts.view_state import MAX_INDICATORS
from server.context import request_view


@callback(
    Output(Ids.URL, "search"),
    Output(Ids.INDICATOR_SELECT, "value"),
    Output(Ids.YEAR_RANGE, "value"),
    Output(Ids.VIEW_MODE, "value"),
    Input(Ids.URL, "search"),
    Input(Ids.INDICATOR_SELECT, "value"),
    Input(Ids.YEAR_RANGE, "value"),
    Input(Ids.VIEW_MODE, "value"),
)
def sync_controls(search: str | None, chosen: list[str] | None, years: list[int] | None, view: str | None):
    """URL -> controls when the URL changed; controls -> URL when a control changed."""
    asked = request_view(search)
    settings, dataset, state = asked.settings, asked.dataset, asked.state
    first, last = year_span(dataset)
    # The URL wins whenever it is among the triggers (the first call of a page load triggers all).
    if ctx.triggered_id is None or f"{Ids.URL}.search" in ctx.triggered_prop_ids:
        return (
            no_update,
            list(state.indicators),
            [state.year_from or first, state.year_to or last],
            state.view,
        )
    known = set(dataset.indicators.index)
    chosen = chosen if isinstance(chosen, list) else []
    indicators = tuple(dict.fromkeys(i for i in chosen if isinstance(i, str) and i in known))[:MAX_INDICATORS]
    year_from = year_to = None
    if isinstance(years, list) and len(years) == 2 and all(isinstance(y, int | float) for y in years):
        low, high = sorted(int(y) for y in years)
        year_from = low if low > first else None
        year_to = high if high < last else None
    mode = view if isinstance(view, str) and view in {kind.name for kind in selectable_kinds()} else DEFAULT_KIND
    new_state = state.with_(indicators=indicators, year_from=year_from, year_to=year_to, view=mode)
    new_search = new_state.to_search(settings.language)
    if new_search == ("" if not search or search == "?" else search):
        return no_update, no_update, no_update, no_update
    return new_search or "?", no_update, no_update, no_update
