"""The indicator chart, what the page says beside it, and where every value drawn comes from."""

from __future__ import annotations

from datetime import date

from dash import Output, no_update
from flask import request

from layouts import components as c
from layouts.chart_sizes import chart_size, scaled_text
from layouts.chart_view import view_figure
from layouts.charts.labels import chart_title
from layouts.charts.style import PAGE_WIDTH, plotly_config
from layouts.downloads import build_chart_downloads
from layouts.ids import Ids
from layouts.share import build_share
from layouts.view_state import Tab
from outputs.formats import IMAGE_PRESETS, SERVED_FORMATS
from server.context import RequestView, remembered_width
from server.headers import allows_other_sites

#: What the chart sets on the page (a part of the page callback's outputs, :mod:`callbacks.page`).
CHART = {
    "figure": Output(Ids.CHART, "figure"),
    "config": Output(Ids.CHART, "config"),
    "notes": Output(Ids.CHART_NOTES, "children"),
}


def chart_box_width(viewport: object = None) -> int:
    """The width in CSS pixels of the box a page's chart is shown in.

    What the page measured (its viewport store, :func:`layouts.chart_sizes.chart_size`), else what it
    measured last time (its cookie: a page's first response), else :data:`PAGE_WIDTH`.
    """
    return chart_size(viewport).width or remembered_width() or PAGE_WIDTH


def chart_outputs(view: RequestView, viewport: object = None) -> dict:
    """Draw the chosen indicators in the chosen way, for the window and the chart's box, with each value's source.

    Nothing changes while the view is on another tab (the chart is drawn when its tab is opened).
    ``viewport`` is what the browser said of its window and of the chart's box
    (:func:`layouts.chart_sizes.chart_size`; a forged request may send anything).
    """
    dataset, state, settings = view.dataset, view.state, view.settings
    if state.tab is not Tab.CHART:
        return dict.fromkeys(CHART, no_update)
    ids = list(state.indicators)
    config = plotly_config(state.lang, "_".join(ids)[:80] or "chart")
    size = chart_size(viewport)
    # Planned for the box at the scale its texts are drawn at: a meeting room's chart is the same
    # layout zoomed whole, every text, the room around it and the size 1.5 times larger (no label then
    # meets another, and what a kind placed in pixels, such as a figure card's lines, keeps its place).
    width = round(chart_box_width(viewport) / size.text_scale)
    height = round(size.height / size.text_scale)
    # The figure's dict: Dash serializes it as it would the go.Figure, without making plotly's objects.
    chart = view_figure(
        dataset, state, style=settings.number_style, theme=settings.theme, height=height, as_dict=True,
        width=width, grow=True,
    )  # fmt: skip
    chart = chart._replace(figure=scaled_text(chart.figure, size.text_scale))
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
        # The screen readers' table of the values drawn: the same for every answer of this view.
        dataset.kept(
            ("chart_table", chart.indicators, state.year_from, state.year_to, state.lang, settings.number_style),
            lambda: c.build_chart_table(dataset, chart, state, settings.number_style),
        ),
        downloads,
        # The list under the chart is the same for every answer of this view and data version.
        *dataset.kept(
            ("chart_provenance", chart.indicators, state, settings.number_style, settings.language),
            lambda: c.build_provenance(dataset, chart.indicators, state, settings.number_style, settings.language),
        ),
    ]
    return {"figure": chart.figure, "config": config, "notes": notes}
