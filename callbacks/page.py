"""The page: what the URL's view shows (tabs, panels, notices) and the texts that only follow the language."""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, no_update

from indicators.version import data_version
from layouts import components as c
from layouts.downloads import build_table_downloads
from layouts.i18n import dropdown_labels, t
from layouts.ids import Ids
from layouts.view_state import Tab
from outputs.formats import SERVED_FORMATS
from server.context import request_view

PANELS = {
    Tab.OVERVIEW: Ids.OVERVIEW_PANEL,
    Tab.CHART: Ids.CHART_PANEL,
    Tab.TABLE: Ids.TABLE_PANEL,
    Tab.SOURCES: Ids.SOURCES_PANEL,
}


@callback(
    output={
        # First: scripts (the soak, the benchmarks) find this callback by its first output.
        "view_state": Output(Ids.VIEW_STATE, "data"),
        "header": Output(Ids.HEADER, "children"),
        "nav": Output(Ids.NAV, "children"),
        "notices": Output(Ids.NOTICES, "children"),
        "overview": Output(Ids.OVERVIEW_PANEL, "children"),
        "table": Output(Ids.TABLE_PANEL, "children"),
        "sources": Output(Ids.SOURCES_PANEL, "children"),
        "hidden": {tab.value: Output(panel, "hidden") for tab, panel in PANELS.items()},
        "view_modes": Output(Ids.VIEW_MODE, "options"),
    },
    inputs={"search": Input(Ids.URL, "search")},
)
def update_view(search: str | None) -> dict:
    """Render what the URL asks for: the tab's panel, the header and tabs that link to it, notices."""
    view = request_view(search)
    dataset, state, settings = view.dataset, view.state, view.settings
    default_lang, style = settings.language, settings.number_style
    return {
        "view_state": c.page_meta(dataset, state, style).as_store(state.lang, state.tab),
        "header": c.build_header(state, default_lang),
        "nav": c.build_nav(state, default_lang),
        "notices": c.build_notices(dataset.problems, view.parsed.notices, state.lang),
        "overview": c.build_overview(dataset, state, default_lang, style) if state.tab is Tab.OVERVIEW else [],
        "table": (
            c.build_table(dataset, state, style, extra=[build_table_downloads(state, SERVED_FORMATS)])
            if state.tab is Tab.TABLE
            else []
        ),
        "sources": c.build_sources(dataset, state) if state.tab is Tab.SOURCES else [],
        "hidden": {tab.value: tab is not state.tab for tab in PANELS},
        "view_modes": c.view_mode_options(dataset, state.indicators, state.lang),
    }


#: The shell's texts that change only with the language, and the language they are in now.
LANGUAGE_TEXTS = {
    "lang": Output(Ids.SHELL_LANG, "data"),
    "footer": Output(Ids.FOOTER, "children"),
    "options": Output(Ids.INDICATOR_SELECT, "options"),
    "placeholder": Output(Ids.INDICATOR_SELECT, "placeholder"),
    "dropdown_labels": Output(Ids.INDICATOR_SELECT, "labels"),
    "chart_heading": Output(Ids.CHART_HEADING, "children"),
    "indicator_label": Output(Ids.INDICATOR_SELECT_LABEL, "children"),
    "year_label": Output(Ids.YEAR_RANGE_LABEL, "children"),
    "year_from": Output(Ids.YEAR_FROM_TEXT, "children"),
    "year_to": Output(Ids.YEAR_TO_TEXT, "children"),
    "view_mode_label": Output(Ids.VIEW_MODE_LABEL, "children"),
}


@callback(
    output=LANGUAGE_TEXTS,
    inputs={"search": Input(Ids.URL, "search")},
    state={"shown": State(Ids.SHELL_LANG, "data")},
)
def update_language_texts(search: str | None, shown: object) -> dict:
    """The shell's texts in the URL's language, sent only when it differs from the language shown."""
    view = request_view(search)
    lang, default_lang = view.state.lang, view.settings.language
    if shown == lang:
        return dict.fromkeys(LANGUAGE_TEXTS, no_update)
    # The shell (callbacks.layout) holds the options in the default language already: sending them
    # again on a page load makes the dropdown index them twice (a second per thousand indicators).
    first_load = shown is None
    return {
        "lang": lang,
        "footer": c.build_footer(lang, data_version(view.dataset)),
        "options": no_update if first_load and lang == default_lang else c.indicator_options(view.dataset, lang),
        "placeholder": t("indicator-placeholder", lang),
        "dropdown_labels": dropdown_labels(lang),
        "chart_heading": t("tab-chart", lang),
        "indicator_label": t("indicator-select", lang),
        "year_label": t("year-range", lang),
        "year_from": t("year-from", lang),
        "year_to": t("year-to", lang),
        "view_mode_label": t("view-mode", lang),
    }


# <html lang> and the document title follow the language (assets/app.js; no inline script).
clientside_callback(
    ClientsideFunction(namespace="reform", function_name="applyLanguage"), Input(Ids.VIEW_STATE, "data")
)

# The window's size, once per page load, for the size the chart is drawn at (assets/app.js).
clientside_callback(
    ClientsideFunction(namespace="reform", function_name="viewport"),
    Output(Ids.VIEWPORT, "data"),
    Input(Ids.URL, "pathname"),
)
