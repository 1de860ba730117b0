"""The data table tab: a row per indicator (first, latest, change), then every observation behind the view.

Both tables are set for CJK text: fixed column widths, the quote and note wrapping in their own
columns, and on a phone each row becomes a card that names its fields (``data-label``, assets/style.css).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from dash import html

from indicators import locales
from indicators.dataset import Dataset
from indicators.formatting import (
    PERCENT_CHANGE_UNIT,
    TIMES_UNIT,
    Lang,
    NumberStyle,
    format_change,
    format_period,
    format_quantity,
    ratio_decimals,
    worded_qualifier,
)
from indicators.formula_words import formula_in_words
from indicators.locales import text_column
from indicators.periods import parse_period
from indicators.preference import rule_label
from indicators.qualifiers import QUALIFIERS, Qualifier
from indicators.schema import Measure
from indicators.selections import in_curated_order, table_rows
from indicators.summary import Point, span_summary
from layouts.components.sources import quote_tag, source_link
from layouts.i18n import t, tn
from layouts.view_state import ViewState

#: Rows the data table tab lists; the CSV and Excel downloads of the same view hold every row.
TABLE_ROWS_SHOWN = 500
#: Indicators the table of indicators lists (every one of the curated data; a generated set has more).
INDICATOR_ROWS_SHOWN = 200

#: Columns of the observations, with their share of the table's width (CJK text needs room to wrap
#: by character, not one character a line).
_OBSERVATION_COLUMNS = (
    ("col-indicator", "14%"),
    ("col-period", "10%"),
    ("col-value", "9%"),
    ("col-qualifier", "8%"),
    ("col-measure", "7%"),
    ("col-source", "12%"),
    ("col-quote", "24%"),
    ("col-note", "16%"),
)
_INDICATOR_COLUMNS = (
    ("col-indicator", "24%"),
    ("col-first", "19%"),
    ("col-latest", "19%"),
    ("col-change", "20%"),
    ("col-relative-change", "18%"),
)


def build_table(dataset: Dataset, state: ViewState, style: NumberStyle, extra: Sequence = ()) -> list:
    """The data table tab: the table of indicators, then one row per observation behind the view."""
    lang = state.lang
    every_row = table_rows(dataset, state.indicators, state.year_from, state.year_to)
    # A page of hundreds of thousands of rows never renders; the downloads above hold them all.
    rows = every_row.head(TABLE_ROWS_SHOWN)
    total = len(every_row)
    intro = tn("table-intro-selected", lang, total) if state.indicators else t("table-intro-all", lang, n=total)
    cut = [html.P(t("table-cut", lang, shown=len(rows), n=total), className="notice notice-inline")]
    return [
        html.H2(t("table-heading", lang)),
        html.P(intro, className="intro"),
        *extra,
        html.H3(t("indicator-table-heading", lang)),
        html.P(t("indicator-table-intro", lang), className="intro"),
        _scroll_region(_indicator_table(dataset, state, style), t("indicator-table-heading", lang)),
        html.H3(t("observations-heading", lang)),
        *(cut if len(rows) < total else []),
        _scroll_region(_observation_table(dataset, rows, lang, style), t("observations-heading", lang)),
    ]


def _scroll_region(table: html.Table, name: str) -> html.Div:
    # Focusable, so that a keyboard can scroll a table wider than a narrow window.
    return html.Div(table, className="table-scroll", tabIndex="0", role="region", **{"aria-label": name})


def _columns(columns: Sequence[tuple[str, str]], lang: Lang) -> tuple[html.Colgroup, html.Thead, list[str]]:
    names = [t(key, lang) for key, _ in columns]
    colgroup = html.Colgroup([html.Col(style={"width": width}) for _, width in columns])
    return colgroup, html.Thead(html.Tr([html.Th(name, scope="col") for name in names])), names


def _cell(children, label: str, className: str | None = None) -> html.Td:
    return html.Td(children, className=className, **{"data-label": label})


def _indicator_table(dataset: Dataset, state: ViewState, style: NumberStyle) -> html.Table:
    """One row per indicator: its first and latest value within the years, the change, the change in per cent."""
    lang = state.lang
    colgroup, head, names = _columns(_INDICATOR_COLUMNS, lang)
    ids = in_curated_order(dataset, state.indicators or None)[:INDICATOR_ROWS_SHOWN]
    body = []
    for indicator_id in ids:
        meta = dataset.indicators.loc[indicator_id]
        summary = span_summary(dataset, indicator_id, state.year_from, state.year_to)
        unit, decimals = dataset.unit_of(indicator_id), int(meta["decimals"])
        first = _point_lines(summary.previous, unit, decimals, lang, style)
        latest = _point_lines(summary.latest, unit, decimals, lang, style)
        change, relative, direction = ["—"], ["—"], "none"
        if summary.latest is None and summary.ratio is not None:
            ratio = summary.ratio
            value = format_quantity(
                ratio.value, TIMES_UNIT, lang, qualifier=ratio.qualifier, decimals=ratio_decimals(ratio.value)
            )
            base = format_period(parse_period(summary.base_period), lang) if summary.base_period else ""
            period = format_period(parse_period(ratio.period), lang, inferred=bool(ratio.period_inferred))
            latest = _value_lines(value, period, ratio, TIMES_UNIT, lang)
            relative = [t("ratio-statement", lang, base=base)]
        elif summary.change is not None:
            per_month = summary.latest is not None and summary.latest.measure is Measure.MEAN_PER_MONTH
            amount = summary.change
            change = [
                format_change(
                    amount.value,
                    unit,
                    lang,
                    qualifier=amount.qualifier,
                    decimals=decimals,
                    style=style,
                    per_month=per_month,
                )
            ]
            if summary.relative is not None:
                q = summary.relative
                relative = [format_change(q.value, PERCENT_CHANGE_UNIT, lang, qualifier=q.qualifier, decimals=1)]
            elif summary.previous is not None and summary.previous.value == 0:
                relative = [t("from-zero", lang)]
            direction = _direction(amount.value, meta["higher_is_better"])
        name: list = [dataset.indicators.loc[indicator_id, text_column("name", lang)]]
        if bool(meta["derived"]) and isinstance(meta["formula"], str):
            name += [html.Br(), html.Span(_formula(dataset, meta["formula"], lang), className="formula")]
        body.append(
            html.Tr(
                [
                    html.Th(name, scope="row"),
                    _cell(first, names[1]),
                    _cell(latest, names[2]),
                    _cell(change, names[3], f"change-{direction}"),
                    _cell(relative, names[4], f"change-{direction}"),
                ]
            )
        )
    return html.Table([colgroup, head, html.Tbody(body)], className="data-table indicator-table")


def _point_lines(p: Point | None, unit, decimals: int, lang: Lang, style: NumberStyle) -> list:
    if p is None:
        return ["—"]
    value = format_quantity(
        p.value, unit, lang, qualifier=p.qualifier, decimals=decimals, style=style, measure=p.measure
    )
    return _value_lines(value, format_period(parse_period(p.period), lang, inferred=p.period_inferred), p, unit, lang)


def _value_lines(value: str, period: str, p: Point, unit, lang: Lang) -> list:
    lines: list = [html.Strong(value), html.Br(), html.Span(period, className="muted")]
    if p.qualifier is not Qualifier.EXACT:
        worded = worded_qualifier(p.value, p.qualifier, p.measure, unit)
        lines += [html.Br(), html.Span(QUALIFIERS[worded].text("label", lang), className="qualifier-label")]
    return lines


def _direction(change: float, higher_is_better: object) -> str:
    """``good``/``bad`` by the indicator's ``higher_is_better`` (a fall in complaints is good), else ``neutral``."""
    if change == 0 or higher_is_better is None or pd.isna(higher_is_better):
        return "neutral"
    return "good" if (change > 0) == bool(higher_is_better) else "bad"


