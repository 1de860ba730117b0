"""A chart of values over time on one value axis, with its milestones: what the trend and index charts share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go

from indicators.dataset import Dataset
from indicators.formatting import Lang
from indicators.qualifiers import Qualifier
from indicators.schema import Unit
from layouts.charts.axes import DATE_TICKS_PX, date_axis, value_axis
from layouts.charts.frame import (
    add_milestones,
    base_layout,
    finish_layout,
    finish_stems,
    fit_left_margin,
    legend_name,
    plot_area,
)
from layouts.charts.labels import key_line
from layouts.charts.placement import Plot, place_labels
from layouts.charts.series import Series, obstacles_of
from layouts.charts.style import THEMES, ChartOptions, make_figure


def time_figure(
    dataset: Dataset,
    indicator_ids: Sequence[str],
    drawn: Sequence[Series],
    rows: pd.DataFrame,
    unit: Unit,
    title: str,
    subtitle: str,
    source: str,
    lang: Lang,
    options: ChartOptions,
    x_range: tuple[pd.Timestamp, pd.Timestamp],
    *,
    qualifiers: set[Qualifier] | None = None,
    facts_key: tuple | None = None,
) -> go.Figure:
    """Series over time with the indicators' own milestones, labels where they fit, the key and notes below.

    Args:
        dataset: The loaded data (milestones, sources).
        indicator_ids: The indicators drawn (which milestones concern them).
        drawn: Their traces and the labels they ask for, in drawing order.
        rows: The values drawn (for the value axis, the key and the single-day axis).
        unit: The value axis' unit.
        title: The chart's title; ``subtitle`` says what the values are (the axis' unit).
        subtitle: See ``title``.
        source: The source line under the key (left out when ``options.framing`` says so).
        lang: The language.
        options: Size, theme, style, output.
        x_range: The dates shown.
        qualifiers: The qualifiers the key explains (default: those of ``rows``).
        facts_key: Names ``rows`` (which chart, which indicators and years): what the frame reads
            from them is then worked out once per dataset. None: every time.
    """
    colors = THEMES[options.theme]
    width, height = options.layout_width, options.height
    layout = base_layout(title, subtitle, lang, colors, height, width, options.framing)
    facts = _facts(rows) if facts_key is None else dataset.kept(("time_facts", facts_key), lambda: _facts(rows))
    yaxis = value_axis(list(facts.values), unit, lang, options.style, colors, "")
    yaxis["title"] = None
    fit_left_margin(layout, yaxis["ticktext"])
    plot_width, _ = plot_area(layout, width, height)
    lines, bands = add_milestones(layout, dataset, indicator_ids, lang, colors, x_range, plot_width)
    qualifiers = facts.qualifiers if qualifiers is None else qualifiers
    key = key_line(qualifiers, facts.has_derived, facts.has_spans, lang, lines=lines, bands=bands)
    traces = [trace for series in drawn for trace in series.traces]
    entries = [trace for trace in traces if trace.get("showlegend") is not False and trace.get("name")]
    for trace in entries:  # the legend's own entry: its name wrapped to the plot's width
        trace["name"] = legend_name(trace["name"], layout, width)
    names = [trace["name"] for trace in entries]
    finish_layout(
        layout, height, names, [key], colors, width, ticks_px=DATE_TICKS_PX, source=source, framing=options.framing
    )
    finish_stems(layout, height)
    plot_width, plot_height = plot_area(layout, width, height)
    layout["xaxis"] = {**date_axis(lang, colors, plot_width, list(facts.days)), "range": list(x_range)}
    layout["yaxis"] = yaxis
    plot = Plot(
        plot_width,
        plot_height,
        x_range,
        tuple(yaxis["range"]),
        reach=(layout["margin"]["l"] - 6, layout["margin"]["r"] - 4),
    )

    def placed() -> list[dict]:
        labels = [label for series in drawn for label in series.labels]
        return place_labels(labels, plot, obstacles_of(traces, plot))

    # Placing the labels is most of a chart's own cost: done once per chart, language and size of plot
    # (the answer a worker keeps covers one request; this covers every request for the same chart).
    if facts_key is None:
        annotations = placed()
    else:
        key = ("time_labels", facts_key, lang, options.style, options.theme, plot)
        annotations = [dict(annotation) for annotation in dataset.kept(key, placed)]
    layout["annotations"] = [*layout.get("annotations", []), *annotations]
    return make_figure(traces, layout, options.as_dict)


class _Facts(NamedTuple):
    """What the frame reads from the values drawn (each a pass over the rows)."""

    values: tuple[float, ...]
    qualifiers: frozenset[Qualifier]
    has_spans: bool
    has_derived: bool
    #: Every first and last day of the values (a date axis of single days writes them in full).
    days: tuple[pd.Timestamp, ...]


def _facts(rows: pd.DataFrame) -> _Facts:
    return _Facts(
        tuple(rows["value"]),
        frozenset(Qualifier(q) for q in rows["qualifier"]),
        bool((rows["period_start"] != rows["period_end"]).any()),
        bool(rows["derived"].any()),
        (*rows["period_start"], *rows["period_end"]),
    )
