"""Components of the dashboard: the shell (make_*) and the parts callbacks fill in (build_*).

Every text from the curated YAML goes into components as plain children, which React escapes, so a
quote holding ``<script>`` shows as text. Nothing here reads files or the request: data comes in as
arguments.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from dash import dcc, html

from indicators.dataset import Dataset
from indicators.formatting import (
    TIMES_UNIT,
    Lang,
    NumberStyle,
    format_date,
    format_period,
    format_quantity,
    ratio_decimals,
)
from indicators.periods import parse_period
from indicators.problems import Problem
from indicators.qualifiers import LABELS as QUALIFIER_LABELS
from indicators.qualifiers import Qualifier
from indicators.schema import note_text
from indicators.summary import summarize
from layouts.figures import MARKS, before_after_pairs, level_rows
from layouts.i18n import t
from layouts.ids import Ids
from layouts.kpi import kpi_lines
from layouts.view_state import Notice, Tab, ViewMode, ViewState

#: The chart tab's first indicator when none is chosen (falls back to none if the data lacks it).
DEFAULT_INDICATOR = "national_high_tech_enterprises"
#: How many data problems the notice lists before "... and N more".
MAX_LISTED_PROBLEMS = 8


def href(state: ViewState, default_lang: Lang, **changes) -> str:
    """A link to the view ``state`` with ``changes`` applied (path plus query string)."""
    return "/" + state.with_(**changes).to_search(default_lang)


# --- the shell ----------------------------------------------------------------------------------


def make_shell(year_bounds: tuple[int, int], lang: Lang, options: list[dict]) -> html.Div:
    """The page skeleton: every id exists from the start, so callbacks always find their targets.

    Args:
        year_bounds: First and last year of the data (the year slider's ends).
        lang: Language of the few texts present before the first callback answers.
        options: The indicator choices. Present from the start, because the dropdown drops a value
            that is not among its options, which would erase a shared link's indicators.
    """
    first, last = year_bounds
    marks = {year: {"label": str(year)} for year in range(first, last + 1)} if last - first <= 12 else None
    return html.Div(
        className="app",
        children=[
            dcc.Location(id=Ids.URL, refresh="callback-nav"),
            dcc.Store(id=Ids.VIEW_STATE),
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
                                            ),
                                        ],
                                    ),
                                    html.Div(
                                        className="control",
                                        children=[
                                            html.Label(id=Ids.YEAR_RANGE_LABEL, htmlFor=Ids.YEAR_RANGE),
                                            dcc.RangeSlider(
                                                id=Ids.YEAR_RANGE,
                                                min=first,
                                                max=last,
                                                step=1,
                                                value=[first, last],
                                                marks=marks,
                                                allowCross=False,
                                                tooltip={"placement": "bottom", "always_visible": False},
                                            ),
                                        ],
                                    ),
                                    html.Fieldset(
                                        className="control",
                                        children=[
                                            html.Legend(id=Ids.VIEW_MODE_LABEL),
                                            dcc.RadioItems(
                                                id=Ids.VIEW_MODE, options=[], value=ViewMode.TREND.value, inline=True
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
                                    style={"height": "600px"},
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
    other: Lang = "en" if lang == "zh" else "zh"
    return [
        html.Div(
            className="brand",
            children=[
                html.H1(t("app-title", lang)),
                html.P(t("app-subtitle", lang), className="subtitle"),
            ],
        ),
        # A plain link: switching language reloads the page, so the server sets <html lang> first.
        html.A(
            t("switch-language", lang),
            href=href(state, default_lang, lang=other),
            className="lang-switch",
            lang="en" if other == "en" else "zh-CN",
            hrefLang="en" if other == "en" else "zh-CN",
            title=t("switch-language-label", lang),
        ),
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


# --- overview ------------------------------------------------------------------------------------


def build_kpi_card(
    dataset: Dataset, indicator_id: str, state: ViewState, default_lang: Lang, style: NumberStyle
) -> html.Article:
    """A KPI card: latest value, the value it compares with, the change, and a link to the chart."""
    lang = state.lang
    lines = kpi_lines(dataset, indicator_id, lang, style)
    meta = dataset.indicators.loc[indicator_id]
    name = meta[f"name_{lang}"]
    link = chart_href(state, default_lang, indicator_id)
    body: list = [
        html.H3(dcc.Link(name, href=link), className="kpi-name"),
        html.P(lines.value, className="kpi-value hedged" if lines.hedged else "kpi-value"),
    ]
    if lines.period:
        body.append(html.P(lines.period, className="kpi-period"))
    if lines.qualifier:
        body.append(html.P(lines.qualifier, className="kpi-qualifier badge"))
    if lines.compare:
        body.append(html.P(lines.compare, className="kpi-compare"))
    if lines.change:
        body.append(html.P(lines.change, className=f"kpi-change change-{lines.direction}"))
    if bool(meta["derived"]):
        body.append(html.P(t("computed-long", lang), className="badge badge-computed"))
    body.append(
        dcc.Link(
            f"{t('view-chart', lang)} →", href=link, className="kpi-link", title=t("view-chart-of", lang, name=name)
        )
    )
    return html.Article(body, className="kpi-card")


def chart_href(state: ViewState, default_lang: Lang, indicator_id: str) -> str:
    """The link to one indicator's chart (over time, all years), keeping the language."""
    return href(
        state,
        default_lang,
        tab=Tab.CHART,
        indicators=(indicator_id,),
        year_from=None,
        year_to=None,
        view=ViewMode.TREND,
    )


def _latest_text(dataset: Dataset, indicator_id: str, lang: Lang, style: NumberStyle) -> tuple[str, str]:
    summary = summarize(dataset, indicator_id)
    point = summary.latest or summary.ratio
    period = format_period(parse_period(point.period), lang) if point is not None else ""
    return kpi_lines(dataset, indicator_id, lang, style).value, period


def build_overview(dataset: Dataset, state: ViewState, default_lang: Lang, style: NumberStyle) -> list:
    """KPI cards of the headline indicators and a list of every other indicator, by category."""
    lang = state.lang
    indicators = dataset.indicators.sort_values(["category_order", "category"], kind="stable")
    sections = [html.H2(t("overview-heading", lang)), html.P(t("overview-intro", lang), className="intro")]
    for category_id, members in indicators.groupby("category", sort=False):
        category = dataset.categories[category_id]
        headline = members[members["headline"]]
        others = members[~members["headline"]]
        parts: list = [html.H3(category.name.zh if lang == "zh" else category.name.en, className="category-heading")]
        if len(headline):
            parts.append(
                html.Div(
                    [build_kpi_card(dataset, i, state, default_lang, style) for i in headline.index],
                    className="kpi-grid",
                )
            )
        if len(others):
            rows = []
            for indicator_id in others.index:
                value, period = _latest_text(dataset, indicator_id, lang, style)
                link = chart_href(state, default_lang, indicator_id)
                name = others.loc[indicator_id, f"name_{lang}"]
                computed = (
                    html.Span(f" ◆ {t('computed', lang)}", className="computed-mark")
                    if bool(others.loc[indicator_id, "derived"])
                    else None
                )
                rows.append(
                    html.Tr(
                        [
                            html.Td([dcc.Link(name, href=link), computed]),
                            html.Td(value, className="num"),
                            html.Td(period),
                        ]
                    )
                )
            parts.append(
                html.Details(
                    [
                        html.Summary(
                            f"{t('other-indicators', lang)}（{len(others)}）"
                            if lang == "zh"
                            else f"{t('other-indicators', lang)} ({len(others)})"
                        ),
                        html.Table([html.Tbody(rows)], className="compact-table"),
                    ],
                    className="other-indicators",
                    open=True,
                )
            )
        sections.append(html.Section(parts, className="category", id=f"category-{category_id}"))
    return sections


# --- chart page ----------------------------------------------------------------------------------


def indicator_options(dataset: Dataset, lang: Lang) -> list[dict]:
    """Dropdown options: every indicator, grouped visually by category, with its unit.

    Kept per dataset and language (treat them as read-only): every page load sends them, and at 1,000
    indicators building them row by row took a quarter of a second.
    """
    return dataset.kept(("indicator_options", lang), lambda: _indicator_options(dataset, lang))


def _indicator_options(dataset: Dataset, lang: Lang) -> list[dict]:
    indicators = dataset.indicators.sort_values(["category_order", "indicator_id"], kind="stable")
    options = []
    for indicator_id, category_id, unit_id, name in zip(
        indicators["indicator_id"], indicators["category"], indicators["unit"], indicators[f"name_{lang}"], strict=True
    ):
        category = dataset.categories[category_id]
        unit = dataset.units[unit_id]
        label = (
            f"{category.name.zh} · {name}（{unit.name.zh}）"
            if lang == "zh"
            else f"{category.name.en} · {name} ({unit.name.en})"
        )
        options.append({"label": label, "value": indicator_id})
    return options


def view_mode_options(lang: Lang, available: bool) -> list[dict]:
    """The chart types; before/after is disabled when the indicators have no such pair."""
    return [
        {"label": t("view-trend", lang), "value": ViewMode.TREND.value},
        {"label": t("view-before-after", lang), "value": ViewMode.BEFORE_AFTER.value, "disabled": not available},
    ]


_PROVENANCE_COLUMNS = (
    "indicator_id", "period", "value", "qualifier", "measure", "derived", "formula", "source_id", "quote", "note_zh",
    "note_en", "conflict", "alternatives", "base_period",
)  # fmt: skip


#: Rows the data table tab lists; the CSV and Excel downloads of the same view hold every row.
TABLE_ROWS_SHOWN = 500
#: Values listed under the chart per indicator: the latest ones. A series of years of monthly figures
#: would otherwise list hundreds of values (and send them with every chart); the table has them all.
PROVENANCE_PER_INDICATOR = 12


def _provenance_rows(
    dataset: Dataset, ids: tuple[str, ...], year_from: int | None, year_to: int | None
) -> tuple[pd.DataFrame, int]:
    """The rows listed under the chart (the latest of each indicator) and how many are left out."""

    def select() -> tuple[pd.DataFrame, int]:
        rows = level_rows(dataset, ids, year_from, year_to)
        frame = dataset.rows_of(ids)
        ratios = frame[(frame["measure"] == "ratio_to_base") & frame["preferred"]]
        combined = pd.concat([rows, ratios]).sort_values(["indicator_id", "period_end"], kind="stable")
        shown = combined.groupby("indicator_id", sort=False).tail(PROVENANCE_PER_INDICATOR)
        return shown[list(_PROVENANCE_COLUMNS)], len(combined) - len(shown)

    return dataset.kept(("provenance_rows", ids, year_from, year_to), select)


def build_provenance(
    dataset: Dataset,
    indicator_ids: Sequence[str],
    state: ViewState,
    style: NumberStyle,
    default_lang: Lang = "zh",
) -> list:
    """Under the chart: the latest values drawn with their period, exactness, source, quote and note.

    At most :data:`PROVENANCE_PER_INDICATOR` values per indicator; a line says how many earlier ones
    there are and links to the data table of the same view, which lists every one.
    """
    lang = state.lang
    ids = tuple(dict.fromkeys(indicator_ids))
    shown, left_out = _provenance_rows(dataset, ids, state.year_from, state.year_to)
    items = []
    combined = shown
    # Looked up once per indicator and per source, not once per value (a view may draw hundreds).
    meta = {i: dataset.indicators.loc[i] for i in combined["indicator_id"].unique()}
    units = {i: dataset.unit_of(i) for i in meta}
    links: dict[str, object] = {}
    for row in combined[list(_PROVENANCE_COLUMNS)].itertuples(index=False):
        unit = TIMES_UNIT if row.measure == "ratio_to_base" else units[row.indicator_id]
        decimals = (
            ratio_decimals(row.value) if row.measure == "ratio_to_base" else int(meta[row.indicator_id]["decimals"])
        )
        value = format_quantity(
            row.value, unit, lang, qualifier=row.qualifier, decimals=decimals, style=style, measure=row.measure
        )
        mark = MARKS[lang][Qualifier(row.qualifier)] if not row.derived else "◆"
        head = [
            html.Span(mark, className="mark", **{"aria-hidden": "true"}),
            " ",
            html.Strong(value),
            f" · {format_period(parse_period(row.period), lang)} · {t(f'measure-{row.measure}', lang)}",
        ]
        if row.measure == "ratio_to_base" and isinstance(row.base_period, str):
            head.append(f" · {t('base-period', lang)} {format_period(parse_period(row.base_period), lang)}")
        detail: list = [html.Span(QUALIFIER_LABELS[lang][Qualifier(row.qualifier)], className="qualifier-label")]
        if row.derived:
            detail += [html.Br(), f"{t('formula', lang)}: ", html.Code(row.formula)]
            processing = meta[row.indicator_id][f"processing_{lang}"]
            if isinstance(processing, str):
                detail += [html.Br(), processing]
        else:
            if row.source_id not in links:
                links[row.source_id] = _source_link(dataset, row.source_id, lang)
            # One component per source, shared by its values: Dash writes each place it appears.
            detail += [html.Br(), html.Q(row.quote, lang="zh-CN"), " — ", links[row.source_id]]
            note = getattr(row, f"note_{lang}")
            if isinstance(note, str):
                detail += [html.Br(), html.Span(note, className="note")]
            if row.conflict:
                detail += [html.Br(), html.Em(t("conflict-note", lang, n=int(row.alternatives)))]
        name = meta[row.indicator_id][f"name_{lang}"]
        items.append(
            html.Li(
                [
                    html.Div([html.Span(name, className="prov-name"), html.Br(), *head]),
                    html.Div(detail, className="prov-detail"),
                ]
            )
        )
    if not items:
        return []
    more = []
    if left_out:
        link = dcc.Link(t("provenance-more-link", lang), href=href(state, default_lang, tab=Tab.TABLE))
        more = [
            html.P(
                [
                    t("provenance-more", lang, n=left_out, k=PROVENANCE_PER_INDICATOR),
                    link,
                    "。" if lang == "zh" else ".",
                ],
                className="muted",
            )
        ]
    return [html.H3(t("provenance-heading", lang)), html.Ul(items, className="provenance"), *more]


def _source_link(dataset: Dataset, source_id: str, lang: Lang):
    if source_id not in dataset.sources.index:
        return source_id
    row = dataset.sources.loc[source_id]
    label = (
        f"{row[f'publisher_{lang}']}，{format_date(row['date_published'].date(), lang)}"
        if lang == "zh"
        else f"{row['publisher_en']}, {format_date(row['date_published'].date(), lang)}"
    )
    if isinstance(row["url"], str):
        return html.A(label, href=row["url"], rel="noopener noreferrer", target="_blank")
    return html.Span(label)


def has_before_after(dataset: Dataset, indicator_ids: Sequence[str]) -> bool:
    """True when some chosen indicator has a value at or before the founding and one after it."""
    return bool(before_after_pairs(dataset, indicator_ids))


# --- table and sources ---------------------------------------------------------------------------


def table_rows(dataset: Dataset, indicator_ids: Sequence[str], state: ViewState) -> pd.DataFrame:
    """The observations behind the current view: chosen indicators (all when none) within the years."""
    frame = dataset.rows_of(indicator_ids) if indicator_ids else dataset.all_observations
    if state.year_from is not None:
        frame = frame[frame["period_end"] >= pd.Timestamp(year=state.year_from, month=1, day=1)]
    if state.year_to is not None:
        frame = frame[frame["period_start"] <= pd.Timestamp(year=state.year_to, month=12, day=31)]
    order = {i: n for n, i in enumerate(dataset.indicators.sort_values(["category_order", "indicator_id"]).index)}
    return frame.assign(_order=frame["indicator_id"].map(order)).sort_values(
        ["_order", "period_end", "preferred"], ascending=[True, True, False], kind="stable"
    )


def build_table(dataset: Dataset, state: ViewState, style: NumberStyle, extra: Sequence = ()) -> list:
    """The data table tab: one row per observation behind the view, every column in the language."""
    lang = state.lang
    every_row = table_rows(dataset, state.indicators, state)
    # A page of hundreds of thousands of rows never renders; the downloads above hold them all.
    rows = every_row.head(TABLE_ROWS_SHOWN)
    header = html.Tr(
        [
            html.Th(t(key, lang), scope="col")
            for key in (
                "col-indicator",
                "col-period",
                "col-value",
                "col-qualifier",
                "col-measure",
                "col-source",
                "col-quote",
                "col-note",
            )
        ]
    )
    body = []
    for row in rows.itertuples():
        unit = TIMES_UNIT if row.measure == "ratio_to_base" else dataset.unit_of(row.indicator_id)
        decimals = (
            ratio_decimals(row.value)
            if row.measure == "ratio_to_base"
            else int(dataset.indicators.loc[row.indicator_id, "decimals"])
        )
        value = format_quantity(
            row.value, unit, lang, qualifier=row.qualifier, decimals=decimals, style=style, measure=row.measure
        )
        name = dataset.indicators.loc[row.indicator_id, f"name_{lang}"]
        note = getattr(row, f"note_{lang}")
        note = note if isinstance(note, str) else ""
        if row.derived:
            quote_cell = html.Td([f"{t('formula', lang)}: ", html.Code(row.formula)])
            source_cell = html.Td(t("computed", lang))
        else:
            quote_cell = html.Td(html.Q(row.quote, lang="zh-CN"))
            source_cell = html.Td(_source_link(dataset, row.source_id, lang))
        if not row.preferred:
            note = f"{t('not-preferred', lang)} {note}"
        body.append(
            html.Tr(
                [
                    html.Th(name, scope="row"),
                    html.Td(format_period(parse_period(row.period), lang)),
                    html.Td(value, className="num"),
                    html.Td(QUALIFIER_LABELS[lang][Qualifier(row.qualifier)]),
                    html.Td(t(f"measure-{row.measure}", lang)),
                    source_cell,
                    quote_cell,
                    html.Td(note, className="note"),
                ],
                className="" if row.preferred else "not-preferred",
            )
        )
    total = len(every_row)
    intro = t("table-intro-selected", lang, n=total) if state.indicators else t("table-intro-all", lang, n=total)
    cut = [html.P(t("table-cut", lang, shown=len(rows), n=total), className="notice notice-inline")]
    return [
        html.H2(t("table-heading", lang)),
        html.P(intro, className="intro"),
        *extra,
        *(cut if len(rows) < total else []),
        html.Div(
            html.Table([html.Thead(header), html.Tbody(body)], className="data-table"),
            className="table-scroll",
            tabIndex="0",
            role="region",
            **{"aria-label": t("table-heading", lang)},
        ),
    ]


def build_sources(dataset: Dataset, state: ViewState) -> list:
    """The sources tab: each source with its link, the quotes taken from it, and what was not curated."""
    lang = state.lang
    parts: list = [html.H2(t("sources-heading", lang))]
    observations = dataset.observations
    for source_id, model in dataset.source_models.items():
        quotes = observations[observations["source_id"] == source_id]
        grouped: dict[str, list[str]] = {}
        for row in quotes.itertuples():
            grouped.setdefault(row.quote, []).append(dataset.indicators.loc[row.indicator_id, f"name_{lang}"])
        title = model.title.zh if lang == "zh" else model.title.en
        link = (
            html.A(str(model.url), href=str(model.url), rel="noopener noreferrer", target="_blank")
            if model.url
            else html.Span(t("no-url", lang), className="muted")
        )
        items = [
            html.Li(
                [
                    html.Q(quote, lang="zh-CN"),
                    html.Span(
                        f" → {'、'.join(dict.fromkeys(names)) if lang == 'zh' else ', '.join(dict.fromkeys(names))}",
                        className="muted",
                    ),
                ]
            )
            for quote, names in grouped.items()
        ]
        not_curated = [
            html.Li([html.Q(item.text, lang="zh-CN"), ("：" if lang == "zh" else ": ") + note_text(item.reason, lang)])
            for item in model.not_curated
        ]
        parts.append(
            html.Article(
                [
                    html.H3(title, lang="zh-CN" if lang == "zh" else "en"),
                    html.P(
                        model.title.zh if lang == "en" else model.title.en,
                        className="muted",
                        lang="zh-CN" if lang == "en" else "en",
                    ),
                    html.Dl(
                        [
                            html.Dt(t("publisher", lang)),
                            html.Dd(model.publisher.zh if lang == "zh" else model.publisher.en),
                            html.Dt(t("published", lang)),
                            html.Dd(format_date(model.date_published, lang)),
                            html.Dt(t("accessed", lang)),
                            html.Dd(format_date(model.date_accessed, lang)),
                            html.Dt("URL"),
                            html.Dd(link),
                        ],
                        className="source-meta",
                    ),
                    html.P(note_text(model.note, lang), className="note") if model.note else None,
                    html.H4(t("quotes-taken", lang, n=len(grouped))),
                    html.Ul(items, className="quotes"),
                    html.Details([html.Summary(t("not-curated", lang)), html.Ul(not_curated)]) if not_curated else None,
                ],
                className="source-card",
                id=f"source-{source_id}",
            )
        )
    events = dataset.events
    if len(events):
        parts.append(html.H3(t("events-heading", lang)))
        parts.append(
            html.Ul(
                [
                    html.Li(
                        [
                            html.Strong(format_period(parse_period(e.period), lang)),
                            " ",
                            getattr(e, f"name_{lang}"),
                            html.Br(),
                            html.Span(getattr(e, f"description_{lang}") or "", className="muted"),
                            *(
                                [html.Br(), html.Span(getattr(e, f"note_{lang}"), className="note")]
                                if isinstance(getattr(e, f"note_{lang}"), str)
                                else []
                            ),
                        ]
                    )
                    for e in events.itertuples()
                ],
                className="events",
            )
        )
    return parts


def build_footer(lang: Lang) -> list:
    """The footer text."""
    return [html.P(t("footer", lang))]
