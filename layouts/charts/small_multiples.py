"""Small multiples: one panel per indicator, each with its own value axis, on the same dates.

For indicators whose sizes differ by more than about ten times (10万起 beside 67起): on one axis the
small ones lie on the zero line and their labels pile up; on their own axes each can be read. The
panels share the time axis, so shapes and dates can be compared, never heights (the note says so).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from indicators import locales
from indicators.dataset import Dataset
from indicators.formatting import Lang, format_period
from indicators.locales import text_column
from indicators.periods import parse_period
from indicators.qualifiers import Qualifier
from indicators.selections import level_rows, same_unit
from layouts.charts.axes import DATE_TICKS_PX, date_axis, value_axis, x_range
from layouts.charts.empty import empty_figure
from layouts.charts.frame import base_layout, chart_events, finish_layout, plot_area
from layouts.charts.labels import axis_title, chart_title, indicator_name, key_line, source_line
from layouts.charts.placement import Plot, place_labels
from layouts.charts.series import kept_series, obstacles_of
from layouts.charts.style import (
    THEMES,
    ChartOptions,
    Theme,
    make_figure,
    plain,
    rejoin,
    series_color,
    shorten,
    text_width,
    wrap_lines,
)
from layouts.i18n import t

#: Sizes differing by more than this factor call for panels of their own.
SIZE_RATIO = 10
#: Smallest panel height and width in pixels (with its title, ticks and labels), and the width a
#: column of panels is given where there is room.
MIN_PANEL_HEIGHT, MIN_PANEL_WIDTH, PANEL_WIDTH = 140, 150, 340
#: Pixels between panels, and the height of a line of a panel's title.
GAP, TITLE_LINE_PX, TITLE_SIZE = 14, 19, 13


def _grid(count: int, width: float, height: float | None) -> tuple[int, int]:
    """Columns and rows: as many columns as the width allows, and as it takes to fit a fixed ``height``.

    With a ``height`` (an image), the rows must fit it at a readable height; without (the page, which
    grows), one column on a phone.
    """
    cols = min(count, max(1, int(width // PANEL_WIDTH)))
    if height is not None:
        cols = max(cols, math.ceil(count / max(1, int(height // MIN_PANEL_HEIGHT))))
    cols = max(1, min(cols, int(width // MIN_PANEL_WIDTH) or 1, count))
    return cols, math.ceil(count / cols)


def _axis_names(k: int) -> tuple[str, str, str, str]:
    """(trace x ref, trace y ref, layout x key, layout y key) of the k-th panel (0-based)."""
    suffix = "" if k == 0 else str(k + 1)
    return f"x{suffix}", f"y{suffix}", f"xaxis{suffix}", f"yaxis{suffix}"


def _milestone_shapes(events: pd.DataFrame, xref: str, yref: str, theme: Theme) -> list[dict]:
    shapes = []
    for row in events.itertuples():
        common = {"xref": xref, "yref": f"{yref} domain", "y0": 0, "y1": 1, "layer": "below"}
        if row.start == row.end:
            shapes.append(
                {**common, "type": "line", "x0": row.start, "x1": row.start,
                 "line": {"color": theme.event, "width": 1.2, "dash": "dash"}}
            )  # fmt: skip
        else:
            shapes.append(
                {**common, "type": "rect", "x0": row.start, "x1": row.end + pd.Timedelta(days=1),
                 "fillcolor": theme.event, "opacity": 0.14, "line": {"width": 0}}
            )  # fmt: skip
    return shapes


def small_multiples_figure(
    dataset: Dataset, indicator_ids: Sequence[str], lang: Lang, options: ChartOptions
) -> go.Figure:
    """One panel per indicator (of the same unit), each on its own value axis, the dates shared."""
    colors = THEMES[options.theme]
    width, height = options.layout_width, options.height
    ids = [i for i in indicator_ids if i in dataset.indicators.index]
    unit = dataset.unit_of(ids[0])
    ids = [i for i in ids if dataset.indicators.loc[i, "unit"] == unit.id]
    rows = level_rows(dataset, ids, options.year_from, options.year_to).sort_values(
        ["period_end", "period_start"], kind="stable"
    )
    ids = [i for i in ids if i in set(rows["indicator_id"])]
    if not ids:
        return empty_figure(t("no-data-in-range", lang), options.theme, options.as_dict)
    span = x_range(rows, options.year_from, options.year_to)
    events = chart_events(dataset, ids)
    events = events[(events["end"] >= span[0]) & (events["start"] <= span[1])]
    title = t("small-multiples-title", lang, names=chart_title(dataset, ids, lang))
    # The warning belongs to the reading of every panel: in the subtitle, not among the notes.
    subtitle = f"{axis_title(unit, rows, lang)}{locales.get(lang).semicolon}{t('small-multiples-note', lang)}"
    layout = base_layout(title, subtitle, lang, colors, height, width, options.framing)
    layout["margin"].update({"l": 12, "r": 16})
    locale = locales.get(lang)
    milestone_names = [
        f"{'┊' if e.start == e.end else '▒'} "
        + locale.parenthesized(
            str(getattr(e, text_column("name", lang))),
            format_period(parse_period(e.period), lang, inferred=bool(e.period_inferred)),
        )
        for e in events.itertuples()
    ]
    qualifiers = {Qualifier(q) for q in rows["qualifier"]}
    has_spans = bool((rows["period_start"] != rows["period_end"]).any())
    key = key_line(qualifiers, bool(rows["derived"].any()), has_spans, lang)
    notes = [key, locale.wide_space.join(milestone_names)]
    if not options.framing.title:  # no subtitle (a slide says the title): the warning goes under the panels
        notes.append(t("small-multiples-note", lang))
    source = source_line(dataset, rows, lang)
    finish_layout(layout, height, [], notes, colors, width, ticks_px=0, source=source, framing=options.framing)
    plot_width, plot_height = plot_area(layout, width, height)
    cols, count_rows = _grid(len(ids), plot_width, None if options.grow else plot_height)
    if options.grow and plot_height < count_rows * MIN_PANEL_HEIGHT:  # a phone: taller, not cramped
        height += int(count_rows * MIN_PANEL_HEIGHT - plot_height)
        layout["height"] = height
        plot_width, plot_height = plot_area(layout, width, height)
    cell_width = (plot_width - GAP * (cols - 1)) / cols
    cell_height = (plot_height - GAP * (count_rows - 1)) / count_rows
    traces, annotations, shapes = [], [], []
    by_indicator = dict(tuple(rows.groupby("indicator_id", observed=True)))
    yearly = (span[1] - span[0]) > pd.Timedelta(days=2 * 365)
    for k, indicator_id in enumerate(ids):
        col, line = k % cols, k // cols
        xref, yref, xkey, ykey = _axis_names(k)
        own = by_indicator[indicator_id]
        name = indicator_name(dataset, indicator_id, lang)
        name_lines = wrap_lines(name, cell_width - 4, TITLE_SIZE)
        most = 2 if cell_height >= 2 * MIN_PANEL_HEIGHT - 40 else 1  # short panels: one line, the hover has it all
        if len(name_lines) > most:
            name_lines = [*name_lines[: most - 1], shorten(rejoin(name_lines[most - 1 :]), cell_width - 4, TITLE_SIZE)]
        # The dates are written under the lowest panel of each column only (the panels share them);
        # over years, one line of years.
        lowest = k + cols >= len(ids)
        title_px = TITLE_LINE_PX * len(name_lines) + 14  # and half a tick label above the panel
        ticks_px = (24 if yearly else DATE_TICKS_PX) if lowest else 10
        panel_height = max(cell_height - title_px - ticks_px, 20)
        yaxis = value_axis(
            list(own["value"]), unit, lang, options.style, colors, "", count=3 if panel_height >= 60 else 2
        )
        tick_room = max(text_width(text, 12) for text in yaxis["ticktext"]) + 10
        left = col * (cell_width + GAP)
        top = line * (cell_height + GAP)
        x0, x1 = left + tick_room, left + cell_width
        y_top, y_bottom = top + title_px, top + title_px + panel_height
        panel_width = max(x1 - x0, 20)
        layout[xkey] = {
            **date_axis(lang, colors, panel_width, list(own["period_start"]) + list(own["period_end"])),
            "domain": [min(x0 / plot_width, 0.99), min(x1 / plot_width, 1.0)],
            "anchor": yref,
            "range": list(span),
            "showticklabels": lowest,
            **({"matches": "x"} if k else {}),
        }
        if yearly:
            layout[xkey].pop("tickformatstops", None)
            layout[xkey] |= {"dtick": "M12", "tickformat": locales.get(lang).axis_year}
        yaxis.pop("title", None)
        low, high = (min(max(1 - y / plot_height, 0.0), 1.0) for y in (y_bottom, y_top))
        layout[ykey] = {**yaxis, "domain": [low, max(high, low + 0.01)], "anchor": xref}
        annotations.append(
            {
                "text": "<br>".join(f"<b>{plain(text)}</b>" for text in name_lines),
                "x": left / plot_width, "y": 1 - top / plot_height, "xref": "paper", "yref": "paper",
                "xanchor": "left", "yanchor": "top", "align": "left", "showarrow": False,
                "font": {"size": TITLE_SIZE, "color": colors.text}, "hovertext": plain(name),
            }
        )  # fmt: skip
        # Each panel in the colour its indicator has on the other charts.
        color = series_color(k, colors)
        series = kept_series(
            dataset, ("small-multiples", options.year_from, options.year_to), own, indicator_id, color, unit, lang,
            options.style, axes=(xref, yref),
        )  # fmt: skip
        for trace in series.traces:
            trace["showlegend"] = False
        traces.extend(series.traces)
        shapes.extend(_milestone_shapes(events, xref, yref, colors))
        plot = Plot(
            panel_width, panel_height, span, tuple(yaxis["range"]), xref=xref, yref=yref, reach=(tick_room - 6, 0)
        )
        annotations.extend(place_labels(series.labels, plot, obstacles_of(series.traces, plot)))
    layout["shapes"] = shapes
    layout["annotations"] = [*annotations, *layout.get("annotations", [])]
    return make_figure(traces, layout, options.as_dict)


def draw(dataset: Dataset, indicator_ids: Sequence[str], lang: Lang, options: ChartOptions) -> go.Figure:
    """The small multiples of a view."""
    return small_multiples_figure(dataset, indicator_ids, lang, options)


def applies(dataset: Dataset, indicator_ids: Sequence[str]) -> bool:
    """At least two indicators (of the first one's unit) have a level to draw."""
    rows = level_rows(dataset, same_unit(dataset, indicator_ids))
    return rows["indicator_id"].nunique() >= 2


def suits(dataset: Dataset, indicator_ids: Sequence[str], year_from: int | None, year_to: int | None) -> bool:
    """Their sizes differ by more than :data:`SIZE_RATIO` times (the largest value of each compared)."""
    rows = level_rows(dataset, same_unit(dataset, indicator_ids), year_from, year_to)
    sizes = rows.assign(size=rows["value"].abs()).groupby("indicator_id", observed=True)["size"].max()
    sizes = sizes[sizes > 0]
    return len(sizes) >= 2 and sizes.max() > SIZE_RATIO * sizes.min()
