"""The data table tab: the observations behind the view, every column in the language."""

from __future__ import annotations

from collections.abc import Sequence

from dash import html

from indicators import locales
from indicators.dataset import Dataset
from indicators.formatting import (
    TIMES_UNIT,
    NumberStyle,
    format_period,
    format_quantity,
    ratio_decimals,
)
from indicators.locales import text_column
from indicators.periods import parse_period
from indicators.preference import rule_label
from indicators.qualifiers import LABELS as QUALIFIER_LABELS
from indicators.qualifiers import Qualifier
from indicators.selections import table_rows
from layouts.components.sources import quote_tag, source_link
from layouts.i18n import t, tn
from layouts.view_state import ViewState

#: Rows the data table tab lists; the CSV and Excel downloads of the same view hold every row.
TABLE_ROWS_SHOWN = 500


def build_table(dataset: Dataset, state: ViewState, style: NumberStyle, extra: Sequence = ()) -> list:
    """The data table tab: one row per observation behind the view, every column in the language."""
    lang = state.lang
    every_row = table_rows(dataset, state.indicators, state.year_from, state.year_to)
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
    note_column = locales.column(rows.columns, "note", lang)
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
        name = dataset.indicators.loc[row.indicator_id, text_column("name", lang)]
        note = getattr(row, note_column)
        note = note if isinstance(note, str) else ""
        if row.derived:
            quote_cell = html.Td([f"{t('formula', lang)}: ", html.Code(row.formula)])
            source_cell = html.Td(t("computed", lang))
        else:
            quote_cell = html.Td(html.Q(row.quote, lang=quote_tag(dataset, row.source_id)))
            source_cell = html.Td(source_link(dataset, row.source_id, lang))
        if isinstance(row.preferred_by, str):  # other sources give the same thing: say which rule decided
            key = "preferred-by" if row.preferred else "not-preferred-by"
            note = f"{t(key, lang, rule=rule_label(row.preferred_by, lang))} {note}"
        elif not row.preferred:
            note = f"{t('not-preferred', lang)} {note}"
        body.append(
            html.Tr(
                [
                    html.Th(name, scope="row"),
                    html.Td(format_period(parse_period(row.period), lang, qualifier=row.period_qualifier)),
                    html.Td(value, className="num"),
                    html.Td(locales.text_in(QUALIFIER_LABELS, lang)[Qualifier(row.qualifier)]),
                    html.Td(t(f"measure-{row.measure}", lang)),
                    source_cell,
                    quote_cell,
                    html.Td(note, className="note"),
                ],
                className="" if row.preferred else "not-preferred",
            )
        )
    total = len(every_row)
    intro = tn("table-intro-selected", lang, total) if state.indicators else t("table-intro-all", lang, n=total)
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
