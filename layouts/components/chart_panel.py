"""The chart tab's parts: the indicator and chart type choices, and where every value drawn comes from."""

from __future__ import annotations

from collections.abc import Sequence

from dash import dcc, html

from indicators import locales
from indicators.dataset import Dataset
from indicators.formatting import (
    TIMES_UNIT,
    Lang,
    NumberStyle,
    format_period,
    format_quantity,
    ratio_decimals,
    worded_qualifier,
)
from indicators.formula_words import formula_in_words
from indicators.locales import text_column
from indicators.periods import parse_period
from indicators.qualifiers import QUALIFIERS, Qualifier
from indicators.selections import in_curated_order, latest_rows, table_rows
from layouts.chart_view import ChartView
from layouts.charts import AUTO, selectable_kinds
from layouts.components.shell import href
from layouts.components.sources import quote_tag, source_link
from layouts.i18n import t, tn
from layouts.view_state import Tab, ViewState


def indicator_options(dataset: Dataset, lang: Lang) -> list[dict]:
    """Dropdown options: every indicator, grouped visually by category, with its unit.

    Kept per dataset and language (treat them as read-only): every page load sends them, and at 1,000
    indicators building them row by row took a quarter of a second.
    """
    return dataset.kept(("indicator_options", lang), lambda: _indicator_options(dataset, lang))


def _indicator_options(dataset: Dataset, lang: Lang) -> list[dict]:
    options = []
    locale = locales.get(lang)
    indicators = dataset.indicators.loc[in_curated_order(dataset)]
    columns = (
        indicators["indicator_id"],
        indicators["category"],
        indicators["unit"],
        indicators[text_column("name", lang)],
    )
    for indicator_id, category_id, unit_id, name in zip(*columns, strict=True):
        category = locales.text_in(dataset.categories[category_id].name, lang)
        unit = locales.text_in(dataset.units[unit_id].name, lang)
        # The unit says what the name does not already say: no "增长率（增长率）", no "items (items)".
        said = not unit or name.endswith(unit) or unit.lower() in name.lower().replace("(", " ").split()
        label = f"{category} · {name}" if said else locale.parenthesized(f"{category} · {name}", unit)
        options.append({"label": label, "value": indicator_id})
    return options


def view_mode_options(dataset: Dataset, indicator_ids: Sequence[str], lang: Lang) -> list[dict]:
    """The chart types users may choose, after "chosen from the data"; one that does not fit is greyed out."""
    return [{"label": t("view-auto", lang), "value": AUTO}] + [
        {"label": t(kind.label_key, lang), "value": kind.name}
        | ({"disabled": not kind.applies(dataset, indicator_ids)} if kind.unavailable_note else {})
        for kind in selectable_kinds()
    ]


_PROVENANCE_COLUMNS = (
    "indicator_id", "period", "value", "qualifier", "measure", "derived", "formula", "source_id", "quote", "note_zh",
    "note_en", "conflict", "alternatives", "base_period", "period_inferred",
)  # fmt: skip

