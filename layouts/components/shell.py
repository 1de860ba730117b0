"""The page's frame: the shell every callback fills in, the header, tabs, notices and footer."""

from __future__ import annotations

from collections.abc import Sequence

from dash import dcc, html

from indicators import locales
from indicators.formatting import Lang, format_date
from indicators.problems import Problem
from indicators.version import DataVersion
from layouts.chart_sizes import WALL_WIDTH
from layouts.charts import DEFAULT_KIND
from layouts.i18n import dropdown_labels, t
from layouts.ids import Ids
from layouts.view_state import Notice, Tab, ViewState

#: The chart tab's first indicator when none is chosen (falls back to none if the data lacks it).
DEFAULT_INDICATOR = "national_high_tech_enterprises"

#: How many data problems the notice lists before "... and N more".
MAX_LISTED_PROBLEMS = 8


#: The HTML page Dash fills in: Dash's own, except that its scripts sit in a plain ``<div>``, not in a
#: ``<footer>``, which would be a second contentinfo landmark beside the page's footer (screen readers
#: list landmarks to move around a page; two footers, one of them empty, mislead).
PAGE_TEMPLATE = """<!DOCTYPE html>
<html>
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <div class="dash-scripts">
            {%config%}
            {%scripts%}
            {%renderer%}
        </div>
    </body>
</html>"""


def href(state: ViewState, default_lang: Lang, **changes) -> str:
    """A link to the view ``state`` with ``changes`` applied (path plus query string)."""
    return "/" + state.with_(**changes).to_search(default_lang)


def make_shell(year_bounds: tuple[int, int], lang: Lang, options: list[dict]) -> html.Div:
    """The page skeleton: every id exists from the start, so callbacks always find their targets.

    Args:
        year_bounds: First and last year of the data (the year slider's ends).
        lang: Language of the few texts present before the first callback answers.
        options: The indicator choices. Present from the start, because the dropdown drops a value
            that is not among its options, which would erase a shared link's indicators. They are
            also kept in a store, from which the page fills the dropdown again once the chart is
            drawn (``callbacks.controls``): the layout may then give the dropdown only its values.
    """
    first, last = year_bounds
    marks = {year: {"label": str(year)} for year in range(first, last + 1)} if last - first <= 12 else None
    return html.Div(
        className="app",
        children=[
            dcc.Location(id=Ids.URL, refresh="callback-nav"),
            dcc.Store(id=Ids.VIEW_STATE),
            dcc.Store(id=Ids.SHELL_LANG),
            dcc.Store(
                id=Ids.VIEWPORT, data={"wall_width": WALL_WIDTH}
            ),  # the window's size, for the chart's (layouts/chart_sizes.py)
            dcc.Store(id=Ids.INDICATOR_OPTIONS, data=options),
            html.A(t("skip-to-content", lang), href="#main", className="skip-link"),
            html.Header(id=Ids.HEADER, className="site-header"),
            html.Nav(id=Ids.NAV, className="tabs", **{"aria-label": t("nav-label", lang)}),
            html.Div(id=Ids.NOTICES, className="notices", role="status", **{"aria-live": "polite"}),
            html.Main(
                id="main",
                tabIndex="-1",
                children=[
                    html.Section(id=Ids.OVERVIEW_PANEL, className="panel"),
                    html.Section(
                        id=Ids.CHART_PANEL,
                        className="panel",
                        hidden=True,
                        children=[
                            html.H2(id=Ids.CHART_HEADING, className="visually-hidden"),
                            html.Div(
                                className="controls",
                                children=[
                                    html.Div(
                                        className="control control-wide",
                                        children=[
                                            html.Label(id=Ids.INDICATOR_SELECT_LABEL, htmlFor=Ids.INDICATOR_SELECT),
                                            dcc.Dropdown(
                                                id=Ids.INDICATOR_SELECT,
                                                multi=True,
                                                options=options,
                                                value=[],
                                                searchable=True,
                                                placeholder=t("indicator-placeholder", lang),
                                                labels=dropdown_labels(lang),
                                            ),
                                        ],
                                    ),
                                    html.Div(
                                        className="control",
                                        children=[
                                            html.Label(id=Ids.YEAR_RANGE_LABEL, htmlFor=Ids.YEAR_RANGE),
                                            html.Span(id=Ids.YEAR_FROM_TEXT, className="visually-hidden", hidden=True),
                                            html.Span(id=Ids.YEAR_TO_TEXT, className="visually-hidden", hidden=True),
                                            dcc.RangeSlider(
                                                id=Ids.YEAR_RANGE,
                                                min=first,
                                                max=last,
                                                step=1,
                                                value=[first, last],
                                                marks=marks,
                                                allowCross=False,
                                                # Its two number boxes have no label Dash lets us set; the
                                                # handles take arrow keys and are labelled (assets/app.js).
                                                allow_direct_input=False,
                                                tooltip={"placement": "bottom", "always_visible": False},
                                            ),
                                        ],
                                    ),
                                    html.Fieldset(
                                        className="control",
                                        children=[
                                            html.Legend(id=Ids.VIEW_MODE_LABEL),
                                            dcc.RadioItems(
                                                id=Ids.VIEW_MODE, options=[], value=DEFAULT_KIND, inline=True
                                            ),
                                        ],
                                    ),
                                ],
                            ),
                            html.Div(
                                className="chart-box",
                                children=dcc.Graph(
                                    id=Ids.CHART,
                                    className="chart",
                                    config={"displaylogo": False, "responsive": True},
                                ),
                            ),
                            html.Div(id=Ids.CHART_NOTES, className="chart-notes"),
                        ],
                    ),
                    html.Section(id=Ids.TABLE_PANEL, className="panel", hidden=True),
                    html.Section(id=Ids.SOURCES_PANEL, className="panel", hidden=True),
                ],
            ),
            html.Footer(id=Ids.FOOTER, className="site-footer"),
        ],
    )


