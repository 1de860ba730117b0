"""The page callback: everything a view shows, answered in one round trip for a new URL or a control change.

A page load needs no callback: the layout (:mod:`callbacks.layout`) already holds the answer this
callback gives for the page's URL (:func:`page_answer`), so the callback never runs at load
(``prevent_initial_call``). Afterwards a link, back/forward or a change of a control is one request,
whose answer sets the URL (for a control change), the controls (for a new URL), the view, the chart
and the texts that follow the language.
"""

from __future__ import annotations

from dash import (
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    no_update,
)
from dash.exceptions import PreventUpdate

from callbacks.chart import CHART, chart_outputs
from callbacks.controls import CONTROLS, controls_outputs, search_from_controls
from indicators.version import data_version
from layouts import components as c
from layouts.downloads import build_table_downloads
from layouts.i18n import dropdown_labels, t
from layouts.ids import Ids
from layouts.view_state import Tab
from outputs.formats import SERVED_FORMATS
from server.context import RequestView, request_view

PANELS = {
    Tab.OVERVIEW: Ids.OVERVIEW_PANEL,
    Tab.CHART: Ids.CHART_PANEL,
    Tab.TABLE: Ids.TABLE_PANEL,
    Tab.SOURCES: Ids.SOURCES_PANEL,
}

#: What the URL's view shows: the tab's panel, the header and tabs that link to it, notices.
VIEW = {
    # First of all the page's outputs: scripts (the soak, the benchmarks) find the callback by it.
    "view_state": Output(Ids.VIEW_STATE, "data"),
    "header": Output(Ids.HEADER, "children"),
    "nav": Output(Ids.NAV, "children"),
    "notices": Output(Ids.NOTICES, "children"),
    "overview": Output(Ids.OVERVIEW_PANEL, "children"),
    "table": Output(Ids.TABLE_PANEL, "children"),
    "sources": Output(Ids.SOURCES_PANEL, "children"),
    "hidden": {tab.value: Output(panel, "hidden") for tab, panel in PANELS.items()},
    "view_modes": Output(Ids.VIEW_MODE, "options"),
}

#: The shell's texts that change only with the language, and the language they are in now.
LANGUAGE_TEXTS = {
    "lang": Output(Ids.SHELL_LANG, "data"),
    "footer": Output(Ids.FOOTER, "children"),
    "options": Output(Ids.INDICATOR_OPTIONS, "data"),  # the dropdown takes them from there (callbacks.controls)
    "placeholder": Output(Ids.INDICATOR_SELECT, "placeholder"),
    "dropdown_labels": Output(Ids.INDICATOR_SELECT, "labels"),
    "chart_heading": Output(Ids.CHART_HEADING, "children"),
    "indicator_label": Output(Ids.INDICATOR_SELECT_LABEL, "children"),
    "year_label": Output(Ids.YEAR_RANGE_LABEL, "children"),
    "year_from": Output(Ids.YEAR_FROM_TEXT, "children"),
    "year_to": Output(Ids.YEAR_TO_TEXT, "children"),
    "view_mode_label": Output(Ids.VIEW_MODE_LABEL, "children"),
}

#: Every output of the page callback, by part.
OUTPUTS = {
    "view": VIEW,
    "search": Output(Ids.URL, "search"),
    "controls": CONTROLS,
    "chart": CHART,
    "texts": LANGUAGE_TEXTS,
}


def view_outputs(view: RequestView) -> dict:
    """Render what the URL asks for: the tab's panel, the header and tabs that link to it, notices."""
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


def language_outputs(view: RequestView, shown: object) -> dict:
    """The shell's texts in the URL's language, sent only when it differs from the language ``shown``."""
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


