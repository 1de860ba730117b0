"""The indicator chart and the provenance under it."""

from __future__ import annotations

from dash import Input, Output, callback, html, no_update
from flask import request

from layouts import components as c
from layouts.chart_view import view_figure
from layouts.charts.labels import chart_title
from layouts.downloads import build_chart_downloads
from layouts.i18n import t
from layouts.ids import Ids
from layouts.view_state import Tab, parse_search
from server.context import current_dataset, current_settings


def graph_config(lang: str, filename: str) -> dict:
    """Plotly's toolbar settings: localized, PNG downloads at twice the size for slides."""
    return {
        "displaylogo": False,
        "responsive": True,
        "locale": "zh-CN" if lang == "zh" else "en",
        "toImageButtonOptions": {"format": "png", "scale": 2, "filename": filename},
        "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    }


@callback(
    Output(Ids.CHART, "figure"),
    Output(Ids.CHART, "config"),
    Output(Ids.CHART_NOTES, "children"),
    Input(Ids.URL, "search"),
)
def update_chart(search: str | None):
    """Draw the chosen indicators in the chosen way, with where every value comes from."""
    settings = current_settings()
    dataset = current_dataset()
    state = parse_search(search, frozenset(dataset.indicators.index), settings.language).state
    if state.tab is not Tab.CHART:
        return no_update, no_update, no_update
    lang, style = state.lang, settings.number_style
    ids = list(state.indicators)
    config = graph_config(lang, "_".join(ids)[:80] or "chart")
    # The figure's dict: Dash serializes it as it would the go.Figure, without making plotly's objects.
    figure, keys, drawn = view_figure(dataset, state, style=style, theme=settings.theme, as_dict=True)
    if not ids:
        return figure, config, []
    notes: list = []
    for key in keys:
        if key == "mixed-units":
            first_name = dataset.indicators.loc[ids[0], f"name_{lang}"]
            names = [dataset.indicators.loc[i, f"name_{lang}"] for i in drawn]
            joined = "、".join(names) if lang == "zh" else ", ".join(names)
            notes.append(html.P([t(key, lang, name=first_name), " ", joined], className="notice notice-inline"))
        else:
            css = "intro" if key == "index-explainer" else "notice notice-inline"
            notes.append(html.P(t(key, lang), className=css))
    notes.append(build_chart_downloads(state, chart_title(dataset, drawn, lang), request.host_url))
    notes.extend(c.build_provenance(dataset, drawn, state, style, settings.language))
    return figure, config, notes
