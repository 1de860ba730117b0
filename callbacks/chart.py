"""The indicator chart, what the page says beside it, and where every value drawn comes from."""

from __future__ import annotations

from datetime import date

from dash import Input, Output, State, callback, no_update
from flask import request

from layouts import components as c
from layouts.chart_view import ChartView, view_figure
from layouts.charts.labels import chart_title
from layouts.charts.style import PAGE_WIDTH, plotly_config
from layouts.downloads import build_chart_downloads
from layouts.ids import Ids
from layouts.share import build_share
from layouts.view_state import Tab
from outputs.formats import IMAGE_PRESETS, SERVED_FORMATS
from server.context import RequestView, remembered_width, request_view, shown_width
from server.headers import allows_other_sites

#: What the chart sets on the page (a part of the page callback's outputs, :mod:`callbacks.page`).
CHART = {
    "figure": Output(Ids.CHART, "figure"),
    "config": Output(Ids.CHART, "config"),
    "notes": Output(Ids.CHART_NOTES, "children"),
}


def planned_width(width: object = None) -> int:
    """The width a page's chart is planned for, in CSS pixels.

    The one the page reported (its store), else the one it last measured (its cookie), else
    :data:`PAGE_WIDTH`. A forged request may send anything: what is not a sane width is ignored.
    """
    return shown_width(width) or remembered_width() or PAGE_WIDTH


def chart_outputs(view: RequestView) -> dict:
    """Draw the chosen indicators in the chosen way, planned for the width shown, with where every value comes from.

    Nothing changes while the view is on another tab (the chart is drawn when its tab is opened).
    """
    dataset, state, settings = view.dataset, view.state, view.settings
    if state.tab is not Tab.CHART:
        return dict.fromkeys(CHART, no_update)
    ids = list(state.indicators)
    config = plotly_config(state.lang, "_".join(ids)[:80] or "chart")
    chart = page_chart(view, planned_width())
    if not ids:
        return {"figure": chart.figure, "config": config, "notes": []}
    drawn = chart.indicators or tuple(ids)
    share = build_share(dataset, state, drawn, request.host_url, settings.language, date.today())
    downloads = build_chart_downloads(
        state,
        chart_title(dataset, chart.indicators, state.lang),
        request.host_url,
        SERVED_FORMATS,
        presets=tuple(IMAGE_PRESETS.values()),
        share=share,
        embed_allowed=allows_other_sites(settings.embed.frame_ancestors),
    )
    notes = [
        *c.build_chart_notes(dataset, chart, state),
        downloads,
        # The list under the chart is the same for every answer of this view and data version.
        *dataset.kept(
            ("chart_provenance", chart.indicators, state, settings.number_style, settings.language),
            lambda: c.build_provenance(dataset, chart.indicators, state, settings.number_style, settings.language),
        ),
    ]
    return {"figure": chart.figure, "config": config, "notes": notes}


def page_chart(view: RequestView, width: int) -> ChartView:
    """The chart of a page's view as its figure's dict (Dash serializes it as it would the ``go.Figure``)."""
    settings = view.settings
    return view_figure(
        view.dataset, view.state, style=settings.number_style, theme=settings.theme, as_dict=True, width=width,
        grow=True,
    )  # fmt: skip


@callback(
    Output(Ids.CHART, "figure", allow_duplicate=True),
    Input(Ids.CHART_WIDTH, "data"),
    State(Ids.URL, "search"),
    prevent_initial_call=True,
)
def redraw_for_width(width: object, search: object) -> object:
    """The chart alone, planned anew, when the page found it shown at a width it was not planned for."""
    view = request_view(search)
    if view.state.tab is not Tab.CHART:
        return no_update
    return page_chart(view, planned_width(width)).figure
