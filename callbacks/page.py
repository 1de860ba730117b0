"""The page: header, tabs, notices and the content of the current tab, from the URL."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, no_update

from layouts import components as c
from layouts.downloads import build_table_downloads
from layouts.i18n import t
from layouts.ids import Ids
from layouts.view_state import Tab, parse_search
from server.context import current_dataset, current_settings

PANELS = {
    Tab.OVERVIEW: Ids.OVERVIEW_PANEL,
    Tab.CHART: Ids.CHART_PANEL,
    Tab.TABLE: Ids.TABLE_PANEL,
    Tab.SOURCES: Ids.SOURCES_PANEL,
}


@callback(
    Output(Ids.VIEW_STATE, "data"),
    Output(Ids.HEADER, "children"),
    Output(Ids.NAV, "children"),
    Output(Ids.NOTICES, "children"),
    Output(Ids.FOOTER, "children"),
    Output(Ids.OVERVIEW_PANEL, "children"),
    Output(Ids.TABLE_PANEL, "children"),
    Output(Ids.SOURCES_PANEL, "children"),
    *[Output(panel, "hidden") for panel in PANELS.values()],
    Output(Ids.INDICATOR_SELECT, "options"),
    Output(Ids.INDICATOR_SELECT, "placeholder"),
    Output(Ids.INDICATOR_SELECT_LABEL, "children"),
    Output(Ids.YEAR_RANGE_LABEL, "children"),
    Output(Ids.VIEW_MODE_LABEL, "children"),
    Output(Ids.VIEW_MODE, "options"),
    Input(Ids.URL, "search"),
    State(Ids.VIEW_STATE, "data"),
)
def update_page(search: str | None, previous: dict | None):
    """Render what the URL asks for; parts that only depend on the language are sent when it changes."""
    settings = current_settings()
    default_lang = settings.language
    dataset = current_dataset()
    parsed = parse_search(search, frozenset(dataset.indicators.index), default_lang)
    state = parsed.state
    lang = state.lang
    style = settings.number_style
    same_language = isinstance(previous, dict) and previous.get("lang") == lang
    hidden = [tab is not state.tab for tab in PANELS]
    overview = c.build_overview(dataset, state, default_lang, style) if state.tab is Tab.OVERVIEW else []
    table = c.build_table(dataset, state, style, extra=[build_table_downloads(state)]) if state.tab is Tab.TABLE else []
    sources = c.build_sources(dataset, state) if state.tab is Tab.SOURCES else []
    state_data = {"lang": lang, "tab": state.tab.value, "title": t("app-title", lang)}
    view_modes = c.view_mode_options(dataset, state.indicators, lang)
    if same_language:
        return (
            state_data,
            c.build_header(state, default_lang),
            c.build_nav(state, default_lang),
            c.build_notices(dataset.problems, parsed.notices, lang),
            no_update,
            overview,
            table,
            sources,
            *hidden,
            no_update,
            no_update,
            no_update,
            no_update,
            no_update,
            view_modes,
        )
    # The shell (callbacks.layout) holds the options in the default language already: sending them
    # again on a page load makes the dropdown index them twice (a second per thousand indicators).
    first_load = not isinstance(previous, dict)
    return (
        state_data,
        c.build_header(state, default_lang),
        c.build_nav(state, default_lang),
        c.build_notices(dataset.problems, parsed.notices, lang),
        c.build_footer(lang),
        overview,
        table,
        sources,
        *hidden,
        no_update if first_load and lang == default_lang else c.indicator_options(dataset, lang),
        t("indicator-placeholder", lang),
        t("indicator-select", lang),
        t("year-range", lang),
        t("view-mode", lang),
        view_modes,
    )


# <html lang> and the document title follow the language (assets/app.js; no inline script).
clientside_callback(
    ClientsideFunction(namespace="reform", function_name="applyLanguage"), Input(Ids.VIEW_STATE, "data")
)
