"""The traces of one indicator over time: markers, span segments ┝━┥, the connector, and the labels it wants."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from indicators import locales
from indicators.dataset import Dataset
from indicators.formatting import Lang, NumberStyle
from indicators.qualifiers import Qualifier
from indicators.schema import Unit
from layouts.charts.labels import chart_rows, hover_text, indicator_name, marker_symbol, point_label
from layouts.charts.placement import Label, Obstacles, Plot
from layouts.charts.style import scatter
from layouts.i18n import t

#: Ask for a label on every value of a series up to this many; beyond, on the first, the latest, the
#: largest, the smallest and the qualified ones (the hover has every value).
MAX_LABELLED_POINTS = 12
#: From this many values about single days on, a series is drawn as a line (a trend), not as points.
LINE_FROM_POINTS = 24


class Series(NamedTuple):
    """What one indicator adds to a chart: its traces, and the labels it would like beside its values."""

    traces: list[dict]
    labels: list[Label]


def _priority(index: int, last: int, qualified: bool) -> int:
    """The latest value is labelled first, then qualified ones (their marks matter), then the first."""
    if index == last:
        return 0
    if qualified:
        return 1
    return 2 if index == 0 else 4


def kept_series(
    dataset: Dataset,
    rows_key: tuple,
    rows: pd.DataFrame,
    indicator_id: str,
    color: str,
    unit: Unit,
    lang: Lang,
    style: NumberStyle,
    *,
    axes: tuple[str, str] = ("x", "y"),
    rank: int = 0,
) -> Series:
    """:func:`series_traces`, made once per dataset for the same rows, colour, unit, language, style and place.

    The hover texts and labels of a series (every value formatted, its quote and sources) were most of
    a chart's cost, and a room asks for the same few indicators: they are prepared once per data
    version, and each answer only assembles them (where the labels go depends on the plot's size: the
    charts keep that per size, :func:`layouts.charts.timeline.time_figure`). ``rows_key`` names the rows
    (which chart, which years). Each trace is a new dict
    (its lists are shared: read-only); the labels are shared (read-only).
    """
    key = ("series", rows_key, indicator_id, color, unit.id, lang, style, axes, rank)
    kept = dataset.kept(
        key,
        lambda: _iso_dates(series_traces(dataset, rows, indicator_id, color, unit, lang, style, axes=axes, rank=rank)),
    )
    return Series([dict(trace) for trace in kept.traces], kept.labels)


def _iso_dates(series: Series) -> Series:
    """The traces with their x dates as ISO text (what JSON holds), so that an answer encodes them as text.

    Plotly's JSON encoder writes a timestamp with ``isoformat()`` too, but through its fallback for
    unknown types, one call per date: most of the encoding of a long series.
    """
    for trace in series.traces:
        trace["x"] = [x.isoformat() if isinstance(x, pd.Timestamp) else x for x in trace["x"]]
    return series


def series_traces(
    dataset: Dataset,
    rows: pd.DataFrame,
    indicator_id: str,
    color: str,
    unit: Unit,
    lang: Lang,
    style: NumberStyle,
    *,
    axes: tuple[str, str] = ("x", "y"),
    rank: int = 0,
) -> Series:
    """Markers, span segments and the connector (a line, for many values) of one indicator, and its labels.

    Args:
        dataset: The loaded data.
        rows: The indicator's values to draw, in time order.
        indicator_id: The indicator.
        color: Its colour.
        unit: The unit its labels are written in.
        lang: The language.
        style: How Chinese numbers are written.
        axes: The x and y axes it is drawn on (``x2``, ``y2`` ... in small multiples).
        rank: The series' place among those drawn: labels of earlier series win a contested place.
    """
    decimals = int(dataset.indicators.loc[indicator_id, "decimals"])
    name = indicator_name(dataset, indicator_id, lang)
    derived = bool(dataset.indicators.loc[indicator_id, "derived"])
    if derived:
        name = locales.get(lang).parenthesized(name, t("computed", lang))
    as_line = int((rows["period_start"] == rows["period_end"]).sum()) >= LINE_FROM_POINTS
    values = rows["value"].tolist()
    extremes = {values.index(max(values)), values.index(min(values))} if values else set()
    wanted = len(rows) <= MAX_LABELLED_POINTS
    xref, yref = axes
    px, py, symbols, sizes, hovers = [], [], [], [], []
    sx, sy, sdash_x, sdash_y = [], [], [], []
    cx, cy = [], []
    labels: list[Label] = []
    last_index = len(rows) - 1
    memo: dict = {}
    for index, row in enumerate(chart_rows(rows)):
        qualifier = Qualifier(row.qualifier)
        hover = hover_text(dataset, row, unit, lang, style, decimals, memo)
        qualified = qualifier is not Qualifier.EXACT
        if wanted or qualified or index in (0, last_index) or index in extremes:
            priority = 10 * _priority(index, last_index, qualified) + rank
            text = point_label(row, unit, lang, style, decimals)
        else:
            text = None
        symbol = marker_symbol(qualifier, row.derived)
        if row.period_start == row.period_end:
            px.append(row.period_start)
            py.append(row.value)
            symbols.append(symbol)
            sizes.append(6 if as_line and not qualified else 12)
            hovers.append(hover)
            cx.append(row.period_start)
            cy.append(row.value)
            if text:
                labels.append(Label(text, row.period_start, row.value, color, priority))
            continue
        start, end = row.period_start, row.period_end + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)
        middle = start + (end - start) / 2
        target_x, target_y = (sx, sy) if qualifier is Qualifier.EXACT else (sdash_x, sdash_y)
        target_x.extend([start, middle, end, None])
        target_y.extend([row.value, row.value, row.value, None])
        cx.extend([start, end])
        cy.extend([row.value, row.value])
        if text:
            labels.append(Label(text, middle, row.value, color, priority, span=(start, end)))
        # End ticks make the segment read as a span ┝━┥; hover is on them and on the invisible middle.
        # The middle point is invisible: it only catches the hover, the span has no "point" inside.
        px.extend([start, middle, end])
        py.extend([row.value] * 3)
        symbols.extend(["line-ns-open", "circle", "line-ns-open"])
        sizes.extend([14, 0.1, 14])
        hovers.extend([hover] * 3)
    group = f"ind-{indicator_id}"
    on_axes = {"xaxis": xref, "yaxis": yref}
    traces = []
    if len(cx) > 1:
        # Between values nothing is known: a dotted connector; many values read as a line.
        line = {"color": color, "width": 2} if as_line else {"color": color, "width": 1.2, "dash": "dot"}
        traces.append(
            scatter(
                x=cx,
                y=cy,
                mode="lines",
                line=line,
                hoverinfo="skip",
                showlegend=False,
                legendgroup=group,
                name=name,
                meta="connector",
                **on_axes,
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
                    meta="span",
                    **on_axes,
                )
            )
    traces.append(
        scatter(
            x=px,
            y=py,
            mode="markers",
            name=name,
            legendgroup=group,
            marker={"symbol": symbols, "size": sizes, "color": color, "line": {"color": color, "width": 2}},
            showlegend=False,
            hovertext=hovers,
            hoverinfo="text",
            hoverlabel={"bordercolor": color},
            cliponaxis=False,
            meta="values",
            **on_axes,
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
            **on_axes,
        )
    )
    return Series(traces, labels)


def obstacles_of(traces: list[dict], plot: Plot, obstacles: Obstacles | None = None) -> Obstacles:
    """What the drawn traces put in the way of labels: markers, span segments, connecting lines."""
    obstacles = obstacles or Obstacles()
    for trace in traces:
        kind, xs, ys = trace.get("meta"), trace.get("x") or [], trace.get("y") or []
        if kind == "values":
            sizes = trace["marker"]["size"]
            for x, y, size in zip(xs, ys, sizes if isinstance(sizes, list) else [sizes] * len(xs), strict=True):
                if size >= 1:
                    obstacles.add_point(plot, x, y, radius=max(size / 2 + 1, 4))
        elif kind == "span":
            for n in range(0, len(xs) - 3, 4):
                obstacles.add_span(plot, xs[n], xs[n + 2], ys[n])
        elif kind == "connector":
            obstacles.add_line(plot, xs, ys, soft=trace["line"].get("dash") == "dot")
    return obstacles
