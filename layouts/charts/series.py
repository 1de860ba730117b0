"""The traces of one indicator over time: markers, span segments ┝━┥, labels and the dotted connector."""

from __future__ import annotations

import pandas as pd

from indicators import locales
from indicators.dataset import Dataset
from indicators.formatting import Lang, NumberStyle
from indicators.qualifiers import Qualifier
from indicators.schema import Unit
from layouts.charts.labels import chart_rows, hover_text, indicator_name, marker_symbol, point_label
from layouts.charts.style import scatter
from layouts.i18n import t

#: Label every point of a series up to this many points; beyond, only the last and the qualified.
MAX_LABELLED_POINTS = 12


def kept_series_traces(
    dataset: Dataset,
    rows_key: tuple,
    rows: pd.DataFrame,
    indicator_id: str,
    color: str,
    unit: Unit,
    lang: Lang,
    style: NumberStyle,
) -> list[dict]:
    """:func:`series_traces`, made once per dataset for the same rows, colour, unit, language and style.

    The hover texts and labels of a series (every value formatted, its quote and sources) were most of
    a chart's cost, and a room asks for the same few indicators: they are prepared once per data
    version, and each answer only assembles them. ``rows_key`` names the rows (which chart, which
    years). Each trace is a new dict (its lists are shared: read-only).
    """
    key = ("series_traces", rows_key, indicator_id, color, unit.id, lang, style)
    traces = dataset.kept(key, lambda: _iso_dates(series_traces(dataset, rows, indicator_id, color, unit, lang, style)))
    return [dict(trace) for trace in traces]


def _iso_dates(traces: list[dict]) -> list[dict]:
    """The traces with their x dates as ISO text (what JSON holds), so that an answer encodes them as text.

    Plotly's JSON encoder writes a timestamp with ``isoformat()`` too, but through its fallback for
    unknown types, one call per date: most of the encoding of a long series.
    """
    for trace in traces:
        trace["x"] = [x.isoformat() if isinstance(x, pd.Timestamp) else x for x in trace["x"]]
    return traces


def series_traces(
    dataset: Dataset, rows: pd.DataFrame, indicator_id: str, color: str, unit: Unit, lang: Lang, style: NumberStyle
) -> list[dict]:
    """Markers, span segments and the dotted connector of one indicator."""
    decimals = int(dataset.indicators.loc[indicator_id, "decimals"])
    name = indicator_name(dataset, indicator_id, lang)
    derived = bool(dataset.indicators.loc[indicator_id, "derived"])
    if derived:
        name = locales.get(lang).parenthesized(name, t("computed", lang))
    label_all = len(rows) <= MAX_LABELLED_POINTS
    px, py, symbols, sizes, texts, hovers = [], [], [], [], [], []
    sx, sy, stext_x, stext_y, stexts, sdash_x, sdash_y = [], [], [], [], [], [], []
    cx, cy = [], []
    last_index = len(rows) - 1
    memo: dict = {}
    for index, row in enumerate(chart_rows(rows)):
        qualifier = Qualifier(row.qualifier)
        hover = hover_text(dataset, row, unit, lang, style, decimals, memo)
        label = (
            point_label(row, unit, lang, style, decimals)
            if label_all or index == last_index or qualifier is not Qualifier.EXACT
            else ""
        )
        symbol = marker_symbol(qualifier, row.derived)
        if row.period_start == row.period_end:
            px.append(row.period_start)
            py.append(row.value)
            symbols.append(symbol)
            sizes.append(12)
            texts.append(label)
            hovers.append(hover)
            cx.append(row.period_start)
            cy.append(row.value)
            continue
        start, end = row.period_start, row.period_end + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)
        middle = start + (end - start) / 2
        target_x, target_y = (sx, sy) if qualifier is Qualifier.EXACT else (sdash_x, sdash_y)
        target_x.extend([start, middle, end, None])
        target_y.extend([row.value, row.value, row.value, None])
        stext_x.append(middle)
        stext_y.append(row.value)
        stexts.append(label)
        cx.extend([start, end])
        cy.extend([row.value, row.value])
        # End ticks make the segment read as a span ┝━┥; hover is on them and on the invisible middle.
        # The middle point is invisible: it only catches the hover, the span has no "point" inside.
        px.extend([start, middle, end])
        py.extend([row.value] * 3)
        symbols.extend(["line-ns-open", "circle", "line-ns-open"])
        sizes.extend([14, 0.1, 14])
        texts.extend(["", "", ""])
        hovers.extend([hover] * 3)
    group = f"ind-{indicator_id}"
    traces = []
    if len(cx) > 1:
        traces.append(
            scatter(
                x=cx,
                y=cy,
                mode="lines",
                line={"color": color, "width": 1.2, "dash": "dot"},
                hoverinfo="skip",
                showlegend=False,
                legendgroup=group,
                name=name,
            )
        )
    for xs, ys, opacity in ((sx, sy, 1.0), (sdash_x, sdash_y, 0.45)):
        if xs:
            traces.append(
                scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    line={"color": color, "width": 5},
                    opacity=opacity,
                    hoverinfo="skip",
                    showlegend=False,
                    legendgroup=group,
                    name=name,
                    connectgaps=False,
                )
            )
    if stexts and any(stexts):
        traces.append(
            scatter(
                x=stext_x,
                y=stext_y,
                mode="text",
                text=stexts,
                textposition="top center",
                textfont={"color": color, "size": 13},
                hoverinfo="skip",
                showlegend=False,
                legendgroup=group,
                name=name,
            )
        )
    traces.append(
        scatter(
            x=px,
            y=py,
            mode="markers+text",
            name=name,
            legendgroup=group,
            marker={"symbol": symbols, "size": sizes, "color": color, "line": {"color": color, "width": 2}},
            showlegend=False,
            text=texts,
            textposition="top center",
            textfont={"color": color, "size": 13},
            hovertext=hovers,
            hoverinfo="text",
            hoverlabel={"bordercolor": color},
            cliponaxis=False,
        )
    )
    # The legend entry: the series' colour and its usual marker, clicking it hides the whole series.
    traces.append(
        scatter(
            x=[None],
            y=[None],
            mode="lines+markers",
            name=name,
            legendgroup=group,
            line={"color": color, "width": 2},
            marker={"symbol": "diamond" if derived else "circle", "size": 9, "color": color},
            hoverinfo="skip",
        )
    )
    return traces
