"""The overview tab: a KPI card per headline indicator and a list of every other one, by category."""

from __future__ import annotations

from dash import dcc, html

from indicators import locales
from indicators.dataset import Dataset
from indicators.formatting import (
    Lang,
    NumberStyle,
    format_period,
)
from indicators.locales import text_column
from indicators.periods import parse_period
from indicators.selections import in_curated_order
from indicators.summary import summarize
from layouts.charts import DEFAULT_KIND
from layouts.components.shell import href
from layouts.i18n import t
from layouts.kpi import kpi_lines
from layouts.view_state import Tab, ViewState


def build_kpi_card(
    dataset: Dataset, indicator_id: str, state: ViewState, default_lang: Lang, style: NumberStyle
) -> html.Article:
    """A KPI card: latest value, the value it compares with, the change, and a link to the chart."""
    lang = state.lang
    lines = kpi_lines(dataset, indicator_id, lang, style)
    meta = dataset.indicators.loc[indicator_id]
    name = meta[text_column("name", lang)]
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
        view=DEFAULT_KIND,
    )


def _latest_text(dataset: Dataset, indicator_id: str, lang: Lang, style: NumberStyle) -> tuple[str, str]:
    summary = summarize(dataset, indicator_id)
    point = summary.latest or summary.ratio
    period = format_period(parse_period(point.period), lang, inferred=point.period_inferred) if point else ""
    return kpi_lines(dataset, indicator_id, lang, style).value, period


def build_overview(dataset: Dataset, state: ViewState, default_lang: Lang, style: NumberStyle) -> list:
    """KPI cards of the headline indicators and a list of every other indicator, by category."""
    lang = state.lang
    indicators = dataset.indicators.loc[in_curated_order(dataset)]
    sections = [html.H2(t("overview-heading", lang)), html.P(t("overview-intro", lang), className="intro")]
    for category_id, members in indicators.groupby("category", sort=False):
        category = dataset.categories[category_id]
        headline = members[members["headline"]]
        others = members[~members["headline"]]
        parts: list = [html.H3(locales.text_in(category.name, lang), className="category-heading")]
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
                name = others.loc[indicator_id, text_column("name", lang)]
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
                        html.Summary(locales.get(lang).parenthesized(t("other-indicators", lang), str(len(others)))),
                        html.Table([html.Tbody(rows)], className="compact-table"),
                    ],
                    className="other-indicators",
                    open=True,
                )
            )
        sections.append(html.Section(parts, className="category", id=f"category-{category_id}"))
    return sections
