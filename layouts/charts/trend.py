"""The trend chart: values of indicators of one unit over time, with their milestones (many values: a line)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from indicators.dataset import Dataset
from indicators.formatting import Lang, NumberStyle
from indicators.selections import has_levels, level_rows
from layouts.charts.axes import x_range
from layouts.charts.empty import empty_figure
from layouts.charts.labels import axis_title, chart_title, source_line
from layouts.charts.series import kept_series
from layouts.charts.style import DEFAULT_HEIGHT, FULL_FRAMING, THEMES, ChartOptions, Framing, series_color
from layouts.charts.timeline import time_figure
from layouts.i18n import t


def trend_figure(
    dataset: Dataset,
    indicator_ids: Sequence[str],
    lang: Lang,
    *,
    year_from: int | None = None,
    year_to: int | None = None,
    style: NumberStyle = NumberStyle.MYRIAD,
    theme: str = "light",
    height: int = DEFAULT_HEIGHT,
    as_dict: bool = False,
    width: int | None = None,
    framing: Framing = FULL_FRAMING,
) -> go.Figure:
    """Values of one or more indicators of the same unit over time, with their milestones.

    Args:
        dataset: The loaded data.
        indicator_ids: Indicators to draw (they must share a unit; the first decides it).
        lang: ``zh`` or ``en``.
        year_from: Keep values whose period ends in or after this year.
        year_to: Keep values whose period starts in or before this year.
        style: How Chinese numbers are written.
        theme: ``light`` or ``dark``.
        height: Pixel height (the legend and notes are laid out for it; the width follows the page).
        as_dict: Return the figure's plain dict instead of a ``go.Figure`` (see :func:`make_figure`).
        width: The width in CSS pixels to plan labels and wrapping for (None: the default).
        framing: Title, source line and footnote around the plot.
    """
    options = ChartOptions(year_from, year_to, style, theme, height, as_dict, framing=framing, width=width)
    ids = [i for i in indicator_ids if i in dataset.indicators.index]
    if not ids:
        raise KeyError("no known indicator to draw")
    unit = dataset.unit_of(ids[0])
    ids = [i for i in ids if dataset.indicators.loc[i, "unit"] == unit.id]
    rows = dataset.kept(
        ("trend_rows", tuple(ids), year_from, year_to),
        lambda: level_rows(dataset, ids, year_from, year_to).sort_values(["period_end", "period_start"], kind="stable"),
    )
    # One pass over the rows, not one boolean filter (a copy of every column) per indicator; once per dataset.
    by_indicator = dataset.kept(
        ("trend_rows_by_indicator", tuple(ids), year_from, year_to),
        lambda: {k: rows.take(p) for k, p in rows.groupby("indicator_id", observed=True).indices.items()},
    )
    colors = THEMES[theme]
    rows_key = ("trend", year_from, year_to)
    drawn = [
        kept_series(dataset, rows_key, own, indicator_id, series_color(n, colors), unit, lang, style, rank=n)
        for n, indicator_id in enumerate(ids)
        if (own := by_indicator.get(indicator_id)) is not None and len(own)
    ]
    span = x_range(rows, year_from, year_to) if len(rows) else _NO_RANGE
    # The subtitle and the source line are a pass over the rows each: once per dataset, like the rows.
    subtitle, source = dataset.kept(
        ("trend_texts", tuple(ids), year_from, year_to, unit.id, lang),
        lambda: (axis_title(unit, rows, lang), source_line(dataset, rows, lang)),
    )
    title = chart_title(dataset, ids, lang)
    return time_figure(
        dataset, ids, drawn, rows, unit, title, subtitle, source, lang, options, span,
        facts_key=("trend", tuple(ids), year_from, year_to),
    )  # fmt: skip


_NO_RANGE = (pd.Timestamp("2019-01-01"), pd.Timestamp("2022-12-31"))


def draw(dataset: Dataset, indicator_ids: Sequence[str], lang: Lang, options: ChartOptions) -> go.Figure:
    """The trend chart of a view, or a blank chart saying that the chosen years hold no value."""
    if level_rows(dataset, indicator_ids, options.year_from, options.year_to).empty:
        return empty_figure(t("no-data-in-range", lang), options.theme, options.as_dict)
    return trend_figure(
        dataset,
        indicator_ids,
        lang,
        year_from=options.year_from,
        year_to=options.year_to,
        style=options.style,
        theme=options.theme,
        height=options.height,
        as_dict=options.as_dict,
        width=options.width,
        framing=options.framing,
    )


def applies(dataset: Dataset, indicator_ids: Sequence[str]) -> bool:
    """Some indicator has a level (not only ratios to a base period)."""
    return has_levels(dataset, indicator_ids)
