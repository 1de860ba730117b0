"""Axes of the charts: round ticks written in the language, and the dates a chart spans."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from indicators import locales
from indicators.formatting import Lang, NumberStyle, format_date, format_number, format_quantity
from indicators.schema import Unit, UnitKind
from layouts.charts.style import Theme, plain

#: Height in pixels of a date axis' tick labels: two lines (the year is written under its first tick).
DATE_TICKS_PX = 44


def nice_ticks(low: float, high: float, count: int = 5, *, whole: bool = False) -> list[float]:
    """Round tick values covering [low, high]: steps of 1, 2, 2.5 or 5 times a power of ten.

    ``whole`` keeps every tick a whole number (no "0.5 enterprises" on an axis of counts).
    """
    if not math.isfinite(low) or not math.isfinite(high):
        return [0.0]
    if high <= low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if whole and step != int(step):
        step = 1.0 if step < 1 else 5.0  # below 1, or 2.5 (the next whole step of the 1-2-5 rhythm is 5)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def axis_number(value: float, unit: Unit, lang: Lang, style: NumberStyle) -> str:
    """A tick label: the number with as many decimals as the step needs (% for percentages, 第1名 for ranks)."""
    if unit.kind == UnitKind.RANK:
        return format_quantity(value, unit, lang)
    decimals = 0 if value == int(value) else min(2, max(0, -math.floor(math.log10(abs(value) % 1 or 1))) + 1)
    number = format_number(value, lang, decimals=decimals, style=style)
    return f"{number}%" if unit.kind == "percent" else number


def date_axis(lang: Lang, theme: Theme, plot_width: float = 600, days: Sequence[pd.Timestamp] = ()) -> dict:
    """A date x axis whose tick labels are written in the language at every zoom, each year named.

    Ticks are spaced for ``plot_width`` pixels, and a label that would reach past the axis is hidden
    rather than drawn over the value axis' numbers. When every value is about one and the same day
    (``days``), that day is the axis' one tick, written in full (2022年8月23日): a tick of 7月17日
    beside it would not say the year, and would suggest values that are not there.
    """
    # Tick labels written by d3 format strings, so they are right with or without Plotly's locale.
    locale = locales.get(lang)
    stops = [
        {"dtickrange": [None, 86_400_000 * 27], "value": locale.axis_day},
        {"dtickrange": [86_400_000 * 27, 86_400_000 * 360], "value": locale.axis_month},
        {"dtickrange": [86_400_000 * 360, None], "value": locale.axis_year},
    ]
    axis = {
        "type": "date",
        "tickformatstops": stops,
        "nticks": max(2, int(plot_width // 90)),
        "ticklabeloverflow": "hide past domain",
        "gridcolor": theme.grid,
        "linecolor": theme.muted,
        "showline": True,
        "zeroline": False,
        "ticks": "outside",
    }
    distinct = {pd.Timestamp(day).normalize() for day in days}
    if len(distinct) == 1:
        (day,) = distinct
        axis |= {"tickmode": "array", "tickvals": [day], "ticktext": [plain(format_date(day.date(), lang))]}
    return axis


def value_axis(
    values: Sequence[float],
    unit: Unit,
    lang: Lang,
    style: NumberStyle,
    theme: Theme,
    title: str,
    *,
    count: int = 5,
) -> dict:
    """A value y axis with round ticks (whole numbers for counts and ranks) written in the language.

    Levels start from zero. Ranks run the other way: 第1名 at the top, whole places only, from 1.
    """
    finite = [v for v in values if v is not None and math.isfinite(v)]
    common = {
        "title": {"text": plain(title)},
        "gridcolor": theme.grid,
        "zerolinecolor": theme.muted,
        "linecolor": theme.muted,
        "fixedrange": False,
    }
    if unit.kind == UnitKind.RANK:
        worst = max([1.0, *finite])
        ticks = [t for t in nice_ticks(1, max(worst, 2), count, whole=True) if t >= 1]
        ticks = sorted({1.0, *ticks})
        return common | {
            "tickvals": ticks,
            "ticktext": [plain(axis_number(v, unit, lang, style)) for v in ticks],
            "range": [max(ticks[-1], worst) + 0.5, 0.5],
            "zeroline": False,
        }
    low = min([0.0, *finite]) if finite else 0.0
    high = max([0.0, *finite]) if finite else 1.0
    if high == low:
        high = low + 1
    whole = unit.kind == UnitKind.COUNT
    ticks = nice_ticks(low, high * 1.12 if high > 0 else high, count, whole=whole)
    return common | {
        "tickvals": ticks,
        "ticktext": [axis_number(v, unit, lang, style) for v in ticks],
        "range": [ticks[0], ticks[-1]],
    }


def x_range(rows: pd.DataFrame, year_from: int | None, year_to: int | None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The dates the data covers (or the chosen years), padded; milestones outside it are not drawn."""
    low = pd.Timestamp(year=year_from, month=1, day=1) if year_from else rows["period_start"].min()
    high = pd.Timestamp(year=year_to, month=12, day=31) if year_to else rows["period_end"].max()
    pad = max((high - low) * 0.05, pd.Timedelta(days=45))
    return (low if year_from else low - pad), (high if year_to else high + pad)