def build_header(state: ViewState, default_lang: Lang) -> list:
    """Title, subtitle and the language switch (a link that keeps the view)."""
    lang = state.lang
    # A plain link per other language: switching reloads the page, so the server sets <html lang> first.
    # Each is written in its own language, for the reader who needs it.
    switches = [
        html.A(
            other.native_name,
            href=href(state, default_lang, lang=other.code),
            className="lang-switch",
            lang=other.tag,
            hrefLang=other.tag,
            title=t("switch-to-language", other.code),
        )
        for other in map(locales.get, locales.codes())
        if other.code != lang
    ]
    return [
        html.Div(
            className="brand",
            children=[
                html.H1(t("app-title", lang)),
                html.P(t("app-subtitle", lang), className="subtitle"),
            ],
        ),
        *switches,
    ]


def default_indicators(state: ViewState) -> tuple[str, ...]:
    """What the chart tab opens with when no indicator is chosen yet."""
    return state.indicators or (DEFAULT_INDICATOR,)


def build_nav(state: ViewState, default_lang: Lang) -> list:
    """The tab links; the current one is marked for screen readers."""
    links = []
    for tab in Tab:
        current = tab is state.tab
        changes: dict = {"tab": tab}
        if tab is Tab.CHART and not state.indicators:
            changes["indicators"] = default_indicators(state)
        label: list = [t(f"tab-{tab.value}", state.lang)]
        if current:  # dcc.Link takes no aria-current; say it in words for screen readers
            label.append(html.Span(t("current-page", state.lang), className="visually-hidden"))
        links.append(
            dcc.Link(label, href=href(state, default_lang, **changes), className="tab current" if current else "tab")
        )
    return links


def build_notices(problems: Sequence[Problem], notices: Sequence[Notice], lang: Lang) -> list:
    """Visible notices: data that could not be loaded, and link parameters that were ignored."""
    children = []
    errors = [p for p in problems if str(p.severity) == "error"]
    warnings = [p for p in problems if str(p.severity) == "warning"]
    listed = [*errors, *warnings]
    if listed:
        items = [
            html.Li([html.Code(p.location), f" {p.record or ''} {p.message}".replace("  ", " ")])
            for p in listed[:MAX_LISTED_PROBLEMS]
        ]
        if len(listed) > MAX_LISTED_PROBLEMS:
            items.append(html.Li(t("notice-data-more", lang, n=len(listed) - MAX_LISTED_PROBLEMS)))
        children.append(
            html.Div(
                className="notice notice-data",
                children=[
                    html.Strong(t("notice-data-heading", lang)),
                    html.P(t("notice-data-intro", lang)),
                    html.Ul(items),
                ],
            )
        )
    if notices:
        children.append(
            html.Div(
                className="notice notice-url",
                children=[
                    html.Strong(t("notice-heading", lang)),
                    html.Ul([html.Li(t(n.key, lang, value=n.value)) for n in notices]),
                ],
            )
        )
    return children


def build_footer(lang: Lang, version: DataVersion | None = None) -> list:
    """The footer text, and the data version: when the data files last changed, and their checksum."""
    lines = [html.P(t("footer", lang))]
    if version is not None:
        text = t("footer-version", lang, date=format_date(version.updated.date(), lang), digest=version.digest)
        lines.append(html.P(text, className="data-version", title=version.label))
    return lines
