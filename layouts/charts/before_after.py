"""The before/after chart: each indicator at (or just before) the founding and its latest value."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from indicators import locales
from indicators.dataset import Dataset
from indicators.formatting import Lang, NumberStyle, format_period, format_quantity
from indicators.periods import parse_period
from indicators.qualifiers import Qualifier
from indicators.selections import before_after_pairs
from layouts.charts.axes import value_axis
from layouts.charts.frame import base_layout, finish_layout
from layouts.charts.labels import (
    chart_title,
    hover_text,
    indicator_name,
    key_line,
    marker_symbol,
    source_line,
)
from layouts.charts.style import (
    DEFAULT_HEIGHT,
    FULL_FRAMING,
    PALETTE,
    THEMES,
    ChartOptions,
    Framing,
    make_figure,
    plain,
    scatter,
)
from layouts.i18n import t


def before_after_figure(
    dataset: Dataset,
    indicator_ids: Sequence[str],
    lang: Lang,
    *,
    style: NumberStyle = NumberStyle.MYRIAD,
    theme: str = "light",
    height: int = DEFAULT_HEIGHT,
    as_dict: bool = False,
    framing: Framing = FULL_FRAMING,
) -> go.Figure:
    """A slope chart: each indicator's value at (or just before) the founding and its latest value."""
    colors = THEMES[theme]
    pairs = before_after_pairs(dataset, indicator_ids)
    if not pairs:
        raise KeyError("no indicator has values before and after the founding")
    ids = list(pairs)
    unit = dataset.unit_of(ids[0])
    ids = [i for i in ids if dataset.indicators.loc[i, "unit"] == unit.id]
    positions = [t("at-founding", lang), t("latest-figure", lang)]
    traces, values, used = [], [], []
    for n, indicator_id in enumerate(ids):
        color = PALETTE[n % len(PALETTE)]
        decimals = int(dataset.indicators.loc[indicator_id, "decimals"])
        before, after = pairs[indicator_id]
        labels, hovers, symbols = [], [], []
        for row in (before, after):
            values.append(row["value"])
            used.append(row)
            period = format_period(parse_period(row["period"]), lang)
            value = format_quantity(
                row["value"], unit, lang, qualifier=row["qualifier"], decimals=decimals, style=style, marks=True
            )
            labels.append(plain(locales.get(lang).parenthesized(value, period)))
            hovers.append(hover_text(dataset, row, unit, lang, style, decimals))
            symbols.append(marker_symbol(row["qualifier"], row["derived"]))
        traces.append(
            scatter(
                x=positions,
                y=[before["value"], after["value"]],
                mode="lines+markers+text",
                name=indicator_name(dataset, indicator_id, lang),
                line={"color": color, "width": 3},
                marker={"symbol": symbols, "size": 14, "color": color, "line": {"width": 2, "color": color}},
                text=labels,
                textposition=["middle left", "middle right"],
                textfont={"color": color, "size": 13},
                hovertext=hovers,
                hoverinfo="text",
                cliponaxis=False,
            )
        )
    rows = pd.DataFrame(used)
    subtitle = locales.text_in(unit.axis, lang) or ""
    layout = base_layout(
        t("before-after-title", lang, names=chart_title(dataset, ids, lang)), subtitle, lang, colors, height, framing
    )
    layout["xaxis"] = {
        "type": "category",
        "range": [-0.9, 1.9],
        "showgrid": False,
        "linecolor": colors.muted,
        "tickfont": {"size": 14},
    }
    layout["yaxis"] = value_axis(values, unit, lang, style, colors, subtitle)
    key = key_line({Qualifier(q) for q in rows["qualifier"]}, bool(rows["derived"].any()), False, False, lang)
    names = [trace["name"] for trace in traces]
    finish_layout(layout, height, names, [key], colors, source=source_line(dataset, rows, lang), framing=framing)
    return make_figure(traces, layout, as_dict)


def draw(dataset: Dataset, indicator_ids: Sequence[str], lang: Lang, options: ChartOptions) -> go.Figure:
    """The before/after chart of a view (the years of the view do not apply: it compares two moments)."""
    return before_after_figure(
        dataset,
        indicator_ids,
        lang,
        style=options.style,
        theme=options.theme,
        height=options.height,
        as_dict=options.as_dict,
        framing=options.framing,
    )


def applies(dataset: Dataset, indicator_ids: Sequence[str]) -> bool:
    """Some indicator has a level at or before the founding and one after it."""
    return bool(before_after_pairs(dataset, indicator_ids))