def _formula(dataset: Dataset, formula: str, lang: Lang) -> str:
    return formula_in_words(formula, lambda i: str(dataset.indicators.loc[i, text_column("name", lang)]), lang)


def _observation_table(dataset: Dataset, rows: pd.DataFrame, lang: Lang, style: NumberStyle) -> html.Table:
    """One row per observation: period, value, exactness, measure, source, the quote or formula, the note."""
    colgroup, head, names = _columns(_OBSERVATION_COLUMNS, lang)
    body = []
    note_column = locales.column(rows.columns, "note", lang)
    for row in rows.itertuples():
        ratio = row.measure == "ratio_to_base"
        unit = TIMES_UNIT if ratio else dataset.unit_of(row.indicator_id)
        decimals = ratio_decimals(row.value) if ratio else int(dataset.indicators.loc[row.indicator_id, "decimals"])
        value = format_quantity(
            row.value, unit, lang, qualifier=row.qualifier, decimals=decimals, style=style, measure=row.measure
        )
        name = dataset.indicators.loc[row.indicator_id, text_column("name", lang)]
        note = getattr(row, note_column)
        note = note if isinstance(note, str) else ""
        if row.derived:
            quote = [f"{t('formula', lang)}{locales.get(lang).colon}", _formula(dataset, row.formula, lang)]
            source = t("computed", lang)
        else:
            quote = html.Q(row.quote, lang=quote_tag(dataset, row.source_id))
            source = source_link(dataset, row.source_id, lang)
        if isinstance(row.preferred_by, str):  # other sources give the same thing: say which rule decided
            key = "preferred-by" if row.preferred else "not-preferred-by"
            note = f"{t(key, lang, rule=rule_label(row.preferred_by, lang))} {note}"
        elif not row.preferred:
            note = f"{t('not-preferred', lang)} {note}"
        worded = worded_qualifier(row.value, row.qualifier, row.measure, unit)
        body.append(
            html.Tr(
                [
                    html.Th(name, scope="row"),
                    _cell(
                        format_period(
                            parse_period(row.period), lang, qualifier=row.period_qualifier, inferred=row.period_inferred
                        ),
                        names[1],
                    ),
                    _cell(value, names[2], "num"),
                    _cell(QUALIFIERS[worded].text("label", lang), names[3]),
                    _cell(t(f"measure-{row.measure}", lang), names[4]),
                    _cell(source, names[5]),
                    _cell(quote, names[6], "quote"),
                    _cell(note, names[7], "note"),
                ],
                className="" if row.preferred else "not-preferred",
            )
        )
    return html.Table([colgroup, head, html.Tbody(body)], className="data-table observation-table")
