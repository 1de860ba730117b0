"""The trend chart: values of indicators of one unit over time, with the reform milestones."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go

from indicators.dataset import Dataset
from indicators.formatting import Lang, NumberStyle
from indicators.qualifiers import Qualifier
from indicators.selections import has_levels, level_rows
from layouts.charts.axes import date_axis, value_axis, x_range
from layouts.charts.empty import empty_figure
from layouts.charts.frame import base_layout, finish_layout, milestones
from layouts.charts.labels import axis_title, chart_title, key_line, source_line
from layouts.charts.series import kept_series_traces
from layouts.charts.style import DEFAULT_HEIGHT, FULL_FRAMING, PALETTE, THEMES, ChartOptions, Framing, make_figure
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
    framing: Framing = FULL_FRAMING,
) -> go.Figure:
    """Values of one or more indicators of the same unit over time, with the reform milestones.

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
        framing: Title, source line and footnote around the plot.
    """
    colors = THEMES[theme]
    ids = [i for i in indicator_ids if i in dataset.indicators.index]
    if not ids:
        raise KeyError("no known indicator to draw")
    unit = dataset.unit_of(ids[0])
    ids = [i for i in ids if dataset.indicators.loc[i, "unit"] == unit.id]
    rows = dataset.kept(
        ("trend_rows", tuple(ids), year_from, year_to),
        lambda: level_rows(dataset, ids, year_from, year_to).sort_values(["period_end", "period_start"], kind="stable"),
    )
    traces: list[dict] = []
    # One pass over the rows, not one boolean filter (a copy of every column) per indicator; once per dataset.
    by_indicator = dataset.kept(
        ("trend_rows_by_indicator", tuple(ids), year_from, year_to),
        lambda: {k: rows.take(p) for k, p in rows.groupby("indicator_id", observed=True).indices.items()},
    )
    for n, indicator_id in enumerate(ids):
        own = by_indicator.get(indicator_id)
        if own is not None and len(own):
            color = PALETTE[n % len(PALETTE)]
            traces.extend(
                kept_series_traces(dataset, ("trend", year_from, year_to), own, indicator_id, color, unit, lang, style)
            )
    facts = dataset.kept(
        ("trend_facts", tuple(ids), year_from, year_to, unit.id, lang), lambda: _facts(dataset, rows, unit, lang)
    )
    layout = base_layout(chart_title(dataset, ids, lang), facts.subtitle, lang, colors, height, framing)
    x_low, x_high = x_range(rows, year_from, year_to) if len(rows) else _NO_RANGE
    shapes, annotations = milestones(dataset, lang, colors, x_low, x_high)
    layout["xaxis"] = {**date_axis(lang, colors), "range": [x_low, x_high]}
    layout["yaxis"] = value_axis(list(facts.values), unit, lang, style, colors, facts.subtitle)
    layout["shapes"] = shapes
    layout["annotations"] = annotations
    key = key_line(facts.qualifiers, facts.has_derived, facts.has_spans, bool(shapes), lang)
    series = [trace["name"] for trace in traces if trace.get("showlegend") is not False and trace.get("name")]
    finish_layout(layout, height, series, [key], colors, source=facts.source, framing=framing)
    return make_figure(traces, layout, as_dict)


_NO_RANGE = (pd.Timestamp("2019-01-01"), pd.Timestamp("2022-12-31"))


class _Facts(NamedTuple):
    """What the trend's frame says about its rows (kept per dataset: each is a pass over the rows)."""

    qualifiers: frozenset[Qualifier]
    has_spans: bool
    has_derived: bool
    values: tuple[float, ...]
    subtitle: str
    source: str


def _facts(dataset: Dataset, rows: pd.DataFrame, unit, lang: Lang) -> _Facts:
    return _Facts(
        frozenset(Qualifier(q) for q in rows["qualifier"]),
        bool((rows["period_start"] != rows["period_end"]).any()),
        bool(rows["derived"].any()),
        tuple(rows["value"]),
        axis_title(unit, rows, lang),
        source_line(dataset, rows, lang),
    )


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
        framing=options.framing,
    )


def applies(dataset: Dataset, indicator_ids: Sequence[str]) -> bool:
    """Some indicator has a level (not only ratios to a base period)."""
    return has_levels(dataset, indicator_ids)