#: Values listed under the chart per indicator: the latest ones. A series of years of monthly figures
#: would otherwise list hundreds of values (and send them with every chart); the table has them all.
PROVENANCE_PER_INDICATOR = 12


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
    shown, left_out = latest_rows(dataset, ids, state.year_from, state.year_to, PROVENANCE_PER_INDICATOR)
    items = []
    combined = shown
    # Looked up once per indicator and per source, not once per value (a view may draw hundreds).
    meta = {i: dataset.indicators.loc[i] for i in combined["indicator_id"].unique()}
    units = {i: dataset.unit_of(i) for i in meta}
    links: dict[str, object] = {}
    note_column = locales.column(combined.columns, "note", lang)
    for row in combined[list(dict.fromkeys([*_PROVENANCE_COLUMNS, note_column]))].itertuples(index=False):
        unit = TIMES_UNIT if row.measure == "ratio_to_base" else units[row.indicator_id]
        decimals = (
            ratio_decimals(row.value) if row.measure == "ratio_to_base" else int(meta[row.indicator_id]["decimals"])
        )
        value = format_quantity(
            row.value, unit, lang, qualifier=row.qualifier, decimals=decimals, style=style, measure=row.measure
        )
        # The shape of the chart's marker only: the value beside it already says "约" ("○ 约2倍").
        mark = QUALIFIERS[Qualifier(row.qualifier)].text("mark", lang)[:1] if not row.derived else "◆"
        head = [
            html.Span(mark, className="mark", **{"aria-hidden": "true"}),
            " ",
            html.Strong(value),
            f" · {format_period(parse_period(row.period), lang, inferred=row.period_inferred)}"
            f" · {t(f'measure-{row.measure}', lang)}",
        ]
        if row.measure == "ratio_to_base" and isinstance(row.base_period, str):
            head.append(f" · {t('base-period', lang)} {format_period(parse_period(row.base_period), lang)}")
        worded = worded_qualifier(row.value, row.qualifier, row.measure, unit)
        detail: list = [html.Span(QUALIFIERS[worded].text("label", lang), className="qualifier-label")]
        if row.derived:
            names = {i: str(dataset.indicators.loc[i, text_column("name", lang)]) for i in dataset.indicators.index}
            words = formula_in_words(row.formula, names.__getitem__, lang)
            detail += [html.Br(), f"{t('formula', lang)}{locales.get(lang).colon}{words}"]
            processing = meta[row.indicator_id][text_column("processing", lang)]
            if isinstance(processing, str):
                detail += [html.Br(), processing]
        else:
            if row.source_id not in links:
                links[row.source_id] = source_link(dataset, row.source_id, lang)
            # One component per source, shared by its values: Dash writes each place it appears.
            detail += [
                html.Br(),
                html.Q(row.quote, lang=quote_tag(dataset, row.source_id)),
                " — ",
                links[row.source_id],
            ]
            note = getattr(row, note_column)
            if isinstance(note, str):
                detail += [html.Br(), html.Span(note, className="note")]
            if row.conflict:
                detail += [html.Br(), html.Em(tn("conflict-note", lang, int(row.alternatives)))]
        name = meta[row.indicator_id][text_column("name", lang)]
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
                    tn("provenance-more", lang, left_out, k=PROVENANCE_PER_INDICATOR),
                    link,
                    locales.get(lang).full_stop,
                ],
                className="muted",
            )
        ]
    return [html.H3(t("provenance-heading", lang)), html.Ul(items, className="provenance"), *more]


def build_chart_notes(dataset: Dataset, view: ChartView, state: ViewState) -> list:
    """What the page says beside a chart: why some indicators are left out, or another kind drawn."""
    lang = state.lang
    notes: list = []
    for key in view.notes:
        if key == "mixed-units":
            first = next(i for i in state.indicators if i in dataset.indicators.index)
            names = [dataset.indicators.loc[i, text_column("name", lang)] for i in view.indicators]
            joined = locales.get(lang).list_separator.join(names)
            first_name = dataset.indicators.loc[first, text_column("name", lang)]
            notes.append(html.P([t(key, lang, name=first_name), " ", joined], className="notice notice-inline"))
        else:
            css = "intro" if key == "index-explainer" else "notice notice-inline"
            notes.append(html.P(t(key, lang), className=css))
    return notes


#: Values the screen-reader table under a chart lists; the data table tab lists every one.
CHART_TABLE_ROWS = 200


def build_chart_table(dataset: Dataset, view: ChartView, state: ViewState, style: NumberStyle) -> html.Div | None:
    """The values a chart draws as a table for screen readers (hidden on screen: the chart shows them).

    One row per preferred value of the indicators drawn, within the years: indicator, period, value
    in words (with its qualifier: "至少1000起", not "≥1000起").
    """
    if not view.indicators:
        return None
    lang = state.lang
    rows = table_rows(dataset, view.indicators, state.year_from, state.year_to)
    rows = rows[rows["preferred"]].head(CHART_TABLE_ROWS)
    if rows.empty:
        return None
    names = {i: dataset.indicators.loc[i, text_column("name", lang)] for i in view.indicators}
    body = [
        html.Tr(
            [
                html.Th(names[row.indicator_id], scope="row"),
                html.Td(
                    format_period(
                        parse_period(row.period), lang, qualifier=row.period_qualifier, inferred=row.period_inferred
                    )
                ),
                html.Td(_value_text(dataset, row, lang, style)),
            ]
        )
        for row in rows.itertuples()
        if row.indicator_id in names
    ]
    header = html.Tr([html.Th(t(key, lang), scope="col") for key in ("col-indicator", "col-period", "col-value")])
    # In a hidden box: a table ignores the width and overflow that hide a box, and would widen the page.
    return html.Div(
        html.Table([html.Caption(t("chart-table-caption", lang)), html.Thead(header), html.Tbody(body)]),
        className="visually-hidden",
    )


def _value_text(dataset: Dataset, row, lang: Lang, style: NumberStyle) -> str:
    ratio = row.measure == "ratio_to_base"
    unit = TIMES_UNIT if ratio else dataset.unit_of(row.indicator_id)
    decimals = ratio_decimals(row.value) if ratio else int(dataset.indicators.loc[row.indicator_id, "decimals"])
    return format_quantity(
        row.value, unit, lang, qualifier=row.qualifier, decimals=decimals, style=style, measure=row.measure
    )
