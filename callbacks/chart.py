"""The indicator chart and the provenance under it."""

from __future__ import annotations

from dash import Input, Output, callback, html, no_update

from callbacks.context import current_dataset, current_settings
from layouts import components as c
from layouts import figures
from layouts.i18n import t
from layouts.ids import Ids
from layouts.view_state import Tab, ViewMode, parse_search


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
    lang, style, theme = state.lang, settings.number_style, settings.theme
    ids = list(state.indicators)
    config = graph_config(lang, "_".join(ids)[:80] or "chart")
    if not ids:
        return figures.empty_figure(t("choose-indicator", lang), theme), config, []
    notes: list = []
    unit = dataset.indicators.loc[ids[0], "unit"]
    same_unit = [i for i in ids if dataset.indicators.loc[i, "unit"] == unit]
    if len(same_unit) < len(ids):
        first_name = dataset.indicators.loc[ids[0], f"name_{lang}"]
        names = [dataset.indicators.loc[i, f"name_{lang}"] for i in same_unit]
        notes.append(
            html.P(
                [t("mixed-units", lang, name=first_name), " ", "、".join(names) if lang == "zh" else ", ".join(names)],
                className="notice notice-inline",
            )
        )
    kind = figures.chart_kind(dataset, same_unit)
    if state.view is ViewMode.BEFORE_AFTER and kind == "trend":
        if figures.before_after_pairs(dataset, same_unit):
            figure = figures.before_after_figure(dataset, same_unit, lang, style=style, theme=theme)
        else:
            notes.append(html.P(t("no-before-after", lang), className="notice notice-inline"))
            figure = figures.trend_figure(
                dataset, same_unit, lang, year_from=state.year_from, year_to=state.year_to, style=style, theme=theme
            )
    elif kind == "trend":
        rows = figures.level_rows(dataset, same_unit, state.year_from, state.year_to)
        if rows.empty:
            figure = figures.empty_figure(t("no-data-in-range", lang), theme)
        else:
            figure = figures.trend_figure(
                dataset, same_unit, lang, year_from=state.year_from, year_to=state.year_to, style=style, theme=theme
            )
    elif kind == "index":
        figure = figures.index_figure(dataset, same_unit[0], lang, style=style, theme=theme)
        notes.append(html.P(t("index-explainer", lang), className="intro"))
    else:
        figure = figures.empty_figure(t("no-data-in-range", lang), theme)
    notes.extend(c.build_provenance(dataset, same_unit, state, style))
    return figure, config, notes