def page_answer(view: RequestView, shown: object, *, new_search: str | None = None, viewport: object = None) -> dict:
    """What the page shows for ``view``, by the parts of :data:`OUTPUTS`.

    Args:
        view: The view to show.
        shown: The language the shell's texts are in now (None: the shell's first fill).
        new_search: The URL to go to, when a control made the view; None when the URL made it (the
            controls then take its values).
        viewport: What the browser said of its window (None: a desk's, as in the page's first response).
    """
    return {
        "view": view_outputs(view),
        "search": no_update if new_search is None else (new_search or "?"),
        "controls": controls_outputs(view) if new_search is None else dict.fromkeys(CONTROLS, no_update),
        "chart": chart_outputs(view, viewport),
        "texts": language_outputs(view, shown),
    }


def nothing(spec: dict) -> dict:
    """An answer that changes none of the outputs of ``spec`` (grouped as the spec is)."""
    return {key: nothing(part) if isinstance(part, dict) else no_update for key, part in spec.items()}


@callback(
    output=OUTPUTS,
    inputs={
        "search": Input(Ids.URL, "search"),
        "chosen": Input(Ids.INDICATOR_SELECT, "value"),
        "years": Input(Ids.YEAR_RANGE, "value"),
        "mode": Input(Ids.VIEW_MODE, "value"),
        # Set only when the chart on the page was not drawn for the window or its box (assets/app.js): a
        # meeting room's screen, a box of another width; the chart alone is then drawn again for them.
        "viewport": Input(Ids.VIEWPORT, "data"),
    },
    state={"shown": State(Ids.SHELL_LANG, "data")},
    prevent_initial_call=True,
)
def update_page(
    search: str | None, chosen: object, years: object, mode: object, shown: object, viewport: object = None
) -> dict:
    """A new URL shows its view (controls included); a changed control makes a new URL and shows it.

    When the browser has only told its window's size, the chart is drawn for it and nothing else changes.
    """
    view = request_view(search)
    triggers = set(ctx.triggered_prop_ids)
    # The URL wins whenever it is among the triggers (a request naming no trigger counts as a page load).
    if ctx.triggered_id is None or f"{Ids.URL}.search" in triggers:
        return page_answer(view, shown, viewport=viewport)
    if triggers == {f"{Ids.VIEWPORT}.data"}:
        return {**nothing(OUTPUTS), "chart": chart_outputs(view, viewport)}
    new_search = search_from_controls(view, chosen, years, mode)
    if new_search == ("" if not search or search == "?" else search):
        raise PreventUpdate
    new_view = request_view(new_search)
    return without_unchanged(page_answer(new_view, shown, new_search=new_search, viewport=viewport), view, new_view)


def without_unchanged(answer: dict, before: RequestView, after: RequestView) -> dict:
    """The answer to a control change without what stays as it is on the page (``no_update``).

    The controls change the indicators, the years or the chart kind, never the tab or the language:
    the tab's title, which panels are hidden and the other tabs' (empty) panels stay. Every output the
    browser is sent is applied and re-rendered, so leaving these out shortens the way to the new chart.
    """
    if (before.state.tab, before.state.lang) != (after.state.tab, after.state.lang):
        return answer
    shown = after.state.tab.value
    view = dict(answer["view"])
    view["view_state"] = no_update
    view["hidden"] = dict.fromkeys(view["hidden"], no_update)
    for panel in ("overview", "table", "sources"):
        if panel != shown:
            view[panel] = no_update
    return {**answer, "view": view}


# <html lang> and the document title follow the language (assets/app.js; no inline script).
clientside_callback(
    ClientsideFunction(namespace="reform", function_name="applyLanguage"), Input(Ids.VIEW_STATE, "data")
)

# The window's size and the chart box's width (assets/app.js), sent when the chart on the page was not
# planned for them: once per page load on a meeting room's screen (the store holds the width from which
# a screen counts as one: layouts/chart_sizes.py), and wherever the box is narrower than the chart was
# planned for, or much wider (a phone's first visit, a window resized); otherwise nothing is sent. The
# box's width is also kept in a cookie, for the next page's first response (server/context.py).
clientside_callback(
    ClientsideFunction(namespace="reform", function_name="viewport"),
    Output(Ids.VIEWPORT, "data"),
    Input(Ids.URL, "pathname"),
    State(Ids.VIEWPORT, "data"),
)
