"""The before/after chart: each indicator at (or just before) the founding and now, the change written on it."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from indicators import locales
from indicators.dataset import Dataset
from indicators.formatting import (
    PERCENT_CHANGE_UNIT,
    Lang,
    NumberStyle,
    format_change,
    format_period,
    format_quantity,
)
from indicators.formulas import FormulaError, Quantity, divide, subtract
from indicators.periods import parse_period
from indicators.qualifiers import Qualifier
from indicators.schema import Measure, Unit
from indicators.selections import before_after_pairs, founding_date, level_rows
from layouts.charts.axes import value_axis
from layouts.charts.frame import base_layout, finish_layout, fit_left_margin, legend_name, plot_area
from layouts.charts.labels import (
    ChartRow,
    chart_title,
    hover_text,
    indicator_name,
    key_line,
    marker_symbol,
    source_line,
)
from layouts.charts.placement import Label, Obstacles, Plot, place_labels
from layouts.charts.style import (
    DEFAULT_HEIGHT,
    FULL_FRAMING,
    THEMES,
    ChartOptions,
    Framing,
    make_figure,
    plain,
    scatter,
    series_color,
    text_width,
    wrap_lines,
)
from layouts.i18n import t

#: The two moments on the x axis.
BEFORE, AFTER = 0.0, 1.0


def _reach(label_px: float, plot_width: float) -> float:
    """How far (in x units) the axis reaches beyond the two moments: room beside them for their labels.

    With reach r the plot shows 1 + 2r units; a label of ``label_px`` beside a point needs
    r * plot_width / (1 + 2r) >= label_px. Narrow plots get at most 1.2 (labels go above or below).
    """
    wanted = label_px / max(plot_width - 2 * label_px, 1.0)
    return min(max(wanted, 0.3), 1.2) if plot_width > 2 * label_px else 1.2


def change_text(before: pd.Series, after: pd.Series, unit: Unit, lang: Lang, style: NumberStyle, decimals: int) -> str:
    """The change between two values as the dashboard says a change: ``增加58家（增长123.4%）``, its bound in words."""
    a = Quantity(float(after["value"]), Qualifier(after["qualifier"]))
    b = Quantity(float(before["value"]), Qualifier(before["qualifier"]))
    change = subtract(a, b)
    per_month = after["measure"] == Measure.MEAN_PER_MONTH
    text = format_change(
        change.value, unit, lang, qualifier=change.qualifier, decimals=decimals, style=style, per_month=per_month
    )
    if b.value == 0:
        extra = t("from-zero", lang)
    else:
        try:
            ratio = divide(a, b)
        except FormulaError:
            return text
        extra = format_change(
            (ratio.value - 1) * 100, PERCENT_CHANGE_UNIT, lang, qualifier=ratio.qualifier, decimals=1, style=style
        )
    return locales.get(lang).parenthesized(text, extra)


def _value_lines(row: pd.Series, unit: Unit, lang: Lang, style: NumberStyle, decimals: int) -> tuple[str, str]:
    """The value in marks (≥, 约), and its period (an inferred period says so)."""
    value = format_quantity(
        row["value"], unit, lang, qualifier=row["qualifier"], decimals=decimals, style=style, marks=True,
        measure=row["measure"],
    )  # fmt: skip
    period = format_period(parse_period(row["period"]), lang, inferred=bool(row.get("period_inferred", False)))
    return value, period


def _value_label(row: pd.Series, unit: Unit, lang: Lang, style: NumberStyle, decimals: int) -> str:
    """The value over its period in small type."""
    value, period = _value_lines(row, unit, lang, style, decimals)
    return f"{plain(value)}<br><span style='font-size:11px'>{plain(period)}</span>"


def before_after_figure(
    dataset: Dataset,
    indicator_ids: Sequence[str],
    lang: Lang,
    *,
    style: NumberStyle = NumberStyle.MYRIAD,
    theme: str = "light",
    height: int = DEFAULT_HEIGHT,
    as_dict: bool = False,
    width: int | None = None,
    framing: Framing = FULL_FRAMING,
) -> go.Figure:
    """A slope chart: each indicator's value at (or just before) the founding and its latest, the change between."""
    options = ChartOptions(style=style, theme=theme, height=height, as_dict=as_dict, framing=framing, width=width)
    colors = THEMES[theme]
    pairs = before_after_pairs(dataset, indicator_ids)
    if not pairs:
        raise KeyError("no indicator has values before and after the founding")
    ids = list(pairs)
    unit = dataset.unit_of(ids[0])
    ids = [i for i in ids if dataset.indicators.loc[i, "unit"] == unit.id]
    used = [row for indicator_id in ids for row in pairs[indicator_id]]
    rows = pd.DataFrame(used)
    subtitle = locales.text_in(unit.axis, lang) or ""
    layout = base_layout(
        t("before-after-title", lang, names=chart_title(dataset, ids, lang)), subtitle, lang, colors, height,
        options.layout_width, framing,
    )  # fmt: skip
    yaxis = value_axis(list(rows["value"]), unit, lang, style, colors, "")
    yaxis["title"] = None
    fit_left_margin(layout, yaxis["ticktext"])
    key = key_line({Qualifier(q) for q in rows["qualifier"]}, bool(rows["derived"].any()), False, lang)
    names = [legend_name(indicator_name(dataset, i, lang), layout, options.layout_width) for i in ids]
    finish_layout(layout, height, names, [key], colors, options.layout_width, ticks_px=28,
                  source=source_line(dataset, rows, lang), framing=framing)  # fmt: skip
    plot_width, plot_height = plot_area(layout, options.layout_width, height)
    widest = max(
        text_width(line, 13)
        for indicator_id in ids
        for row in pairs[indicator_id]
        for line in _value_lines(row, unit, lang, style, int(dataset.indicators.loc[indicator_id, "decimals"]))
    )
    reach = _reach(widest + 24, plot_width)
    layout["xaxis"] = {
        "tickmode": "array",
        "tickvals": [BEFORE, AFTER],
        "ticktext": [plain(t("at-founding", lang)), plain(t("latest-figure", lang))],
        "range": [BEFORE - reach, AFTER + reach],
        "showgrid": False,
        "zeroline": False,
        "linecolor": colors.muted,
        "tickfont": {"size": 14},
        "fixedrange": True,
    }
    layout["yaxis"] = yaxis
    plot = Plot(plot_width, plot_height, (BEFORE - reach, AFTER + reach), tuple(yaxis["range"]))
    traces, labels, obstacles = [], [], Obstacles()
    for n, indicator_id in enumerate(ids):
        color = series_color(n, colors)
        decimals = int(dataset.indicators.loc[indicator_id, "decimals"])
        before, after = pairs[indicator_id]
        ys = [before["value"], after["value"]]
        symbols = [marker_symbol(row["qualifier"], row["derived"]) for row in (before, after)]
        traces.append(
            scatter(
                x=[BEFORE, AFTER],
                y=ys,
                mode="lines+markers",
                name=names[n],
                line={"color": color, "width": 3},
                marker={"symbol": symbols, "size": 14, "color": color, "line": {"width": 2, "color": color}},
                hovertext=[
                    hover_text(dataset, _chart_row(row), unit, lang, style, decimals) for row in (before, after)
                ],
                hoverinfo="text",
                cliponaxis=False,
                showlegend=len(ids) > 1,
            )
        )
        obstacles.add_line(plot, [BEFORE, AFTER], ys)
        obstacles.add_point(plot, BEFORE, ys[0])
        obstacles.add_point(plot, AFTER, ys[1])
        labels.append(Label(_value_label(before, unit, lang, style, decimals), BEFORE, ys[0], color, n,
                            places=("before", "above-left", "below-left", "above", "below")))  # fmt: skip
        labels.append(Label(_value_label(after, unit, lang, style, decimals), AFTER, ys[1], color, n,
                            places=("after", "above-right", "below-right", "above", "below")))  # fmt: skip
        middle = (ys[0] + ys[1]) / 2
        change = change_text(before, after, unit, lang, style, decimals)
        # A narrow plot: the change on two lines (wrapped where the words allow), so it fits beside the line.
        lines = [change] if text_width(change, 14) < plot_width * 0.4 else wrap_lines(change, plot_width * 0.4, 14)
        labels.append(
            Label(
                "<br>".join(f"<b>{plain(line)}</b>" for line in lines), 0.5, middle, color, 100 + n,
                # Beside the line, where it leaves room: above-left of a rising line, above-right of a falling one.
                places=("above-left", "below-right", "above", "below") if plot.py(ys[1]) >= plot.py(ys[0])
                else ("above-right", "below-left", "above", "below"),
                also_at=tuple((x, ys[0] + (ys[1] - ys[0]) * x) for x in (0.4, 0.6, 0.3, 0.7)),
            )
        )  # fmt: skip
    layout["annotations"] = [*layout.get("annotations", []), *place_labels(labels, plot, obstacles)]
    return make_figure(traces, layout, as_dict)


def _chart_row(row: pd.Series) -> ChartRow:
    """A row of the frame as the attributes :func:`hover_text` reads."""
    return ChartRow(*[row.get(name) for name in ChartRow._fields])


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
        width=options.width,
        framing=options.framing,
    )


def applies(dataset: Dataset, indicator_ids: Sequence[str]) -> bool:
    """Some indicator has a level at or before the founding and one after it."""
    return bool(before_after_pairs(dataset, indicator_ids))


def suits(dataset: Dataset, indicator_ids: Sequence[str], year_from: int | None, year_to: int | None) -> bool:
    """Every indicator is a pair: exactly two values (in the years), one at or before the founding, one after."""
    founded = founding_date(dataset)
    if founded is None:
        return False
    rows = level_rows(dataset, indicator_ids, year_from, year_to)
    counts = rows.groupby("indicator_id", observed=True).size()
    if rows.empty or (counts != 2).any():
        return False
    return set(before_after_pairs(dataset, indicator_ids)) == set(counts.index)
